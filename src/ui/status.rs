//! The status bar: where you are, which view, how far down, and what needs
//! attention.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::{App, Pane};
use crate::keymap::Action;
use crate::text::width;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::default();
    buf.set_style(area, theme.status);
    let mode = if app.focus == Pane::List { " LIST " } else { " READ " };
    let position = if app.articles.is_empty() {
        "no articles".to_string()
    } else {
        format!("article {}/{}", app.selected + 1, app.articles.len())
    };
    let mut left = format!(" {position} · {}", app.view.label());
    if app.focus != Pane::List {
        left.push_str(&format!(" · {} {}", app.focus.label(), scroll_label(app, app.focus)));
    }
    let left = Line::from(vec![Span::styled(mode, theme.status_mode), Span::raw(left)]);

    let mut right = Vec::new();
    if !app.issues.is_empty() {
        let n = app.issues.len();
        let files = if n == 1 { "file" } else { "files" };
        right.push(Span::styled(format!(" {n} {files} skipped or repaired (brief check) "), theme.warning));
    }
    if let Some(key) = app.keymap.keys_for(Action::Help).first() {
        right.push(Span::raw(format!(" {key} help ")));
    }
    let right = Line::from(right);
    let right_width =
        u16::try_from(right.spans.iter().map(|s| width(&s.content)).sum::<usize>()).unwrap_or(u16::MAX);

    left.render(area, buf);
    if right_width <= area.width {
        let x = area.right() - right_width;
        right.render(Rect { x, width: right_width, ..area }, buf);
    }
}

/// `all` when everything fits, else `top`, `end` or a percentage.
fn scroll_label(app: &App, pane: Pane) -> String {
    let lines = app.content_lines(pane);
    let page = app.page_height(pane);
    let pos = app.scroll(pane);
    if lines <= page {
        "all".to_string()
    } else if pos == 0 {
        "top".to_string()
    } else if pos + page >= lines {
        "end".to_string()
    } else {
        format!("{}%", (pos + page) * 100 / lines)
    }
}
