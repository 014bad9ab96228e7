//! Bytes to text, by the encoding the bytes declare or, failing that, the
//! one they look like: saved pages and old text files come in
//! windows-1252, ISO-8859-x, Shift_JIS, GB18030 and the like, and reading
//! them as UTF-8 would turn every accent and curly quote into `�`.
//!
//! The order is the one browsers use: a byte-order mark, then a charset
//! given from outside (an HTTP `Content-Type`), then for HTML a `<meta>`
//! declaration near the start, then the bytes themselves: valid UTF-8 is
//! UTF-8, anything else is guessed by chardetng (Firefox's detector) and
//! decoded by encoding_rs.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into an HTML file a `<meta charset>` is looked for. The HTML
/// standard says 1024 bytes, but saved pages often carry scripts and
/// styles before it.
const META_SCAN_BYTES: usize = 4096;
/// The most bytes the detector reads: its guess is settled long before,
/// and its cost stays bounded on a large file.
const DETECT_BYTES: usize = 1 << 20;

/// Text decoded from bytes.
#[derive(Debug, PartialEq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// The encoding used, by its standard name (`UTF-8`, `Shift_JIS`).
    pub encoding: &'static str,
    /// Byte sequences the encoding could not map, each now `U+FFFD`.
    pub replaced: usize,
}

/// Whether the bytes are HTML, whose `<meta>` may declare an encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Html,
}

/// Decodes `bytes` of the given kind; `charset` is an encoding named from
/// outside the bytes (an HTTP header's `charset=`), which outranks what
/// the bytes declare, as in a browser. Unknown names are ignored.
pub fn decode<'a>(bytes: &'a [u8], kind: Kind, charset: Option<&str>) -> Decoded<'a> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return with(encoding, &bytes[bom..]);
    }
    let declared = charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| if kind == Kind::Html { meta_charset(bytes) } else { None });
    match declared {
        // A page declared UTF-8 whose bytes are not is usually a page
        // copied from an older one, so its bytes decide.
        Some(encoding) if encoding != UTF_8 => with(encoding, bytes),
        _ => undeclared(bytes),
    }
}

/// Decodes bytes that declare no encoding (or declare UTF-8).
fn undeclared(bytes: &[u8]) -> Decoded<'_> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: Cow::Borrowed(text), encoding: UTF_8.name(), replaced: 0 };
    }
    // UTF-8 with a few broken sequences (a file cut mid-character, a
    // stray byte pasted in) stays UTF-8: decoding it all as a legacy
    // encoding would garble every good character to save a few.
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if good > 0 && good >= bad {
        return with(UTF_8, bytes);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(DETECT_BYTES)], bytes.len() <= DETECT_BYTES);
    with(detector.guess(None, chardetng::Utf8Detection::Deny), bytes)
}

fn with<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Decoded<'a> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let replaced = if had_errors { count_replaced(encoding, bytes, &text) } else { 0 };
    Decoded { text, encoding: encoding.name(), replaced }
}

/// How many `U+FFFD` the decoder put in (those already in the bytes are
/// not counted).
fn count_replaced(encoding: &'static Encoding, bytes: &[u8], text: &str) -> usize {
    let original = if encoding == UTF_8 {
        bytes.utf8_chunks().map(|c| c.valid().matches('\u{FFFD}').count()).sum()
    } else {
        0
    };
    text.matches('\u{FFFD}').count().saturating_sub(original)
}

/// The encoding a `<meta charset="…">` or `<meta http-equiv="Content-Type"
/// content="text/html; charset=…">` near the start of HTML names.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = find(&lower[at..], b"<meta").map(|i| at + i) {
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        if let Some(encoding) = charset_in(&lower[start..end]) {
            // x-user-defined is a script's trick, not an encoding of text;
            // and a page that says UTF-16 in ASCII is not UTF-16.
            let encoding = encoding.output_encoding();
            return Some(if encoding == encoding_rs::X_USER_DEFINED { WINDOWS_1252 } else { encoding });
        }
        at = end;
    }
    None
}

/// The label after `charset` and `=` in one tag, as an encoding.
fn charset_in(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")?;
    let rest = tag[at + 7..].trim_ascii_start().strip_prefix(b"=")?;
    let rest = rest.trim_ascii_start();
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let len =
        rest.iter().position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace());
    Encoding::for_label(&rest[..len.unwrap_or(rest.len())])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8], kind: Kind, charset: Option<&str>) -> (String, &'static str) {
        let d = decode(bytes, kind, charset);
        (d.text.into_owned(), d.encoding)
    }

    #[test]
    fn utf8_is_borrowed_and_boms_win() {
        let d = decode("naïve “quote”".as_bytes(), Kind::Text, None);
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(text(b"\xEF\xBB\xBFhi", Kind::Text, Some("latin1")), ("hi".into(), "UTF-8"));
        assert_eq!(text(b"\xFF\xFEh\0i\0", Kind::Text, None), ("hi".into(), "UTF-16LE"));
    }

    #[test]
    fn windows_1252_curly_quotes_survive() {
        let bytes = b"He said \x93we will stay\x94 \x96 and they did. Caf\xe9 cr\xe8me.";
        assert_eq!(
            text(bytes, Kind::Text, None),
            ("He said “we will stay” – and they did. Café crème.".into(), "windows-1252")
        );
    }

    #[test]
    fn declared_encodings_are_used() {
        let page = b"<html><head><META http-equiv='Content-Type' content='text/html; charset=Shift_JIS'></head><body>\x93\xfa\x96\x7b</body></html>";
        assert!(text(page, Kind::Html, None).0.contains("日本"));
        let page = b"<meta charset=\"iso-8859-7\"><p>\xe1\xe2\xe3</p>";
        assert!(text(page, Kind::Html, None).0.contains("αβγ"));
        // A charset from outside outranks the page's own.
        assert_eq!(text(b"<meta charset=latin1>\xe1", Kind::Html, Some("iso-8859-7")).1, "ISO-8859-7");
        // Plain text has no meta: the bytes decide.
        assert_eq!(text(b"<meta charset=iso-8859-7> \xe9t\xe9", Kind::Text, None).1, "windows-1252");
    }

    #[test]
    fn undeclared_legacy_encodings_are_detected() {
        let (sjis, _, _) =
            encoding_rs::SHIFT_JIS.encode("駅前の古い喫茶店が、常連客に惜しまれながら閉店した。");
        assert_eq!(text(&sjis, Kind::Text, None).1, "Shift_JIS");
        let (gbk, _, _) = encoding_rs::GB18030.encode("市图书馆今天重新开放，读者排队入场。");
        assert!(text(&gbk, Kind::Text, None).0.contains("图书馆"));
        let (cyr, _, _) =
            encoding_rs::WINDOWS_1251.encode("Городская библиотека снова открыта для читателей.");
        assert!(text(&cyr, Kind::Text, None).0.contains("библиотека"));
    }

    #[test]
    fn mostly_utf8_stays_utf8_with_replacements_counted() {
        let d = decode(
            "Café crème \u{FFFD} ok".as_bytes().iter().chain(b"\xff").copied().collect::<Vec<_>>().leak(),
            Kind::Text,
            None,
        );
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.replaced, 1, "the U+FFFD already in the text is not a replacement");
        assert!(d.text.starts_with("Café crème"));
    }
}
