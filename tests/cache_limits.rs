//! A cache file is untrusted input: a count inside it, however large, is
//! checked against the bytes that follow before anything is allocated.
//! Its own test binary, for the allocator that plays a memory limit.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;

use brief::cache::{self, CacheError};

/// Refuses any single allocation over 1 GiB, as a memory limit would: a
/// decoder that believes a count aborts the test.
struct Limited;

const LIMIT: usize = 1 << 30;

unsafe impl GlobalAlloc for Limited {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > LIMIT { std::ptr::null_mut() } else { unsafe { System.alloc(layout) } }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > LIMIT { std::ptr::null_mut() } else { unsafe { System.realloc(ptr, layout, new_size) } }
    }
}

#[global_allocator]
static ALLOCATOR: Limited = Limited;

/// A whole cache file around `head` (no key points, postings, places or
/// lists, so no block checksums), with the right magic, format, version, lengths and
/// checksum: only its contents lie.
fn cache_file(path: &Path, head: &[u8]) {
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut file = b"brief-index\0".to_vec();
    file.extend(cache::FORMAT.to_le_bytes());
    file.extend((version.len() as u32).to_le_bytes());
    file.extend(version);
    file.extend((head.len() as u64).to_le_bytes());
    // No key points, postings, places or lists.
    file.extend([0u8; 32]);
    file.extend(head);
    file.extend(xxhash_rust::xxh3::xxh3_64(head).to_le_bytes());
    std::fs::write(path, file).unwrap();
}

/// A head of the articles' section (its length, checksum and bytes),
/// then the index's part.
fn head(articles: &[u8], index: &[u8]) -> Vec<u8> {
    let mut head = Vec::new();
    head.extend((articles.len() as u64).to_le_bytes());
    head.extend(xxhash_rust::xxh3::xxh3_64(articles).to_le_bytes());
    head.extend(articles);
    head.extend(index);
    head
}

/// What damage `cache::read` (or, with `list`, `cache::read_articles`)
/// finds in a file around `head`.
fn damaged(head: &[u8], list: bool) -> &'static str {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.bin");
    cache_file(&path, head);
    let result =
        if list { cache::read_articles(&path, &[]).map(drop) } else { cache::read(&path, &[]).map(drop) };
    match result {
        Err(CacheError::Damaged(what)) => what,
        Err(other) => panic!("{other}"),
        Ok(()) => panic!("a lying cache was believed"),
    }
}

#[test]
fn counts_of_four_billion_are_refused_before_any_allocation() {
    // No articles, then an index that claims 0xFFFFFFFF articles (16 GiB
    // of lengths) and no words.
    let index = [0u32, u32::MAX, 0].map(u32::to_le_bytes).concat();
    assert_eq!(damaged(&head(&0u32.to_le_bytes(), &index), false), "count");

    // An article count of 0xFFFFFFFF, read whole or for a list.
    let articles = u32::MAX.to_le_bytes();
    assert_eq!(damaged(&head(&articles, &[]), false), "count");
    assert_eq!(damaged(&head(&articles, &[]), true), "count");

    // One chunk that claims 0xFFFFFFFF articles of the one announced.
    let articles = [1u32, u32::MAX, 0].map(u32::to_le_bytes).concat();
    assert_eq!(damaged(&head(&articles, &[]), true), "count");

    // 0xFFFFFFFF words, and 0xFFFFFFFF listed prefixes.
    for at in [1, 2] {
        let mut counts = [0u32; 3];
        counts[at] = u32::MAX;
        let mut index: Vec<u8> = counts.iter().take(2).flat_map(|c| c.to_le_bytes()).collect();
        if at == 2 {
            index.extend(u32::MAX.to_le_bytes());
        }
        assert_eq!(damaged(&head(&0u32.to_le_bytes(), &index), false), "count", "count {at}");
    }
}

#[test]
fn a_list_checks_the_articles_own_checksum_and_length() {
    let mut bad_sum = head(&0u32.to_le_bytes(), &[]);
    bad_sum[8] ^= 1;
    assert_eq!(damaged(&bad_sum, true), "checksum");
    // An articles' length past the head, read whole or for a list.
    let mut long = head(&0u32.to_le_bytes(), &[]);
    long[..8].copy_from_slice(&100u64.to_le_bytes());
    assert_eq!(damaged(&long, true), "truncated");
    assert_eq!(damaged(&long, false), "truncated");
}

#[test]
fn text_read_from_the_cache_is_sanitized_again() {
    use std::sync::Arc;

    use brief::article::Stamp;
    use brief::article::{Article, Meta, Origin};
    use brief::search::index::Index;

    // A cache written by something else: every string holds what the
    // loader would have removed.
    let bad = |what: &str| format!("{what} \u{1b}]0;owned\u{7}\u{202e}\u{2066}\u{9b}2J\u{7f}end");
    let meta = Meta {
        source: Some(bad("source")),
        author: Some(bad("author")),
        url: Some(bad("https://e.org/")),
        tags: vec![bad("tag")],
        date: None,
        lang: Some(bad("en")),
    };
    let article = Article {
        id: "0123456789".into(),
        origin: Origin::File("/nowhere/a.txt".into()),
        title: bad("title"),
        meta,
        key_points: vec![bad("point")].into(),
        body: None,
        modified: None,
        stamp: Some(Stamp { size: 1, modified_ns: 1 }),
        words: 3,
    };
    let articles = vec![Arc::new(article)];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.bin");
    cache::write(&path, &[], &articles, &Index::build(&articles)).unwrap();

    let read = cache::read(&path, &[]).unwrap();
    let a = &read.articles[0];
    assert_eq!(a.title, "title end");
    assert_eq!(a.meta.source.as_deref(), Some("source end"));
    assert_eq!(a.meta.author.as_deref(), Some("author end"));
    assert_eq!(a.meta.url.as_deref(), Some("https://e.org/ end"));
    assert_eq!(a.meta.tags, ["tag end"]);
    assert_eq!(a.key_points.all(), ["point end"]);
}
