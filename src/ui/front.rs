//! The front page: the key points of many articles in one stream, each
//! under its title, for triaging a day's news. Only the articles that fit
//! on the screen are wrapped and drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::draw_lines;
use crate::app::{App, FrontLead, FrontLine};
use crate::layout::front_page;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (block_area, text) = front_page(area, app.prefs.max_width);
    let Some(front) = app.front() else { return };
    let theme = app.prefs.theme;
    let order = if app.newest_first() { ", newest first" } else { "" };
    let block = Block::bordered()
        .title(Span::styled(format!(" Front page: {} articles{order} ", app.shown().len()), theme.pane_title))
        .title_bottom(Line::from(" enter reads · r read · b bookmark · f or esc back ").right_aligned())
        .border_style(theme.border_focused);
    block.render(block_area, buf);
    let width = usize::from(text.width).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (position, &article) in app.shown().iter().enumerate().skip(front.top) {
        if lines.len() >= usize::from(text.height) {
            break;
        }
        let selected = position == front.cursor;
        let mark = if app.is_bookmarked(article) {
            "★ "
        } else if !app.is_read(article) {
            "● "
        } else {
            ""
        };
        for line in app.front_lines(position, width) {
            lines.push(match line {
                FrontLine::Title { text, first } => {
                    let style = if selected { theme.selection } else { theme.title };
                    let lead = if first && !mark.is_empty() { mark } else { "  " };
                    Line::from(vec![Span::styled(lead, theme.unread), Span::styled(text, style)])
                }
                FrontLine::Meta(meta) => Line::styled(meta, theme.meta),
                FrontLine::Point { text, lead } => {
                    let (lead, style) = match lead {
                        FrontLead::Bullet => ("• ", theme.key_point),
                        FrontLead::Hollow => ("◦ ", theme.key_point),
                        FrontLead::None => ("  ", theme.key_point),
                    };
                    Line::from(vec![Span::styled(lead, theme.bullet), Span::styled(text, style)])
                }
                FrontLine::Blank => Line::raw(""),
            });
        }
    }
    draw_lines(lines, text, buf);
}
