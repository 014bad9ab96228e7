//! Where each pane goes for a terminal size and state. A pure function used
//! both to draw and, by the state machine, to know pane heights for scrolling.

use ratatui::layout::Rect;

use crate::vocab::{Pane, View};

/// Default cap on the reading width: long lines are hard to read.
pub const DEFAULT_MAX_WIDTH: usize = 100;

/// Columns a list needs beside the reader: borders, marks, 40 columns of
/// title and a date with its year.
pub const LIST_MIN_WIDTH: u16 = 2 + 2 + 40 + 12;
/// A reading side narrower than this is not worth showing beside the list.
const READING_MIN_WIDTH: u16 = 50;

/// What the layout depends on besides the terminal size.
#[derive(Clone, Copy, Debug)]
pub struct LayoutInput {
    pub focus: Pane,
    pub view: View,
    pub key_points_folded: bool,
    pub header_lines: usize,
    pub key_point_lines: usize,
    pub max_width: usize,
    /// The list's width when set (`list_width`), else the room the reader
    /// leaves.
    pub list_width: Option<u16>,
    /// One pane at a time, whatever the width (`z`).
    pub one_pane: bool,
}

/// Rectangles of the visible panes (blocks including their borders).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub list: Option<Rect>,
    pub header: Option<Rect>,
    pub key_points: Option<Rect>,
    pub article: Option<Rect>,
    pub status: Option<Rect>,
}

/// The whole terminal less the status bar.
fn main_area(area: Rect) -> Rect {
    Rect { height: area.height.saturating_sub(1), ..area }
}

/// The list's width beside the reader, or none when one pane is shown at
/// a time: the reader gets its reading width (and margins), the list the
/// rest, and both must have room for what they show.
fn list_width(area: Rect, input: &LayoutInput) -> Option<u16> {
    if input.one_pane {
        return None;
    }
    let reader = clamp_u16(input.max_width).saturating_add(4);
    let wanted = input.list_width.unwrap_or_else(|| area.width.saturating_sub(reader).max(LIST_MIN_WIDTH));
    (area.width >= wanted.saturating_add(READING_MIN_WIDTH)).then_some(wanted)
}

/// The reading side, whether or not it is currently visible.
pub fn reading_side(area: Rect, input: &LayoutInput) -> Rect {
    let main = main_area(area);
    match list_width(area, input) {
        Some(w) => Rect { x: main.x + w, width: main.width - w, ..main },
        None => main,
    }
}

/// The help overlay for `lines` lines of content: the popup (centred, at
/// most 78 columns, never over the status bar) and the text inside it.
pub fn help_popup(area: Rect, lines: usize) -> (Rect, Rect) {
    let main = main_area(area);
    let width = main.width.min(78);
    let height = u16::try_from(lines.saturating_add(2)).unwrap_or(u16::MAX).min(main.height);
    let popup =
        Rect { x: main.x + (main.width - width) / 2, y: main.y + (main.height - height) / 2, width, height };
    // Inside the border, a column of padding on the left.
    let text = Rect {
        x: popup.x.saturating_add(2),
        y: popup.y.saturating_add(1),
        width: popup.width.saturating_sub(3),
        height: popup.height.saturating_sub(2),
    };
    (popup, text)
}

/// The front page: its bordered block (the whole screen above the status
/// bar) and the text inside it.
pub fn front_page(area: Rect, max_width: usize) -> (Rect, Rect) {
    let block = main_area(area);
    (block, text_area(block, max_width))
}

/// Where text goes inside a bordered pane: inside the border, one column of
/// padding each side, at most `max_width` columns, centred.
pub fn text_area(block: Rect, max_width: usize) -> Rect {
    let inner = Rect {
        x: block.x.saturating_add(2),
        y: block.y.saturating_add(1),
        width: block.width.saturating_sub(4),
        height: block.height.saturating_sub(2),
    };
    let capped = inner.width.min(u16::try_from(max_width).unwrap_or(u16::MAX));
    Rect { x: inner.x + (inner.width - capped) / 2, width: capped, ..inner }
}

/// The column count the reading side wraps text to.
pub fn reading_width(area: Rect, input: &LayoutInput) -> usize {
    usize::from(text_area(reading_side(area, input), input.max_width).width)
}

pub fn compute(area: Rect, input: &LayoutInput) -> Areas {
    let mut areas = Areas::default();
    if area.is_empty() {
        return areas;
    }
    areas.status = Some(Rect { y: area.bottom() - 1, height: 1, ..area });
    let main = main_area(area);
    let list = list_width(area, input);
    let wide = list.is_some();
    if let Some(width) = list {
        areas.list = Some(Rect { width, ..main });
    } else if input.focus == Pane::List {
        areas.list = Some(main);
        return areas;
    }

    let side = reading_side(area, input);
    let text = text_area(side, input.max_width);
    let header_height = clamp_u16(input.header_lines).min(side.height / 3).max(side.height.min(1));
    areas.header = Some(Rect { x: text.x, y: side.y, width: text.width, height: header_height });
    let rest = Rect { y: side.y + header_height, height: side.height - header_height, ..side };

    let show_key_points = wide || input.focus != Pane::Article;
    let show_article = input.view == View::Full && (wide || input.focus == Pane::Article);
    match (show_key_points, show_article) {
        (true, true) => {
            let kp = if input.key_points_folded {
                1
            } else {
                let wanted = clamp_u16(input.key_point_lines.max(1)).saturating_add(2);
                wanted.min((rest.height * 2 / 5).max(3))
            }
            .min(rest.height);
            areas.key_points = Some(Rect { height: kp, ..rest });
            areas.article = Some(Rect { y: rest.y + kp, height: rest.height - kp, ..rest });
        }
        (true, false) => areas.key_points = Some(rest),
        (false, _) => areas.article = Some(rest),
    }
    areas
}

fn clamp_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}
