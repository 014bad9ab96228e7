//! Finds article files, reads them in parallel and parses them into a
//! [`Collection`]. One bad file never stops loading: it is recorded in
//! [`Collection::issues`] with a one-line reason.

pub mod decode;
pub mod feed;
pub mod html;
pub mod markdown;
pub mod txt;
mod walk;

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::article::{Article, ArticleText, Origin, Stamp};
pub use crate::collection::{
    Batch, Collection, FileIssue, FileLoad, IssueKind, date_order, sort_articles, sort_articles_as,
    sort_by_date,
};
use crate::error::{Error, Result};
use crate::search::index::{Index, Part};
use crate::text::{one_line, printable, sanitize};

/// Files larger than this are skipped rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// How much of a file is inspected for NUL bytes to tell binary from text.
const SNIFF_BYTES: usize = 8192;

/// What a text or Markdown file says, before it becomes an [`Article`].
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub title: Option<String>,
    pub meta: crate::article::Meta,
    pub key_points: Vec<String>,
    pub body: Vec<String>,
    /// Styles of the body's blocks (Markdown, and table rows in plain text).
    pub styles: Vec<crate::article::BlockStyle>,
    /// Things that were wrong but recoverable, for `brief check`.
    pub notes: Vec<String>,
    /// The body as earlier versions read it (every non-blank line a
    /// paragraph, trimmed), when it is read otherwise now (hard-wrapped
    /// lines joined, table rows indented): the article's id is computed
    /// from it, so read marks and bookmarks stay with the article.
    pub legacy_body: Option<Vec<String>>,
    /// An identity the file gives itself (front matter's `id`, which
    /// `brief fetch` writes from the feed item's guid): the article keeps
    /// its id, and so its marks, when its text changes.
    pub id: Option<String>,
}

/// Whether a file found while walking a folder is an article by its name.
/// Files named explicitly on the command line are read whatever their name.
fn is_article_name(path: &Path) -> bool {
    Format::of(path).is_some()
}

/// The article formats, told apart by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Feed,
    Html,
}

impl Format {
    /// The format a file name says, if it names one brief reads.
    pub fn of(path: &Path) -> Option<Format> {
        // Asked of every file a walk finds: compared in place, not lowered
        // into a new string.
        const NAMED: [(&str, Format); 9] = [
            ("txt", Format::Text),
            ("md", Format::Markdown),
            ("markdown", Format::Markdown),
            ("xml", Format::Feed),
            ("rss", Format::Feed),
            ("atom", Format::Feed),
            ("json", Format::Feed),
            ("html", Format::Html),
            ("htm", Format::Html),
        ];
        let ext = path.extension()?.as_encoded_bytes();
        NAMED.iter().find(|(named, _)| ext.eq_ignore_ascii_case(named.as_bytes())).map(|&(_, format)| format)
    }
}

/// The stamp of a file as its metadata gives it.
pub fn stamp_of(meta: &fs::Metadata) -> Stamp {
    let since = meta.modified().ok().and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok());
    Stamp { size: meta.len(), modified_ns: since.map_or(0, |d| d.as_nanos()) }
}

/// A file to read, and the folder it sits in relative to the path that
/// was opened: the source of its articles when they do not name one.
struct Found {
    path: PathBuf,
    /// Shared by every file of the folder: one string per folder, not per file.
    folder: Option<Arc<str>>,
    /// As seen while walking, to compare with the index cache.
    stamp: Option<Stamp>,
    /// The file's identity, so that one reached by two links is read once.
    key: Option<walk::FileKey>,
}

/// Loads every article under `paths` (files or folders, walked recursively).
///
/// Fails only when a path given does not exist; everything else that goes
/// wrong with a file is recorded in the collection's issues.
pub fn load(paths: &[PathBuf]) -> Result<Collection> {
    let mut issues = Vec::new();
    let mut files = Vec::new();
    let mut seen = walk::Seen::default();
    for root in paths {
        discover(root, &mut files, &mut issues, &mut seen)?;
    }
    let read = read_all(&files, &mut issues);
    // Words counted here: this path does not index while reading.
    let mut articles: Vec<Arc<Article>> = read
        .into_par_iter()
        .map(|mut a| {
            a.words = crate::search::article_words(&a);
            Arc::new(a)
        })
        .collect();
    sort_articles(&mut articles);
    Ok(Collection { articles, issues })
}

