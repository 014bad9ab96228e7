//! The index cache: what a second start needs to be searchable at once
//! without reading a single article file. Per folder set opened, one file
//! in the platform's cache folder holds every article's file stamp (size
//! and modification time), metadata, key points and word count, and the
//! search index. Bodies are not kept: they are read from the articles'
//! own files when wanted.
//!
//! The cache is never trusted: a file from another format version or
//! another build of brief, one that is truncated, or one whose head's
//! checksum or structure is wrong, is ignored (and replaced after the
//! next index build); a block of its postings or places whose checksum
//! is wrong reads as nothing when a search first reads it (see
//! [`Blocks`]). An article is reused only while its file's size and
//! modification time are what they were when it was read.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use crate::article::{Article, CachedPoints, Date, KeyPoints, Meta, Origin, Stamp};
use crate::codec::{Blocks, Bytes, Damaged, Decoder, Encoder};
use crate::search::index::Index;
use crate::text::one_line_owned;

const MAGIC: &[u8; 12] = b"brief-index\0";
/// Bumped whenever the layout below changes, or what its scores or counts
/// mean (2: prefix-only words weighted down in the one-letter lists; 3:
/// words of scripts written without spaces counted by their characters;
/// 4: titles derived from a first sentence that abbreviations do not cut;
/// 5: the articles carry a checksum of their own, so a list is read
/// without the index, and come in chunks decoded on every core; dates as
/// numbers; text in legacy encodings decoded as such, not as lossy UTF-8;
/// 6: hard-wrapped plain text read as paragraphs, which changes its titles,
/// words and key points; 7: the language an article declares; 8: paths
/// relative to the opened path they are under; 9: the key points in a
/// section of their own, which a list does not read; 10: the articles'
/// display order after them; 11: the words' places in each article, for
/// phrases, after the postings with a checksum of their own; 12: the
/// postings and places checked by block when first read, so a start
/// reads only the head; 13: the key points a part of their own, checked
/// and read the same way, each article saying where its are; 14: the
/// costly short prefixes' results precomputed, a part of their own in
/// place of the one-letter lists in the head).
pub const FORMAT: u32 = 14;

/// The fewest bytes one article takes in the cache (every string empty,
/// every option absent): its opened path's place and the rest of its path,
/// stamp, id, title, three optional strings, date flag, tags, language,
/// word count, time flag, and where its key points are and how many.
const MIN_ARTICLE_BYTES: usize = 4 + 4 + 24 + 4 + 4 + 3 + 1 + 4 + 1 + 8 + 1 + 16;

/// Articles per chunk of the articles' section: chunks are decoded in
/// parallel.
const CHUNK_ARTICLES: usize = 4096;

/// The largest cache file used: 100,000 articles of 4.7 KB take about
/// 170 MB, a million 1.7 GB. The file is mapped, not read, so its size
/// costs no memory of its own; this only bounds what a damaged length
/// could make brief attempt.
const MAX_CACHE_BYTES: u64 = 8 << 30;

/// Why a cache file was not used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot read the index cache: {0}")]
    Io(#[from] std::io::Error),
    #[error("index cache not read: {0}")]
    Unreadable(crate::fsutil::Unreadable),
    #[error("index cache is from another version of brief")]
    Foreign,
    #[error("index cache is damaged ({0})")]
    Damaged(&'static str),
}

impl From<crate::fsutil::Unreadable> for CacheError {
    fn from(e: crate::fsutil::Unreadable) -> CacheError {
        match e {
            crate::fsutil::Unreadable::Io(e) => CacheError::Io(e),
            other => CacheError::Unreadable(other),
        }
    }
}

impl From<Damaged> for CacheError {
    fn from(Damaged(what): Damaged) -> CacheError {
        CacheError::Damaged(what)
    }
}

/// What the cache gave back: articles (without bodies), each with its
/// file's stamp, in the order the index numbers them.
pub struct Cached {
    pub articles: Vec<Arc<Article>>,
    pub index: Index,
    /// The articles' display order when written (see [`Listed`]).
    pub order: Vec<u32>,
}

/// The cached articles without the index, and their display order when
/// the cache was written: positions in `articles`, date order, so a start
/// need not sort them again (checked before it is used: see
/// [`crate::collection::date_sorted`]).
pub struct Listed {
    pub articles: Vec<Arc<Article>>,
    pub order: Vec<u32>,
}

/// The cache file for a set of opened paths, named by a hash of their
/// absolute forms.
pub fn path_for(roots: &[PathBuf]) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "brief")?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for root in roots {
        let absolute = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        hasher.update(absolute.as_os_str().as_encoded_bytes());
        hasher.update(&[0]);
    }
    Some(dirs.cache_dir().join(format!("index-{:016x}.bin", hasher.digest())))
}

