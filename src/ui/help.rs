//! The help overlay: the lines the model makes for it (see
//! `App::help_lines`), in a popup that says when it scrolls.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::draw_lines;
use crate::app::{App, HELP_KEYS_WIDTH, HelpLine};
use crate::layout::help_popup;
use crate::text::pad;

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = app.prefs.theme;
    let (lines, page) = app.help_page();
    let (popup, text) = help_popup(area, lines.len());
    let total = lines.len();
    let scroll = scroll.min(total.saturating_sub(page.max(1)));
    let position = if total > page {
        let last = (scroll + page).min(total);
        let more = if last < total { " · j, space: more" } else { "" };
        format!(" {}–{last} of {total}{more} · ? or esc closes ", scroll + 1)
    } else {
        " ? or esc closes ".to_string()
    };
    Clear.render(popup, buf);
    Block::bordered()
        .title(Span::styled(" Keys ", theme.pane_title))
        .title_bottom(Line::from(position).right_aligned())
        .border_style(theme.border_focused)
        .render(popup, buf);
    let drawn = lines.into_iter().skip(scroll).map(|line| match line {
        HelpLine::Heading(heading) => Line::styled(heading, theme.title),
        // Keys longer than their column have the line to themselves.
        HelpLine::Row { keys, text } if text.is_empty() => Line::styled(keys, theme.bullet),
        HelpLine::Row { keys, text } => {
            Line::from(vec![Span::styled(pad(&keys, HELP_KEYS_WIDTH), theme.bullet), Span::raw(text)])
        }
        HelpLine::Blank => Line::raw(""),
    });
    draw_lines(drawn, text, buf);
}
