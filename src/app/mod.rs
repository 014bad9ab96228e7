//! The pure state machine: events in, effects out. No terminal, no files,
//! no threads, no clock: bodies, search help from other threads and the
//! time arrive as events. Tests drive it directly and the UI draws it with
//! `impl Widget for &App`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;

use crate::article::{Article, ArticleText, Origin, Source};
use crate::collection::{
    Batch, Change, Collection, FileIssue, Places, Preview, date_order, date_sorted, sort_by_date,
};
use crate::document::{Document, Spacing};
use crate::keymap::{Action, Chord, Context, Keymap};
use crate::layout::{self, Areas, DEFAULT_MAX_WIDTH, LayoutInput};
use crate::marks::{Mark, Marks, Position};
use crate::search::index::{Found, Part};
use crate::search::{
    Fields, FoldedArticle, Hit, Index, Query, Shown, Snippet, admitted, search_collection,
    search_collection_within, snippet,
};
use crate::summary::{Extract, Summary, evidence, summary_sentences};
use crate::theme::Theme;
pub use crate::vocab::{Pane, SortOrder, View};

mod bodies;
mod collection;
mod find;
mod front;
mod help;
mod marks;
mod mouse;
mod prompt;
mod search;

pub use bodies::BodyRequest;
pub use collection::{Indexed, Progress, Reindex};
pub use find::{Find, FindFound, FindJob};
pub use front::{Front, FrontLine, Lead as FrontLead};
pub use help::{HELP_KEYS_WIDTH, HelpLine};
pub use marks::Only;
pub use prompt::{HISTORY, Prompt};
pub use search::{PhraseCheck, PhrasesChecked, Search};

/// Longest query accepted, in characters (a paste can be anything).
const MAX_QUERY_CHARS: usize = 256;

/// Which text field is taking typed characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Editing {
    /// Find in the story being read.
    Find,
    /// Search the whole collection.
    Search,
    /// A command to pipe the article's text to.
    Pipe,
}

/// What the state machine is told.
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Resize {
        width: u16,
        height: u16,
    },
    Action(Action),
    /// Files changed on disk, read again.
    Changes(Vec<Change>),
    /// An index asked for with [`Effect::Reindex`] is ready.
    Indexed(Box<Indexed>),
    /// More of the collection has been read.
    Loaded(Batch),
    Mouse(MouseEvent),
    /// A body asked for with [`Effect::LoadBodies`].
    BodyLoaded(BodyRequest, Arc<ArticleText>),
    /// The time now, in milliseconds since 1970: marks are stamped with it.
    Clock(u64),
    /// Something the runtime has to say: a program that could not be
    /// started or failed (the browser, the pager, the editor).
    Notice(String),
    /// How saving the marks went: why not, when they could not be saved.
    Saved(Result<(), String>),
    /// A fetch asked for with [`Effect::Fetch`] is under way: `done` of
    /// `total` feeds, with `new` items written so far.
    Fetching {
        done: usize,
        total: usize,
        new: usize,
    },
    /// The fetch is over: how it went, or why it could not start.
    Fetched(Result<Fetched, String>),
    /// A long body wrapped whole, asked for with [`Effect::Layout`].
    LaidOut(Box<Document>),
    /// A search's phrases checked exactly, asked for with
    /// [`Effect::CheckPhrases`].
    PhrasesChecked(Box<PhrasesChecked>),
    /// A find's hits in a long article, asked for with [`Effect::Find`].
    Found(Box<FindFound>),
}

/// What a fetch brought. Its new articles arrive as file changes, through
/// the live collection, like any other new file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fetched {
    pub feeds: usize,
    pub new: usize,
    pub failed: usize,
    /// The first feed that failed: its name and why, sanitized.
    pub first_failure: Option<(String, String)>,
}

/// How far a fetch has got, for the status bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FetchProgress {
    pub done: usize,
    pub total: usize,
    pub new: usize,
}

/// What the status bar says when a fetch is over: plainly that it failed
/// when every feed did, with why (the first reason stands for the rest:
/// a server or network that is down fails them all alike).
fn fetched_message(fetched: &Fetched) -> String {
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let feeds = count(fetched.feeds, "feed", "feeds");
    if fetched.failed > 0 && fetched.failed == fetched.feeds {
        let why = fetched.first_failure.as_ref().map(|(_, why)| format!(" ({why})")).unwrap_or_default();
        return format!("fetch failed: {} of {feeds}{why}", fetched.failed);
    }
    let mut message = format!("fetched {feeds}: {}", count(fetched.new, "new article", "new articles"));
    if fetched.failed > 0 {
        message.push_str(&format!("; {} failed", fetched.failed));
        if let Some((name, why)) = &fetched.first_failure {
            let others = fetched.failed - 1;
            let more = if others > 0 { format!("; and {others} more") } else { String::new() };
            message.push_str(&format!(" ({name}: {why}{more})"));
        }
    }
    message
}

