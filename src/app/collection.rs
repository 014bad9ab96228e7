//! Articles arriving and changing: loading batches, file changes, and the search index rebuilt off the UI thread.

use super::*;

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

/// Merges two sorted lists.
pub(super) fn merge_by<T: Copy>(a: Vec<T>, b: Vec<T>, le: impl Fn(&T, &T) -> bool) -> Vec<T> {
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

impl App {
    /// Brings changed files into the collection. The selected article, the
    /// scroll positions, the search and the find stay where they were,
    /// unless the article under them is gone.
    pub(super) fn apply_changes(&mut self, changes: Vec<Change>) -> Reindex {
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
        let scrolls = (self.reading.key_points_scroll, self.reading.article_scroll);
        self.list.shown.clear();
        self.list.selected = 0;
        self.survey();
        // Until the new index arrives, the old one answers searches for
        // the articles it knows, mapped to where they are now.
        self.ix.generation += 1;
        let now: HashMap<*const Article, usize> =
            self.articles.iter().enumerate().map(|(i, a)| (Arc::as_ptr(a), i)).collect();
        self.ix.remap = Some(self.ix.indexed.iter().map(|a| now.get(&Arc::as_ptr(a)).copied()).collect());
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
        self.set_sort(self.list.sort);
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
    pub(super) fn take_batch(&mut self, batch: Batch) -> Option<Effect> {
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
        let mut new: Vec<usize> = (first..self.articles.len()).collect();
        if self.list.sort == SortOrder::Date {
            // Merge the new articles into the order instead of sorting all.
            let articles = &self.articles;
            new.sort_by_cached_key(|&a| date_key(&articles[a]));
            let old = std::mem::take(&mut self.list.order);
            self.list.order = merge_by(old, new, |&a, &b| date_order(&articles[a], &articles[b]).is_le());
        } else {
            self.list.order.extend(new);
            self.set_sort(self.list.sort);
        }
        self.survey();
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
