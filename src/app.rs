//! The pure state machine: events in, effects out. No terminal, no files;
//! tests drive it directly and the UI draws it with `impl Widget for &App`.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;

use std::path::Path;

use crate::article::{Article, Origin};
use crate::document::{Document, Source, Spacing};
use crate::keymap::{Action, Chord, Context, Keymap};
use crate::live::Change;
use crate::loader::{Batch, Collection, FileIssue, date_order, sort_articles};
use crate::search::index::Found;
use crate::search::{Fields, FoldedArticle, Hit, Index, Query, Snippet, search_collection, snippet};
use crate::state::{Mark, Marks, Position, now_ms};
use crate::summary::{Extract, evidence, summarize};
use crate::ui::layout::{self, Areas, LayoutInput};
use crate::ui::theme::Theme;

/// Default cap on the reading width: long lines are hard to read.
pub const DEFAULT_MAX_WIDTH: usize = 100;
/// Longest query accepted, in characters (a paste can be anything).
const MAX_QUERY_CHARS: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    List,
    KeyPoints,
    Article,
}

impl Pane {
    pub fn label(self) -> &'static str {
        match self {
            Pane::List => "list",
            Pane::KeyPoints => "key points",
            Pane::Article => "article",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Title, metadata and key points.
    Summary,
    /// Key points, compact, above the whole text.
    Full,
}

impl View {
    pub fn label(self) -> &'static str {
        match self {
            View::Summary => "summary",
            View::Full => "full text",
        }
    }
}

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
}

/// Work for the indexing thread: a snapshot of the articles.
#[derive(Clone, Debug)]
pub struct Reindex {
    generation: u64,
    articles: Vec<Arc<Article>>,
}

impl PartialEq for Reindex {
    fn eq(&self, other: &Reindex) -> bool {
        self.generation == other.generation
    }
}

impl Eq for Reindex {}

impl Reindex {
    /// Builds the index (the slow part, meant for another thread).
    pub fn run(self) -> Indexed {
        let index = Index::build(&self.articles);
        Indexed { generation: self.generation, articles: self.articles, index }
    }
}

/// A finished index and the articles it was built from.
#[derive(Debug)]
pub struct Indexed {
    generation: u64,
    articles: Vec<Arc<Article>>,
    index: Index,
}

/// Which articles the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Only {
    #[default]
    All,
    Unread,
    Bookmarked,
}

impl Only {
    pub fn label(self) -> Option<&'static str> {
        match self {
            Only::All => None,
            Only::Unread => Some("unread only"),
            Only::Bookmarked => Some("bookmarked only"),
        }
    }

    fn next(self) -> Only {
        match self {
            Only::All => Only::Unread,
            Only::Unread => Only::Bookmarked,
            Only::Bookmarked => Only::All,
        }
    }
}

/// The front page's cursor and first drawn article (positions in the list).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Front {
    pub cursor: usize,
    pub top: usize,
}

/// How far loading has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub found: usize,
    pub read: usize,
    pub elapsed: std::time::Duration,
}

/// Merges two sorted lists.
fn merge_by<T: Copy>(a: Vec<T>, b: Vec<T>, le: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if le(&a[i], &b[j]) {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The order of the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Newest first; undated articles by sequence number, then age.
    #[default]
    Date,
    Title,
    /// Grouped by source (articles without one last), newest first within.
    Source,
}

impl SortOrder {
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Date => "date",
            SortOrder::Title => "title",
            SortOrder::Source => "source",
        }
    }

    fn next(self) -> SortOrder {
        match self {
            SortOrder::Date => SortOrder::Title,
            SortOrder::Title => SortOrder::Source,
            SortOrder::Source => SortOrder::Date,
        }
    }
}

/// In-story find: the query and its hits in the article being read.
#[derive(Clone, Debug, Default)]
pub struct Find {
    pub query: String,
    /// In reading order; in the summary view, key points only.
    pub hits: Vec<Hit>,
    pub current: usize,
    /// For evidence: the hits' order of visit with n/N (best first), and
    /// the position reached in it. None for an ordinary find.
    pub visit: Option<(Vec<usize>, usize)>,
    /// The article's folded text, kept while it stays selected.
    folded: Option<(usize, FoldedArticle)>,
}

