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
use crate::collection::{Batch, Change, Collection, FileIssue, date_key, date_order, sort_articles};
use crate::document::{Document, Spacing};
use crate::keymap::{Action, Chord, Context, Keymap};
use crate::layout::{self, Areas, DEFAULT_MAX_WIDTH, LayoutInput};
use crate::marks::{Mark, Marks, Position};
use crate::search::index::{Found, Part};
use crate::search::{
    Fields, FoldedArticle, Hit, Index, Query, Snippet, has_phrases, search_collection, snippet,
};
use crate::summary::{Extract, evidence, summary_sentences};
use crate::theme::Theme;
pub use crate::vocab::{Pane, SortOrder, View};

mod bodies;
mod collection;
mod find;
mod front;
mod marks;
mod mouse;
mod search;

pub use bodies::BodyRequest;
pub use collection::{Indexed, Progress, Reindex};
pub use find::Find;
pub use front::Front;
pub use marks::Only;
pub use search::{PhraseJob, Search};

/// Longest query accepted, in characters (a paste can be anything).
const MAX_QUERY_CHARS: usize = 256;

/// Which text field is taking typed characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Editing {
    /// Find in the story being read.
    Find,
    /// Search the whole collection.
    Search,
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
    /// Results of a [`PhraseJob`] that have the phrases, best first; more
    /// may follow until `done`.
    PhrasesMatched {
        serial: u64,
        found: Vec<Found>,
        done: bool,
    },
    /// The time now, in milliseconds since 1970: marks are stamped with it.
    Clock(u64),
    /// How saving the marks went: why not, when they could not be saved.
    Saved(Result<(), String>),
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
    /// Check which search results have the query's phrases, reading their
    /// bodies, and send them back as [`Event::PhrasesMatched`]; a newer job
    /// replaces this one.
    MatchPhrases(PhraseJob),
}

pub struct App {
    pub(crate) articles: Vec<Arc<Article>>,
    pub(crate) issues: Vec<FileIssue>,
    pub(crate) keymap: Keymap,
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
    /// Progress while the collection is still loading.
    pub(crate) loading: Option<Progress>,
    pub(crate) size: Rect,
    pub(crate) focus: Pane,
    pub(crate) view: View,
    pub(crate) sort: SortOrder,
    /// Every article, as indices into `articles`, in the sort order.
    order: Vec<usize>,
    /// Articles in the list, as indices into `articles`: all of them in
    /// order, or the results of a collection search.
    pub(crate) shown: Vec<usize>,
    /// A one-off notice for the status bar, cleared by the next key.
    pub(crate) message: Option<String>,
    /// Why the marks could not be saved, until a save succeeds.
    pub(crate) save_problem: Option<String>,
    /// Position of the selection in `shown`.
    pub(crate) selected: usize,
    pub(crate) list_offset: usize,
    pub(crate) key_points_scroll: usize,
    pub(crate) article_scroll: usize,
    pub(crate) key_points_folded: bool,
    /// Scroll position of the help overlay while it is shown.
    pub(crate) help: Option<usize>,
    pub(crate) max_width: usize,
    pub(crate) theme: Theme,
    mark_read_on_open: bool,
    /// Read marks, bookmarks and positions, by article id.
    pub(crate) marks: Marks,
    /// Marks changed since the runtime last took them to save.
    marks_dirty: bool,
    unread: usize,
    pub(crate) only: Only,
    /// Extracted key points of articles without their own, by id.
    /// Extracted key points, with their sentences' text, by article id.
    summaries: HashMap<String, Vec<(Extract, String)>>,
    /// The key point selected in the key-points pane.
    pub(crate) point: usize,
    /// The front page, while it is shown: the article under the cursor and
    /// the first one drawn, as positions in the list.
    pub(crate) front: Option<Front>,
    /// The selected article wrapped for the current width and view.
    pub(crate) document: Option<Document>,
    pub(crate) editing: Option<Editing>,
    pub(crate) find: Find,
    pub(crate) search: Option<Search>,
    /// The collection query changed; [`App::tick`] runs it once, so a burst
    /// of typing costs one search and stale queries are dropped.
    pending_search: bool,
    /// Numbers phrase jobs, so that late results of an old one are dropped.
    phrase_serial: u64,
    /// Bodies asked for and arrived.
    bodies: bodies::Bodies,
    /// The time of the latest [`Event::Clock`].
    now: u64,
    /// Effects of the update in progress.
    effects: Vec<Effect>,
}

