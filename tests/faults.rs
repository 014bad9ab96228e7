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
