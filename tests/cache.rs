//! The index cache: reused only for files that are unchanged, never
//! trusted when damaged or foreign, never left half-written.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

mod common;

use brief::app::{App, Event};
use brief::article::{Article, Origin};
use brief::cache::{self, CacheError};
use brief::loader::{self, Batch, Collection};
use brief::search::Query;
use brief::search::index::Index;

fn write_article(dir: &Path, name: &str, title: &str) {
    let text = format!("Title: {title}\n\nKey Points\n- A point about {title}.\n\nThe body of {title}.\n");
    fs::write(dir.join(name), text).unwrap();
}

/// A folder of five articles, loaded and cached as the reader would.
fn cached_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    fs::create_dir(&articles).unwrap();
    for i in 0..5 {
        write_article(&articles, &format!("{i}.txt"), &format!("Story {i}"));
    }
    let cache_file = dir.path().join("index.bin");
    let loaded = load(&articles, None);
    let all: Vec<Arc<Article>> = loaded.iter().flat_map(|b| b.articles.clone()).collect();
    cache::write(&cache_file, std::slice::from_ref(&articles), &all, &Index::build(&all)).unwrap();
    (dir, cache_file)
}

fn load(folder: &Path, cache_file: Option<&Path>) -> Vec<Batch> {
    let mut batches = Vec::new();
    loader::load_streaming(
        &[folder.to_path_buf()],
        || cache_file.and_then(|p| cache::read(p, &[folder.to_path_buf()]).ok()),
        |b| batches.push(b),
    );
    batches
}

/// Titles that came from the cache and still stand (the first batch,
/// handed over before the walk ends, less the files the walk's batch says
/// are gone), titles read (all later batches), and whether the cached
/// index stands for everything (nothing gone, nothing read).
fn sources(batches: &[Batch]) -> (Vec<String>, Vec<String>, bool) {
    let titles = |articles: Vec<&Arc<Article>>| {
        let mut titles: Vec<String> = articles.iter().map(|a| a.title.clone()).collect();
        titles.sort();
        titles
    };
    assert!(batches[0].from_cache, "the cache comes first");
    assert!(batches[1].articles.is_empty(), "then the walk's batch");
    let gone = &batches[1].gone;
    let stands = |a: &&Arc<Article>| !matches!(&a.origin, Origin::File(path) if gone.contains(path));
    let cached = titles(batches[0].articles.iter().filter(stands).collect());
    let read = titles(batches[2..].iter().flat_map(|b| &b.articles).collect());
    let whole = gone.is_empty() && read.is_empty();
    (cached, read, whole)
}

/// The files the walk's batch says the cache is out of date for.
fn gone(batches: &[Batch]) -> Vec<String> {
    batches[1].gone.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
}

/// Rewrites a file with new text and a clearly different modification time.
fn change(path: &Path, title: &str) {
    write_article(path.parent().unwrap(), path.file_name().unwrap().to_str().unwrap(), title);
    let later = SystemTime::now() + Duration::from_secs(60);
    fs::File::options().write(true).open(path).unwrap().set_modified(later).unwrap();
}

fn strings(titles: &[&str]) -> Vec<String> {
    titles.iter().map(|t| t.to_string()).collect()
}

#[test]
fn a_folder_opened_under_another_name_uses_the_same_cache() {
    let (dir, cache_file) = cached_folder();
    // `brief ~/news` and `cd ~; brief news` spell one folder two ways.
    for spelling in [dir.path().join("link"), dir.path().join("link/"), dir.path().join("./articles")] {
        if !dir.path().join("link").exists() {
            std::os::unix::fs::symlink(dir.path().join("articles"), dir.path().join("link")).unwrap();
        }
        let batches = load(&spelling, Some(&cache_file));
        let (cached, read, whole) = sources(&batches);
        assert_eq!((cached.len(), read.len(), whole), (5, 0, true), "{}", spelling.display());
        let origin = batches[0].articles[0].origin.display();
        assert!(origin.starts_with(&spelling.display().to_string()), "{origin} under {}", spelling.display());
    }
}

