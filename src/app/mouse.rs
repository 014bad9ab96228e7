//! The mouse: wheel and clicks, by the pane under the pointer.

use super::*;

impl App {
    /// The wheel scrolls the pane under the pointer (in the list it moves
    /// the selection); a click focuses a pane or selects a list row, and a
    /// click on the selected row opens it.
    pub(super) fn on_mouse(&mut self, mouse: MouseEvent) {
        if self.help.is_some() || self.front.is_some() {
            return;
        }
        let at = ratatui::layout::Position { x: mouse.column, y: mouse.row };
        let areas = self.areas();
        let over =
            [(Pane::List, areas.list), (Pane::KeyPoints, areas.key_points), (Pane::Article, areas.article)]
                .into_iter()
                .find_map(|(pane, rect)| rect.filter(|r| r.contains(at)).map(|r| (pane, r)));
        let Some((pane, rect)) = over else { return };
        const WHEEL_LINES: usize = 3;
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = mouse.kind == MouseEventKind::ScrollDown;
                if pane == Pane::List {
                    self.select(if down {
                        self.list.selected + 1
                    } else {
                        self.list.selected.saturating_sub(1)
                    });
                } else {
                    let pos = self.scroll(pane);
                    self.set_scroll(
                        pane,
                        if down { pos + WHEEL_LINES } else { pos.saturating_sub(WHEEL_LINES) },
                    );
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if pane == Pane::List {
                    let inner_top = rect.y + 1;
                    if at.y < inner_top || at.y + 1 >= rect.bottom() {
                        self.reading.focus = Pane::List;
                        return;
                    }
                    let row = self.list.offset + usize::from(at.y - inner_top) / self.list_row_height();
                    if row < self.list.shown.len() {
                        if row == self.list.selected && self.reading.focus == Pane::List {
                            self.open();
                        } else {
                            self.reading.focus = Pane::List;
                            self.select(row);
                        }
                    }
                } else if self.focusable().contains(&pane) {
                    self.reading.focus = pane;
                }
            }
            _ => {}
        }
    }
}
