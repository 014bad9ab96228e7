//! The plain-text article format: an optional `Name: value` header block,
//! an optional "Key Points" bullet list, then one paragraph per line, or
//! text hard-wrapped at a fixed width (wire copy, e-mail), whose lines are
//! joined back into paragraphs.

use super::Parsed;
use crate::article::{BlockKind, BlockStyle, Date};
use crate::summary::is_tabular;
use crate::text::{is_ideograph, width};

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

    let lines: Vec<&str> = lines.collect();
    let legacy: Vec<String> =
        lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).map(String::from).collect();
    // The table-row test once per line (it is most of reading a long
    // file), shared by the wrapping test, the rejoining and the plain case.
    let rows: Vec<bool> = lines.iter().map(|l| !l.trim().is_empty() && wrapped_row(l)).collect();
    let blocks = match wrapped(&lines, &rows) {
        Some(wrapped) => rejoin(&lines, &rows, wrapped),
        None => lines
            .iter()
            .zip(&rows)
            .filter(|(l, _)| !l.trim().is_empty())
            // Two spaces after a full stop are a column gap here.
            .map(|(l, &row)| (l.to_string(), if typewriter(l) { is_tabular(l) } else { row }))
            .collect(),
    };
    let tabular: Vec<bool> = blocks.iter().map(|&(_, tabular)| tabular).collect();
    parsed.styles = table_rows(&tabular);
    let rows: Vec<bool> =
        (0..blocks.len()).map(|i| parsed.styles.get(i).is_some_and(|s| s.kind == BlockKind::Row)).collect();
    parsed.body = blocks.into_iter().map(|(text, _)| text).collect();
    indent_rows(&mut parsed.body, &rows);
    if parsed.body != legacy {
        parsed.legacy_body = Some(legacy);
    }
    parsed
}

/// Lines ending with one of these end a sentence (or a clause that may
/// end a paragraph), perhaps inside closing quotes or brackets.
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '」'])
        .ends_with(['.', '!', '?', ':', ';', '。', '！', '？', '।', '؟', '။'])
}

/// A letter of the Thai or Lao script.
fn is_thai(c: char) -> bool {
    matches!(u32::from(c), 0x0E01..=0x0EFF)
}

/// Hard-wrapped lines are at most this wide: wider ones are paragraphs.
const WRAPPED_MAX: usize = 100;
/// ... and at least this wide: narrower ones are names, labels, verse.
const WRAPPED_MIN: usize = 30;

/// Leading spaces of a line (tabs are expanded by then).
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line has column gaps: runs of two spaces between words, not
/// after a full stop.
fn gaps(line: &str) -> bool {
    let single = line.trim().replace(".  ", ". ").replace("?  ", "? ").replace("!  ", "! ");
    single.contains("  ")
}

/// Whether a line is part of a table when read in hard-wrapped text: as
/// [`is_tabular`] says, but two spaces after a full stop (typewriter
/// spacing) are not a column gap.
fn wrapped_row(line: &str) -> bool {
    let trimmed = line.trim();
    if typewriter(trimmed) {
        let single = trimmed.replace(".  ", ". ").replace("?  ", "? ").replace("!  ", "! ");
        return is_tabular(&single);
    }
    is_tabular(trimmed)
}

/// Whether a line has two spaces after a full stop, as typed on a
/// typewriter.
fn typewriter(line: &str) -> bool {
    line.contains(".  ") || line.contains("?  ") || line.contains("!  ")
}

