//! In-story find, and the evidence for key points, which uses the same hits.

use super::*;

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
    /// The article's folded text, kept while it stays selected (and, if
    /// it was folded without its body, until the body arrives).
    pub(super) folded: Option<(Searched, Arc<FoldedArticle>)>,
    /// A find in a long article, sent to a worker, whose hits are awaited.
    pub(super) pending: Option<Searched>,
    /// What `hits` were found in: they are found again only when it changes.
    pub(super) searched: Option<Searched>,
    /// The id of the article the evidence belongs to: hits are byte ranges
    /// of its text and mean nothing for another (or an edited) article.
    pub(super) evidence_of: Option<String>,
}

/// What a find searched: the article (position and id), whether its body
/// was here, whether the body was searched, and the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Searched {
    article: usize,
    id: String,
    loaded: bool,
    body: bool,
    query: String,
}

impl Searched {
    /// Whether a find of `other` searches the same texts.
    fn same_texts(&self, other: &Searched) -> bool {
        (self.article, &self.id, self.loaded) == (other.article, &other.id, other.loaded)
    }
}

/// A find in an article too long to search on the thread that answers
/// keys (see [`crate::document::is_long`]): what to search, folded already
/// or not yet, for a worker, which sends back [`FindFound`].
#[derive(Clone, Debug)]
pub struct FindJob {
    searched: Searched,
    texts: FindTexts,
}

#[derive(Clone, Debug)]
enum FindTexts {
    Folded(Arc<FoldedArticle>),
    Shown(Shown),
}

impl PartialEq for FindJob {
    /// The same find: the same article, texts and query.
    fn eq(&self, other: &FindJob) -> bool {
        self.searched == other.searched
    }
}

impl Eq for FindJob {}

/// A find's hits, and the texts folded for it (kept for the next keys).
#[derive(Debug)]
pub struct FindFound {
    searched: Searched,
    folded: Arc<FoldedArticle>,
    hits: Vec<Hit>,
}

impl FindJob {
    /// Folds the texts if need be, and finds.
    pub fn run(self) -> FindFound {
        let folded = match self.texts {
            FindTexts::Folded(folded) => folded,
            FindTexts::Shown(shown) => Arc::new(FoldedArticle::new(shown)),
        };
        let fields = Fields { title: true, body: self.searched.body };
        let hits = folded.hits(&Query::parse(&self.searched.query), fields);
        FindFound { searched: self.searched, folded, hits }
    }
}

/// Sort key of a hit in reading order.
pub(super) fn hit_order(hit: &Hit) -> ((u8, usize), usize) {
    (hit.source.order(), hit.range.start)
}

impl App {
    /// Finds the hits again when the article, its body, the view or the
    /// query changed, keeping the current hit where it was (or the next
    /// one) in the same article, and scrolls to it. Find covers what the
    /// panes show: title, metadata line, key points (own or extracted) and,
    /// in the full view or for a story shown whole, the body.
    pub(super) fn refresh_find(&mut self) {
        // Evidence is placed by hand (show_evidence) and kept as it is.
        if self.find.visit.is_some() {
            let current = self.current().map(|i| &self.articles[i].id);
            if current.is_some() && current == self.find.evidence_of.as_ref() {
                return;
            }
            self.find.visit = None;
            self.find.evidence_of = None;
            self.find.hits.clear();
        }
        let Some(article) = self.current().filter(|_| !self.find.query.trim().is_empty()) else {
            self.find.hits.clear();
            self.find.searched = None;
            self.find.pending = None;
            return;
        };
        let whole = self.reading.document.as_ref().is_some_and(|d| d.whole);
        let searched = Searched {
            article,
            id: self.articles[article].id.clone(),
            loaded: self.body(article).is_some(),
            body: self.reading.view == View::Full || whole,
            query: self.find.query.clone(),
        };
        if self.find.searched.as_ref() == Some(&searched) {
            return;
        }
        // A long article is searched by a worker: keys never wait for it.
        if self.body(article).is_some_and(|body| crate::document::is_long(&body)) {
            if self.find.pending.as_ref() != Some(&searched) {
                let texts = match &self.find.folded {
                    Some((s, folded)) if s.same_texts(&searched) => FindTexts::Folded(Arc::clone(folded)),
                    _ => FindTexts::Shown(self.shown_now(article)),
                };
                self.effects.push(Effect::Find(FindJob { searched: searched.clone(), texts }));
                self.find.pending = Some(searched);
            }
            return;
        }
        self.find.pending = None;
        let hits = self.hits(&searched);
        self.show_hits(searched, hits);
    }

    /// Takes the hits a worker found, if they are for the find of now.
    pub(super) fn take_found(&mut self, found: FindFound) {
        if self.find.pending.as_ref() != Some(&found.searched) {
            return;
        }
        self.find.pending = None;
        self.find.folded = Some((found.searched.clone(), found.folded));
        self.show_hits(found.searched, found.hits);
    }