/// What the state machine asks its runtime to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Open a web page in the browser, without waiting for it.
    OpenUrl(String),
    /// Build the search index for these articles off the UI thread and
    /// send back [`Event::Indexed`].
    Reindex(Reindex),
    /// Give the terminal back and stop, as Ctrl-Z does in a shell; draw
    /// everything again when continued.
    Suspend,
    /// Read these bodies (most wanted first) and send each back as
    /// [`Event::BodyLoaded`]; a newer request replaces this one.
    LoadBodies(Vec<BodyRequest>),
    /// Draw the whole screen again, as if nothing were on it.
    Redraw,
    /// Give the terminal to `command` (the pager when none), with `text` on
    /// its standard input, and take it back when it ends.
    Pipe {
        command: Option<String>,
        text: String,
    },
    /// Give the terminal to the editor on this file, and take it back.
    Edit(std::path::PathBuf),
    /// Delete the index cache, found damaged, so that the next start reads
    /// every file and writes a sound one.
    ForgetCache,
    /// Fetch the subscribed feeds into the collection's folder, off the UI
    /// thread, sending [`Event::Fetching`] and then [`Event::Fetched`].
    Fetch,
    /// Wrap a long body whole off the UI thread and send it back as
    /// [`Event::LaidOut`]; a newer request replaces this one.
    Layout(Layout),
    /// Run a search whose phrases were too long to check while typing,
    /// exactly, off the UI thread, and send back
    /// [`Event::PhrasesChecked`]; a newer request replaces this one.
    CheckPhrases(PhraseCheck),
    /// Find in a long article off the UI thread and send back
    /// [`Event::Found`]; a newer request replaces this one.
    Find(FindJob),
}

/// What [`Document::build`] needs, for a worker.
#[derive(Clone, Debug)]
pub struct Layout {
    pub index: usize,
    pub article: Arc<Article>,
    pub text: Arc<ArticleText>,
    pub extracted: Vec<String>,
    pub width: usize,
    pub spacing: Spacing,
}

impl PartialEq for Layout {
    /// The same work: the same article, body, width and spacing.
    fn eq(&self, other: &Layout) -> bool {
        (self.index, &self.article.id, self.width, self.spacing)
            == (other.index, &other.article.id, other.width, other.spacing)
            && Arc::ptr_eq(&self.text, &other.text)
    }
}

impl Eq for Layout {}

/// The list: the order of the collection, what is listed (all of it, or a
/// search's results), the selection and the first row drawn.
pub(crate) struct List {
    pub(crate) sort: SortOrder,
    /// Every article, as indices into `articles`, in the sort order.
    order: Vec<usize>,
    /// Articles in the list, as indices into `articles`: all of them in
    /// order (less what `only` hides), or the results of a search.
    pub(crate) shown: Vec<usize>,
    /// Position of the selection in `shown`.
    pub(crate) selected: usize,
    pub(crate) offset: usize,
    pub(crate) only: Only,
    /// The first and last year of the collection's dates, if it has any.
    years: Option<(i32, i32)>,
    /// Stories in the collection: articles, less copies of one text.
    pub(crate) stories: usize,
    /// For each article, whether it is the first with its text.
    first_copy: Vec<bool>,
    /// The stories' ids, as numbers (see `survey`).
    story_ids: rustc_hash::FxHashSet<u64>,
    /// Whether the user has moved the selection: until then, it stays on
    /// the first row while newer articles arrive above it.
    chosen: bool,
}

/// The reading side: which pane has focus, the view, the selected article
/// wrapped, and where each pane is scrolled.
pub(crate) struct Reading {
    pub(crate) focus: Pane,
    pub(crate) view: View,
    /// The selected article wrapped for the current width and view.
    pub(crate) document: Option<Document>,
    pub(crate) key_points_scroll: usize,
    pub(crate) article_scroll: usize,
    pub(crate) key_points_folded: bool,
    /// The key point selected in the key-points pane.
    pub(crate) point: usize,
    /// A reading position to return to once the document has its lines.
    restoring: Option<(usize, Position)>,
    /// The end was asked for (G) while a long body was still being
    /// wrapped: it is gone to when the rest arrives.
    to_end: Option<Pane>,
    /// One pane at a time (the list, or the reader) whatever the width.
    pub(crate) one_pane: bool,
}

/// The search index's life: the index in use, the articles it numbers,
/// and how it is brought up to date as articles arrive and change.
pub(crate) struct IndexState {
    index: Arc<Index>,
    /// The articles `index` was built from; its numbers are positions here.
    indexed: Vec<Arc<Article>>,
    /// While a new index is being built: for each position in `indexed`,
    /// the article's position now (None when it is gone).
    remap: Option<Vec<Option<usize>>>,
    /// Whether the index in use came from the cache (so loading need not
    /// rebuild it when nothing else arrived).
    index_from_cache: bool,
    /// Indexes of the batches loaded so far, combined when loading ends.
    parts: Vec<Part>,
    /// Counts changes that move articles to other positions (loading only
    /// appends): an index built before the last such change is stale.
    generation: u64,
    /// The index in use was found damaged, and the cache it came from
    /// dropped (see [`App::note_damage`]).
    damage_noted: bool,
}

/// Read marks, bookmarks and positions, and what follows from them.
pub(crate) struct Marking {
    /// By article id.
    pub(crate) marks: Marks,
    /// Changed since the runtime last took them to save.
    dirty: bool,
    /// The marks a mark-all-read changed, as they were, for undo.
    undo: Option<Vec<(String, Option<Mark>)>>,
    unread: usize,
    read_on_open: bool,
}

