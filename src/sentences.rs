//! Sentences of real text: where one ends, in any script, past
//! abbreviations, initials, decimals and quotations. Key points are chosen
//! among them and titles are derived from the first, so neither is ever a
//! fragment ("The U.S").

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::is_ideograph;

/// Common English words that carry no topic.
pub(crate) const STOP_WORDS: [&str; 60] = [
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is", "it", "its",
    "more", "not", "of", "on", "one", "or", "our", "s", "said", "she", "so", "than", "that", "the", "their",
    "there", "they", "this", "to", "two", "up", "was", "we", "were", "what", "when", "which", "who", "will",
    "with",
];

/// Words after which a full stop never ends a sentence: they come before a
/// name or a number.
const NEVER_FINAL: [&str; 24] = [
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "gov", "sen", "rep", "lt", "col", "sgt", "capt", "cmdr",
    "adm", "maj", "rev", "hon", "messrs", "mt", "ft", "vs", "pres",
];

/// Abbreviations that may end a sentence ("…bought by Acme Corp. The deal
/// …") as well as sit inside one ("Acme Corp. Chairman…").
const ABBREVIATIONS: [&str; 20] = [
    "inc", "ltd", "co", "corp", "bros", "jr", "sr", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
];

/// Sentence byte ranges of `text`: Unicode sentence boundaries (which know
/// `。`, `।`, `؟`, `။`, `។`, `።`, `։` and decimals), joined where a
/// boundary is not the end of a sentence, so no range is a fragment: after
/// a title ("Mr."), inside a word ("un?esplosione", where a lost apostrophe
/// became a question mark), before a lower-case word or a number, after an
/// abbreviation or an initial ("U.S.", "Dec.", "J.") unless the next word
/// starts a sentence ("…in the U.S. The company…"), after the Burmese
/// comma `၊`, and inside a quotation that closes later in the paragraph
/// (`"We will not sell. We are staying," he said.` is one sentence).
/// Split as well where Unicode does not: after the Tibetan shad `།`, and
/// at a space between two Thai or Lao words, as those scripts mark the
/// end of a sentence with a space alone (but also put spaces between
/// clauses and names: see [`split_unmarked`]).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    quoted_sentences(text).into_iter().map(|(range, _)| range).collect()
}

/// [`sentences`], each with whether it lies outside any quotation: it
/// neither starts inside one nor ends with one open (false only where a
/// quotation does not close in the paragraph, as when a wire story's quote
/// runs on into the next paragraph).
pub fn quoted_sentences(text: &str) -> Vec<(Range<usize>, bool)> {
    let ranges = boundaries(text);
    let mut quotes = Quotes::default();
    let open: Vec<bool> = ranges.iter().map(|r| quotes.open_at(text, r.end)).collect();
    let mut out = Vec::with_capacity(ranges.len());
    let (mut i, mut open_before, mut closes_later) = (0, false, true);
    while i < ranges.len() {
        // Join up to the sentence where the quotation open here closes;
        // when none does, leave the rest as split.
        let closes = (open[i] && closes_later).then(|| open[i..].iter().position(|o| !o)).flatten();
        closes_later &= !open[i] || closes.is_some();
        let end = i + closes.unwrap_or(0);
        out.push((ranges[i].start..ranges[end].end, !open_before && !open[end]));
        open_before = open[end];
        i = end + 1;
    }
    out
}