/// A collection loaded as the reader loads it (see [`load_indexed`]).
pub struct Loaded {
    /// In the order the index numbers them (not display order); bodies
    /// are not held.
    pub collection: Collection,
    pub index: Arc<Index>,
    /// Whether the index is the cached one as it was: nothing new to cache.
    pub from_cache: bool,
    /// The display order the cache recorded, when it is the cache as it was.
    pub order: Option<Vec<u32>>,
}

/// Loads every article under `paths` as the reader does: from the index
/// cache (read by `cached`) where its files are unchanged, the rest read
/// and indexed batch by batch, their bodies let go; then one index of all.
/// Fails only when a path given does not exist.
pub fn load_indexed(
    paths: &[PathBuf],
    cached: impl FnOnce() -> Option<crate::cache::Cached> + Send,
) -> Result<Loaded> {
    check_paths(paths)?;
    let (mut articles, mut issues, mut parts, mut from_cache) = (Vec::new(), Vec::new(), Vec::new(), false);
    let mut order = None;
    load_streaming(paths, cached, |batch| {
        order = order.take().or(batch.order);
        if !batch.gone.is_empty() {
            drop_files(&mut articles, &mut parts, &batch.gone);
            from_cache = false;
        }
        if let Some(mut part) = batch.part {
            let base = articles.len() as u32;
            part.place.iter_mut().flatten().for_each(|at| *at += base);
            parts.push(part);
        }
        from_cache |= batch.from_cache;
        articles.extend(batch.articles);
        issues.extend(batch.issues);
    });
    let from_cache = from_cache && parts.len() == 1;
    let index = Index::assemble(&articles, parts);
    let order = order.filter(|_| from_cache);
    Ok(Loaded { collection: Collection { articles, issues }, index, from_cache, order })
}

/// Takes the articles of the files `gone` out of `articles`, and out of
/// the `parts` that place them.
fn drop_files(articles: &mut Vec<Arc<Article>>, parts: &mut [Part], gone: &[PathBuf]) {
    let gone: HashSet<&Path> = gone.iter().map(PathBuf::as_path).collect();
    let mut now = Vec::with_capacity(articles.len());
    let mut kept = 0u32;
    articles.retain(|a| {
        let keep = !matches!(&a.origin, Origin::File(path) if gone.contains(path.as_path()));
        now.push(keep.then_some(kept));
        kept += u32::from(keep);
        keep
    });
    for part in parts {
        for at in &mut part.place {
            *at = at.and_then(|i| now[i as usize]);
        }
    }
}

/// The folder `path` sits in, relative to the opened `root`; none for a
/// file directly in it.
fn folder_of(path: &Path, root: &Path) -> Option<Arc<str>> {
    path.parent()
        .and_then(|p| p.strip_prefix(root).ok())
        // A folder's name becomes an article's source: text like any other.
        .map(|p| one_line(&p.to_string_lossy()))
        .filter(|p| !p.is_empty())
        .map(Arc::from)
}

/// Reads one file under the opened `root` (or named as `root` itself).
pub fn load_file(path: &Path, root: &Path) -> FileLoad {
    let found = Found { path: path.to_path_buf(), folder: folder_of(path, root), stamp: None, key: None };
    match read_found(&found).map(counted) {
        Ok((articles, notes)) => FileLoad {
            articles: articles.into_iter().map(Arc::new).collect(),
            issue: (!notes.is_empty()).then(|| issue(path, IssueKind::Repaired, notes.join("; "))),
        },
        Err(reason) => {
            FileLoad { articles: Vec::new(), issue: Some(issue(path, IssueKind::Skipped, reason)) }
        }
    }
}

