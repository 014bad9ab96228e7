//! Named actions and the one table that binds keys to them. Key dispatch,
//! the help overlay and (later) the config file all read this table.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Declares the actions once: the enum, the list of every action (in the
/// order the help shows them) and each one's name and description, so a
/// new action cannot be left out of any of them.
macro_rules! actions {
    ($($variant:ident => $name:literal, $description:literal;)*) => {
        /// Everything a key can do. Names are the snake_case strings users write.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            $($variant),*
        }

        impl Action {
            /// Every action, in the order the help lists them.
            pub const ALL: &[Action] = &[$(Action::$variant),*];

            fn info(self) -> (&'static str, &'static str) {
                match self {
                    $(Action::$variant => ($name, $description)),*
                }
            }
        }
    };
}

actions! {
    SelectNext => "select_next", "next article";
    SelectPrev => "select_prev", "previous article";
    NextArticle => "next_article", "read the next article, in the same view";
    PrevArticle => "prev_article", "read the previous article, in the same view";
    ScrollDown => "scroll_down", "scroll down";
    ScrollUp => "scroll_up", "scroll up";
    PageDown => "page_down", "one page down";
    PageUp => "page_up", "one page up";
    Top => "top", "first article / top of the pane";
    Bottom => "bottom", "last article / end of the pane";
    Open => "open", "read the article; on a key point, show its evidence";
    Back => "back", "back to the list; in the list, end a search";
    FocusNext => "focus_next", "next pane";
    FocusPrev => "focus_prev", "previous pane";
    ToggleView => "toggle_view", "switch summary / full text";
    ToggleKeyPoints => "toggle_key_points", "fold key points in full view";
    FrontPage => "front_page", "the front page: every article's key points";
    ToggleList => "toggle_list", "one pane at a time (the list or the reader), or side by side";
    Search => "search", "search all articles (list) or find in story";
    FindNext => "find_next", "next hit";
    FindPrev => "find_prev", "previous hit";
    CycleSort => "cycle_sort", "sort by date, title, source or file name";
    CycleFilter => "cycle_filter", "show all / unread / bookmarked";
    ToggleRead => "toggle_read", "mark read / unread";
    ToggleBookmark => "toggle_bookmark", "bookmark / unbookmark";
    MarkAllRead => "mark_all_read", "mark every listed article read";
    Undo => "undo", "undo the last mark-all-read";
    OpenUrl => "open_url", "open the article's web page";
    Pipe => "pipe", "pipe the article's text to a command (empty: $PAGER)";
    Edit => "edit", "open the article's file in $EDITOR";
    Fetch => "fetch", "fetch the subscribed feeds in the background";
    Redraw => "redraw", "draw the whole screen again";
    Help => "help", "show or hide this help";
    Quit => "quit", "quit brief";
}

impl Action {
    pub fn name(self) -> &'static str {
        self.info().0
    }

    pub fn description(self) -> &'static str {
        self.info().1
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

/// Where a binding applies. Reader bindings apply in the key-points and
/// article panes; global ones everywhere unless a narrower one matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    List,
    Reader,
}

impl Context {
    pub const ALL: [Context; 3] = [Context::List, Context::Reader, Context::Global];

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Reader => "reader",
        }
    }
}

/// One key with its modifiers, normalized so that `G` and `shift-g` are the
/// same chord and `shift-tab` is crossterm's BackTab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Chord {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Chord {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = code;
        match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                // The character already carries the case.
                mods.remove(KeyModifiers::SHIFT);
                code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                code = KeyCode::BackTab;
            }
            KeyCode::BackTab => mods.remove(KeyModifiers::SHIFT),
            _ => {}
        }
        Chord { code, mods }
    }
}

impl From<&KeyEvent> for Chord {
    fn from(key: &KeyEvent) -> Chord {
        Chord::new(key.code, key.modifiers)
    }
}

const NAMED_KEYS: [(&str, KeyCode); 15] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("delete", KeyCode::Delete),
];

