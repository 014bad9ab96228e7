//! The live collection: files written, renamed, replaced and deleted while
//! brief runs. Waits are for events, bounded by a timeout, never fixed sleeps.

mod common;

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use brief::app::{App, Effect, Event};
use brief::live::{self, Change};
use brief::loader;
use common::type_keys;

const TIMEOUT: Duration = Duration::from_secs(10);

struct Live {
    app: App,
    rx: mpsc::Receiver<Vec<Change>>,
    batches: usize,
    _watcher: live::Watcher,
}

impl Live {
    fn start(dir: &Path) -> Live {
        Live::start_since(dir, None)
    }

    /// Loads `dir`, then watches it, looking for files written `since`.
    fn start_since(dir: &Path, since: Option<std::time::SystemTime>) -> Live {
        let app = App::new(loader::load(&[dir.to_path_buf()]).unwrap(), 120, 40);
        let (tx, rx) = mpsc::channel();
        let watcher =
            live::watch(&[dir.to_path_buf()], since, move |changes| drop(tx.send(changes))).unwrap();
        Live { app, rx, batches: 0, _watcher: watcher }
    }

    fn titles(&self) -> Vec<String> {
        let mut titles: Vec<String> = self.app.articles().iter().map(|a| a.title.clone()).collect();
        titles.sort();
        titles
    }

    /// Applies batches of changes as they come until `done` holds.
    fn until(&mut self, what: &str, done: impl Fn(&Live) -> bool) {
        let start = Instant::now();
        while !done(self) {
            assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}; have {:?}", self.titles());
            if let Ok(changes) = self.rx.recv_timeout(Duration::from_millis(50)) {
                self.batches += 1;
                // Index at once, as the runtime's indexing thread would.
                common::drive(&mut self.app, Event::Changes(changes));
            }
        }
    }
}

fn article(title: &str) -> String {
    format!("Title: {title}\n\nKey Points\n- A point about {title}.\nBody of {title}.\n")
}

#[test]
fn new_renamed_replaced_and_deleted_files_follow_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), article("Alpha")).unwrap();
    let mut live = Live::start(d);
    assert_eq!(live.titles(), ["Alpha"]);

    fs::write(d.join("b.txt"), article("Beta")).unwrap();
    live.until("a new file", |l| l.titles() == ["Alpha", "Beta"]);

    fs::rename(d.join("b.txt"), d.join("c.txt")).unwrap();
    live.until("a rename", |l| {
        l.titles() == ["Alpha", "Beta"]
            && l.app.articles().iter().any(|a| a.origin.display().ends_with("c.txt"))
            && !l.app.articles().iter().any(|a| a.origin.display().ends_with("b.txt"))
    });

    // An editor's save: write a hidden temporary file, rename it over.
    fs::write(d.join(".c.txt.swp"), article("Gamma")).unwrap();
    fs::rename(d.join(".c.txt.swp"), d.join("c.txt")).unwrap();
    live.until("a rename-and-replace save", |l| l.titles() == ["Alpha", "Gamma"]);

    fs::remove_file(d.join("a.txt")).unwrap();
    live.until("a deletion", |l| l.titles() == ["Gamma"]);

    fs::create_dir(d.join("sub")).unwrap();
    fs::write(d.join("sub/d.txt"), article("Delta")).unwrap();
    live.until("a file in a new folder", |l| l.titles() == ["Delta", "Gamma"]);
    let delta = live.app.articles().iter().find(|a| a.title == "Delta").unwrap();
    assert_eq!(delta.meta.source.as_deref(), Some("sub"), "no Source header: the folder is the source");
    fs::remove_dir_all(d.join("sub")).unwrap();
    live.until("a removed folder", |l| l.titles() == ["Gamma"]);

    fs::write(d.join("broken.md"), "+++\ntitle = \n+++\nBody.").unwrap();
    live.until("a broken file reported", |l| l.app.issues().iter().any(|i| i.path.ends_with("broken.md")));
    fs::remove_file(d.join("broken.md")).unwrap();
    live.until("its report gone with it", |l| l.app.issues().is_empty());
}

#[test]
fn selection_scroll_and_search_survive_changes_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long_body: String = (0..80).map(|i| format!("Paragraph {i} about harbours and ferries.\n")).collect();
    fs::write(d.join("001_a.txt"), article("Alpha")).unwrap();
    fs::write(d.join("002_b.txt"), format!("Title: Bravo\n\nKey Points\n- Ferries.\n{long_body}")).unwrap();
    fs::write(d.join("003_c.txt"), article("Charlie")).unwrap();
    let mut live = Live::start(d);
    type_keys(&mut live.app, "jsl");
    type_keys(&mut live.app, "jjjjj");
    assert_eq!(live.app.selected_article().unwrap().title, "Bravo");
    let scroll = live.app.scroll(brief::app::Pane::Article);
    assert_eq!(scroll, 5);

    fs::write(d.join("000_first.txt"), article("Zero")).unwrap();
    live.until("an article before the selection", |l| l.app.articles().len() == 4);
    assert_eq!(live.app.selected_article().unwrap().title, "Bravo", "the same article stays selected");
    assert_eq!(live.app.selected(), 2, "at its new position");
    assert_eq!(live.app.scroll(brief::app::Pane::Article), scroll, "and scrolled as it was");

    // Editing the selected article keeps it selected.
    fs::write(d.join("002_b.txt"), format!("Title: Bravo edited\n\nKey Points\n- Ferries.\n{long_body}"))
        .unwrap();
    live.until("the edit", |l| l.titles().contains(&"Bravo edited".to_string()));
    assert_eq!(live.app.selected_article().unwrap().title, "Bravo edited");

    // A search stays active and takes in new matches.
    type_keys(&mut live.app, "h/ferries");
    assert_eq!(live.app.shown().len(), 1);
    fs::write(d.join("004_d.txt"), "Title: Delta\n\nKey Points\n- More ferries.\nBody.").unwrap();
    live.until("a new match", |l| l.app.shown().len() == 2);
    assert_eq!(live.app.search().unwrap().query, "ferries");
}

