//! Programs the reader hands the terminal to (a pager, an editor) or
//! starts beside it (a browser), and the gate that keeps the reader's own
//! input thread off the terminal while another program reads it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event as TermEvent};

use crate::text::printable;

/// Whether the input thread may read the terminal; while closed, it waits
/// without reading, and says it is waiting.
#[derive(Clone, Default)]
pub struct Gate(Arc<(Mutex<GateState>, Condvar)>);

#[derive(Default)]
struct GateState {
    closed: bool,
    /// The reader has seen the gate closed and is not reading.
    waiting: bool,
}

/// How long a poll for input lasts: how soon a closed gate is noticed.
const POLL: Duration = Duration::from_millis(25);

impl Gate {
    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.0.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next terminal event, read only while the gate is open; `None`
    /// when the terminal can no longer be read.
    pub fn read(&self) -> Option<TermEvent> {
        loop {
            {
                let mut state = self.lock();
                while state.closed {
                    state.waiting = true;
                    self.0.1.notify_all();
                    state = self.0.1.wait(state).unwrap_or_else(PoisonError::into_inner);
                }
                state.waiting = false;
            }
            match event::poll(POLL) {
                Ok(true) => return event::read().ok(),
                Ok(false) => {}
                Err(_) => return None,
            }
        }
    }

    /// Runs `f` with the input thread kept off the terminal.
    pub fn closed<T>(&self, f: impl FnOnce() -> T) -> T {
        let mut state = self.lock();
        state.closed = true;
        while !state.waiting {
            // The reader notices within one poll.
            state = self.0.1.wait_timeout(state, POLL * 4).unwrap_or_else(PoisonError::into_inner).0;
        }
        drop(state);
        let result = f();
        self.lock().closed = false;
        self.0.1.notify_all();
        result
    }
}

/// What went wrong with a program, in words for the status bar.
fn failure(what: &str, program: &str, status: std::io::Result<ExitStatus>) -> Option<String> {
    let program = printable(program);
    match status {
        Ok(status) if status.success() => None,
        Ok(status) => Some(match status.code() {
            Some(code) => format!("{what} {program} exited with status {code}"),
            None => format!("{what} {program} was stopped by a signal"),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(format!("{what} {program} not found")),
        Err(e) => Some(format!("{what} {program} could not start: {e}")),
    }
}

/// Pipes `text` to `command` (through the shell, as mutt does; none: the
/// pager in `$PAGER`, else `less`) on the terminal, and waits for it.
pub fn pipe(command: Option<&str>, text: &str) -> Option<String> {
    // A command's output is on the terminal's normal screen: it stays in
    // view until Enter, as in mutt. A pager shows its own screen.
    let pause = command.is_some();
    let command = command
        .map(str::to_string)
        .or_else(|| std::env::var("PAGER").ok().filter(|p| !p.trim().is_empty()))
        .unwrap_or_else(|| "less".to_string());
    let child = Command::new("sh").args(["-c", &command]).stdin(Stdio::piped()).spawn();
    let status = child.and_then(|mut child| {
        if let Some(mut stdin) = child.stdin.take() {
            // A pager that quits early closes its end: not an error.
            let _ = stdin.write_all(text.as_bytes());
        }
        child.wait()
    });
    let failed = failure("the command", &command, status);
    if pause {
        let mut out = std::io::stdout();
        let _ = write!(out, "\r\n[brief] press Enter to return ");
        let _ = out.flush();
        let _ = std::io::stdin().read_line(&mut String::new());
    }
    failed
}

/// Opens `path` in `$VISUAL`, else `$EDITOR`, else `vi`, on the terminal,
/// and waits for it. The path is an argument, never shell text.
pub fn edit(path: &Path) -> Option<String> {
    let editor = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let status = Command::new("sh").args(["-c", &format!("{editor} \"$1\""), "sh"]).arg(path).status();
    failure("the editor", &editor, status)
}

/// Opens `url` with `$BROWSER` (the first of its `:`-separated commands;
/// `%s` stands for the address) or the platform's opener. Its output is
/// discarded so it cannot draw over the screen. Returns what went wrong.
pub fn browse(url: String) -> Option<String> {
    let browser = std::env::var("BROWSER").ok().and_then(|b| b.split(':').next().map(str::to_string));
    let (program, args) = match browser.filter(|b| !b.trim().is_empty()) {
        Some(command) => {
            let mut words = command.split_whitespace().map(String::from);
            let program = words.next().unwrap_or_default();
            let mut args: Vec<String> = words.collect();
            if args.iter().any(|a| a.contains("%s")) {
                args = args.into_iter().map(|a| a.replace("%s", &url)).collect();
            } else {
                args.push(url);
            }
            (program, args)
        }
        None if cfg!(target_os = "macos") => ("open".to_string(), vec![url]),
        None if cfg!(windows) => ("cmd".to_string(), vec!["/C".into(), "start".into(), String::new(), url]),
        None => ("xdg-open".to_string(), vec![url]),
    };
    let status = Command::new(&program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    failure("the browser", &program, status)
}
