//! Property tests: search highlights always fall on grapheme boundaries of
//! the original text, whatever the text and the query.

use brief::article::Source;
use brief::article::{Article, Meta, Origin};
use brief::search::{Fields, FoldedArticle, Query};
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn highlights_fall_on_grapheme_boundaries(key_point in text(), body in text(), q in query()) {
        let article = Article::new(
            Origin::Embedded("p.txt"),
            Some("t".into()),
            Meta::default(),
            vec![key_point],
            vec![body],
            None,
        );
        let folded = FoldedArticle::new(&article, article.held_body());
        let hits = folded.hits(&article, &Query::parse(&q), Fields { title: true, body: true });
        let body = article.held_body();
        for hit in hits {
            let text = match hit.source {
                Source::KeyPoint(i) => &article.key_points[i],
                Source::Paragraph(i) => &body.body[i],
                Source::Title => &article.title,
                _ => unreachable!(),
            };
            prop_assert!(hit.range.start < hit.range.end, "empty hit");
            prop_assert!(hit.range.end <= text.len());
            prop_assert!(is_boundary(text, hit.range.start), "start {} in {:?}", hit.range.start, text);
            prop_assert!(is_boundary(text, hit.range.end), "end {} in {:?}", hit.range.end, text);
        }
    }

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