/// Whether a file found in a folder is one brief reads: an article
/// extension and no hidden part (editors' swap and temporary files are),
/// nor in the folder of a saved page's images (see [`is_page_assets`]).
pub fn is_watched_file(path: &Path, root: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return path == root || is_article_name(path) };
    let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let assets = rel.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()).any(|a| {
        let folder = root.join(a);
        let parent = folder.parent().unwrap_or(root);
        let name = a.file_name().map(|n| n.as_encoded_bytes()).unwrap_or_default();
        is_page_assets(name, |page| parent.join(&*String::from_utf8_lossy(page)).exists())
    });
    !hidden && !assets && (path == root || is_article_name(path))
}

/// Whether a folder named `name` holds a saved page's images, styles and
/// frames: a browser saving `story.html` "complete" puts them in
/// `story_files` beside it. Its frames are `.html` files too, but ads and
/// widgets, never the story. `has_page` says whether the folder it sits
/// in has a file of the name given (`story.html`, `story.htm`).
fn is_page_assets(name: &[u8], has_page: impl Fn(&[u8]) -> bool) -> bool {
    let cut = name.len().saturating_sub(6);
    let stem = &name[..cut];
    !stem.is_empty()
        && name[cut..].eq_ignore_ascii_case(b"_files")
        && [&b".html"[..], b".htm"].iter().any(|ext| has_page(&[stem, *ext].concat()))
}

/// The article files in the folder `dir` under the opened `root`, found
/// by the walk a load makes (for folders that appear while brief runs).
pub fn article_files(dir: &Path, root: &Path) -> Vec<PathBuf> {
    let Ok(meta) = fs::metadata(dir) else { return Vec::new() };
    let mut seen = walk::Seen::default();
    walk::walk(dir, root, &meta)
        .into_iter()
        .filter_map(|item| match item {
            walk::Item::File(found) if found.key.is_none_or(|key| seen.insert(key)) => Some(found.path),
            _ => None,
        })
        .filter(|path| is_watched_file(path, root))
        .collect()
}

/// Articles with their words counted, when they are not indexed as they
/// are read (see [`load_streaming`], which counts while indexing).
fn counted((mut articles, notes): (Vec<Article>, Vec<String>)) -> (Vec<Article>, Vec<String>) {
    for a in &mut articles {
        a.words = crate::search::article_words(a);
    }
    (articles, notes)
}

/// Reads and parses files on every core; a file that could not be read,
/// or was repaired, is recorded in `issues`, in the files' order.
fn read_all(files: &[Found], issues: &mut Vec<FileIssue>) -> Vec<Article> {
    let results: Vec<_> = files.par_iter().map(read_found).collect();
    let mut articles = Vec::new();
    for (found, result) in files.iter().zip(results) {
        match result {
            Ok((new, notes)) => {
                if !notes.is_empty() {
                    issues.push(issue(&found.path, IssueKind::Repaired, notes.join("; ")));
                }
                articles.extend(new);
            }
            Err(reason) => issues.push(issue(&found.path, IssueKind::Skipped, reason)),
        }
    }
    articles
}

/// Reads and parses one found file, giving its articles the folder's name
/// as their source when they have none.
fn read_found(found: &Found) -> Result<(Vec<Article>, Vec<String>), String> {
    let origin = Origin::File(found.path.clone());
    let (bytes, meta) = read_regular_file(&found.path)?;
    let (articles, notes) = parse_bytes(origin, &bytes, meta.modified().ok())?;
    // The stamp of what was read (from the open file), not of what the
    // walk saw: the cache must never pair old text with a new stamp.
    let stamp = stamp_of(&meta);
    let mut articles: Vec<Article> = articles.into_iter().map(|a| a.with_stamp(stamp)).collect();
    if let Some(folder) = &found.folder {
        for a in articles.iter_mut().filter(|a| a.meta.source.is_none()) {
            a.meta.source = Some(folder.to_string());
        }
    }
    Ok((articles, notes))
}

/// The body of the article `id` from `origin`, read again: the text of
/// the article in it with the same id. When the file has changed or gone
/// since, a one-paragraph note says so (the live collection brings the new
/// version).
pub fn read_body(origin: &Origin, id: &str) -> Arc<ArticleText> {
    let parsed = match origin {
        Origin::File(path) => articles_of(path),
        Origin::Embedded(name) => crate::samples::SAMPLES
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(|| "no such sample".to_string())
            .and_then(|&(_, bytes)| parse_bytes(origin.clone(), bytes, None))
            .map(|(articles, _)| Arc::new(articles)),
    };
    let found =
        parsed.ok().and_then(|articles| articles.iter().find(|a| a.id == id).and_then(|a| a.body.clone()));
    found.unwrap_or_else(|| {
        Arc::new(ArticleText {
            body: vec!["(This article's file has changed or cannot be read since it was loaded.)".into()],
            styles: Vec::new(),
        })
    })
}

