//! What a collection is made of, as data: the articles and the files that
//! need attention, the batches loading delivers, the changes watching
//! reports, and the display order. The loader and the watcher make these;
//! the model takes them.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset};

use crate::article::{Article, Origin};
use crate::search::index::Part;

/// What happened to a file that did not load cleanly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueKind {
    /// Not loaded at all.
    Skipped,
    /// Loaded, but something in it had to be fixed or ignored.
    Repaired,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileIssue {
    pub path: String,
    pub kind: IssueKind,
    pub reason: String,
}

/// Loaded articles in display order, and the files that need attention.
#[derive(Clone, Debug, Default)]
pub struct Collection {
    pub articles: Vec<Arc<Article>>,
    pub issues: Vec<FileIssue>,
}

/// One file read again: its articles, and its problem if it has one.
#[derive(Clone, Debug, Default)]
pub struct FileLoad {
    pub articles: Vec<Arc<Article>>,
    pub issue: Option<FileIssue>,
}

/// What happened to one path.
#[derive(Clone, Debug)]
pub enum Change {
    /// A file to (re)load: its articles now, possibly none, and its problem.
    File { path: PathBuf, load: FileLoad },
    /// A file or folder that is gone, with everything under it.
    Removed(PathBuf),
}

impl Change {
    pub fn path(&self) -> &Path {
        match self {
            Change::File { path, .. } | Change::Removed(path) => path,
        }
    }
}

/// Part of a collection, as it is read.
#[derive(Debug, Default)]
pub struct Batch {
    pub articles: Vec<Arc<Article>>,
    /// An index of these articles, its places counted from the batch's
    /// first article: built as they were read, or the cached index (with
    /// the articles of changed files left out).
    pub part: Option<Part>,
    /// Whether `part` is the cached index of exactly these articles.
    pub from_cache: bool,
    /// Files whose articles, handed over before from the cache, are out of
    /// date: gone, or changed (their articles now come in later batches).
    pub gone: Vec<PathBuf>,
    /// The articles' display order as the cache recorded it (positions in
    /// `articles`), to be used if it still is that order.
    pub order: Option<Vec<u32>>,
    pub issues: Vec<FileIssue>,
    /// Files found so far and read so far.
    pub found: usize,
    pub read: usize,
    /// Time since loading started.
    pub elapsed: std::time::Duration,
    /// The last batch.
    pub done: bool,
    /// Every file the walk found and the folders above them (in the
    /// batch that ends the walk): the model's places, made off its thread.
    pub places: Option<Places>,
    /// The list's first rows as the cache last had them, sent alone and
    /// before anything else (see [`Preview`]).
    pub preview: Option<Box<Preview>>,
}

/// The first rows of the list as the last start that wrote the cache
/// listed them, and how many articles there were: shown while the
/// collection itself is read, which takes a second or more at a million
/// articles, and replaced by it.
#[derive(Debug, Default)]
pub struct Preview {
    pub articles: Vec<Arc<Article>>,
    pub total: usize,
}

/// Every file an article was read from, and every folder above one, as
/// hashes: a change to a path not among them touches no article (files
/// copied in), which spares the model a pass over the collection.
#[derive(Clone, Debug, Default)]
pub struct Places(rustc_hash::FxHashSet<u64>);

impl Places {
    /// Notes a file and the folders above it.
    pub fn note(&mut self, path: &Path) {
        // A place noted before has its folders noted too.
        for place in above(path.as_os_str().as_encoded_bytes()) {
            if !self.0.insert(xxhash_rust::xxh3::xxh3_64(place)) {
                break;
            }
        }
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.0.contains(&xxhash_rust::xxh3::xxh3_64(path.as_os_str().as_encoded_bytes()))
    }
}

/// A path and the folders above it, as bytes: `/a/b.txt`, `/a`, `/`.
pub fn above(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    let ends = path.iter().enumerate().rev().filter(|&(_, &b)| std::path::is_separator(b as char));
    std::iter::once(path).chain(ends.map(move |(at, _)| if at == 0 { &path[..1] } else { &path[..at] }))
}

/// Files whose text a listed article has too, by that article's id.
pub type Copies = HashMap<String, Vec<Origin>>;

/// Keeps one article per story. An article's id is a hash of its text, so
/// files with the same text are one story to read marks and bookmarks;
/// listed twice, bookmarking one would star both and a digest would print
/// it twice. The first in `articles`' order stays; each later one is taken
/// out and its origin listed under the id.
pub fn fold_copies<A: AsRef<Article>>(articles: &mut Vec<A>) -> Copies {
    // Told apart by borrowed ids first: most collections have no copy, and
    // a set of 100,000 owned ids took a tenth of `brief list`.
    let first: Vec<bool> = {
        let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(articles.len(), Default::default());
        articles.iter().map(|a| seen.insert(a.as_ref().id.as_str())).collect()
    };
    let mut copies = Copies::new();
    if first.iter().all(|&f| f) {
        return copies;
    }
    let mut first = first.into_iter();
    articles.retain(|a| {
        let keep = first.next().unwrap_or(true);
        if !keep {
            let a = a.as_ref();
            copies.entry(a.id.clone()).or_default().push(a.origin.clone());
        }
        keep
    });
    copies
}

/// Display order: dated articles first, newest first; then files whose name
/// starts with a sequence number, in that order; then the rest by
/// modification time, newest first. Ties go by path, so the order is stable.
pub fn sort_articles<A: AsRef<Article>>(articles: &mut Vec<A>) {
    sort_articles_as(articles, None);
}