/// Why a key string could not be read, or names a key that could never
/// do what it is bound to.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadKey {
    #[error("unknown key {0:?}")]
    Unknown(String),
    #[error("{0:?}: {1} is written twice")]
    Repeated(String, &'static str),
    #[error("{0:?}: function keys are f1 to f12")]
    FunctionKey(String),
    #[error(
        "{0:?}: shift gives another character, not another key; write that character (\"!\" for shift-1)"
    )]
    Shifted(String),
    #[error("{0:?} cannot be bound: it always {1}")]
    Reserved(String, &'static str),
}

/// Keys brief handles before any binding, whatever the config says.
const RESERVED: [(char, &str); 2] = [('c', "quits"), ('z', "suspends brief")];

impl FromStr for Chord {
    type Err = BadKey;

    /// Parses `j`, `G`, `?`, `ctrl-d`, `alt-x`, `shift-tab`, `pgdn`, `f5`...
    fn from_str(s: &str) -> Result<Chord, BadKey> {
        let bad = || BadKey::Unknown(s.to_string());
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        // A lone "-" is the minus key, not a separator.
        while let Some((prefix, tail)) = rest.split_once('-').filter(|(_, t)| !t.is_empty()) {
            let (modifier, name) = match prefix.to_ascii_lowercase().as_str() {
                "ctrl" | "c" => (KeyModifiers::CONTROL, "ctrl"),
                "alt" | "a" | "m" => (KeyModifiers::ALT, "alt"),
                "shift" | "s" => (KeyModifiers::SHIFT, "shift"),
                _ => return Err(bad()),
            };
            if mods.contains(modifier) {
                return Err(BadKey::Repeated(s.to_string(), name));
            }
            mods |= modifier;
            rest = tail;
        }
        let lower = rest.to_ascii_lowercase();
        let code = if let Some(&(_, code)) = NAMED_KEYS.iter().find(|(name, _)| *name == lower) {
            code
        } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            if !(1..=12).contains(&n) {
                return Err(BadKey::FunctionKey(s.to_string()));
            }
            KeyCode::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                // Shift folds into a letter (`shift-g` is `G`); a character
                // without case would silently mean itself unshifted.
                (Some(c), None)
                    if mods.contains(KeyModifiers::SHIFT) && c.to_uppercase().eq(c.to_lowercase()) =>
                {
                    return Err(BadKey::Shifted(s.to_string()));
                }
                (Some(c), None) => KeyCode::Char(c),
                _ => return Err(bad()),
            }
        };
        let chord = Chord::new(code, mods);
        // As the app checks them (any chord with ctrl), and ctrl-shift-c
        // too: a terminal sends it as ctrl-c.
        let reserved = |&&(key, _): &&(char, &str)| {
            chord.mods.contains(KeyModifiers::CONTROL)
                && matches!(chord.code, KeyCode::Char(c) if c.to_ascii_lowercase() == key)
        };
        if let Some((_, what)) = RESERVED.iter().find(reserved) {
            return Err(BadKey::Reserved(s.to_string(), what));
        }
        Ok(chord)
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED_KEYS.iter().find(|(_, c)| *c == code).map_or("?", |(n, _)| *n);
                f.write_str(name)
            }
        }
    }
}

