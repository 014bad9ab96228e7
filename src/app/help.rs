//! The help overlay's content and scrolling. Its lines are made here, at
//! the width the overlay has, so that scrolling and drawing count the same
//! lines: descriptions wrap, never cut.

use super::*;

/// Columns for the keys before a description.
const KEYS_WIDTH: usize = 20;

/// What a query can say, and the keys for typing one: the same for
/// collection search and find in the story.
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
    ("enter on empty", "the last query again"),
    ("up / down", "earlier and later queries (kept across runs)"),
    ("left, right", "move the cursor; home, end (ctrl-a, ctrl-e) to either end"),
    ("backspace, delete", "delete a character before / under the cursor"),
    ("ctrl-w / ctrl-u", "delete the word / everything before the cursor"),
    ("ctrl-k", "delete everything from the cursor"),
    ("ctrl-n / ctrl-p", "next / previous result while searching"),
    ("enter / esc", "keep the query / clear it"),
];

/// One line of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    Heading(&'static str),
    /// Keys (on the first line of an entry only) and a piece of its
    /// description.
    Row {
        keys: String,
        text: String,
    },
    Blank,
}

/// The width of the keys column.
pub const HELP_KEYS_WIDTH: usize = KEYS_WIDTH;

impl App {
    /// The help overlay's lines for a text area `width` columns wide.
    pub(crate) fn help_lines(&self, width: usize) -> Vec<HelpLine> {
        let mut lines = Vec::new();
        let text_width = width.saturating_sub(KEYS_WIDTH).max(10);
        let entry = |lines: &mut Vec<HelpLine>, keys: String, description: &str| {
            // Keys too long for their column get a line of their own.
            let mut keys = Some(keys);
            if keys.as_ref().is_some_and(|k| crate::text::width(k) >= KEYS_WIDTH) {
                lines.push(HelpLine::Row { keys: keys.take().unwrap_or_default(), text: String::new() });
            }
            for range in crate::wrap::wrap(description, text_width) {
                let keys = keys.take().unwrap_or_default();
                lines.push(HelpLine::Row { keys, text: description[range].to_string() });
            }
        };
        let mut current = None;
        for (context, action, keys) in self.prefs.keymap.help_rows() {
            if current != Some(context) {
                if current.is_some() {
                    lines.push(HelpLine::Blank);
                }
                lines.push(HelpLine::Heading(match context {
                    Context::List => "In the list",
                    Context::Reader => "In the key points and article panes, and the front page",
                    Context::Global => "Everywhere",
                }));
                current = Some(context);
            }
            entry(&mut lines, keys.join(", "), action.description());
        }
        lines.push(HelpLine::Blank);
        entry(&mut lines, "ctrl-c".into(), "quit, always");
        entry(&mut lines, "ctrl-z".into(), "suspend to the shell (fg comes back)");
        lines.push(HelpLine::Blank);
        lines.push(HelpLine::Heading("Searching and finding (after /)"));
        for (example, meaning) in QUERY_SYNTAX {
            entry(&mut lines, example.to_string(), meaning);
        }
        lines
    }

    /// The help's lines at the overlay's size, and how many show at once.
    pub(crate) fn help_page(&self) -> (Vec<HelpLine>, usize) {
        let (_, text) = layout::help_popup(self.size, usize::MAX);
        let lines = self.help_lines(usize::from(text.width));
        let (_, text) = layout::help_popup(self.size, lines.len());
        (lines, usize::from(text.height))
    }

    /// Keys while the help is shown: scroll it, or close it.
    pub(super) fn on_help_action(&mut self, action: Action) {
        let (lines, page) = self.help_page();
        let last = lines.len().saturating_sub(page.max(1));
        let Some(scroll) = self.help.as_mut() else { return };
        *scroll = match action {
            Action::Help | Action::Back | Action::Quit => {
                self.help = None;
                return;
            }
            Action::ScrollDown | Action::SelectNext => *scroll + 1,
            Action::ScrollUp | Action::SelectPrev => scroll.saturating_sub(1),
            Action::PageDown => *scroll + page.saturating_sub(1).max(1),
            Action::PageUp => scroll.saturating_sub(page.saturating_sub(1).max(1)),
            Action::Top => 0,
            Action::Bottom => last,
            _ => *scroll,
        }
        .min(last);
    }
}
