//! What is remembered about articles across runs, as data: read marks,
//! bookmarks and reading positions, by article id. The state module keeps
//! them on disk.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// What is remembered about one article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    #[serde(default)]
    pub read: bool,
    #[serde(default)]
    pub bookmarked: bool,
    /// Where reading stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// When the entry last changed (ms since 1970): the newest wins when
    /// two processes' marks are merged.
    #[serde(default)]
    pub updated: u64,
}

/// A reading position that does not depend on the terminal's width: the
/// view, and the body paragraph (full view) or key point (summary) at the
/// top of the pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub full: bool,
    pub block: usize,
}

/// Marks by article id.
pub type Marks = HashMap<String, Mark>;