impl App {
    pub fn new(collection: Collection, width: u16, height: u16) -> App {
        let index = Index::build(&collection.articles);
        let indexed = collection.articles.clone();
        let mut app = App {
            sort: SortOrder::Date,
            order: (0..collection.articles.len()).collect(),
            shown: (0..collection.articles.len()).collect(),
            message: None,
            save_problem: None,
            articles: collection.articles,
            issues: collection.issues,
            keymap: Keymap::default(),
            index: Arc::new(index),
            indexed,
            remap: None,
            index_from_cache: false,
            parts: Vec::new(),
            generation: 0,
            loading: None,
            size: Rect::new(0, 0, width, height),
            focus: Pane::List,
            view: View::Summary,
            selected: 0,
            list_offset: 0,
            key_points_scroll: 0,
            article_scroll: 0,
            key_points_folded: false,
            help: None,
            max_width: DEFAULT_MAX_WIDTH,
            theme: Theme::default(),
            mark_read_on_open: true,
            marks: Marks::new(),
            marks_dirty: false,
            unread: 0,
            only: Only::All,
            summaries: HashMap::new(),
            point: 0,
            front: None,
            document: None,
            editing: None,
            find: Find::default(),
            search: None,
            pending_search: false,
            phrase_serial: 0,
            bodies: Default::default(),
            now: 0,
            effects: Vec::new(),
        };
        app.recount();
        app.refresh();
        app
    }

    /// Applies the user's settings: view, order, theme, keys, width.
    pub fn configure(&mut self, config: &crate::settings::Config) {
        self.view = config.view;
        self.keymap = config.keymap.clone();
        self.theme = config.theme;
        self.max_width = config.reading_width;
        self.mark_read_on_open = config.mark_read_on_open;
        self.set_sort(config.sort);
        self.refresh();
    }

    pub fn articles(&self) -> &[Arc<Article>] {
        &self.articles
    }

