//! End to end: the real binary in a pseudo-terminal, read back with vt100.

mod common;

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use common::pty::{Session, TIMEOUT};
use portable_pty::PtySize;

fn fixtures() -> &'static str {
    assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/txt").is_dir());
    "tests/fixtures/txt"
}

#[test]
fn browse_open_toggle_and_quit() {
    let mut s = Session::start(&[fixtures()], 120, 30);
    s.wait_for("Articles (7)");
    s.wait_for("article 1/7 · summary");
    assert!(!s.cooked(), "raw mode while running");
    assert!(s.alternate_screen());
    assert!(s.contents().contains("Deep in the tree and dated"));

    s.send("j");
    s.wait_for("article 2/7");
    s.wait_for("A point under a header.");
    s.send("\r");
    s.wait_for("READ");
    s.send("s");
    s.wait_for("full text · article");
    s.wait_for("Body under a header.");
    s.send("?");
    s.wait_for("In the list");
    s.send("?");
    // q backs out of the article to the list, as in newsboat and mutt;
    // in the list it quits.
    s.send("q");
    s.wait_for(" LIST ");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn no_arguments_opens_the_bundled_samples_from_any_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    let mut s = Session::start_in(elsewhere.path(), &[], 120, 30, &[]);
    s.wait_for("Articles (17)");
    s.wait_for("Harbour ferries");
    s.send("G");
    s.wait_for("article 17/17");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn resize_redraws_in_the_narrow_layout() {
    let mut s = Session::start(&[fixtures()], 100, 24);
    s.wait_for("Articles (7)");
    s.screen.lock().unwrap().screen_mut().set_size(20, 50);
    s.master.resize(PtySize { rows: 20, cols: 50, pixel_width: 0, pixel_height: 0 }).unwrap();
    // The narrow list fills the screen: the reading side is gone.
    s.wait_until("the narrow layout", |screen| {
        screen.contains("Articles (7)") && !screen.contains("1 min read")
    });
    s.send("l");
    // One pane at a time: the list is gone, the key points fill the screen.
    s.wait_for("Key Points (1)");
    let screen = s.contents();
    assert!(!screen.contains("Articles (7)"), "{screen}");
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn search_the_collection_and_jump_to_the_hit() {
    let mut s = Session::start(&[fixtures()], 100, 30);
    s.wait_for("Articles (7)");
    s.send("/crlf");
    s.wait_for("1 of 7 articles match");
    s.wait_for("Results (1 of 7)");
    s.send("\r");
    s.wait_for("full text · article");
    s.wait_for("hit 1/1");
    s.wait_for("A body line ending in CRLF.");
    s.send("/second");
    s.wait_for("find:  second");
    s.send("\r");
    s.wait_for("hit 1/1");
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn o_opens_the_article_url_with_browser_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("opened.txt");
    let gate = dir.path().join("gate");
    let script = dir.path().join("fake-browser");
    // Does not return until the test opens the gate, which it does only
    // after the reader has answered a key: a reader that waited for its
    // browser would never answer, and the test would fail.
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nwhile [ ! -e {} ]; do sleep 0.05; done\necho \"$1\" > {}\n",
            gate.display(),
            log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();

    let mut s =
        Session::start_with_env(&["tests/fixtures/mixed"], 100, 30, &[("BROWSER", script.to_str().unwrap())]);
    s.wait_for("Articles (10)");
    s.send("jjj");
    s.wait_for("RSS one");
    s.wait_for("article 4/10");
    s.send("o");
    s.wait_for("opening https://example.org/r1");
    s.send("j");
    s.wait_for("article 5/10");
    assert!(!log.exists(), "the browser is still waiting at its gate");
    std::fs::write(&gate, "").unwrap();
    let start = Instant::now();
    while !log.exists() && start.elapsed() < TIMEOUT {
        thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&log).unwrap().trim(), "https://example.org/r1");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn o_hands_the_browser_only_http_addresses_as_one_argument() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let article = |name: &str, date: &str, url: &str| {
        let text = format!("Title: {name}\nDate: {date}\nURL: {url}\n\nKey Points\n- A point.\n");
        std::fs::write(articles.join(format!("{name}.txt")), text).unwrap();
    };
    article("Option", "2026-11-03", "--gpu-launcher=xcalc");
    article("Script", "2026-11-02", "javascript:alert(1)");
    article("Web", "2026-11-01", "https://example.org/ok");
    let log = dir.path().join("argv.txt");
    let script = dir.path().join("fake-browser");
    // Logs every argument it was given, one a line.
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> {}\n", log.display())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();

    let mut s = Session::start_with_env(
        &[articles.to_str().unwrap()],
        100,
        30,
        &[("BROWSER", script.to_str().unwrap())],
    );
    s.wait_for("Articles (3)");
    s.send("o");
    s.wait_for("not opened: it is not a web address");
    s.send("j");
    s.wait_for("article 2/3");
    s.send("o");
    s.wait_for("not opened: javascript: is not http or https");
    s.send("j");
    s.wait_for("article 3/3");
    s.send("o");
    s.wait_for("opening https://example.org/ok");
    let start = Instant::now();
    while !log.exists() && start.elapsed() < TIMEOUT {
        thread::sleep(Duration::from_millis(50));
    }
    thread::sleep(Duration::from_millis(200));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "https://example.org/ok\n",
        "one argument, only the web page"
    );
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn files_written_while_running_appear_and_disappear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Title: Already here\n\nKey Points\n- Yes.\n").unwrap();
    let mut s = Session::start(&[dir.path().to_str().unwrap()], 100, 24);
    s.wait_for("Already here");
    std::fs::write(dir.path().join("b.txt"), "Title: Arrived later\n\nKey Points\n- New.\n").unwrap();
    s.wait_for("Arrived later");
    s.wait_for("Articles (2)");
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    s.wait_for("Articles (1)");
    assert!(!s.contents().contains("Already here"));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn read_marks_and_bookmarks_come_back_next_time() {
    let state = tempfile::tempdir().unwrap();
    let env = [("XDG_STATE_HOME", state.path().to_str().unwrap())];
    let mut s = Session::start_with_env(&[fixtures()], 100, 30, &env);
    s.wait_for("7 unread");
    s.send("l");
    s.wait_for("6 unread");
    s.send("hjb");
    s.wait_for("article 2/7");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);

    let mut s = Session::start_with_env(&[fixtures()], 100, 30, &env);
    s.wait_for("6 unread");
    let screen = s.contents();
    let row =
        |title: &str| screen.lines().find(|l| l.starts_with("│") && l.contains(title)).unwrap().to_string();
    assert!(row("Deep in the tree").starts_with("│  Deep"), "read: no mark: {}", row("Deep in the tree"));
    assert!(row("A headed fixture").starts_with("│★ A headed"), "bookmarked: {}", row("A headed fixture"));
    assert!(row("Windows line ends").starts_with("│● Windows"), "unread: {}", row("Windows line ends"));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn the_mouse_scrolls_and_selects_unless_turned_off() {
    let mut s = Session::start(&[fixtures()], 100, 30);
    s.wait_for("article 1/7");
    // SGR mouse reports: wheel down over the list, then a click on row 4.
    s.send("\x1b[<65;5;5M");
    s.wait_for("article 2/7");
    s.send("\x1b[<0;5;5M\x1b[<0;5;5m");
    s.wait_for("article 4/7");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let output = String::from_utf8_lossy(&s.output.lock().unwrap()).to_string();
    assert!(output.contains("\x1b[?1000h"), "mouse reporting was switched on");
    assert!(output.contains("\x1b[?1000l"), "and off again");

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "mouse = false\n").unwrap();
    let mut s = Session::start(&["--config", config.to_str().unwrap(), fixtures()], 100, 30);
    s.wait_for("article 1/7");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let output = String::from_utf8_lossy(&s.output.lock().unwrap()).to_string();
    assert!(!output.contains("\x1b[?1000h"), "the terminal's own selection is left alone");
}