/// The feed whose articles were read last, with its file's stamp then.
/// Reading items one after another (`j`, `j`, `j`) would otherwise parse
/// the whole feed for each: 2 s a step at 100,000 items.
static LAST_FEED: std::sync::Mutex<Option<LastFeed>> = std::sync::Mutex::new(None);

/// A feed's path, its file's stamp, and the articles parsed from it.
type LastFeed = (PathBuf, Stamp, Arc<Vec<Article>>);

/// The articles in the file at `path`, with their bodies: a feed read
/// last and unchanged since (same size and modification time, from the
/// open file) is not parsed again.
fn articles_of(path: &Path) -> Result<Arc<Vec<Article>>, String> {
    let (file, meta) = open_article(path)?;
    let stamp = stamp_of(&meta);
    let feed = Format::of(path) == Some(Format::Feed);
    let last = || LAST_FEED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if feed
        && let Some((p, s, articles)) = &*last()
        && p == path
        && *s == stamp
    {
        return Ok(Arc::clone(articles));
    }
    let bytes = read_opened(file, &meta)?;
    let (articles, _) = parse_bytes(Origin::File(path.to_path_buf()), &bytes, meta.modified().ok())?;
    let articles = Arc::new(articles);
    if feed {
        *last() = Some((path.to_path_buf(), stamp, Arc::clone(&articles)));
    }
    Ok(articles)
}

/// Loads the sample articles built into the binary.
pub fn load_samples() -> Collection {
    let mut collection = Collection::default();
    for &(name, bytes) in crate::samples::SAMPLES {
        match parse_bytes(Origin::Embedded(name), bytes, None) {
            Ok(read) => collection.articles.extend(counted(read).0.into_iter().map(Arc::new)),
            Err(reason) => collection.issues.push(issue(
                Path::new(&Origin::Embedded(name).display()),
                IssueKind::Skipped,
                reason,
            )),
        }
    }
    sort_articles(&mut collection.articles);
    collection
}

/// An issue as it will be printed: a file's name and a parser's message
/// (which may quote the file) are made printable here, once.
fn issue(path: &Path, kind: IssueKind, reason: impl AsRef<str>) -> FileIssue {
    FileIssue {
        path: printable(&path.display().to_string()).into_owned(),
        kind,
        reason: printable(reason.as_ref()).into_owned(),
    }
}

/// Collects article files under `root`, recording what cannot be read.
fn discover(
    root: &Path,
    files: &mut Vec<Found>,
    issues: &mut Vec<FileIssue>,
    seen: &mut walk::Seen,
) -> Result<()> {
    let meta = match fs::metadata(root) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(root).is_ok() {
                issues.push(issue(root, IssueKind::Skipped, "dangling symbolic link"));
                return Ok(());
            }
            return Err(Error::PathNotFound(root.to_path_buf()));
        }
        Err(e) => return Err(Error::Path { path: root.to_path_buf(), source: e }),
    };
    if meta.is_file() {
        let key = walk::key_of(&meta);
        if key.is_none_or(|key| seen.insert(key)) {
            files.push(Found { path: root.to_path_buf(), folder: None, stamp: Some(stamp_of(&meta)), key });
        }
        return Ok(());
    }
    if !meta.is_dir() {
        issues.push(issue(root, IssueKind::Skipped, not_regular_reason(&meta.file_type())));
        return Ok(());
    }
    for item in walk::walk(root, root, &meta) {
        match item {
            walk::Item::File(found) => {
                if found.key.is_none_or(|key| seen.insert(key)) {
                    files.push(found);
                }
            }
            walk::Item::Issue(issue) => issues.push(issue),
        }
    }
    Ok(())
}