/// Writes the cache atomically (a reader sees the old file or the new one,
/// never half of one). Only articles read from files can be cached.
///
/// Layout: magic, format, brief's version, the lengths of the five
/// parts; the head (the articles' section, its length, its checksum and
/// its bytes, then the index without its postings, places and lists);
/// the key points; the postings, the words' places and the prefixes'
/// lists as they are in memory; the xxh3 checksum of each block of the
/// key points, then of the postings, the places and the lists (see
/// [`Blocks`]); and one of the head and those checksums. The parts after the head are used where they lie in the
/// mapped file, each block checked when first read: a start reads the
/// head, and a search only the blocks it needs. The articles' own
/// checksum lets a command that lists read them alone (see
/// [`read_articles`]).
///
/// Each article's file is kept relative to the opened path it is under
/// (by that path's place in `roots`), and read back under the path as the
/// reader spells it then: `brief .` and `brief ~/news` share one cache.
pub fn write(
    path: &Path,
    roots: &[PathBuf],
    articles: &[Arc<Article>],
    index: &Index,
) -> std::io::Result<()> {
    let (mut listed, mut points) = (Encoder::default(), Encoder::default());
    listed.u32(articles.len() as u32);
    for chunk in articles.chunks(CHUNK_ARTICLES) {
        let mut c = Encoder::default();
        for a in chunk {
            let (Origin::File(file), Some(stamp)) = (&a.origin, a.stamp) else {
                return Err(std::io::Error::other("an article not read from a file cannot be cached"));
            };
            encode_article(&mut c, a, roots, file, stamp);
            // Where its key points are, and how many, so that neither a
            // start nor a list reads them.
            let at = points.0.len();
            points.strs(&a.key_points.peek());
            c.u64(at as u64);
            c.u32((points.0.len() - at) as u32);
            c.u32(a.key_points.len() as u32);
        }
        listed.u32(chunk.len() as u32);
        listed.bytes(&c.0);
    }
    let order = crate::collection::date_sorted(articles, None);
    for &at in &order {
        listed.u32(at as u32);
    }
    let mut e = Encoder::default();
    e.u64(listed.0.len() as u64);
    e.u64(xxhash_rust::xxh3::xxh3_64(&listed.0));
    e.0.extend_from_slice(&listed.0);
    index.encode_head(&mut e);
    let head = e.0;
    let Some([postings, positions, lists]) = index.stored() else {
        return Err(std::io::Error::other("the index read from a damaged cache is not written again"));
    };
    let points = points.0;
    let sums: Vec<u8> = [&points[..], postings, positions, lists]
        .into_iter()
        .flat_map(Blocks::sums)
        .flat_map(u64::to_le_bytes)
        .collect();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&head);
    hasher.update(&sums);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::fsutil::write_atomically_with(path, |w| {
        write_stamp(w, MAGIC)?;
        for part in [&head[..], &points, postings, positions, lists] {
            w.write_all(&(part.len() as u64).to_le_bytes())?;
        }
        for part in [&head[..], &points, postings, positions, lists, &sums] {
            w.write_all(part)?;
        }
        w.write_all(&hasher.digest().to_le_bytes())
    })?;
    write_preview(&preview_path(path), roots, articles, &order)
}

/// What a cache file and its preview begin with: their magic bytes, the
/// format number, and the length and bytes of brief's version.
fn write_stamp(w: &mut impl Write, magic: &[u8; 12]) -> std::io::Result<()> {
    w.write_all(magic)?;
    w.write_all(&FORMAT.to_le_bytes())?;
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    w.write_all(&(version.len() as u32).to_le_bytes())?;
    w.write_all(version)
}

/// Magic bytes of the preview file beside a cache file (see
/// [`read_preview`]).
const PREVIEW_MAGIC: &[u8; 12] = b"brief-first\0";

