//! Faults in every mode: each terminating signal, and a panic, arrive while
//! brief shows the list, an article, the search prompt, the help overlay,
//! or while it is still loading. Every time the terminal is restored and
//! the read mark made before the fault is on disk.
//!
//! The panic and the slow load are asked of the debug build through
//! `BRIEF_TEST_PANIC_KEY` and `BRIEF_TEST_LOAD_DELAY_MS` (see `tui.rs`).

mod common;

use std::path::{Path, PathBuf};

use common::pty::Session;
use common::scratch_dir;

/// How the reader is brought down.
#[derive(Clone, Copy, Debug)]
enum Fault {
    Signal(libc::c_int),
    Panic,
}

const FAULTS: [Fault; 5] = [
    Fault::Signal(libc::SIGINT),
    Fault::Signal(libc::SIGTERM),
    Fault::Signal(libc::SIGHUP),
    Fault::Signal(libc::SIGQUIT),
    Fault::Panic,
];

const PANIC_KEY: &str = "P";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/txt")
}

/// Starts brief on `folder`, runs `enter` to reach the mode under test
/// (having read one article first), brings it down with `fault` and checks
/// what it left behind.
fn survive(fault: Fault, folder: &Path, env: &[(&str, &str)], enter: impl Fn(&mut Session)) {
    let state = tempfile::tempdir().unwrap();
    let mut env = env.to_vec();
    env.push(("XDG_STATE_HOME", state.path().to_str().unwrap()));
    env.push(("BRIEF_TEST_PANIC_KEY", PANIC_KEY));
    let mut s = Session::start_with_env(&[folder.to_str().unwrap()], 100, 30, &env);
    enter(&mut s);
    let expected = match fault {
        Fault::Signal(signal) => {
            let pid = s.child.process_id().expect("pid") as libc::pid_t;
            assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
            128 + signal as u32
        }
        Fault::Panic => {
            s.send(PANIC_KEY);
            101
        }
    };
    assert_eq!(s.wait_exit(), expected, "{fault:?}");
    s.assert_restored();
    if let Fault::Panic = fault {
        // The message is printed after the screen is given back, where the
        // user can read it.
        let output = String::from_utf8_lossy(&s.output.lock().unwrap()).to_string();
        let message = output.find("deliberate panic").expect("the panic message is shown");
        let left = output.rfind("\x1b[?1049l").expect("left the alternate screen");
        assert!(left < message, "{fault:?}: message printed on the alternate screen");
    }
    let store = brief::state::Store::at(state.path().join("brief/state.json"));
    let (marks, warning) = store.load();
    assert_eq!(warning, None, "{fault:?}");
    assert_eq!(marks.values().filter(|m| m.read).count(), 1, "{fault:?}: the read mark was saved");
}

/// Opens the first article: the read mark every test expects to find saved.
fn read_one(s: &mut Session) {
    s.wait_for("article 1/");
    s.send("l");
    s.wait_for("READ");
}

#[test]
fn faults_in_the_list() {
    for fault in FAULTS {
        survive(fault, &fixtures(), &[], |s| {
            read_one(s);
            s.send("h");
            s.wait_for("LIST");
        });
    }
}

#[test]
fn faults_while_reading() {
    for fault in FAULTS {
        survive(fault, &fixtures(), &[], |s| {
            read_one(s);
            s.send("s");
            s.wait_for("full text");
        });
    }
}

#[test]
fn faults_at_the_search_prompt() {
    for fault in FAULTS {
        survive(fault, &fixtures(), &[], |s| {
            read_one(s);
            s.send("h/dee");
            s.wait_for("search:  dee");
        });
    }
}

#[test]
fn faults_in_the_help_overlay() {
    for fault in FAULTS {
        survive(fault, &fixtures(), &[], |s| {
            read_one(s);
            s.send("?");
            s.wait_for("In the list");
        });
    }
}