fn not_regular_reason(kind: &fs::FileType) -> String {
    crate::fsutil::Unreadable::Special(crate::fsutil::special_kind(kind)).to_string()
}

fn io_reason(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "vanished during the scan".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

/// Reads a file only if it is a regular file when opened. Opening without
/// blocking means a named pipe swapped in after the scan cannot hang us.
fn read_regular_file(path: &Path) -> Result<(Vec<u8>, fs::Metadata), String> {
    let (file, meta) = open_article(path)?;
    Ok((read_opened(file, &meta)?, meta))
}

/// Opens an article file: a regular file within [`MAX_FILE_BYTES`].
fn open_article(path: &Path) -> Result<(fs::File, fs::Metadata), String> {
    use crate::fsutil::{Unreadable, open_regular};
    open_regular(path, MAX_FILE_BYTES).map_err(|e| match e {
        Unreadable::Io(e) => io_reason(&e),
        other => other.to_string(),
    })
}

/// Reads an opened article file (see [`open_article`]).
fn read_opened(file: fs::File, meta: &fs::Metadata) -> Result<Vec<u8>, String> {
    // The first block decides whether the file is text, before the rest
    // is read (or memory found for it): a large binary file costs one block.
    let mut file = file.take(MAX_FILE_BYTES);
    let mut bytes = Vec::new();
    (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut bytes).map_err(|e| io_reason(&e))?;
    sniff(&bytes)?;
    bytes.reserve((meta.len() as usize).saturating_sub(bytes.len()));
    file.read_to_end(&mut bytes).map_err(|e| io_reason(&e))?;
    Ok(bytes)
}

/// Refuses bytes whose first block has a NUL: a binary file, not text,
/// unless a UTF-16 byte-order mark says it is text with NULs in it.
fn sniff(bytes: &[u8]) -> Result<(), String> {
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    match !utf16 && bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0) {
        true => Err("binary file (contains NUL bytes)".to_string()),
        false => Ok(()),
    }
}

/// Turns a file's bytes into articles (one, or one per feed item), with
/// notes about any repairs, or the reason the file cannot be read.
pub fn parse_bytes(
    origin: Origin,
    bytes: &[u8],
    modified: Option<SystemTime>,
) -> Result<(Vec<Article>, Vec<String>), String> {
    if bytes.is_empty() {
        return Err("empty file".to_string());
    }
    sniff(bytes)?;
    let format = match &origin {
        Origin::File(path) => Format::of(path).unwrap_or(Format::Text),
        Origin::Embedded(name) => Format::of(Path::new(name)).unwrap_or(Format::Text),
    };
    // A browser saves a feed it shows as a page under the page's name.
    let format = match format {
        Format::Html if feed::looks_like_feed(bytes) => Format::Feed,
        format => format,
    };
    if format == Format::Feed {
        // Feeds declare their own encoding: feed-rs reads the bytes.
        let items = feed::parse(bytes)?;
        if items.is_empty() {
            return Err("feed has no items".to_string());
        }
        let mut notes = std::collections::BTreeMap::<&str, usize>::new();
        for note in items.iter().filter_map(|item| item.note) {
            *notes.entry(note).or_default() += 1;
        }
        let notes =
            notes.into_iter().map(|(note, n)| format!("{note} ({n} of {} items)", items.len())).collect();
        let articles = items
            .into_iter()
            .map(|item| Article::new(origin.clone(), item.title, item.meta, Vec::new(), item.body, modified))
            .collect();
        return Ok((articles, notes));
    }
    let kind = if format == Format::Html { decode::Kind::Html } else { decode::Kind::Text };
    let decoded = decode::decode(bytes, kind, None);
    let mut notes = Vec::new();
    if decoded.replaced > 0 {
        if decoded.replaced * 10 > decoded.text.chars().count() {
            return Err(format!("binary file (mostly invalid {})", decoded.encoding));
        }
        notes.push(format!(
            "invalid {}: {} byte sequences replaced with U+FFFD",
            decoded.encoding, decoded.replaced
        ));
    }
    if decoded.encoding != "UTF-8" && is_mostly_controls(&decoded.text) {
        // A legacy encoding maps every byte to something: a binary file
        // without NULs shows itself by its control characters.
        return Err("binary file (mostly control characters)".to_string());
    }
    let parsed = if format == Format::Html {
        // A page's markup is not the user's text: what its scripts and
        // attributes hold is dropped without a note.
        html::parse(&decoded.text)?
    } else {
        let (clean, removed) = sanitize(&decoded.text);
        if removed {
            notes.push("control characters, escape sequences or stray combining marks removed".to_string());
        }
        if clean.trim().is_empty() {
            return Err("no text (only whitespace or control characters)".to_string());
        }
        if format == Format::Markdown { markdown::parse(&clean) } else { txt::parse(&clean) }
    };
    notes.extend(parsed.notes);
    let given = parsed.title.clone();
    let mut article =
        Article::new(origin, parsed.title, parsed.meta, parsed.key_points, parsed.body, modified)
            .with_styles(parsed.styles);
    if let Some(legacy) = parsed.legacy_body {
        article = article.with_id_of(given, &legacy);
    }
    if let Some(id) = parsed.id {
        article = article.with_given_id(&id);
    }
    Ok((vec![article], notes))
}