/// Texts made or brought for what is on screen: bodies that arrived, and
/// extracted key points by article id.
#[derive(Default)]
pub(crate) struct Texts {
    bodies: bodies::Bodies,
    summaries: HashMap<String, Summary<(Extract, String)>>,
}

/// The user's settings that shape drawing and keys.
pub(crate) struct Prefs {
    pub(crate) keymap: Keymap,
    pub(crate) theme: Theme,
    /// The widest the text is drawn, in columns.
    pub(crate) max_width: usize,
    /// The list's width beside the reader; none: what the reader leaves.
    pub(crate) list_width: Option<u16>,
}

/// The model. Each part has one owner module; `settle` runs after every
/// update.
pub struct App {
    pub(crate) articles: Vec<Arc<Article>>,
    /// Every file an article was read from, and every folder above one,
    /// never forgotten (see [`Places`]; one gone since only costs the pass
    /// that looks). Those of the cache's articles come from the loader,
    /// made while it walks: noting 100,000 paths here was a third of
    /// taking in the cache on the UI thread.
    places: Places,
    pub(crate) issues: Vec<FileIssue>,
    /// Progress while the collection is still loading.
    pub(crate) loading: Option<Progress>,
    /// The list's first rows as the cache last had them, until the
    /// collection's own come.
    preview: Option<Box<Preview>>,
    pub(crate) size: Rect,
    pub(crate) list: List,
    pub(crate) reading: Reading,
    ix: IndexState,
    pub(crate) marking: Marking,
    texts: Texts,
    pub(crate) prefs: Prefs,
    /// A one-off notice for the status bar, cleared by the next key.
    pub(crate) message: Option<String>,
    /// Why the marks could not be saved, until a save succeeds.
    pub(crate) save_problem: Option<String>,
    /// A fetch under way, as far as it has got.
    pub(crate) fetching: Option<FetchProgress>,
    /// Scroll position of the help overlay while it is shown.
    pub(crate) help: Option<usize>,
    /// The front page, while it is shown: the article under the cursor and
    /// the first one drawn, as positions in the list.
    pub(crate) front: Option<Front>,
    pub(crate) editing: Option<Editing>,
    /// The cursor and history walk of the prompt being typed at.
    pub(crate) prompt: Prompt,
    /// Queries typed at find and search prompts, most recent last.
    history: Vec<String>,
    /// The history changed since the runtime last took it to save.
    history_dirty: bool,
    /// The command being typed at the pipe prompt.
    pub(crate) pipe: String,
    pub(crate) find: Find,
    pub(crate) search: Option<Search>,
    /// The collection query changed; [`App::tick`] runs it once, so a burst
    /// of typing costs one search and stale queries are dropped.
    pending_search: bool,
    /// The most index work a keystroke's search does on this thread (see
    /// [`crate::search::index::KEYSTROKE_BUDGET`]).
    keystroke_budget: u64,
    /// The time of the latest [`Event::Clock`].
    now: u64,
    /// Effects of the update in progress.
    effects: Vec<Effect>,
}

impl App {
    pub fn new(collection: Collection, width: u16, height: u16) -> App {
        let n = collection.articles.len();
        let mut app = App {
            ix: IndexState {
                index: Arc::new(Index::build(&collection.articles)),
                indexed: collection.articles.clone(),
                remap: None,
                index_from_cache: false,
                parts: Vec::new(),
                generation: 0,
                damage_noted: false,
            },
            articles: collection.articles,
            places: Default::default(),
            issues: collection.issues,
            loading: None,
            preview: None,
            size: Rect::new(0, 0, width, height),
            list: List {
                sort: SortOrder::Date,
                order: (0..n).collect(),
                shown: (0..n).collect(),
                selected: 0,
                offset: 0,
                only: Only::All,
                years: None,
                stories: 0,
                first_copy: Vec::new(),
                story_ids: Default::default(),
                chosen: false,
            },
            reading: Reading {
                focus: Pane::List,
                view: View::Summary,
                document: None,
                key_points_scroll: 0,
                article_scroll: 0,
                key_points_folded: false,
                point: 0,
                restoring: None,
                to_end: None,
                one_pane: false,
            },
            marking: Marking { marks: Marks::new(), dirty: false, undo: None, unread: 0, read_on_open: true },
            texts: Texts::default(),
            prefs: Prefs {
                keymap: Keymap::default(),
                theme: Theme::default(),
                max_width: DEFAULT_MAX_WIDTH,
                list_width: None,
            },
            message: None,
            save_problem: None,
            fetching: None,
            help: None,
            front: None,
            editing: None,
            prompt: Prompt::default(),
            history: Vec::new(),
            history_dirty: false,
            pipe: String::new(),
            find: Find::default(),
            search: None,
            pending_search: false,
            keystroke_budget: crate::search::index::KEYSTROKE_BUDGET,
            now: 0,
            effects: Vec::new(),
        };
        app.note_places(0);
        app.survey();
        app.list.shown = app.listed();
        app.refresh();
        app
    }

    /// Applies the user's settings: view, order, theme, keys, width.
    pub fn configure(&mut self, config: &crate::settings::Config) {
        self.reading.view = config.view;
        self.prefs.keymap = config.keymap.clone();
        self.prefs.theme = config.theme;
        self.prefs.max_width = config.reading_width;
        self.prefs.list_width = config.list_width;
        self.marking.read_on_open = config.mark_read_on_open;
        self.set_sort(config.sort);
    }

