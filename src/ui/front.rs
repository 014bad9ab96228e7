//! The front page: the key points of many articles in one stream, each
//! under its title, for triaging a day's news. Only the articles that fit
//! on the screen are wrapped and drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::draw_lines;
use crate::app::App;
use crate::layout::text_area;
use crate::vocab::SortOrder;
use crate::wrap::wrap;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(front) = app.front() else { return };
    let theme = app.theme;
    let order = if app.sort() == SortOrder::Date { ", newest first" } else { "" };
    let block = Block::bordered()
        .title(Span::styled(format!(" Front page: {} articles{order} ", app.shown().len()), theme.pane_title))
        .title_bottom(Line::from(" enter reads · r read · b bookmark · f or esc back ").right_aligned())
        .border_style(theme.border_focused);
    block.render(area, buf);
    let text = text_area(area, app.max_width);
    let width = usize::from(text.width).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (position, &article) in app.shown().iter().enumerate().skip(front.top) {
        if lines.len() >= usize::from(text.height) {
            break;
        }
        let a = &app.articles()[article];
        let selected = position == front.cursor;
        let mark = if app.is_bookmarked(article) {
            "★ "
        } else if !app.is_read(article) {
            "● "
        } else {
            ""
        };
        for (i, range) in wrap(&a.title, width.saturating_sub(2).max(1)).into_iter().enumerate() {
            let style = if selected { theme.selection } else { theme.title };
            let lead = if i == 0 && !mark.is_empty() { mark } else { "  " };
            lines.push(Line::from(vec![
                Span::styled(lead, theme.unread),
                Span::styled(&a.title[range], style),
            ]));
        }
        lines.push(Line::styled(a.meta_line(), theme.meta));
        let (points, extracted) = app.front_points(article);
        let bullet = if extracted { "◦ " } else { "• " };
        for point in points {
            for (i, range) in wrap(point, width.saturating_sub(2).max(1)).into_iter().enumerate() {
                let lead = if i == 0 { bullet } else { "  " };
                lines.push(Line::from(vec![
                    Span::styled(lead, theme.bullet),
                    Span::styled(&point[range], theme.key_point),
                ]));
            }
        }
        lines.push(Line::raw(""));
    }
    draw_lines(lines, text, buf);
}