#[test]
fn an_unchanged_folder_comes_whole_from_the_cache_with_its_index() {
    let (dir, cache_file) = cached_folder();
    let batches = load(&dir.path().join("articles"), Some(&cache_file));
    let (cached, read, index) = sources(&batches);
    assert_eq!(cached.len(), 5);
    assert!(read.is_empty());
    assert!(index);
    // The cached index searches, and bodies come back from the files.
    let batch = &batches[0];
    let found = batch.part.as_ref().unwrap().index.search(&Query::parse("story 3"));
    assert_eq!(found.len(), 1);
    let article = &batch.articles[found[0].article];
    assert_eq!(article.title, "Story 3");
    assert!(article.body.is_none(), "the cache holds no bodies");
    let body = brief::loader::read_body(&article.origin, &article.id);
    assert_eq!(body.body, ["The body of Story 3."]);
    assert_eq!(article.reading_minutes(), 1);
}

#[test]
fn changed_added_deleted_and_renamed_files_are_read_again() {
    let (dir, cache_file) = cached_folder();
    let articles = dir.path().join("articles");
    change(&articles.join("0.txt"), "Story 0 revised");
    write_article(&articles, "5.txt", "Story 5");
    fs::remove_file(articles.join("1.txt")).unwrap();
    fs::rename(articles.join("2.txt"), articles.join("2-renamed.txt")).unwrap();
    let batches = load(&articles, Some(&cache_file));
    assert_eq!(gone(&batches), ["0.txt", "1.txt", "2.txt"]);
    let (cached, read, index) = sources(&batches);
    assert_eq!(cached, strings(&["Story 3", "Story 4"]));
    assert_eq!(read, strings(&["Story 0 revised", "Story 2", "Story 5"]));
    assert!(!index, "the cached index no longer fits: rebuilt");
}

#[test]
fn what_the_cache_listed_first_is_put_right_in_the_reader_and_on_the_command_line() {
    let (dir, cache_file) = cached_folder();
    let articles = dir.path().join("articles");
    change(&articles.join("0.txt"), "Story 0 revised");
    fs::remove_file(articles.join("1.txt")).unwrap();
    let roots = [articles.clone()];
    let expected = strings(&["Story 0 revised", "Story 2", "Story 3", "Story 4"]);
    let sorted = |mut titles: Vec<String>| {
        titles.sort();
        titles
    };
    // The reader lists the cache as it was at once, then puts it right.
    let mut app = App::new(Collection::default(), 120, 40);
    let mut batches = load(&articles, Some(&cache_file)).into_iter();
    common::drive(&mut app, Event::Loaded(batches.next().unwrap()));
    assert_eq!(app.shown().len(), 5, "the cached list, before the walk ends");
    for batch in batches {
        common::drive(&mut app, Event::Loaded(batch));
    }
    common::tick(&mut app);
    assert!(app.loading().is_none() && !app.indexing());
    let titles = sorted(app.shown().iter().map(|&i| app.articles()[i].title.clone()).collect());
    assert_eq!(titles, expected);
    common::type_keys(&mut app, "/revised");
    let found: Vec<&str> = app.shown().iter().map(|&i| app.articles()[i].title.as_str()).collect();
    assert_eq!(found, ["Story 0 revised"]);
    // The command line's load ends the same, its index rebuilt.
    let loaded = loader::load_indexed(&roots, || cache::read(&cache_file, &roots).ok()).unwrap();
    let titles = sorted(loaded.collection.articles.iter().map(|a| a.title.clone()).collect());
    assert_eq!(titles, expected);
    assert!(!loaded.from_cache, "the cache is to be written again");
    let hits = loaded.index.search(&Query::parse("revised"));
    assert_eq!(hits.len(), 1);
    assert_eq!(loaded.collection.articles[hits[0].article].title, "Story 0 revised");
    for gone in ["1", "\"story 0\""] {
        let hits = loaded.index.search(&Query::parse(gone));
        let titles: Vec<&str> =
            hits.iter().map(|h| loaded.collection.articles[h.article].title.as_str()).collect();
        assert!(!titles.contains(&"Story 1"), "{gone}: {titles:?}");
    }
}

