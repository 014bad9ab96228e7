//! The one line-wrapping function. Drawing and scroll arithmetic both use its
//! output, so what the user sees and what the scroll limits say always agree.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::text::{grapheme_width, width as text_width};

/// Wraps `text` to `width` columns and returns each line as a byte range of
/// `text`, without trailing whitespace.
///
/// Lines break where Unicode line breaking (UAX #14) allows: between words,
/// and between CJK characters. A word wider than the line is split between
/// grapheme clusters, so an emoji or a letter with its accents is never cut.
/// Empty text gives one empty line.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut line_end = 0;
    let mut line_width = 0;
    let mut prev = 0;
    for (pos, opportunity) in linebreaks(text) {
        // Line breaking and grapheme clustering disagree now and then (a
        // Myanmar medial after a kana is a break opportunity for the one
        // and part of a cluster for the other): never break inside a
        // cluster.
        if opportunity == BreakOpportunity::Allowed && !grapheme_boundary(text, pos) {
            continue;
        }
        let segment = &text[prev..pos];
        let word_len = segment.trim_end().len();
        let word_width = text_width(&segment[..word_len]);
        let segment_width = word_width + text_width(segment[word_len..].trim_end_matches('\n'));
        if line_width + word_width <= width {
            if word_len > 0 {
                line_end = prev + word_len;
            }
            line_width += segment_width;
        } else {
            if line_end > line_start {
                lines.push(line_start..line_end);
            }
            line_start = prev;
            line_end = prev + word_len;
            line_width = segment_width;
            if word_width > width {
                // Split an over-long word between graphemes; its tail stays
                // on the current line so the next word can join it. Thai
                // and Lao runs between spaces are phrases, long words to
                // line breaking (which has no dictionary for them): split
                // them before a leading vowel, where a syllable starts,
                // when one is in the line's second half.
                let mut chunk_start = prev;
                let mut chunk_width = 0;
                let mut syllable: Option<(usize, usize)> = None;
                for (i, g) in segment[..word_len].grapheme_indices(true) {
                    let w = grapheme_width(g);
                    if chunk_width + w > width && chunk_width > 0 {
                        let (cut, before) = match syllable {
                            Some((at, before))
                                if before * 2 >= width && chunk_width - before + w <= width =>
                            {
                                (at, before)
                            }
                            _ => (prev + i, chunk_width),
                        };
                        lines.push(chunk_start..cut);
                        chunk_start = cut;
                        chunk_width -= before;
                        syllable = None;
                    }
                    if prev + i > chunk_start && g.starts_with(is_leading_vowel) {
                        syllable = Some((prev + i, chunk_width));
                    }
                    chunk_width += w;
                }
                line_start = chunk_start;
                line_width = chunk_width + (segment_width - word_width);
            }
        }
        if opportunity == BreakOpportunity::Mandatory && pos < text.len() {
            lines.push(line_start..line_end.max(line_start));
            line_start = pos;
            line_end = pos;
            line_width = 0;
        }
        prev = pos;
    }
    if line_end > line_start || lines.is_empty() {
        lines.push(line_start..line_end.max(line_start));
    }
    lines
}

/// Thai and Lao vowels written before the consonant they follow in
/// speech: a syllable starts with them.
fn is_leading_vowel(c: char) -> bool {
    matches!(c, '\u{0E40}'..='\u{0E44}' | '\u{0EC0}'..='\u{0EC4}')
}

/// Whether `pos` falls between two grapheme clusters of `text`.
fn grapheme_boundary(text: &str, pos: usize) -> bool {
    let bytes = text.as_bytes();
    if pos == 0 || pos >= text.len() || (bytes[pos - 1].is_ascii() && bytes[pos].is_ascii()) {
        // Sanitized text has no CR LF pair, the one ASCII cluster.
        return true;
    }
    GraphemeCursor::new(pos, text.len(), true).is_boundary(text, 0).unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn never_breaks_inside_a_cluster_that_line_breaking_would_split() {
        // Found by fuzzing: UAX #14 allows a break between a kana and a
        // Myanmar medial that UAX #29 keeps in the kana's cluster.
        let text = "れてい\u{105f}。最";
        assert_eq!(lines(text, 1), ["れ", "て", "い\u{105f}", "。", "最"]);
        assert_eq!(lines(text, 80), [text]);
    }

    #[test]
    fn wraps_between_words() {
        assert_eq!(lines("the quick brown fox jumps", 10), ["the quick", "brown fox", "jumps"]);
        assert_eq!(lines("fits exactly", 12), ["fits exactly"]);
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        assert_eq!(lines("", 10), [""]);
    }

    #[test]
    fn splits_long_words_on_grapheme_boundaries() {
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        let accented = "e\u{301}e\u{301}e\u{301}e\u{301}";
        for line in lines(accented, 3) {
            assert!(line.starts_with('e'), "{line:?} starts with a combining mark");
        }
    }

    #[test]
    fn cjk_wraps_between_characters_and_respects_width() {
        let text = "日本語のテキストを折り返す";
        let got = lines(text, 8);
        assert!(got.len() > 1);
        for line in &got {
            assert!(text_width(line) <= 8, "{line:?}");
        }
        assert_eq!(got.concat(), text);
    }

    #[test]
    fn emoji_are_never_split() {
        let text = "👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧";
        let got = lines(text, 3);
        assert_eq!(got.concat(), text);
        for line in got {
            assert!(line.graphemes(true).all(|g| g == "👨‍👩‍👧"));
        }
    }

    #[test]
    fn long_thai_runs_are_split_where_a_syllable_starts() {
        // One run between spaces, wider than the line: cut before a
        // leading vowel (ไป, ใน, เพื่อน), not inside ช่วง (ในช่ว|งคืน).
        let text = "ได้หายตัวไปจากที่พักในประเทศเพื่อนบ้านในช่วงคืนวันที่";
        for width in 10..=40 {
            let got = lines(text, width);
            assert_eq!(got.concat(), text);
            assert!(got.iter().all(|l| text_width(l) <= width), "{got:?}");
            assert!(!got.iter().any(|l| l.ends_with("ช่") || l.ends_with("ช่ว")), "{width}: {got:?}");
        }
    }

    #[test]
    fn width_one_still_terminates() {
        assert_eq!(lines("ab cd", 1), ["a", "b", "c", "d"]);
        assert_eq!(lines("日本", 1), ["日", "本"]);
    }
}
