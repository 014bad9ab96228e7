//! Articles arriving and changing: loading batches, file changes, and the search index rebuilt off the UI thread.

use super::*;
use crate::collection::above;

/// Work for the indexing thread: a snapshot of the articles.
#[derive(Clone, Debug)]
pub struct Reindex {
    pub generation: u64,
    pub articles: Vec<Arc<Article>>,
    /// Whether these are all the articles (loading has finished), so the
    /// index is worth caching.
    pub complete: bool,
    /// Indexes that already cover some of the articles; the rest (which
    /// hold their bodies: new or changed files) are built from their text.
    pub parts: Vec<Part>,
}

impl PartialEq for Reindex {
    fn eq(&self, other: &Reindex) -> bool {
        self.generation == other.generation
    }
}

impl Eq for Reindex {}

/// A finished index and the articles it was built from.
#[derive(Debug)]
pub struct Indexed {
    pub generation: u64,
    pub articles: Vec<Arc<Article>>,
    pub index: Arc<Index>,
}

/// How far loading has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub found: usize,
    pub read: usize,
    pub elapsed: std::time::Duration,
}

impl App {
    /// Brings changed files into the collection. The selected article, the
    /// scroll positions, the search and the find stay where they were,
    /// unless the article under them is gone.
    pub(super) fn apply_changes(&mut self, changes: Vec<Change>) -> Reindex {
        // One pass over the articles whatever the number of changes (a
        // thousand files copied in at once into 100,000 are one event):
        // paths are looked up by their bytes, an article's path and the
        // folders above it.
        fn bytes(p: &Path) -> &[u8] {
            p.as_os_str().as_encoded_bytes()
        }
        let changed: rustc_hash::FxHashSet<&[u8]> = changes.iter().map(|c| bytes(c.path())).collect();
        let touched = |p: &Path| above(bytes(p)).any(|p| changed.contains(p));
        // A file counts as it was last seen: a later change to it, or to a
        // folder above it, outdates an earlier one.
        let mut later = rustc_hash::FxHashSet::default();
        let mut current: Vec<bool> = changes
            .iter()
            .rev()
            .map(|c| {
                let outdated = above(bytes(c.path())).any(|p| later.contains(p));
                later.insert(bytes(c.path()));
                !outdated
            })
            .collect();
        current.reverse();
        let selected = self.current();
        let saved = self.search.as_ref().and_then(|s| s.saved);
        let key = |a: &Article| (a.origin.clone(), a.id.clone());
        let (selected_key, saved_key) =
            (selected.map(|i| key(&self.articles[i])), saved.map(|i| key(&self.articles[i])));
        // Where each article is now (none: its file changed or went). When
        // no changed path is a place an article is at or under (files
        // copied in), every article stays where it is: no pass over them.
        let new_places = changes.iter().all(|c| !self.places.contains(c.path()));
        let moved: Option<Vec<Option<usize>>> = (!new_places).then(|| {
            let mut moved = Vec::with_capacity(self.articles.len());
            let mut kept = Vec::with_capacity(self.articles.len());
            for a in std::mem::take(&mut self.articles) {
                if matches!(&a.origin, Origin::File(p) if touched(p)) {
                    moved.push(None);
                } else {
                    moved.push(Some(kept.len()));
                    kept.push(a);
                }
            }
            self.articles = kept;
            moved
        });
        let moved_to = |i: usize| moved.as_ref().map_or(Some(i), |m| m.get(i).copied().flatten());
        self.issues.retain(|i| !touched(Path::new(&i.path)));
        drop(changed);
        let first_new = self.articles.len();
        for (change, current) in changes.into_iter().zip(current) {
            if let (Change::File { load, .. }, true) = (change, current) {
                self.articles.extend(load.articles);
                self.issues.extend(load.issue);
            }
        }
        // The list keeps its order; new articles are placed into it.
        let order = std::mem::take(&mut self.list.order);
        if moved.is_some() {
            self.list.order = order.into_iter().filter_map(moved_to).collect();
        } else {
            self.list.order = order;
        }
        self.note_places(first_new);
        self.place(first_new, None);
        // Positions are meaningless until the list is rebuilt below; the
        // scroll positions are put back if the article is still there.
        let scrolls = (self.reading.key_points_scroll, self.reading.article_scroll);
        self.list.shown.clear();
        self.list.selected = 0;
        if moved.is_some() {
            self.survey();
        } else {
            self.survey_from(first_new);
        }
        // Until the new index arrives, the old one answers searches for
        // the articles it knows, mapped to where they are now.
        self.ix.generation += 1;
        let now: HashMap<*const Article, usize> =
            self.articles.iter().enumerate().map(|(i, a)| (Arc::as_ptr(a), i)).collect();
        self.ix.remap = Some(self.ix.indexed.iter().map(|a| now.get(&Arc::as_ptr(a)).copied()).collect());
        // Find an article again: the same one, else (edited) one from the
        // same file, among the new.
        let locate = |old: Option<usize>, key: Option<(Origin, String)>| {
            old.and_then(moved_to).or_else(|| {
                let (origin, id) = key?;
                let new = &self.articles[first_new..];
                new.iter()
                    .position(|a| a.origin == origin && a.id == id)
                    .or_else(|| new.iter().position(|a| a.origin == origin))
                    .map(|i| first_new + i)
            })
        };
        let selected = locate(selected, selected_key);
        let saved = locate(saved, saved_key);
        if let Some(search) = self.search.as_mut() {
            search.saved = saved;
            search.snippets.clear();
        }
        self.find.folded = None;
        self.order_changed();
        if self.search.is_some() {
            self.rerun_search();
        }
        if self.reselect(selected) {
            (self.reading.key_points_scroll, self.reading.article_scroll) = scrolls;
        } else {
            self.reading.key_points_scroll = 0;
            self.reading.article_scroll = 0;
        }
        // The index in use still knows every unchanged article: only the
        // new and changed ones are indexed from their text.
        let place = self.ix.remap.iter().flatten().map(|at| at.map(|i| i as u32)).collect();
        self.ix.parts.clear();
        Reindex {
            generation: self.ix.generation,
            articles: self.articles.clone(),
            complete: self.loading.is_none(),
            parts: vec![Part { index: Arc::clone(&self.ix.index), place }],
        }
    }

