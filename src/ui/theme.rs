//! Colours and text styles for every element, in the 16 ANSI colours so
//! they work on any colour terminal and follow its palette.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub pane_title: Style,
    pub title: Style,
    pub meta: Style,
    pub text: Style,
    pub bullet: Style,
    pub key_point: Style,
    pub placeholder: Style,
    pub list_date: Style,
    pub selection: Style,
    pub selection_unfocused: Style,
    pub status: Style,
    pub status_mode: Style,
    pub warning: Style,
    pub highlight: Style,
    pub current_highlight: Style,
    pub input: Style,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            pane_title: Style::new().add_modifier(Modifier::BOLD),
            title: Style::new().add_modifier(Modifier::BOLD),
            meta: Style::new().fg(Color::DarkGray),
            text: Style::new(),
            bullet: Style::new().fg(Color::Cyan),
            key_point: Style::new(),
            placeholder: Style::new().fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            list_date: Style::new().fg(Color::DarkGray),
            selection: Style::new().fg(Color::Black).bg(Color::Cyan),
            selection_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            status: Style::new().fg(Color::White).bg(Color::DarkGray),
            status_mode: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Yellow).bg(Color::DarkGray).add_modifier(Modifier::BOLD),
            highlight: Style::new().fg(Color::Black).bg(Color::Yellow),
            current_highlight: Style::new().fg(Color::Black).bg(Color::LightRed).add_modifier(Modifier::BOLD),
            input: Style::new().fg(Color::White).bg(Color::Black),
        }
    }
}

impl Theme {
    pub fn border(&self, focused: bool) -> Style {
        if focused { self.border_focused } else { self.border }
    }
}