#[test]
fn the_first_frame_comes_before_the_folder_is_loaded() {
    let dir = tempfile::tempdir().unwrap();
    for folder in 0..3 {
        let sub = dir.path().join(format!("{folder:02}"));
        std::fs::create_dir(&sub).unwrap();
        for i in 0..1000 {
            let text = format!("Key Points\n- Story {folder}-{i} in brief.\nA paragraph of the story.\n");
            std::fs::write(sub.join(format!("{i:04}.txt")), text).unwrap();
        }
    }
    let mut s = Session::start(&[dir.path().to_str().unwrap()], 120, 30);
    s.wait_for("Articles (3000)");
    s.wait_until("loading and indexing to finish", |screen| {
        !screen.contains("loading") && !screen.contains("indexing")
    });
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    // Frames are drawn as differences, so the raw output holds every
    // frame's changes: the first ones said the folder was still loading.
    let output = String::from_utf8_lossy(&s.output.lock().unwrap()).to_string();
    assert!(output.contains("Loading…"), "the first frame came before any article");
    assert!(output.contains("loading "), "progress was shown");
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_takes_it_again() {
    let mut s = Session::start(&[fixtures()], 100, 30);
    s.wait_for("article 1/7");
    s.send("\x1a");
    // This test's pseudo-terminal has no job control, so the system lets
    // brief run on at once; it must have left the screen and come back.
    let start = Instant::now();
    loop {
        let output = String::from_utf8_lossy(&s.output.lock().unwrap()).to_string();
        let left = output.find("\x1b[?1049l");
        if left.is_some_and(|at| output[at..].contains("\x1b[?1049h")) {
            break;
        }
        assert!(start.elapsed() < TIMEOUT, "brief did not leave and re-enter the alternate screen");
        thread::sleep(Duration::from_millis(20));
    }
    s.wait_for("article 1/7");
    assert!(!s.cooked(), "raw again");
    s.send("j");
    s.wait_for("article 2/7");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn a_session_using_every_feature_writes_nothing_to_the_articles() {
    // Hash every file under the fixture folders before and after.
    fn hashes(root: &Path) -> Vec<(String, u64, Option<std::time::SystemTime>)> {
        let mut out: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let bytes = std::fs::read(e.path()).unwrap();
                let modified = e.metadata().ok().and_then(|m| m.modified().ok());
                (e.path().display().to_string(), xxhash_rust::xxh3::xxh3_64(&bytes), modified)
            })
            .collect();
        out.sort();
        out
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let before = hashes(&root);
    let mut s = Session::start(&["tests/fixtures/mixed", "tests/fixtures/txt"], 110, 34);
    s.wait_for("Articles (17)");
    // Read, toggle, find, evidence, marks, sort, filter, search, front page.
    for (keys, expect) in [
        ("l", "READ"),
        ("s", "full text"),
        ("/body", "find:"),
        ("\r", "hit "),
        ("\x1b", "LIST"),
        ("b", "★"),
        ("r", "unread"),
        ("S", "by title"),
        ("u", "unread only"),
        ("u", "bookmarked only"),
        ("u", "unread"),
        ("/point", "search:"),
        ("\r", "READ"),
        ("h\x1b", "LIST"),
        ("f", "Front page"),
        ("j\r", "READ"),
        ("sk\r", "READ"),
    ] {
        s.send(keys);
        s.wait_for(expect);
    }
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(hashes(&root), before, "article files are never written");
}

#[test]
fn a_folder_of_100000_empty_files() {
    let dir = common::scratch_dir();
    for i in 0..100_000 {
        std::fs::File::create(dir.path().join(format!("{i:06}.txt"))).unwrap();
    }
    // Every file is reported, with its reason.
    let collection = brief::loader::load(&[dir.path().to_path_buf()]).unwrap();
    assert!(collection.articles.is_empty());
    assert_eq!(collection.issues.len(), 100_000);
    assert!(collection.issues.iter().all(|i| i.reason == "empty file"), "{:?}", collection.issues[0]);

    // The reader says why there is nothing to read, and keeps answering.
    let mut s = Session::start(&[dir.path().to_str().unwrap()], 100, 24);
    s.wait_for("100000 files skipped.");
    s.wait_for("100000 files skipped or repaired");
    s.send("?");
    s.wait_for("In the list");
    s.send("?q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn the_search_history_is_kept_across_runs() {
    let state = tempfile::tempdir().unwrap();
    let env = [("XDG_STATE_HOME", state.path().to_str().unwrap())];
    let mut s = Session::start_with_env(&[fixtures()], 120, 30, &env);
    s.wait_for("Articles (7)");
    s.send("/header\r");
    s.wait_for(" READ ");
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);

    let mut s = Session::start_with_env(&[fixtures()], 120, 30, &env);
    s.wait_for("Articles (7)");
    s.send("/");
    s.wait_for("search:");
    s.send("\x1b[A");
    s.wait_for("search:  header");
    // Esc alone (a key right after it would read as Alt-key).
    s.send("\x1b");
    s.wait_until("the search closed", |screen| !screen.contains("search:"));
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn leaving_a_devanagari_article_redraws_the_whole_screen() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Title: Village story\nDate: 2026-11-02\n\nKey Points\n- गाँव में नया पुस्तकालय खुला है और बच्चे रोज़ आते हैं।\nपुस्तकालय में किताबें हैं।\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Title: Harbour story\nDate: 2026-11-01\n\nKey Points\n- The harbour opened a new pier.\nBody.\n",
    )
    .unwrap();
    let mut s = Session::start(&[dir.path().to_str().unwrap()], 120, 30);
    s.wait_for("पुस्तकालय");
    let before = s.output.lock().unwrap().len();
    s.send("j");
    s.wait_for("The harbour opened a new pier.");
    s.wait_until("the Devanagari gone", |screen| !screen.contains('ग'));
    // Drawn afresh, not patched: the terminal's idea of those clusters'
    // widths cannot leave stray marks behind.
    let after = s.output.lock().unwrap()[before..].to_vec();
    assert!(
        String::from_utf8_lossy(&after).contains("\x1b[2J"),
        "the screen was cleared and redrawn after the Devanagari article"
    );
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn pipe_and_edit_hand_over_the_terminal_and_take_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let piped = dir.path().join("piped.txt");
    let edited = dir.path().join("edited.txt");
    let editor = dir.path().join("fake-editor");
    std::fs::write(&editor, format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > {}\n", edited.display())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut s = Session::start_with_env(
        &[fixtures()],
        120,
        30,
        &[("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")],
    );
    s.wait_for("Articles (7)");
    s.send("\r");
    s.wait_for(" READ ");
    s.send("|");
    s.wait_for("pipe to:");
    s.send(&format!("cat > {}\r", piped.display()));
    // The command's output stays in view until Enter.
    s.wait_for("press Enter to return");
    s.send("\r");
    s.wait_for(" READ ");
    let text = std::fs::read_to_string(&piped).unwrap();
    assert!(text.starts_with("Deep in the tree and dated\n"), "{text}");
    s.send("e");
    s.wait_until("the editor ran", |_| edited.exists());
    s.wait_for(" READ ");
    let argv = std::fs::read_to_string(&edited).unwrap();
    assert!(
        argv.trim_end().ends_with(".txt") && argv.lines().count() == 1,
        "the file, as one argument: {argv}"
    );
    assert!(!s.cooked(), "raw mode again");
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}
