//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod http;
pub mod pty;

use std::sync::Arc;

use brief::app::{App, Effect, Event};
use brief::article::{Article, Meta, Origin};
use brief::loader::Collection;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A collection of `n` small articles with predictable text.
pub fn collection(n: usize) -> Collection {
    let articles = (0..n)
        .map(|i| {
            Article::new(
                Origin::Embedded("test.txt"),
                Some(format!("Article number {i}")),
                Meta::default(),
                vec![format!("Key point one of article {i}."), format!("Key point two of article {i}.")],
                (0..40)
                    .map(|p| format!("Paragraph {p} of article {i}, long enough to wrap on a narrow screen."))
                    .collect(),
                None,
            )
        })
        .map(Arc::new)
        .collect();
    Collection { articles, issues: Vec::new() }
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Sends an event and does at once the work its effects ask for (reading
/// bodies, matching phrases, building indexes), feeding the results back
/// as the runtime does from its threads. Returns the effects that are the
/// terminal's own (quit, suspend, open a page).
pub fn drive(app: &mut App, event: Event) -> Vec<Effect> {
    let effects = app.update(event);
    work(app, effects)
}

/// Lets deferred work run, as the runtime does before it draws, and does
/// the work that asks for.
pub fn tick(app: &mut App) -> Vec<Effect> {
    let effects = app.tick();
    work(app, effects)
}

pub fn work(app: &mut App, effects: Vec<Effect>) -> Vec<Effect> {
    let mut own = Vec::new();
    let mut queue = std::collections::VecDeque::from(effects);
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Quit
            | Effect::Suspend
            | Effect::OpenUrl(_)
            | Effect::Redraw
            | Effect::Pipe { .. }
            | Effect::Edit(_)
            | Effect::ForgetCache => own.push(effect),
            work => {
                for event in brief::jobs::perform(work) {
                    queue.extend(app.update(event));
                }
            }
        }
    }
    own
}

/// Sends each character of `keys` as a key press, then lets deferred work
/// run, as the runtime does before it draws.
pub fn type_keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        drive(app, key(KeyCode::Char(c)));
    }
    tick(app);
}

/// Presses a key and lets deferred work run.
pub fn press(app: &mut App, code: KeyCode) {
    drive(app, key(code));
    tick(app);
}

/// A collection built from (title, key points, body) triples.
pub fn articles(specs: &[(&str, &[&str], &[&str])]) -> Collection {
    let articles = specs
        .iter()
        .map(|(title, points, body)| {
            Article::new(
                Origin::Embedded("test.txt"),
                Some(title.to_string()),
                Meta::default(),
                points.iter().map(|s| s.to_string()).collect(),
                body.iter().map(|s| s.to_string()).collect(),
                None,
            )
        })
        .map(Arc::new)
        .collect();
    Collection { articles, issues: Vec::new() }
}

/// A fresh folder in memory where the system has one: tests that make
/// thousands of files would spend seconds on a disk.
pub fn scratch_dir() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() { tempfile::tempdir_in(shm).unwrap() } else { tempfile::tempdir().unwrap() }
}

/// The screen as drawn, one line of text per row.
pub fn screen(app: &App) -> String {
    let (w, h) = app.size();
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    ratatui::widgets::Widget::render(app, buf.area, &mut buf);
    (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n").collect()
}
