//! The config file: TOML at the platform's config location (or
//! `--config FILE`). A bad file never starts a half-working reader: every
//! problem is reported with its file, line and column and, for a misspelt
//! name, the closest valid one.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Style};
use serde::Deserialize;
use toml::Spanned;

use crate::keymap::{Action, Chord, Context, Keymap};
use crate::layout::DEFAULT_MAX_WIDTH;
pub use crate::settings::Config;
use crate::text::printable;
use crate::theme::{ELEMENTS, Theme};
use crate::vocab::{SortOrder, View};

/// A problem in a config file, where it is and what would fix it.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ConfigError {
    /// The message quotes what the file says (a value, a name, a path):
    /// it is made printable here, as the error is made.
    fn new(file: &Path, line: usize, column: usize, message: &str) -> ConfigError {
        ConfigError { file: file.to_path_buf(), line, column, message: printable(message).into_owned() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string();
        write!(f, "{}:{}:{}: {}", printable(&file), self.line, self.column, self.message)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Raw {
    folders: Vec<PathBuf>,
    view: Option<Spanned<String>>,
    sort: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    mouse: Option<bool>,
    reading_width: Option<Spanned<i64>>,
    list_width: Option<Spanned<toml::Value>>,
    mark_read_on_open: Option<bool>,
    colors: BTreeMap<Spanned<String>, Spanned<ColorValue>>,
    /// Read separately with spans for every entry (see `read_keys`).
    keys: serde::de::IgnoredAny,
}

/// `"yellow"` (the foreground) or `{ fg = "black", bg = "yellow" }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ColorValue {
    Fg(String),
    Pair {
        #[serde(default)]
        fg: Option<String>,
        #[serde(default)]
        bg: Option<String>,
    },
}

/// Where the config file is looked for when `--config` is not given.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "brief").map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Reads the config: `explicit` (which must exist), else the default file
/// if there is one, else the defaults. `NO_COLOR` strips colours.
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => default_path().filter(|p| p.exists()),
    };
    let Some(path) = path else {
        let mut config = Config::default();
        if no_color {
            config.theme = config.theme.without_colors();
        }
        return Ok(config);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ConfigError::new(&path, 0, 0, &format!("cannot read the config file: {e}")))?;
    parse(&text, &path, no_color)
}

/// Parses config text; `file` names it in messages.
pub fn parse(text: &str, file: &Path, no_color: bool) -> Result<Config, ConfigError> {
    let error = |at: usize, message: String| {
        let (line, column) = crate::text::line_column(text, at);
        ConfigError::new(file, line, column, &message)
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let message = e.message().trim();
        let message = in_words(message, key_before(text, at)).unwrap_or_else(|| message.to_string());
        let message = match suggestion(&message) {
            Some(near) => format!("{message}; did you mean `{near}`?"),
            None => message,
        };
        error(at, message)
    })?;

    let mut config = Config { folders: raw.folders, ..Config::default() };
    let choice = |value: &Spanned<String>, options: &[&str]| -> Result<usize, ConfigError> {
        options.iter().position(|o| *o == value.get_ref()).ok_or_else(|| {
            error(value.span().start, unknown("value", value.get_ref(), options.iter().copied()))
        })
    };
    if let Some(view) = &raw.view {
        config.view = [View::Summary, View::Full][choice(view, &["summary", "full"])?];
    }
    if let Some(sort) = &raw.sort {
        config.sort = [SortOrder::Date, SortOrder::Title, SortOrder::Source, SortOrder::Name]
            [choice(sort, &["date", "title", "source", "name"])?];
    }
    if let Some(theme) = &raw.theme {
        config.theme = [Theme::dark(), Theme::light()][choice(theme, &["dark", "light"])?];
    }
    if let Some(width) = &raw.reading_width {
        let w = *width.get_ref();
        if !(20..=1000).contains(&w) {
            return Err(error(
                width.span().start,
                format!("reading_width must be between 20 and 1000 columns, not {w}"),
            ));
        }
        config.reading_width = w as usize;
    }
    if let Some(width) = &raw.list_width {
        config.list_width = match width.get_ref() {
            toml::Value::String(s) if s == "auto" => None,
            toml::Value::Integer(w) if (20..=500).contains(w) => Some(*w as u16),
            other => {
                let found = match other {
                    toml::Value::Integer(w) => w.to_string(),
                    toml::Value::String(s) => format!("the text {:?}", printable(s)),
                    other => format!("a {}", other.type_str()),
                };
                return Err(error(
                    width.span().start,
                    format!("list_width must be \"auto\" or a number of columns from 20 to 500, not {found}"),
                ));
            }
        };
    }
    config.mouse = raw.mouse.unwrap_or(config.mouse);
    config.mark_read_on_open = raw.mark_read_on_open.unwrap_or(config.mark_read_on_open);

    for (element, value) in &raw.colors {
        let Some((_, style_of)) = ELEMENTS.iter().find(|(name, _)| name == element.get_ref()) else {
            let names = ELEMENTS.iter().map(|(name, _)| *name);
            return Err(error(element.span().start, unknown("element", element.get_ref(), names)));
        };
        let color = |name: &str| {
            name.parse::<Color>().map_err(|_| {
                error(value.span().start, format!("unknown colour {name:?} (use a name like \"cyan\" or \"darkgray\", \"#rrggbb\", or 0-255)"))
            })
        };
        let style: &mut Style = style_of(&mut config.theme);
        match value.get_ref() {
            ColorValue::Fg(fg) => style.fg = Some(color(fg)?),
            ColorValue::Pair { fg, bg } => {
                if let Some(fg) = fg {
                    style.fg = Some(color(fg)?);
                }
                if let Some(bg) = bg {
                    style.bg = Some(color(bg)?);
                }
            }
        }
    }
    if no_color {
        config.theme = config.theme.without_colors();
    }

    read_keys(text, &mut config.keymap, &error)?;
    Ok(config)
}

