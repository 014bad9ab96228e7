//! Entry points for fuzzing: each feeds outside bytes to one part of brief
//! and panics if an invariant breaks. The cargo-fuzz targets in `fuzz/`
//! call these, and `tests/fuzz_corpus.rs` replays every saved input
//! through them, so what the fuzzer found stays fixed.

use std::path::Path;

use crate::article::Source;
use crate::article::{Article, Origin};
use crate::search::{Fields, FoldedArticle, Query, Shown};

/// Any bytes as any article format (the first byte picks it).
pub fn parse(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = ["f.txt", "f.md", "f.xml", "f.json"][usize::from(pick) % 4];
    if name == "f.xml" || name == "f.json" {
        fetched_items_read_back(bytes);
    }
    check_parsed(name, bytes);
}

/// Any bytes as a saved web page: what the extractor gives is sanitized,
/// and so is the article it becomes.
pub fn html(data: &[u8]) {
    if let Ok(page) = crate::loader::html::extract(data, Some("https://example.org/a/b")) {
        let fields = [&page.title, &page.meta.source, &page.meta.author, &page.meta.url, &page.meta.lang];
        for text in fields.into_iter().flatten().chain(&page.meta.tags) {
            assert!(!text.contains(char::is_control), "control character in {text:?}");
        }
        assert!(!page.markdown.contains(|c: char| c.is_control() && c != '\n'), "{:?}", page.markdown);
    }
    check_parsed("f.html", data);
}

/// Parses `bytes` as the file `name` and checks every article's text.
fn check_parsed(name: &'static str, bytes: &[u8]) {
    let Ok((articles, _)) = crate::loader::parse_bytes(Origin::Embedded(name), bytes, None) else { return };
    for a in articles {
        let body = a.held_body();
        for text in std::iter::once(&a.title).chain(&a.key_points).chain(&body.body) {
            assert!(!text.contains(|c: char| c.is_control() && c != '\n'), "control character in {text:?}");
        }
        for (i, style) in body.styles.iter().enumerate() {
            for (range, _) in &style.inline {
                let text = &body.body[i];
                assert!(
                    range.end <= text.len()
                        && text.is_char_boundary(range.start)
                        && text.is_char_boundary(range.end)
                );
            }
        }
    }
}

/// A feed's items as `brief fetch` writes them read back as the same
/// items: no text in an item can break its file's front matter.
fn fetched_items_read_back(bytes: &[u8]) {
    let Ok(items) = crate::loader::feed::parse(bytes) else { return };
    for item in items {
        let text = crate::fetch::render::markdown(&item, None, &[], None);
        let parsed = crate::loader::markdown::parse(&crate::text::sanitize(&text).0);
        assert!(parsed.notes.is_empty(), "{:?} in {text:?}", parsed.notes);
        assert_eq!(parsed.title, item.title, "{text:?}");
        assert_eq!(parsed.meta.source, item.meta.source, "{text:?}");
        assert_eq!(parsed.meta.url, item.meta.url, "{text:?}");
    }
}

/// Text and a query (split at the first NUL; the first byte is a width):
/// sanitizing, wrapping, query parsing, matching and highlighting.
pub fn text(data: &[u8]) {
    let Some((&width, rest)) = data.split_first() else { return };
    let (text, query) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let (clean, _) = crate::text::sanitize(&String::from_utf8_lossy(text));
    for line in clean.lines() {
        for r in crate::wrap::wrap(line, usize::from(width)) {
            assert!(line.is_char_boundary(r.start) && line.is_char_boundary(r.end));
            // Only a single grapheme wider than the line may overflow it.
            let piece = &line[r];
            let graphemes = unicode_segmentation::UnicodeSegmentation::graphemes(piece, true).count();
            assert!(crate::text::width(piece) <= usize::from(width).max(1) || graphemes == 1, "{piece:?}");
        }
    }
    let query = Query::parse(&String::from_utf8_lossy(query));
    let paragraphs: Vec<String> = clean.lines().map(str::to_string).collect();
    let article = Article::new(
        Origin::Embedded("f.txt"),
        Some(clean.clone()),
        Default::default(),
        paragraphs.clone(),
        paragraphs,
        None,
    );
    let folded = FoldedArticle::new(Shown::of(&article, article.held_body()));
    for hit in folded.hits(&query, Fields { title: true, body: true }) {
        assert!(hit.source != Source::Blank, "hits are in the article's texts");
        let text = folded.shown.text(hit.source);
        assert!(hit.range.start < hit.range.end && hit.range.end <= text.len());
        assert!(text.is_char_boundary(hit.range.start) && text.is_char_boundary(hit.range.end));
    }
    let _ = crate::summary::summarize(&article);
}