#[test]
fn a_cached_file_changed_or_its_folder_removed_while_open_replaces_its_article() {
    // The cache's articles are known places through the loader's walk:
    // a change to one of their files is no copy-in.
    let (dir, cache_file) = cached_folder();
    let articles = dir.path().join("articles");
    let mut app = App::new(Collection::default(), 120, 40);
    for batch in load(&articles, Some(&cache_file)) {
        common::drive(&mut app, Event::Loaded(batch));
    }
    assert!(app.loading().is_none());
    change(&articles.join("2.txt"), "Story 2 revised");
    let load = loader::load_file(&articles.join("2.txt"), &articles);
    common::drive(
        &mut app,
        Event::Changes(vec![brief::collection::Change::File { path: articles.join("2.txt"), load }]),
    );
    let mut titles: Vec<&str> = app.shown().iter().map(|&i| app.articles()[i].title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["Story 0", "Story 1", "Story 2 revised", "Story 3", "Story 4"]);
    common::drive(&mut app, Event::Changes(vec![brief::collection::Change::Removed(articles.clone())]));
    assert!(app.shown().is_empty(), "the folder went with every article in it");
}

#[test]
fn a_deleted_file_alone_also_retires_the_cached_index() {
    let (dir, cache_file) = cached_folder();
    fs::remove_file(dir.path().join("articles/4.txt")).unwrap();
    let batches = load(&dir.path().join("articles"), Some(&cache_file));
    assert_eq!(gone(&batches), ["4.txt"]);
    let (cached, read, index) = sources(&batches);
    assert_eq!(cached.len(), 4);
    assert!(read.is_empty());
    assert!(!index);
}

#[test]
fn a_damaged_cache_is_never_trusted() {
    let (dir, cache_file) = cached_folder();
    let good = fs::read(&cache_file).unwrap();
    // Every single-byte change and every truncation is caught.
    for at in 0..good.len() {
        let mut bad = good.clone();
        bad[at] ^= 0x5a;
        assert!(cache::decode(&bad, &[]).is_err(), "flipped byte {at} was believed");
    }
    for len in 0..good.len() {
        assert!(cache::decode(&good[..len], &[]).is_err(), "truncated to {len} was believed");
    }
    // And loading falls back to reading every file.
    fs::write(&cache_file, &good[..good.len() / 2]).unwrap();
    let batches = load(&dir.path().join("articles"), Some(&cache_file));
    assert_eq!(batches.len(), 2, "the walk's batch, then one of files read");
    assert!(!batches[1].from_cache);
    assert_eq!(batches[1].articles.len(), 5);
}