/// The `[keys]` table: `"key" = "action"` entries, and `[keys.list]` and
/// `[keys.reader]` tables of the same. Read from toml's spanned document
/// model, since serde loses positions inside such mixed tables.
fn read_keys(
    text: &str,
    keymap: &mut Keymap,
    error: &impl Fn(usize, String) -> ConfigError,
) -> Result<(), ConfigError> {
    use toml::de::{DeTable, DeValue};
    let doc =
        DeTable::parse(text).map_err(|e| error(e.span().map_or(0, |s| s.start), e.message().to_string()))?;
    let Some((_, keys)) = doc.get_ref().iter().find(|(k, _)| k.get_ref() == "keys") else { return Ok(()) };
    let DeValue::Table(keys) = keys.get_ref() else {
        return Err(error(keys.span().start, "keys must be a table of \"key\" = \"action\"".into()));
    };
    for (key, value) in keys {
        match value.get_ref() {
            DeValue::String(action) => bind(keymap, Context::Global, key, action, value.span().start, error)?,
            DeValue::Table(table) => {
                let context = match Context::from_name(key.get_ref()) {
                    Some(context) if context != Context::Global => context,
                    _ => {
                        let tables = ["list", "reader"].into_iter();
                        return Err(error(key.span().start, unknown("key table", key.get_ref(), tables)));
                    }
                };
                for (key, value) in table {
                    let DeValue::String(action) = value.get_ref() else {
                        return Err(error(value.span().start, "expected an action name".into()));
                    };
                    bind(keymap, context, key, action, value.span().start, error)?;
                }
            }
            _ => return Err(error(value.span().start, "expected an action name or a table".into())),
        }
    }
    Ok(())
}

fn bind(
    keymap: &mut Keymap,
    context: Context,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    action: &str,
    action_at: usize,
    error: &impl Fn(usize, String) -> ConfigError,
) -> Result<(), ConfigError> {
    let name = key.get_ref();
    if name.trim().contains(' ') {
        return Err(error(
            key.span().start,
            format!("{name:?}: key sequences are not supported; bind a single key"),
        ));
    }
    let chord: Chord = name.parse().map_err(|e: crate::keymap::BadKey| {
        let message = match e {
            crate::keymap::BadKey::Unknown(_) => {
                format!("{e} (examples: \"j\", \"G\", \"ctrl-d\", \"shift-tab\", \"pgdn\", \"f5\")")
            }
            _ => e.to_string(),
        };
        error(key.span().start, message)
    })?;
    let action = match action {
        "" | "none" => None,
        name => Some(Action::from_name(name).ok_or_else(|| {
            error(action_at, unknown("action", name, Action::ALL.iter().map(|a| a.name()).chain(["none"])))
        })?),
    };
    keymap.rebind(context, chord, action);
    Ok(())
}

