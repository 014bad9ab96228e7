//! The line being typed at a prompt (find, search, pipe): a cursor that
//! moves by whole characters as seen, readline's editing keys, and a
//! history of queries walked with Up and Down.

use super::*;

/// Queries remembered, most recent last.
pub const HISTORY: usize = 100;

/// Editing state of the prompt in use.
#[derive(Clone, Debug, Default)]
pub struct Prompt {
    /// Byte offset of the cursor in the text, on a grapheme boundary.
    pub cursor: usize,
    /// While walking the history: the entry shown (counted from the most
    /// recent) and the text typed before the walk began.
    walk: Option<(usize, String)>,
}

/// What a key did to the line.
pub(super) enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// Not an editing key.
    Ignored,
}

impl Prompt {
    /// A prompt for `text`, with the cursor at its end.
    pub fn at_end(text: &str) -> Prompt {
        Prompt { cursor: text.len(), walk: None }
    }

    /// Applies an editing key to `text`. `history` is walked by Up/Down.
    pub(super) fn edit(&mut self, text: &mut String, key: KeyEvent, history: &[String]) -> Edit {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.cursor = self.cursor.min(text.len());
        let before =
            |text: &str, at: usize| text[..at].grapheme_indices(true).next_back().map_or(0, |(i, _)| i);
        let after = |text: &str, at: usize| at + text[at..].graphemes(true).next().map_or(0, str::len);
        match key.code {
            KeyCode::Left => self.cursor = before(text, self.cursor),
            KeyCode::Right => self.cursor = after(text, self.cursor),
            KeyCode::Home => self.cursor = 0,
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::End => self.cursor = text.len(),
            KeyCode::Char('e') if ctrl => self.cursor = text.len(),
            KeyCode::Up => return self.walk(text, history, 1),
            KeyCode::Down => return self.walk(text, history, -1),
            KeyCode::Backspace => {
                let start = before(text, self.cursor);
                text.replace_range(start..self.cursor, "");
                self.cursor = start;
                return Edit::Changed;
            }
            KeyCode::Delete => {
                let end = after(text, self.cursor);
                text.replace_range(self.cursor..end, "");
                return Edit::Changed;
            }
            KeyCode::Char('u') if ctrl => {
                text.replace_range(..self.cursor, "");
                self.cursor = 0;
                return Edit::Changed;
            }
            KeyCode::Char('k') if ctrl => {
                text.truncate(self.cursor);
                return Edit::Changed;
            }
            KeyCode::Char('w') if ctrl => {
                let head = text[..self.cursor].trim_end();
                let start = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                text.replace_range(start..self.cursor, "");
                self.cursor = start;
                return Edit::Changed;
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) && !c.is_control() => {
                if text.chars().count() < MAX_QUERY_CHARS {
                    text.insert(self.cursor, c);
                    self.cursor += c.len_utf8();
                    // A character that joins the one before it (an accent)
                    // must not leave the cursor inside their cluster.
                    self.cursor = after(text, before(text, self.cursor));
                }
                return Edit::Changed;
            }
            _ => return Edit::Ignored,
        }
        Edit::Moved
    }

    /// Shows an older (`step` 1) or newer (-1) query from `history`; past
    /// the newest, the text typed before the walk.
    fn walk(&mut self, text: &mut String, history: &[String], step: isize) -> Edit {
        let at = match &self.walk {
            Some((at, _)) => *at as isize + step,
            None if step > 0 => 0,
            None => return Edit::Ignored,
        };
        if at >= history.len() as isize {
            return Edit::Ignored;
        }
        if at < 0 {
            if let Some((_, typed)) = self.walk.take() {
                *text = typed;
            }
        } else {
            let typed = match self.walk.take() {
                Some((_, typed)) => typed,
                None => text.clone(),
            };
            *text = history[history.len() - 1 - at as usize].clone();
            self.walk = Some((at as usize, typed));
        }
        self.cursor = text.len();
        Edit::Changed
    }
}

/// Adds a query to the end of `history`, once.
pub(super) fn remember(history: &mut Vec<String>, query: &str) {
    let query = query.trim();
    if query.is_empty() {
        return;
    }
    history.retain(|q| q != query);
    history.push(query.to_string());
    if history.len() > HISTORY {
        history.remove(0);
    }
}
