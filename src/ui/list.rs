//! The article list: one row per article, only the visible rows drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::draw_lines;
use super::theme::Theme;
use crate::app::{App, Pane};
use crate::text::pad;

/// Columns for the date at the right of each row (`Nov 27`).
const DATE_WIDTH: usize = 6;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::default();
    let focused = app.focus == Pane::List;
    let block = Block::bordered()
        .title(Span::styled(format!(" Articles ({}) ", app.articles.len()), theme.pane_title))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    if app.articles.is_empty() {
        let hint = [" No articles here.", " Open a folder with", " brief PATH"];
        draw_lines(hint.map(|l| Line::styled(l, theme.placeholder)), inner, buf);
        return;
    }
    let width = usize::from(inner.width);
    let show_date = width >= 24;
    let title_width = width.saturating_sub(if show_date { DATE_WIDTH + 2 } else { 1 });
    let rows = app.articles.iter().enumerate().skip(app.list_offset).take(usize::from(inner.height));
    let lines = rows.map(|(i, article)| {
        let mut spans = vec![Span::raw(" "), Span::raw(pad(&article.title, title_width))];
        if show_date {
            let date = article.meta.date.map(|d| d.at.format("%b %d").to_string()).unwrap_or_default();
            spans.push(Span::styled(format!(" {date:>DATE_WIDTH$}"), theme.list_date));
        }
        let line = Line::from(spans);
        match i == app.selected {
            true if focused => line.style(theme.selection),
            true => line.style(theme.selection_unfocused),
            false => line,
        }
    });
    for (line, y) in lines.zip(inner.top()..inner.bottom()) {
        let row = Rect { y, height: 1, ..inner };
        buf.set_style(row, line.style);
        line.render(row, buf);
    }
}