    pub fn articles(&self) -> &[Arc<Article>] {
        &self.articles
    }

    pub fn issues(&self) -> &[FileIssue] {
        &self.issues
    }

    pub fn keymap(&self) -> &Keymap {
        &self.prefs.keymap
    }

    /// Articles in the list, in order, as indices into [`App::articles`].
    pub fn shown(&self) -> &[usize] {
        &self.list.shown
    }

    /// Position of the selection in the list.
    pub fn selected(&self) -> usize {
        self.list.selected
    }

    /// Index into [`App::articles`] of the selected article.
    pub fn current(&self) -> Option<usize> {
        self.list.shown.get(self.list.selected).copied()
    }

    pub fn selected_article(&self) -> Option<&Article> {
        self.current().map(|i| &*self.articles[i])
    }

    /// Terminal size as (width, height).
    pub fn size(&self) -> (u16, u16) {
        (self.size.width, self.size.height)
    }

    pub fn focus(&self) -> Pane {
        self.reading.focus
    }

    pub fn view(&self) -> View {
        self.reading.view
    }

    pub fn help_visible(&self) -> bool {
        self.help.is_some()
    }

    pub fn key_points_folded(&self) -> bool {
        self.reading.key_points_folded
    }

    pub fn document(&self) -> Option<&Document> {
        self.reading.document.as_ref()
    }

    pub fn sort(&self) -> SortOrder {
        self.list.sort
    }

