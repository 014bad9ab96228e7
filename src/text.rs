//! Text hygiene and measurement shared by the loader, the wrapper and the panes.
//!
//! Everything that reaches the terminal passes through [`sanitize`] first, and
//! every width is measured with [`grapheme_width`], which is exactly what
//! ratatui uses when it draws, so our arithmetic and the screen never disagree.

use std::borrow::Cow;
use std::cmp::Ordering;

use ratatui::buffer::CellWidth;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

/// Columns between tab stops when tabs are expanded.
pub const TAB_WIDTH: usize = 4;

/// Display width of one grapheme cluster, as ratatui will draw it.
pub fn grapheme_width(g: &str) -> usize {
    if g.contains(char::is_control) { 0 } else { usize::from(g.cell_width()) }
}

/// Display width of a string in terminal columns.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        // Sanitized ASCII has no control characters: one column per byte.
        return s.len();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// Cuts `s` to at most `max` columns on a grapheme boundary, ending in `…`
/// when something was cut.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('…');
    Cow::Owned(out)
}

/// Pads `s` with spaces on the right to exactly `w` columns (truncating first).
pub fn pad(s: &str, w: usize) -> String {
    let cut = truncate(s, w);
    let fill = w.saturating_sub(width(&cut));
    let mut out = cut.into_owned();
    out.extend(std::iter::repeat_n(' ', fill));
    out
}

/// Characters that are invisible but change how a terminal lays out or
/// reorders text: bidi embeddings, overrides, isolates and marks, zero-width
/// spaces, stray byte-order marks and interlinear annotations.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Whether a character must never reach a terminal as it is: control
/// characters (C0, DEL, C1, which start escape sequences or move the
/// cursor), invisible format characters (which reorder or hide text) and
/// the Unicode line and paragraph separators.
pub fn is_unprintable(c: char) -> bool {
    // Asked of every character printed or read from the cache: ASCII and
    // the C1 controls without a table look-up.
    match c {
        '\0'..='\u{7F}' => c.is_ascii_control(),
        '\u{80}'..='\u{9F}' => true,
        _ => is_invisible_format(c) || matches!(c, '\u{2028}' | '\u{2029}'),
    }
}

/// How an unprintable character is written so that it can be seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// `\u{1b}`: for text people read. A path stays recognisable (not
    /// silently altered), and nothing in it can act on the terminal.
    Text,
    /// `\u001b`: inside JSON, where it is the same code point to a parser.
    Json,
}

/// `s` with every unprintable character written as an escape (see
/// [`Escape`]); line ends too, so the result is one line. The one guard
/// for names, paths and messages before they are printed.
pub fn printable(s: &str) -> Cow<'_, str> {
    escape(s, Escape::Text, false)
}

/// Untrusted text for one line (a title, a name, a folder): sanitized, its
/// line ends made spaces.
pub fn one_line(s: &str) -> String {
    let (clean, _) = sanitize(s);
    if clean.contains('\n') { clean.replace('\n', " ") } else { clean }
}

/// [`one_line`] of a string already owned: printable ASCII, the usual
/// case, is kept as it is rather than copied (a cache of 100,000 articles
/// holds a million such strings).
pub fn one_line_owned(s: String) -> String {
    if is_one_line(&s) { s } else { one_line(&s) }
}