    pub fn issues(&self) -> &[FileIssue] {
        &self.issues
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Articles in the list, in order, as indices into [`App::articles`].
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// Position of the selection in the list.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Index into [`App::articles`] of the selected article.
    pub fn current(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }

    pub fn selected_article(&self) -> Option<&Article> {
        self.current().map(|i| &*self.articles[i])
    }

    /// Terminal size as (width, height).
    pub fn size(&self) -> (u16, u16) {
        (self.size.width, self.size.height)
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    pub fn view(&self) -> View {
        self.view
    }

    pub fn help_visible(&self) -> bool {
        self.help.is_some()
    }

    pub fn key_points_folded(&self) -> bool {
        self.key_points_folded
    }

    pub fn document(&self) -> Option<&Document> {
        self.document.as_ref()
    }

    pub fn sort(&self) -> SortOrder {
        self.sort
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

    /// Scroll offset (first visible line) of a pane.
    pub fn scroll(&self, pane: Pane) -> usize {
        match pane {
            Pane::List => self.list_offset,
            Pane::KeyPoints => self.key_points_scroll,
            Pane::Article => self.article_scroll,
        }
    }

    /// Takes one event; returns what the runtime must do.
    pub fn update(&mut self, event: Event) -> Vec<Effect> {
        if let Some(effect) = self.handle(event) {
            self.effects.push(effect);
        }
        self.settle()
    }

    /// What follows every update: ask for the bodies the screen needs, and
    /// hand over the effects.
    fn settle(&mut self) -> Vec<Effect> {
        self.fill_snippets();
        self.fill_front_summaries();
        self.want_bodies();
        std::mem::take(&mut self.effects)
    }

    fn handle(&mut self, event: Event) -> Option<Effect> {
        match event {
            Event::Key(key) => self.on_key(key),
            Event::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.refresh();
                self.reveal_hit();
                if let Some(front) = self.front {
                    self.move_front(front.cursor.min(self.shown.len().saturating_sub(1)));
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
            Event::PhrasesMatched { serial, found, done } => {
                self.take_phrase_matches(serial, found, done);
                None
            }
            Event::Clock(now) => {
                self.now = now;
                None
            }
            Event::Saved(outcome) => {
                self.save_problem = outcome.err();
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
            self.on_edit_key(editing, key);
            return None;
        }
        let context = match self.focus {
            _ if self.help.is_some() => Context::Reader,
            _ if self.front.is_some() => Context::List,
            Pane::List => Context::List,
            Pane::KeyPoints | Pane::Article => Context::Reader,
        };
        let action = self.keymap.lookup(context, Chord::from(&key))?;
        if self.help.is_some() {
            self.on_help_action(action);
            return None;
        }
        if self.front.is_some() && action != Action::Quit && action != Action::Help {
            self.on_front_action(action);
            return None;
        }
        self.apply(action)
    }

    fn on_help_action(&mut self, action: Action) {
        let rows = self.keymap.help_rows().len();
        let Some(scroll) = self.help.as_mut() else { return };
        match action {
            Action::Help | Action::Back | Action::Quit => self.help = None,
            Action::ScrollDown | Action::SelectNext => *scroll = (*scroll + 1).min(rows),
            Action::ScrollUp | Action::SelectPrev => *scroll = scroll.saturating_sub(1),
            Action::Top | Action::PageUp => *scroll = 0,
            Action::Bottom | Action::PageDown => *scroll = rows,
            _ => {}
        }
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Quit => {
                self.remember_position();
                return Some(Effect::Quit);
            }
            Action::Help => self.help = Some(0),
            Action::SelectNext => self.select(self.selected.saturating_add(1)),
            Action::SelectPrev => self.select(self.selected.saturating_sub(1)),
            Action::Top => self.move_focused(|_, _| 0),
            Action::Bottom => self.move_focused(|_, _| usize::MAX),
            Action::PageDown => self.move_focused(|pos, page| pos.saturating_add(page)),
            Action::PageUp => self.move_focused(|pos, page| pos.saturating_sub(page)),
            // In the key-points pane, j/k move between key points.
            Action::ScrollDown if self.focus == Pane::KeyPoints => self.move_point(self.point + 1),
            Action::ScrollUp if self.focus == Pane::KeyPoints => {
                self.move_point(self.point.saturating_sub(1))
            }
            Action::ScrollDown => self.scroll_reader(|pos| pos.saturating_add(1)),
            Action::ScrollUp => self.scroll_reader(|pos| pos.saturating_sub(1)),
            Action::Open if self.focus == Pane::KeyPoints => self.show_evidence(),
            Action::Open => self.open(),
            Action::Back if self.focus == Pane::List => self.clear_search(),
            Action::Back => {
                self.remember_position();
                self.focus = Pane::List;
            }
            Action::ToggleRead => {
                if let Some(article) = self.current() {
                    let read = !self.is_read(article);
                    self.mark_mut(article).read = read;
                    self.recount();
                }
            }
            Action::ToggleBookmark => {
                if let Some(article) = self.current() {
                    let bookmarked = !self.is_bookmarked(article);
                    self.mark_mut(article).bookmarked = bookmarked;
                }
            }
            Action::CycleFilter => {
                self.only = self.only.next();
                self.relist();
            }
            Action::FrontPage => {
                self.front = Some(Front { cursor: self.selected, top: self.selected });
                self.move_front(self.selected);
            }
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::ToggleView => {
                if self.find.visit.take().is_some() {
                    self.find.hits.clear();
                }
                self.view = match self.view {
                    View::Summary => View::Full,
                    View::Full => View::Summary,
                };
                if self.focus != Pane::List {
                    self.focus = self.reading_pane();
                }
                self.refresh();
                self.refresh_find();
            }
            Action::ToggleKeyPoints => {
                self.key_points_folded = !self.key_points_folded;
                if self.focus == Pane::KeyPoints && self.view == View::Full && self.key_points_folded {
                    self.focus = Pane::Article;
                }
            }
            Action::Search => self.start_edit(),
            Action::CycleSort => self.set_sort(self.sort.next()),
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
        self.clamp();
        None
    }

    /// Re-sorts the list, keeping the selected article selected. Search
    /// results keep their ranking.
    fn set_sort(&mut self, sort: SortOrder) {
        self.sort = sort;
        let key = |a: &Article| crate::search::Folded::new(&a.title).text;
        self.order = (0..self.articles.len()).collect();
        match sort {
            SortOrder::Date => {
                let articles = &self.articles;
                self.order.sort_by_cached_key(|&a| date_key(&articles[a]));
            }
            SortOrder::Title => self.order.sort_by_cached_key(|&i| key(&self.articles[i])),
            SortOrder::Source => self.order.sort_by_cached_key(|&i| {
                let source =
                    self.articles[i].meta.source.as_deref().map(|s| crate::search::Folded::new(s).text);
                (source.is_none(), source)
            }),
        }
        if self.search.is_none() {
            let current = self.current();
            self.shown = self.listed();
            self.selected = current.and_then(|a| self.shown.iter().position(|&i| i == a)).unwrap_or(0);
        } else if let Some(search) = &self.search
            && Query::parse(&search.query).terms.is_empty()
        {
            // Filter-only results follow the list order.
            self.pending_search = true;
        }
        self.refresh();
    }

    /// Reads the selected article. Coming from a collection search, the
    /// query becomes the in-story find, at its first hit, in the full view
    /// when that hit is in the body.
    fn open(&mut self) {
        let Some(article) = self.current() else { return };
        if self.mark_read_on_open && !self.is_read(article) {
            self.mark_mut(article).read = true;
            self.recount();
        }
        let carried = self.search.as_ref().map(|s| s.query.clone()).filter(|q| !Query::parse(q).is_empty());
        if let Some(query) = carried {
            // Without its body (still on its way), an article listed as a
            // result that has no hit in its key points has it in the body.
            let text = self.body(article).unwrap_or_default();
            let folded = FoldedArticle::new(&self.articles[article], text);
            let everywhere = Fields { title: false, body: true };
            let hits = folded.hits(&self.articles[article], &Query::parse(&query), everywhere);
            if hits.first().is_none_or(|h| matches!(h.source, Source::Paragraph(_))) {
                self.view = View::Full;
                self.refresh();
            }
            self.find =
                Find { query, hits: Vec::new(), current: 0, visit: None, folded: None, evidence_of: None };
            self.focus = self.reading_pane();
            self.refresh_find();
        } else {
            self.focus = self.reading_pane();
            self.restore_position();
        }
    }

    /// The pane that shows the text of the current view.
    fn reading_pane(&self) -> Pane {
        match self.view {
            View::Summary => Pane::KeyPoints,
            View::Full => Pane::Article,
        }
    }

    /// Panes that can take focus in the current view, in Tab order.
    fn focusable(&self) -> Vec<Pane> {
        let mut panes = vec![Pane::List];
        if self.current().is_some() {
            if self.view == View::Summary || !self.key_points_folded {
                panes.push(Pane::KeyPoints);
            }
            if self.view == View::Full {
                panes.push(Pane::Article);
            }
        }
        panes
    }

    fn cycle_focus(&mut self, step: isize) {
        let panes = self.focusable();
        let at = panes.iter().position(|&p| p == self.focus).unwrap_or(0);
        let next = (at as isize + step).rem_euclid(panes.len() as isize) as usize;
        self.focus = panes[next];
    }

    fn select(&mut self, index: usize) {
        let index = index.min(self.shown.len().saturating_sub(1));
        if index != self.selected {
            self.remember_position();
            self.selected = index;
            self.point = 0;
            self.find.visit = None;
            self.key_points_scroll = 0;
            self.article_scroll = 0;
            self.refresh();
            self.find.hits.clear();
            self.refresh_find();
        }
        self.clamp();
    }

    /// Applies a top/bottom/page movement to the focused pane: the selection
    /// in the list, the scroll position in a reading pane.
    fn move_focused(&mut self, to: impl Fn(usize, usize) -> usize) {
        match self.focus {
            Pane::List => {
                let page = self.page_height(Pane::List).max(1);
                self.select(to(self.selected, page));
            }
            pane => {
                let page = self.page_height(pane).saturating_sub(1).max(1);
                let pos = self.scroll(pane);
                self.set_scroll(pane, to(pos, page));
            }
        }
    }

    fn scroll_reader(&mut self, to: impl Fn(usize) -> usize) {
        let pane = if self.focus == Pane::List { self.reading_pane() } else { self.focus };
        self.set_scroll(pane, to(self.scroll(pane)));
    }

    fn set_scroll(&mut self, pane: Pane, value: usize) {
        match pane {
            Pane::List => self.list_offset = value,
            Pane::KeyPoints => self.key_points_scroll = value,
            Pane::Article => self.article_scroll = value,
        }
        self.clamp();
    }

    /// Rebuilds the wrapped document if the article, width or view changed,
    /// then clamps every scroll position.
    fn refresh(&mut self) {
        let width = layout::reading_width(self.size, self.max_width);
        let spacing = match self.view {
            View::Summary => Spacing::Airy,
            View::Full => Spacing::Compact,
        };
        let current = self.current();
        let body = current.and_then(|i| self.body(i));
        let stale = self.document.as_ref().is_none_or(|d| {
            Some(d.article) != current
                || current.is_some_and(|i| self.articles[i].id != d.id)
                || d.width != width.max(1)
                || d.spacing != spacing
                || (d.text.is_none() && body.is_some())
        });
        if stale {
            self.document = current.map(|i| {
                let article = &self.articles[i];
                // Summaries are made when first shown, once the body is
                // here, and kept.
                let extracted = match &body {
                    Some(text) if article.key_points.is_empty() => {
                        let summary = self
                            .summaries
                            .entry(article.id.clone())
                            .or_insert_with(|| summary_sentences(&article.with_body(Arc::clone(text))));
                        summary.iter().map(|(_, s)| s.clone()).collect()
                    }
                    _ => Vec::new(),
                };
                Document::build(i, article, body, extracted, width, spacing)
            });
        }
        self.clamp();
    }

    pub(crate) fn layout_input(&self) -> LayoutInput {
        LayoutInput {
            focus: self.focus,
            view: self.view,
            key_points_folded: self.key_points_folded,
            header_lines: self.document.as_ref().map_or(0, |d| d.header.len()),
            key_point_lines: self.document.as_ref().map_or(0, |d| d.key_points.len()),
            max_width: self.max_width,
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
        match (pane, &self.document) {
            (Pane::List, _) => self.shown.len(),
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
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        if let Some(front) = &mut self.front {
            front.cursor = front.cursor.min(self.shown.len().saturating_sub(1));
            front.top = front.top.min(front.cursor);
        }
        let rows = self.page_height(Pane::List);
        if rows > 0 {
            if self.selected < self.list_offset {
                self.list_offset = self.selected;
            } else if self.selected >= self.list_offset + rows {
                self.list_offset = self.selected + 1 - rows;
            }
        }
        self.list_offset = self.list_offset.min(self.max_scroll(Pane::List));
        self.key_points_scroll = self.key_points_scroll.min(self.max_scroll(Pane::KeyPoints));
        self.article_scroll = self.article_scroll.min(self.max_scroll(Pane::Article));
        if !self.focusable().contains(&self.focus) {
            self.focus = Pane::List;
        }
        self.fill_snippets();
    }
}