    /// Shows a notice in the status bar until the next key.
    pub fn notify(&mut self, message: Option<String>) {
        if message.is_some() {
            self.message = message;
        }
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// A fetch under way, as far as it has got.
    pub fn fetching(&self) -> Option<FetchProgress> {
        self.fetching
    }

    /// Scroll offset (first visible line) of a pane.
    pub fn scroll(&self, pane: Pane) -> usize {
        match pane {
            Pane::List => self.list.offset,
            Pane::KeyPoints => self.reading.key_points_scroll,
            Pane::Article => self.reading.article_scroll,
        }
    }

    /// Takes one event; returns what the runtime must do.
    pub fn update(&mut self, event: Event) -> Vec<Effect> {
        if let Some(effect) = self.handle(event) {
            self.effects.push(effect);
        }
        self.settle()
    }

    /// What follows every update, in this order, so that handlers only
    /// change state and never fix up after each other: the document for
    /// the selection, width and view; the find's hits for it; selection
    /// and scroll positions back in range; snippets and summaries for what
    /// is on screen; the bodies still missing asked for. Then the effects
    /// are handed over.
    fn settle(&mut self) -> Vec<Effect> {
        self.refresh();
        self.finish_restore();
        self.refresh_find();
        self.clamp();
        self.fill_snippets();
        self.fill_front_summaries();
        self.want_bodies();
        self.note_damage();
        std::mem::take(&mut self.effects)
    }

    /// Once a search finds the index damaged (a block of the cache it was
    /// read from failed its checksum: that block reads as nothing), the
    /// cache is dropped and the reader says what it means.
    fn note_damage(&mut self) {
        if !self.ix.damage_noted && self.ix.index.is_damaged() {
            self.ix.damage_noted = true;
            self.effects.push(Effect::ForgetCache);
            self.message =
                Some("index cache damaged: searches may miss stories; rebuilt at next start".into());
        }
    }

    /// Selects `article` again after the list changed, wherever it is now;
    /// false (the selection left as it is) when it is no longer listed.
    fn reselect(&mut self, article: Option<usize>) -> bool {
        match article.and_then(|a| self.list.shown.iter().position(|&i| i == a)) {
            Some(position) => {
                self.list.selected = position;
                true
            }
            None => false,
        }
    }

    fn handle(&mut self, event: Event) -> Option<Effect> {
        match event {
            Event::Key(key) => self.on_key(key),
            Event::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.refresh();
                self.reveal_hit();
                if let Some(front) = self.front {
                    self.move_front(front.cursor.min(self.list.shown.len().saturating_sub(1)));
                }
                None
            }
            Event::Action(action) => self.apply(action),
            Event::Changes(changes) => Some(Effect::Reindex(self.apply_changes(changes))),
            Event::Indexed(indexed) => {
                self.install_index(*indexed);
                None
            }
            Event::Mouse(mouse) => {
                self.on_mouse(mouse);
                None
            }
            Event::Loaded(batch) => self.take_batch(batch),
            Event::BodyLoaded(request, text) => {
                self.take_body(request, text);
                None
            }
            Event::Clock(now) => {
                self.now = now;
                None
            }
            Event::Notice(notice) => {
                self.message = Some(notice);
                None
            }
            Event::Saved(outcome) => {
                self.save_problem = outcome.err();
                None
            }
            Event::Fetching { done, total, new } => {
                self.fetching = Some(FetchProgress { done, total, new });
                None
            }
            Event::Found(found) => {
                self.take_found(*found);
                None
            }
            Event::PhrasesChecked(checked) => {
                self.take_checked(*checked);
                None
            }
            Event::LaidOut(doc) => {
                if self.reading.document.as_ref().is_some_and(|partial| doc.completes(partial)) {
                    self.reading.document = Some(*doc);
                    match self.reading.to_end.take() {
                        Some(pane) => self.set_scroll(pane, usize::MAX),
                        // A hit beyond the start could not be shown before.
                        None => self.reveal_hit(),
                    }
                }
                None
            }
            Event::Fetched(outcome) => {
                self.fetching = None;
                self.message = Some(match outcome {
                    Ok(fetched) => fetched_message(&fetched),
                    Err(problem) => format!("fetch: {problem}"),
                });
                None
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Option<Effect> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        self.message = None;
        // Ctrl-C always quits and Ctrl-Z always suspends, whatever the
        // keymap says: raw mode keeps the terminal from doing it for us.
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            match key.code {
                KeyCode::Char('c') => {
                    self.remember_position();
                    return Some(Effect::Quit);
                }
                KeyCode::Char('z') => return Some(Effect::Suspend),
                _ => {}
            }
        }
        if self.help.is_none()
            && let Some(editing) = self.editing
        {
            return self.on_edit_key(editing, key);
        }
        let context = match self.reading.focus {
            _ if self.help.is_some() || self.front.is_some() => Context::Reader,
            Pane::List => Context::List,
            Pane::KeyPoints | Pane::Article => Context::Reader,
        };
        let action = self.prefs.keymap.lookup(context, Chord::from(&key))?;
        if self.help.is_some() {
            self.on_help_action(action);
            return None;
        }
        if self.front.is_some() && !matches!(action, Action::Quit | Action::Help | Action::Redraw) {
            self.on_front_action(action);
            return None;
        }
        self.apply(action)
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Quit => {
                self.remember_position();
                return Some(Effect::Quit);
            }
            Action::Help => self.help = Some(0),
            Action::SelectNext => self.select(self.list.selected.saturating_add(1)),
            Action::SelectPrev => self.select(self.list.selected.saturating_sub(1)),
            Action::Top => self.move_focused(|_, _| 0),
            Action::Bottom => self.move_focused(|_, _| usize::MAX),
            Action::PageDown => self.move_focused(|pos, page| pos.saturating_add(page)),
            Action::PageUp => self.move_focused(|pos, page| pos.saturating_sub(page)),
            // In the key-points pane, j/k move between key points.
            Action::ScrollDown if self.reading.focus == Pane::KeyPoints => {
                self.move_point(self.reading.point + 1)
            }
            Action::ScrollUp if self.reading.focus == Pane::KeyPoints => {
                self.move_point(self.reading.point.saturating_sub(1))
            }
            Action::ScrollDown => self.scroll_reader(|pos| pos.saturating_add(1)),
            Action::ScrollUp => self.scroll_reader(|pos| pos.saturating_sub(1)),
            Action::Open if self.reading.focus == Pane::KeyPoints => self.show_evidence(),
            Action::Open => self.open(),
            Action::Back if self.reading.focus == Pane::List => self.clear_search(),
            Action::Back => {
                self.remember_position();
                self.reading.focus = Pane::List;
            }
            Action::ToggleRead => {
                if let Some(article) = self.current() {
                    self.toggle_read(article);
                }
            }
            Action::ToggleBookmark => {
                if let Some(article) = self.current() {
                    self.toggle_bookmark(article);
                }
            }
            Action::MarkAllRead => self.mark_all_read(),
            Action::Undo => self.undo(),
            Action::NextArticle => self.step_article(1),
            Action::PrevArticle => self.step_article(-1),
            Action::Redraw => return Some(Effect::Redraw),
            Action::ToggleList => {
                self.reading.one_pane = !self.reading.one_pane;
                self.message = Some(
                    if self.reading.one_pane { "one pane at a time" } else { "list beside the reader" }
                        .into(),
                );
            }
            Action::Pipe if self.current().is_some() => self.start_pipe(),
            Action::Pipe => {}
            Action::Edit => return self.edit(),
            Action::Fetch if self.fetching.is_some() => self.message = Some("already fetching".into()),
            Action::Fetch => {
                self.fetching = Some(FetchProgress::default());
                return Some(Effect::Fetch);
            }
            Action::CycleFilter => {
                self.list.only = self.list.only.next();
                self.message = Some(match self.list.only.label() {
                    Some(label) => format!("listing {label}"),
                    None => "listing all articles".to_string(),
                });
                self.relist();
            }
            Action::FrontPage => {
                self.front = Some(Front { cursor: self.list.selected, top: self.list.selected });
                self.move_front(self.list.selected);
            }
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::ToggleView => {
                if self.find.visit.take().is_some() {
                    self.find.hits.clear();
                }
                self.reading.view = match self.reading.view {
                    View::Summary => View::Full,
                    View::Full => View::Summary,
                };
                if self.reading.focus != Pane::List {
                    self.reading.focus = self.reading_pane();
                }
            }
            Action::ToggleKeyPoints if self.reading.view == View::Summary => {
                // Folding is for the full view; a fold made here would
                // surprise later, unseen.
                self.message = Some("key points fold in the full view (s)".into());
            }
            Action::ToggleKeyPoints => {
                self.reading.key_points_folded = !self.reading.key_points_folded;
                if self.reading.focus == Pane::KeyPoints
                    && self.reading.view == View::Full
                    && self.reading.key_points_folded
                {
                    self.reading.focus = Pane::Article;
                }
            }
            Action::Search => self.start_edit(),
            Action::CycleSort => self.set_sort(self.list.sort.next()),
            Action::OpenUrl => match self.selected_article().and_then(|a| a.meta.url.clone()) {
                Some(url) => match crate::links::openable(&url) {
                    Ok(url) => {
                        self.message = Some(format!("opening {url}"));
                        return Some(Effect::OpenUrl(url.to_string()));
                    }
                    Err(why) => self.message = Some(format!("not opened: {why}")),
                },
                None if self.current().is_some() => {
                    self.message = Some("this article has no web address".into())
                }
                None => {}
            },
            Action::FindNext => self.step_hit(1),
            Action::FindPrev => self.step_hit(-1),
        }
        None
    }

