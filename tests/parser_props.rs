//! Outside bytes into every parser and text routine: no panic, no hang,
//! ranges on character boundaries. (Coverage-guided fuzzing is still to
//! come; these explore the same entry points with random input.)

use std::path::Path;

use brief::article::Origin;
use brief::keymap::Chord;
use brief::loader::parse_bytes;
use brief::search::{Fields, FoldedArticle, Query};
use brief::text::{sanitize, width};
use brief::wrap::wrap;
use proptest::prelude::*;

/// Bytes that look a little like each format, with junk mixed in.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "Key Points\n",
        "- point\n",
        "Title: t\n",
        "Date: 2026-13-45\n",
        "+++\n",
        "---\n",
        "title = \"x\"\n",
        "tags: [a,\n",
        "<rss><channel><title>",
        "</title>",
        "<item>",
        "</item>",
        "<description>&lt;p&gt;",
        "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [",
        "]}",
        "# heading\n",
        "> quote\n",
        "```\ncode\n",
        "[link](u)",
        "\u{1b}]52;c;",
        "\u{1b}[2J",
        "\u{7}",
        "\r\n",
        "\t",
        "\u{feff}",
        "e\u{301}",
        "日本",
        "👨\u{200d}👩",
        "\u{202e}",
        "\u{300}",
        "\0",
        "&#x1b;",
        "&amp;",
        "word ",
        ". ",
    ]);
    (prop::collection::vec(pieces, 0..40), prop::collection::vec(any::<u8>(), 0..20)).prop_map(
        |(pieces, junk)| {
            let mut bytes = pieces.concat().into_bytes();
            let at = bytes.len() / 2;
            bytes.splice(at..at, junk);
            bytes
        },
    )
}

proptest! {
    // PROPTEST_CASES=20000 for a longer hunt; the suite runs 300.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_format_parses_or_says_why(bytes in input()) {
        for name in ["a.txt", "a.md", "a.xml", "a.json"] {
            match parse_bytes(Origin::Embedded(Box::leak(name.to_string().into_boxed_str())), &bytes, None) {
                Ok((articles, _)) => {
                    for a in articles {
                        for text in std::iter::once(&a.title).chain(&a.key_points).chain(&a.body) {
                            prop_assert!(!text.contains(|c: char| c.is_control() && c != '\n'), "{text:?}");
                        }
                        for (i, style) in a.styles.iter().enumerate() {
                            for (range, _) in &style.inline {
                                let text = &a.body[i];
                                prop_assert!(range.end <= text.len() && text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                            }
                        }
                    }
                }
                Err(reason) => prop_assert!(!reason.is_empty()),
            }
        }
    }

    #[test]
    fn wrapping_cuts_on_boundaries_within_the_width(bytes in input(), w in 0usize..50) {
        let (text, _) = sanitize(&String::from_utf8_lossy(&bytes));
        let line = text.replace('\n', " ");
        let lines = wrap(&line, w);
        prop_assert!(!lines.is_empty());
        for r in lines {
            prop_assert!(line.is_char_boundary(r.start) && line.is_char_boundary(r.end));
            let piece = &line[r];
            // Only a single grapheme wider than the line may overflow it.
            prop_assert!(width(piece) <= w.max(1) || unicode_segmentation::UnicodeSegmentation::graphemes(piece, true).count() == 1);
        }
    }

    #[test]
    fn queries_and_hits_stay_inside_the_text(bytes in input(), q in input()) {
        let (text, _) = sanitize(&String::from_utf8_lossy(&bytes));
        let query = Query::parse(&String::from_utf8_lossy(&q));
        let article = brief::article::Article::new(Origin::Embedded("p.txt"), Some("t".into()), Default::default(), vec![text.clone()], vec![text.clone()], None);
        for hit in FoldedArticle::new(&article).hits(&article, &query, Fields { title: true, body: true }) {
            let text = match hit.source {
                brief::document::Source::Title => &article.title,
                brief::document::Source::KeyPoint(i) => &article.key_points[i],
                brief::document::Source::Paragraph(i) => &article.body[i],
                _ => unreachable!("hits are in the title, key points or body"),
            };
            prop_assert!(hit.range.end <= text.len() && text.is_char_boundary(hit.range.start) && text.is_char_boundary(hit.range.end));
        }
    }

    #[test]
    fn config_and_key_strings_never_panic(bytes in input()) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = brief::config::parse(&text, Path::new("c.toml"), false);
        for word in text.split_whitespace().take(20) {
            let _ = word.parse::<Chord>();
        }
    }

    #[test]
    fn any_state_file_loads_or_is_set_aside(bytes in input()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, &bytes).unwrap();
        let (_, warning) = brief::state::Store::at(&path).load();
        if warning.is_some() {
            prop_assert!(!path.exists(), "an unreadable file is moved aside, not left to be overwritten");
        }
    }
}