/// The articles a preview holds: the first screen of the tallest terminal.
const PREVIEW_ARTICLES: usize = 200;

/// The preview file beside the cache file `cache`.
pub fn preview_path(cache: &Path) -> PathBuf {
    cache.with_extension("first")
}

/// Deletes a cache file and its preview (see [`read_preview`]), as when
/// the cache was found damaged.
pub fn forget(cache: &Path) {
    drop(std::fs::remove_file(cache));
    drop(std::fs::remove_file(preview_path(cache)));
}

/// Writes the list's first rows in display order beside the cache: magic,
/// format, brief's version, the article count, the rows' byte length and
/// xxh3 checksum, and the rows encoded as the cache's articles are (their
/// key points left out).
fn write_preview(
    path: &Path,
    roots: &[PathBuf],
    articles: &[Arc<Article>],
    order: &[usize],
) -> std::io::Result<()> {
    let first: Vec<_> = order
        .iter()
        .filter_map(|&at| match (&articles[at].origin, articles[at].stamp) {
            (Origin::File(file), Some(stamp)) => Some((&articles[at], file, stamp)),
            _ => None,
        })
        .take(PREVIEW_ARTICLES)
        .collect();
    let mut rows = Encoder::default();
    rows.u32(first.len() as u32);
    for (a, file, stamp) in first {
        encode_article(&mut rows, a, roots, file, stamp);
        rows.u64(0);
        rows.u32(0);
        rows.u32(0);
    }
    crate::fsutil::write_atomically_with(path, |w| {
        write_stamp(w, PREVIEW_MAGIC)?;
        w.write_all(&(articles.len() as u64).to_le_bytes())?;
        w.write_all(&(rows.0.len() as u64).to_le_bytes())?;
        w.write_all(&xxhash_rust::xxh3::xxh3_64(&rows.0).to_le_bytes())?;
        w.write_all(&rows.0)
    })
}

/// Reads the preview beside a cache file: the list's first rows as the
/// start that wrote the cache listed them, to show while the cache itself
/// is read (a second or more at a million articles). Checked as the cache
/// is (magic, format, version, length, checksum, every count against the
/// bytes left, text sanitized again); files are placed under `roots`.
pub fn read_preview(path: &Path, roots: &[PathBuf]) -> Result<crate::collection::Preview, CacheError> {
    const MAX_PREVIEW_BYTES: u64 = 16 << 20;
    let (mut file, _) = crate::fsutil::open_regular(path, MAX_PREVIEW_BYTES)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let mut d = Decoder::new(&bytes);
    let foreign = |_| CacheError::Foreign;
    if d.take(PREVIEW_MAGIC.len()).map_err(foreign)? != PREVIEW_MAGIC || d.u32().map_err(foreign)? != FORMAT {
        return Err(CacheError::Foreign);
    }
    if d.bytes().map_err(foreign)? != env!("CARGO_PKG_VERSION").as_bytes() {
        return Err(CacheError::Foreign);
    }
    let total = usize::try_from(d.u64()?).map_err(|_| CacheError::Damaged("count"))?;
    let len = usize::try_from(d.u64()?).map_err(|_| CacheError::Damaged("length"))?;
    let sum = d.u64()?;
    let rows = d.take(len)?;
    if d.pos != bytes.len() || xxhash_rust::xxh3::xxh3_64(rows) != sum {
        return Err(CacheError::Damaged("checksum"));
    }
    let mut d = Decoder::new(rows);
    let k = d.count(MIN_ARTICLE_BYTES)?;
    let articles = decode_chunk(&rows[d.pos..], &Arc::new(Bytes::default()), k, roots)?;
    if articles.len() > total {
        return Err(CacheError::Damaged("count"));
    }
    Ok(crate::collection::Preview { articles, total })
}

/// The place in `roots` of the opened path `file` is under, and the rest
/// of its path; a file under none keeps its whole path.
fn relative<'a>(roots: &[PathBuf], file: &'a Path) -> (u32, &'a [u8]) {
    let bytes = file.as_os_str().as_encoded_bytes();
    for (at, root) in roots.iter().enumerate() {
        let root = root.as_os_str().as_encoded_bytes();
        let Some(rest) = bytes.strip_prefix(root) else { continue };
        let separated = root.last().is_some_and(|&b| std::path::is_separator(b as char));
        match rest.split_first() {
            None => return (at as u32, rest),
            Some((&b, tail)) if std::path::is_separator(b as char) => return (at as u32, tail),
            Some(_) if separated => return (at as u32, rest),
            Some(_) => {}
        }
    }
    (NO_ROOT, bytes)
}