    /// Adds freshly read articles. Loading only appends, so every position
    /// (selection, search results, the index in use) stays valid; the
    /// index is rebuilt when loading ends, or as it goes while a search is
    /// open, so the search covers what has loaded so far.
    pub(super) fn take_batch(&mut self, mut batch: Batch) -> Option<Effect> {
        if let Some(preview) = batch.preview.take() {
            // Only ever before the collection itself; its dates set the
            // date column, as the collection's will.
            if self.articles.is_empty() {
                use chrono::Datelike;
                let years = preview.articles.iter().filter_map(|a| Some(a.meta.date?.at.year()));
                self.list.years =
                    years.fold(None, |span, y| Some(span.map_or((y, y), |(lo, hi)| (y.min(lo), y.max(hi)))));
                self.preview = Some(preview);
            }
            return None;
        }
        if (!batch.articles.is_empty() || batch.done) && self.preview.take().is_some() {
            self.list.years = None;
        }
        // The loader's places, made while it walked, cover every file found.
        if let Some(places) = batch.places.take() {
            self.places = places;
        }
        if !batch.gone.is_empty() {
            // Articles taken from the cache whose files changed or went:
            // out, as any file that goes while brief runs. The index they
            // came with keeps answering for the rest until the new one.
            let gone = std::mem::take(&mut batch.gone).into_iter().map(Change::Removed).collect();
            self.ix.parts = self.apply_changes(gone).parts;
            self.ix.index_from_cache = false;
        }
        let first = self.articles.len();
        let current = self.current();
        // A batch's index numbers exactly its articles: the first one is
        // used as it is, at once; all of them are combined at the end.
        self.articles.extend(batch.articles);
        if let Some(mut part) = batch.part {
            let whole = part.place.len() == self.articles.len() && part.is_whole();
            for at in part.place.iter_mut().flatten() {
                *at += first as u32;
            }
            if whole {
                self.ix.index = Arc::clone(&part.index);
                self.ix.indexed = self.articles.clone();
                self.ix.remap = None;
                self.ix.index_from_cache = batch.from_cache;
            }
            self.ix.parts.push(part);
        }
        self.issues.extend(batch.issues);
        self.loading = (!batch.done).then_some(Progress {
            found: batch.found,
            read: batch.read,
            elapsed: batch.elapsed,
        });
        // The cache's articles are noted by the walk's batch, which comes
        // next, before any change is taken in (see `places`).
        if !batch.from_cache {
            self.note_places(first);
        }
        self.place(first, batch.order.as_deref());
        self.survey_from(first);
        if self.search.is_some() {
            self.rerun_search();
        } else {
            self.list.shown = self.listed();
        }
        if !self.list.chosen || !self.reselect(current) {
            self.list.selected = 0;
        }
        // At the end, unless the cached index covers everything; as it goes
        // when a search is open.
        let cache_covers = self.ix.index_from_cache && self.ix.indexed.len() == self.articles.len();
        let wanted = (batch.done && !cache_covers) || (self.search.is_some() && self.articles.len() > first);
        let parts = if batch.done { std::mem::take(&mut self.ix.parts) } else { self.ix.parts.clone() };
        wanted.then(|| {
            Effect::Reindex(Reindex {
                generation: self.ix.generation,
                articles: self.articles.clone(),
                complete: batch.done,
                parts,
            })
        })
    }

