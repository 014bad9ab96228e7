//! Folding text for matching: case-insensitive and accent-insensitive, with
//! a map back to the original text so every highlight lands on exact
//! grapheme boundaries of what the user sees.

use unicode_normalization::char::decompose_canonical;

use crate::text::{is_ideograph, token_words};

/// Text folded for matching, with the original byte offset of the
/// character each folded byte came from.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    pub text: String,
    /// Per folded byte, where its character starts in the original; `None`
    /// when the original is ASCII and offsets are the same.
    origin: Option<Vec<u32>>,
    original_len: usize,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        if original.is_ascii() {
            return Folded {
                text: original.to_ascii_lowercase(),
                origin: None,
                original_len: original.len(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (offset, c) in original.char_indices() {
            let before = text.len();
            fold_char(c, &mut text);
            origin.extend(std::iter::repeat_n(offset as u32, text.len() - before));
        }
        Folded { text, origin: Some(origin), original_len: original.len() }
    }

    /// The original byte range that folded bytes `start..end` came from,
    /// widened to whole characters. (Callers widen to graphemes.)
    pub fn original_range(&self, original: &str, start: usize, end: usize) -> std::ops::Range<usize> {
        let Some(origin) = &self.origin else {
            let end = end.min(self.original_len);
            return start.min(end)..end;
        };
        let from = origin.get(start).map_or(self.original_len, |&o| o as usize);
        let to = match end.checked_sub(1).and_then(|last| origin.get(last)) {
            Some(&o) => {
                let o = o as usize;
                o + original[o..].chars().next().map_or(0, char::len_utf8)
            }
            None => from,
        };
        from..to.max(from)
    }
}

/// Appends the folded form of `text` to `out` (no offset map), for indexing.
pub fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in text.chars() {
        fold_char(c, out);
    }
}

/// Folds one character: lower case, Latin and Greek accents removed, a few
/// letters without a decomposition spelt out (ß → ss, ł → l, æ → ae),
/// full-width ASCII made plain. Other scripts are only lower-cased, so
/// Japanese voicing marks, for example, still tell words apart.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let special = match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        'ς' => "σ",
        // Typographic apostrophes match the plain one.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => "'",
        _ => "",
    };
    if !special.is_empty() {
        out.push_str(special);
        return;
    }
    let code = u32::from(c);
    if (0xFF01..=0xFF5E).contains(&code) {
        // Full-width forms of ASCII.
        let plain = char::from_u32(code - 0xFEE0).unwrap_or(c);
        out.push(plain.to_ascii_lowercase());
        return;
    }
    if is_accented_script(code) {
        decompose_canonical(c, |d| {
            if !is_diacritic(d) {
                out.extend(d.to_lowercase().filter(|&l| !is_diacritic(l)));
            }
        });
        return;
    }
    if is_diacritic(c) {
        return;
    }
    out.extend(c.to_lowercase());
}

/// Latin-1 Supplement to Greek and Coptic, Cyrillic, Latin Extended
/// Additional and Greek Extended: scripts whose accents users leave off.
fn is_accented_script(code: u32) -> bool {
    matches!(code, 0x00C0..=0x052F | 0x1E00..=0x1FFF)
}

/// Combining diacritical marks used with those scripts.
fn is_diacritic(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(u32::from(c), 0x3099..=0x309A) || is_mark(c)
}

/// Non-spacing marks that belong to the letter before them (Devanagari,
/// Thai, Hebrew points and the like), so they never split a word.
fn is_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0900..=0x0DFF | 0x0E31..=0x0E4E)
        && !c.is_alphanumeric()
}

/// Words in `text` for its reading time: runs between whitespace, each
/// worth [`token_words`] (one, or more for a run in a script written
/// without spaces). The indexer counts the same while it tokenizes ASCII
/// text (its tests compare the two); this is the definition.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().map(token_words).sum()
}

