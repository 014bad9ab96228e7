//! What `brief fetch` remembers between runs (`fetch.json` in the state
//! folder): each feed's validators for conditional requests, and a hash
//! of every file it wrote, so a file changed since is known to be the
//! user's and left alone. Also the writing of article files.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::http::Validators;
use crate::fsutil::{Unreadable, read_regular, write_atomically};

const VERSION: u32 = 1;
/// A state file larger than this is not read (a fetch state is a few
/// hundred bytes a feed).
const MAX_STATE_BYTES: u64 = 64 << 20;
/// Article files larger than this are never brief's own (it writes feed
/// items and extracted pages): not read to be compared.
const MAX_ARTICLE_BYTES: u64 = 64 << 20;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FetchState {
    version: u32,
    /// By the fetch folder's path: fetching into another folder starts
    /// afresh there.
    #[serde(default)]
    folders: BTreeMap<String, FolderState>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct FolderState {
    /// By feed address.
    #[serde(default)]
    pub feeds: BTreeMap<String, FeedState>,
    /// By path relative to the fetch folder.
    #[serde(default)]
    pub files: BTreeMap<String, Written>,
}

/// What is known of a feed from its last fetch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedState {
    #[serde(flatten)]
    pub validators: Validators,
    /// The feed's own title, to name it when it answers 304.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether the pages behind its teasers were asked for: when they are
    /// first asked for, the feed is fetched whole again to get them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub full_text: bool,
}

/// A file as brief wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    /// The hash of the file's bytes.
    pub file: String,
    /// The hash of the item it was made from, as the feed gave it: when
    /// the feed changes the item, the file is written again.
    pub item: String,
}

/// A hash as the state keeps it (hex: JSON numbers lose 64-bit precision
/// in some readers).
pub fn hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxh3_64(bytes))
}

impl FetchState {
    /// Reads the state at `path`. A missing file is a first fetch; one
    /// that cannot be used is reported and replaced by the next save,
    /// which costs one unconditional fetch of each feed.
    pub fn load(path: &Path) -> (FetchState, Option<String>) {
        let bytes = match read_regular(path, MAX_STATE_BYTES) {
            Ok(bytes) => bytes,
            Err(Unreadable::Io(e)) if e.kind() == io::ErrorKind::NotFound => {
                return (FetchState { version: VERSION, ..FetchState::default() }, None);
            }
            Err(e) => return (FetchState::fresh(), Some(format!("{}: not read ({e})", path.display()))),
        };
        match serde_json::from_slice::<FetchState>(&bytes) {
            Ok(state) if state.version <= VERSION => (state, None),
            Ok(state) => (
                FetchState::fresh(),
                Some(format!("{}: from a newer brief (format {})", path.display(), state.version)),
            ),
            Err(e) => {
                (FetchState::fresh(), Some(format!("{}: damaged ({e}); starting afresh", path.display())))
            }
        }
    }

    fn fresh() -> FetchState {
        FetchState { version: VERSION, ..FetchState::default() }
    }

    pub fn folder(&self, folder: &Path) -> FolderState {
        self.folders.get(&key(folder)).cloned().unwrap_or_default()
    }

    /// Saves the state with `state` as the one of `folder`.
    pub fn save_folder(&mut self, path: &Path, folder: &Path, state: &FolderState) -> io::Result<()> {
        self.folders.insert(key(folder), state.clone());
        self.save(path)
    }

    pub fn save(&self, path: &Path) -> io::Result<()> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let bytes = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        write_atomically(path, &bytes)
    }
}

fn key(folder: &Path) -> String {
    folder.to_string_lossy().into_owned()
}

/// The file names in `dir` that end in an item key (see
/// [`super::render::key_of_name`]), by key: an item found again keeps its
/// file even if its title, and so the name it would get now, changed.
pub fn names_by_key(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = fs::read_dir(dir) else { return BTreeMap::new() };
    entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|name| Some((super::render::key_of_name(&name)?.to_string(), name)))
        .collect()
}

/// What is at a path where an article file goes.
pub enum OnDisk {
    Nothing,
    /// The hash of the file's bytes.
    File(String),
    /// Something brief will not compare or replace (a folder, a pipe, a
    /// file too large).
    Other,
}

pub fn on_disk(path: &Path) -> OnDisk {
    match read_regular(path, MAX_ARTICLE_BYTES) {
        Ok(bytes) => OnDisk::File(hash(&bytes)),
        Err(Unreadable::Io(e)) if e.kind() == io::ErrorKind::NotFound => OnDisk::Nothing,
        Err(_) => OnDisk::Other,
    }
}

/// Writes an article file through a temporary file and a rename, so a
/// fetch stopped at any point leaves whole files only.
pub fn write_article(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    write_atomically(path, text.as_bytes())
}

/// Removes the temporary files a fetch that was killed left in `dir`
/// (hidden `.brief-*.tmp`, see [`crate::fsutil::write_atomically`]). Only
/// under the fetch lock, so never another fetch's file in the making.
pub fn remove_leftovers(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".brief-") && n.ends_with(".tmp"))
        })
        .filter(|p| fs::remove_file(p).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_survives_a_save_and_a_damaged_one_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/fetch.json");
        let (mut state, warning) = FetchState::load(&path);
        assert!(warning.is_none());
        let mut folder = FolderState::default();
        let validators = Validators { etag: Some("\"x\"".into()), last_modified: None };
        folder
            .feeds
            .insert("https://e/f".into(), FeedState { validators, title: Some("F".into()), full_text: true });
        folder.files.insert("a.md".into(), Written { file: hash(b"a"), item: hash(b"i") });
        state.save_folder(&path, Path::new("/news"), &folder).unwrap();
        assert_eq!(FetchState::load(&path).0.folder(Path::new("/news")), folder);
        assert_eq!(FetchState::load(&path).0.folder(Path::new("/other")), FolderState::default());
        fs::write(&path, b"{not json").unwrap();
        let (state, warning) = FetchState::load(&path);
        assert!(warning.unwrap().contains("damaged"));
        assert_eq!(state.folder(Path::new("/news")), FolderState::default());
    }

    #[test]
    fn leftovers_of_a_killed_fetch_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".brief-abc.tmp"), b"half").unwrap();
        fs::write(dir.path().join("story-0123456789ab.md"), b"whole").unwrap();
        fs::write(dir.path().join("mine.tmp"), b"mine").unwrap();
        assert_eq!(remove_leftovers(dir.path()).len(), 1);
        let mut names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, ["mine.tmp", "story-0123456789ab.md"]);
        assert_eq!(
            names_by_key(dir.path()).get("0123456789ab").map(String::as_str),
            Some("story-0123456789ab.md")
        );
    }
}
