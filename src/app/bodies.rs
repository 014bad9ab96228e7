//! Article bodies, which the model never reads: it asks for them with
//! [`Effect::LoadBodies`] and they arrive as [`Event::BodyLoaded`]. Only
//! the bodies in use (the article being read, result rows with snippets,
//! front-page articles being summarized) are kept.

use super::*;

/// Which body: the article's id and where it is read from (two files with
/// the same text share an id).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BodyRequest {
    pub origin: Origin,
    pub id: String,
}

impl BodyRequest {
    pub fn of(article: &Article) -> BodyRequest {
        BodyRequest { origin: article.origin.clone(), id: article.id.clone() }
    }
}

/// Bodies kept beyond those asked for last, so that stepping back and forth
/// through the list does not read files again.
const KEPT: usize = 64;

#[derive(Default)]
pub(super) struct Bodies {
    held: HashMap<BodyRequest, Arc<ArticleText>>,
    /// What was asked for last; a new request is made only when something
    /// outside it is wanted (the runtime keeps only the newest request).
    asked: Vec<BodyRequest>,
}

impl Bodies {
    pub(super) fn get(&self, request: &BodyRequest) -> Option<Arc<ArticleText>> {
        self.held.get(request).cloned()
    }

    pub(super) fn insert(&mut self, request: BodyRequest, text: Arc<ArticleText>) {
        // Answered: wanting it again (once let go) asks again.
        self.asked.retain(|r| *r != request);
        if self.held.len() >= KEPT + self.asked.len() {
            let asked = &self.asked;
            self.held.retain(|key, _| asked.contains(key));
        }
        self.held.insert(request, text);
    }

    /// The effect that asks for `wanted`, unless everything in it was
    /// already asked for.
    pub(super) fn ask(&mut self, wanted: Vec<BodyRequest>) -> Option<Effect> {
        if wanted.iter().all(|w| self.asked.contains(w)) {
            return None;
        }
        self.asked = wanted.clone();
        Some(Effect::LoadBodies(wanted))
    }
}

impl App {
    /// The body of article `i`, when it is held or has arrived.
    pub(crate) fn body(&self, i: usize) -> Option<Arc<ArticleText>> {
        let article = &self.articles[i];
        article.body.clone().or_else(|| self.texts.bodies.get(&BodyRequest::of(article)))
    }

    /// Takes a body that was asked for (settling then draws and searches
    /// the article being read with it).
    pub(super) fn take_body(&mut self, request: BodyRequest, text: Arc<ArticleText>) {
        self.texts.bodies.insert(request, text);
    }

    /// Asks for the bodies that what is on screen needs and does not have:
    /// the selected article's, then those of result rows and front-page
    /// articles still without their snippet or summary.
    pub(super) fn want_bodies(&mut self) {
        let mut wanted: Vec<usize> = self.current().into_iter().collect();
        if self.showing_results() {
            let rows = self.page_height(Pane::List).max(1);
            let snippets = self.search.as_ref().map(|s| &s.snippets);
            wanted.extend(
                self.list
                    .shown
                    .iter()
                    .skip(self.list.offset)
                    .take(rows)
                    .filter(|a| snippets.is_none_or(|s| !s.contains_key(a))),
            );
        }
        if let Some(front) = self.front {
            let (_, height) = self.front_area();
            wanted.extend(self.list.shown.iter().skip(front.top).take(height / 2 + 1).filter(|&&a| {
                let article = &self.articles[a];
                article.key_points.is_empty() && !self.texts.summaries.contains_key(&article.id)
            }));
        }
        let wanted: Vec<BodyRequest> = wanted
            .into_iter()
            .filter(|&i| self.body(i).is_none())
            .map(|i| BodyRequest::of(&self.articles[i]))
            .collect();
        if wanted.is_empty() {
            return;
        }
        if let Some(effect) = self.texts.bodies.ask(wanted) {
            self.effects.push(effect);
        }
    }
}