/// Whether [`one_line`] would give `s` back as it is: checked without
/// building the copy it would make (text in other scripts, already clean,
/// is most of what a cache holds that is not ASCII).
fn is_one_line(s: &str) -> bool {
    // Without an early exit, so that it runs a word of bytes at a time.
    if s.bytes().fold(true, |printable, b| printable & (0x20..0x7F).contains(&b)) {
        return true;
    }
    let mut after_space = true;
    // Below U+0300 no character is a mark or changes under NFC: text in
    // Latin scripts needs no normalization check.
    let mut below_marks = true;
    for c in s.chars() {
        if is_unprintable(c) || (after_space && is_attaching(c)) {
            return false;
        }
        after_space = c.is_whitespace();
        below_marks &= c < '\u{300}';
    }
    below_marks || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

fn escape(s: &str, style: Escape, keep_newlines: bool) -> Cow<'_, str> {
    let escaped = |c: char| is_unprintable(c) && !(keep_newlines && c == '\n');
    // ASCII, most of what is printed, is checked byte by byte.
    let clean = if s.is_ascii() {
        !s.bytes().any(|b| (b < 0x20 && !(keep_newlines && b == b'\n')) || b == 0x7F)
    } else {
        !s.contains(escaped)
    };
    if clean {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match (escaped(c), style) {
            (false, _) => out.push(c),
            (true, Escape::Text) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            // Every unprintable character is in the Basic Multilingual Plane.
            (true, Escape::Json) => out.push_str(&format!("\\u{:04x}", u32::from(c))),
        }
    }
    Cow::Owned(out)
}

/// A writer that lets no unprintable character through: each is written as
/// an escape; line ends stay. Everything the command line prints goes
/// through one, so no file name, message or value can reach the terminal
/// raw, whatever path it took. In [`Escape::Json`] style the output stays
/// valid JSON: outside strings JSON is ASCII punctuation and whitespace, so
/// any such character is inside a string, where `\uXXXX` means it.
pub struct Guard<W: std::io::Write> {
    inner: W,
    style: Escape,
    /// The start of a character split between two writes.
    pending: Vec<u8>,
}

impl<W: std::io::Write> Guard<W> {
    pub fn new(inner: W, style: Escape) -> Guard<W> {
        Guard { inner, style, pending: Vec::new() }
    }
}

impl<W: std::io::Write> std::io::Write for Guard<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let joined;
        let bytes = if self.pending.is_empty() {
            buf
        } else {
            self.pending.extend_from_slice(buf);
            joined = std::mem::take(&mut self.pending);
            &joined[..]
        };
        let mut rest = bytes;
        while !rest.is_empty() {
            let (valid, skip) = match std::str::from_utf8(rest) {
                Ok(all) => (all, rest.len()),
                Err(e) => {
                    let valid = std::str::from_utf8(&rest[..e.valid_up_to()]).expect("checked");
                    match e.error_len() {
                        Some(bad) => (valid, e.valid_up_to() + bad),
                        None => {
                            // Incomplete at the end: wait for the rest.
                            self.pending.extend_from_slice(&rest[e.valid_up_to()..]);
                            (valid, rest.len())
                        }
                    }
                }
            };
            self.inner.write_all(escape(valid, self.style, true).as_bytes())?;
            if valid.len() < skip && self.pending.is_empty() {
                self.inner.write_all("\u{fffd}".as_bytes())?;
            }
            rest = &rest[skip..];
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !std::mem::take(&mut self.pending).is_empty() {
            self.inner.write_all("\u{fffd}".as_bytes())?;
        }
        self.inner.flush()
    }
}

/// Characters that attach to the one before them: combining marks (and
/// variation selectors), and the zero-width joiner and non-joiner.
fn is_attaching(c: char) -> bool {
    // No mark or joiner comes before U+0300: most text is answered without
    // a table lookup (the lookup was a tenth of reading a cache).
    c >= '\u{300}' && (is_combining_mark(c) || matches!(c, '\u{200C}' | '\u{200D}'))
}