/// The place of a file's opened path that marks a file under none.
const NO_ROOT: u32 = u32::MAX;

fn encode_article(e: &mut Encoder, a: &Article, roots: &[PathBuf], file: &Path, stamp: Stamp) {
    let (root, rest) = relative(roots, file);
    e.u32(root);
    e.bytes(rest);
    e.u64(stamp.size);
    e.u64(stamp.modified_ns as u64);
    e.u64((stamp.modified_ns >> 64) as u64);
    e.str(&a.id);
    e.str(&a.title);
    e.opt_str(a.meta.source.as_deref());
    e.opt_str(a.meta.author.as_deref());
    e.opt_str(a.meta.url.as_deref());
    match a.meta.date {
        Some(date) => {
            e.u8(1 + u8::from(date.has_time));
            e.u64(date.at.timestamp() as u64);
            e.u32(date.at.timestamp_subsec_nanos());
            e.u32(date.at.offset().local_minus_utc() as u32);
        }
        None => e.u8(0),
    }
    e.strs(&a.meta.tags);
    e.opt_str(a.meta.lang.as_deref());
    e.u64(a.words as u64);
    match a.modified.and_then(|m| m.duration_since(UNIX_EPOCH).ok()) {
        Some(d) => {
            e.u8(1);
            e.u64(d.as_secs());
            e.u32(d.subsec_nanos());
        }
        None => e.u8(0),
    }
}

/// Reads a cache file, checking what it uses before believing any of it.
/// Files are placed under `roots`, the paths opened now (see [`write`]).
/// The file is mapped, not read: the head is checked and decoded into the
/// articles and the words; the key points, postings, places and lists
/// stay where they lie, each block checked the first time it is read.
pub fn read(path: &Path, roots: &[PathBuf]) -> Result<Cached, CacheError> {
    let (map, at) = map(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&map[at.head.clone()]);
    hasher.update(&map[at.sums.clone()]);
    if hasher.digest().to_le_bytes() != map[at.sums.end..] {
        return Err(CacheError::Damaged("checksum"));
    }
    let [points, postings, positions, lists] = at.blocks(&map);
    let cached = decode_checked(&map[at.head.clone()], points, [postings, positions, lists], roots)?;
    // The head is decoded into the articles and the words: its pages are
    // needed no more, and would count in brief's memory for as long as
    // the rest of the file is in use.
    let_go(&map, 0..at.head.end);
    Ok(cached)
}

/// The cache file mapped into memory, and where its parts are (its
/// prefix checked).
fn map(path: &Path) -> Result<(Arc<memmap2::Mmap>, Ranges), CacheError> {
    let (file, meta) = crate::fsutil::open_regular(path, MAX_CACHE_BYTES)?;
    // SAFETY: a mapped file must not change while mapped. brief never
    // changes a cache file in place: it writes a new one and renames it
    // over the old (see `write`), so a mapping keeps the file it was made
    // from. Another program writing into brief's cache folder is outside
    // what this guards against.
    let map = unsafe { memmap2::Mmap::map(&file) }?;
    if map.len() as u64 != meta.len() {
        return Err(CacheError::Damaged("length"));
    }
    let mut r = &map[..];
    let parts = read_prefix(&mut r, meta.len())?;
    // read_prefix checked that the lengths add up to the file's.
    let at = parts.ranges(map.len() - r.len());
    Ok((Arc::new(map), at))
}

/// Lets the kernel take back the whole pages of `range` of the mapped file.
fn let_go(map: &memmap2::Mmap, range: std::ops::Range<usize>) {
    let page = 4096;
    let (from, to) = (range.start.div_ceil(page) * page, range.end / page * page);
    if from < to {
        // SAFETY: the file is never changed in place (see `read`), so a
        // page read again after this reads the same bytes; whoever holds
        // a slice of these pages reads them again from the file.
        unsafe {
            drop(map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, from, to - from));
        }
    }
}

