//! Colours and text styles for every element. The built-in themes use the
//! 16 ANSI colours, so they work on any colour terminal and follow its
//! palette; users can recolour any element in the config file.

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
    pub list: Style,
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
    pub unread: Style,
    pub bookmark: Style,
}

/// Picks one element's style out of a theme.
pub type StyleOf = fn(&mut Theme) -> &mut Style;

/// Element names for the config file's `[colors]` table, and the style
/// each one sets.
pub const ELEMENTS: [(&str, StyleOf); 19] = [
    ("list", |t| &mut t.list),
    ("list_date", |t| &mut t.list_date),
    ("selection", |t| &mut t.selection),
    ("title", |t| &mut t.title),
    ("meta", |t| &mut t.meta),
    ("text", |t| &mut t.text),
    ("key_points", |t| &mut t.key_point),
    ("bullet", |t| &mut t.bullet),
    ("heading", |t| &mut t.heading),
    ("code", |t| &mut t.code),
    ("link", |t| &mut t.link),
    ("highlight", |t| &mut t.highlight),
    ("current_highlight", |t| &mut t.current_highlight),
    ("status_bar", |t| &mut t.status),
    ("status_mode", |t| &mut t.status_mode),
    ("border", |t| &mut t.border),
    ("border_focused", |t| &mut t.border_focused),
    ("unread", |t| &mut t.unread),
    ("bookmark", |t| &mut t.bookmark),
];

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark()
    }
}

impl Theme {
    /// For dark backgrounds (the default).
    pub fn dark() -> Theme {
        Theme {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            pane_title: Style::new().add_modifier(Modifier::BOLD),
            title: Style::new().add_modifier(Modifier::BOLD),
            meta: Style::new().fg(Color::DarkGray),
            text: Style::new(),
            list: Style::new(),
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
            unread: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            bookmark: Style::new().fg(Color::Yellow),
        }
    }

    /// For light backgrounds: darker accents, no light-grey text.
    pub fn light() -> Theme {
        Theme {
            border: Style::new().fg(Color::Gray),
            border_focused: Style::new().fg(Color::Blue),
            meta: Style::new().fg(Color::DarkGray),
            bullet: Style::new().fg(Color::Blue),
            placeholder: Style::new().fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            list_date: Style::new().fg(Color::DarkGray),
            selection: Style::new().fg(Color::White).bg(Color::Blue),
            status: Style::new().fg(Color::Black).bg(Color::Gray),
            status_mode: Style::new().fg(Color::White).bg(Color::Blue).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Red).bg(Color::Gray).add_modifier(Modifier::BOLD),
            code: Style::new().fg(Color::Magenta),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            input: Style::new().fg(Color::Black).bg(Color::White),
            unread: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            bookmark: Style::new().fg(Color::Red),
            ..Theme::dark()
        }
    }

    /// Every style of the theme. The destructuring names every field, so
    /// a style added to the theme without being listed here does not
    /// compile.
    fn all_mut(&mut self) -> [&mut Style; 27] {
        // Named once: the pattern must name every field, and the array
        // is made of the same names.
        macro_rules! every {
            ($($field:ident),*) => {{
                let Theme { $($field),* } = self;
                [$($field),*]
            }};
        }
        every!(
            border,
            border_focused,
            pane_title,
            title,
            meta,
            text,
            list,
            bullet,
            key_point,
            placeholder,
            list_date,
            selection,
            selection_unfocused,
            status,
            status_mode,
            warning,
            heading,
            quote,
            code,
            strong,
            emphasis,
            link,
            highlight,
            current_highlight,
            input,
            unread,
            bookmark
        )
    }

    /// The theme without any colour, for `NO_COLOR`: emphasis comes from
    /// bold, underline and reverse video alone.
    pub fn without_colors(self) -> Theme {
        let mut theme = self;
        for s in theme.all_mut() {
            *s = Style { fg: None, bg: None, ..*s };
        }
        theme.selection = theme.selection.add_modifier(Modifier::REVERSED);
        theme.status = theme.status.add_modifier(Modifier::REVERSED);
        theme.status_mode = theme.status_mode.add_modifier(Modifier::REVERSED | Modifier::BOLD);
        theme.highlight = theme.highlight.add_modifier(Modifier::REVERSED);
        theme.current_highlight =
            theme.current_highlight.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED);
        theme
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused { self.border_focused } else { self.border }
    }

    /// The style of an inline Markdown span.
    pub fn inline(&self, inline: Inline) -> Style {
        match inline {
            Inline::Strong => self.strong,
            Inline::Emphasis => self.emphasis,
            Inline::Code => self.code,
            Inline::Link => self.link,
        }
    }
}