/// Makes untrusted text safe and uniform for display.
///
/// Line ends become `\n` (CRLF, lone CR, U+2028/U+2029); tabs expand to
/// spaces; escape sequences (CSI, OSC, DCS, APC, PM, SOS, two-byte escapes,
/// and their C1 forms) are removed whole; every other control character and
/// invisible format character is dropped; the result is NFC.
///
/// Returns the text and whether anything besides line ends and tabs had to
/// be removed, so the loader can report the file as repaired.
pub fn sanitize(input: &str) -> (String, bool) {
    // Most files need nothing: a byte scan proves it and skips the char loop.
    // ASCII needs only the control bytes checked; other text goes through
    // the loop (it may hold C1 controls, bidi controls or stray marks).
    let suspicious = |b: u8| (b < 0x20 && b != b'\n') || b >= 0x7F;
    if !input.bytes().any(suspicious) {
        return (normalize(input.to_owned()), false);
    }
    let mut out = String::with_capacity(input.len());
    let mut removed = false;
    // Where the current line starts in `out`, to find the column of a tab.
    let mut line_start = 0;
    // Where the line's last tab began and its column: the next tab measures
    // only what follows, so a line of many tabs is not measured again and
    // again from its start (quadratic; the text fuzz corpus has such lines).
    let mut last_tab: Option<(usize, usize)> = None;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                line_start = out.len();
                last_tab = None;
            }
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                    line_start = out.len();
                    last_tab = None;
                }
            }
            '\t' => {
                let column = tab_column(&out[line_start..], last_tab);
                last_tab = Some((out.len() - line_start, column));
                out.extend(std::iter::repeat_n(' ', TAB_WIDTH - column % TAB_WIDTH));
            }
            '\u{1B}' => {
                removed = true;
                skip_escape(&mut chars);
            }
            '\u{9B}' => {
                removed = true;
                skip_csi(&mut chars);
            }
            '\u{90}' | '\u{98}' | '\u{9D}' | '\u{9E}' | '\u{9F}' => {
                removed = true;
                skip_string(&mut chars);
            }
            c if c.is_control() || is_invisible_format(c) => removed = true,
            // A combining mark or joiner with nothing to attach to (at the
            // start of a line or after a space, which trimming may take
            // away) would be drawn on, or joined with, whatever happens to
            // be beside it, and a line break could fall inside the cluster
            // it makes with the space: drop it.
            c if is_attaching(c) && out.chars().next_back().is_none_or(char::is_whitespace) => removed = true,
            c => out.push(c),
        }
    }
    (normalize(out), removed)
}

/// The width of `line`, given the width `column` of its start up to byte
/// `at` (where the previous tab went): that start is reused when `at` is
/// still a grapheme boundary, as it almost always is (a Prepend character
/// before the tab makes it not one).
fn tab_column(line: &str, last_tab: Option<(usize, usize)>) -> usize {
    match last_tab {
        Some((at, column))
            if unicode_segmentation::GraphemeCursor::new(at, line.len(), true).is_boundary(line, 0)
                == Ok(true) =>
        {
            column + width(&line[at..])
        }
        _ => width(line),
    }
}

fn normalize(text: String) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC: a CSI, a control string, or a short escape.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        Some(c) if ('\u{20}'..='\u{2F}').contains(&c) => {
            // Intermediate bytes, then one final byte (e.g. `ESC ( B`).
            while chars.next_if(|c| ('\u{20}'..='\u{2F}').contains(c)).is_some() {}
            chars.next();
        }
        _ => {}
    }
}

/// Skips CSI parameters and intermediates up to and including the final
/// byte. A malformed sequence ends before the first byte that cannot be part
/// of it, so a newline is never swallowed.
fn skip_csi(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next_if(|c| ('\u{20}'..='\u{7E}').contains(c)) {
        if ('\u{40}'..='\u{7E}').contains(&c) {
            return;
        }
    }
}

/// Skips a control string (OSC, DCS, ...) up to BEL, ST (`ESC \`) or C1 ST.
/// An unterminated string runs to the end of the line, never further, so one
/// broken sequence cannot swallow the rest of a file.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{07}' | '\u{9C}' => {
                chars.next();
                return;
            }
            '\u{1B}' => {
                chars.next();
                chars.next_if_eq(&'\\');
                return;
            }
            '\n' | '\r' => return,
            _ => {
                chars.next();
            }
        }
    }
}

/// 1-based line and column (in characters) of byte `at` (or of the
/// character it falls inside).
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Characters that are words on their own: a query for 喫茶 matches the
/// two characters in sequence wherever they are.
pub fn is_ideograph(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3100..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F
        | 0x20000..=0x3FFFF)
}

