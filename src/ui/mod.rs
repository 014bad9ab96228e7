//! Drawing. Rendering is a pure function of the [`App`]'s state; panes draw
//! only the rows that are visible, so a frame costs the same whatever the
//! size of the collection or the length of the article.

mod help;
pub mod layout;
mod list;
mod reader;
mod status;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::app::App;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let areas = layout::compute(area, &self.layout_input());
        if let Some(rect) = areas.list {
            list::render(self, rect, buf);
        }
        reader::render(self, &areas, buf);
        if let Some(rect) = areas.status {
            status::render(self, rect, buf);
        }
        if let Some(scroll) = self.help {
            help::render(self, scroll, area, buf);
        }
    }
}

/// Draws lines into consecutive rows of `area`, clipped to it.
fn draw_lines<'a>(lines: impl IntoIterator<Item = Line<'a>>, area: Rect, buf: &mut Buffer) {
    for (line, y) in lines.into_iter().zip(area.top()..area.bottom()) {
        line.render(Rect { y, height: 1, ..area }, buf);
    }
}
