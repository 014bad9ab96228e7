//! brief: a terminal news reader with a key-points pane, a summary/full
//! toggle and search.
//!
//! The library holds everything; `main.rs` only parses the command line and
//! reports errors. [`loader`] turns files into [`article::Article`]s,
//! [`app::App`] is the pure state machine, [`ui`] draws it and [`tui`] runs
//! it in a terminal.

pub mod app;
pub mod article;
pub mod cache;
pub mod cli;
pub mod codec;
pub mod collection;
pub mod config;
pub mod corpus;
pub mod document;
pub mod error;
pub mod fetch;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzz;
pub mod jobs;
pub mod keymap;
pub mod layout;
pub mod links;
pub mod live;
pub mod loader;
pub mod marks;
pub mod samples;
pub mod search;
pub mod sentences;
pub mod settings;
pub mod state;
pub mod summary;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod vocab;
pub mod wrap;

pub use error::{Error, Result};