    /// Re-sorts the list, keeping the selected article selected. Search
    /// results keep their ranking.
    fn set_sort(&mut self, sort: SortOrder) {
        self.list.sort = sort;
        self.list.order = (0..self.articles.len()).collect();
        sort_keyed(sort, &self.articles, &mut self.list.order);
        self.order_changed();
    }

    /// Places the new articles (from `first` on, not yet in the list's
    /// order) where the order puts them, without sorting the rest again:
    /// each is found by binary search, or, for as many as are already
    /// there, both lists are merged. `recorded` is their date order as the
    /// cache kept it: a batch of 100,000 from the cache is not sorted again.
    fn place(&mut self, first: usize, recorded: Option<&[u32]>) {
        let (sort, articles) = (self.list.sort, &self.articles);
        // Ties by position, as the stable sort of set_sort leaves them.
        let cmp = |a: usize, b: usize| list_order(sort, &articles[a], &articles[b]).then(a.cmp(&b));
        let new: Vec<usize> = match sort {
            SortOrder::Date => {
                date_sorted(&articles[first..], recorded).into_iter().map(|i| first + i).collect()
            }
            _ => {
                let mut new: Vec<usize> = (first..articles.len()).collect();
                sort_keyed(sort, articles, &mut new);
                new
            }
        };
        let old = std::mem::take(&mut self.list.order);
        let mut order = Vec::with_capacity(old.len() + new.len());
        let few = new.len() * (usize::BITS - old.len().leading_zeros()) as usize <= old.len();
        let mut from = 0;
        for n in new {
            let at = if few {
                from + old[from..].partition_point(|&o| cmp(o, n).is_lt())
            } else {
                from + old[from..].iter().take_while(|&&o| cmp(o, n).is_lt()).count()
            };
            order.extend_from_slice(&old[from..at]);
            order.push(n);
            from = at;
        }
        order.extend_from_slice(&old[from..]);
        self.list.order = order;
    }

    /// After the list's order changed: the list shows it, the selected
    /// article stays selected; filter-only results follow the new order.
    fn order_changed(&mut self) {
        if self.search.is_none() {
            let current = self.current();
            self.list.shown = self.listed();
            if !self.reselect(current) {
                self.list.selected = 0;
            }
        } else if let Some(search) = &self.search
            && Query::parse(&search.query).terms.is_empty()
        {
            self.pending_search = true;
        }
    }

    /// Reads the selected article. Coming from a collection search, the
    /// query becomes the in-story find, at its first hit, in the full view
    /// when that hit is in the body.
    fn open(&mut self) {
        let Some(article) = self.current() else { return };
        if self.marking.read_on_open && !self.is_read(article) {
            self.mark_mut(article).read = true;
            self.recount();
        }
        let carried = self.search.as_ref().map(|s| s.query.clone()).filter(|q| !Query::parse(q).is_empty());
        if let Some(query) = carried {
            // The full view when the body has hits, so that the reader
            // counts what the list counted. Without its body (still on its
            // way), a result with no hit in what it shows has it there.
            let folded = FoldedArticle::new(self.shown_now(article));
            let hits = folded.hits(&Query::parse(&query), Fields { title: true, body: true });
            let in_body = |h: &Hit| matches!(h.source, Source::Paragraph(_));
            if hits.iter().any(in_body) || (self.body(article).is_none() && hits.is_empty()) {
                self.reading.view = View::Full;
            }
            self.find = Find { query, ..Find::default() };
            self.reading.focus = self.reading_pane();
        } else {
            // A find belongs to the story it was typed in, or carried to.
            self.find = Find::default();
            self.reading.focus = self.reading_pane();
            self.restore_position();
        }
    }

    /// Goes to the next (1) or previous (-1) article while reading, in the
    /// same view and pane, marking it read as opening it would.
    fn step_article(&mut self, step: isize) {
        let Some(to) = self.list.selected.checked_add_signed(step).filter(|&to| to < self.list.shown.len())
        else {
            self.message =
                Some(if step > 0 { "this is the last article" } else { "this is the first article" }.into());
            return;
        };
        let focus = self.reading.focus;
        self.select(to);
        if focus != Pane::List
            && let Some(article) = self.current()
            && self.marking.read_on_open
            && !self.is_read(article)
        {
            self.mark_mut(article).read = true;
            self.recount();
        }
    }

