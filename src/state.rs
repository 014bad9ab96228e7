//! Read marks, bookmarks and reading positions, kept across runs in the
//! platform's state folder, keyed by article id (which survives moving
//! and renaming the article's file).
//!
//! Saving is safe against crashes and against a second brief: under an
//! exclusive lock the file on disk is read and merged, then written to a
//! temporary file that is flushed and renamed over the old one. The merge
//! is per field: each of read, bookmarked and position carries the time it
//! was set, and a save writes only the fields this process changed, each
//! kept unless the file has a newer value for it. So one window marking an
//! article read while another bookmarks it keeps both.
//!
//! The file is untrusted: only a regular file of at most
//! [`MAX_STATE_BYTES`] is read, without blocking, and one that cannot be
//! read, or is from a newer brief, is moved aside with a warning, never
//! overwritten. Article files are never written.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::fsutil::{Lock, Unreadable, read_regular, write_atomically};

pub use crate::marks::{Mark, Marks, Position};

/// The state file format this brief writes. Per-field times were added to
/// format 1 without changing its number: older briefs read them as before
/// (they ignore unknown fields), and records they write, with one
/// `updated` time, are read here as that time for every field.
pub const VERSION: u32 = 1;

/// The largest state file read: room for about 700,000 marked articles
/// (some 180 bytes each). A larger one is damage (or a sparse file), and
/// is moved aside rather than read into memory.
pub const MAX_STATE_BYTES: u64 = 128 << 20;

/// How far ahead of this machine's clock a time in the file may be and
/// still be believed. A later one (a machine with its clock wrong wrote
/// it) counts as no time at all, so a change made here can replace it.
const MAX_CLOCK_SKEW_MS: u64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Serialize, Deserialize)]
struct StateFile {
    version: u32,
    articles: BTreeMap<String, Record>,
    /// Queries typed at the find and search prompts, most recent last.
    /// Older briefs ignore it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    history: Vec<String>,
}

/// One article's marks as the file keeps them: each field with the time it
/// was set (ms since 1970).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Record {
    #[serde(default)]
    read: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    read_at: Option<u64>,
    #[serde(default)]
    bookmarked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bookmarked_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position: Option<Position>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position_at: Option<u64>,
    /// The newest of the times above; all a record written before
    /// per-field times has, standing for each of its fields.
    #[serde(default)]
    updated: u64,
}

impl Record {
    /// Every field's time given, none in the future (see
    /// [`MAX_CLOCK_SKEW_MS`]): a record as the merge may trust it.
    fn settled(mut self, now: u64) -> Record {
        let believe = |at: u64| if at > now.saturating_add(MAX_CLOCK_SKEW_MS) { 0 } else { at };
        let updated = believe(self.updated);
        for at in [&mut self.read_at, &mut self.bookmarked_at, &mut self.position_at] {
            *at = Some(believe(at.unwrap_or(updated)));
        }
        self.stamp();
        self
    }

    fn stamp(&mut self) {
        self.updated =
            [self.read_at, self.bookmarked_at, self.position_at].into_iter().flatten().max().unwrap_or(0);
    }

    fn mark(&self) -> Mark {
        Mark { read: self.read, bookmarked: self.bookmarked, position: self.position, updated: self.updated }
    }

    /// Takes the fields that changed from `before` to `after` (at
    /// `after.updated`), except where this record has a newer value.
    fn apply(&mut self, before: &Mark, after: &Mark) {
        fn take<T: PartialEq + Copy>(value: &mut T, at: &mut Option<u64>, old: T, new: T, when: u64) {
            if old != new && at.unwrap_or(0) <= when {
                (*value, *at) = (new, Some(when));
            }
        }
        let when = after.updated;
        take(&mut self.read, &mut self.read_at, before.read, after.read, when);
        take(&mut self.bookmarked, &mut self.bookmarked_at, before.bookmarked, after.bookmarked, when);
        take(&mut self.position, &mut self.position_at, before.position, after.position, when);
        self.stamp();
    }
}

