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

/// A whole cache file around `head` (no postings), with the right magic,
/// format, version, lengths and checksum: only its contents lie.
fn cache_file(path: &Path, head: &[u8]) {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(head);
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut file = b"brief-index\0".to_vec();
    file.extend(cache::FORMAT.to_le_bytes());
    file.extend((version.len() as u32).to_le_bytes());
    file.extend(version);
    file.extend((head.len() as u64).to_le_bytes());
    file.extend(0u64.to_le_bytes());
    file.extend(head);
    file.extend(hasher.digest().to_le_bytes());
    std::fs::write(path, file).unwrap();
}

fn damaged(head: &[u8]) -> &'static str {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.bin");
    cache_file(&path, head);
    match cache::read(&path) {
        Err(CacheError::Damaged(what)) => what,
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("a lying cache was believed"),
    }
}

#[test]
fn counts_of_four_billion_are_refused_before_any_allocation() {
    // No articles, then an index that claims 0xFFFFFFFF articles (16 GiB
    // of lengths) and no words.
    let mut head = 4u64.to_le_bytes().to_vec();
    head.extend(0u32.to_le_bytes());
    head.extend(u32::MAX.to_le_bytes());
    head.extend(0u32.to_le_bytes());
    assert_eq!(damaged(&head), "count");

    // An article count of 0xFFFFFFFF.
    let mut head = 4u64.to_le_bytes().to_vec();
    head.extend(u32::MAX.to_le_bytes());
    assert_eq!(damaged(&head), "count");

    // 0xFFFFFFFF words, and 0xFFFFFFFF first letters.
    for at in [1, 2] {
        let mut head = 4u64.to_le_bytes().to_vec();
        head.extend(0u32.to_le_bytes());
        let mut counts = [0u32; 3];
        counts[at] = u32::MAX;
        for c in counts.iter().take(2) {
            head.extend(c.to_le_bytes());
        }
        if at == 2 {
            head.extend(u32::MAX.to_le_bytes());
        }
        assert_eq!(damaged(&head), "count", "count {at}");
    }
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
    };
    let article = Article {
        id: "0123456789".into(),
        origin: Origin::File("/nowhere/a.txt".into()),
        title: bad("title"),
        meta,
        key_points: vec![bad("point")],
        body: None,
        modified: None,
        stamp: Some(Stamp { size: 1, modified_ns: 1 }),
        words: 3,
    };
    let articles = vec![Arc::new(article)];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.bin");
    cache::write(&path, &articles, &Index::build(&articles)).unwrap();

    let read = cache::read(&path).unwrap();
    let a = &read.articles[0];
    assert_eq!(a.title, "title end");
    assert_eq!(a.meta.source.as_deref(), Some("source end"));
    assert_eq!(a.meta.author.as_deref(), Some("author end"));
    assert_eq!(a.meta.url.as_deref(), Some("https://e.org/ end"));
    assert_eq!(a.meta.tags, ["tag end"]);
    assert_eq!(a.key_points, ["point end"]);
}
