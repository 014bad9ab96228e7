//! `brief fetch`: downloads the subscribed feeds into a folder as article
//! files, one per item, politely (see [`http`]), never duplicating an
//! item (see [`render::item_key`]) nor touching a file the user edited
//! (see [`store`]).

pub mod http;
pub mod render;
pub mod store;
pub mod subscriptions;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Component, Path, PathBuf};
use std::sync::{Condvar, Mutex, mpsc};

use serde::Serialize;

use self::http::{Client, Got, Limits};
use self::store::{FeedState, FetchState, FolderState, OnDisk, Written};
pub use self::subscriptions::Subscription;
use crate::error::{Error, Result};

/// How a fetch runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Where the articles go.
    pub folder: PathBuf,
    /// The state file (`fetch.json`); its lock is beside it.
    pub state: PathBuf,
    /// Fetch the page behind every teaser, for every feed.
    pub full_text: bool,
    pub limits: Limits,
    /// Feeds fetched at once, in all.
    pub jobs: usize,
    /// Feeds fetched at once from one host.
    pub per_host: usize,
}

impl Options {
    pub fn new(folder: PathBuf, state: PathBuf) -> Options {
        Options { folder, state, full_text: false, limits: Limits::default(), jobs: 8, per_host: 2 }
    }
}

/// What `R` in the reader fetches: the subscription list, read afresh
/// each time, into the opened folder.
#[derive(Clone, Debug)]
pub struct Plan {
    pub subscriptions: PathBuf,
    pub options: Options,
}

impl Plan {
    /// Reads the subscriptions and fetches them (see [`run`]); what the
    /// list passed over comes first among the warnings.
    pub fn run(&self, progress: impl FnMut(&FeedReport, usize, usize)) -> Result<Summary> {
        let list = subscriptions::read(&self.subscriptions)?;
        let mut summary = run(&list.feeds, &self.options, progress)?;
        summary.warnings.splice(0..0, list.warnings);
        Ok(summary)
    }
}

/// `fetch.json` in brief's state folder.
pub fn default_state_path() -> Option<PathBuf> {
    Some(crate::state::state_dir()?.join("fetch.json"))
}

/// How one feed went.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct FeedReport {
    pub url: String,
    /// The subscription's title, else the feed's.
    pub title: Option<String>,
    pub status: Status,
    /// Why it failed.
    pub error: Option<String>,
    /// Items written for the first time.
    pub new: usize,
    /// Items the feed changed, written again.
    pub updated: usize,
    pub unchanged: usize,
    /// Items whose file was edited or deleted since brief wrote it: left alone.
    pub kept: usize,
    /// Things that went wrong without failing the feed (a page whose full
    /// text could not be had).
    pub notes: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Fetched,
    /// The server said nothing changed (304).
    NotModified,
    Failed,
}

/// A whole fetch: each feed's report, in subscription order, and
/// warnings about the fetch's own state.
#[derive(Debug, Default)]
pub struct Summary {
    /// The folder fetched into, absolute and canonical.
    pub folder: PathBuf,
    pub feeds: Vec<FeedReport>,
    pub warnings: Vec<String>,
}

impl Summary {
    pub fn new_items(&self) -> usize {
        self.feeds.iter().map(|f| f.new).sum()
    }

    pub fn failed(&self) -> usize {
        self.feeds.iter().filter(|f| f.status == Status::Failed).count()
    }
}

