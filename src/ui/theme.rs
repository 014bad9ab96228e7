//! Colours and text styles for every element, in the 16 ANSI colours so
//! they work on any colour terminal and follow its palette.

use ratatui::style::{Color, Modifier, Style};

use crate::article::Inline;

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
    pub heading: Style,
    pub quote: Style,
    pub code: Style,
    pub strong: Style,
    pub emphasis: Style,
    pub link: Style,
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
            heading: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            quote: Style::new().add_modifier(Modifier::ITALIC),
            code: Style::new().fg(Color::Green),
            strong: Style::new().add_modifier(Modifier::BOLD),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            link: Style::new().fg(Color::Cyan).add_modifier(Modifier::UNDERLINED),
            highlight: Style::new().fg(Color::Black).bg(Color::Yellow),
            current_highlight: Style::new().fg(Color::Black).bg(Color::LightRed).add_modifier(Modifier::BOLD),
            input: Style::new().fg(Color::White).bg(Color::Black),
        }
    }
}

impl Theme {
    /// The style of an inline Markdown span.
    pub fn inline(&self, inline: Inline) -> Style {
        match inline {
            Inline::Strong => self.strong,
            Inline::Emphasis => self.emphasis,
            Inline::Code => self.code,
            Inline::Link => self.link,
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused { self.border_focused } else { self.border }
    }
}
