//! Read marks, bookmarks, the unread/bookmarked filter and reading positions.

use super::*;

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

    /// The filter in a word, for the list's title.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Only::All => None,
            Only::Unread => Some("unread"),
            Only::Bookmarked => Some("bookmarked"),
        }
    }

    pub(super) fn next(self) -> Only {
        match self {
            Only::All => Only::Unread,
            Only::Unread => Only::Bookmarked,
            Only::Bookmarked => Only::All,
        }
    }
}

impl App {
    /// Takes the marks saved from an earlier run.
    pub fn set_marks(&mut self, marks: Marks) {
        self.marking.marks = marks;
        self.recount();
        self.relist();
    }

    /// The marks, when they changed since last asked: for the runtime to
    /// save (off the UI thread).
    pub fn take_changed_marks(&mut self) -> Option<Marks> {
        std::mem::take(&mut self.marking.dirty).then(|| self.marking.marks.clone())
    }

    pub fn mark(&self, article: usize) -> Option<&Mark> {
        self.mark_of(self.articles.get(article)?)
    }

    /// The mark of an article that may not be in the collection (yet).
    pub fn mark_of(&self, article: &Article) -> Option<&Mark> {
        self.marking.marks.get(&article.id)
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
        self.marking.unread
    }

    /// Marks an article read or unread, and says which.
    pub(super) fn toggle_read(&mut self, article: usize) {
        let read = !self.is_read(article);
        self.mark_mut(article).read = read;
        self.recount();
        self.message = Some(if read { "marked read" } else { "marked unread" }.into());
    }

    /// Bookmarks an article or takes the bookmark off, and says which.
    pub(super) fn toggle_bookmark(&mut self, article: usize) {
        let bookmarked = !self.is_bookmarked(article);
        self.mark_mut(article).bookmarked = bookmarked;
        self.message = Some(if bookmarked { "bookmarked" } else { "bookmark removed" }.into());
    }

    /// Marks every listed article read, remembering the marks before so
    /// that one key (`U`) puts them back.
    pub(super) fn mark_all_read(&mut self) {
        let unread: Vec<usize> = self.list.shown.iter().copied().filter(|&a| !self.is_read(a)).collect();
        if unread.is_empty() {
            self.message = Some("every listed article is read already".into());
            return;
        }
        let before = unread.iter().map(|&a| (self.articles[a].id.clone(), self.mark(a).cloned())).collect();
        for &article in &unread {
            self.mark_mut(article).read = true;
        }
        self.marking.undo = Some(before);
        self.recount();
        self.relist();
        let n = unread.len();
        let undo = self.prefs.keymap.keys_for(Action::Undo).into_iter().next();
        let undo = undo.map(|key| format!(" ({key} undoes)")).unwrap_or_default();
        self.message = Some(format!("marked {n} article{} read{undo}", if n == 1 { "" } else { "s" }));
    }

    /// Puts back the marks the last mark-all-read changed.
    pub(super) fn undo(&mut self) {
        let Some(before) = self.marking.undo.take() else {
            self.message = Some("nothing to undo".into());
            return;
        };
        let n = before.len();
        for (id, mark) in before {
            let mut restored = mark.unwrap_or_default();
            let changed = self.marking.marks.get(&id).map_or(0, |m| m.updated);
            restored.updated = self.now.max(changed + 1);
            self.marking.marks.insert(id, restored);
        }
        self.marking.dirty = true;
        self.recount();
        self.relist();
        self.message = Some(format!("{n} article{} unread again", if n == 1 { "" } else { "s" }));
    }

    /// Counts the unread stories (a copy of a story counts once), after
    /// marks or articles changed: one pass, no hashing, as it follows
    /// every mark.
    pub(super) fn recount(&mut self) {
        let first = &self.list.first_copy;
        self.marking.unread = (0..self.articles.len())
            .filter(|&i| first.get(i).copied().unwrap_or(true) && !self.is_read(i))
            .count();
    }

    /// Surveys the collection after articles arrived or changed: which
    /// article is the first of its text (copies count once), how many
    /// stories there are, and the years the dates span (the list has a
    /// date column only when there are dates, with the year when some are
    /// not this year's); then counts the unread.
    pub(super) fn survey(&mut self) {
        self.list.story_ids.clear();
        self.list.first_copy.clear();
        self.list.years = None;
        self.survey_from(0);
    }

    /// [`App::survey`] for articles appended from `first` on, the ones
    /// before unchanged: loading, or files copied in, cost what arrived.
    pub(super) fn survey_from(&mut self, first: usize) {
        use chrono::Datelike;
        let new = self.articles.len() - first;
        self.list.story_ids.reserve(new);
        self.list.first_copy.reserve(new);
        for a in &self.articles[first..] {
            self.list.first_copy.push(self.list.story_ids.insert(story_key(&a.id)));
            if let Some(d) = a.meta.date {
                let year = d.at.year();
                let span = self.list.years.map_or((year, year), |(lo, hi)| (lo.min(year), hi.max(year)));
                self.list.years = Some(span);
            }
        }
        self.list.stories = self.list.story_ids.len();
        if first == 0 {
            self.recount();
        } else {
            let first_copy = &self.list.first_copy;
            let unread = (first..self.articles.len()).filter(|&i| first_copy[i] && !self.is_read(i)).count();
            self.marking.unread += unread;
        }
    }
}