/// How a body is hard-wrapped, or None when it is written one
/// paragraph per line. A wrapped body has a base indentation (a quarter of
/// its lines or more start there: the others open paragraphs), and its
/// lines followed by a line at that indentation are of similar width (all
/// but the last of a paragraph's lines end near the wrapping column,
/// where the next word would not have fitted), between [`WRAPPED_MIN`]
/// and [`WRAPPED_MAX`], many of them in the middle of a sentence, and
/// hardly a line is wider. A file of one paragraph per line has lines of
/// any width, ending in full stops.
fn wrapped(lines: &[&str], rows: &[bool]) -> Option<Wrapped> {
    let prose = |i: usize| !lines[i].trim().is_empty() && !rows[i];
    let mut indents: Vec<usize> = (0..lines.len()).filter(|&i| prose(i)).map(|i| indent(lines[i])).collect();
    let prose_lines = indents.len();
    if prose_lines < 3 {
        return None;
    }
    indents.sort_unstable();
    // The indentations of a quarter of the lines or more, most common
    // first: paragraphs of one line and a bit have as many first lines as
    // continued ones.
    let mut common: Vec<(usize, usize)> = Vec::new();
    for chunk in indents.chunk_by(|a, b| a == b) {
        if chunk.len() * 4 >= indents.len() {
            common.push((chunk.len(), chunk[0]));
        }
    }
    common.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    common.into_iter().find_map(|(_, base)| {
        // The lines that another line continues, if the text is wrapped,
        // with the first word of the next.
        let inner: Vec<(&str, &str)> = (0..lines.len().saturating_sub(1))
            .filter(|&i| prose(i) && prose(i + 1) && indent(lines[i + 1]) == base)
            .map(|i| (lines[i], lines[i + 1].split_whitespace().next().unwrap_or("")))
            .collect();
        if inner.len() < 2 {
            return None;
        }
        let mut widths: Vec<usize> = inner.iter().map(|(l, _)| width(l)).collect();
        widths.sort_unstable();
        let at = widths[(widths.len() - 1) * 9 / 10];
        let near = widths.iter().filter(|&&w| w + (at / 4).max(12) >= at).count();
        // Wrapped where the next word would not have fitted.
        let full = inner.iter().filter(|(l, next)| width(l) + 1 + width(next) + 2 > at).count();
        // Thai and Lao have no full stop: a line in them may end a
        // sentence or not.
        let mid_sentence = inner
            .iter()
            .filter(|(l, _)| !ends_sentence(l) && !l.chars().next_back().is_some_and(is_thai))
            .count();
        let share = |k: usize| k * 4 >= inner.len() * 3;
        // Hardly a line goes past the column (paragraphs written on a
        // line each, between short lines, do).
        let wide = (0..lines.len()).filter(|&i| prose(i) && width(lines[i]) > at + (at / 5).max(10)).count();
        ((WRAPPED_MIN..=WRAPPED_MAX).contains(&at)
            && wide * 10 <= prose_lines
            && share(near)
            && share(full)
            && mid_sentence * 3 >= inner.len())
        .then_some(Wrapped { at, base })
    })
}

/// How a body is hard-wrapped: the column its lines reach, and the
/// indentation of the lines that continue a paragraph.
#[derive(Clone, Copy)]
struct Wrapped {
    at: usize,
    base: usize,
}

/// The paragraphs of a hard-wrapped body, each with whether it is a table
/// row. A paragraph starts after a blank line, at a line indented
/// otherwise than most (`    The company said…`), after a table row, and
/// after a line that ends a sentence short of the column, where the next
/// word would have fitted. A table row (a line of figures or columns)
/// stays a line of its own, as written.
fn rejoin(lines: &[&str], rows: &[bool], Wrapped { at: wrapped_at, base }: Wrapped) -> Vec<(String, bool)> {
    let mut blocks: Vec<(String, bool)> = Vec::new();
    let mut open = false;
    let mut previous: Option<&str> = None;
    for (&line, &row) in lines.iter().zip(rows) {
        let text = line.trim();
        if text.is_empty() {
            (open, previous) = (false, None);
            continue;
        }
        // Whether the line before ended short of the column, though the
        // next word would have fitted: and so, a sentence, its paragraph.
        let next_word = text.split_whitespace().next().unwrap_or("");
        let fitted = previous.is_some_and(|p| width(p) + 1 + width(next_word) + 2 <= wrapped_at);
        let short = fitted && previous.is_some_and(ends_sentence);
        // A line of figures is a table row, unless it ends a sentence that
        // the line before (a long one) leaves open: `… March 164.6, total`
        // then `2,692.4 (4,161.0).`
        let continued = open && !fitted && !previous.is_some_and(ends_sentence) && indent(line) == base;
        if row && (gaps(line) || !continued) {
            blocks.push((line.to_string(), true));
            (open, previous) = (false, None);
            continue;
        }
        match blocks.last_mut() {
            Some((paragraph, false)) if open && indent(line) == base && !short => {
                let glued = paragraph.chars().next_back().is_some_and(is_ideograph)
                    && text.chars().next().is_some_and(is_ideograph);
                if !glued {
                    paragraph.push(' ');
                }
                paragraph.push_str(text);
            }
            _ => blocks.push((text.to_string(), false)),
        }
        (open, previous) = (true, Some(line));
    }
    blocks
}

/// Table rows keep their leading spaces, less those every row of their
/// table has, so that columns line up; other paragraphs are trimmed.
fn indent_rows(body: &mut [String], rows: &[bool]) {
    let mut i = 0;
    while i < body.len() {
        if !rows[i] {
            let trimmed = body[i].trim();
            if trimmed.len() != body[i].len() {
                body[i] = trimmed.to_string();
            }
            i += 1;
            continue;
        }
        let end = (i..body.len()).find(|&j| !rows[j]).unwrap_or(body.len());
        let common = body[i..end].iter().map(|r| indent(r)).min().unwrap_or(0);
        for row in &mut body[i..end] {
            *row = row[common..].trim_end().to_string();
        }
        i = end;
    }
}