/// The default bindings, written as a user would write them in the config.
const DEFAULTS: &[(Context, &str, Action)] = &[
    (Context::List, "j", Action::SelectNext),
    (Context::List, "down", Action::SelectNext),
    (Context::List, "k", Action::SelectPrev),
    (Context::List, "up", Action::SelectPrev),
    (Context::List, "enter", Action::Open),
    (Context::List, "l", Action::Open),
    (Context::List, "right", Action::Open),
    (Context::List, "esc", Action::Back),
    (Context::Reader, "j", Action::ScrollDown),
    (Context::Reader, "down", Action::ScrollDown),
    (Context::Reader, "k", Action::ScrollUp),
    (Context::Reader, "up", Action::ScrollUp),
    (Context::List, "q", Action::Quit),
    (Context::List, "u", Action::CycleFilter),
    (Context::Reader, "esc", Action::Back),
    (Context::Reader, "q", Action::Back),
    (Context::Reader, "h", Action::Back),
    (Context::Reader, "left", Action::Back),
    (Context::Reader, "enter", Action::Open),
    (Context::Reader, "n", Action::FindNext),
    (Context::Reader, "N", Action::FindPrev),
    (Context::Global, "g", Action::Top),
    (Context::Global, "home", Action::Top),
    (Context::Global, "G", Action::Bottom),
    (Context::Global, "end", Action::Bottom),
    (Context::Global, "ctrl-d", Action::PageDown),
    (Context::Global, "pgdn", Action::PageDown),
    (Context::Global, "space", Action::PageDown),
    (Context::Global, "ctrl-f", Action::PageDown),
    (Context::Global, "ctrl-u", Action::PageUp),
    (Context::Global, "ctrl-b", Action::PageUp),
    (Context::Global, "J", Action::NextArticle),
    (Context::Global, "K", Action::PrevArticle),
    (Context::Global, "A", Action::MarkAllRead),
    (Context::Global, "U", Action::Undo),
    (Context::Global, "|", Action::Pipe),
    (Context::Global, "e", Action::Edit),
    (Context::Global, "R", Action::Fetch),
    (Context::Global, "ctrl-l", Action::Redraw),
    (Context::Global, "z", Action::ToggleList),
    (Context::Global, "pgup", Action::PageUp),
    (Context::Global, "tab", Action::FocusNext),
    (Context::Global, "shift-tab", Action::FocusPrev),
    (Context::Global, "s", Action::ToggleView),
    (Context::Global, "c", Action::ToggleKeyPoints),
    (Context::Global, "/", Action::Search),
    (Context::Global, "S", Action::CycleSort),
    (Context::Global, "o", Action::OpenUrl),
    (Context::Global, "r", Action::ToggleRead),
    (Context::Global, "b", Action::ToggleBookmark),
    (Context::Global, "f", Action::FrontPage),
    (Context::Global, "?", Action::Help),
    (Context::Global, "Q", Action::Quit),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub chord: Chord,
    pub action: Action,
}

/// The bindings in effect.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

/// Two keymaps are equal when they bind the same keys, in any order.
impl PartialEq for Keymap {
    fn eq(&self, other: &Keymap) -> bool {
        self.bindings.len() == other.bindings.len()
            && self.bindings.iter().all(|b| other.bindings.contains(b))
    }
}

impl Eq for Keymap {}

