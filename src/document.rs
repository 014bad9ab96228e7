//! An article wrapped to a width: the lines the reading side draws and the
//! only source of line counts for scrolling. Built once per article, width
//! and view, then reused by every frame.

use std::ops::Range;

use crate::article::Article;
use crate::wrap::wrap;

/// Which text a line is cut from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Title,
    Meta,
    KeyPoint(usize),
    Paragraph(usize),
    /// Spacing between blocks, or a placeholder message.
    Blank,
}

impl Source {
    /// Position in reading order: title, key points, body.
    pub fn order(self) -> (u8, usize) {
        match self {
            Source::Title => (0, 0),
            Source::Meta => (1, 0),
            Source::KeyPoint(i) => (2, i),
            Source::Paragraph(i) => (3, i),
            Source::Blank => (4, 0),
        }
    }
}

/// One display line: a byte range of one piece of the article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub source: Source,
    pub range: Range<usize>,
    /// First line of a key point: drawn with the bullet.
    pub first: bool,
}

impl Line {
    fn blank() -> Line {
        Line { source: Source::Blank, range: 0..0, first: false }
    }
}

/// How key points are spaced: airy in the summary view, compact above the
/// full text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spacing {
    Airy,
    Compact,
}

/// Columns taken by the bullet in front of each key point.
pub const BULLET_WIDTH: usize = 2;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Which article (index in the collection) this was built from.
    pub article: usize,
    pub width: usize,
    pub spacing: Spacing,
    pub meta: String,
    pub header: Vec<Line>,
    pub key_points: Vec<Line>,
    pub body: Vec<Line>,
}

impl Document {
    pub fn build(index: usize, article: &Article, width: usize, spacing: Spacing) -> Document {
        let width = width.max(1);
        let meta = article.meta_line();
        let mut header = lines(Source::Title, &article.title, width);
        header.extend(lines(Source::Meta, &meta, width));

        let mut key_points = Vec::new();
        let point_width = width.saturating_sub(BULLET_WIDTH).max(1);
        for (i, point) in article.key_points.iter().enumerate() {
            if i > 0 && spacing == Spacing::Airy {
                key_points.push(Line::blank());
            }
            let mut point_lines = lines(Source::KeyPoint(i), point, point_width);
            point_lines[0].first = true;
            key_points.extend(point_lines);
        }

        let mut body = Vec::new();
        for (i, paragraph) in article.body.iter().enumerate() {
            if i > 0 {
                body.push(Line::blank());
            }
            body.extend(lines(Source::Paragraph(i), paragraph, width));
        }
        Document { article: index, width, spacing, meta, header, key_points, body }
    }

    /// The text a line shows.
    pub fn text<'a>(&'a self, article: &'a Article, line: &Line) -> &'a str {
        let whole = match line.source {
            Source::Title => article.title.as_str(),
            Source::Meta => self.meta.as_str(),
            Source::KeyPoint(i) => article.key_points[i].as_str(),
            Source::Paragraph(i) => article.body[i].as_str(),
            Source::Blank => "",
        };
        &whole[line.range.clone()]
    }
}

fn lines(source: Source, text: &str, width: usize) -> Vec<Line> {
    wrap(text, width).into_iter().map(|range| Line { source, range, first: false }).collect()
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
    fn key_points_are_spaced_by_view() {
        let a = article();
        let airy = Document::build(0, &a, 12, Spacing::Airy);
        let compact = Document::build(0, &a, 12, Spacing::Compact);
        assert_eq!(airy.key_points.len(), compact.key_points.len() + 1);
        assert!(compact.key_points[0].first);
        assert!(!compact.key_points[1].first, "continuation line has no bullet");
    }

    #[test]
    fn body_has_blank_lines_between_paragraphs() {
        let a = article();
        let doc = Document::build(0, &a, 40, Spacing::Airy);
        let texts: Vec<&str> = doc.body.iter().map(|l| doc.text(&a, l)).collect();
        assert_eq!(texts, ["para one", "", "para two"]);
    }
}
