//! The plain-text article format: an optional `Name: value` header block,
//! an optional "Key Points" bullet list, then one paragraph per line.

use super::Parsed;
use crate::article::{BlockKind, BlockStyle, Date};
use crate::summary::is_tabular;

const BULLETS: [&str; 5] = ["- ", "* ", "• ", "– ", "— "];

/// Parses sanitized text (lines separated by `\n`, no control characters).
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut lines = text.lines().map(str::trim_end).peekable();

    while lines.next_if(|l| l.trim().is_empty()).is_some() {}
    while let Some((name, value)) = lines.peek().and_then(|l| header(l)) {
        lines.next();
        apply_header(&mut parsed, &name, value);
    }
    while lines.next_if(|l| l.trim().is_empty()).is_some() {}

    if lines.next_if(|l| is_key_points_heading(l)).is_some() {
        while let Some(line) = lines.peek() {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                lines.next();
            } else if let Some(point) = bullet(trimmed) {
                if !point.is_empty() {
                    parsed.key_points.push(point.to_string());
                }
                lines.next();
            } else if line.starts_with("  ") && !parsed.key_points.is_empty() {
                // An indented line continues a key point wrapped by hand.
                let last = parsed.key_points.last_mut().expect("checked non-empty");
                last.push(' ');
                last.push_str(trimmed);
                lines.next();
            } else {
                break;
            }
        }
    }

    parsed.body = lines.map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
    parsed.styles = table_rows(&parsed.body);
    parsed
}

/// Styles that keep tables on their lines: two or more figure lines in a
/// row ("End stocks 13.18 12.15 14.91") are table rows, drawn one under
/// the other as written rather than spaced out like paragraphs. Empty when
/// there are none (every paragraph plain).
fn table_rows(body: &[String]) -> Vec<BlockStyle> {
    let tabular: Vec<bool> = body.iter().map(|l| is_tabular(l)).collect();
    let row =
        |i: usize| tabular[i] && (i > 0 && tabular[i - 1] || tabular.get(i + 1).copied().unwrap_or(false));
    let Some(last) = (0..body.len()).rev().find(|&i| row(i)) else { return Vec::new() };
    (0..=last)
        .map(|i| BlockStyle {
            kind: if row(i) { BlockKind::Row } else { BlockKind::Paragraph },
            inline: Vec::new(),
        })
        .collect()
}

/// `Name: value` where Name is one of the known header names.
fn header(line: &str) -> Option<(String, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim().to_ascii_lowercase();
    matches!(name.as_str(), "title" | "source" | "author" | "date" | "url" | "tags")
        .then(|| (name, value.trim()))
}

fn apply_header(parsed: &mut Parsed, name: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    let meta = &mut parsed.meta;
    match name {
        "title" => parsed.title = Some(value.to_string()),
        "source" => meta.source = Some(value.to_string()),
        "author" => meta.author = Some(value.to_string()),
        "url" => meta.url = Some(value.to_string()),
        "tags" => {
            meta.tags = value.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect();
        }
        "date" => match Date::parse(value) {
            Some(date) => meta.date = Some(date),
            None => {
                parsed.notes.push(format!("unrecognised date {value:?} ignored (use YYYY-MM-DD or RFC 3339)"))
            }
        },
        _ => {}
    }
}

/// `Key Points`, `Key Points:`, `KEY POINTS`, `## Key points`...
fn is_key_points_heading(line: &str) -> bool {
    let l = line.trim().trim_start_matches('#').trim().trim_end_matches(':').trim_end();
    l.eq_ignore_ascii_case("key points")
}

/// The text of a bullet line, or None when the line is not a bullet.
fn bullet(line: &str) -> Option<&str> {
    if line == "-" || line == "*" || line == "•" {
        return Some("");
    }
    BULLETS.iter().find_map(|b| line.strip_prefix(b)).or_else(|| line.strip_prefix('•')).map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_basic_shape() {
        let p = parse("Key Points\n- one\n- two\nFirst paragraph.\nSecond paragraph.");
        assert_eq!(p.key_points, ["one", "two"]);
        assert_eq!(p.body, ["First paragraph.", "Second paragraph."]);
        assert_eq!(p.title, None);
    }

    #[test]
    fn accepts_heading_and_bullet_variants_and_blank_lines() {
        for heading in ["Key Points:", "KEY POINTS", "Key points", "  Key Points  "] {
            let p = parse(&format!("{heading}\n\n* a\n\n• b\n– c\n•d\n\nBody."));
            assert_eq!(p.key_points, ["a", "b", "c", "d"], "{heading}");
            assert_eq!(p.body, ["Body."]);
        }
    }

    #[test]
    fn header_block_is_read_and_ends_at_first_other_line() {
        let p = parse(
            "Title: A Title\nSOURCE: The Paper\nauthor: Ann\nDate: 2026-11-27\nURL: https://example.org/a\nTags: ai, business ,\nKey Points\n- k\nNote: this colon line is body.",
        );
        assert_eq!(p.title.as_deref(), Some("A Title"));
        assert_eq!(p.meta.source.as_deref(), Some("The Paper"));
        assert_eq!(p.meta.author.as_deref(), Some("Ann"));
        assert_eq!(p.meta.date.unwrap().iso(), "2026-11-27");
        assert_eq!(p.meta.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(p.meta.tags, ["ai", "business"]);
        assert_eq!(p.body, ["Note: this colon line is body."]);
    }

    #[test]
    fn a_colon_line_after_the_header_is_body() {
        let p = parse("The plan: build it.\nTitle: not a header here");
        assert_eq!(p.title, None);
        assert_eq!(p.body.len(), 2);
    }

    #[test]
    fn no_key_points_and_no_body() {
        let p = parse("Only a body.\n- a dash line stays body");
        assert!(p.key_points.is_empty());
        assert_eq!(p.body.len(), 2);
        let p = parse("Key Points\n- alone");
        assert_eq!(p.key_points, ["alone"]);
        assert!(p.body.is_empty());
    }

    #[test]
    fn bad_date_is_a_note_not_a_failure() {
        let p = parse("Date: soon\nBody.");
        assert!(p.meta.date.is_none());
        assert_eq!(p.notes.len(), 1);
    }

    #[test]
    fn runs_of_figure_lines_are_table_rows() {
        let p = parse(
            "Prices rose, the board said.\nCod 12.18 13.15 14.91\nHake 3.10 3.42 3.77\nIt was 3 vs 2.\nOats 1.2 1.3 1.4",
        );
        let kinds: Vec<BlockKind> = p.styles.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [BlockKind::Paragraph, BlockKind::Row, BlockKind::Row]);
        assert!(
            parse("Prose.\nCod 12.18 13.15 14.91\nMore prose here.").styles.is_empty(),
            "one line is no table"
        );
    }

    #[test]
    fn indented_lines_continue_a_key_point() {
        let p = parse("Key Points\n- a long point\n  that wraps\nBody.");
        assert_eq!(p.key_points, ["a long point that wraps"]);
    }
}
