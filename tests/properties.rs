//! Property tests: search highlights always fall on grapheme boundaries of
//! the original text, whatever the text and the query.

use brief::article::{Article, Meta, Origin, Source};
use brief::search::{Fields, FoldedArticle, Query, Shown};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Text mixing scripts, combining marks, emoji sequences, RTL and CJK.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "e",
        "E",
        "é",
        "e\u{301}",
        "ß",
        "ss",
        "Ł",
        "l",
        " ",
        ", ",
        ".",
        "’",
        "'",
        "-",
        "日",
        "本",
        "語",
        "が",
        "か",
        "👍",
        "🏽",
        "👍🏽",
        "👨\u{200d}👩\u{200d}👧",
        "🇯🇵",
        "ש",
        "ל",
        "ו",
        "م",
        "ر",
        "ح",
        "ب",
        "\u{5b8}",
        "cafe",
        "café",
        "Ｆ",
        "İ",
        "ﬁ",
        "1",
        "0",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn query() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "e", "é", "ss", "l", "cafe", "日本", "が", "👍", "ש", "\"", " ", "e\u{301}", "1", "'", "ﬁ",
    ]);
    prop::collection::vec(pieces, 1..6).prop_map(|v| v.concat())
}

fn is_boundary(text: &str, at: usize) -> bool {
    at == text.len() || text.grapheme_indices(true).any(|(i, _)| i == at)
}

/// Cases run, and the least of them that must have hits: a property
/// that held only because nothing was found would prove nothing.
const CASES: u32 = 2000;
const WITH_HITS: usize = 200;

#[test]
fn highlights_fall_on_grapheme_boundaries() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let with_hits = AtomicUsize::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(CASES));
    let result = runner.run(&(text(), text(), text(), query()), |(title, key_point, body, q)| {
        let article = Article::new(
            Origin::Embedded("p.txt"),
            Some(format!("t{title}")),
            Meta::default(),
            vec![key_point],
            vec![body],
            None,
        );
        let folded = FoldedArticle::new(Shown::of(&article, article.held_body()));
        let hits = folded.hits(&Query::parse(&q), Fields { title: true, body: true });
        if !hits.is_empty() {
            with_hits.fetch_add(1, Ordering::Relaxed);
        }
        for hit in hits {
            let text = folded.shown.text(hit.source);
            prop_assert!(hit.source != Source::Blank);
            prop_assert!(hit.range.start < hit.range.end, "empty hit");
            prop_assert!(hit.range.end <= text.len());
            prop_assert!(is_boundary(text, hit.range.start), "start {} in {:?}", hit.range.start, text);
            prop_assert!(is_boundary(text, hit.range.end), "end {} in {:?}", hit.range.end, text);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let with_hits = with_hits.into_inner();
    assert!(with_hits >= WITH_HITS, "only {with_hits} of {CASES} cases found anything");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn folding_maps_every_byte_back_inside_the_text(s in text()) {
        let folded = brief::search::Folded::new(&s);
        for end in 1..=folded.text.len() {
            if !folded.text.is_char_boundary(end) { continue; }
            let r = folded.original_range(&s, 0, end);
            prop_assert!(r.end <= s.len() && s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        }
    }
}
