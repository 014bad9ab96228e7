//! The help overlay, generated from the keymap in effect.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use super::draw_lines;
use crate::app::App;
use crate::keymap::Context;
use crate::text::pad;

const WIDTH: u16 = 66;
const KEYS_WIDTH: usize = 20;

/// What a query can say, and the keys for typing one, after the key
/// table: the same for collection search and find in the story. Each
/// description fits beside the examples in the popup's width.
const QUERY_SYNTAX: &[(&str, &str)] = &[
    ("ferry pier", "every word, in any order"),
    ("batt", "also longer words: battery, battle"),
    ("batt then space", "the whole word only"),
    ("\"night train\"", "these words together, in this order"),
    ("corn OR grain", "either word; also corn | grain"),
    ("-corn", "leave out stories with the word"),
    ("source:NAME", "only articles from that source"),
    ("tag:NAME", "only articles with that tag"),
    ("source:\"a b\"", "quotes hold a name with spaces"),
    ("cafe", "finds Café: case and accents are ignored"),
    ("backspace", "delete a character"),
    ("ctrl-w", "delete a word"),
    ("ctrl-u", "delete the whole query"),
    ("enter / esc", "keep the query / clear it"),
];

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let theme = app.prefs.theme;
    let mut lines = Vec::new();
    let mut current = None;
    for (context, action, keys) in app.prefs.keymap.help_rows() {
        if current != Some(context) {
            if current.is_some() {
                lines.push(Line::raw(""));
            }
            let heading = match context {
                Context::List => "In the list",
                Context::Reader => "In the key points and article panes",
                Context::Global => "Everywhere",
            };
            lines.push(Line::styled(heading, theme.title));
            current = Some(context);
        }
        lines.push(Line::from(vec![
            Span::styled(pad(&keys.join(", "), KEYS_WIDTH), theme.bullet),
            Span::raw(action.description()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(pad("ctrl-c", KEYS_WIDTH), theme.bullet),
        Span::raw("quit, always"),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Searching and finding (after /)", theme.title));
    for (example, meaning) in QUERY_SYNTAX {
        lines.push(Line::from(vec![
            Span::styled(pad(example, KEYS_WIDTH), theme.bullet),
            Span::raw(*meaning),
        ]));
    }

    let width = WIDTH.min(area.width);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height);
    let popup =
        Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    Clear.render(popup, buf);
    let block = Block::bordered()
        .title(Span::styled(" Keys ", theme.pane_title))
        .title_bottom(Line::from(" ? or esc closes ").right_aligned())
        .border_style(theme.border_focused);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let inner = Rect { x: inner.x.saturating_add(1), width: inner.width.saturating_sub(1), ..inner };
    let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
    draw_lines(lines.into_iter().skip(scroll.min(max_scroll)), inner, buf);
}