/// Letters of Chinese and Japanese (Han, kana): written without spaces,
/// about 1.5 characters to an English word's reading time (silent
/// reading runs near 255 characters a minute in Chinese and 357 in
/// Japanese against 228 words in English, by the IReST norms). Hangul is
/// left out: Korean puts spaces between words.
fn is_han_or_kana(c: char) -> bool {
    is_ideograph(c) && !matches!(u32::from(c), 0x1100..=0x11FF | 0xA960..=0xA97F | 0xAC00..=0xD7FF)
}

/// Characters of Thai, Lao, Khmer and Burmese, written without spaces
/// between words: a word is about 4 of them, marks included (4.1 in the
/// Thai National Corpus word frequencies, 4.2 in Burmese text segmented
/// into words).
pub fn is_southeast_asian(c: char) -> bool {
    matches!(u32::from(c), 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x19E0..=0x19FF | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F)
}

/// How many words a whitespace-separated token stands for, for reading
/// times and the summarizer's word counts: one, or in scripts written
/// without spaces a word for every 1.5 Han or kana characters and every 4
/// Thai, Lao, Khmer or Burmese ones (plus one for any other letters or
/// digits in it), so a run of a Thai sentence is not one word.
pub fn token_words(token: &str) -> usize {
    if token.is_ascii() {
        return 1;
    }
    let (mut han, mut southeast, mut other) = (0usize, 0usize, false);
    for c in token.chars() {
        if is_han_or_kana(c) {
            han += 1;
        } else if is_southeast_asian(c) {
            southeast += 1;
        } else {
            other |= c.is_alphanumeric();
        }
    }
    // In twelfths: 8 for a Han or kana character, 3 for a Thai one.
    let unspaced = (han * 8 + southeast * 3).div_ceil(12);
    (usize::from(other) + unspaced).max(1)
}

/// Orders text as people do: runs of digits by their value (`2` before
/// `10`), the rest case-blind, ties by the exact text. Compares in place:
/// sorting 100,000 file names by keys made for each took a tenth of a
/// second, mostly allocating.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_parts(a).cmp(natural_parts(b)).then_with(|| a.cmp(b))
}

/// The runs of `s` that [`natural_cmp`] compares in turn.
fn natural_parts(s: &str) -> impl Iterator<Item = NaturalPart<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let c = rest.chars().next()?;
        let digits = c.is_ascii_digit();
        let end = rest.find(|c: char| c.is_ascii_digit() != digits).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(if digits { NaturalPart::Number(run.trim_start_matches('0')) } else { NaturalPart::Text(run) })
    })
}

/// A run of [`natural_parts`]: a number without its leading zeros, which
/// sorts before text.
#[derive(PartialEq, Eq)]
enum NaturalPart<'a> {
    Number(&'a str),
    Text(&'a str),
}

impl Ord for NaturalPart<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            // By digit count, then digits: any length works.
            (NaturalPart::Number(a), NaturalPart::Number(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
            (NaturalPart::Number(_), NaturalPart::Text(_)) => Ordering::Less,
            (NaturalPart::Text(_), NaturalPart::Number(_)) => Ordering::Greater,
            (NaturalPart::Text(a), NaturalPart::Text(b)) => {
                a.chars().flat_map(char::to_lowercase).cmp(b.chars().flat_map(char::to_lowercase))
            }
        }
    }
}

impl PartialOrd for NaturalPart<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Whether terminals may disagree about how wide `s` is drawn: scripts
/// whose vowel signs and conjuncts some terminals give a column of their
/// own and others none (Indic scripts, Thai, Lao, Tibetan, Myanmar, Khmer,
/// Sinhala), and emoji forced to colour by a variation selector. A screen
/// with such text is drawn afresh rather than patched, so a disagreement
/// cannot leave stray characters behind.
pub fn uncertain_width(s: &str) -> bool {
    !s.is_ascii()
        && s.chars().any(|c| {
            matches!(u32::from(c),
                0x0900..=0x0DFF | 0x0E00..=0x0EFF | 0x0F00..=0x0FFF | 0x1000..=0x109F | 0x1780..=0x17FF
                | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F | 0xFE0F | 0x200D)
        })
}

