//! The front page: every listed article's key points in one stream.

use super::*;

/// What is drawn in front of a point on the front page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lead {
    /// The article's own key point.
    Bullet,
    /// An extracted one.
    Hollow,
    /// A paragraph of a story shown whole, or a point's next lines.
    None,
}

/// One line of the front page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontLine<'a> {
    Title { text: &'a str, first: bool },
    Meta(String),
    Point { text: &'a str, lead: Lead },
    Blank,
}

/// The front page's cursor and first drawn article (positions in the list).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Front {
    pub cursor: usize,
    pub top: usize,
}

impl App {
    /// Keys on the front page: move between articles, open one, mark it.
    pub(super) fn on_front_action(&mut self, action: Action) {
        let Some(front) = self.front else { return };
        let last = self.list.shown.len().saturating_sub(1);
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
                return;
            }
            Action::ToggleRead | Action::ToggleBookmark => {
                if let Some(&article) = self.list.shown.get(front.cursor) {
                    if action == Action::ToggleRead {
                        self.toggle_read(article);
                    } else {
                        self.toggle_bookmark(article);
                    }
                }
                return;
            }
            Action::MarkAllRead => return self.mark_all_read(),
            Action::Undo => return self.undo(),
            Action::FrontPage | Action::Back => {
                self.front = None;
                self.select(front.cursor);
                return;
            }
            // A search is of the list: back to it, asking for the query
            // (`f` then shows the front page of what it finds).
            Action::Search => {
                self.front = None;
                self.select(front.cursor);
                self.reading.focus = Pane::List;
                self.start_edit();
                return;
            }
            _ => return,
        };
        self.move_front(to.min(last));
    }

    /// Moves the front page's cursor, scrolling so its article shows.
    pub(super) fn move_front(&mut self, cursor: usize) {
        let Some(mut front) = self.front else { return };
        front.cursor = cursor;
        if cursor < front.top {
            front.top = cursor;
        }
        let (width, height) = self.front_area();
        // The first drawn article is the highest, not above the old one,
        // from which the cursor's article still fits: counted up from the
        // cursor, so a jump to the end of 2,000 stories measures only
        // the few that fit (counting down from the old top measured the
        // whole stream once per article dropped).
        let mut used = self.front_lines(cursor, width).len();
        let mut top = cursor;
        while top > front.top {
            let above = self.front_lines(top - 1, width).len();
            if used + above > height {
                break;
            }
            used += above;
            top -= 1;
        }
        front.top = top;
        self.front = Some(front);
        self.fill_front_summaries();
    }

    /// Text width and height of the front page.
    pub(crate) fn front_area(&self) -> (usize, usize) {
        let (_, text) = layout::front_page(self.size, self.prefs.max_width);
        (usize::from(text.width).max(1), usize::from(text.height))
    }

    /// What the front page shows under an article's title: its key
    /// points, the extracted ones once made, or for a story too short to
    /// summarize its lead (its prose sentences, not its tables).
    fn front_points(&self, article: usize) -> (Vec<&str>, Lead) {
        let a = &self.articles[article];
        if !a.key_points.is_empty() {
            return (a.key_points.iter().map(String::as_str).collect(), Lead::Bullet);
        }
        match self.texts.summaries.get(&a.id) {
            Some(Summary::Whole(lead)) => (sentence_texts(lead), Lead::None),
            Some(Summary::Points(points)) => (sentence_texts(points), Lead::Hollow),
            None => (Vec::new(), Lead::Hollow),
        }
    }

    /// The lines an article takes on the front page at `width`: its title,
    /// metadata line, points and a blank line. Both the scrolling here and
    /// the drawing use these, so they cannot disagree.
    pub(crate) fn front_lines(&self, position: usize, width: usize) -> Vec<FrontLine<'_>> {
        let Some(&article) = self.list.shown.get(position) else { return Vec::new() };
        let a = &self.articles[article];
        let inner = width.saturating_sub(2).max(1);
        let mut lines: Vec<FrontLine> = crate::wrap::wrap(&a.title, inner)
            .into_iter()
            .enumerate()
            .map(|(i, range)| FrontLine::Title { text: &a.title[range], first: i == 0 })
            .collect();
        lines.push(FrontLine::Meta(a.meta_line()));
        let (points, lead) = self.front_points(article);
        for point in points {
            for (i, range) in crate::wrap::wrap(point, inner).into_iter().enumerate() {
                lines.push(FrontLine::Point {
                    text: &point[range],
                    lead: if i == 0 { lead } else { Lead::None },
                });
            }
        }
        lines.push(FrontLine::Blank);
        lines
    }

    /// Makes the summaries of the articles the front page shows.
    pub(super) fn fill_front_summaries(&mut self) {
        let Some(front) = self.front else { return };
        let (_, height) = self.front_area();
        let visible: Vec<usize> =
            self.list.shown.iter().skip(front.top).take(height / 2 + 1).copied().collect();
        for article in visible {
            let a = &self.articles[article];
            if a.key_points.is_empty()
                && !self.texts.summaries.contains_key(&a.id)
                && let Some(text) = self.body(article)
            {
                self.extracted(article, &text);
            }
        }
    }

    pub fn front(&self) -> Option<Front> {
        self.front
    }
}

fn sentence_texts(sentences: &[(Extract, String)]) -> Vec<&str> {
    sentences.iter().map(|(_, s)| s.as_str()).collect()
}
