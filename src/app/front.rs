//! The front page: every listed article's key points in one stream.

use super::*;

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
    pub(super) fn move_front(&mut self, cursor: usize) {
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
            .map(|summary| summary.iter().map(|(_, s)| s.as_str()).collect::<Vec<&str>>());
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
    pub(super) fn fill_front_summaries(&mut self) {
        let Some(front) = self.front else { return };
        let (_, height) = self.front_area();
        let visible: Vec<usize> = self.shown.iter().skip(front.top).take(height / 2 + 1).copied().collect();
        for article in visible {
            let a = &self.articles[article];
            if a.key_points.is_empty()
                && !self.summaries.contains_key(&a.id)
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