    /// Hands the article's file to the editor (a sample has none).
    fn edit(&mut self) -> Option<Effect> {
        match &self.selected_article()?.origin {
            Origin::File(path) => Some(Effect::Edit(path.clone())),
            Origin::Embedded(_) => {
                self.message = Some("a bundled sample has no file to edit".into());
                None
            }
        }
    }

    /// The pane that shows the text of the current view.
    fn reading_pane(&self) -> Pane {
        match self.reading.view {
            View::Summary => Pane::KeyPoints,
            View::Full => Pane::Article,
        }
    }

    /// Panes that can take focus in the current view, in Tab order.
    fn focusable(&self) -> Vec<Pane> {
        let mut panes = vec![Pane::List];
        if self.current().is_some() {
            if self.reading.view == View::Summary || !self.reading.key_points_folded {
                panes.push(Pane::KeyPoints);
            }
            if self.reading.view == View::Full {
                panes.push(Pane::Article);
            }
        }
        panes
    }

    fn cycle_focus(&mut self, step: isize) {
        let panes = self.focusable();
        let at = panes.iter().position(|&p| p == self.reading.focus).unwrap_or(0);
        let next = (at as isize + step).rem_euclid(panes.len() as isize) as usize;
        self.reading.focus = panes[next];
    }

    fn select(&mut self, index: usize) {
        self.list.chosen = true;
        let index = index.min(self.list.shown.len().saturating_sub(1));
        if index != self.list.selected {
            self.remember_position();
            self.list.selected = index;
            self.reading.point = 0;
            self.find.visit = None;
            self.reading.key_points_scroll = 0;
            self.reading.article_scroll = 0;
        }
    }

    /// Applies a top/bottom/page movement to the focused pane: the selection
    /// in the list, the scroll position in a reading pane.
    fn move_focused(&mut self, to: impl Fn(usize, usize) -> usize) {
        match self.reading.focus {
            Pane::List => {
                let page = self.page_height(Pane::List).max(1);
                self.select(to(self.list.selected, page));
            }
            pane => {
                self.moved_in_reader();
                let page = self.page_height(pane).saturating_sub(1).max(1);
                let pos = self.scroll(pane);
                let target = to(pos, page);
                self.set_scroll(pane, target);
                let wrapping = self.reading.document.as_ref().is_some_and(|d| !d.complete);
                if target == usize::MAX && wrapping {
                    self.reading.to_end = Some(pane);
                }
            }
        }
    }

    fn scroll_reader(&mut self, to: impl Fn(usize) -> usize) {
        self.moved_in_reader();
        let pane = if self.reading.focus == Pane::List { self.reading_pane() } else { self.reading.focus };
        self.set_scroll(pane, to(self.scroll(pane)));
    }

    /// The reader moved by hand: a reading position still to be restored,
    /// or an end still to be gone to, is forgotten.
    fn moved_in_reader(&mut self) {
        self.reading.restoring = None;
        self.reading.to_end = None;
    }

    fn set_scroll(&mut self, pane: Pane, value: usize) {
        match pane {
            Pane::List => self.list.offset = value,
            Pane::KeyPoints => self.reading.key_points_scroll = value,
            Pane::Article => self.reading.article_scroll = value,
        }
        self.clamp();
    }

    /// Rebuilds the wrapped document if the article, its body, the width
    /// or the view changed.
    fn refresh(&mut self) {
        let width = layout::reading_width(self.size, &self.layout_input());
        let spacing = match self.reading.view {
            View::Summary => Spacing::Airy,
            View::Full => Spacing::Compact,
        };
        let current = self.current();
        let body = current.and_then(|i| self.body(i));
        let stale = self.reading.document.as_ref().is_none_or(|d| {
            Some(d.article) != current
                || current.is_some_and(|i| self.articles[i].id != d.id)
                || d.width != width.max(1)
                || d.spacing != spacing
                || (d.text.is_none() && body.is_some())
        });
        if stale {
            self.reading.document = current.map(|i| {
                let extracted = match &body {
                    Some(text) if self.articles[i].key_points.is_empty() => self.extracted(i, text),
                    _ => Vec::new(),
                };
                match body {
                    // A long body: its start now, the rest off the UI thread.
                    Some(text) if crate::document::is_long(&text) => {
                        let start = Document::build_start(
                            i,
                            &self.articles[i],
                            Some(Arc::clone(&text)),
                            extracted.clone(),
                            width,
                            spacing,
                        );
                        let article = Arc::clone(&self.articles[i]);
                        let job = Layout { index: i, article, text, extracted, width, spacing };
                        self.effects.push(Effect::Layout(job));
                        start
                    }
                    body => Document::build(i, &self.articles[i], body, extracted, width, spacing),
                }
            });
        }
    }

    /// The key points extracted from the body of article `i` (made when
    /// first wanted, then kept); none for a story shown whole.
    pub(super) fn extracted(&mut self, i: usize, body: &Arc<ArticleText>) -> Vec<String> {
        let article = &self.articles[i];
        let summary = self
            .texts
            .summaries
            .entry(article.id.clone())
            .or_insert_with(|| summary_sentences(&article.with_body(Arc::clone(body))));
        match summary {
            Summary::Points(points) => points.iter().map(|(_, s)| s.clone()).collect(),
            Summary::Whole(_) => Vec::new(),
        }
    }