/// Byte ranges of the tokens (words) of folded text: runs of letters and
/// digits, with every ideograph a token of its own. ASCII is scanned a
/// byte at a time (it is most of most text); other characters are decoded.
pub fn tokens(folded: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = folded.as_bytes();
    let mut at = 0;
    // The character at `i` (a char boundary), if it may continue a word.
    let continues = move |i: usize| -> Option<usize> {
        let c = folded[i..].chars().next()?;
        (is_word_char(c) && !is_ideograph(c)).then(|| c.len_utf8())
    };
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            if bytes[at].is_ascii() {
                at += 1;
                if !bytes[start].is_ascii_alphanumeric() {
                    continue;
                }
            } else {
                let c = folded[at..].chars().next()?;
                at += c.len_utf8();
                if is_ideograph(c) {
                    return Some((start, at));
                }
                if !is_word_char(c) {
                    continue;
                }
            }
            // Extend the word: ASCII letters and digits byte by byte, other
            // word characters decoded.
            while at < bytes.len() {
                if bytes[at].is_ascii() {
                    if !bytes[at].is_ascii_alphanumeric() {
                        break;
                    }
                    at += 1;
                } else {
                    match continues(at) {
                        Some(len) => at += len,
                        None => break,
                    }
                }
            }
            return Some((start, at));
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        Folded::new(s).text
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Sébastien CAFÉ"), "sebastien cafe");
        assert_eq!(fold("Straße Łódź Øre"), "strasse lodz ore");
        assert_eq!(fold("ΌΣΟΣ"), "οσοσ");
        assert_eq!(fold("Ｆｕｌｌ"), "full");
        assert_eq!(fold("Bubeck’s"), "bubeck's");
    }

    #[test]
    fn keeps_japanese_voicing() {
        assert_ne!(fold("が"), fold("か"));
    }

    #[test]
    fn maps_back_to_whole_characters() {
        let original = "Zoë Müller";
        let f = Folded::new(original);
        let start = f.text.find("muller").unwrap();
        let range = f.original_range(original, start, start + "muller".len());
        assert_eq!(&original[range], "Müller");
        let decomposed = "Se\u{301}bastien";
        let f = Folded::new(decomposed);
        assert_eq!(f.text, "sebastien");
        let range = f.original_range(decomposed, 0, 3);
        assert_eq!(&decomposed[range], "Se\u{301}b");
    }

    /// The definition the fast scanner must agree with.
    fn tokens_by_chars(folded: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut chars = folded.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if is_ideograph(c) {
                out.push((start, start + c.len_utf8()));
                continue;
            }
            if !is_word_char(c) {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if !is_word_char(next) || is_ideograph(next) {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            out.push((start, end));
        }
        out
    }

    #[test]
    fn the_fast_scanner_agrees_with_the_definition() {
        let samples = [
            "",
            "abc",
            "a b",
            "hello, world! 喫茶店で2026年",
            "cafe\u{301} x",
            "ab\u{5b8}cd",
            "x\u{900}\u{93e}y",
            "日本語のテキスト",
            "👍 ok",
            "a-b_c.d",
            "ë1日a",
            "\u{300}a",
            "数字123abc",
            "Ǆemal ΣΊΣΥΦΟΣ",
        ];
        for s in samples {
            let folded = Folded::new(s).text;
            assert_eq!(tokens(&folded).collect::<Vec<_>>(), tokens_by_chars(&folded), "{s:?}");
            assert_eq!(tokens(s).collect::<Vec<_>>(), tokens_by_chars(s), "{s:?} unfolded");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_scanner_agrees_on_any_text(s in "[a-zA-Z0-9 .,'\u{e9}\u{301}\u{5b8}\u{93e}\u{4e00}-\u{4e10}\u{3042}\u{1f44d}\u{200d}-]{0,40}") {
            proptest::prop_assert_eq!(tokens(&s).collect::<Vec<_>>(), tokens_by_chars(&s));
        }
    }

    #[test]
    fn tokens_split_words_and_ideographs() {
        let text = fold("Hello, world! 喫茶店で2026年");
        let got: Vec<&str> = tokens(&text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(got, ["hello", "world", "喫", "茶", "店", "で", "2026", "年"]);
    }

    #[test]
    fn words_of_scripts_without_spaces_are_counted_by_their_characters() {
        assert_eq!(word_count("Plain words,\tthree  of\u{b}them"), 5);
        // Six Han and kana characters: four words, not one run.
        assert_eq!(word_count("喫茶店で珈琲"), 4);
        // A Thai sentence of 44 characters is about eleven words, however
        // few spaces it has.
        let thai = "ตลาดเช้าเปิดอีกครั้ง แม่ค้าขายผักตั้งแต่ตีห้า";
        assert_eq!(thai.chars().filter(|c| !c.is_whitespace()).count(), 44);
        assert_eq!(word_count(thai), 5 + 6);
        let burmese = "ဈေးကို ယနေ့ ပြန်ဖွင့်သည်။";
        assert_eq!(word_count(burmese), 2 + 1 + 4);
        // Korean is written with spaces: one word a run.
        assert_eq!(word_count("시장이 다시 열렸다"), 3);
        assert_eq!(word_count("Pythonの開発"), 1 + 2);
    }
}
