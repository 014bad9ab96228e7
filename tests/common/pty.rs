//! The real binary in a pseudo-terminal, its screen read back with vt100.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const TIMEOUT: Duration = Duration::from_secs(15);

pub struct Session {
    /// Where this run keeps its read marks: never the user's own.
    pub _state: tempfile::TempDir,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    pub screen: Arc<Mutex<vt100::Parser>>,
    pub output: Arc<Mutex<Vec<u8>>>,
    /// Says when the thread reading the terminal has read everything.
    drained: std::sync::mpsc::Receiver<()>,
}

impl Session {
    pub fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, cols, rows, &[])
    }

    pub fn start_with_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        Session::start_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, cols, rows, env)
    }

    pub fn start_in(dir: &Path, args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        // Never the developer's own config or marks.
        cmd.env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config");
        let state = tempfile::tempdir().unwrap();
        cmd.env("XDG_STATE_HOME", state.path());
        cmd.env("XDG_CACHE_HOME", state.path().join("cache"));
        for (key, value) in env {
            cmd.env(key, value);
        }
        cmd.cwd(dir);
        let child = pair.slave.spawn_command(cmd).expect("spawn brief");
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (s, o) = (screen.clone(), output.clone());
        let (drained_tx, drained) = std::sync::mpsc::channel();
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                o.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            let _ = drained_tx.send(());
        });
        let writer = pair.master.take_writer().unwrap();
        Session { _state: state, child, master: pair.master, writer, screen, output, drained }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen contains `text`, failing with the screen shown.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text));
    }

    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if done(&self.contents()) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.contents());
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Everything brief wrote is read once the terminal reports
                // its end (a process it started may hold the terminal
                // open longer: then the wait ends at the timeout).
                let _ = self.drained.recv_timeout(TIMEOUT.saturating_sub(start.elapsed()));
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        self.child.kill().ok();
        panic!("brief did not exit; screen:\n{}", self.contents());
    }

    /// Whether the terminal is in canonical (cooked) mode with echo.
    pub fn cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("unix pty");
        let mut termios = unsafe { std::mem::zeroed::<libc::termios>() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut termios) }, 0);
        termios.c_lflag & libc::ICANON != 0 && termios.c_lflag & libc::ECHO != 0
    }

    pub fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    pub fn assert_restored(&self) {
        assert!(self.cooked(), "terminal left in raw mode");
        assert!(!self.alternate_screen(), "terminal left on the alternate screen");
        let output = self.output.lock().unwrap();
        let tail = String::from_utf8_lossy(&output);
        assert!(tail.contains("\x1b[?1049l"), "never left the alternate screen");
    }
}
