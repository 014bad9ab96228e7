//! Extracted key points on our own stories written to reproduce what went
//! wrong on real wire and web text (issue 13): a wire story with tables, a
//! two-sentence story, an earnings statement, a page of photo captions and
//! a Hindi story, in tests/fixtures/summaries/.

use std::path::Path;

use brief::article::Source;
use brief::article::{Article, BlockKind, Origin};
use brief::document::{Document, Spacing};
use brief::loader;
use brief::summary::{Summary, evidence, is_tabular, prose, summary, summary_points};

fn load(name: &str) -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/summaries").join(name);
    let bytes = std::fs::read(&path).unwrap();
    let (mut articles, _) = loader::parse_bytes(Origin::File(path), &bytes, None).unwrap();
    articles.remove(0)
}

/// The points of a story that must be summarized, each checked to be prose.
fn points(article: &Article) -> Vec<String> {
    let points = summary_points(article);
    assert_eq!(points.len(), 3, "{points:?}");
    for p in &points {
        assert_eq!(prose(p), Ok(()), "{p}");
        assert!(!is_tabular(p), "{p}");
    }
    points
}

#[test]
fn a_wire_story_with_tables_gives_its_prose_and_keeps_its_table_lines() {
    let article = load("wire-table.txt");
    let points = points(&article);
    let body = article.held_body();
    // Its title was derived from the first sentence: no point repeats it.
    let lead = body.body[0].split_once(" - ").unwrap().1;
    assert!(points.iter().all(|p| !lead.starts_with(p.as_str())), "{points:?}");
    // The table: its rows are drawn one under the other, as written.
    let rows: Vec<usize> = (0..body.body.len()).filter(|&i| body.block_kind(i) == BlockKind::Row).collect();
    assert_eq!(rows, (2..=7).collect::<Vec<_>>(), "{:?}", body.body);
    let doc = Document::build(0, &article, article.body.clone(), points.clone(), 60, Spacing::Compact);
    let drawn: Vec<Source> = doc.body.iter().map(|l| l.source).collect();
    let table = drawn.iter().position(|s| *s == Source::Paragraph(2)).unwrap();
    assert_eq!(
        &drawn[table..table + 6],
        (2..=7).map(Source::Paragraph).collect::<Vec<_>>(),
        "no blank line and no wrapping inside the table"
    );
}

#[test]
fn a_two_sentence_story_is_shown_whole() {
    assert_eq!(summary(&load("two-sentences.txt")), Summary::Whole);
}

#[test]
fn an_earnings_statement_gives_its_sentences_not_its_figures() {
    let points = points(&load("earnings.txt"));
    assert!(
        points[0].starts_with("Linden Mills Inc said its first-quarter profit"),
        "dateline left off: {points:?}"
    );
    for label in ["Shr ", "Net ", "Revs ", "Avg shrs", "Pay ", "Record "] {
        assert!(points.iter().all(|p| !p.starts_with(label)), "{points:?}");
    }
}

#[test]
fn a_caption_page_gives_captions_not_credits_or_links() {
    let points = points(&load("captions.txt"));
    for mark in ["Photo", "Credit", "http", "By Ilse", "Read more"] {
        assert!(points.iter().all(|p| !p.contains(mark)), "{points:?}");
    }
}

#[test]
fn a_hindi_story_is_split_at_the_danda_and_matched_without_a_stemmer() {
    let article = load("hindi.txt");
    let points = points(&article);
    assert!(points.iter().all(|p| p.ends_with('।') && p.matches('।').count() == 1), "{points:?}");
    let found = evidence(&article, "लाइब्रेरी रोज़ सुबह नौ बजे खुलेगी");
    let body = article.held_body();
    let best = found.first().map(|(e, _)| &body.body[e.paragraph][e.range.clone()]);
    assert!(best.is_some_and(|s| s.contains("सुबह नौ बजे")), "{best:?}");
    assert!(evidence(&article, "शहर में नया पुल बनेगा").is_empty());
}