/// Decodes the bytes of a cache file (see [`read`]), every block checked
/// at once.
pub fn decode(bytes: &[u8], roots: &[PathBuf]) -> Result<Cached, CacheError> {
    let mut r = bytes;
    let parts = read_prefix(&mut r, bytes.len() as u64)?;
    let at = parts.ranges(bytes.len() - r.len());
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&bytes[at.head.clone()]);
    hasher.update(&bytes[at.sums.clone()]);
    let sums = at.block_sums(bytes);
    let parts = [&at.points, &at.postings, &at.positions, &at.lists].map(|range| &bytes[range.clone()]);
    let blocks_good = parts.iter().zip(&sums).all(|(part, sums)| Blocks::sums(part).eq(sums.iter().copied()));
    if hasher.digest().to_le_bytes() != bytes[at.sums.end..] || !blocks_good {
        return Err(CacheError::Damaged("checksum"));
    }
    let [points, postings, positions, lists] = parts.map(|part| Bytes::from(part.to_vec()));
    decode_checked(&bytes[at.head.clone()], points, [postings, positions, lists], roots)
}

/// The lengths of a cache file's parts.
struct Parts {
    head: u64,
    points: u64,
    postings: u64,
    positions: u64,
    lists: u64,
}

/// Where a cache file's parts are in it.
struct Ranges {
    head: std::ops::Range<usize>,
    points: std::ops::Range<usize>,
    postings: std::ops::Range<usize>,
    positions: std::ops::Range<usize>,
    lists: std::ops::Range<usize>,
    /// The block checksums of the key points, the postings, the places
    /// and the lists.
    sums: std::ops::Range<usize>,
}

impl Parts {
    /// The bytes the block checksums of the parts after the head take.
    fn sums(&self) -> Option<u64> {
        let blocks = |len: u64| usize::try_from(len).ok().map(|len| Blocks::count(len) as u64 * 8);
        [self.points, self.postings, self.positions, self.lists]
            .into_iter()
            .try_fold(0u64, |sum, len| sum.checked_add(blocks(len)?))
    }

    /// The parts' places in a file whose head begins at `start` (the
    /// lengths were checked against the file's by [`read_prefix`]).
    fn ranges(&self, start: usize) -> Ranges {
        let after = |from: usize, len: u64| from..from + len as usize;
        let head = after(start, self.head);
        let points = after(head.end, self.points);
        let postings = after(points.end, self.postings);
        let positions = after(postings.end, self.positions);
        let lists = after(positions.end, self.lists);
        let sums = after(lists.end, self.sums().unwrap_or(0));
        Ranges { head, points, postings, positions, lists, sums }
    }
}

impl Ranges {
    /// The block checksums of the key points, the postings, the places
    /// and the lists.
    fn block_sums(&self, file: &[u8]) -> [Vec<u64>; 4] {
        let mut sums = file[self.sums.clone()]
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("eight bytes")));
        [&self.points, &self.postings, &self.positions, &self.lists]
            .map(|part| sums.by_ref().take(Blocks::count(part.len())).collect())
    }

    /// The key points, the postings, the places and the lists, where they
    /// lie in the mapped file, to be checked block by block as they are
    /// read.
    fn blocks(&self, map: &Arc<memmap2::Mmap>) -> [Bytes; 4] {
        let [points, postings, positions, lists] = self.block_sums(map);
        let blocks = |range: &std::ops::Range<usize>, sums| {
            Bytes::Mapped(Arc::new(Blocks::new(Arc::clone(map), range.clone(), sums)))
        };
        [
            blocks(&self.points, points),
            blocks(&self.postings, postings),
            blocks(&self.positions, positions),
            blocks(&self.lists, lists),
        ]
    }
}