/// Fetches every subscription into `options.folder`. `progress` hears of
/// each feed as it is done, with the count done and the total.
pub fn run(
    subscriptions: &[Subscription],
    options: &Options,
    mut progress: impl FnMut(&FeedReport, usize, usize),
) -> Result<Summary> {
    let root = &options.folder;
    if root.exists() && !root.is_dir() {
        let source = std::io::Error::other("not a folder to fetch into");
        return Err(Error::Path { path: root.clone(), source });
    }
    std::fs::create_dir_all(root).map_err(|source| Error::Path { path: root.clone(), source })?;
    let root = root.canonicalize().map_err(|source| Error::Path { path: root.clone(), source })?;
    if let Some(dir) = options.state.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Path { path: dir.to_path_buf(), source })?;
    }
    // One fetch at a time: two would race for the same files and state.
    let _lock = crate::fsutil::Lock::acquire(&options.state.with_extension("lock"))
        .map_err(|e| Error::FetchBusy(e.to_string()))?;
    let (mut state, warning) = FetchState::load(&options.state);
    let mut summary =
        Summary { folder: root.clone(), warnings: warning.into_iter().collect(), ..Summary::default() };
    let (subscriptions, repeated) = distinct(subscriptions);
    summary.warnings.extend(repeated);
    let subscriptions = subscriptions.as_slice();
    let mut folder = state.folder(&root);
    for sub in subscriptions {
        if let Ok(dir) = feed_dir(&root, sub) {
            store::remove_leftovers(&dir);
        }
    }

    let client = Client::new(options.limits.clone());
    let queue = Queue::new(subscriptions, options.per_host.max(1));
    let (send, receive) = mpsc::channel();
    let mut reports: Vec<Option<FeedReport>> = vec![None; subscriptions.len()];
    let snapshot = folder.clone();
    std::thread::scope(|scope| {
        let snapshot = &snapshot;
        for _ in 0..options.jobs.clamp(1, subscriptions.len().max(1)) {
            let send = send.clone();
            let (queue, client, root) = (&queue, &client, &root);
            scope.spawn(move || {
                while let Some((at, slot)) = queue.next() {
                    let feed = Fetching { client, hosts: queue, slot };
                    let done = fetch_feed(feed, &subscriptions[at], root, snapshot, options.full_text);
                    if send.send((at, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        for (count, (at, (report, update))) in receive.into_iter().enumerate() {
            // Saved after every feed that changed it: a fetch stopped
            // midway remembers what it wrote.
            if update.apply(&subscriptions[at].url, &mut folder)
                && let Err(e) = state.save_folder(&options.state, &root, &folder)
            {
                let warning = format!("{}: not saved ({e})", options.state.display());
                if !summary.warnings.contains(&warning) {
                    summary.warnings.push(warning);
                }
            }
            progress(&report, count + 1, subscriptions.len());
            reports[at] = Some(report);
        }
    });
    summary.feeds = reports.into_iter().flatten().collect();
    Ok(summary)
}

/// The subscriptions with each feed once, as first listed, and a warning
/// naming each feed listed more than once: fetched twice at once, its
/// items would be written by two workers into the same files.
fn distinct(subscriptions: &[Subscription]) -> (Vec<Subscription>, Vec<String>) {
    let mut times: Vec<(Subscription, usize)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for sub in subscriptions {
        match at.entry(feed_key(&sub.url)) {
            Entry::Occupied(place) => times[*place.get()].1 += 1,
            Entry::Vacant(place) => {
                place.insert(times.len());
                times.push((sub.clone(), 1));
            }
        }
    }
    let warnings = times
        .iter()
        .filter(|(_, n)| *n > 1)
        .map(|(sub, n)| format!("{} is listed {n} times; fetched once, as first listed", sub.url))
        .collect();
    (times.into_iter().map(|(sub, _)| sub).collect(), warnings)
}

/// An address with its scheme and host lower-cased, as they mean the same
/// in any case; the rest may not.
fn feed_key(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.find(['/', '?', '#']).map_or((rest, ""), |at| rest.split_at(at));
            format!("{}://{}{path}", scheme.to_ascii_lowercase(), authority.to_ascii_lowercase())
        }
        None => url.to_string(),
    }
}

/// The folder a subscription's articles go to: its `folder` under the
/// fetch folder, which it may not leave.
fn feed_dir(root: &Path, sub: &Subscription) -> Result<PathBuf, String> {
    let Some(folder) = &sub.folder else { return Ok(root.to_path_buf()) };
    let inside = Path::new(folder).components().all(|c| matches!(c, Component::Normal(_)));
    if inside {
        Ok(root.join(folder))
    } else {
        Err(format!("folder {folder:?} is not inside the fetch folder"))
    }
}

/// What one feed's fetch changes in the state.
#[derive(Default)]
struct Update {
    /// Validators for the next conditional request, and the feed's title;
    /// none to keep the old ones, which a feed that failed or was not
    /// written whole must.
    feed: Option<FeedState>,
    files: Vec<(String, Written)>,
}

impl Update {
    /// Applies the update; whether it changed anything.
    fn apply(self, url: &str, folder: &mut FolderState) -> bool {
        let mut changed = false;
        if let Some(feed) = self.feed {
            changed |= folder.feeds.insert(url.to_string(), feed.clone()) != Some(feed);
        }
        for (name, written) in self.files {
            changed |= folder.files.insert(name, written.clone()) != Some(written);
        }
        changed
    }
}

fn failed(url: &str, title: Option<String>, error: String) -> (FeedReport, Update) {
    let report = FeedReport {
        url: url.to_string(),
        title,
        status: Status::Failed,
        error: Some(error),
        ..Default::default()
    };
    (report, Update::default())
}

/// What a worker fetches with: the client, the hosts' room, and its
/// place at the feed's host, held for the feed's request only.
struct Fetching<'a> {
    client: &'a Client,
    hosts: &'a Queue,
    slot: Slot<'a>,
}

/// Fetches one feed and writes its items.
fn fetch_feed(
    Fetching { client, hosts, slot }: Fetching,
    sub: &Subscription,
    root: &Path,
    known: &FolderState,
    full_text: bool,
) -> (FeedReport, Update) {
    let before = known.feeds.get(&sub.url).cloned().unwrap_or_default();
    let title = sub.title.clone().or(before.title);
    let dir = match feed_dir(root, sub) {
        Ok(dir) => dir,
        Err(e) => return failed(&sub.url, title, e),
    };
    let full = full_text || sub.full_text;
    // Full text asked for the first time: the teasers already written are
    // in a feed the server would say has not changed.
    let validators = if full && !before.full_text { Default::default() } else { before.validators };
    let got = client.get(&sub.url, &validators);
    // Pages behind teasers take their own place at their own host, which
    // may be this one: holding this place meanwhile could wait forever.
    drop(slot);
    let page = match got {
        Ok(Got::NotModified) => {
            let report =
                FeedReport { url: sub.url.clone(), title, status: Status::NotModified, ..Default::default() };
            return (report, Update::default());
        }
        Ok(Got::Page(page)) => page,
        Err(e) => return failed(&sub.url, title, e.to_string()),
    };
    let items = match crate::loader::feed::parse_from(&page.bytes, Some(&page.url)) {
        Ok(items) => items,
        // A site's home page or an article given for its feed: what
        // feed-rs says of it (no root element) would not tell the user that.
        Err(_) if is_html(&page.bytes) => {
            return failed(&sub.url, title, "not a feed (the address gives an HTML page)".into());
        }
        Err(e) => return failed(&sub.url, title, e),
    };
    let feed_title = items.iter().find_map(|i| i.meta.source.clone());
    let source = sub.title.clone().or_else(|| feed_title.clone());
    let mut report = FeedReport { url: sub.url.clone(), title: source.clone(), ..Default::default() };
    let mut update = Update::default();
    let names = store::names_by_key(&dir);
    let prefix = sub.folder.as_deref().map(|f| format!("{f}/")).unwrap_or_default();
    let mut unwritten = Vec::new();
    let mut pages_missed: Vec<(&str, String)> = Vec::new();
    for item in &items {
        let key = render::item_key(item);
        let name = names.get(&key).cloned().unwrap_or_else(|| render::file_name(item, &key));
        let relative = format!("{prefix}{name}");
        let path = dir.join(&name);
        let from_feed = render::markdown(item, source.as_deref(), &sub.tags, None);
        let item_hash = store::hash(from_feed.as_bytes());
        let page = item.meta.url.as_deref().filter(|_| full && render::is_teaser(item));
        let written = known.files.get(&relative);
        // A teaser written as the feed gave it (its file is the item), now
        // that its page is wanted.
        let upgrade = page.is_some() && written.is_some_and(|w| w.file == w.item);
        let new = match placement(store::on_disk(&path), written, &item_hash) {
            Placement::Unchanged if upgrade => false,
            Placement::Unchanged => {
                report.unchanged += 1;
                continue;
            }
            Placement::Adopt(written) => {
                report.unchanged += 1;
                update.files.push((relative, written));
                continue;
            }
            Placement::Leave => {
                report.kept += 1;
                continue;
            }
            Placement::Write { new } => new,
        };
        let text = match page {
            Some(url) => match full_text_of(client, hosts, url) {
                Ok(article) => render::markdown(item, source.as_deref(), &sub.tags, Some(&article)),
                Err(e) => {
                    pages_missed.push((url, e));
                    from_feed
                }
            },
            None => from_feed,
        };
        if upgrade && store::hash(text.as_bytes()) == item_hash {
            // The page could not be had: the teaser on disk stands.
            report.unchanged += 1;
            continue;
        }
        match store::write_article(&path, &text) {
            Ok(()) => {
                if new {
                    report.new += 1;
                } else {
                    report.updated += 1;
                }
                update
                    .files
                    .push((relative, Written { file: store::hash(text.as_bytes()), item: item_hash }));
            }
            Err(e) => unwritten.push(format!("{}: {e}", path.display())),
        }
    }
    // Each page by its address, so that the user can look at it.
    for (url, why) in pages_missed.iter().take(NOTED_PAGES) {
        report.notes.push(format!("full text: {url}: {why} (teaser kept)"));
    }
    if let Some(more) = pages_missed.len().checked_sub(NOTED_PAGES).filter(|&n| n > 0) {
        let pages = if more == 1 { "page" } else { "pages" };
        report.notes.push(format!("full text: {more} more {pages} kept as teasers"));
    }
    if let Some(first) = unwritten.first() {
        report.status = Status::Failed;
        report.error = Some(format!("{} items not written ({first})", unwritten.len()));
    } else {
        update.feed = Some(FeedState { validators: page.validators, title: feed_title, full_text: full });
    }
    (report, update)
}

/// Whether a document is an HTML page: after a byte order mark, spaces
/// and comments, it opens with `<!DOCTYPE html` or `<html`.
fn is_html(bytes: &[u8]) -> bool {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).trim_ascii_start();
    while let Some(comment) = rest.strip_prefix(b"<!--") {
        let Some(end) = comment.windows(3).position(|w| w == b"-->") else { return false };
        rest = comment[end + 3..].trim_ascii_start();
    }
    let head = rest[..rest.len().min(14)].to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// What to do with an item's file.
#[derive(Debug, PartialEq, Eq)]
enum Placement {
    Unchanged,
    /// The file is as this item makes it, but not remembered (a fetch was
    /// stopped between writing it and saving the state): remember it.
    Adopt(Written),
    /// The file is the user's (edited, deleted, or never brief's).
    Leave,
    Write {
        new: bool,
    },
}

/// Decides from what is on disk where the item's file goes, what brief
/// wrote there last (if it did), and the hash of the item's file as the
/// feed gives it now.
fn placement(on_disk: OnDisk, written: Option<&Written>, item_hash: &str) -> Placement {
    match (on_disk, written) {
        (OnDisk::File(now), Some(w)) if now != w.file => Placement::Leave,
        (OnDisk::File(_), Some(w)) if w.item == item_hash => Placement::Unchanged,
        (OnDisk::File(_), Some(_)) => Placement::Write { new: false },
        (OnDisk::File(now), None) if now == item_hash => {
            Placement::Adopt(Written { file: now, item: item_hash.to_string() })
        }
        (OnDisk::File(_), None) | (OnDisk::Other, _) => Placement::Leave,
        // Deleted since it was written: the user's choice stands.
        (OnDisk::Nothing, Some(_)) => Placement::Leave,
        (OnDisk::Nothing, None) => Placement::Write { new: true },
    }
}

/// The pages whose full text could not be had that a feed's report names
/// one by one; the rest are counted.
const NOTED_PAGES: usize = 10;

/// The article on the page at `url`, or why there is none.
fn full_text_of(client: &Client, hosts: &Queue, url: &str) -> Result<crate::loader::html::Extracted, String> {
    crate::links::openable(url).map_err(|_| "not an http or https address".to_string())?;
    let slot = hosts.hold(&host(url));
    let got = client.get(url, &http::Validators::default());
    drop(slot);
    match got.map_err(|e| e.to_string())? {
        Got::Page(page) => render::extract_article(&page),
        Got::NotModified => Err("HTTP 304 to an unconditional request".to_string()),
    }
}

/// The feeds still to fetch, and the requests under way at each host, so
/// that no host has more than `per_host` at once (feeds and the pages
/// behind their teasers alike): a worker takes the first feed whose host
/// has room, and waits when none has.
struct Queue {
    hosts: Vec<String>,
    inner: Mutex<(VecDeque<usize>, BTreeMap<String, usize>)>,
    room: Condvar,
    per_host: usize,
}

impl Queue {
    fn new(subscriptions: &[Subscription], per_host: usize) -> Queue {
        let hosts = subscriptions.iter().map(|s| host(&s.url)).collect();
        let waiting = (0..subscriptions.len()).collect();
        Queue { hosts, inner: Mutex::new((waiting, BTreeMap::new())), room: Condvar::new(), per_host }
    }

    /// The next feed to fetch and a place at its host.
    fn next(&self) -> Option<(usize, Slot<'_>)> {
        let mut inner = self.lock();
        loop {
            let (waiting, busy) = &mut *inner;
            if waiting.is_empty() {
                return None;
            }
            let free =
                waiting.iter().position(|&i| busy.get(&self.hosts[i]).copied().unwrap_or(0) < self.per_host);
            if let Some(place) = free {
                let at = waiting.remove(place)?;
                *busy.entry(self.hosts[at].clone()).or_default() += 1;
                return Some((at, Slot { queue: self, host: self.hosts[at].clone() }));
            }
            inner = self.room.wait(inner).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// A place at `host`, once it has room.
    fn hold(&self, host: &str) -> Slot<'_> {
        let mut inner = self.lock();
        while inner.1.get(host).copied().unwrap_or(0) >= self.per_host {
            inner = self.room.wait(inner).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *inner.1.entry(host.to_string()).or_default() += 1;
        Slot { queue: self, host: host.to_string() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (VecDeque<usize>, BTreeMap<String, usize>)> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A request's place at its host, given back when dropped.
struct Slot<'a> {
    queue: &'a Queue,
    host: String,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Some(count) = self.queue.lock().1.get_mut(&self.host) {
            *count = count.saturating_sub(1);
        }
        self.queue.room.notify_all();
    }
}

/// The host (and port) of an address, lower-cased: what politeness counts by.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority.rsplit('@').next().unwrap_or("").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_counted_by_authority() {
        assert_eq!(host("https://User@News.Example:8080/feed?x"), "news.example:8080");
        assert_eq!(host("http://a.example"), "a.example");
    }

    #[test]
    fn a_feed_listed_twice_is_fetched_once_as_first_listed() {
        let sub = |url: &str, folder: Option<&str>| Subscription {
            url: url.into(),
            folder: folder.map(Into::into),
            ..Default::default()
        };
        let (once, warnings) = distinct(&[
            sub("http://a.example/f", None),
            sub("http://b.example/f", None),
            sub("HTTP://A.example/f", Some("x")),
            sub("http://a.example/F", None),
            sub("http://a.example/f", None),
        ]);
        let urls: Vec<&str> = once.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(
            urls,
            ["http://a.example/f", "http://b.example/f", "http://a.example/F"],
            "paths keep their case"
        );
        assert_eq!(once[0].folder, None);
        assert_eq!(warnings, ["http://a.example/f is listed 3 times; fetched once, as first listed"]);
    }

    #[test]
    fn html_pages_are_told_by_their_start() {
        assert!(is_html(b"\xEF\xBB\xBF <!-- x -->\n<!DOCTYPE HTML><html>"));
        assert!(is_html(b"<html lang=\"en\">"));
        assert!(!is_html(b"<?xml version=\"1.0\"?><rss>"));
        assert!(!is_html(b"<!-- never closed <html>"));
    }

    #[test]
    fn a_subscription_folder_stays_inside_the_fetch_folder() {
        let sub = |folder: &str| Subscription { folder: Some(folder.into()), ..Default::default() };
        assert_eq!(feed_dir(Path::new("/n"), &sub("a/b")).unwrap(), Path::new("/n/a/b"));
        assert!(feed_dir(Path::new("/n"), &sub("../etc")).is_err());
        assert!(feed_dir(Path::new("/n"), &sub("/etc")).is_err());
    }

    #[test]
    fn a_file_is_written_only_while_it_is_as_brief_left_it() {
        let w = |file: &str, item: &str| Written { file: file.into(), item: item.into() };
        let file = |h: &str| OnDisk::File(h.into());
        assert_eq!(placement(OnDisk::Nothing, None, "i"), Placement::Write { new: true });
        assert_eq!(placement(file("f"), Some(&w("f", "i")), "i"), Placement::Unchanged);
        assert_eq!(
            placement(file("f"), Some(&w("f", "i")), "j"),
            Placement::Write { new: false },
            "the feed changed it"
        );
        assert_eq!(
            placement(file("edited"), Some(&w("f", "i")), "j"),
            Placement::Leave,
            "the user changed it"
        );
        assert_eq!(
            placement(OnDisk::Nothing, Some(&w("f", "i")), "i"),
            Placement::Leave,
            "the user deleted it"
        );
        assert_eq!(placement(file("i"), None, "i"), Placement::Adopt(w("i", "i")));
        assert_eq!(placement(file("x"), None, "i"), Placement::Leave, "a file brief did not write");
        assert_eq!(placement(OnDisk::Other, None, "i"), Placement::Leave);
    }

    #[test]
    fn no_host_gets_more_than_its_share() {
        let subs: Vec<Subscription> = ["http://a/1", "http://a/2", "http://a/3", "http://b/1"]
            .iter()
            .map(|u| Subscription { url: u.to_string(), ..Default::default() })
            .collect();
        let queue = Queue::new(&subs, 2);
        let next = || queue.next().map(|(at, slot)| (at, slot.host.clone(), slot));
        let (first, _, a1) = next().unwrap();
        let (second, _, _a2) = next().unwrap();
        let (third, b, _b1) = next().unwrap();
        assert_eq!(
            (first, second, third, b.as_str()),
            (0, 1, 3, "b"),
            "a's third waits while a has two under way"
        );
        drop(a1);
        assert_eq!(next().map(|(at, ..)| at), Some(2));
        assert!(next().is_none());
        // A page's request waits for room at its host like a feed's.
        let page = queue.hold("b");
        let (done, waited) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| {
                let _third = queue.hold("b");
                done.send(()).unwrap();
            });
            assert!(waited.recv_timeout(std::time::Duration::from_millis(100)).is_err(), "b is full");
            drop(page);
            assert!(waited.recv_timeout(std::time::Duration::from_secs(5)).is_ok(), "room at b");
        });
    }
}