/// Collection search: the query, its ranked results and per-row snippets.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub query: String,
    pub results: Vec<Found>,
    /// The article selected before the search, restored by Esc.
    saved: Option<usize>,
    snippets: HashMap<usize, Snippet>,
}

pub struct App {
    pub(crate) articles: Vec<Arc<Article>>,
    pub(crate) issues: Vec<FileIssue>,
    pub(crate) keymap: Keymap,
    index: Index,
    /// The articles `index` was built from; its numbers are positions here.
    indexed: Vec<Arc<Article>>,
    /// While a new index is being built: for each position in `indexed`,
    /// the article's position now (None when it is gone).
    remap: Option<Vec<Option<usize>>>,
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
    summaries: HashMap<String, Vec<Extract>>,
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
            articles: collection.articles,
            issues: collection.issues,
            keymap: Keymap::default(),
            index,
            indexed,
            remap: None,
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
        };
        app.recount();
        app.refresh();
        app
    }

    /// Applies the user's settings: view, order, theme, keys, width.
    pub fn configure(&mut self, config: &crate::config::Config) {
        self.view = config.view;
        self.keymap = config.keymap.clone();
        self.theme = config.theme;
        self.max_width = config.reading_width;
        self.mark_read_on_open = config.mark_read_on_open;
        self.set_sort(config.sort);
        self.refresh();
    }

    /// Takes the marks saved from an earlier run.
    pub fn set_marks(&mut self, marks: Marks) {
        self.marks = marks;
        self.recount();
        self.relist();
    }

    /// The marks, when they changed since last asked: for the runtime to
    /// save (off the UI thread).
    pub fn take_changed_marks(&mut self) -> Option<Marks> {
        std::mem::take(&mut self.marks_dirty).then(|| self.marks.clone())
    }

    pub fn mark(&self, article: usize) -> Option<&Mark> {
        self.marks.get(&self.articles.get(article)?.id)
    }

    pub fn is_read(&self, article: usize) -> bool {
        self.mark(article).is_some_and(|m| m.read)
    }

    pub fn is_bookmarked(&self, article: usize) -> bool {
        self.mark(article).is_some_and(|m| m.bookmarked)
    }

    /// Unread articles in the collection (counted when marks or articles
    /// change, not on every frame).
    pub fn unread_count(&self) -> usize {
        self.unread
    }

    fn recount(&mut self) {
        self.unread = (0..self.articles.len()).filter(|&i| !self.is_read(i)).count();
    }

    pub fn only(&self) -> Only {
        self.only
    }

    /// The mark of an article, to change; remembered as changed now.
    fn mark_mut(&mut self, article: usize) -> &mut Mark {
        self.marks_dirty = true;
        let mark = self.marks.entry(self.articles[article].id.clone()).or_default();
        mark.updated = now_ms();
        mark
    }

    fn passes(&self, article: usize) -> bool {
        match self.only {
            Only::All => true,
            Only::Unread => !self.is_read(article),
            Only::Bookmarked => self.is_bookmarked(article),
        }
    }

    /// The sort order, less what the unread/bookmarked filter hides.
    fn listed(&self) -> Vec<usize> {
        self.order.iter().copied().filter(|&i| self.passes(i)).collect()
    }

    /// Lists again after the filter changed, keeping the selected article
    /// when it is still listed.
    fn relist(&mut self) {
        let current = self.current();
        if self.search.is_some() {
            self.rerun_search();
        } else {
            self.shown = self.listed();
        }
        if let Some(position) = current.and_then(|a| self.shown.iter().position(|&i| i == a)) {
            self.selected = position;
        }
        self.refresh();
        self.refresh_find();
    }

    /// Remembers where the selected article is being read, when it has
    /// been scrolled (or was remembered before).
    fn remember_position(&mut self) {
        let (Some(article), Some(doc)) = (self.current(), &self.document) else { return };
        let (lines, top) = match self.view {
            View::Full => (&doc.body, self.article_scroll),
            View::Summary => (&doc.key_points, self.key_points_scroll),
        };
        let block = lines[top.min(lines.len())..].iter().find_map(|l| match l.source {
            Source::Paragraph(i) | Source::KeyPoint(i) => Some(i),
            _ => None,
        });
        let position = block.map(|block| Position { full: self.view == View::Full, block });
        let known = self.mark(article).and_then(|m| m.position);
        if known != position && (top > 0 || known.is_some()) {
            self.mark_mut(article).position = position;
        }
    }

    /// Call before the reader closes, however it closes: remembers where
    /// the current article was being read.
    pub fn prepare_exit(&mut self) {
        self.remember_position();
    }

    /// Returns to where the selected article was being read.
    fn restore_position(&mut self) {
        let Some(position) = self.current().and_then(|a| self.mark(a)).and_then(|m| m.position) else {
            return;
        };
        let view = if position.full { View::Full } else { View::Summary };
        if view != self.view {
            self.view = view;
            self.refresh();
            self.focus = self.reading_pane();
        }
        let Some(doc) = &self.document else { return };
        let (pane, lines, source) = match view {
            View::Full => (Pane::Article, &doc.body, Source::Paragraph(position.block)),
            View::Summary => (Pane::KeyPoints, &doc.key_points, Source::KeyPoint(position.block)),
        };
        if let Some(line) = lines.iter().position(|l| l.source == source) {
            self.set_scroll(pane, line);
        }
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

    pub fn editing(&self) -> Option<Editing> {
        self.editing
    }

    pub fn find(&self) -> &Find {
        &self.find
    }

    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    /// The snippet of a result row, once computed for a visible row.
    pub fn snippet(&self, article: usize) -> Option<&Snippet> {
        self.search.as_ref()?.snippets.get(&article)
    }

    /// Whether the list shows search results (two lines per row).
    pub fn showing_results(&self) -> bool {
        self.search.as_ref().is_some_and(|s| !Query::parse(&s.query).is_empty())
    }

    /// Scroll offset (first visible line) of a pane.
    pub fn scroll(&self, pane: Pane) -> usize {
        match pane {
            Pane::List => self.list_offset,
            Pane::KeyPoints => self.key_points_scroll,
            Pane::Article => self.article_scroll,
        }
    }

    pub fn update(&mut self, event: Event) -> Option<Effect> {
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
        }
    }

    /// Brings changed files into the collection. The selected article, the
    /// scroll positions, the search and the find stay where they were,
    /// unless the article under them is gone.
    fn apply_changes(&mut self, changes: Vec<Change>) -> Reindex {
        // Remember articles by identity: positions are about to change.
        let key = |a: &Article| (a.origin.clone(), a.id.clone());
        let selected = self.current().map(|i| key(&self.articles[i]));
        let saved = self.search.as_ref().and_then(|s| s.saved).map(|i| key(&self.articles[i]));
        for change in changes {
            let gone = |p: &Path| p.starts_with(change.path());
            self.articles.retain(|a| !matches!(&a.origin, Origin::File(p) if gone(p)));
            self.issues.retain(|i| !gone(Path::new(&i.path)));
            if let Change::File { load, .. } = change {
                self.articles.extend(load.articles);
                self.issues.extend(load.issue);
            }
        }
        sort_articles(&mut self.articles);
        // Positions are meaningless until the list is rebuilt below; the
        // scroll positions are put back if the article is still there.
        let scrolls = (self.key_points_scroll, self.article_scroll);
        self.shown.clear();
        self.selected = 0;
        self.recount();
        // Until the new index arrives, the old one answers searches for
        // the articles it knows, mapped to where they are now.
        self.generation += 1;
        let now: HashMap<*const Article, usize> =
            self.articles.iter().enumerate().map(|(i, a)| (Arc::as_ptr(a), i)).collect();
        self.remap = Some(self.indexed.iter().map(|a| now.get(&Arc::as_ptr(a)).copied()).collect());
        // Find an article again: the same one, else (edited) one from the
        // same file.
        let locate = |articles: &[Arc<Article>], (origin, id): &(Origin, String)| {
            articles
                .iter()
                .position(|a| a.origin == *origin && a.id == *id)
                .or_else(|| articles.iter().position(|a| a.origin == *origin))
        };
        let selected = selected.and_then(|k| locate(&self.articles, &k));
        if let Some(search) = self.search.as_mut() {
            search.saved = saved.and_then(|k| locate(&self.articles, &k));
            search.snippets.clear();
        }
        self.find.folded = None;
        self.set_sort(self.sort);
        if self.search.is_some() {
            self.rerun_search();
        }
        let position = selected.and_then(|a| self.shown.iter().position(|&i| i == a));
        match position {
            Some(position) => {
                self.selected = position;
                (self.key_points_scroll, self.article_scroll) = scrolls;
            }
            None => {
                self.key_points_scroll = 0;
                self.article_scroll = 0;
            }
        }
        self.refresh();
        self.refresh_find();
        Reindex { generation: self.generation, articles: self.articles.clone() }
    }

    /// Runs work deferred while events were pouring in: the collection
    /// search for the latest query. The runtime calls it before drawing.
    pub fn tick(&mut self) {
        if !std::mem::take(&mut self.pending_search) {
            return;
        }
        self.rerun_search();
        self.selected = 0;
        self.list_offset = 0;
        self.key_points_scroll = 0;
        self.article_scroll = 0;
        self.refresh();
        self.refresh_find();
    }

    /// Adds freshly read articles. Loading only appends, so every position
    /// (selection, search results, the index in use) stays valid; the
    /// index is rebuilt when loading ends, or as it goes while a search is
    /// open, so the search covers what has loaded so far.
    fn take_batch(&mut self, batch: Batch) -> Option<Effect> {
        let first = self.articles.len();
        let current = self.current();
        self.articles.extend(batch.articles);
        self.issues.extend(batch.issues);
        self.loading = (!batch.done).then_some(Progress {
            found: batch.found,
            read: batch.read,
            elapsed: batch.elapsed,
        });
        let mut new: Vec<usize> = (first..self.articles.len()).collect();
        if self.sort == SortOrder::Date {
            // Merge the new articles into the order instead of sorting all.
            let articles = &self.articles;
            new.sort_by(|&a, &b| date_order(&articles[a], &articles[b]));
            let old = std::mem::take(&mut self.order);
            self.order = merge_by(old, new, |&a, &b| date_order(&articles[a], &articles[b]).is_le());
        } else {
            self.order.extend(new);
            self.set_sort(self.sort);
        }
        self.recount();
        if self.search.is_some() {
            self.rerun_search();
        } else {
            self.shown = self.listed();
        }
        self.selected = current.and_then(|a| self.shown.iter().position(|&i| i == a)).unwrap_or(0);
        self.refresh();
        let wanted = batch.done || (self.search.is_some() && self.articles.len() > first);
        wanted.then(|| {
            Effect::Reindex(Reindex { generation: self.generation, articles: self.articles.clone() })
        })
    }

    /// Says that articles are on their way (before the first batch).
    pub fn start_loading(&mut self) {
        self.loading = Some(Progress { found: 0, read: 0, elapsed: std::time::Duration::ZERO });
    }

    /// Whether the search index is behind the articles (being rebuilt).
    pub fn indexing(&self) -> bool {
        self.remap.is_some() || self.indexed.len() < self.articles.len()
    }

    /// Whether the collection is still being read, and how far along.
    pub fn loading(&self) -> Option<Progress> {
        self.loading
    }

    /// Takes a finished index, unless articles moved since it was asked
    /// for or it knows fewer articles than the one in use (a newer one is
    /// on its way).
    fn install_index(&mut self, indexed: Indexed) {
        if indexed.generation != self.generation
            || (self.remap.is_none() && indexed.articles.len() < self.indexed.len())
        {
            return;
        }
        self.index = indexed.index;
        self.indexed = indexed.articles;
        self.remap = None;
        if self.search.is_some() {
            let current = self.current();
            self.rerun_search();
            self.selected = current.and_then(|a| self.shown.iter().position(|&i| i == a)).unwrap_or(0);
            self.refresh();
        }
    }

    /// Runs the collection search again over the current articles.
    fn rerun_search(&mut self) {
        let Some(search) = self.search.as_mut() else { return };
        let query = Query::parse(&search.query);
        search.snippets.clear();
        if query.is_empty() {
            search.results.clear();
            self.shown = self.listed();
            return;
        } else {
            search.results = if query.terms.is_empty() {
                search_collection(&self.index, &self.articles, &query, &self.order)
            } else {
                let found = search_collection(&self.index, &self.indexed, &query, &[]);
                match &self.remap {
                    None => found,
                    Some(now) => found
                        .into_iter()
                        .filter_map(|f| Some(Found { article: now[f.article]?, ..f }))
                        .collect(),
                }
            };
            self.shown = search.results.iter().map(|f| f.article).collect();
        }
        if self.only != Only::All {
            let shown = std::mem::take(&mut self.shown);
            self.shown = shown.into_iter().filter(|&i| self.passes(i)).collect();
        }
    }

    /// The wheel scrolls the pane under the pointer (in the list it moves
    /// the selection); a click focuses a pane or selects a list row, and a
    /// click on the selected row opens it.
    fn on_mouse(&mut self, mouse: MouseEvent) {
        if self.help.is_some() || self.front.is_some() {
            return;
        }
        let at = ratatui::layout::Position { x: mouse.column, y: mouse.row };
        let areas = self.areas();
        let over =
            [(Pane::List, areas.list), (Pane::KeyPoints, areas.key_points), (Pane::Article, areas.article)]
                .into_iter()
                .find_map(|(pane, rect)| rect.filter(|r| r.contains(at)).map(|r| (pane, r)));
        let Some((pane, rect)) = over else { return };
        const WHEEL_LINES: usize = 3;
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = mouse.kind == MouseEventKind::ScrollDown;
                if pane == Pane::List {
                    self.select(if down { self.selected + 1 } else { self.selected.saturating_sub(1) });
                } else {
                    let pos = self.scroll(pane);
                    self.set_scroll(
                        pane,
                        if down { pos + WHEEL_LINES } else { pos.saturating_sub(WHEEL_LINES) },
                    );
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if pane == Pane::List {
                    let inner_top = rect.y + 1;
                    if at.y < inner_top || at.y + 1 >= rect.bottom() {
                        self.focus = Pane::List;
                        return;
                    }
                    let row = self.list_offset + usize::from(at.y - inner_top) / self.list_row_height();
                    if row < self.shown.len() {
                        if row == self.selected && self.focus == Pane::List {
                            self.open();
                        } else {
                            self.focus = Pane::List;
                            self.select(row);
                        }
                    }
                } else if self.focusable().contains(&pane) {
                    self.focus = pane;
                }
                self.clamp();
            }
            _ => {}
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

    /// Keys while a query is being typed: text editing, Enter, Esc.
    fn on_edit_key(&mut self, editing: Editing, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let query = match editing {
            Editing::Find => &mut self.find.query,
            Editing::Search => match self.search.as_mut() {
                Some(search) => &mut search.query,
                None => return,
            },
        };
        match key.code {
            KeyCode::Esc => return self.cancel_edit(editing),
            KeyCode::Enter => return self.commit_edit(editing),
            KeyCode::Up if editing == Editing::Search => return self.select(self.selected.saturating_sub(1)),
            KeyCode::Down if editing == Editing::Search => return self.select(self.selected + 1),
            KeyCode::Char('p') if ctrl && editing == Editing::Search => {
                return self.select(self.selected.saturating_sub(1));
            }
            KeyCode::Char('n') if ctrl && editing == Editing::Search => {
                return self.select(self.selected + 1);
            }
            KeyCode::Backspace => {
                let keep = query.grapheme_indices(true).next_back().map_or(0, |(i, _)| i);
                query.truncate(keep);
            }
            KeyCode::Char('u') if ctrl => query.clear(),
            KeyCode::Char('w') if ctrl => {
                let trimmed = query.trim_end().len();
                let keep = query[..trimmed].rfind(char::is_whitespace).map_or(0, |i| i + 1);
                query.truncate(keep);
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) && !c.is_control() => {
                if query.chars().count() >= MAX_QUERY_CHARS {
                    return;
                }
                query.push(c);
            }
            _ => return,
        }
        match editing {
            Editing::Find => self.refresh_find(),
            Editing::Search => self.pending_search = true,
        }
    }

    fn cancel_edit(&mut self, editing: Editing) {
        self.editing = None;
        match editing {
            Editing::Find => {
                self.find.query.clear();
                self.find.hits.clear();
            }
            Editing::Search => self.clear_search(),
        }
    }

    fn commit_edit(&mut self, editing: Editing) {
        self.editing = None;
        match editing {
            Editing::Find if self.find.query.trim().is_empty() => self.cancel_edit(editing),
            Editing::Find => {}
            Editing::Search => {
                self.tick();
                if self.search.as_ref().is_some_and(|s| s.query.trim().is_empty()) {
                    self.clear_search();
                } else {
                    self.open();
                }
            }
        }
    }

    /// Ends a collection search: the whole list again, and the selection
    /// it had before.
    fn clear_search(&mut self) {
        let Some(search) = self.search.take() else { return };
        self.pending_search = false;
        self.shown = self.listed();
        let restore = search.saved.or_else(|| self.current());
        self.selected = restore.and_then(|a| self.shown.iter().position(|&i| i == a)).unwrap_or(0);
        self.key_points_scroll = 0;
        self.article_scroll = 0;
        self.refresh();
        self.refresh_find();
    }

    /// Keys on the front page: move between articles, open one, mark it.
    fn on_front_action(&mut self, action: Action) {
        let Some(front) = self.front else { return };
        let last = self.shown.len().saturating_sub(1);
        let to = match action {
            Action::SelectNext | Action::ScrollDown => front.cursor + 1,
            Action::SelectPrev | Action::ScrollUp => front.cursor.saturating_sub(1),
            Action::PageDown => front.cursor + 5,
            Action::PageUp => front.cursor.saturating_sub(5),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Open => {
                self.front = None;
                self.select(front.cursor);
                self.open();
                self.clamp();
                return;
            }
            Action::ToggleRead | Action::ToggleBookmark => {
                if let Some(&article) = self.shown.get(front.cursor) {
                    let mark = self.mark_mut(article);
                    if action == Action::ToggleRead {
                        mark.read = !mark.read;
                    } else {
                        mark.bookmarked = !mark.bookmarked;
                    }
                    self.recount();
                }
                return;
            }
            Action::FrontPage | Action::Back => {
                self.front = None;
                self.select(front.cursor);
                return;
            }
            _ => return,
        };
        self.move_front(to.min(last));
    }

    /// Moves the front page's cursor, scrolling so its article shows.
    fn move_front(&mut self, cursor: usize) {
        let Some(mut front) = self.front else { return };
        front.cursor = cursor;
        if cursor < front.top {
            front.top = cursor;
        }
        let (width, height) = self.front_area();
        // Drop articles off the top until the cursor's fits below them.
        loop {
            let used: usize = (front.top..=cursor).map(|p| self.front_block_height(p, width)).sum();
            if used <= height || front.top == cursor {
                break;
            }
            front.top += 1;
        }
        self.front = Some(front);
        self.fill_front_summaries();
    }

    /// Text width and height of the front page.
    pub(crate) fn front_area(&self) -> (usize, usize) {
        let main = Rect { height: self.size.height.saturating_sub(1), ..self.size };
        let text = layout::text_area(main, self.max_width);
        (usize::from(text.width).max(1), usize::from(text.height))
    }

    /// The key points the front page shows for an article: its own, or
    /// extracted ones (true) once computed.
    pub(crate) fn front_points(&self, article: usize) -> (Vec<&str>, bool) {
        let a = &self.articles[article];
        if !a.key_points.is_empty() {
            return (a.key_points.iter().map(String::as_str).collect(), false);
        }
        let extracted = self
            .summaries
            .get(&a.id)
            .map(|ex| ex.iter().map(|e| &a.body[e.paragraph][e.range.clone()]).collect::<Vec<&str>>());
        (extracted.unwrap_or_default(), true)
    }

    /// Lines an article takes on the front page: title, metadata, key
    /// points, and a blank line.
    pub(crate) fn front_block_height(&self, position: usize, width: usize) -> usize {
        let Some(&article) = self.shown.get(position) else { return 0 };
        let a = &self.articles[article];
        let points: usize = self
            .front_points(article)
            .0
            .iter()
            .map(|p| crate::wrap::wrap(p, width.saturating_sub(2).max(1)).len())
            .sum();
        crate::wrap::wrap(&a.title, width.saturating_sub(2).max(1)).len() + 1 + points + 1
    }

    /// Makes the summaries of the articles the front page shows.
    fn fill_front_summaries(&mut self) {
        let Some(front) = self.front else { return };
        let (_, height) = self.front_area();
        for &article in self.shown.iter().skip(front.top).take(height / 2 + 1) {
            let a = &self.articles[article];
            if a.key_points.is_empty() && !self.summaries.contains_key(&a.id) {
                let extracts = summarize(a);
                self.summaries.insert(a.id.clone(), extracts);
            }
        }
    }

    pub fn front(&self) -> Option<Front> {
        self.front
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
                Some(url) => {
                    self.message = Some(format!("opening {url}"));
                    return Some(Effect::OpenUrl(url));
                }
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
                self.order.sort_by(|&a, &b| date_order(&articles[a], &articles[b]));
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

    fn start_edit(&mut self) {
        if self.focus == Pane::List {
            let saved = self.current();
            self.search.get_or_insert_with(|| Search { saved, ..Search::default() });
            self.editing = Some(Editing::Search);
        } else if self.current().is_some() {
            self.find.query.clear();
            self.find.hits.clear();
            self.find.visit = None;
            self.editing = Some(Editing::Find);
        }
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
            let folded = FoldedArticle::new(&self.articles[article]);
            let everywhere = Fields { title: false, body: true };
            let hits = folded.hits(&self.articles[article], &Query::parse(&query), everywhere);
            if hits.first().is_some_and(|h| matches!(h.source, Source::Paragraph(_))) {
                self.view = View::Full;
                self.refresh();
            }
            self.find =
                Find { query, hits: Vec::new(), current: 0, visit: None, folded: Some((article, folded)) };
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

    /// Recomputes the find hits for the selected article and view, keeping
    /// the current hit where it was (or the next one), and scrolls to it.
    fn refresh_find(&mut self) {
        // Evidence is placed by hand (show_evidence) and kept as it is.
        if self.find.visit.is_some() {
            self.reveal_hit();
            return;
        }
        let Some(article) = self.current().filter(|_| !self.find.query.trim().is_empty()) else {
            self.find.hits.clear();
            return;
        };
        if self.find.folded.as_ref().is_none_or(|(i, _)| *i != article) {
            self.find.folded = Some((article, FoldedArticle::new(&self.articles[article])));
        }
        let (_, folded) = self.find.folded.as_ref().expect("just set");
        let fields = Fields { title: false, body: self.view == View::Full };
        let hits = folded.hits(&self.articles[article], &Query::parse(&self.find.query), fields);
        let previous = self.find.hits.get(self.find.current).map(hit_order);
        self.find.current = previous.and_then(|p| hits.iter().position(|h| hit_order(h) >= p)).unwrap_or(0);
        self.find.hits = hits;
        self.reveal_hit();
    }

    fn step_hit(&mut self, step: isize) {
        let n = self.find.hits.len();
        if n == 0 {
            return;
        }
        match &mut self.find.visit {
            Some((order, at)) => {
                *at = (*at as isize + step).rem_euclid(order.len() as isize) as usize;
                self.find.current = order[*at];
            }
            None => self.find.current = (self.find.current as isize + step).rem_euclid(n as isize) as usize,
        }
        self.reveal_hit();
    }

    /// Number of key points shown for the selected article.
    fn point_count(&self) -> usize {
        self.document.as_ref().map_or(0, |d| {
            d.key_points
                .iter()
                .filter(|l| matches!(l.lead, crate::document::Lead::Item { first: true, .. }))
                .count()
        })
    }

    /// Moves the key-point cursor and scrolls its lines into view.
    fn move_point(&mut self, to: usize) {
        let count = self.point_count();
        if count == 0 {
            return;
        }
        self.point = to.min(count - 1);
        let Some(doc) = &self.document else { return };
        let Some(first) = doc.key_points.iter().position(|l| l.source == Source::KeyPoint(self.point)) else {
            return;
        };
        let last =
            doc.key_points.iter().rposition(|l| l.source == Source::KeyPoint(self.point)).unwrap_or(first);
        let page = self.page_height(Pane::KeyPoints).max(1);
        let top = self.key_points_scroll;
        if first < top {
            self.set_scroll(Pane::KeyPoints, first);
        } else if last >= top + page {
            self.set_scroll(Pane::KeyPoints, (last + 1).saturating_sub(page).min(first));
        }
    }

    /// Shows the evidence for the selected key point: the full text at the
    /// best supporting sentence, highlighted, with n/N for the next best;
    /// for an extracted point, the sentence it was taken from. Says so
    /// when nothing in the text supports the point.
    fn show_evidence(&mut self) {
        let Some(article) = self.current() else { return };
        let a = Arc::clone(&self.articles[article]);
        let supporting: Vec<Extract> = if a.key_points.is_empty() {
            self.summaries.get(&a.id).and_then(|s| s.get(self.point)).cloned().into_iter().collect()
        } else {
            let Some(point) = a.key_points.get(self.point) else { return };
            evidence(&a, point).into_iter().map(|(e, _)| e).collect()
        };
        if supporting.is_empty() {
            self.message = Some("no passage in the text clearly supports this key point".into());
            return;
        }
        // Hits are kept in reading order for drawing; n/N visit them best first.
        let mut hits: Vec<(usize, Hit)> = supporting
            .into_iter()
            .enumerate()
            .map(|(rank, e)| (rank, Hit { source: Source::Paragraph(e.paragraph), range: e.range }))
            .collect();
        hits.sort_by_key(|(_, h)| (h.source.order(), h.range.start));
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_by_key(|&i| hits[i].0);
        let best = order[0];
        self.view = View::Full;
        self.refresh();
        self.find = Find {
            query: String::new(),
            hits: hits.into_iter().map(|(_, h)| h).collect(),
            current: best,
            visit: Some((order, 0)),
            folded: None,
        };
        self.focus = Pane::Article;
        self.clamp();
        self.reveal_hit();
    }

    /// Scrolls (and if need be unfolds or focuses) the pane holding the
    /// current hit so that it is on screen.
    fn reveal_hit(&mut self) {
        let Some(hit) = self.find.hits.get(self.find.current) else { return };
        let Some(doc) = &self.document else { return };
        let (pane, lines) = match hit.source {
            Source::KeyPoint(_) => (Pane::KeyPoints, &doc.key_points),
            Source::Paragraph(_) => (Pane::Article, &doc.body),
            _ => return,
        };
        let line = lines
            .iter()
            .rposition(|l| l.source == hit.source && l.range.start <= hit.range.start)
            .unwrap_or(0);
        if pane == Pane::KeyPoints && self.view == View::Full {
            self.key_points_folded = false;
        }
        if self.focus != Pane::List && self.focus != pane && self.page_height(pane) == 0 {
            self.focus = pane;
        }
        let page = self.page_height(pane).max(1);
        let top = self.scroll(pane);
        if line < top || line >= top + page {
            self.set_scroll(pane, line.saturating_sub(page / 3));
        }
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
        let stale = self.document.as_ref().is_none_or(|d| {
            Some(d.article) != current
                || current.is_some_and(|i| self.articles[i].id != d.id)
                || d.width != width.max(1)
                || d.spacing != spacing
        });
        if stale {
            self.document = current.map(|i| {
                let article = &self.articles[i];
                // Summaries are made when first shown and kept.
                let extracted = if article.key_points.is_empty() {
                    let extracts =
                        self.summaries.entry(article.id.clone()).or_insert_with(|| summarize(article));
                    extracts.iter().map(|e| article.body[e.paragraph][e.range.clone()].to_string()).collect()
                } else {
                    Vec::new()
                };
                Document::build(i, article, extracted, width, spacing)
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

    /// Computes the snippets of the result rows on screen, once each.
    fn fill_snippets(&mut self) {
        if !self.showing_results() {
            return;
        }
        let rows = self.page_height(Pane::List).max(1);
        let visible: Vec<usize> = self.shown.iter().skip(self.list_offset).take(rows).copied().collect();
        let Some(search) = self.search.as_mut() else { return };
        let query = Query::parse(&search.query);
        for article in visible {
            search.snippets.entry(article).or_insert_with(|| snippet(&self.articles[article], &query));
        }
    }
}

/// Sort key of a hit in reading order.
fn hit_order(hit: &Hit) -> ((u8, usize), usize) {
    (hit.source.order(), hit.range.start)
}