#[test]
fn faults_while_loading() {
    // More files than one loading batch, and the last batch held back:
    // the first articles are listed while loading goes on.
    let dir = scratch_dir();
    for i in 0..3000 {
        std::fs::write(dir.path().join(format!("{i:04}.txt")), format!("Key Points\n- Story {i}.\n"))
            .unwrap();
    }
    for fault in FAULTS {
        survive(fault, dir.path(), &[("BRIEF_TEST_LOAD_DELAY_MS", "20000")], |s| {
            read_one(s);
            let screen = s.contents();
            assert!(screen.contains("loading"), "still loading: {screen}");
        });
    }
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn a_named_pipe_as_the_state_file_is_set_aside_and_the_reader_answers() {
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("brief/state.json");
    mkfifo(&file);
    let env = [("XDG_STATE_HOME", state.path().to_str().unwrap())];
    // Reading the pipe used to wait for a writer with every signal caught.
    let mut s = Session::start_with_env(&[fixtures().to_str().unwrap()], 100, 30, &env);
    s.wait_for("article 1/");
    // The warning is longer than the status bar: shown whole in a box.
    s.wait_for("any key closes this");
    let screen = s.contents();
    assert!(screen.contains("the state file could not be read") && screen.contains("afresh"), "{screen}");
    s.send("l");
    s.wait_for("READ");
    assert!(!s.contents().contains("could not be read"), "a key dismisses the warning");
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
    let (marks, warning) = brief::state::Store::at(&file).load();
    assert_eq!(warning, None);
    assert_eq!(marks.values().filter(|m| m.read).count(), 1, "saved in a new state file");
}

#[test]
fn marks_that_cannot_be_saved_are_shown_and_reported_at_exit() {
    let state = tempfile::tempdir().unwrap();
    // A pipe as the lock file: opening it for writing used to hang the
    // save, and quitting with it.
    mkfifo(&state.path().join("brief/state.json.lock"));
    let env = [("XDG_STATE_HOME", state.path().to_str().unwrap())];
    let mut s = Session::start_with_env(&[fixtures().to_str().unwrap()], 100, 30, &env);
    read_one(&mut s);
    s.wait_for("marks not saved");
    s.send("Q");
    assert_eq!(s.wait_exit(), 2, "an unsaved mark is a failure");
    s.assert_restored();
    let output = String::from_utf8_lossy(&s.output.lock().unwrap()).to_string();
    let left = output.rfind("\x1b[?1049l").expect("left the alternate screen");
    let told = output.rfind("marks not saved").expect("told on the terminal");
    assert!(told > left, "told after the screen was given back");
    assert!(output[told..].contains("named pipe") && output[told..].contains("lost"), "{}", &output[told..]);
}

/// A small tmpfs, unmounted when dropped; none where mounting is not
/// allowed (not root).
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn marks_made_while_the_disk_is_full_are_saved_once_there_is_room() {
    let Some(disk) = Tmpfs::mount("256k") else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let dir = disk.0.path();
    std::fs::create_dir(dir.join("brief")).unwrap();
    // Fill the disk: writing stops with ENOSPC.
    let fill = dir.join("fill");
    let mut file = std::fs::File::create(&fill).unwrap();
    let chunk = [0u8; 4096];
    while std::io::Write::write_all(&mut file, &chunk).is_ok() {}
    drop(file);
    let env = [("XDG_STATE_HOME", dir.to_str().unwrap())];
    let mut s = Session::start_with_env(&[fixtures().to_str().unwrap()], 100, 30, &env);
    read_one(&mut s);
    s.wait_for("marks not saved");
    std::fs::remove_file(&fill).unwrap();
    // Retried without another key.
    s.wait_until("the warning to go", |screen| !screen.contains("marks not saved"));
    let (marks, _) = brief::state::Store::at(dir.join("brief/state.json")).load();
    assert_eq!(marks.values().filter(|m| m.read).count(), 1, "saved by the retry");
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_named_pipe_as_the_index_cache_is_passed_over() {
    let cache = tempfile::tempdir().unwrap();
    // The cache's name depends only on the folders opened, not on where
    // the cache folder is.
    let name = brief::cache::path_for(&[fixtures()]).unwrap().file_name().unwrap().to_owned();
    let pipe = cache.path().join("brief").join(name);
    mkfifo(&pipe);
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    // Reading it used to wait for a writer: `loading 0/0` for ever.
    let mut s = Session::start_with_env(&[fixtures().to_str().unwrap()], 100, 30, &env);
    s.wait_until("loading to finish", |screen| screen.contains("7 unread") && !screen.contains("loading"));
    // The pipe was the cache brief looked for: the new cache replaces it.
    s.wait_until("the cache to be written", |_| std::fs::metadata(&pipe).is_ok_and(|m| m.is_file()));
    s.send("Q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}