/// The marks `loaded` with the changes in `early` (made before they were
/// loaded, so each of its records started unmarked) laid over them: the
/// fields a record changed from unmarked, stamped later than the loaded
/// record, as the reader stamps any change.
pub fn lay_over(mut loaded: Marks, early: Marks) -> Marks {
    let unmarked = Mark::default();
    for (id, change) in early {
        let mark = loaded.entry(id).or_default();
        if change.read != unmarked.read {
            mark.read = change.read;
        }
        if change.bookmarked != unmarked.bookmarked {
            mark.bookmarked = change.bookmarked;
        }
        if change.position != unmarked.position {
            mark.position = change.position;
        }
        mark.updated = change.updated.max(mark.updated + 1);
    }
    loaded
}

/// Milliseconds since 1970: stamps marks (the runtime tells the model the
/// time) and names set-aside files.
pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// brief's state folder: the platform's (on Linux `$XDG_STATE_HOME/brief`),
/// or its local data folder where there is no state folder.
pub fn state_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "brief")?;
    Some(dirs.state_dir().unwrap_or(dirs.data_local_dir()).to_path_buf())
}

/// Where marks are kept.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    /// `state.json` in the [`state_dir`].
    pub fn default_location() -> Option<Store> {
        Some(Store { path: state_dir()?.join("state.json") })
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
            Ok(records) => (records.iter().map(|(id, r)| (id.clone(), r.mark())).collect(), None),
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

    fn read(&self) -> Result<BTreeMap<String, Record>, Unusable> {
        self.read_file().map(|file| file.articles)
    }

    fn read_file(&self) -> Result<StateFile, Unusable> {
        let empty = || StateFile { version: VERSION, articles: BTreeMap::new(), history: Vec::new() };
        let bytes = match read_regular(&self.path, MAX_STATE_BYTES) {
            Ok(bytes) => bytes,
            Err(Unreadable::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(empty()),
            Err(e) => return Err(Unusable(format!("the state file could not be read ({e})"))),
        };
        let file: StateFile = serde_json::from_slice(&bytes)
            .map_err(|e| Unusable(format!("the state file is damaged ({e})")))?;
        if file.version > VERSION {
            return Err(Unusable(format!(
                "the state file is from a newer brief (format {}, this one reads {VERSION})",
                file.version
            )));
        }
        let now = now_ms();
        let articles = file.articles.into_iter().map(|(id, r)| (id, r.settled(now))).collect();
        // Text from a file, for the prompt: sanitized like any other.
        let history =
            file.history.iter().map(|q| crate::text::one_line(q)).filter(|q| !q.is_empty()).collect();
        Ok(StateFile { version: file.version, articles, history })
    }

    /// The query history kept by earlier runs (none from an unusable
    /// file, which [`Store::load`] reports).
    pub fn history(&self) -> Vec<String> {
        self.read_file().map(|file| file.history).unwrap_or_default()
    }

    /// Keeps `history` (most recent last) with what other windows kept:
    /// their queries first, then these, the newest at most `keep`.
    pub fn save_history(&self, history: &[String], keep: usize) -> io::Result<()> {
        self.rewrite(|file| {
            file.history.retain(|q| !history.contains(q));
            file.history.extend(history.iter().cloned());
            let extra = file.history.len().saturating_sub(keep);
            file.history.drain(..extra);
        })
        .map(drop)
    }

    /// Renames the file to `state.json.unusable-<time>`, so nothing is lost
    /// (not even a file set aside a moment before).
    fn set_aside(&self) -> io::Result<PathBuf> {
        let now = now_ms();
        let aside = (0..)
            .map(|n| match n {
                0 => self.path.with_extension(format!("json.unusable-{now}")),
                n => self.path.with_extension(format!("json.unusable-{now}-{n}")),
            })
            .find(|p| fs::symlink_metadata(p).is_err())
            .expect("a free name");
        fs::rename(&self.path, &aside)?;
        Ok(aside)
    }

    /// Saves what changed from `before` (the marks as last loaded or
    /// saved) to `after`, merged field by field with what is on disk
    /// (another brief may have written since), atomically. Returns the
    /// merged marks.
    pub fn save(&self, before: &Marks, after: &Marks) -> io::Result<Marks> {
        let unmarked = Mark::default();
        let file = self.rewrite(|file| {
            for (id, mark) in after {
                let was = before.get(id).unwrap_or(&unmarked);
                if was != mark {
                    let record =
                        file.articles.entry(id.clone()).or_insert_with(|| Record::default().settled(0));
                    record.apply(was, mark);
                }
            }
        })?;
        Ok(file.articles.iter().map(|(id, r)| (id.clone(), r.mark())).collect())
    }

    /// Changes the file under the lock: reads what is on disk (another
    /// brief may have written since), applies `change`, writes it back
    /// atomically, and returns what was written.
    fn rewrite(&self, change: impl FnOnce(&mut StateFile)) -> io::Result<StateFile> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let _lock = Lock::acquire(&self.path.with_extension("json.lock"))?;
        let mut file = match self.read_file() {
            Ok(on_disk) => on_disk,
            // Never overwrite what we cannot read: keep it aside first.
            Err(Unusable(_)) => {
                self.set_aside()?;
                StateFile { version: VERSION, articles: BTreeMap::new(), history: Vec::new() }
            }
        };
        file.version = VERSION;
        change(&mut file);
        // Compact: a third smaller than pretty, so more marks fit the limit.
        let text = serde_json::to_string(&file).map_err(io::Error::other)?;
        write_atomically(&self.path, text.as_bytes())?;
        Ok(file)
    }
}