    /// Shows a find's hits, keeping the current hit where it was (or the
    /// next one) in the same article, and scrolls to it.
    fn show_hits(&mut self, searched: Searched, hits: Vec<Hit>) {
        let article = searched.article;
        let same_article =
            self.find.searched.as_ref().is_some_and(|s| s.article == article && s.id == searched.id);
        let previous = self.find.hits.get(self.find.current).map(hit_order).filter(|_| same_article);
        self.find.current = previous.and_then(|p| hits.iter().position(|h| hit_order(h) >= p)).unwrap_or(0);
        self.find.hits = hits;
        self.find.searched = Some(searched);
        self.reveal_hit();
    }

    /// The hits of a find, folding the article's texts once for all the
    /// keystrokes of a query.
    fn hits(&mut self, searched: &Searched) -> Vec<Hit> {
        if self.find.folded.as_ref().is_none_or(|(s, _)| !s.same_texts(searched)) {
            let folded = Arc::new(FoldedArticle::new(self.shown_now(searched.article)));
            self.find.folded = Some((searched.clone(), folded));
        }
        let (_, folded) = self.find.folded.as_ref().expect("just folded");
        folded.hits(&Query::parse(&searched.query), Fields { title: true, body: searched.body })
    }

    pub(super) fn step_hit(&mut self, step: isize) {
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
    pub(super) fn point_count(&self) -> usize {
        self.reading.document.as_ref().map_or(0, |d| {
            d.key_points
                .iter()
                .filter(|l| matches!(l.lead, crate::document::Lead::Item { first: true, .. }))
                .count()
        })
    }

    /// Moves the key-point cursor and scrolls its lines into view.
    pub(super) fn move_point(&mut self, to: usize) {
        let count = self.point_count();
        if count == 0 {
            return;
        }
        self.reading.point = to.min(count - 1);
        let Some(doc) = &self.reading.document else { return };
        let Some(first) =
            doc.key_points.iter().position(|l| l.source == Source::KeyPoint(self.reading.point))
        else {
            return;
        };
        let last = doc
            .key_points
            .iter()
            .rposition(|l| l.source == Source::KeyPoint(self.reading.point))
            .unwrap_or(first);
        let page = self.page_height(Pane::KeyPoints).max(1);
        let top = self.reading.key_points_scroll;
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
    pub(super) fn show_evidence(&mut self) {
        let Some(article) = self.current() else { return };
        let Some(text) = self.body(article) else {
            self.message = Some("the article is still being read".into());
            return;
        };
        let a = self.articles[article].with_body(text);
        let supporting: Vec<Extract> = if a.key_points.is_empty() {
            self.texts
                .summaries
                .get(&a.id)
                .and_then(|s| match s {
                    Summary::Points(points) => points.get(self.reading.point),
                    Summary::Whole(_) => None,
                })
                .map(|(e, _)| e.clone())
                .into_iter()
                .collect()
        } else {
            let Some(point) = a.key_points.get(self.reading.point) else { return };
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
        self.reading.view = View::Full;
        self.refresh();
        self.find = Find {
            query: String::new(),
            hits: hits.into_iter().map(|(_, h)| h).collect(),
            current: best,
            visit: Some((order, 0)),
            folded: None,
            pending: None,
            searched: None,
            evidence_of: Some(a.id.clone()),
        };
        self.reading.focus = Pane::Article;
        self.clamp();
        self.reveal_hit();
    }

    /// Scrolls (and if need be unfolds or focuses) the pane holding the
    /// current hit so that it is on screen.
    pub(super) fn reveal_hit(&mut self) {
        let Some(hit) = self.find.hits.get(self.find.current) else { return };
        let Some(doc) = &self.reading.document else { return };
        // The pane whose lines hold the hit (a story shown whole has its
        // paragraphs in the key-points pane); title and metadata are
        // always on screen.
        let located = [(Pane::KeyPoints, &doc.key_points), (Pane::Article, &doc.body)].into_iter().find_map(
            |(pane, lines)| {
                let line =
                    lines.iter().rposition(|l| l.source == hit.source && l.range.start <= hit.range.start);
                line.map(|line| (pane, line))
            },
        );
        let Some((pane, line)) = located else { return };
        if pane == Pane::KeyPoints && self.reading.view == View::Full {
            self.reading.key_points_folded = false;
        }
        if self.reading.focus != Pane::List && self.reading.focus != pane && self.page_height(pane) == 0 {
            // The pane comes into view with its own page height: its
            // scroll must fit that, not the hidden pane's.
            self.reading.focus = pane;
            self.clamp();
        }
        let page = self.page_height(pane).max(1);
        let top = self.scroll(pane);
        if line < top || line >= top + page {
            self.set_scroll(pane, line.saturating_sub(page / 3));
        }
    }

    pub fn find(&self) -> &Find {
        &self.find
    }

    /// Whether a worker is finding the hits of the find being typed.
    pub fn finding(&self) -> bool {
        self.find.pending.is_some()
    }
}