#[test]
fn a_damaged_block_of_key_points_or_postings_reads_as_nothing_and_is_never_written_again() {
    let (dir, cache_file) = cached_folder();
    let articles = dir.path().join("articles");
    let roots = [articles.clone()];
    let sound = cache::read(&cache_file, &roots).unwrap();
    assert_eq!(sound.index.search(&Query::parse("story")).len(), 5);
    // The first bytes of the key points and of the postings: after the
    // magic, the format, the version, the five parts' lengths and the head.
    let good = fs::read(&cache_file).unwrap();
    let number = |at: usize, len: usize| good[at..at + len].iter().rev().fold(0, |n, &b| n << 8 | b as usize);
    let lengths = 20 + number(16, 4);
    let points = lengths + 40 + number(lengths, 8);
    let postings = points + number(lengths + 8, 8);
    let mut bad = good.clone();
    bad[postings] ^= 0x5a;
    bad[points] ^= 0x5a;
    fs::write(&cache_file, &bad).unwrap();
    // Key points in a damaged block read as none, not as what the changed
    // byte would say.
    let listed = cache::read_articles(&cache_file, &roots).unwrap();
    assert_eq!(listed.articles.len(), 5);
    assert!(listed.articles.iter().all(|a| a.key_points.len() == 1), "counted without reading them");
    assert!(listed.articles.iter().all(|a| a.key_points.all().is_empty() && a.key_points.is_empty()));

    // The head is sound, so the cache is used: a start reads no postings.
    let cached = cache::read(&cache_file, &roots).unwrap();
    assert!(!cached.index.is_damaged());
    // A search reads the damaged block: it finds nothing there, not what
    // the changed byte would say, and the index knows.
    assert!(cached.index.search(&Query::parse("story")).is_empty());
    assert!(cached.index.is_damaged());
    // Neither it nor an index combined from it is written as a sound cache.
    let again = dir.path().join("again.bin");
    assert!(cache::write(&again, &roots, &cached.articles, &cached.index).is_err());
    let n = cached.articles.len();
    let whole =
        brief::search::index::Part::whole(Arc::new(cache::read(&cache_file, &roots).unwrap().index), n);
    let combined = Index::combine(&[whole], n);
    assert!(combined.is_damaged());
    assert!(cache::write(&again, &roots, &cached.articles, &combined).is_err());
    assert!(!again.exists());

    // The reader that searches it drops the cache and says why.
    let mut app = App::new(Collection::default(), 120, 40);
    for batch in load(&articles, Some(&cache_file)) {
        common::drive(&mut app, Event::Loaded(batch));
    }
    for c in "/story".chars() {
        common::drive(&mut app, common::key(ratatui::crossterm::event::KeyCode::Char(c)));
    }
    let effects = common::tick(&mut app);
    assert!(effects.iter().any(|e| matches!(e, brief::app::Effect::ForgetCache)), "{effects:?}");
    assert!(app.message().is_some_and(|m| m.contains("damaged")), "{:?}", app.message());
}

#[test]
fn a_damaged_block_of_a_prefix_list_reads_as_nothing() {
    let (dir, cache_file) = cached_folder();
    let roots = [dir.path().join("articles")];
    let all = cache::read(&cache_file, &roots).unwrap().articles;
    let mut index = Index::build(&all);
    index.list_prefixes(0);
    cache::write(&cache_file, &roots, &all, &index).unwrap();
    assert_eq!(cache::read(&cache_file, &roots).unwrap().index.search(&Query::parse("st")).len(), 5);
    // The lists come after the head, the key points, the postings and the
    // places.
    let mut bytes = fs::read(&cache_file).unwrap();
    let number = |at: usize| bytes[at..at + 8].iter().rev().fold(0, |n, &b| n << 8 | b as usize);
    let lengths = 20 + bytes[16..20].iter().rev().fold(0, |n, &b| n << 8 | b as usize);
    let lists = lengths + 40 + (0..4).map(|i| number(lengths + 8 * i)).sum::<usize>();
    assert!(number(lengths + 32) > 0, "there are lists");
    bytes[lists] ^= 0x5a;
    fs::write(&cache_file, &bytes).unwrap();
    let cached = cache::read(&cache_file, &roots).unwrap();
    assert!(cached.index.search(&Query::parse("st")).is_empty());
    assert!(cached.index.is_damaged());
    // Words are not listed: their postings are sound.
    assert_eq!(cached.index.search(&Query::parse("story")).len(), 5);
    assert!(cache::write(&dir.path().join("again.bin"), &roots, &cached.articles, &cached.index).is_err());
}