/// Styles that keep tables on their lines: two or more figure lines in a
/// row ("End stocks 13.18 12.15 14.91") are table rows, drawn one under
/// the other as written rather than spaced out like paragraphs. Empty when
/// there are none (every paragraph plain).
fn table_rows(tabular: &[bool]) -> Vec<BlockStyle> {
    let row =
        |i: usize| tabular[i] && (i > 0 && tabular[i - 1] || tabular.get(i + 1).copied().unwrap_or(false));
    let Some(last) = (0..tabular.len()).rev().find(|&i| row(i)) else { return Vec::new() };
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

    #[test]
    fn hard_wrapped_lines_are_joined_into_paragraphs() {
        let text = "OSLO, March 3 - The board said on Tuesday that it would sell\n\
                    the old ferry quay to the town for a sum it did not\n\
                    give, after two years of talks.\n\
                    \x20   The town plans to build flats and a small harbour\n\
                    on the site, the mayor said in a statement.\n\
                    The sale must be approved by the council in May.\n\
                    \n\
                    Work could then start in the autumn, the mayor added,\n\
                    if the money for the harbour is found in time.\n\
                    \x20Cod      12.18   13.15\n\
                    \x20            3.10    3.42\n\
                    \x20Reuter";
        let p = parse(text);
        assert_eq!(
            p.body,
            [
                "OSLO, March 3 - The board said on Tuesday that it would sell the old ferry quay to the town \
                 for a sum it did not give, after two years of talks.",
                "The town plans to build flats and a small harbour on the site, the mayor said in a statement.",
                "The sale must be approved by the council in May.",
                "Work could then start in the autumn, the mayor added, if the money for the harbour is found in time.",
                "Cod      12.18   13.15",
                "            3.10    3.42",
                "Reuter",
            ]
        );
        let kinds: Vec<BlockKind> = p.styles.iter().map(|s| s.kind).collect();
        assert_eq!(kinds[4..], [BlockKind::Row, BlockKind::Row]);
        assert!(p.legacy_body.is_some_and(|old| old.len() == 11));
    }

    #[test]
    fn one_paragraph_per_line_is_read_as_written() {
        // Lines of like width, but ending in full stops: paragraphs.
        let text = "The board said on Tuesday that it would sell the old quay.\n\
                    The town plans to build flats and a harbour on the site.\n\
                    The sale must be approved by the council in May or June.\n\
                    Work could then start in the autumn, the mayor added.";
        let p = parse(text);
        assert_eq!(p.body.len(), 4);
        assert_eq!(p.legacy_body, None);
        // Thai has no full stop: its paragraphs are not taken for wrapped lines.
        let thai = "ตลาดเช้าริมแม่น้ำเปิดอีกครั้งเมื่อวันจันทร์ หลังจากปิดซ่อมหลังคามาสามเดือน\n\
                    เทศบาลใช้เงินสองล้านบาทซ่อมหลังคาและทางเดินของตลาด พื้นใหม่ปูด้วยกระเบื้อง\n\
                    ชาวบ้านหลายคนบอกว่าดีใจที่ตลาดกลับมาเปิด ป้าขายข้าวเหนียวที่ตลาดนี้มานาน\n\
                    ตลาดจะเปิดทุกวันตั้งแต่ตีห้าถึงเที่ยงวัน ที่จอดรถใหม่อยู่ข้างวัดใกล้ตลาด";
        assert_eq!(parse(thai).body.len(), 4);
        // Short lines (bylines) of like width between paragraphs written
        // on a line each are not a wrapped body.
        let long = "The board said on Tuesday that it would sell the old quay to the town, and that the town would \
                    pay for it over ten years.";
        let names = ["Rasmussen", "Lundquist", "Halvorsen", "Kristiansen", "Sorensen", "Johannesen"];
        let bylines: Vec<String> = names.iter().map(|n| format!("By Ilse Marton and Tove {n}")).collect();
        let text = format!("{long}\n{}\n{long}", bylines.join("\n"));
        assert_eq!(parse(&text).body.len(), 8);
    }

    #[test]
    fn table_rows_keep_their_indentation() {
        let p = parse(
            "Prices rose, the board said.\n    Cod    12.18   13.15\n              3.10    3.42\nMore prose.",
        );
        assert_eq!(p.body[1], "Cod    12.18   13.15");
        assert_eq!(p.body[2], "          3.10    3.42");
        assert_eq!(p.body[3], "More prose.");
    }
}
