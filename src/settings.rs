//! The reader's settings as data: what the config file sets (parsed by
//! the config module), with the defaults for what it leaves out.

use std::path::PathBuf;

use crate::keymap::Keymap;
use crate::layout::DEFAULT_MAX_WIDTH;
use crate::theme::Theme;
use crate::vocab::{SortOrder, View};

/// Everything the config file sets, with defaults for what it leaves out.
#[derive(Clone, Debug)]
pub struct Config {
    /// Opened when brief is run without paths.
    pub folders: Vec<PathBuf>,
    pub view: View,
    pub sort: SortOrder,
    pub theme: Theme,
    pub keymap: Keymap,
    pub mouse: bool,
    pub reading_width: usize,
    /// The list's width in columns beside the reader; none: what the
    /// reader leaves (one pane at a time when that is too little).
    pub list_width: Option<u16>,
    pub mark_read_on_open: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            folders: Vec::new(),
            view: View::Summary,
            sort: SortOrder::Date,
            theme: Theme::dark(),
            keymap: Keymap::default(),
            mouse: true,
            reading_width: DEFAULT_MAX_WIDTH,
            list_width: None,
            mark_read_on_open: true,
        }
    }
}