#[test]
fn a_burst_of_a_thousand_files_arrives_in_a_few_batches() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("seed.txt"), article("Seed")).unwrap();
    let mut live = Live::start(d);
    let staging = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        fs::write(staging.path().join(format!("{i:04}.txt")), article(&format!("Burst {i}"))).unwrap();
    }
    // Copy them in as a file manager would.
    for i in 0..1000 {
        let name = format!("{i:04}.txt");
        fs::copy(staging.path().join(&name), d.join(&name)).unwrap();
    }
    live.until("all thousand files", |l| l.app.articles().len() == 1001);
    assert!(live.batches < 100, "{} batches for 1000 files", live.batches);
}

#[test]
fn the_list_fills_in_while_loading_and_search_covers_what_has_loaded() {
    use brief::loader::Batch;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5000 {
        let topic = if i % 2 == 0 { "harbour" } else { "railway" };
        fs::write(
            dir.path().join(format!("{i:05}.txt")),
            format!("Title: Story {i} about the {topic}\n\nKey Points\n- Point {i}.\nBody.\n"),
        )
        .unwrap();
    }
    let mut batches: Vec<Batch> = Vec::new();
    brief::loader::load_streaming(&[dir.path().to_path_buf()], || None, |b| batches.push(b));
    assert!(batches.len() >= 3, "discovery, then batches of files");
    assert!(batches.last().unwrap().done);
    assert_eq!(batches.iter().map(|b| b.articles.len()).sum::<usize>(), 5000);

    let mut app = App::new(brief::loader::Collection::default(), 120, 40);
    let mut batches = batches.into_iter();
    // The first batches arrive: the list shows them and keys work.
    let first = batches.next().unwrap();
    let effects = app.update(Event::Loaded(first));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Reindex(_))), "the batch came indexed");
    let second = batches.next().unwrap();
    app.update(Event::Loaded(second));
    assert!(app.loading().is_some());
    let loaded = app.articles().len();
    assert!(loaded > 0 && loaded < 5000);
    type_keys(&mut app, "jjj");
    let chosen = app.current();
    // A search while loading covers what has arrived: each batch comes
    // indexed, so nothing waits for an index build.
    type_keys(&mut app, "/harbour");
    assert!(!app.indexing());
    let harbour = app.articles().iter().filter(|a| a.title.ends_with("harbour")).count();
    assert_eq!(app.shown().len(), harbour);
    for batch in batches {
        common::drive(&mut app, Event::Loaded(batch));
    }
    common::tick(&mut app);
    assert!(app.loading().is_none());
    assert!(!app.indexing());
    assert_eq!(app.articles().len(), 5000);
    assert_eq!(app.shown().len(), 2500, "the search covers everything once loaded");
    assert!(app.shown().iter().all(|&i| app.articles()[i].title.ends_with("harbour")));
    common::press(&mut app, ratatui::crossterm::event::KeyCode::Esc);
    assert_eq!(app.current(), chosen, "the selection made during loading is kept");
    // And the list is in order: sequence numbers ascending.
    let titles: Vec<&str> = app.shown().iter().take(3).map(|&i| app.articles()[i].title.as_str()).collect();
    assert_eq!(
        titles,
        ["Story 0 about the harbour", "Story 1 about the railway", "Story 2 about the harbour"]
    );
}

#[test]
fn a_file_written_between_the_load_and_the_watch_is_taken_in() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("a.txt"), article("Already here")).unwrap();
    let since = std::time::SystemTime::now();
    let app = App::new(loader::load(&[d.to_path_buf()]).unwrap(), 120, 40);
    // Written after the load, before the watches: no event will tell.
    fs::write(d.join("b.txt"), article("Arrived in the gap")).unwrap();
    let (tx, rx) = mpsc::channel();
    let watcher =
        live::watch(&[d.to_path_buf()], Some(since), move |changes| drop(tx.send(changes))).unwrap();
    let mut live = Live { app, rx, batches: 0, _watcher: watcher };
    live.until("the file written in the gap", |l| l.titles().contains(&"Arrived in the gap".to_string()));
    assert_eq!(live.titles(), ["Already here", "Arrived in the gap"], "each once");
}
