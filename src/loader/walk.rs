//! Finding article files: a folder walked on every core.
//!
//! At 100,000 files a start with a warm index cache is mostly this walk
//! (the cache is only believed for files whose size and time it checks),
//! and walking one entry at a time left one core idle while the other
//! waited on `stat`. Each folder's entries are listed, then classified and
//! stat'ed in parallel, sub-folders walked the same way; the results keep
//! the order a one-thread walk finds them in (folder by folder, entries in
//! the order the folder lists them), so the index cache, written in that
//! order, is matched in one pass.
//!
//! The rules are those of any walk brief makes (loading and the live
//! collection): symbolic links are followed, a link back to a folder
//! being walked is reported and not followed, hidden names are skipped
//! below the folder opened, so are the folders of images and scripts a
//! browser saves beside a page (`story_files` beside `story.html`), and
//! anything that is neither a folder nor a
//! regular file is reported rather than opened.

use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::{Found, io_reason, is_article_name, not_regular_reason};
use crate::collection::{FileIssue, IssueKind};

/// What walking a folder found, in walk order.
pub(crate) enum Item {
    File(Found),
    Issue(FileIssue),
}

/// A file's identity, for telling two links to one file apart.
pub(crate) type FileKey = (u64, u64);

/// The files seen so far, by identity (hashed cheaply: a set of a
/// hundred thousand took a tenth of the walk with the default hasher).
pub(crate) type Seen = rustc_hash::FxHashSet<FileKey>;

/// Walks the folder `dir` under the opened `root`.
pub(crate) fn walk(dir: &Path, root: &Path, meta: &fs::Metadata) -> Vec<Item> {
    let mut items = Vec::new();
    walk_into(dir, root, &[key_of(meta)], &mut items);
    items
}

fn walk_into(dir: &Path, root: &Path, ancestors: &[Option<FileKey>], items: &mut Vec<Item>) {
    let entries = match list(dir) {
        Ok(entries) => entries,
        Err(e) => {
            items.push(Item::Issue(super::issue(dir, IssueKind::Skipped, io_reason(&e))));
            return;
        }
    };
    // The folder's name is every file's source in it: made once, not per file.
    let folder = super::folder_of(&dir.join("_"), root);
    // Entries a few dozen at a time, each share's items in one list (a
    // list per entry cost an allocation per file).
    let found: Vec<Vec<Item>> = entries
        .par_chunks(64)
        .map(|share| {
            let mut out = Vec::with_capacity(share.len());
            for (dirent, kind) in share {
                entry(dirent, *kind, root, ancestors, &folder, &mut out);
            }
            out
        })
        .collect();
    items.extend(found.into_iter().flatten());
}

/// A folder's entries, hidden names left out, with their kinds as the
/// listing gives them (no `stat` yet).
fn list(dir: &Path) -> io::Result<Vec<(fs::DirEntry, Result<fs::FileType, ()>)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().into_encoded_bytes();
        if name.starts_with(b".") {
            continue;
        }
        let kind = entry.file_type().map_err(drop);
        entries.push((name, entry, kind));
    }
    // Only a `_files` name can be a saved page's assets: without one, the
    // folder needs no set of names.
    let assets: Vec<bool> = if entries.iter().any(|(name, _, _)| super::is_page_assets(name, |_| true)) {
        let names: rustc_hash::FxHashSet<&[u8]> = entries.iter().map(|(n, _, _)| n.as_slice()).collect();
        entries.iter().map(|(name, _, _)| super::is_page_assets(name, |page| names.contains(page))).collect()
    } else {
        vec![false; entries.len()]
    };
    Ok(entries
        .into_iter()
        .zip(assets)
        .filter(|(_, assets)| !assets)
        .map(|((_, e, kind), _)| (e, kind))
        .collect())
}

fn entry(
    dirent: &fs::DirEntry,
    kind: Result<fs::FileType, ()>,
    root: &Path,
    ancestors: &[Option<FileKey>],
    folder: &Option<std::sync::Arc<str>>,
    out: &mut Vec<Item>,
) {
    let path = dirent.path();
    let skip = |path: &Path, reason: String| Item::Issue(super::issue(path, IssueKind::Skipped, reason));
    // A link is what it points to; its kind comes from a stat that follows it.
    let (kind, meta) = match kind {
        Ok(kind) if kind.is_symlink() || kind.is_dir() => match fs::metadata(&path) {
            Ok(meta) => (meta.file_type(), Some(meta)),
            Err(e) if e.kind() == io::ErrorKind::NotFound && kind.is_symlink() => {
                return out.push(skip(&path, "dangling symbolic link".into()));
            }
            Err(e) => return out.push(skip(&path, io_reason(&e))),
        },
        Ok(kind) => (kind, None),
        Err(()) => match fs::metadata(&path) {
            Ok(meta) => (meta.file_type(), Some(meta)),
            Err(e) => return out.push(skip(&path, io_reason(&e))),
        },
    };
    if kind.is_dir() {
        let key = meta.as_ref().and_then(key_of);
        if key.is_some() && ancestors.contains(&key) {
            return out.push(skip(&path, "symbolic link loop, not followed".into()));
        }
        let mut below = ancestors.to_vec();
        below.push(key);
        walk_into(&path, root, &below, out);
    } else if !kind.is_file() {
        out.push(skip(&path, not_regular_reason(&kind)));
    } else if is_article_name(&path) {
        // A file that vanishes now is reported when it is read. Not a
        // link, so the entry's own stat (relative to its open folder: no
        // lookup of the whole path) is the file's.
        let meta = meta.or_else(|| dirent.metadata().ok());
        let stamp = meta.as_ref().map(super::stamp_of);
        let key = meta.as_ref().and_then(key_of);
        out.push(Item::File(Found { path, folder: folder.clone(), stamp, key }));
    }
}

#[cfg(unix)]
pub(crate) fn key_of(meta: &fs::Metadata) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
pub(crate) fn key_of(_meta: &fs::Metadata) -> Option<FileKey> {
    None
}
