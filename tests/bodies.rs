//! The model never reads a file: bodies of a loaded collection are asked
//! for as effects and arrive as events, and a collection search, phrases
//! included, needs none (the index knows where its words stand).

mod common;

use std::fs;
use std::path::Path;

use brief::app::{App, Effect, Event};
use brief::loader::{self, Batch};
use common::{key, scratch_dir, screen};
use ratatui::crossterm::event::KeyCode;

fn write(folder: &Path, name: &str, title: &str, body: &str) {
    fs::write(
        folder.join(name),
        format!("Title: {title}\nDate: 2026-11-0{}\n\n{body}\n", name.len() % 9 + 1),
    )
    .unwrap();
}

/// A folder of three stories, loaded as the reader loads it (bodies let
/// go once indexed), into an App of 160×30 (list and reader side by side).
fn loaded() -> (tempfile::TempDir, App) {
    let dir = scratch_dir();
    write(dir.path(), "a.txt", "Ferries", "The quick brown fox watched the ferry. Then it slept.");
    write(dir.path(), "bb.txt", "Trains", "A brown dog and a quick fox met on the night train.");
    write(dir.path(), "ccc.txt", "Trams", "Nothing about animals here, only trams.");
    let mut batches: Vec<Batch> = Vec::new();
    loader::load_streaming(&[dir.path().to_path_buf()], || None, |b| batches.push(b));
    let mut app = App::new(loader::Collection::default(), 160, 30);
    for batch in batches {
        common::drive(&mut app, Event::Loaded(batch));
    }
    assert!(app.articles().iter().all(|a| a.body.is_none()), "the loader let the bodies go");
    (dir, app)
}

fn body_requests(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadBodies(requests) => Some(requests.iter().map(|r| r.origin.display())),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn opening_an_article_asks_for_its_body_and_shows_it_when_it_arrives() {
    let (_dir, mut app) = loaded();
    let effects_of_down = app.update(key(KeyCode::Down));
    let selected = app.selected_article().unwrap().origin.display();
    assert_eq!(body_requests(&effects_of_down), [selected], "the selected article's body is asked for");
    let effects = app.update(key(KeyCode::Char('s')));
    assert!(body_requests(&effects).is_empty(), "asked once, not at every key");
    assert!(screen(&app).contains("Reading the article…"), "{}", screen(&app));

    // The runtime reads it (here in line) and hands it over.
    for effect in effects_of_down {
        for event in brief::jobs::perform(effect) {
            app.update(event);
        }
    }
    let shown = screen(&app);
    assert!(!shown.contains("Reading the article…"), "{shown}");
    let body =
        &loader::read_body(&app.selected_article().unwrap().origin, &app.selected_article().unwrap().id);
    assert!(shown.contains(body.body[0].split('.').next().unwrap()), "{shown}");
}

#[test]
fn a_file_deleted_after_loading_is_not_touched_until_the_runtime_reads_it() {
    let (dir, mut app) = loaded();
    for name in ["a.txt", "bb.txt", "ccc.txt"] {
        fs::remove_file(dir.path().join(name)).unwrap();
    }
    // Moving and opening never read: the model only asks.
    let asked = app.update(key(KeyCode::Down));
    assert_eq!(body_requests(&asked).len(), 1);
    let effects = app.update(key(KeyCode::Enter));
    assert!(body_requests(&effects).is_empty(), "asked once, on selection");
    assert!(screen(&app).contains("Reading the article…"));
    // The runtime's read tells what happened to the file.
    for effect in asked {
        for event in brief::jobs::perform(effect) {
            app.update(event);
        }
    }
    assert!(screen(&app).contains("changed or cannot be read"), "{}", screen(&app));
}

#[test]
fn phrases_are_answered_by_the_index_without_reading_a_file() {
    let (dir, mut app) = loaded();
    // Were a body read to check the phrase, it would be missing now.
    for name in ["a.txt", "bb.txt", "ccc.txt"] {
        fs::remove_file(dir.path().join(name)).unwrap();
    }
    app.update(key(KeyCode::Char('/')));
    for c in "\"quick brown\"".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    common::tick(&mut app);
    // Both stories have "quick" and "brown"; only one has them in order.
    let titles: Vec<&str> = app.shown().iter().map(|&i| app.articles()[i].title.as_str()).collect();
    assert_eq!(titles, ["Ferries"]);
    for c in " trams".chars() {
        app.update(key(KeyCode::Char(c)));
    }
    common::tick(&mut app);
    assert!(app.shown().is_empty(), "no story has both the phrase and trams");
}

#[test]
fn a_find_ended_before_the_body_arrives_finds_in_it_when_it_does() {
    let (_dir, mut app) = loaded();
    // Open another story in the full view, its body asked for but not
    // read yet.
    let mut asked = app.update(key(KeyCode::Down));
    asked.extend(app.update(key(KeyCode::Enter)));
    asked.extend(app.update(Event::Action(brief::keymap::Action::ToggleView)));
    assert!(screen(&app).contains("Reading the article…"), "{}", screen(&app));
    for c in "/the".chars() {
        asked.extend(app.update(key(KeyCode::Char(c))));
    }
    asked.extend(app.update(key(KeyCode::Enter)));
    assert!(app.find().hits.is_empty());
    assert_eq!(app.message(), Some("the article is still being read: its hits follow"));
    assert_eq!(app.find().query, "the", "the find is kept, not ended as finding nothing");

    for effect in asked {
        for event in brief::jobs::perform(effect) {
            app.update(event);
        }
    }
    assert!(!app.find().hits.is_empty(), "found in the body once it is here");
    assert!(screen(&app).contains("hit 1/"), "{}", screen(&app));
}
