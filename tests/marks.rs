//! Read marks, bookmarks, filters and reading positions, through the state
//! machine; and the state file shared by two processes.

mod common;

use brief::app::{App, Only, Pane, View};
use brief::state::{Mark, Marks, Store};
use common::{collection, press, type_keys};
use ratatui::crossterm::event::KeyCode;

fn app() -> App {
    App::new(collection(5), 120, 40)
}

#[test]
fn opening_marks_read_and_r_b_toggle() {
    let mut app = app();
    assert_eq!(app.unread_count(), 5);
    type_keys(&mut app, "l");
    assert!(app.is_read(app.current().unwrap()), "opening marks read");
    assert_eq!(app.unread_count(), 4);
    type_keys(&mut app, "r");
    assert!(!app.is_read(app.current().unwrap()), "r toggles it back");
    type_keys(&mut app, "b");
    assert!(app.is_bookmarked(app.current().unwrap()));
    let marks = app.take_changed_marks().expect("changes to save");
    let mark = &marks[&app.selected_article().unwrap().id];
    assert!(mark.bookmarked && !mark.read && mark.updated > 0);
    assert!(app.take_changed_marks().is_none(), "taken once");
}

#[test]
fn marking_read_on_open_can_be_turned_off() {
    let mut app = app();
    let config = brief::config::parse("mark_read_on_open = false", std::path::Path::new("c"), false).unwrap();
    app.configure(&config);
    type_keys(&mut app, "l");
    assert_eq!(app.unread_count(), 5);
}

#[test]
fn filters_show_unread_or_bookmarked_only() {
    let mut app = app();
    type_keys(&mut app, "r"); // article 0 read
    type_keys(&mut app, "jb"); // article 1 bookmarked
    type_keys(&mut app, "u");
    assert_eq!(app.only(), Only::Unread);
    assert_eq!(app.shown().len(), 4);
    assert!(!app.shown().contains(&0));
    type_keys(&mut app, "u");
    assert_eq!(app.only(), Only::Bookmarked);
    assert_eq!(app.shown(), [1]);
    type_keys(&mut app, "u");
    assert_eq!(app.only(), Only::All);
    assert_eq!(app.shown().len(), 5);
}

#[test]
fn reading_positions_are_remembered_per_article() {
    let mut app = app();
    type_keys(&mut app, "sl");
    press(&mut app, KeyCode::PageDown);
    let scrolled = app.scroll(Pane::Article);
    assert!(scrolled > 0);
    type_keys(&mut app, "h");
    type_keys(&mut app, "j");
    type_keys(&mut app, "s"); // back to summary for the next article
    type_keys(&mut app, "k");
    type_keys(&mut app, "l");
    assert_eq!(app.view(), View::Full, "back in the view it was read in");
    assert_eq!(app.focus(), Pane::Article);
    let top = app.scroll(Pane::Article);
    assert!(top > 0 && top <= scrolled, "back at the paragraph it was left at ({top} vs {scrolled})");
}

#[test]
fn marks_survive_a_restart_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("state.json"));
    let mut app = app();
    type_keys(&mut app, "bjl");
    store.save(&Marks::new(), &app.take_changed_marks().unwrap()).unwrap();

    let mut again = App::new(collection(5), 120, 40);
    let (marks, warning) = store.load();
    assert!(warning.is_none());
    again.set_marks(marks);
    assert!(again.is_bookmarked(0));
    assert!(again.is_read(1));
    assert_eq!(again.unread_count(), 4);
}

#[test]
fn two_windows_on_one_article_keep_the_read_mark_of_one_and_the_bookmark_of_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("state.json"));
    // Both windows start from the same state, as the reader does: what was
    // loaded is what each one's saves are measured from.
    let (loaded, _) = store.load();
    let window = |keys: &str, now: u64| {
        let mut app = app();
        app.set_marks(loaded.clone());
        app.update(brief::app::Event::Clock(now));
        type_keys(&mut app, keys);
        store.save(&loaded, &app.take_changed_marks().unwrap()).unwrap();
    };
    window("r", 1_000);
    window("b", 2_000);
    let mut again = app();
    again.set_marks(store.load().0);
    assert!(again.is_read(0), "A's read mark survived B's save");
    assert!(again.is_bookmarked(0));
}