impl Default for Keymap {
    fn default() -> Keymap {
        let bindings = DEFAULTS
            .iter()
            .map(|&(context, key, action)| Binding {
                context,
                chord: key.parse().expect("default key strings are valid"),
                action,
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The default bindings as (context, key string, action), for the
    /// default config file.
    pub fn defaults() -> impl Iterator<Item = (Context, &'static str, Action)> {
        DEFAULTS.iter().copied()
    }

    /// Binds `chord` to `action` (or to nothing), replacing what it did.
    /// In the global context the key is freed everywhere first, so a
    /// user's global binding wins over the built-in list and reader ones.
    pub fn rebind(&mut self, context: Context, chord: Chord, action: Option<Action>) {
        self.bindings.retain(|b| b.chord != chord || (context != Context::Global && b.context != context));
        if let Some(action) = action {
            self.bindings.push(Binding { context, chord, action });
        }
    }

    /// The action for a key in a context, falling back to global bindings.
    pub fn lookup(&self, context: Context, chord: Chord) -> Option<Action> {
        let find = |ctx: Context| {
            self.bindings.iter().find(|b| b.context == ctx && b.chord == chord).map(|b| b.action)
        };
        find(context).or_else(|| if context == Context::Global { None } else { find(Context::Global) })
    }

    /// For the help overlay: per context, each bound action with its keys,
    /// in the order of [`Action::ALL`].
    pub fn help_rows(&self) -> Vec<(Context, Action, Vec<String>)> {
        let mut rows = Vec::new();
        for context in Context::ALL {
            for &action in Action::ALL {
                let keys: Vec<String> = self
                    .bindings
                    .iter()
                    .filter(|b| b.context == context && b.action == action)
                    .map(|b| b.chord.to_string())
                    .collect();
                if !keys.is_empty() {
                    rows.push((context, action, keys));
                }
            }
        }
        rows
    }

    /// The keys bound to an action anywhere, for hints in the status bar.
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        self.bindings.iter().filter(|b| b.action == action).map(|b| b.chord.to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_strings_round_trip() {
        for s in ["j", "G", "?", "ctrl-d", "shift-tab", "pgdn", "space", "enter", "alt-x", "f5", "-"] {
            let chord: Chord = s.parse().unwrap();
            assert_eq!(chord.to_string(), s);
        }
    }

    #[test]
    fn shift_is_folded_into_the_character() {
        let a: Chord = "shift-g".parse().unwrap();
        let b: Chord = "G".parse().unwrap();
        assert_eq!(a, b);
        let from_terminal = Chord::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(from_terminal, b);
        assert_eq!(Chord::new(KeyCode::BackTab, KeyModifiers::SHIFT), "shift-tab".parse().unwrap());
    }

    #[test]
    fn bad_key_strings_are_errors() {
        assert!("hyper-x".parse::<Chord>().is_err());
        assert!("nope".parse::<Chord>().is_err());
        assert!("".parse::<Chord>().is_err());
    }

    #[test]
    fn impossible_keys_are_refused_with_a_reason() {
        let err = |s: &str| s.parse::<Chord>().unwrap_err().to_string();
        assert_eq!(err("ctrl-c"), "\"ctrl-c\" cannot be bound: it always quits");
        assert_eq!(err("C-C"), "\"C-C\" cannot be bound: it always quits");
        assert_eq!(err("ctrl-z"), "\"ctrl-z\" cannot be bound: it always suspends brief");
        assert_eq!(err("f0"), "\"f0\": function keys are f1 to f12");
        assert_eq!(err("f13"), "\"f13\": function keys are f1 to f12");
        assert_eq!(err("ctrl-ctrl-ctrl-x"), "\"ctrl-ctrl-ctrl-x\": ctrl is written twice");
        assert_eq!(err("alt-m-x"), "\"alt-m-x\": alt is written twice");
        assert!(err("shift-1").contains("write that character"), "{}", err("shift-1"));
        assert!(err("ctrl-alt-c").contains("always quits"));
        for fine in ["f1", "f12", "ctrl-alt-x", "ctrl-d", "shift-g", "alt-c", "c"] {
            assert!(fine.parse::<Chord>().is_ok(), "{fine}");
        }
    }

    #[test]
    fn action_names_round_trip_and_are_snake_case() {
        for &action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(action));
            assert!(action.name().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }

    #[test]
    fn context_bindings_win_over_global_ones() {
        let map = Keymap::default();
        let j: Chord = "j".parse().unwrap();
        assert_eq!(map.lookup(Context::List, j), Some(Action::SelectNext));
        assert_eq!(map.lookup(Context::Reader, j), Some(Action::ScrollDown));
        // q backs out of a reading pane and quits from the list; Q quits
        // from anywhere.
        let q: Chord = "q".parse().unwrap();
        assert_eq!(map.lookup(Context::Reader, q), Some(Action::Back));
        assert_eq!(map.lookup(Context::List, q), Some(Action::Quit));
        let shift_q: Chord = "Q".parse().unwrap();
        assert_eq!(map.lookup(Context::Reader, shift_q), Some(Action::Quit));
        assert_eq!(map.lookup(Context::Global, j), None);
    }

    #[test]
    fn rebinding_overrides_and_unbinds() {
        let mut map = Keymap::default();
        let j: Chord = "j".parse().unwrap();
        map.rebind(Context::Global, j, Some(Action::Quit));
        assert_eq!(
            map.lookup(Context::List, j),
            Some(Action::Quit),
            "a global binding frees the key everywhere"
        );
        assert_eq!(map.lookup(Context::Reader, j), Some(Action::Quit));
        let s: Chord = "s".parse().unwrap();
        map.rebind(Context::Global, s, None);
        assert_eq!(map.lookup(Context::List, s), None);
        assert!(map.keys_for(Action::ToggleView).is_empty());
        let x: Chord = "x".parse().unwrap();
        map.rebind(Context::List, x, Some(Action::ToggleView));
        assert_eq!(map.lookup(Context::List, x), Some(Action::ToggleView));
        assert_eq!(map.lookup(Context::Reader, x), None);
    }

    #[test]
    fn every_action_has_a_default_key() {
        let map = Keymap::default();
        for &action in Action::ALL {
            assert!(!map.keys_for(action).is_empty(), "{} is unbound", action.name());
        }
    }
}
