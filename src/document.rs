//! An article wrapped to a width: the lines the reading side draws and the
//! only source of line counts for scrolling. Built once per article, width
//! and view, then reused by every frame.

use std::ops::Range;

use std::sync::Arc;

use rayon::prelude::*;

use crate::article::{Article, ArticleText, BlockKind, Source};
use crate::wrap::wrap;

/// What is drawn in front of a line's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lead {
    None,
    /// A list item (key points are items at depth 0): the bullet on its
    /// first line, the same indent on the others.
    Item {
        depth: u8,
        first: bool,
    },
    Quote,
    Code,
}

impl Lead {
    /// Columns the lead takes.
    pub fn width(self) -> usize {
        match self {
            Lead::None => 0,
            Lead::Item { depth, .. } => 2 * (usize::from(depth) + 1),
            Lead::Quote | Lead::Code => 2,
        }
    }

    pub fn text(self) -> String {
        match self {
            Lead::None => String::new(),
            Lead::Item { depth, first } => {
                let mut s = "  ".repeat(usize::from(depth));
                s.push_str(if first { "• " } else { "  " });
                s
            }
            Lead::Quote => "▎ ".to_string(),
            Lead::Code => "  ".to_string(),
        }
    }
}

/// One display line: a byte range of one piece of the article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub source: Source,
    pub range: Range<usize>,
    pub lead: Lead,
}

impl Line {
    fn blank() -> Line {
        Line { source: Source::Blank, range: 0..0, lead: Lead::None }
    }
}

/// How key points are spaced: airy in the summary view, compact above the
/// full text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spacing {
    Airy,
    Compact,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Which article (index in the collection) this was built from, and
    /// its id: an index can come to hold another article when files change.
    pub article: usize,
    pub id: String,
    pub width: usize,
    pub spacing: Spacing,
    pub meta: String,
    /// Key points extracted from the body, for an article without its own
    /// (see [`crate::summary`]); empty otherwise.
    pub extracted: Vec<String>,
    /// The story is too short to summarize: the key-points pane shows the
    /// body itself ([`crate::summary::Summary::Whole`]).
    pub whole: bool,
    pub header: Vec<Line>,
    pub key_points: Vec<Line>,
    pub body: Vec<Line>,
    /// The article's body, held while it is open; `None` until it arrives.
    pub text: Option<Arc<ArticleText>>,
    /// Whether all of the body is wrapped: a long one is shown from its
    /// start while the rest is wrapped off the UI thread.
    pub complete: bool,
}

/// Articles longer than this (in bytes) are wrapped on every core.
const PARALLEL_WRAP_BYTES: usize = 64 * 1024;

/// Bodies longer than this (in bytes) are wrapped off the UI thread (tens
/// of milliseconds on two cores and more): until then, their start is.
pub const LONG_BYTES: usize = 4 << 20;

/// How much of a long body is wrapped at once: more than a screenful of
/// any terminal, in about a millisecond.
const START_BYTES: usize = 256 << 10;

/// Whether a body is long enough to be wrapped off the UI thread.
pub fn is_long(text: &ArticleText) -> bool {
    let mut bytes = 0;
    text.body.iter().any(|p| {
        bytes += p.len();
        bytes > LONG_BYTES
    })
}

impl Document {
    /// Wraps an article and its body (`None` while the body is on its
    /// way: the document then has no body lines); `extracted` are key
    /// points to show when it has none of its own.
    pub fn build(
        index: usize,
        article: &Article,
        text: Option<Arc<ArticleText>>,
        extracted: Vec<String>,
        width: usize,
        spacing: Spacing,
    ) -> Document {
        Document::build_upto(index, article, text, extracted, width, spacing, usize::MAX)
    }

    /// Like [`Document::build`], for a long body: only its first
    /// [`START_BYTES`] or so, the last paragraph wrapped maybe cut short.
    /// Its lines are the first lines of the complete document.
    pub fn build_start(
        index: usize,
        article: &Article,
        text: Option<Arc<ArticleText>>,
        extracted: Vec<String>,
        width: usize,
        spacing: Spacing,
    ) -> Document {
        Document::build_upto(index, article, text, extracted, width, spacing, START_BYTES)
    }