    /// The texts the reader shows for article `i`: what find searches and
    /// a result's hit count counts. Until the body is here, without it
    /// (and without extracted key points).
    pub(super) fn shown_now(&mut self, i: usize) -> Shown {
        let Some(body) = self.body(i) else { return Shown::of(&self.articles[i], Arc::default()) };
        let mut shown = Shown::of(&self.articles[i], Arc::clone(&body));
        if shown.key_points.is_empty() {
            shown.key_points = self.extracted(i, &body);
        }
        shown
    }

    pub(crate) fn layout_input(&self) -> LayoutInput {
        LayoutInput {
            focus: self.reading.focus,
            view: self.reading.view,
            key_points_folded: self.reading.key_points_folded,
            header_lines: self.reading.document.as_ref().map_or(0, |d| d.header.len()),
            key_point_lines: self.reading.document.as_ref().map_or(0, |d| d.key_points.len()),
            max_width: self.prefs.max_width,
            list_width: self.prefs.list_width,
            one_pane: self.reading.one_pane,
        }
    }

    pub(crate) fn areas(&self) -> Areas {
        layout::compute(self.size, &self.layout_input())
    }

    /// Lines each list row takes: two (title, snippet) for search results.
    pub fn list_row_height(&self) -> usize {
        if self.showing_results() { 2 } else { 1 }
    }

    /// Rows of content a pane shows at once (0 when it is not visible);
    /// for the list, whole articles.
    pub fn page_height(&self, pane: Pane) -> usize {
        let areas = self.areas();
        let block = match pane {
            Pane::List => areas.list,
            Pane::KeyPoints => areas.key_points,
            Pane::Article => areas.article,
        };
        let lines = block.map_or(0, |b| usize::from(b.height.saturating_sub(2)));
        if pane == Pane::List { lines / self.list_row_height() } else { lines }
    }

    /// Lines of content a pane has (for the list, articles).
    pub fn content_lines(&self, pane: Pane) -> usize {
        match (pane, &self.reading.document) {
            (Pane::List, _) => self.list.shown.len(),
            (Pane::KeyPoints, Some(d)) => d.key_points.len().max(1),
            (Pane::Article, Some(d)) => d.body.len(),
            (_, None) => 0,
        }
    }

    /// The furthest a pane can scroll. A hidden pane keeps its position
    /// (up to its length) until it is shown again at a known height.
    fn max_scroll(&self, pane: Pane) -> usize {
        let page = self.page_height(pane);
        let lines = self.content_lines(pane);
        if page == 0 { lines.saturating_sub(1) } else { lines.saturating_sub(page) }
    }

    /// Keeps the selection in range and visible, and every scroll position
    /// within its content; called after anything that changes sizes.
    fn clamp(&mut self) {
        self.list.selected = self.list.selected.min(self.list.shown.len().saturating_sub(1));
        if let Some(front) = &mut self.front {
            front.cursor = front.cursor.min(self.list.shown.len().saturating_sub(1));
            front.top = front.top.min(front.cursor);
        }
        let rows = self.page_height(Pane::List);
        if rows > 0 {
            if self.list.selected < self.list.offset {
                self.list.offset = self.list.selected;
            } else if self.list.selected >= self.list.offset + rows {
                self.list.offset = self.list.selected + 1 - rows;
            }
        }
        self.list.offset = self.list.offset.min(self.max_scroll(Pane::List));
        self.reading.key_points_scroll = self.reading.key_points_scroll.min(self.max_scroll(Pane::KeyPoints));
        self.reading.article_scroll = self.reading.article_scroll.min(self.max_scroll(Pane::Article));
        if !self.focusable().contains(&self.reading.focus) {
            self.reading.focus = Pane::List;
        }
    }
}

/// The list's title order: folded, so case and accents do not split it.
fn title_key(a: &Article) -> String {
    crate::search::Folded::new(&a.title).text
}

/// The list's source order: by folded source, articles without one last.
fn source_key(a: &Article) -> (bool, Option<String>) {
    let source = a.meta.source.as_deref().map(|s| crate::search::Folded::new(s).text);
    (source.is_none(), source)
}

/// Sorts positions in `articles` into the list's `sort` order, keys that
/// allocate made once per article; stable, so ties keep their order.
fn sort_keyed(sort: SortOrder, articles: &[Arc<Article>], positions: &mut [usize]) {
    match sort {
        SortOrder::Date => sort_by_date(articles, positions),
        SortOrder::Title => positions.sort_by_cached_key(|&a| title_key(&articles[a])),
        SortOrder::Source => positions.sort_by_cached_key(|&a| source_key(&articles[a])),
        SortOrder::Name => {
            positions.sort_by(|&a, &b| crate::collection::name_order(&articles[a], &articles[b]))
        }
    }
}

/// Two articles in the list's `sort` order (the keys of `sort_keyed`).
fn list_order(sort: SortOrder, a: &Article, b: &Article) -> std::cmp::Ordering {
    match sort {
        SortOrder::Date => date_order(a, b),
        SortOrder::Title => title_key(a).cmp(&title_key(b)),
        SortOrder::Source => source_key(a).cmp(&source_key(b)),
        SortOrder::Name => crate::collection::name_order(a, b),
    }
}