/// Sentence ranges before quotations are considered.
fn boundaries(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for (start, sentence) in text.split_sentence_bound_indices() {
        let range = start..start + sentence.len();
        let current = match pending.take() {
            Some(open) => open.start..range.end,
            None => range,
        };
        if continues(&text[current.clone()], &text[current.end..]) {
            pending = Some(current);
        } else {
            split_unmarked(text, current, &mut out);
        }
    }
    if let Some(open) = pending {
        split_unmarked(text, open, &mut out);
    }
    out.into_iter()
        .map(|r| {
            let s = &text[r.clone()];
            let lead = s.len() - s.trim_start().len();
            r.start + lead..r.start + s.trim_end().len()
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// A Thai or Lao sentence is at least this many characters (spaces not
/// counted) before a space may end it: Thai puts spaces between clauses,
/// and between a first name and a surname, as well as between sentences.
const THAI_SENTENCE_CHARS: usize = 40;

/// Thai titles before a name: a space after the name they open ends no
/// sentence (`นายสุรชัย แซ่ด่าน`, Mr Surachai Sae Dan).
const THAI_TITLES: [&str; 7] = ["นาย", "นางสาว", "นาง", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ."];

/// Thai words that join what follows them to what came before (that,
/// which, and, or, by, of, with, then, those): a sentence never starts nor
/// ends with one.
const THAI_JOINING: [&str; 11] = ["ที่", "ซึ่ง", "และ", "หรือ", "ว่า", "โดย", "ของ", "กับ", "นั้น", "จึง", "ด้วย"];

/// Characters of a name after a Thai title, at most.
const THAI_NAME_CHARS: usize = 15;

/// Whether a space after `run` (the text since the space before last) may
/// end a Thai sentence: not after a title and the name it opens
/// (`…จากนาย`, `ของนายสุรชัย`, `นาย สมชาย`), nor after an abbreviation with its dot and what it
/// abbreviates (`จ.นครพนม`, `ม.ค.`).
fn thai_may_end(run: &str) -> bool {
    let near_end = |at: usize| run[at..].chars().count() <= THAI_NAME_CHARS;
    let titled = THAI_TITLES.iter().any(|t| run.rfind(t).is_some_and(|at| near_end(at + t.len())));
    let abbreviated = run
        .char_indices()
        .any(|(at, c)| c == '.' && run[..at].chars().next_back().is_some_and(is_thai) && near_end(at));
    !titled && !abbreviated
}

/// A letter of the Thai or Lao script (not the repetition mark `ๆ` nor the
/// abbreviation mark `ฯ`, which sit inside sentences).
fn is_thai(c: char) -> bool {
    matches!(u32::from(c), 0x0E01..=0x0E2E | 0x0E30..=0x0E45 | 0x0E47..=0x0E4E | 0x0E81..=0x0EDF)
}

/// Pushes `range` of `text` cut after each Tibetan shad and at spaces
/// between two Thai or Lao words that end a sentence: past
/// [`THAI_SENTENCE_CHARS`], not after a title or an abbreviation
/// ([`thai_may_end`]) and not before a joining word ([`THAI_JOINING`]).
fn split_unmarked(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    if piece.is_ascii() {
        out.push(range);
        return;
    }
    let mut start = range.start;
    let mut previous: Option<char> = None;
    // Characters since the last cut, and where the last two runs between
    // spaces began (a title may stand apart from the name: `นาย สมชาย`).
    let (mut since_cut, mut runs_start, mut run_start) = (0, 0, 0);
    let mut chars = piece.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let cut = match c {
            '།' | '༎' => next.is_some_and(char::is_whitespace).then_some(at + c.len_utf8()),
            c if c.is_whitespace() => {
                let thai = previous.is_some_and(is_thai) && next.is_some_and(is_thai);
                let rest = &piece[at + c.len_utf8()..];
                let ends = thai
                    && since_cut >= THAI_SENTENCE_CHARS
                    && thai_may_end(&piece[runs_start..at])
                    && !THAI_JOINING.iter().any(|w| rest.starts_with(w) || piece[..at].ends_with(w));
                (runs_start, run_start) = (run_start, at + c.len_utf8());
                ends.then_some(at + c.len_utf8())
            }
            _ => {
                since_cut += 1;
                None
            }
        };
        if let Some(cut) = cut.map(|cut| range.start + cut) {
            out.push(start..cut);
            start = cut;
            since_cut = 0;
        }
        previous = Some(c);
    }
    out.push(start..range.end);
}

/// Which quotations are open, read from the start of a paragraph: curly,
/// low and corner quotes and guillemets (either way round) open and close
/// in pairs; a straight double quote closes the one open before it or
/// opens one, unless it sits between two letters of a script with
/// capitals (`Suharto"s`, a lost apostrophe; but Arabic glues a prefix to
/// a quotation: `بـ"الجيش الحر"`). A right single quote closes only an open left one: it is
/// mostly an apostrophe; so is a straight single quote, unless it stands
/// before a word after a space (`'We will stay,' he said`).
#[derive(Default)]
struct Quotes {
    /// The opening marks not yet closed, innermost last.
    stack: Vec<char>,
    /// Bytes read so far, and the character before them.
    read: usize,
    previous: Option<char>,
}

impl Quotes {
    /// Whether a quotation is open after byte `end` of `text` (at or past
    /// what was read before).
    fn open_at(&mut self, text: &str, end: usize) -> bool {
        let mut chars = text[self.read..end].chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied().or_else(|| text[end..].chars().next());
            let inside_word =
                self.previous.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
            // A lost apostrophe is a thing of scripts with capitals:
            // Arabic glues a prefix to a quotation (`بـ"الجيش الحر"`).
            let cased = |c: char| c.is_ascii_digit() || c.is_lowercase() || c.is_uppercase();
            let lost_apostrophe = self.previous.is_some_and(cased) && next.is_some_and(cased);
            let top = self.stack.last().copied();
            match c {
                '"' if lost_apostrophe => {}
                '"' if top == Some('"') => _ = self.stack.pop(),
                '“' if top == Some('„') => _ = self.stack.pop(),
                '”' if matches!(top, Some('“' | '„')) => _ = self.stack.pop(),
                '‘' if top == Some('‚') => _ = self.stack.pop(),
                '’' if top == Some('‘') && !inside_word => _ = self.stack.pop(),
                '»' if top == Some('«') => _ = self.stack.pop(),
                '«' if top == Some('»') => _ = self.stack.pop(),
                '」' if top == Some('「') => _ = self.stack.pop(),
                '』' if top == Some('『') => _ = self.stack.pop(),
                // A straight single quote is mostly an apostrophe (`don't`,
                // `boys' team`): it opens a quotation only before a word
                // and after a space, and closes only one it opened.
                '\'' if top == Some('\'')
                    && !self.previous.is_some_and(char::is_whitespace)
                    && !next.is_some_and(char::is_alphanumeric) =>
                {
                    _ = self.stack.pop()
                }
                '\'' if self
                    .previous
                    .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '“' | '"'))
                    && next.is_some_and(char::is_alphabetic) =>
                {
                    self.stack.push(c)
                }
                '"' | '“' | '„' | '‘' | '‚' | '«' | '»' | '「' | '『' => self.stack.push(c),
                _ => {}
            }
            self.previous = Some(c);
        }
        self.read = end;
        !self.stack.is_empty()
    }
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// News agencies and channels named in brackets in a dateline.
const AGENCIES: [&str; 24] = [
    "reuters",
    "ap",
    "afp",
    "cnn",
    "yonhap",
    "xinhua",
    "dpa",
    "ansa",
    "efe",
    "bloomberg",
    "upi",
    "ians",
    "pti",
    "kyodo",
    "bbc",
    "ani",
    "aa",
    "tass",
    "ria",
    "bernama",
    "anadolu",
    "apa",
    "kuna",
    "nhk",
];

/// Bytes of the wire dateline a sentence starts with (`WASHINGTON, April
/// 9 - `, `LONDON (Reuters) — `, `SEOUL, Aug. 20 (Yonhap) -- `, `(CNN)
/// -- `): a place in capitals, then perhaps a date and an agency, then a
/// dash; or a known agency in brackets (`(CNN)`, `(Reuters)`) after a
/// place in any script. The whole sentence when it is nothing but a date
/// line; 0 when there is none. Derived titles, key points and leads all
/// leave it off.
pub fn dateline_len(sentence: &str) -> usize {
    let dash = [" - ", " – ", " — ", " -- "]
        .iter()
        .filter_map(|d| sentence.find(d).map(|at| (at, at + d.len())))
        .min();
    let (head, end) = match dash {
        Some((at, end)) if at <= 60 => (&sentence[..at], end),
        _ => (sentence, sentence.len()),
    };
    let place_end = head.find([',', '(']).unwrap_or(head.len());
    let place = &head[..place_end];
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let words: Vec<&str> = place.split_whitespace().collect();
    // A place in capitals (STAMFORD), or of up to three capitalised words
    // (New York) when a date follows it.
    let titled = (1..=3).contains(&words.len())
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && MONTHS.iter().any(|m| head[place_end..].to_lowercase().contains(m));
    // Capitals, not a script without them (Arabic, Hindi).
    let upper = place.chars().filter(|c| c.is_uppercase()).count();
    let capitals =
        letters >= 3 && (upper * 2 >= letters && place.chars().all(|c| !c.is_lowercase()) || titled);
    // After the place: a date, an agency in brackets, nothing else.
    // A region in full ("COLUMBUS, Ohio, Feb 26", "VANCOUVER, British
    // Columbia, Feb 26") when a day of a month follows.
    let rest: Vec<&str> = head[place_end..].split_whitespace().collect();
    let dated = rest.windows(2).any(|w| {
        let month = w[0].trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        MONTHS.iter().any(|m| month.starts_with(m)) && w[1].trim_end_matches(',').parse::<u8>().is_ok()
    });
    let mut bracket = false;
    let rest_is_date = head[place_end..].split(|c: char| c.is_whitespace() || c == ',').all(|w| {
        if w.starts_with('(') {
            bracket = !w.ends_with(')');
            return true;
        }
        if bracket {
            bracket = !w.ends_with(')');
            return true;
        }
        // A state or region ("COMMACK, N.Y.", "STAMFORD, Conn.",
        // "ROCKVILLE, Md.") belongs to the place.
        let abbreviation = w.ends_with('.')
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().filter(|c| c.is_alphabetic()).count() <= 6;
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = w.to_lowercase();
        abbreviation
            || (dated && w.chars().next().is_some_and(char::is_uppercase))
            || w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
            || lower.chars().all(|c| c.is_ascii_digit())
            || MONTHS.iter().any(|m| lower.starts_with(m))
    });
    // "(CNN) -- ", "دمشق، سوريا (CNN) -- ": a known agency closes it, after
    // a few words none of which starts in lower case.
    let agency =
        head.trim_end().strip_suffix(')').and_then(|h| h.rsplit_once('(')).is_some_and(|(place, name)| {
            AGENCIES.contains(&name.trim().to_lowercase().as_str())
                && place.split_whitespace().count() <= 5
                && !place.split_whitespace().any(|w| w.chars().next().is_some_and(char::is_lowercase))
        });
    if dash.is_some() && agency {
        return end;
    }
    if !(capitals && rest_is_date) || (dash.is_none() && place_end == head.len()) {
        return 0;
    }
    end
}

/// Whether the sentence `before` goes on into `after`.
fn continues(before: &str, after: &str) -> bool {
    let Some(next) = after.chars().next() else { return false };
    // The Burmese comma is a sentence mark to Unicode, not to Burmese; a
    // bracket or quotation just opened ends nothing (`นาย ต.(ไม่…`).
    if before.trim_end().ends_with(['၊', '(', '[', '{', '“', '‘', '«', '「']) {
        return true;
    }
    // Glued to the next word: a stray mark inside a word, not an ending
    // (ideographic scripts need no space after a full stop).
    if before.ends_with(['.', '?', '!']) && next.is_alphanumeric() && !is_ideograph(next) {
        return true;
    }
    let Some(body) = before.trim_end().strip_suffix('.') else { return false };
    let after = after.trim_start();
    let next_word = after.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    if after.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()) {
        return true;
    }
    let word =
        body.rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘')).next().unwrap_or("");
    let lower = word.to_lowercase();
    if NEVER_FINAL.contains(&lower.as_str()) {
        return true;
    }
    let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
    if initial || dotted || ABBREVIATIONS.contains(&lower.as_str()) {
        // "J. A. Smith": an initial follows, whatever its letter.
        let next_is_initial = next_word.chars().count() == 1 && after[next_word.len()..].starts_with('.');
        return next_is_initial || !STOP_WORDS.contains(&next_word.to_lowercase().as_str());
    }
    false
}