#[test]
fn the_first_rows_are_written_beside_the_cache_and_shown_until_the_collection_is_in() {
    let (dir, cache_file) = cached_folder();
    let articles = dir.path().join("articles");
    let roots = [articles.clone()];
    let preview_file = cache::preview_path(&cache_file);
    let preview = cache::read_preview(&preview_file, &roots).unwrap();
    // The list's order: newest first, as the reader lists them.
    let cached = cache::read(&cache_file, &roots).unwrap();
    let order = brief::collection::date_sorted(&cached.articles, None);
    let listed: Vec<&str> = order.iter().map(|&i| cached.articles[i].title.as_str()).collect();
    let previewed: Vec<&str> = preview.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(previewed, listed);
    let files = |a: &[&Arc<Article>]| a.iter().map(|a| a.origin.clone()).collect::<Vec<_>>();
    let in_order: Vec<&Arc<Article>> = order.iter().map(|&i| &cached.articles[i]).collect();
    assert_eq!(files(&preview.articles.iter().collect::<Vec<_>>()), files(&in_order));
    assert_eq!(preview.total, 5);

    // The reader shows them, with the count, while the cache is read; the
    // collection's own rows replace them.
    let mut app = App::new(Collection::default(), 60, 12);
    common::drive(&mut app, Event::Loaded(Batch { preview: Some(Box::new(preview)), ..Batch::default() }));
    let screen = common::screen(&app);
    assert!(screen.contains("Articles (5)"), "{screen}");
    assert!(listed.iter().all(|t| screen.contains(t)), "{screen}");
    assert!(!screen.contains("Loading") && screen.contains("reading the cache"), "{screen}");
    let mut batches = load(&articles, Some(&cache_file)).into_iter();
    common::drive(&mut app, Event::Loaded(batches.next().unwrap()));
    assert!(app.preview().is_none());
    assert_eq!(common::screen(&app), {
        let mut fresh = App::new(Collection::default(), 60, 12);
        common::drive(&mut fresh, Event::Loaded(load(&articles, Some(&cache_file)).remove(0)));
        common::screen(&fresh)
    });
    // A preview that comes late is not shown over the collection.
    let late = cache::read_preview(&preview_file, &roots).unwrap();
    common::drive(&mut app, Event::Loaded(Batch { preview: Some(Box::new(late)), ..Batch::default() }));
    assert!(app.preview().is_none());

    // Damaged or foreign, it is not used; forgetting the cache drops it.
    let good = fs::read(&preview_file).unwrap();
    let mut bad = good.clone();
    *bad.last_mut().unwrap() ^= 0x20;
    fs::write(&preview_file, &bad).unwrap();
    assert!(matches!(cache::read_preview(&preview_file, &roots), Err(CacheError::Damaged(_))));
    let mut foreign = good.clone();
    foreign[0] ^= 1;
    fs::write(&preview_file, &foreign).unwrap();
    assert!(matches!(cache::read_preview(&preview_file, &roots), Err(CacheError::Foreign)));
    fs::write(&preview_file, &good[..good.len() - 3]).unwrap();
    assert!(cache::read_preview(&preview_file, &roots).is_err());
    cache::forget(&cache_file);
    assert!(!cache_file.exists() && !preview_file.exists());
}

#[test]
fn a_cache_from_another_version_is_ignored() {
    let (_dir, cache_file) = cached_folder();
    let mut bytes = fs::read(&cache_file).unwrap();
    // The format version follows the 12-byte magic.
    bytes[12] = bytes[12].wrapping_add(1);
    assert!(matches!(cache::decode(&bytes, &[]), Err(CacheError::Foreign)));
    let mut bytes = fs::read(&cache_file).unwrap();
    // The version string follows its length, after the format.
    bytes[20] = b'9';
    assert!(matches!(cache::decode(&bytes, &[]), Err(CacheError::Foreign)));
    assert!(matches!(cache::decode(b"not a cache at all", &[]), Err(CacheError::Foreign)));
}

/// Not a test on its own: the body of the child process that the kill test
/// runs, which rewrites a cache file until it is killed. Ignored: only the
/// parent runs it.
#[test]
#[ignore = "a child process of killing_a_cache_write_never_leaves_a_file_that_is_believed_broken"]
fn child_writes_cache_until_killed() {
    let path = std::env::var_os("BRIEF_TEST_KILL_CACHE").expect("run by the parent test only");
    let articles: Vec<Arc<Article>> = (0..30)
        .map(|i| {
            let text = format!("Key Points\n- Point {i}.\n{}", format!("Words of article {i}. ").repeat(200));
            let origin = brief::article::Origin::File(PathBuf::from(format!("/c/{i}.txt")));
            let (mut parsed, _) = loader::parse_bytes(origin, text.as_bytes(), None).unwrap();
            let stamp = brief::article::Stamp { size: text.len() as u64, modified_ns: i as u128 };
            Arc::new(parsed.remove(0).with_stamp(stamp))
        })
        .collect();
    let index = Index::build(&articles);
    fs::write(Path::new(&path).with_extension("ready"), "").unwrap();
    loop {
        cache::write(Path::new(&path), &[], &articles, &index).unwrap();
    }
}