/// serde's "invalid type: string \"80\", expected i64" in words a user
/// reads: "reading_width: expected a number, found the text \"80\"".
fn in_words(message: &str, key: Option<&str>) -> Option<String> {
    let (found, expected) = message.strip_prefix("invalid type: ")?.split_once(", expected ")?;
    let quoted = |s: &str| s.trim_matches('`').to_string();
    let found = match found.split_once(' ') {
        Some(("string", text)) => format!("the text {text}"),
        Some(("integer" | "floating", number)) => {
            format!("the number {}", quoted(number.trim_start_matches("point ")))
        }
        Some(("boolean", value)) => quoted(value),
        _ if found == "sequence" => "a list".to_string(),
        _ if found == "map" => "a table".to_string(),
        _ => found.to_string(),
    };
    let expected = match expected {
        "i64" | "u64" | "i32" | "u32" | "usize" | "an integer" => "a number",
        "a boolean" => "true or false",
        "a string" => "text in quotes",
        "a sequence" => "a list",
        "a map" => "a table",
        other if other.starts_with("struct ") => "a table",
        other => other,
    };
    Some(match key {
        Some(key) => format!("{key}: expected {expected}, found {found}"),
        None => format!("expected {expected}, found {found}"),
    })
}

/// The key whose value starts at byte `at`: the name before the `=`.
fn key_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?.lines().next_back()?.trim_end().strip_suffix('=')?.trim_end();
    let key = before.rsplit(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '"'))).next()?;
    Some(key.trim_matches('"')).filter(|k| !k.is_empty())
}

/// "unknown action `qiut`; did you mean `quit`?"
fn unknown<'a>(what: &str, name: &str, valid: impl Iterator<Item = &'a str>) -> String {
    let valid: Vec<&str> = valid.collect();
    match closest(name, &valid) {
        Some(near) => format!("unknown {what} `{name}`; did you mean `{near}`?"),
        None => format!("unknown {what} `{name}`; expected one of {}", valid.join(", ")),
    }
}