/// The child half of the two-process test: saves marks for its articles.
/// Ignored: only the parent runs it (with --ignored), in a process of its own.
#[test]
#[ignore = "a child process of two_processes_writing_marks_lose_nothing"]
fn child_process_saves_marks() {
    let path = std::env::var("BRIEF_TEST_STATE").expect("run by the parent test only");
    let prefix = std::env::var("BRIEF_TEST_PREFIX").expect("run by the parent test only");
    let store = Store::at(path);
    let mut marks = Marks::new();
    for i in 0..50 {
        let before = marks.clone();
        marks.insert(format!("{prefix}{i}"), Mark { read: true, updated: 1, ..Mark::default() });
        store.save(&before, &marks).unwrap();
    }
}

#[test]
fn two_processes_writing_marks_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["a", "b"]
        .iter()
        .map(|prefix| {
            std::process::Command::new(&exe)
                .args(["--exact", "child_process_saves_marks", "--quiet", "--ignored"])
                .env("BRIEF_TEST_STATE", &path)
                .env("BRIEF_TEST_PREFIX", prefix)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let (marks, warning) = Store::at(&path).load();
    assert!(warning.is_none());
    assert_eq!(marks.len(), 100, "every mark of both processes is there");
}

#[test]
fn marks_follow_an_article_whose_file_is_moved_and_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Title: Kept\n\nKey Points\n- Point.\nBody.").unwrap();
    let mut app = App::new(brief::loader::load(&[d.to_path_buf()]).unwrap(), 100, 30);
    type_keys(&mut app, "b");
    let marks = app.take_changed_marks().unwrap();

    std::fs::create_dir(d.join("archive")).unwrap();
    std::fs::rename(d.join("a.txt"), d.join("archive/renamed.txt")).unwrap();
    let mut again = App::new(brief::loader::load(&[d.to_path_buf()]).unwrap(), 100, 30);
    again.set_marks(marks);
    assert!(again.selected_article().unwrap().origin.display().ends_with("renamed.txt"));
    assert!(again.is_bookmarked(0));
}

/// The child half of the kill test: saves marks in a loop until killed,
/// saying when its first save is done. Ignored: only the parent runs it.
#[test]
#[ignore = "a child process of killing_brief_while_it_saves_never_leaves_a_broken_state_file"]
fn child_saves_until_killed() {
    let path = std::env::var("BRIEF_TEST_KILL_STATE").expect("run by the parent test only");
    let ready = std::path::Path::new(&path).with_extension("ready");
    let store = Store::at(&path);
    let mut marks = Marks::new();
    for i in 0u64.. {
        let before = marks.clone();
        marks
            .insert(format!("article-{}", i % 500), Mark { read: i % 2 == 0, updated: i, ..Mark::default() });
        store.save(&before, &marks).unwrap();
        if i == 0 {
            std::fs::write(&ready, "").unwrap();
        }
    }
}

#[test]
fn killing_brief_while_it_saves_never_leaves_a_broken_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let exe = std::env::current_exe().unwrap();
    let ready = path.with_extension("ready");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut before = 0;
    for trial in 0..200 {
        let mut child = std::process::Command::new(&exe)
            .args(["--exact", "child_saves_until_killed", "--quiet", "--ignored"])
            .env("BRIEF_TEST_KILL_STATE", &path)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Once its first save is on disk, a pseudo-random moment: anywhere
        // in a later save, or between saves.
        while std::fs::remove_file(&ready).is_err() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(std::time::Duration::from_micros(seed % 20_000));
        child.kill().unwrap();
        child.wait().unwrap();
        let (marks, warning) = Store::at(&path).load();
        assert!(warning.is_none(), "trial {trial}: {warning:?}");
        // Saves merge with the disk: what one trial saved, the next keeps.
        assert!(
            (before.max(1)..=500).contains(&marks.len()),
            "trial {trial}: {} marks after {before}",
            marks.len()
        );
        before = marks.len();
    }
}
