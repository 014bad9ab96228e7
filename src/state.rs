//! Read marks, bookmarks and reading positions, kept across runs in the
//! platform's state folder, keyed by article id (which survives moving
//! and renaming the article's file).
//!
//! Saving is safe against crashes and against a second brief: under an
//! exclusive lock the file on disk is read and merged (newest entry wins),
//! then written to a temporary file that is flushed and renamed over the
//! old one. A file that cannot be read, or is from a newer brief, is moved
//! aside with a warning, never overwritten. Article files are never written.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::fsutil::{Lock, write_atomically};

pub use crate::marks::{Mark, Marks, Position};

/// The state file format this brief writes.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct StateFile {
    version: u32,
    articles: BTreeMap<String, Mark>,
}

/// Milliseconds since 1970: stamps marks (the runtime tells the model the
/// time) and names set-aside files.
pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Where marks are kept.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    /// `state.json` in the platform's state folder (on Linux
    /// `$XDG_STATE_HOME/brief`), or its local data folder where there is
    /// no state folder.
    pub fn default_location() -> Option<Store> {
        let dirs = directories::ProjectDirs::from("", "", "brief")?;
        let dir = dirs.state_dir().unwrap_or(dirs.data_local_dir());
        Some(Store { path: dir.join("state.json") })
    }

    pub fn at(path: impl Into<PathBuf>) -> Store {
        Store { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the marks. A missing file is no marks; an unreadable one, or
    /// one from a newer brief, is moved aside and reported.
    pub fn load(&self) -> (Marks, Option<String>) {
        match self.read() {
            Ok(marks) => (marks, None),
            Err(Unusable(why)) => {
                let warning = match self.set_aside() {
                    Ok(aside) => {
                        format!("{why}; it was moved to {} and brief starts afresh", aside.display())
                    }
                    Err(e) => format!("{why}; it could not be moved aside ({e}), so marks will not be saved"),
                };
                (Marks::new(), Some(format!("{}: {warning}", self.path.display())))
            }
        }
    }

    fn read(&self) -> Result<Marks, Unusable> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Marks::new()),
            Err(e) => return Err(Unusable(format!("the state file could not be read ({e})"))),
        };
        let file: StateFile =
            serde_json::from_str(&text).map_err(|e| Unusable(format!("the state file is damaged ({e})")))?;
        if file.version > VERSION {
            return Err(Unusable(format!(
                "the state file is from a newer brief (format {}, this one reads {VERSION})",
                file.version
            )));
        }
        Ok(file.articles.into_iter().collect())
    }

    /// Renames the file to `state.json.unusable-<time>`, so nothing is lost.
    fn set_aside(&self) -> io::Result<PathBuf> {
        let aside = self.path.with_extension(format!("json.unusable-{}", now_ms()));
        fs::rename(&self.path, &aside)?;
        Ok(aside)
    }

    /// Saves `marks`, merged with what is on disk (another brief may have
    /// written since this one read), atomically. Returns the merged marks.
    pub fn save(&self, marks: &Marks) -> io::Result<Marks> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let _lock = Lock::acquire(&self.path.with_extension("json.lock"))?;
        let mut merged = match self.read() {
            Ok(on_disk) => on_disk,
            // Never overwrite what we cannot read: keep it aside first.
            Err(Unusable(_)) => {
                self.set_aside()?;
                Marks::new()
            }
        };
        for (id, mark) in marks {
            match merged.get(id) {
                Some(theirs) if theirs.updated > mark.updated => {}
                _ => {
                    merged.insert(id.clone(), mark.clone());
                }
            }
        }
        let file = StateFile {
            version: VERSION,
            articles: merged.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(io::Error::other)?;
        write_atomically(&self.path, text.as_bytes())?;
        Ok(merged)
    }
}

struct Unusable(String);

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(read: bool, updated: u64) -> Mark {
        Mark { read, updated, ..Mark::default() }
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state.json"));
        let mut marks = Marks::new();
        marks.insert(
            "abc".into(),
            Mark {
                read: true,
                bookmarked: true,
                position: Some(Position { full: true, block: 7 }),
                updated: 5,
            },
        );
        store.save(&marks).unwrap();
        let (loaded, warning) = store.load();
        assert_eq!(loaded, marks);
        assert!(warning.is_none());
    }

    #[test]
    fn merging_keeps_the_newest_entry_and_both_sides_marks() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state.json"));
        store.save(&Marks::from([("a".into(), mark(true, 10)), ("b".into(), mark(true, 10))])).unwrap();
        // Another process, which loaded before "a" and "b" were saved.
        let merged =
            store.save(&Marks::from([("b".into(), mark(false, 5)), ("c".into(), mark(true, 20))])).unwrap();
        assert!(merged["a"].read, "kept from disk");
        assert!(merged["b"].read, "the newer entry wins");
        assert!(merged["c"].read);
    }

    #[test]
    fn a_damaged_or_newer_file_is_set_aside_with_a_warning() {
        for content in ["{ not json", "{\"version\": 99, \"articles\": {}}"] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("state.json");
            fs::write(&path, content).unwrap();
            let (marks, warning) = Store::at(&path).load();
            assert!(marks.is_empty());
            let warning = warning.unwrap();
            assert!(warning.contains("moved to"), "{warning}");
            let aside: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
            assert_eq!(aside.len(), 1);
            assert_eq!(fs::read_to_string(&aside[0]).unwrap(), content, "kept, byte for byte");
        }
    }

    #[test]
    fn a_crash_before_the_rename_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let store = Store::at(&path);
        store.save(&Marks::from([("a".into(), mark(true, 1))])).unwrap();
        let before = fs::read(&path).unwrap();
        // What a crash between write and rename leaves: a temporary file.
        fs::write(path.with_extension("tmp-99999"), b"{\"version\": 1, \"artic").unwrap();
        assert_eq!(fs::read(&path).unwrap(), before);
        let (marks, warning) = store.load();
        assert!(warning.is_none());
        assert!(marks["a"].read);
    }
}