/// The valid name nearest a misspelt one, if any is near enough.
pub(crate) fn closest<'a>(name: &str, valid: &[&'a str]) -> Option<&'a str> {
    valid
        .iter()
        .map(|v| (strsim::damerau_levenshtein(name, v), *v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the closest
/// of the expected names to the unknown one.
fn suggestion(message: &str) -> Option<String> {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (name, valid) = quoted.split_first()?;
    closest(name, valid).map(String::from)
}

/// The complete default config file, with comments, generated from the
/// same tables the reader uses so it can never fall out of date.
pub fn default_text() -> String {
    let mut out = String::from(
        "# brief's configuration. Every setting is shown with its default value.\n\
         # Save as config.toml in brief's config folder (brief --help shows\n\
         # where), or pass --config FILE.\n\n\
         # Folders to open when brief is run without paths.\n\
         folders = []\n\n\
         # The view an article opens in: \"summary\" (key points) or \"full\".\n\
         view = \"summary\"\n\n\
         # List order: \"date\" (newest first), \"title\", \"source\" or \"name\"\n\
         # (file name, 2 before 10).\n\
         sort = \"date\"\n\n\
         # \"dark\" or \"light\". NO_COLOR in the environment turns colour off.\n\
         theme = \"dark\"\n\n\
         # Use the mouse: wheel to scroll, click to select. Off leaves the\n\
         # terminal's own text selection alone.\n\
         mouse = true\n\n\
         # Longest line of text, in columns; the reading side is centred.\n",
    );
    out.push_str(&format!("reading_width = {DEFAULT_MAX_WIDTH}\n\n"));
    out.push_str(
        "# Columns of the list beside the reader, or \"auto\": what the reader\n\
         # leaves at its reading width. When the terminal is too narrow for\n\
         # both, one pane shows at a time (z switches by hand).\n\
         list_width = \"auto\"\n\n",
    );
    out.push_str(
        "# Opening an article marks it read.\n\
         mark_read_on_open = true\n\n\
         # Colours per element: a colour name (black, red, green, yellow,\n\
         # blue, magenta, cyan, gray, darkgray, lightred, lightgreen,\n\
         # lightyellow, lightblue, lightmagenta, lightcyan, white, reset),\n\
         # \"#rrggbb\", or 0-255; a plain value sets the foreground.\n\
         [colors]\n",
    );
    for (name, _) in ELEMENTS {
        out.push_str(&format!("# {name} = {{ fg = \"...\", bg = \"...\" }}\n"));
    }
    out.push_str(
        "\n# Keys: \"key\" = \"action\". [keys] applies everywhere and frees the\n\
         # key from its other uses; [keys.list] and [keys.reader] (the key points\n\
         # and article panes) apply there only. \"none\" unbinds a key.\n\
         # Keys are written like \"j\", \"G\", \"?\", \"ctrl-d\", \"alt-x\", \"shift-tab\",\n\
         # \"enter\", \"esc\", \"space\", \"pgdn\", \"home\", \"f5\". ctrl-c always quits.\n\
         # Actions:\n",
    );
    for action in Action::ALL {
        out.push_str(&format!("#   {:<18} {}\n", action.name(), action.description()));
    }
    for context in [Context::Global, Context::List, Context::Reader] {
        out.push_str(&match context {
            Context::Global => "\n[keys]\n".to_string(),
            other => format!("\n[keys.{}]\n", other.name()),
        });
        for (c, key, action) in Keymap::defaults() {
            if c == context {
                out.push_str(&format!("{:<12} = \"{}\"\n", format!("\"{key}\""), action.name()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("config.toml"), false)
    }

    fn err(text: &str) -> String {
        parse_str(text).unwrap_err().to_string()
    }

    #[test]
    fn the_default_file_parses_to_the_defaults() {
        let config = parse_str(&default_text()).unwrap();
        let defaults = Config::default();
        assert_eq!(config.keymap, defaults.keymap);
        assert_eq!(config.theme, defaults.theme);
        assert_eq!(config.reading_width, defaults.reading_width);
        assert_eq!(config.view, defaults.view);
    }

    #[test]
    fn settings_are_read() {
        let c = parse_str(
            "folders = [\"~/news\"]\nview = \"full\"\nsort = \"title\"\ntheme = \"light\"\nmouse = false\nreading_width = 72\nmark_read_on_open = false\n[colors]\nselection = { fg = \"white\", bg = \"#336699\" }\nhighlight = \"lightred\"\n",
        )
        .unwrap();
        assert_eq!(c.folders, [PathBuf::from("~/news")]);
        assert_eq!(c.view, View::Full);
        assert_eq!(c.sort, SortOrder::Title);
        assert!(!c.mouse && !c.mark_read_on_open);
        assert_eq!(c.reading_width, 72);
        assert_eq!(c.theme.selection.bg, Some(Color::Rgb(0x33, 0x66, 0x99)));
        assert_eq!(c.theme.highlight.fg, Some(Color::LightRed));
    }

    #[test]
    fn keys_override_and_unbind() {
        let c =
            parse_str("[keys]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n[keys.list]\n\"n\" = \"select_next\"\n")
                .unwrap();
        let chord = |s: &str| s.parse::<Chord>().unwrap();
        assert_eq!(c.keymap.lookup(Context::List, chord("x")), Some(Action::Quit));
        assert_eq!(c.keymap.lookup(Context::List, chord("q")), None);
        assert_eq!(c.keymap.lookup(Context::List, chord("n")), Some(Action::SelectNext));
        assert_eq!(
            c.keymap.lookup(Context::Reader, chord("n")),
            Some(Action::FindNext),
            "reader keeps its n"
        );
    }

    #[test]
    fn every_kind_of_mistake_has_a_precise_message() {
        assert_eq!(
            err("fodlers = []"),
            "config.toml:1:1: unknown field `fodlers`, expected one of `folders`, `view`, `sort`, `theme`, `mouse`, `reading_width`, `list_width`, `mark_read_on_open`, `colors`, `keys`; did you mean `folders`?"
        );
        assert_eq!(err("\nview = \"ful\""), "config.toml:2:8: unknown value `ful`; did you mean `full`?");
        assert_eq!(
            err("[keys]\n\"j\" = \"qiut\""),
            "config.toml:2:7: unknown action `qiut`; did you mean `quit`?"
        );
        assert_eq!(
            err("[keys]\n\"hyper-j\" = \"quit\""),
            "config.toml:2:1: unknown key \"hyper-j\" (examples: \"j\", \"G\", \"ctrl-d\", \"shift-tab\", \"pgdn\", \"f5\")"
        );
        assert_eq!(
            err("[keys]\n\"ctrl-c\" = \"toggle_read\""),
            "config.toml:2:1: \"ctrl-c\" cannot be bound: it always quits"
        );
        assert_eq!(
            err("[keys]\n\"g g\" = \"top\""),
            "config.toml:2:1: \"g g\": key sequences are not supported; bind a single key"
        );
        assert_eq!(
            err("[keys.lsit]\n\"j\" = \"quit\""),
            "config.toml:1:7: unknown key table `lsit`; did you mean `list`?"
        );
        assert_eq!(
            err("[colors]\nselectoin = \"red\""),
            "config.toml:2:1: unknown element `selectoin`; did you mean `selection`?"
        );
        assert_eq!(
            err("[colors]\nlist = \"reddish\""),
            "config.toml:2:8: unknown colour \"reddish\" (use a name like \"cyan\" or \"darkgray\", \"#rrggbb\", or 0-255)"
        );
        assert_eq!(
            err("reading_width = 5"),
            "config.toml:1:17: reading_width must be between 20 and 1000 columns, not 5"
        );
        assert!(err("view = ").starts_with("config.toml:1:8: "), "{}", err("view = "));
        assert_eq!(
            err("mouse = \"yes\""),
            "config.toml:1:9: mouse: expected true or false, found the text \"yes\""
        );
        assert_eq!(
            err("reading_width = \"80\""),
            "config.toml:1:17: reading_width: expected a number, found the text \"80\""
        );
        assert_eq!(
            err("folders = \"~/news\""),
            "config.toml:1:11: folders: expected a list, found the text \"~/news\""
        );
        assert_eq!(err("view = 3"), "config.toml:1:8: view: expected text in quotes, found the number 3");
    }

    #[test]
    fn values_quoted_in_errors_are_printable() {
        // The value in TOML's own escapes, so the file itself is valid.
        let bad = "x\\u001b]0;t\\u0007\\u202e\\u009b\\n";
        for text in [
            format!("view = \"{bad}\""),
            format!("sort = \"{bad}\""),
            format!("theme = \"{bad}\""),
            format!("\"{bad}\" = 1"),
            format!("[colors]\n\"{bad}\" = \"red\""),
            format!("[colors]\nlist = \"{bad}\""),
            format!("[keys]\n\"j\" = \"{bad}\""),
            format!("[keys]\n\"{bad}\" = \"quit\""),
            format!("[keys.\"{bad}\"]\n\"j\" = \"quit\""),
        ] {
            let message = err(&text);
            // Shown, not applied: the escapes are visible in the message.
            assert!(message.contains("\\u{1b}]0;t\\u{7}\\u{202e}\\u{9b}"), "{text}: {message}");
            assert!(!message.contains(crate::text::is_unprintable), "{text}: {message}");
        }
        let file = Path::new("con\u{1b}[31mfig\u{202e}.toml");
        let message = parse("view = 1", file, false).unwrap_err().to_string();
        assert!(message.starts_with("con\\u{1b}[31mfig\\u{202e}.toml:1:8: "), "{message}");
    }

    #[test]
    fn no_color_strips_colours_even_user_ones() {
        let c = parse("[colors]\nlist = \"red\"", Path::new("c.toml"), true).unwrap();
        assert_eq!(c.theme.list.fg, None);
    }
}