/// [`sort_articles`], taking the order `recorded` (positions in display
/// order, as the index cache keeps them) when it is that order.
pub fn sort_articles_as<A: AsRef<Article>>(articles: &mut Vec<A>, recorded: Option<&[u32]>) {
    let order = date_sorted(articles, recorded);
    let mut taken: Vec<Option<A>> = articles.drain(..).map(Some).collect();
    articles.extend(order.into_iter().filter_map(|i| taken[i].take()));
}

/// Positions in `articles` in display order: `recorded` when it lists
/// each of them once, else sorted. The cache recorded it from these very
/// articles, their files unchanged since (so their dates, names and times
/// are as they were): it is still their order, and checking it pair by
/// pair took half as long as sorting (names compared wherever days tie).
/// A damaged or crafted cache can at worst misorder the list.
pub fn date_sorted<A: AsRef<Article>>(articles: &[A], recorded: Option<&[u32]>) -> Vec<usize> {
    if let Some(order) = recorded.filter(|order| is_each_once(order, articles.len())) {
        return order.iter().map(|&i| i as usize).collect();
    }
    let mut positions: Vec<usize> = (0..articles.len()).collect();
    sort_by_date(articles, &mut positions);
    positions
}

/// Whether `order` holds every position below `n` once.
fn is_each_once(order: &[u32], n: usize) -> bool {
    let mut seen = vec![false; n];
    order.len() == n
        && order.iter().all(|&i| seen.get_mut(i as usize).is_some_and(|seen| !std::mem::replace(seen, true)))
}

/// Sorts `positions` in `articles` into display order (see
/// [`date_order`]); stable, so a feed's items keep their order. Time keys
/// are made once per article and sorted; the name key, which parses a
/// file name and allocates, only where times tie (making it for every
/// article took 0.2 s of 0.3 s for 100,000 cached articles).
pub fn sort_by_date<A: AsRef<Article>>(articles: &[A], positions: &mut [usize]) {
    let mut keyed: Vec<(TimeKey, usize)> =
        positions.iter().map(|&i| (time_key(articles[i].as_ref()), i)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    for (at, &(_, i)) in positions.iter_mut().zip(&keyed) {
        *at = i;
    }
    let mut at = 0;
    for ties in keyed.chunk_by(|a, b| a.0 == b.0) {
        let run = at..at + ties.len();
        at = run.end;
        if ties.len() > 1 {
            positions[run].sort_by(|&i, &j| name_order(articles[i].as_ref(), articles[j].as_ref()));
        }
    }
}

/// The display order of two articles: newest first by date, else by
/// sequence number, else by time of modification. Files saved in one go
/// share their second of modification: those are in natural name order
/// (`2` before `10`), as they were saved.
pub fn date_order(a: &Article, b: &Article) -> std::cmp::Ordering {
    time_key(a).cmp(&time_key(b)).then_with(|| name_order(a, b))
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum TimeKey {
    Dated(Reverse<DateTime<FixedOffset>>),
    Numbered(u64),
    Modified(Reverse<Option<u64>>),
}

/// The first part of the date order: the date, else the sequence number,
/// else the second of modification.
fn time_key(a: &Article) -> TimeKey {
    let seconds = |t: SystemTime| t.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // The sequence number only when needed: it parses the file name.
    match a.meta.date {
        Some(date) => TimeKey::Dated(Reverse(date.at)),
        None => match a.sequence() {
            Some(n) => TimeKey::Numbered(n),
            None => TimeKey::Modified(Reverse(a.modified.map(seconds))),
        },
    }
}

/// Natural file-name order, then the path: the order of `S` by name, and
/// the tie-break of every other order.
pub fn name_order(a: &Article, b: &Article) -> std::cmp::Ordering {
    crate::text::natural_cmp(a.origin.file_name(), b.origin.file_name()).then_with(|| a.origin.cmp(&b.origin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Meta;

    fn article(file: &'static str, text: &str) -> Article {
        Article::new(Origin::Embedded(file), None, Meta::default(), vec![text.into()], vec![], None)
    }

    #[test]
    fn a_recorded_order_is_taken_only_when_it_lists_each_article_once() {
        let dated = |file: &'static str, day: u32| {
            let mut a = article(file, file);
            a.meta.date = crate::article::Date::parse(&format!("2026-03-{day:02}"));
            a
        };
        // Newest first; the two of the 2nd tie, so go by name: 2 before 10.
        let articles = [dated("10.txt", 2), dated("old.txt", 1), dated("2.txt", 2), dated("new.txt", 9)];
        let sorted = date_sorted(&articles, None);
        assert_eq!(sorted, [3, 2, 0, 1]);
        assert_eq!(date_sorted(&articles, Some(&[3, 2, 0, 1])), sorted);
        // Short, doubled or out of range: sorted afresh.
        for wrong in [&[3, 2, 0][..], &[3, 2, 0, 0], &[3, 2, 0, 9], &[3, 2, 0, 1, 1]] {
            assert_eq!(date_sorted(&articles, Some(wrong)), sorted, "{wrong:?}");
        }
    }

    #[test]
    fn files_with_the_same_text_are_one_story_listing_its_other_files() {
        let mut articles =
            vec![article("a.txt", "Ferries."), article("b.txt", "Trains."), article("c.txt", "Ferries.")];
        let copies = fold_copies(&mut articles);
        let names: Vec<&str> = articles.iter().map(|a| a.origin.file_name()).collect();
        assert_eq!(names, ["a.txt", "b.txt"]);
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[&articles[0].id], [Origin::Embedded("c.txt")]);
    }
}
