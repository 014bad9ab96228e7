//! Typing queries, and collection search over the list.

use super::*;

/// Collection search: the query, its ranked results and per-row snippets.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub query: String,
    pub results: Vec<Found>,
    /// The article selected before the search, restored by Esc.
    pub(super) saved: Option<usize>,
    pub(super) snippets: HashMap<usize, Snippet>,
    /// Whether the list holds this search's results (its query, when last
    /// run, had words or filters): kept so layout and drawing need not
    /// parse the query again.
    pub(super) listing: bool,
    /// The results list a phrase's words anywhere: its exact check, too
    /// long for a keystroke, is under way on a worker.
    pub checking: bool,
}

/// A search whose phrases a worker checks exactly: the query, and the
/// index it runs in (results for another index mean nothing).
#[derive(Clone, Debug)]
pub struct PhraseCheck {
    pub query: String,
    pub index: Arc<Index>,
}

impl PartialEq for PhraseCheck {
    fn eq(&self, other: &PhraseCheck) -> bool {
        self.query == other.query && Arc::ptr_eq(&self.index, &other.index)
    }
}

impl Eq for PhraseCheck {}

/// What the worker found: the exact results, numbered as in its index.
#[derive(Debug)]
pub struct PhrasesChecked {
    pub check: PhraseCheck,
    pub found: Vec<Found>,
}

impl App {
    /// Runs work deferred while events were pouring in: the collection
    /// search for the latest query. The runtime calls it before drawing.
    pub fn tick(&mut self) -> Vec<Effect> {
        self.run_pending_search();
        self.settle()
    }

    fn run_pending_search(&mut self) {
        if std::mem::take(&mut self.pending_search) {
            self.rerun_search();
            self.list.selected = 0;
            self.list.offset = 0;
            self.reading.key_points_scroll = 0;
            self.reading.article_scroll = 0;
        }
    }

    /// Runs the collection search again over the current articles. Phrases
    /// too long to check now are found as their words, and checked on a
    /// worker (see [`App::take_checked`]).
    pub(super) fn rerun_search(&mut self) {
        let Some(search) = self.search.as_mut() else { return };
        let query = Query::parse(&search.query);
        search.snippets.clear();
        search.listing = !query.is_empty();
        search.checking = false;
        if query.is_empty() {
            search.results.clear();
            self.list.shown = self.listed();
            return;
        }
        let found = if query.terms.is_empty() {
            search_collection(&self.ix.index, &self.articles, &query, &self.list.order)
        } else {
            let (found, exact) = search_collection_within(
                &self.ix.index,
                &self.ix.indexed,
                &query,
                &[],
                self.keystroke_budget,
            );
            if !exact {
                search.checking = true;
                let check = PhraseCheck { query: search.query.clone(), index: Arc::clone(&self.ix.index) };
                self.effects.push(Effect::CheckPhrases(check));
            }
            self.numbered_now(found)
        };
        self.show_results(found);
    }

    /// Results numbered as in the index, numbered as in the collection now
    /// (dropping those no longer in it).
    fn numbered_now(&self, found: Vec<Found>) -> Vec<Found> {
        match &self.ix.remap {
            None => found,
            Some(now) => {
                found.into_iter().filter_map(|f| Some(Found { article: now[f.article]?, ..f })).collect()
            }
        }
    }

    /// Lists a search's results, each story once, within the list's filter.
    fn show_results(&mut self, found: Vec<Found>) {
        let Some(search) = self.search.as_mut() else { return };
        search.results = found;
        let results = self.search.as_ref().map_or(&[][..], |s| &s.results[..]);
        self.list.shown = self.once(results.iter().map(|f| f.article));
        if self.list.only != Only::All {
            let shown = std::mem::take(&mut self.list.shown);
            self.list.shown = shown.into_iter().filter(|&i| self.passes(i)).collect();
        }
    }

