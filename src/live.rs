//! Keeps a collection in step with its folders while brief runs: notify
//! reports file events, a burst of them is gathered into one batch, and
//! the files they touch are read again.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use notify::{RecursiveMode, Watcher as _};

pub use crate::collection::Change;
use crate::loader;

/// How long events must pause before a batch is read.
const QUIET: Duration = Duration::from_millis(80);
/// The longest a batch waits during a continuous stream of events.
const MAX_WAIT: Duration = Duration::from_millis(400);

/// Watches folders until dropped.
pub struct Watcher {
    _watcher: notify::RecommendedWatcher,
}

/// Starts watching `roots` (folders recursively, files alone), calling
/// `deliver` from a background thread with each batch of changes.
///
/// Files written after `since` (when loading began) but before the
/// watches were in place would be missed by both the load and the
/// watcher: once watching, such files are looked for and delivered as
/// changes (a file the load took in too is simply read again).
pub fn watch(
    roots: &[PathBuf],
    since: Option<SystemTime>,
    deliver: impl Fn(Vec<Change>) + Send + 'static,
) -> notify::Result<Watcher> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    // Events name absolute paths; articles keep the paths as they were
    // given, so each root is kept in both forms.
    let roots: Vec<Root> = roots
        .iter()
        .map(|r| Root { real: r.canonicalize().unwrap_or_else(|_| r.clone()), given: r.clone() })
        .collect();
    for root in &roots {
        let mode = if root.real.is_dir() { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
        watcher.watch(&root.real, mode)?;
    }
    thread::spawn(move || {
        if let Some(since) = since {
            let given: Vec<PathBuf> = roots.iter().map(|r| r.given.clone()).collect();
            let missed = written_since(&given, since);
            if !missed.is_empty() {
                deliver(missed);
            }
        }
        while let Ok(first) = rx.recv() {
            let mut paths = BTreeSet::new();
            collect(&mut paths, first);
            let start = Instant::now();
            while start.elapsed() < MAX_WAIT {
                match rx.recv_timeout(QUIET) {
                    Ok(event) => collect(&mut paths, event),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            let changes = read_changes(&roots, paths);
            if !changes.is_empty() {
                deliver(changes);
            }
        }
    });
    Ok(Watcher { _watcher: watcher })
}

/// Article files under the roots modified at or after `since`, read.
/// Two seconds of slack: some file systems keep coarse times.
pub fn written_since(roots: &[PathBuf], since: SystemTime) -> Vec<Change> {
    let since = since - Duration::from_secs(2);
    let mut changes = Vec::new();
    for root in roots {
        let files = if root.is_dir() { loader::article_files(root, root) } else { vec![root.clone()] };
        for path in files {
            let modified = std::fs::metadata(&path).and_then(|m| m.modified());
            if modified.is_ok_and(|m| m >= since) {
                let load = loader::load_file(&path, root);
                changes.push(Change::File { path, load });
            }
        }
    }
    changes
}

struct Root {
    real: PathBuf,
    given: PathBuf,
}

fn collect(paths: &mut BTreeSet<PathBuf>, event: notify::Result<notify::Event>) {
    if let Ok(event) = event
        && !matches!(event.kind, notify::EventKind::Access(_))
    {
        paths.extend(event.paths);
    }
}

/// Turns the touched paths into changes: files that exist are read again,
/// new folders are walked, and what is gone is removed.
fn read_changes(roots: &[Root], paths: BTreeSet<PathBuf>) -> Vec<Change> {
    let mut changes = Vec::new();
    for real in paths {
        let Some(root) =
            roots.iter().filter(|r| real.starts_with(&r.real)).max_by_key(|r| r.real.as_os_str().len())
        else {
            continue;
        };
        let path = match real.strip_prefix(&root.real) {
            Ok(rel) if rel.as_os_str().is_empty() => root.given.clone(),
            Ok(rel) => root.given.join(rel),
            Err(_) => real.clone(),
        };
        let root = &root.given;
        if !loader::is_watched_file(&path, root) && !path.is_dir() {
            // A hidden or non-article file: only its disappearance matters
            // (a folder of articles may have been removed under that name).
            if !path.exists() {
                changes.push(Change::Removed(path));
            }
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                for file in loader::article_files(&path, root) {
                    let load = loader::load_file(&file, root);
                    changes.push(Change::File { path: file, load });
                }
            }
            Ok(_) => {
                let load = loader::load_file(&path, root);
                changes.push(Change::File { path, load });
            }
            Err(_) => changes.push(Change::Removed(path)),
        }
    }
    changes
}
