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

/// Queries of the words [`few_words`] uses (and parts of them), without
/// digits: the metadata line (which find searches and the index does
/// not) says the reading time.
fn words_query() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "a", "e", "é", "ss", "l", "caf", "cafe", "日本", "日", "が", "ש", "ﬁ", "OR", "-",
    ]);
    let query = prop::collection::vec(word, 1..4).prop_map(|v| v.join(" "));
    // Most of them an open or closed quote from the start.
    (query, 0..4u8).prop_map(|(q, quote)| match quote {
        0 => format!("\"{q}"),
        1 | 2 => format!("\"{q}\""),
        _ => q,
    })
}

/// Text of few words, so that phrases of them are often there.
fn few_words() -> impl Strategy<Value = String> {
    let word =
        prop::sample::select(vec!["a", "E", "é", "ss", "ß", "l", "café", "日本", "が", "ש", "ﬁ", "e\u{301}"]);
    let gap = prop::sample::select(vec![" ", " ", ", ", "-", ". ", "'", ""]);
    prop::collection::vec((word, gap), 0..12).prop_map(|v| v.into_iter().flat_map(|(w, g)| [w, g]).collect())
}

/// The collection index (word places) and in-story find (the text) are
/// two matchers of one query language: for any text and any query of
/// words, prefixes and phrases they agree on whether an article matches.
#[test]
fn the_index_and_find_agree_on_phrases() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (found, phrases) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(CASES));
    // Four articles, so that words are in more or fewer of them (the index
    // looks at a phrase's rarest word first).
    let article = (few_words(), few_words(), few_words(), text());
    let result = runner.run(&(prop::collection::vec(article, 4), words_query()), |(texts, q)| {
        let articles: Vec<Article> = texts
            .into_iter()
            .map(|(title, point, one, two)| {
                let (meta, title) = (Meta::default(), Some(format!("t{title}")));
                Article::new(Origin::Embedded("p.txt"), title, meta, vec![point], vec![one, two], None)
            })
            .collect();
        let query = Query::parse(&q);
        let index = brief::search::Index::build(&articles);
        let mut by_index: Vec<usize> = index.search(&query).iter().map(|f| f.article).collect();
        by_index.sort_unstable();
        let by_text: Vec<usize> = (0..articles.len())
            .filter(|&i| {
                let folded = FoldedArticle::new(Shown::of(&articles[i], articles[i].held_body()));
                !folded.hits(&query, Fields { title: true, body: true }).is_empty()
            })
            .collect();
        prop_assert_eq!(&by_index, &by_text, "{:?}", q);
        found.fetch_add(by_index.len(), Ordering::Relaxed);
        if query.terms.iter().any(|c| c.terms().iter().any(|t| t.tokens.len() > 1)) {
            phrases.fetch_add(by_index.len(), Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (found, phrases) = (found.into_inner(), phrases.into_inner());
    assert!(found >= WITH_HITS && phrases >= WITH_HITS / 4, "{found} found, {phrases} with phrases");
}