/// Text as Markdown that means only the text: no emphasis, link, image,
/// code or HTML can start in it (`<img onerror>` stays words), and it
/// cannot turn the line it is on into a heading or a list.
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let leading_digits = text.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in text.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            // What starts a list item or a heading underline.
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' if i == leading_digits && i > 0 => out.push_str("\\."),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn text_said_to_be_one_clean_line_is_what_one_line_gives(
            s in "[a-z \t\n\r\u{1b}\u{85}\u{9b}\u{e9}\u{301}\u{65}\u{5b8}\u{93e}\u{200b}\u{200d}\u{202e}\u{2028}\u{3042}\u{1100}\u{1161}\u{fb01}]{0,12}"
        ) {
            if is_one_line(&s) {
                proptest::prop_assert_eq!(one_line(&s), s.clone());
            }
        }
    }

    #[test]
    fn clean_text_in_any_script_is_kept_and_the_rest_is_not() {
        for kept in ["Ferry fares rise", "Café au lait", "नई दिल्ली", "ရန်ကုန်", "東京 2026"]
        {
            assert!(is_one_line(kept), "{kept}");
        }
        // A control, a bidi override, a line separator, a mark on nothing,
        // and text not in NFC (e + combining acute).
        for changed in ["a\u{7}b", "a\u{202e}b", "a\u{2028}b", "\u{301}a", "a \u{301}b", "Cafe\u{301}"] {
            assert!(!is_one_line(changed), "{changed:?}");
            assert_ne!(one_line(changed), changed);
        }
    }

    #[test]
    fn natural_order_puts_2_before_10() {
        let mut names = vec![
            "story10.txt",
            "Story2.txt",
            "story1.txt",
            "story02b.txt",
            "a.txt",
            "99999999999999999999999.txt",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "99999999999999999999999.txt",
                "a.txt",
                "story1.txt",
                "Story2.txt",
                "story02b.txt",
                "story10.txt"
            ]
        );
    }

    #[test]
    fn widths_follow_the_terminal() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("👍🏽"), 2);
    }

    #[test]
    fn truncate_never_splits_a_grapheme() {
        assert_eq!(truncate("hello world", 8), "hello w…");
        assert_eq!(truncate("日本語テキスト", 6), "日本…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(width(&pad("日本", 5)), 5);
    }

    #[test]
    fn sanitize_removes_escape_sequences_whole() {
        let (s, removed) = sanitize("a\u{1b}[31mred\u{1b}[0m b\u{1b}]52;c;aGk=\u{7}c\u{1b}]0;title\u{1b}\\d");
        assert_eq!(s, "ared bcd");
        assert!(removed);
        let (s, _) = sanitize("x\u{9b}2Jy\u{7}z\u{1b}(Bw");
        assert_eq!(s, "xyzw");
    }

    #[test]
    fn sanitize_normalizes_line_ends_tabs_and_nfc() {
        let (s, removed) = sanitize("a\r\nb\rc\td\u{2028}e\u{301}");
        assert_eq!(s, "a\nb\nc   d\n\u{e9}");
        assert!(!removed);
    }

    #[test]
    fn tabs_stop_where_the_whole_line_measures() {
        // Each tab is measured from the previous one; the stops must be
        // where measuring the whole line puts them, whatever comes between
        // (wide, combining, regional indicators, a Prepend before a tab).
        fn expanded(line: &str) -> String {
            let mut out = String::new();
            for c in line.chars() {
                if c == '\t' {
                    out.extend(std::iter::repeat_n(' ', TAB_WIDTH - width(&out) % TAB_WIDTH));
                } else if !(is_attaching(c) && out.chars().next_back().is_none_or(char::is_whitespace)) {
                    out.push(c);
                }
            }
            out
        }
        let pieces = ["a", "\t", "世", "e\u{301}", "🇫", "🇷", "\u{d4e}", "\u{903}", "👩\u{200d}🚒", "xy"];
        let mut seed = 7u32;
        for _ in 0..500 {
            let mut line = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                line.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            assert_eq!(sanitize(&line).0, normalize(expanded(&line)), "{line:?}");
        }
        let many = "\t世".repeat(1_000);
        assert_eq!(sanitize(&many).0, expanded(&many));
    }

    #[test]
    fn sanitize_drops_joiners_with_nothing_to_join() {
        // Found by fuzzing: a joiner after a space made one cluster with
        // it, and wrapping then broke the line inside that cluster.
        let (s, removed) = sanitize("takes \u{200d}🚒 and \u{200c}x");
        assert_eq!(s, "takes 🚒 and x");
        assert!(removed);
        let (s, removed) = sanitize("👩\u{200d}🚒");
        assert_eq!(s, "👩\u{200d}🚒", "a joiner between emoji stays");
        assert!(!removed);
    }

    #[test]
    fn sanitize_drops_bidi_overrides_and_zero_width_spaces() {
        let (s, removed) = sanitize("ab\u{202e}cd\u{200b}e\u{feff}");
        assert_eq!(s, "abcde");
        assert!(removed);
        // Joiners are part of emoji and scripts and stay.
        let (s, _) = sanitize("👨\u{200d}👩\u{200d}👧");
        assert_eq!(s.chars().count(), 5);
    }

    #[test]
    fn marks_without_a_letter_are_dropped() {
        let (s, removed) = sanitize("\u{300}start, x \u{301}y, e\u{301}\n\u{302}z");
        assert_eq!(s, "start, x y, \u{e9}\nz");
        assert!(removed);
    }

    #[test]
    fn unterminated_osc_stops_at_line_end() {
        let (s, _) = sanitize("a\u{1b}]0;never ends\nnext line");
        assert_eq!(s, "a\nnext line");
    }

    #[test]
    fn printable_escapes_what_could_act_on_a_terminal_and_nothing_else() {
        assert_eq!(
            printable("a\u{1b}[31mb\u{1b}]0;t\u{7}\nc\u{9b}\u{202e}\u{2066}\u{7f}"),
            "a\\u{1b}[31mb\\u{1b}]0;t\\u{7}\\u{a}c\\u{9b}\\u{202e}\\u{2066}\\u{7f}"
        );
        for name in ["समाचार/लेख.txt", "ニュース/記事.md", "أخبار/مقال.txt", "Zoë Łódź"]
        {
            assert!(matches!(printable(name), Cow::Borrowed(_)), "{name} prints unchanged");
        }
        assert_eq!(one_line("a\nb\u{202e}c\u{1b}]0;x\u{7}"), "a bc");
    }

    #[test]
    fn the_guard_escapes_even_characters_split_between_writes() {
        use std::io::Write;
        let text = "ok\n\u{202e}évil\u{9b}2J\n日本\u{1b}]0;x\u{7}";
        let mut out = Vec::new();
        {
            let mut guard = Guard::new(&mut out, Escape::Text);
            // One byte at a time: every multi-byte character arrives split.
            for b in text.as_bytes() {
                guard.write_all(std::slice::from_ref(b)).unwrap();
            }
            guard.flush().unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "ok\n\\u{202e}évil\\u{9b}2J\n日本\\u{1b}]0;x\\u{7}");

        let value = serde_json::json!({ "path": "a\u{9b}b\u{202e}c\u{7f}", "ok": "日本" });
        let mut out = Vec::new();
        serde_json::to_writer_pretty(Guard::new(&mut out, Escape::Json), &value).unwrap();
        let json = String::from_utf8(out).unwrap();
        assert!(json.contains("a\\u009bb\\u202ec\\u007f") && json.contains("日本"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value, "the escapes mean the same code points");
    }
}