    /// Whether `self`, when complete, is what `partial` stands in for.
    pub fn completes(&self, partial: &Document) -> bool {
        self.complete
            && !partial.complete
            && (self.article, &self.id, self.width, self.spacing)
                == (partial.article, &partial.id, partial.width, partial.spacing)
            && match (&self.text, &partial.text) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            }
    }

    fn build_upto(
        index: usize,
        article: &Article,
        text: Option<Arc<ArticleText>>,
        extracted: Vec<String>,
        width: usize,
        spacing: Spacing,
        limit: usize,
    ) -> Document {
        let width = width.max(1);
        let meta = article.meta_line();
        let mut header = lines(Source::Title, &article.title, width, Lead::None);
        header.extend(lines(Source::Meta, &meta, width, Lead::None));

        let mut key_points = Vec::new();
        let points: &[String] = if article.key_points.is_empty() { &extracted } else { &article.key_points };
        for (i, point) in points.iter().enumerate() {
            if i > 0 && spacing == Spacing::Airy {
                key_points.push(Line::blank());
            }
            key_points.extend(lines(Source::KeyPoint(i), point, width, Lead::Item { depth: 0, first: true }));
        }

        let empty = ArticleText::default();
        let paragraphs = text.as_deref().unwrap_or(&empty);
        // The paragraphs within `limit` bytes (an empty one counts as one),
        // the last one perhaps cut on a character boundary.
        let (mut shown, mut left, mut cut) = (Vec::new(), limit, false);
        for p in &paragraphs.body {
            if left == 0 {
                break;
            }
            let mut end = left.min(p.len());
            while !p.is_char_boundary(end) {
                end -= 1;
            }
            let part = &p[..end];
            cut = part.len() < p.len();
            shown.push(part);
            left = left.saturating_sub(p.len().max(1));
        }
        let complete = !cut && shown.len() == paragraphs.body.len();
        let wrap_one = |(i, paragraph): (usize, &&str)| {
            let lead = match paragraphs.block_kind(i) {
                BlockKind::Paragraph | BlockKind::Heading(_) | BlockKind::Row => Lead::None,
                BlockKind::Quote => Lead::Quote,
                BlockKind::Item { depth } => Lead::Item { depth, first: true },
                BlockKind::Code => Lead::Code,
            };
            lines(Source::Paragraph(i), paragraph, width, lead)
        };
        // Paragraphs wrap independently: a long article uses every core (a
        // short one would spend more handing work to threads than wrapping).
        let long = shown.iter().map(|p| p.len()).sum::<usize>() > PARALLEL_WRAP_BYTES;
        let wrapped: Vec<Vec<Line>> = if long {
            shown.par_iter().enumerate().map(wrap_one).collect()
        } else {
            shown.iter().enumerate().map(wrap_one).collect()
        };
        let mut body = Vec::with_capacity(wrapped.iter().map(|l| l.len() + 1).sum());
        let mut previous = None;
        for (i, paragraph) in wrapped.into_iter().enumerate() {
            let kind = paragraphs.block_kind(i);
            if previous.is_some() && !kind.continues(previous) {
                body.push(Line::blank());
            }
            body.extend(paragraph);
            previous = Some(kind);
        }
        // Nothing extracted from a body without key points: it is too short
        // to summarize, and the summary view's pane shows the story itself.
        let whole = article.key_points.is_empty() && extracted.is_empty() && !body.is_empty();
        if whole && spacing == Spacing::Airy {
            key_points.clone_from(&body);
        }
        let extracted = if article.key_points.is_empty() { extracted } else { Vec::new() };
        Document {
            article: index,
            id: article.id.clone(),
            width,
            spacing,
            meta,
            extracted,
            whole,
            header,
            key_points,
            body,
            text,
            complete,
        }
    }

    /// The text a line shows.
    pub fn text<'a>(&'a self, article: &'a Article, line: &Line) -> &'a str {
        let whole = match line.source {
            Source::Title => article.title.as_str(),
            Source::Meta => self.meta.as_str(),
            Source::KeyPoint(i) if !self.extracted.is_empty() => self.extracted[i].as_str(),
            Source::KeyPoint(i) => article.key_points[i].as_str(),
            Source::Paragraph(i) => self.text.as_ref().map_or("", |t| t.body[i].as_str()),
            Source::Blank => "",
        };
        &whole[line.range.clone()]
    }
}

