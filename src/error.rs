//! The library's error type. Problems with single article files are not
//! errors: they are recorded in the collection's report and loading goes on.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: no such file or folder", .0.display())]
    PathNotFound(PathBuf),
    #[error("{}: {source}", .path.display())]
    Path { path: PathBuf, source: io::Error },
    /// `within` says where brief looked (the folders, or the bundled
    /// samples); `list` is the command that lists those ids.
    #[error("no article matches {query:?} in {within} (try `{list}`)")]
    ArticleNotFound { query: String, within: String, list: String },
    #[error("{path}: skipped: {reason}")]
    NotLoaded { path: String, reason: String },
    /// `hint` suggests the nearest command, or lists them.
    #[error("unknown command {given}; {hint}")]
    UnknownCommand { given: String, hint: String },
    #[error("{query:?} matches {count} articles; give more of the id")]
    AmbiguousArticle { query: String, count: usize },
    #[error("brief needs a terminal to show the reader; use `brief list` or `brief show` in scripts")]
    NotATerminal,
    #[error("terminal: {0}")]
    Terminal(#[from] io::Error),
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("{0:?} is not a date (use YYYY-MM-DD or RFC 3339)")]
    BadDate(String),
    /// A fetch already holds the fetch lock (the lock's own message).
    #[error("another brief fetch is running ({0})")]
    FetchBusy(String),
    /// No subscription list where brief looks for one by default.
    #[error(
        "{}: no subscription file here; write one (see `brief fetch --help`) or import another reader's with `brief import-opml FILE`",
        .0.display()
    )]
    NoSubscriptions(PathBuf),
    /// A subscription list that cannot be read or used: `message` says
    /// where in it, and what.
    #[error("{}: {message}", .path.display())]
    Subscriptions { path: PathBuf, message: String },
    #[error("no folder to fetch into: give one (`brief fetch ~/news`) or set `folders` in the config file")]
    NoFetchFolder,
    #[error(
        "no config folder to look for subscriptions.toml in (is $HOME set?); name the file with --subscriptions"
    )]
    NoConfigFolder,
    #[error("no state folder for `brief fetch` to remember what it fetched (is $HOME set?)")]
    NoStateFolder,
    /// Read marks made in the reader that could not be written, even on
    /// the last try as it closed.
    #[error("{0}; the marks made in this session are lost")]
    MarksNotSaved(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
