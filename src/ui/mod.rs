//! Drawing. Rendering is a pure function of the [`App`]'s state; panes draw
//! only the rows that are visible, so a frame costs the same whatever the
//! size of the collection or the length of the article.

mod front;
mod help;
mod list;
mod reader;
mod status;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let areas = crate::layout::compute(area, &self.layout_input());
        if self.front().is_some() {
            front::render(self, area, buf);
        } else {
            if let Some(rect) = areas.list {
                list::render(self, rect, buf);
            }
            reader::render(self, &areas, buf);
        }
        if let Some(rect) = areas.status
            && !status::render(self, rect, buf)
            && let Some(message) = self.message()
        {
            message_box(self, message, rect, buf);
        }
        if let Some(scroll) = self.help {
            help::render(self, scroll, area, buf);
        }
    }
}

/// Most lines a message box takes; a longer message is cut with `…`.
const MESSAGE_LINES: usize = 6;

/// A message too long for the status bar, wrapped in a box just above it,
/// until the next key: a warning is read whole, never dropped.
fn message_box(app: &App, message: &str, status: Rect, buf: &mut Buffer) {
    // Warnings quote paths, which may hold anything.
    let message = &*crate::text::printable(message);
    let inner = usize::from(status.width.saturating_sub(4)).max(1);
    let mut lines: Vec<String> =
        crate::wrap::wrap(message, inner).into_iter().map(|r| message[r].to_string()).collect();
    if lines.len() > MESSAGE_LINES {
        let rest = lines.split_off(MESSAGE_LINES - 1).join(" ");
        lines.push(crate::text::truncate(&rest, inner).into_owned());
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(status.y);
    let area = Rect { y: status.y - height, height, ..status };
    ratatui::widgets::Clear.render(area, buf);
    let block = ratatui::widgets::Block::bordered()
        .border_style(app.prefs.theme.warning)
        .title_bottom(Line::from(" any key closes this ").right_aligned());
    let text = block.inner(area).inner(ratatui::layout::Margin { horizontal: 1, vertical: 0 });
    block.render(area, buf);
    draw_lines(lines.into_iter().map(Line::from), text, buf);
}

/// Splits `text`, which starts at byte `offset` of its source, into spans.
/// Each mark (a byte range of the source and a style) is patched over
/// `base`, later marks over earlier ones, so inline styles and search
/// highlights can overlap.
fn marked<'a>(text: &'a str, offset: usize, marks: &[(Range<usize>, Style)], base: Style) -> Vec<Span<'a>> {
    let end = offset + text.len();
    let mut cuts: Vec<usize> = vec![offset, end];
    for (range, _) in marks {
        for at in [range.start, range.end] {
            if at > offset && at < end && text.is_char_boundary(at - offset) {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = Vec::with_capacity(cuts.len());
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let style = marks
            .iter()
            .filter(|(r, _)| r.start <= from && to <= r.end)
            .fold(base, |style, (_, mark)| style.patch(*mark));
        spans.push(Span::styled(&text[from - offset..to - offset], style));
    }
    if spans.is_empty() {
        spans.push(Span::styled(text, base));
    }
    spans
}

/// Draws lines into consecutive rows of `area`, clipped to it.
fn draw_lines<'a>(lines: impl IntoIterator<Item = Line<'a>>, area: Rect, buf: &mut Buffer) {
    for (line, y) in lines.into_iter().zip(area.top()..area.bottom()) {
        draw_line(&line, Rect { y, height: 1, ..area }, buf);
    }
}

/// Draws a line into the first row of `area`, each span from where the
/// one before it ended. ratatui's own `Line` places a span by the width
/// of its whole text but writes it grapheme by grapheme, and the two
/// differ where Unicode counts a pair as one column (Arabic lam-alef,
/// two columns in terminals): the next span then overwrote a character.
fn draw_line(line: &Line, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let row = Rect { height: 1, ..area };
    buf.set_style(row, line.style);
    let mut x = area.x;
    for span in &line.spans {
        let room = usize::from(area.right().saturating_sub(x));
        if room == 0 {
            break;
        }
        x = buf.set_stringn(x, area.y, &span.content, room, line.style.patch(span.style)).0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_clipped_to_the_line() {
        let hl = Style::new().bold();
        let text = "brown fox";
        // The line is bytes 10..19 of its source.
        let spans = marked(text, 10, &[(4..12, hl), (16..30, hl)], Style::new());
        let parts: Vec<(&str, bool)> = spans.iter().map(|s| (&*s.content, s.style == hl)).collect();
        assert_eq!(parts, [("br", true), ("own ", false), ("fox", true)]);
        assert_eq!(marked("", 0, &[], Style::new()).len(), 1);
    }

    #[test]
    fn a_span_after_arabic_lam_alef_starts_where_the_text_before_ends() {
        // Unicode width counts لا as one column; terminals show two.
        let line =
            Line::from(vec![Span::raw("ثلاثة ["), Span::styled("x", Style::new().bold()), Span::raw("]")]);
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        draw_line(&line, buf.area, &mut buf);
        let cells: String = (0..10).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert_eq!(cells, "ثلاثة [x] ");
        assert!(buf[(7, 0)].modifier.contains(ratatui::style::Modifier::BOLD));
    }

    #[test]
    fn overlapping_marks_patch_in_order() {
        let bold = Style::new().bold();
        let red = Style::new().red();
        let spans = marked("abcdef", 0, &[(0..4, bold), (2..6, red)], Style::new());
        let parts: Vec<(&str, Style)> = spans.iter().map(|s| (&*s.content, s.style)).collect();
        assert_eq!(parts, [("ab", bold), ("cd", bold.patch(red)), ("ef", red)]);
    }
}