/// Whether over a tenth of `text` is control characters other than white
/// space.
fn is_mostly_controls(text: &str) -> bool {
    let controls = text.chars().filter(|c| c.is_control() && !c.is_whitespace()).count();
    controls * 10 > text.chars().count()
}

/// Returns memory freed in the middle of the heap to the system. The
/// bodies of a batch are many small blocks freed together; without this
/// glibc keeps their pages, and the process's peak grows with every batch
/// though the live data does not.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// What the walk found that the cached articles do not match: the files
/// whose cached articles are out of date (gone, or changed) and the files
/// to read (changed, or new).
fn stale(cached: &[Arc<Article>], files: Vec<Found>) -> (Vec<PathBuf>, Vec<Found>) {
    if unchanged_in_order(cached, &files) {
        return (Vec::new(), Vec::new());
    }
    // Keyed by the path's bytes: hashing a Path walks its components.
    let mut by_path: rustc_hash::FxHashMap<&[u8], (&Path, Option<Stamp>, bool)> = Default::default();
    by_path.reserve(cached.len());
    for a in cached {
        if let Origin::File(path) = &a.origin {
            by_path.entry(path.as_os_str().as_encoded_bytes()).or_insert((path, a.stamp, false));
        }
    }
    let mut read = Vec::new();
    for file in files {
        match by_path.get_mut(file.path.as_os_str().as_encoded_bytes()) {
            Some((_, stamp, kept)) if stamp.is_some() && *stamp == file.stamp => *kept = true,
            _ => read.push(file),
        }
    }
    let mut gone: Vec<PathBuf> =
        by_path.into_values().filter(|&(_, _, kept)| !kept).map(|(path, _, _)| path.to_path_buf()).collect();
    gone.sort_unstable();
    (gone, read)
}

/// Whether every file is in the cache unchanged, in the order the walk
/// found them: the usual case (the cache was written from a load in walk
/// order), checked in one pass without hashing 100,000 paths.
fn unchanged_in_order(cached: &[Arc<Article>], files: &[Found]) -> bool {
    fn bytes(path: &Path) -> &[u8] {
        path.as_os_str().as_encoded_bytes()
    }
    let mut j = 0;
    for file in files {
        let same_file =
            |a: &Arc<Article>| matches!(&a.origin, Origin::File(p) if bytes(p) == bytes(&file.path));
        match cached.get(j) {
            Some(a) if same_file(a) && a.stamp.is_some() && a.stamp == file.stamp => {}
            _ => return false,
        }
        // A feed's articles share their file.
        while cached.get(j).is_some_and(same_file) {
            j += 1;
        }
    }
    j == cached.len()
}

/// Walks the folders: the files found, and what was skipped.
fn walk_all(paths: &[PathBuf]) -> (Vec<Found>, Vec<FileIssue>) {
    let mut issues = Vec::new();
    let mut files = Vec::new();
    let mut seen = walk::Seen::default();
    for root in paths {
        if let Err(e) = discover(root, &mut files, &mut issues, &mut seen) {
            issues.push(issue(root, IssueKind::Skipped, e.to_string()));
        }
    }
    (files, issues)
}