    /// Takes the exact results of a phrase check, if they are for the
    /// query and index of now: the selection stays on its article when
    /// that is still listed (and not on the top row, which stays on top).
    pub(super) fn take_checked(&mut self, checked: PhrasesChecked) {
        let current = self.search.as_ref().is_some_and(|s| s.checking && s.query == checked.check.query)
            && Arc::ptr_eq(&checked.check.index, &self.ix.index);
        if !current {
            return;
        }
        let query = Query::parse(&checked.check.query);
        let found = self.numbered_now(admitted(checked.found, &self.ix.indexed, &query));
        let selected = (self.list.selected > 0).then(|| self.current()).flatten();
        if let Some(search) = self.search.as_mut() {
            search.checking = false;
        }
        self.show_results(found);
        if !self.reselect(selected) {
            self.list.selected = 0;
            self.list.offset = 0;
        }
    }

    /// Sets the most index work a keystroke's search does on the thread
    /// that answers keys, past which phrases are checked on a worker (see
    /// [`crate::search::index::KEYSTROKE_BUDGET`]): for tests and
    /// benchmarks.
    pub fn set_keystroke_budget(&mut self, budget: u64) {
        self.keystroke_budget = budget;
    }

    /// Keys while a query is being typed: editing (see [`Prompt`]), Enter,
    /// Esc; in a search, Ctrl-N and Ctrl-P move through the results.
    pub(super) fn on_edit_key(&mut self, editing: Editing, key: KeyEvent) -> Option<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                self.cancel_edit(editing);
                return None;
            }
            KeyCode::Enter => return self.commit_edit(editing),
            KeyCode::Char('p') if ctrl && editing == Editing::Search => {
                self.select(self.list.selected.saturating_sub(1));
                return None;
            }
            KeyCode::Char('n') if ctrl && editing == Editing::Search => {
                self.select(self.list.selected + 1);
                return None;
            }
            _ => {}
        }
        // Queries share one history; commands to pipe to have none.
        let history = if editing == Editing::Pipe { Vec::new() } else { std::mem::take(&mut self.history) };
        let text = match editing {
            Editing::Find => &mut self.find.query,
            Editing::Search => match self.search.as_mut() {
                Some(search) => &mut search.query,
                None => return None,
            },
            Editing::Pipe => &mut self.pipe,
        };
        let edit = self.prompt.edit(text, key, &history);
        if editing != Editing::Pipe {
            self.history = history;
        }
        if matches!(edit, prompt::Edit::Changed) && editing == Editing::Search {
            self.pending_search = true;
        }
        None
    }

    pub(super) fn cancel_edit(&mut self, editing: Editing) {
        self.editing = None;
        match editing {
            Editing::Find => {
                self.find.query.clear();
                self.find.hits.clear();
            }
            Editing::Search => self.clear_search(),
            Editing::Pipe => self.pipe.clear(),
        }
    }

    /// Enter at a prompt. An empty query repeats the last one; a query is
    /// remembered in the history; a find that finds nothing says so and
    /// ends, rather than leaving "no hits" behind.
    pub(super) fn commit_edit(&mut self, editing: Editing) -> Option<Effect> {
        self.editing = None;
        let last = self.history.last().cloned();
        match editing {
            Editing::Find => {
                if self.find.query.trim().is_empty() {
                    match last {
                        Some(last) => self.find.query = last,
                        None => {
                            self.cancel_edit(editing);
                            return None;
                        }
                    }
                }
                self.remember_query(&self.find.query.clone());
                self.refresh_find();
                let reading = self.current().is_some_and(|i| self.body(i).is_none());
                if self.find.hits.is_empty() && reading {
                    // The find runs again when the body arrives.
                    self.message = Some("the article is still being read: its hits follow".into());
                } else if self.find.hits.is_empty() && self.finding() {
                    // A worker is finding them: they are shown when found.
                } else if self.find.hits.is_empty() {
                    self.message = Some(format!("no hits for {}", self.find.query.trim()));
                    self.cancel_edit(editing);
                }
            }
            Editing::Search => {
                let query = self.search.as_mut()?;
                if query.query.trim().is_empty()
                    && let Some(last) = last
                {
                    query.query = last;
                    self.pending_search = true;
                }
                let typed = self.search.as_ref().map(|s| s.query.clone()).unwrap_or_default();
                self.remember_query(&typed);
                self.run_pending_search();
                if typed.trim().is_empty() {
                    self.clear_search();
                } else {
                    self.open();
                }
            }
            Editing::Pipe => {
                let command = std::mem::take(&mut self.pipe);
                return self.pipe_effect(command);
            }
        }
        None
    }

    fn remember_query(&mut self, query: &str) {
        prompt::remember(&mut self.history, query);
        self.history_dirty = true;
    }

    /// The query history, to keep for the next run, when it changed.
    pub fn take_changed_history(&mut self) -> Option<Vec<String>> {
        std::mem::take(&mut self.history_dirty).then(|| self.history.clone())
    }

    /// The history kept from earlier runs; queries typed before it
    /// arrived stay the most recent.
    pub fn set_history(&mut self, history: Vec<String>) {
        let typed = std::mem::replace(&mut self.history, history);
        for query in typed {
            prompt::remember(&mut self.history, &query);
        }
        let extra = self.history.len().saturating_sub(prompt::HISTORY);
        self.history.drain(..extra);
    }

    /// Ends a collection search: the whole list again, and the selection
    /// it had before.
    pub(super) fn clear_search(&mut self) {
        let Some(search) = self.search.take() else { return };
        self.pending_search = false;
        self.list.shown = self.listed();
        let restore = search.saved.or_else(|| self.current());
        if !self.reselect(restore) {
            self.list.selected = 0;
        }
        self.reading.key_points_scroll = 0;
        self.reading.article_scroll = 0;
    }

    pub(super) fn start_edit(&mut self) {
        if self.reading.focus == Pane::List {
            let saved = self.current();
            let search = self.search.get_or_insert_with(|| Search { saved, ..Search::default() });
            self.prompt = Prompt::at_end(&search.query);
            self.editing = Some(Editing::Search);
        } else if self.current().is_some() {
            self.find.query.clear();
            self.find.hits.clear();
            self.find.visit = None;
            self.prompt = Prompt::default();
            self.editing = Some(Editing::Find);
        }
    }

    /// Asks for a command to pipe the article to.
    pub(super) fn start_pipe(&mut self) {
        self.pipe.clear();
        self.prompt = Prompt::default();
        self.editing = Some(Editing::Pipe);
    }

    /// The article as plain text for `command`, once its body is here.
    fn pipe_effect(&mut self, command: String) -> Option<Effect> {
        let article = self.current()?;
        let Some(body) = self.body(article) else {
            self.message = Some("the article is still being read; try again".into());
            return None;
        };
        let shown = self.shown_now(article);
        let a = &self.articles[article];
        let extracted = a.key_points.is_empty() && !shown.key_points.is_empty();
        let text = crate::document::plain(a, &[], &shown.key_points, extracted, Some(&body));
        let command = Some(command.trim().to_string()).filter(|c| !c.is_empty());
        Some(Effect::Pipe { command, text })
    }

    /// Computes the snippets of the result rows on screen, once each.
    pub(super) fn fill_snippets(&mut self) {
        if !self.showing_results() {
            return;
        }
        let rows = self.page_height(Pane::List).max(1);
        let visible: Vec<usize> = self.list.shown.iter().skip(self.list.offset).take(rows).copied().collect();
        let Some(query) = self.search.as_ref().map(|s| Query::parse(&s.query)) else { return };
        for article in visible {
            let known = self.search.as_ref().is_some_and(|s| s.snippets.contains_key(&article));
            if known || self.body(article).is_none() {
                continue;
            }
            let row = snippet(&FoldedArticle::new(self.shown_now(article)), &query);
            if let Some(search) = self.search.as_mut() {
                search.snippets.insert(article, row);
            }
        }
    }

    /// The snippet of a result row, once computed for a visible row.
    pub fn snippet(&self, article: usize) -> Option<&Snippet> {
        self.search.as_ref()?.snippets.get(&article)
    }

    /// Whether the list shows search results (two lines per row).
    pub fn showing_results(&self) -> bool {
        self.search.as_ref().is_some_and(|s| s.listing)
    }

    pub fn search(&self) -> Option<&Search> {
        self.search.as_ref()
    }

    pub fn editing(&self) -> Option<Editing> {
        self.editing
    }
}