/// The lengths of the parts, from the part of a cache file before them,
/// checked against the file's length.
fn read_prefix(r: &mut impl Read, len: u64) -> Result<Parts, CacheError> {
    let mut magic = [0u8; 12];
    if r.read_exact(&mut magic).is_err() || &magic != MAGIC {
        return Err(CacheError::Foreign);
    }
    let mut fixed = [0u8; 8];
    read_exact(r, &mut fixed)?;
    let format = u32::from_le_bytes(fixed[..4].try_into().expect("four bytes"));
    let version_len = u32::from_le_bytes(fixed[4..].try_into().expect("four bytes"));
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    if format != FORMAT || version_len as usize != version.len() {
        return Err(CacheError::Foreign);
    }
    let mut found = vec![0u8; version.len()];
    read_exact(r, &mut found)?;
    if found != version {
        return Err(CacheError::Foreign);
    }
    let mut lengths = [0u8; 40];
    read_exact(r, &mut lengths)?;
    let length = |at: usize| u64::from_le_bytes(lengths[at..at + 8].try_into().expect("eight bytes"));
    let parts = Parts {
        head: length(0),
        points: length(8),
        postings: length(16),
        positions: length(24),
        lists: length(32),
    };
    // The lengths must add up to the file's (the block checksums and the
    // head's after them): nothing is allocated on the word of a damaged
    // header.
    let prefix = 20 + version.len() as u64 + 40;
    let total = [
        Some(parts.points),
        Some(parts.postings),
        Some(parts.positions),
        Some(parts.lists),
        parts.sums(),
        Some(prefix + 8),
    ]
    .into_iter()
    .try_fold(parts.head, |sum, part| sum.checked_add(part?));
    if total != Some(len) {
        return Err(CacheError::Damaged("length"));
    }
    Ok(parts)
}

/// Reads only the articles of a cache file: what a list needs, without
/// reading or checking the index (most of the file). The articles' own
/// checksum is checked instead; their key points are read when wanted.
pub fn read_articles(path: &Path, roots: &[PathBuf]) -> Result<Listed, CacheError> {
    let (map, at) = map(path)?;
    let (listed, sum) = section(&mut Decoder::new(&map[at.head.clone()]))?;
    if xxhash_rust::xxh3::xxh3_64(listed) != sum {
        return Err(CacheError::Damaged("checksum"));
    }
    let [points, ..] = at.blocks(&map);
    decode_articles(listed, points, roots)
}

/// The articles' section at the start of the head (its length, its
/// checksum, its bytes): the bytes and the checksum, left to the caller.
fn section<'a>(d: &mut Decoder<'a>) -> Result<(&'a [u8], u64), CacheError> {
    let len = usize::try_from(d.u64()?).map_err(|_| CacheError::Damaged("length"))?;
    let sum = d.u64()?;
    Ok((d.take(len)?, sum))
}

fn read_exact(r: &mut impl Read, buf: &mut [u8]) -> Result<(), CacheError> {
    r.read_exact(buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => CacheError::Damaged("truncated"),
        _ => CacheError::Io(e),
    })
}

/// Decodes what the checksums cover: the head, and the key points,
/// postings, places and lists (as [`read`] maps them, or as [`decode`]
/// checked them). Public for the fuzz target, which could never forge a checksum.
#[doc(hidden)]
pub fn decode_checked(
    head: &[u8],
    points: Bytes,
    [postings, positions, lists]: [Bytes; 3],
    roots: &[PathBuf],
) -> Result<Cached, CacheError> {
    let mut d = Decoder::new(head);
    // The articles' own checksum is for [`read_articles`]: the head's
    // covers it here.
    let (listed, _) = section(&mut d)?;
    let rest = &head[d.pos..];
    let (articles, index) = rayon::join(
        || decode_articles(listed, points, roots),
        || {
            // The index's size is checked against the articles' count after.
            let mut d = Decoder::new(rest);
            let index = Index::decode(&mut d, postings, positions, lists)?;
            if d.pos != rest.len() {
                return Err(CacheError::Damaged("trailing bytes"));
            }
            Ok(index)
        },
    );
    let (Listed { articles, order }, index) = (articles?, index?);
    if index.len() != articles.len() {
        return Err(CacheError::Damaged("index size"));
    }
    Ok(Cached { articles, index, order })
}