struct Unusable(String);

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(read: bool, updated: u64) -> Mark {
        Mark { read, updated, ..Mark::default() }
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("state.json"));
        (dir, store)
    }

    #[test]
    fn the_query_history_is_kept_beside_the_marks_and_merged() {
        let (_dir, store) = store();
        store.save_history(&["harbour".into(), "\"night train\"".into()], 3).unwrap();
        // Saving marks keeps it.
        store.save(&Marks::new(), &Marks::from([("a".into(), mark(true, 1))])).unwrap();
        assert_eq!(store.history(), ["harbour", "\"night train\""]);
        // Another window's queries come after; a repeat moves to the end;
        // the oldest go past the limit.
        store.save_history(&["harbour".into(), "ferry".into()], 3).unwrap();
        assert_eq!(store.history(), ["\"night train\"", "harbour", "ferry"]);
        store.save_history(&["tram".into()], 3).unwrap();
        assert_eq!(store.history(), ["harbour", "ferry", "tram"]);
        assert!(store.load().0["a"].read, "marks are untouched");
    }

    #[test]
    fn round_trip() {
        let (_dir, store) = store();
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
        store.save(&Marks::new(), &marks).unwrap();
        let (loaded, warning) = store.load();
        assert_eq!(loaded, marks);
        assert!(warning.is_none());
    }

    #[test]
    fn merging_keeps_the_newest_entry_and_both_sides_marks() {
        let (_dir, store) = store();
        let none = Marks::new();
        store
            .save(&none, &Marks::from([("a".into(), mark(true, 10)), ("b".into(), mark(true, 10))]))
            .unwrap();
        // Another process, which loaded before "a" and "b" were saved, and
        // marked "b" read and then unread again, earlier.
        let before = Marks::from([("b".into(), mark(true, 4))]);
        let after = Marks::from([("b".into(), mark(false, 5)), ("c".into(), mark(true, 20))]);
        let merged = store.save(&before, &after).unwrap();
        assert!(merged["a"].read, "kept from disk");
        assert!(merged["b"].read, "the newer value wins");
        assert!(merged["c"].read);
    }

    #[test]
    fn two_windows_changing_different_fields_of_one_article_keep_both() {
        let (_dir, store) = store();
        let loaded = Marks::from([("a".into(), mark(false, 1))]);
        store.save(&Marks::new(), &loaded).unwrap();
        // Both windows loaded `a` unread and unbookmarked. A marks it read,
        // then B (which knows nothing of that) bookmarks it.
        let read = Marks::from([("a".into(), Mark { read: true, updated: 10, ..Mark::default() })]);
        store.save(&loaded, &read).unwrap();
        let bookmarked =
            Marks::from([("a".into(), Mark { bookmarked: true, updated: 11, ..Mark::default() })]);
        store.save(&loaded, &bookmarked).unwrap();
        let a = &store.load().0["a"];
        assert!(a.read && a.bookmarked, "{a:?}");
    }

    #[test]
    fn a_file_with_one_time_per_record_is_read_as_that_time_for_each_field() {
        let (_dir, store) = store();
        fs::write(
            store.path(),
            r#"{"version": 1, "articles": {"a": {"read": true, "bookmarked": true, "updated": 50}}}"#,
        )
        .unwrap();
        let loaded = store.load().0;
        assert_eq!(loaded["a"], Mark { read: true, bookmarked: true, position: None, updated: 50 });
        // An older change to `read` loses to the file's; a newer change to
        // `bookmarked` wins; each on its own.
        let stale = Marks::from([(
            "a".into(),
            Mark { read: false, bookmarked: true, updated: 40, ..Mark::default() },
        )]);
        store.save(&loaded, &stale).unwrap();
        let newer = Marks::from([(
            "a".into(),
            Mark { read: true, bookmarked: false, updated: 60, ..Mark::default() },
        )]);
        store.save(&loaded, &newer).unwrap();
        let a = &store.load().0["a"];
        assert!(a.read && !a.bookmarked, "{a:?}");
        let text = fs::read_to_string(store.path()).unwrap();
        assert!(text.contains("\"read_at\":50") && text.contains("\"bookmarked_at\":60"), "{text}");
    }

    #[test]
    fn a_time_in_the_future_does_not_freeze_a_mark() {
        let (_dir, store) = store();
        store.save(&Marks::new(), &Marks::from([("a".into(), mark(true, 1))])).unwrap();
        let loaded = store.load().0;
        // Meanwhile a machine whose clock is years ahead writes the mark.
        let future = now_ms() + 10 * 365 * 24 * 3600 * 1000;
        fs::write(
            store.path(),
            format!(r#"{{"version": 1, "articles": {{"a": {{"read": true, "read_at": {future}, "updated": {future}}}}}}}"#),
        )
        .unwrap();
        // This reader marks it unread, now.
        let unread = Marks::from([("a".into(), mark(false, now_ms()))]);
        store.save(&loaded, &unread).unwrap();
        assert!(!store.load().0["a"].read, "the change was kept");
    }

    #[test]
    fn marks_made_before_the_file_was_read_are_laid_over_it_field_by_field() {
        let loaded = Marks::from([
            ("a".into(), Mark { bookmarked: true, updated: 50, ..Mark::default() }),
            ("b".into(), mark(true, 50)),
        ]);
        let early = Marks::from([("a".into(), mark(true, 10)), ("c".into(), mark(true, 10))]);
        let marks = lay_over(loaded, early);
        assert_eq!(marks["a"], Mark { read: true, bookmarked: true, position: None, updated: 51 });
        assert!(marks["b"].read && marks["c"].read);
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
    fn a_pipe_or_a_huge_file_in_place_of_the_state_is_set_aside_unread() {
        let (dir, store) = store();
        let status = std::process::Command::new("mkfifo").arg(store.path()).status().unwrap();
        assert!(status.success());
        // Reading a pipe with no writer would wait forever.
        let warning = store.load().1.unwrap();
        assert!(warning.contains("named pipe") && warning.contains("moved to"), "{warning}");
        // Sparse: 2 GiB that would all be read into memory.
        fs::File::create(store.path()).unwrap().set_len(2 << 30).unwrap();
        let warning = store.load().1.unwrap();
        assert!(
            warning.contains("too large (2048 MiB; the limit is 128 MiB)") && warning.contains("moved to"),
            "{warning}"
        );
        store.save(&Marks::new(), &Marks::from([("a".into(), mark(true, 1))])).unwrap();
        assert!(store.load().0["a"].read);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 4, "state, lock and the two set aside");
    }

    #[test]
    fn a_pipe_in_place_of_the_lock_fails_the_save_without_blocking() {
        let (_dir, store) = store();
        let lock = store.path().with_extension("json.lock");
        assert!(std::process::Command::new("mkfifo").arg(&lock).status().unwrap().success());
        assert!(store.save(&Marks::new(), &Marks::from([("a".into(), mark(true, 1))])).is_err());
    }
}