/// An article as plain text, as `brief show` prints it and the reader
/// pipes it: title, metadata, address, other copies, the key points (or
/// the heading of a story shown whole) and, when given, the body with
/// Markdown's marks so that its structure survives.
pub fn plain(
    a: &Article,
    copies: &[crate::article::Origin],
    points: &[String],
    extracted: bool,
    body: Option<&ArticleText>,
) -> String {
    let mut out = format!("{}\n{}\n", a.title, a.meta_line());
    if let Some(url) = &a.meta.url {
        out.push_str(&format!("{url}\n"));
    }
    for copy in copies {
        out.push_str(&format!("Same text in {}\n", copy.display()));
    }
    if !points.is_empty() {
        out.push_str(if extracted { "\nKey Points (extracted from the text)\n" } else { "\nKey Points\n" });
        for point in points {
            out.push_str(&format!("- {point}\n"));
        }
    } else if body.is_some_and(|b| !b.body.is_empty()) {
        out.push_str(&format!("\n{}\n", crate::summary::SHOWN_WHOLE));
    }
    let Some(text) = body else { return out };
    let mut previous = None;
    for (i, paragraph) in text.body.iter().enumerate() {
        let kind = text.block_kind(i);
        if !kind.continues(previous) {
            out.push('\n');
        }
        let lead = match kind {
            BlockKind::Paragraph | BlockKind::Row => String::new(),
            BlockKind::Heading(level) => format!("{} ", "#".repeat(usize::from(level))),
            BlockKind::Quote => "> ".to_string(),
            BlockKind::Item { depth } => format!("{}- ", "  ".repeat(usize::from(depth))),
            BlockKind::Code => "    ".to_string(),
        };
        out.push_str(&format!("{lead}{paragraph}\n"));
        previous = Some(kind);
    }
    out
}

/// Wraps one piece of text beside its lead; only the first line of an item
/// carries the bullet.
fn lines(source: Source, text: &str, width: usize, lead: Lead) -> Vec<Line> {
    let text_width = width.saturating_sub(lead.width()).max(1);
    wrap(text, text_width)
        .into_iter()
        .enumerate()
        .map(|(n, range)| {
            let lead = match lead {
                Lead::Item { depth, .. } => Lead::Item { depth, first: n == 0 },
                other => other,
            };
            Line { source, range, lead }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Meta, Origin};

    fn article() -> Article {
        Article::new(
            Origin::Embedded("t.txt"),
            Some("A title".into()),
            Meta::default(),
            vec!["first point that is long".into(), "second".into()],
            vec!["para one".into(), "para two".into()],
            None,
        )
    }

    #[test]
    fn the_start_of_a_long_body_is_the_complete_documents_first_lines() {
        let mut a = article();
        // One paragraph longer than the start, in a script of three-byte
        // characters: it is cut on a character boundary.
        let long = "日本語の長い段落。".repeat(40_000);
        a.body = Some(Arc::new(ArticleText { body: vec!["short".into(), long], ..Default::default() }));
        let start = Document::build_start(0, &a, a.body.clone(), Vec::new(), 30, Spacing::Compact);
        let whole = Document::build(0, &a, a.body.clone(), Vec::new(), 30, Spacing::Compact);
        assert!(!start.complete && whole.complete);
        assert!(start.body.len() < whole.body.len());
        let n = start.body.len() - 1;
        assert_eq!(start.body[..n], whole.body[..n], "the cut paragraph's last line aside");
        assert!(whole.completes(&start) && !start.completes(&whole));
        let short = article();
        assert!(
            Document::build_start(0, &short, short.body.clone(), Vec::new(), 30, Spacing::Compact).complete
        );
    }

    #[test]
    fn key_points_are_spaced_by_view() {
        let a = article();
        let airy = Document::build(0, &a, a.body.clone(), Vec::new(), 12, Spacing::Airy);
        let compact = Document::build(0, &a, a.body.clone(), Vec::new(), 12, Spacing::Compact);
        assert_eq!(airy.key_points.len(), compact.key_points.len() + 1);
        assert_eq!(compact.key_points[0].lead, Lead::Item { depth: 0, first: true });
        assert_eq!(
            compact.key_points[1].lead,
            Lead::Item { depth: 0, first: false },
            "continuation: no bullet"
        );
    }

    #[test]
    fn a_story_too_short_to_summarize_fills_the_key_points_pane() {
        let a = Article::new(
            Origin::Embedded("t.txt"),
            None,
            Meta::default(),
            vec![],
            vec!["para one".into(), "para two".into()],
            None,
        );
        let doc = Document::build(0, &a, a.body.clone(), Vec::new(), 40, Spacing::Airy);
        assert!(doc.whole);
        let texts: Vec<&str> = doc.key_points.iter().map(|l| doc.text(&a, l)).collect();
        assert_eq!(texts, ["para one", "", "para two"]);
        let full = Document::build(0, &a, a.body.clone(), Vec::new(), 40, Spacing::Compact);
        assert!(full.whole && full.key_points.is_empty(), "the full view shows the body once");
        assert!(!Document::build(0, &article(), article().body, Vec::new(), 40, Spacing::Airy).whole);
    }

    #[test]
    fn body_has_blank_lines_between_paragraphs() {
        let a = article();
        let doc = Document::build(0, &a, a.body.clone(), Vec::new(), 40, Spacing::Airy);
        let texts: Vec<&str> = doc.body.iter().map(|l| doc.text(&a, l)).collect();
        assert_eq!(texts, ["para one", "", "para two"]);
    }
}