/// The collection under `paths` in display order from the cached articles
/// alone (read by `cached`, without the index), when the cache holds every
/// file found, unchanged; none when a file must be read. What a command that only
/// lists needs: no body and no index is read.
pub fn load_listed(
    paths: &[PathBuf],
    cached: impl FnOnce() -> Option<crate::cache::Listed> + Send,
) -> Result<Option<Collection>> {
    check_paths(paths)?;
    let ((files, issues), cached) = rayon::join(|| walk_all(paths), cached);
    Ok(cached.filter(|listed| unchanged_in_order(&listed.articles, &files)).map(|listed| {
        let mut articles = listed.articles;
        sort_articles_as(&mut articles, Some(&listed.order));
        Collection { articles, issues }
    }))
}

fn check_paths(paths: &[PathBuf]) -> Result<()> {
    match paths.iter().find(|p| fs::symlink_metadata(p).is_err()) {
        Some(gone) => Err(Error::PathNotFound(gone.clone())),
        None => Ok(()),
    }
}

/// The first batch is small, so the list fills at once; later ones grow to
/// this, since each costs a round of thread hand-offs and its own copy of
/// the vocabulary in its index.
const FIRST_BATCH_FILES: usize = 1024;
const MAX_BATCH_FILES: usize = 16384;

/// Loads like [`load`], but hands over the articles batch by batch as
/// they are read (on this thread, to `deliver`), so a reader can show them
/// at once. The paths must exist (check them first).
///
/// The cache (read by `cached`) is handed over as soon as it is read,
/// with its index, before the folders are walked: a big collection is
/// listed and searchable as it was last time at once. (Walking at the
/// same time, on the same two cores, held the cache back: 0.55-0.8 s
/// against 0.35-0.43 s at 100,000 articles, for a walk that ends 0.1 s
/// later.) When the walk ends, the files whose cached articles are out of
/// date are named in the next batch (`gone`) and the files changed or new
/// are read, batch by batch.
pub fn load_streaming(
    paths: &[PathBuf],
    cached: impl FnOnce() -> Option<crate::cache::Cached>,
    mut deliver: impl FnMut(Batch),
) {
    let start = std::time::Instant::now();
    let cached = cached().map(|cached| {
        let n = cached.articles.len();
        let articles = cached.articles.clone();
        deliver(Batch {
            articles: cached.articles,
            part: Some(Part::whole(Arc::new(cached.index), n)),
            from_cache: true,
            order: Some(cached.order),
            elapsed: start.elapsed(),
            ..Batch::default()
        });
        articles
    });
    let (files, issues) = walk_all(paths);
    // The model's places, made here rather than on its thread.
    let mut places = crate::collection::Places::default();
    for found in &files {
        places.note(&found.path);
    }
    let found = files.len();
    let (gone, files) = match cached {
        Some(cached) => stale(&cached, files),
        None => (Vec::new(), files),
    };
    let mut read = found - files.len();
    deliver(Batch {
        issues,
        gone,
        found,
        read,
        elapsed: start.elapsed(),
        done: files.is_empty(),
        places: Some(places),
        ..Batch::default()
    });
    let mut size = FIRST_BATCH_FILES;
    let mut rest = files.as_slice();
    while !rest.is_empty() {
        let (chunk, after) = rest.split_at(size.min(rest.len()));
        rest = after;
        size = (size * 2).min(MAX_BATCH_FILES);
        let mut batch = Batch::default();
        let articles = read_all(chunk, &mut batch.issues);
        read += chunk.len();
        batch.found = found;
        batch.read = read;
        batch.elapsed = start.elapsed();
        batch.done = read == found;
        // Indexed here, while the text is in hand; then the text goes (the
        // reader asks for it again when wanted), so memory holds no
        // collection's worth of bodies.
        let (index, words) = Index::build_part_counting(&articles);
        batch.articles = articles
            .into_par_iter()
            .zip(words)
            .map(|(a, words)| Arc::new(Article { words, ..a.without_body() }))
            .collect();
        give_back_freed_memory();
        batch.part = Some(Part::whole(Arc::new(index), batch.articles.len()));
        deliver(batch);
    }
}