/// The articles, chunk by chunk on every core, their key points left in
/// `points` until wanted.
fn decode_articles(listed: &[u8], points: Bytes, roots: &[PathBuf]) -> Result<Listed, CacheError> {
    use rayon::prelude::*;
    let mut d = Decoder::new(listed);
    let n = d.count(MIN_ARTICLE_BYTES)?;
    let mut chunks = Vec::new();
    let mut counted = 0;
    while counted < n {
        let k = d.u32()? as usize;
        let bytes = d.bytes()?;
        if k == 0 || k > n - counted {
            return Err(CacheError::Damaged("count"));
        }
        counted += k;
        chunks.push((k, bytes));
    }
    let order = (0..n)
        .map(|_| d.u32().ok().filter(|&at| (at as usize) < n).ok_or(CacheError::Damaged("order")))
        .collect::<Result<Vec<u32>, _>>()?;
    if d.pos != listed.len() {
        return Err(CacheError::Damaged("trailing bytes"));
    }
    let points = Arc::new(points);
    let decoded: Vec<_> =
        chunks.into_par_iter().map(|(k, bytes)| decode_chunk(bytes, &points, k, roots)).collect();
    let mut articles = Vec::with_capacity(n);
    for chunk in decoded {
        articles.extend(chunk?);
    }
    Ok(Listed { articles, order })
}

fn decode_chunk(
    bytes: &[u8],
    points: &Arc<Bytes>,
    k: usize,
    roots: &[PathBuf],
) -> Result<Vec<Arc<Article>>, CacheError> {
    let mut d = Decoder::new(bytes);
    let n = d.fits(k as u64, MIN_ARTICLE_BYTES)?;
    let mut articles = Vec::with_capacity(n);
    for _ in 0..n {
        let root = d.u32()?;
        let rest = PathBuf::from(d.os_string()?);
        let file = match root {
            NO_ROOT => rest,
            at => match roots.get(at as usize) {
                Some(root) if rest.as_os_str().is_empty() => root.clone(),
                Some(root) => root.join(rest),
                None => return Err(CacheError::Damaged("opened path")),
            },
        };
        let size = d.u64()?;
        let modified_ns = u128::from(d.u64()?) | (u128::from(d.u64()?) << 64);
        // Whatever wrote this file, its text is sanitized again on the way
        // in, like text from any other file.
        let id = one_line_owned(d.string()?);
        let title = one_line_owned(d.string()?);
        let source = d.opt_string()?.map(one_line_owned);
        let author = d.opt_string()?.map(one_line_owned);
        let url = d.opt_string()?.map(one_line_owned);
        let date = match d.u8()? {
            0 => None,
            flag @ (1 | 2) => {
                let (secs, nanos, offset) = (d.u64()? as i64, d.u32()?, d.u32()? as i32);
                let at = chrono::FixedOffset::east_opt(offset)
                    .zip(chrono::DateTime::from_timestamp(secs, nanos))
                    .filter(|_| nanos < 1_000_000_000)
                    .map(|(offset, utc)| utc.with_timezone(&offset))
                    .ok_or(CacheError::Damaged("date"))?;
                Some(Date { at, has_time: flag == 2 })
            }
            _ => return Err(CacheError::Damaged("date")),
        };
        let tags = d.strings()?.into_iter().map(one_line_owned).collect();
        let lang = d.opt_string()?.as_deref().and_then(crate::article::language_tag);
        let words = usize::try_from(d.u64()?).map_err(|_| CacheError::Damaged("word count"))?;
        let modified = match d.u8()? {
            0 => None,
            1 => {
                let secs = d.u64()?;
                let nanos = d.u32()?;
                if nanos >= 1_000_000_000 {
                    return Err(CacheError::Damaged("time"));
                }
                UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
            }
            _ => return Err(CacheError::Damaged("time")),
        };
        // Where the key points are is checked when they are read: a
        // range past the points reads as none.
        let (at, len, count) = (d.u64()?, d.u32()?, d.u32()?);
        let at = usize::try_from(at).map_err(|_| CacheError::Damaged("key points"))?;
        let range = at..at.checked_add(len as usize).ok_or(CacheError::Damaged("key points"))?;
        let key_points = KeyPoints::Cached(Box::new(CachedPoints::new(Arc::clone(points), range, count)));
        let meta = Meta { source, author, date, url, tags, lang };
        let article = Article {
            id,
            origin: Origin::File(file),
            title,
            meta,
            key_points,
            body: None,
            modified,
            stamp: Some(Stamp { size, modified_ns }),
            words,
        };
        articles.push(Arc::new(article));
    }
    if d.pos != bytes.len() {
        return Err(CacheError::Damaged("trailing bytes"));
    }
    Ok(articles)
}