    /// Says that articles are on their way (before the first batch).
    pub fn start_loading(&mut self) {
        self.loading = Some(Progress { found: 0, read: 0, elapsed: std::time::Duration::ZERO });
    }

    /// Whether the search index is behind the articles (being rebuilt).
    pub fn indexing(&self) -> bool {
        self.ix.remap.is_some() || self.ix.indexed.len() < self.articles.len()
    }

    /// Whether the collection is still being read, and how far along.
    pub fn loading(&self) -> Option<Progress> {
        self.loading
    }

    /// The list's first rows as the cache last had them, shown until the
    /// collection is in (see [`Preview`]).
    pub fn preview(&self) -> Option<&Preview> {
        self.preview.as_deref()
    }

    /// Takes a finished index, unless articles moved since it was asked
    /// for or it knows fewer articles than the one in use (a newer one is
    /// on its way).
    pub(super) fn install_index(&mut self, indexed: Indexed) {
        if indexed.generation != self.ix.generation
            || (self.ix.remap.is_none() && indexed.articles.len() < self.ix.indexed.len())
        {
            return;
        }
        self.ix.index = indexed.index;
        self.ix.indexed = indexed.articles;
        self.ix.remap = None;
        // New and changed files came with their bodies; indexed, they need
        // them no more (one being read keeps it in its document).
        for (mine, indexed) in self.articles.iter_mut().zip(self.ix.indexed.iter_mut()) {
            if mine.body.is_some() && matches!(mine.origin, Origin::File(_)) && Arc::ptr_eq(mine, indexed) {
                *mine = Arc::new((**mine).clone().without_body());
                *indexed = Arc::clone(mine);
            }
        }
        if self.search.is_some() {
            let current = self.current();
            self.rerun_search();
            if !self.reselect(current) {
                self.list.selected = 0;
            }
        }
    }
}

impl App {
    /// Notes the files of the articles from `first` on, and the folders
    /// above them, as places a change may touch (see `places`).
    pub(super) fn note_places(&mut self, first: usize) {
        for a in &self.articles[first..] {
            if let Origin::File(path) = &a.origin {
                self.places.note(path);
            }
        }
    }
}
