//! The status bar: where you are, which view, how far down, and what needs
//! attention.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::{App, Pane, View};
use crate::keymap::Action;
use crate::text::width;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::default();
    buf.set_style(area, theme.status);
    let mode = if app.focus == Pane::List { " LIST " } else { " READ " };
    let (position, short) = match app.articles.len() {
        0 => ("no articles".to_string(), "0/0".to_string()),
        n => (format!("article {}/{n}", app.selected + 1), format!("{}/{n}", app.selected + 1)),
    };
    let scroll = (app.focus != Pane::List).then(|| scroll_label(app, app.focus));
    let long = match &scroll {
        Some(scroll) => format!(" {position} · {} · {} {scroll}", app.view.label(), app.focus.label()),
        None => format!(" {position} · {}", app.view.label()),
    };
    // Narrow terminals get the same facts in fewer words.
    let text = if width(mode) + width(&long) <= usize::from(area.width) {
        long
    } else {
        let view = match app.view {
            View::Summary => "sum",
            View::Full => "full",
        };
        match &scroll {
            Some(scroll) => format!(" {short} {view} {scroll}"),
            None => format!(" {short} {view}"),
        }
    };
    let left_width = width(mode) + width(&text);
    Line::from(vec![Span::styled(mode, theme.status_mode), Span::raw(text)]).render(area, buf);

    // Notes on the right, most important first, each only if it fits beside
    // what is already drawn.
    let mut notes = Vec::new();
    if let Some(key) = app.keymap.keys_for(Action::Help).first() {
        notes.push(Span::raw(format!(" {key} help ")));
    }
    if !app.issues.is_empty() {
        let n = app.issues.len();
        let files = if n == 1 { "file" } else { "files" };
        notes.push(Span::styled(format!(" {n} {files} skipped or repaired (brief check) "), theme.warning));
    }
    let mut free = usize::from(area.width).saturating_sub(left_width + 1);
    let mut right = area.right();
    for note in notes {
        let w = width(&note.content);
        if w > free {
            break;
        }
        free -= w;
        let w = u16::try_from(w).unwrap_or(u16::MAX);
        right -= w;
        note.render(Rect { x: right, width: w, ..area }, buf);
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