#[test]
fn killing_a_cache_write_never_leaves_a_file_that_is_believed_broken() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.bin");
    let exe = std::env::current_exe().unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut complete = 0;
    for trial in 0..200 {
        let mut child = std::process::Command::new(&exe)
            .args(["--exact", "child_writes_cache_until_killed", "--quiet", "--ignored"])
            .env("BRIEF_TEST_KILL_CACHE", &path)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Once it is ready, a pseudo-random moment: anywhere in a write,
        // or between writes.
        let ready = path.with_extension("ready");
        while fs::remove_file(&ready).is_err() {
            std::thread::sleep(Duration::from_millis(1));
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 20_000));
        child.kill().unwrap();
        child.wait().unwrap();
        match cache::read(&path, &[]) {
            Ok(cached) => {
                assert_eq!(cached.articles.len(), 30, "trial {trial}");
                complete += 1;
            }
            // Killed before the first write finished: no cache yet.
            Err(CacheError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => panic!("trial {trial}: {e}"),
        }
    }
    assert!(complete > 100, "most trials found a whole cache ({complete})");
}

#[test]
fn a_named_pipe_in_place_of_the_cache_is_passed_over_without_blocking() {
    let (dir, cache_file) = cached_folder();
    fs::remove_file(&cache_file).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(&cache_file).status().unwrap().success());
    // Opening a pipe with no writer for reading would wait for one forever.
    assert!(matches!(cache::read(&cache_file, &[]), Err(CacheError::Unreadable(_))));
    let batches = load(&dir.path().join("articles"), Some(&cache_file));
    assert!(batches.last().unwrap().done);
    assert_eq!(batches.iter().map(|b| b.articles.len()).sum::<usize>(), 5, "read from the files");
}