/// Any text as a config file, and its words as key strings.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::config::parse(&text, Path::new("fuzz.toml"), false);
    // Subscription lists are config too: TOML, newsboat's lines, OPML.
    let _ = crate::fetch::subscriptions::parse(Path::new("subscriptions.toml"), &text);
    let _ = crate::fetch::subscriptions::parse_urls(&text);
    let _ = crate::fetch::subscriptions::parse_opml(data);
    for word in text.split_whitespace().take(50) {
        let _ = word.parse::<crate::keymap::Chord>();
    }
}

/// Any bytes as the index cache's checked contents (the first eight bytes
/// say how long the head, the key points, the postings and the places
/// are; the prefixes' lists are the rest): an error, or a collection
/// whose index answers queries, phrases and listed prefixes included,
/// with articles that exist and whose text (key points read from their
/// part included) is sanitized, and a display order of every article
/// once. No count in the bytes may make it allocate more than a small
/// multiple of their length (run the target with `-malloc_limit_mb` to
/// catch one that does).
pub fn cache(data: &[u8]) {
    let Some((lengths, mut rest)) = data.split_first_chunk::<8>() else { return };
    let parts = [0, 2, 4, 6].map(|at| {
        let (part, after) =
            rest.split_at(usize::from(u16::from_le_bytes([lengths[at], lengths[at + 1]])).min(rest.len()));
        rest = after;
        part
    });
    let [head, points, postings, positions] = parts.map(<[u8]>::to_vec);
    let roots = [std::path::PathBuf::from("/news")];
    let Ok(cached) = crate::cache::decode_checked(
        &head,
        points.into(),
        [postings.into(), positions.into(), rest.to_vec().into()],
        &roots,
    ) else {
        return;
    };
    for a in &cached.articles {
        let meta = [&a.meta.source, &a.meta.author, &a.meta.url].into_iter().flatten();
        for text in [&a.id, &a.title].into_iter().chain(meta).chain(&a.meta.tags).chain(&a.key_points) {
            assert!(!text.contains(crate::text::is_unprintable), "unsanitized text from the cache: {text:?}");
        }
    }
    for q in ["a", "the", "st", "\"a b\"", "\"fares rise", "-\"the line\" t", "zz", "t", "th"] {
        for found in cached.index.search(&Query::parse(q)) {
            assert!(found.article < cached.articles.len());
        }
    }
    // Whatever order it recorded, the list shows every article once.
    let mut order = crate::collection::date_sorted(&cached.articles, Some(&cached.order));
    order.sort_unstable();
    assert!(order.into_iter().eq(0..cached.articles.len()), "the display order lost or doubled an article");
}

/// Any bytes as the state file: loads, or is set aside with a warning.
pub fn state(data: &[u8]) {
    let dir = std::env::temp_dir().join(format!("brief-fuzz-state-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("state.json");
    std::fs::write(&path, data).expect("temporary state file");
    let (_, warning) = crate::state::Store::at(&path).load();
    assert!(warning.is_none() || !path.exists(), "an unusable state file must be set aside");
    let _ = std::fs::remove_dir_all(&dir);
}