/// An article's id as a number, for the set of stories: the ten hex
/// digits ids are, or a hash (its top bit set, so the two never meet) of
/// any other.
fn story_key(id: &str) -> u64 {
    let digits = id.len() <= 15 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    match u64::from_str_radix(id, 16) {
        Ok(n) if digits => n,
        _ => xxhash_rust::xxh3::xxh3_64(id.as_bytes()) | 1 << 63,
    }
}

impl App {
    /// Whether the list is newest first: in date order, with dates, and
    /// not a search's ranking.
    pub fn newest_first(&self) -> bool {
        self.list.sort == crate::vocab::SortOrder::Date
            && self.list.years.is_some()
            && !self.showing_results()
    }

    /// How the list shows dates: none, or with the year when the dates
    /// are not all of the current year (known from the clock).
    pub fn date_column(&self) -> crate::vocab::DateColumn {
        use crate::vocab::DateColumn;
        use chrono::Datelike;
        // Before the clock is known, the short form.
        let this_year =
            (self.now > 0).then(|| chrono::DateTime::from_timestamp_millis(self.now as i64)).flatten();
        match (self.list.years, this_year.map(|t| t.year())) {
            (None, _) => DateColumn::None,
            (Some((lo, hi)), Some(year)) if (lo, hi) != (year, year) => DateColumn::WithYear,
            _ => DateColumn::Short,
        }
    }

    pub fn only(&self) -> Only {
        self.list.only
    }

    /// The mark of an article, to change; remembered as changed now.
    pub(super) fn mark_mut(&mut self, article: usize) -> &mut Mark {
        self.marking.dirty = true;
        let mark = self.marking.marks.entry(self.articles[article].id.clone()).or_default();
        // Later than any earlier change of this mark, even when the clock
        // is behind it (another machine's, or not yet told).
        mark.updated = self.now.max(mark.updated + 1);
        mark
    }

    pub(super) fn passes(&self, article: usize) -> bool {
        match self.list.only {
            Only::All => true,
            Only::Unread => !self.is_read(article),
            Only::Bookmarked => self.is_bookmarked(article),
        }
    }

    /// The sort order, less what the unread/bookmarked filter hides and
    /// the copies of a story listed already.
    pub(super) fn listed(&self) -> Vec<usize> {
        self.once(self.list.order.iter().copied().filter(|&i| self.passes(i)))
    }

    /// Articles with the same text are one story (their marks are one, by
    /// id): each is listed once, where it first comes.
    pub(super) fn once(&self, articles: impl Iterator<Item = usize>) -> Vec<usize> {
        // Without copies (the survey counts as many stories as articles)
        // there is nothing to drop: 100,000 ids hashed for nothing took 36 ms.
        if self.list.stories == self.articles.len() {
            return articles.collect();
        }
        let mut seen = rustc_hash::FxHashSet::default();
        articles.filter(|&i| seen.insert(self.articles[i].id.as_str())).collect()
    }

    /// Lists again after the filter changed, keeping the selected article
    /// when it is still listed.
    pub(super) fn relist(&mut self) {
        let current = self.current();
        if self.search.is_some() {
            self.rerun_search();
        } else {
            self.list.shown = self.listed();
        }
        self.reselect(current);
    }

    /// Remembers where the selected article is being read, when it has
    /// been scrolled (or was remembered before).
    pub(super) fn remember_position(&mut self) {
        let (Some(article), Some(doc)) = (self.current(), &self.reading.document) else { return };
        // Until the body is here and wrapped, the lines say nothing of
        // where the reader is: the position known stays.
        let restoring = self.reading.restoring.is_some_and(|(a, _)| a == article);
        let unwrapped = self.reading.view == View::Full && (doc.text.is_none() || !doc.complete);
        if restoring || unwrapped {
            return;
        }
        let (lines, top) = match self.reading.view {
            View::Full => (&doc.body, self.reading.article_scroll),
            View::Summary => (&doc.key_points, self.reading.key_points_scroll),
        };
        let block = lines[top.min(lines.len())..].iter().find_map(|l| match l.source {
            Source::Paragraph(i) | Source::KeyPoint(i) => Some(i),
            _ => None,
        });
        let position = block.map(|block| Position { full: self.reading.view == View::Full, block });
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

    /// Returns to where the selected article was being read: its view at
    /// once, the scroll position once the document has the lines (its
    /// body may still be on its way; see [`App::finish_restore`]).
    pub(super) fn restore_position(&mut self) {
        let Some(article) = self.current() else { return };
        let Some(position) = self.mark(article).and_then(|m| m.position) else { return };
        let view = if position.full { View::Full } else { View::Summary };
        if view != self.reading.view {
            self.reading.view = view;
            self.reading.focus = self.reading_pane();
        }
        self.reading.restoring = Some((article, position));
    }

    /// Scrolls to the position being restored when the document has its
    /// line; forgets it when another article is selected.
    pub(super) fn finish_restore(&mut self) {
        let Some((article, position)) = self.reading.restoring else { return };
        let Some(doc) = self.reading.document.as_ref().filter(|_| self.current() == Some(article)) else {
            self.reading.restoring = None;
            return;
        };
        if doc.text.is_none() || !doc.complete {
            return;
        }
        let (pane, lines, source) = if position.full {
            (Pane::Article, &doc.body, Source::Paragraph(position.block))
        } else {
            (Pane::KeyPoints, &doc.key_points, Source::KeyPoint(position.block))
        };
        if let Some(line) = lines.iter().position(|l| l.source == source) {
            self.set_scroll(pane, line);
        }
        self.reading.restoring = None;
    }
}