#[test]
fn a_list_reads_the_same_articles_as_a_whole_read_across_chunks() {
    // More articles than one chunk of the cache's articles holds, with
    // dates in several offsets (dates are stored as numbers).
    let articles: Vec<Arc<Article>> = (0..5000)
        .map(|i| {
            let date = format!(
                "2026-{:02}-{:02}T08:30:00{}",
                1 + i % 12,
                1 + i % 28,
                ["Z", "+05:30", "-08:00"][i % 3]
            );
            let text = format!("Title: Story {i}\nDate: {date}\n\nKey Points\n- Point {i}.\n\nBody {i}.\n");
            let origin = brief::article::Origin::File(PathBuf::from(format!("/c/{i}.txt")));
            let (mut parsed, _) = loader::parse_bytes(origin, text.as_bytes(), None).unwrap();
            let stamp = brief::article::Stamp { size: text.len() as u64, modified_ns: i as u128 };
            Arc::new(parsed.remove(0).with_stamp(stamp))
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.bin");
    cache::write(&path, &[], &articles, &Index::build(&articles)).unwrap();
    let (listed, whole) = (cache::read_articles(&path, &[]).unwrap(), cache::read(&path, &[]).unwrap());
    // The display order comes along, for a start not to sort again.
    let order: Vec<u32> =
        brief::collection::date_sorted(&articles, None).into_iter().map(|i| i as u32).collect();
    assert!(order != (0..5000).collect::<Vec<u32>>(), "time zones reorder the stories");
    for got in [&listed.order, &whole.order] {
        assert_eq!(got, &order);
    }
    let (listed, whole) = (listed.articles, whole.articles);
    assert_eq!(listed.len(), 5000);
    for ((l, w), a) in listed.iter().zip(&whole).zip(&articles) {
        for got in [l, w] {
            assert_eq!((&got.title, got.stamp, &got.id, &got.origin), (&a.title, a.stamp, &a.id, &a.origin));
            // Counted without being read, then read from the file.
            assert_eq!(got.key_points.len(), 1);
            assert_eq!(got.key_points, *a.key_points.all());
            let (got, want) = (got.meta.date.unwrap(), a.meta.date.unwrap());
            assert_eq!(got.at.to_rfc3339(), want.at.to_rfc3339(), "{}", a.title);
            assert_eq!(got.has_time, want.has_time);
        }
    }
}

#[test]
fn a_list_comes_from_the_cache_only_while_every_file_is_unchanged() {
    let (dir, cache_file) = cached_folder();
    let folder = dir.path().join("articles");
    let listed = || {
        loader::load_listed(std::slice::from_ref(&folder), || {
            cache::read_articles(&cache_file, std::slice::from_ref(&folder)).ok()
        })
        .unwrap()
    };
    let mut titles: Vec<String> =
        listed().expect("all files cached").articles.iter().map(|a| a.title.clone()).collect();
    titles.sort();
    assert_eq!(titles, ["Story 0", "Story 1", "Story 2", "Story 3", "Story 4"]);
    change(&folder.join("2.txt"), "Story two");
    assert!(listed().is_none(), "a changed file must be read");
    fs::remove_file(folder.join("2.txt")).unwrap();
    assert!(listed().is_none(), "a removed file must not be listed");
    write_article(&folder, "2.txt", "Story 2");
    write_article(&folder, "9.txt", "Story 9");
    assert!(listed().is_none(), "a new file must be read");
}

/// A generated collection: invented words of a few syllables, some with
/// accents, hyphens or in Japanese, in titles, key points and paragraphs;
/// common words often, rare ones seldom (as in news), from a fixed seed.
fn generated_collection(dir: &Path, n: usize) -> Vec<Vec<String>> {
    let mut seed = 0x2026_1204_u64;
    let mut next = move || {
        seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let syllables = ["ka", "ro", "mi", "te", "su", "lan", "dor", "vi", "né", "pa", "gü", "zo"];
    let mut vocabulary: Vec<String> = (0..600)
        .map(|i| {
            let mut word = String::new();
            let mut k = i + 7;
            for _ in 0..2 + i % 3 {
                word.push_str(syllables[k % syllables.len()]);
                k = k * 7 + 3;
            }
            word
        })
        .collect();
    vocabulary.extend(["e-mail", "喫茶店", "Łódź", "ka"].map(String::from));
    // Low word numbers far more often than high ones.
    let mut word = move || {
        let r = (next() % 1_000_000) as f64 / 1_000_000.0;
        vocabulary[((r * r * r) * vocabulary.len() as f64) as usize].clone()
    };
    let mut sentence = |words: usize| (0..words).map(|_| word()).collect::<Vec<_>>().join(" ");
    (0..n)
        .map(|i| {
            let title = sentence(4);
            let points: Vec<String> = (0..3).map(|_| format!("{}.", sentence(8))).collect();
            let paragraphs: Vec<String> =
                (0..2 + i % 4).map(|_| format!("{}, {}.", sentence(12), sentence(9))).collect();
            let text = format!(
                "Title: {title}\n\nKey Points\n{}\n\n{}\n",
                points.iter().map(|p| format!("- {p}")).collect::<Vec<_>>().join("\n"),
                paragraphs.join("\n\n")
            );
            fs::write(dir.join(format!("{i:04}.txt")), text).unwrap();
            std::iter::once(title).chain(points).chain(paragraphs).collect()
        })
        .collect()
}

/// Article numbers and scores, as two indexes of the same articles give
/// them, must agree.
fn assert_same_results(want: &Index, got: &Index, query: &str) {
    let (want, got) = (want.search(&Query::parse(query)), got.search(&Query::parse(query)));
    let numbers = |found: &[brief::search::index::Found]| found.iter().map(|f| f.article).collect::<Vec<_>>();
    assert_eq!(numbers(&got), numbers(&want), "{query:?}");
    for (w, g) in want.iter().zip(&got) {
        assert!((w.score - g.score).abs() < 1e-4, "{query:?}: {} against {}", g.score, w.score);
    }
}

#[test]
fn the_mapped_cache_searches_like_a_fresh_index_on_a_generated_collection() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("news");
    fs::create_dir(&folder).unwrap();
    let texts = generated_collection(&folder, 400);
    let roots = [folder.clone()];
    let all = loader::load(&roots).unwrap().articles;
    let fresh = Index::build(&all);
    let cache_file = dir.path().join("index.bin");
    cache::write(&cache_file, &roots, &all, &fresh).unwrap();
    let cached = cache::read(&cache_file, &roots).unwrap();
    assert_eq!(cached.articles.len(), all.len());
    for (a, b) in cached.articles.iter().zip(&all) {
        assert_eq!((&a.origin, &a.title), (&b.origin, &b.title), "the same articles in the same order");
    }
    // Queries: fixed ones, then words, prefixes and phrases (open and
    // closed, whole and cut) taken from the texts themselves.
    let mut queries: Vec<String> = [
        "k",
        "ka",
        "ka ",
        "e-mail",
        "喫茶店",
        "lodz",
        "gu",
        "\"ka ro",
        "-ka",
        "ka -\"ka ka\"",
        "zz",
        "ka OR mi",
        "\"e-mail ka\" | \"ka e-mail\"",
    ]
    .map(String::from)
    .to_vec();
    for (i, fields) in texts.iter().enumerate().step_by(7) {
        let words: Vec<&str> = fields[1 + i % 3].split_whitespace().collect();
        let (a, b, c) = (words[1], words[2], words[3].trim_end_matches(['.', ',']));
        queries.push(format!("{a} {c}"));
        queries.push(format!("\"{a} {b}\""));
        queries.push(format!("\"{a} {b} {c}"));
        let start = |w: &str, n: usize| w.chars().take(n).collect::<String>();
        queries.push(format!("\"{a} {}", start(b, 2)));
        queries.push(format!("{} -\"{b} {c}\"", start(a, 1)));
    }
    let mut phrases_found = 0;
    for query in &queries {
        assert_same_results(&fresh, &cached.index, query);
        phrases_found += usize::from(query.contains('"') && !fresh.search(&Query::parse(query)).is_empty());
    }
    assert!(phrases_found > 50, "the phrases taken from the texts are found: {phrases_found}");

    // The mapped index combined with a fresh part (files copied in while
    // reading) searches like one index of them all, phrases included.
    let more = dir.path().join("more");
    fs::create_dir(&more).unwrap();
    generated_collection(&more, 60);
    let added = loader::load(&[more]).unwrap().articles;
    let together: Vec<Arc<Article>> = all.iter().chain(&added).cloned().collect();
    let parts = vec![
        brief::search::index::Part::whole(Arc::new(cached.index), all.len()),
        brief::search::index::Part {
            index: Arc::new(Index::build(&added)),
            place: (all.len()..together.len()).map(|i| Some(i as u32)).collect(),
        },
    ];
    let combined = Index::combine(&parts, together.len());
    let rebuilt = Index::build(&together);
    for query in &queries {
        assert_same_results(&rebuilt, &combined, query);
    }

    // Every short prefix's results precomputed, as a big collection has
    // them, and used where they lie in the mapped file: the same results
    // as walking the words' postings.
    let mut listed = Index::build(&all);
    listed.list_prefixes(0);
    let listed_file = dir.path().join("listed.bin");
    cache::write(&listed_file, &roots, &all, &listed).unwrap();
    assert!(fs::metadata(&listed_file).unwrap().len() > fs::metadata(&cache_file).unwrap().len());
    let mapped = cache::read(&listed_file, &roots).unwrap().index;
    let mut walked = Index::build(&all);
    walked.list_prefixes(u64::MAX);
    let mut prefixes: Vec<String> = texts
        .iter()
        .flatten()
        .flat_map(|t| t.split_whitespace())
        .flat_map(|w| {
            [1, 2].map(|n| w.to_lowercase().chars().filter(|c| c.is_alphanumeric()).take(n).collect())
        })
        .collect();
    prefixes.sort();
    prefixes.dedup();
    assert!(prefixes.len() > 20, "{prefixes:?}");
    for query in prefixes.iter().chain(&queries) {
        assert_same_results(&walked, &mapped, query);
        assert_same_results(&walked, &listed, query);
    }
    assert!(!mapped.is_damaged());
}
