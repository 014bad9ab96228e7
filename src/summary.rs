//! Key points for articles that have none: an extractive summary of the
//! 3–5 most central prose sentences of the body, in article order.
//!
//! Only sentences that read as prose are candidates ([`prose`]): table
//! rows, lists of figures, earnings-statement lines, datelines, bylines,
//! photo credits and link lists stay in the full text but are never points.
//! A sentence that repeats the title is not a candidate either. A story
//! with [`SHORT_STORY`] or fewer candidates is not summarized: the summary
//! would be the story itself, so it is shown whole ([`Summary::Whole`]).
//!
//! Each candidate becomes a vector of its content words (folded, stemmed
//! in the article's language, stop words left out) weighted by inverse
//! sentence frequency; a sentence's centrality is its summed cosine
//! similarity to every other candidate (the sentences that say what the
//! rest of the article keeps saying), times a small prior for coming early,
//! as news puts the gist first. The best are taken greedily, skipping any
//! too similar to one already taken, and given back in article order.
//! Deterministic, and bounded: only the first [`MAX_SENTENCES`] candidates
//! are compared.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};

use crate::article::{Article, ArticleText, BlockKind, Inline};
use crate::search::fold::{fold_into, tokens};
use crate::sentences::STOP_WORDS;
pub use crate::sentences::{dateline_len, quoted_sentences, sentences};
use crate::text::{is_ideograph, token_words};

/// Candidate sentences compared at most (the comparison is quadratic).
pub const MAX_SENTENCES: usize = 400;
/// A story with this many prose sentences or fewer (besides one that
/// repeats the title) is shown whole instead of summarized.
pub const SHORT_STORY: usize = 3;
/// Prose has at least this many words...
const MIN_WORDS: usize = 6;
/// ...and at most this many (longer ones are usually lists run together).
const MAX_WORDS: usize = 70;

/// The most words of a prose sentence in `sentence`'s script. Burmese
/// counts finer words than English for the same sentence (segmented text
/// runs about one word to 4.2 characters, marks included: a news sentence
/// of 50 English words is 75 or more) and ends its sentences with a mark
/// of their own (`။`), so a long one is a sentence, not a list run together.
fn max_words(sentence: &str) -> usize {
    let burmese = sentence.chars().filter(|&c| matches!(u32::from(c), 0x1000..=0x109F)).count();
    let letters = sentence.chars().filter(|c| c.is_alphanumeric()).count();
    if burmese * 2 > letters { MAX_WORDS * 3 / 2 } else { MAX_WORDS }
}
/// A sentence without a closing full stop is prose only if this long:
/// shorter ones are headings, labels and table cells.
const UNFINISHED_WORDS: usize = 15;
/// Two sentences more alike than this say the same thing.
const REDUNDANT: f32 = 0.6;
/// A sentence sharing this much of the title's words (Jaccard) repeats it.
const REPEATS_TITLE: f32 = 0.6;

/// The heading over a story shown whole, where key points would be.
pub const SHOWN_WHOLE: &str = "Too short to summarize: the whole story";

/// What a summary of an article is: sentences ([`Extract`]s, or those
/// with their text), in article order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Summary<T = Extract> {
    /// Extracted key points.
    Points(Vec<T>),
    /// Too few prose sentences to summarize: the story is shown itself.
    /// Where it is not (the front page, a digest), its lead stands for it:
    /// its prose sentences (none that repeats the title), or when it has
    /// none (a table under one line) its first sentence, unless the title
    /// is that sentence whole.
    Whole(Vec<T>),
}

impl<T> Summary<T> {
    /// The extracted points; none when the story is shown whole.
    pub fn points(self) -> Vec<T> {
        match self {
            Summary::Points(points) => points,
            Summary::Whole(_) => Vec::new(),
        }
    }

    fn map<U>(self, f: impl FnMut(T) -> U) -> Summary<U> {
        match self {
            Summary::Points(v) => Summary::Points(v.into_iter().map(f).collect()),
            Summary::Whole(v) => Summary::Whole(v.into_iter().map(f).collect()),
        }
    }
}

/// One extracted key point: a sentence of a body paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extract {
    pub paragraph: usize,
    pub range: Range<usize>,
}

// ---------------------------------------------------------------------------
// Prose

/// Why a sentence is not summary material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotProse {
    TooShort,
    TooLong,
    /// No closing full stop, and short: a heading, label or cell.
    Unfinished,
    /// Mostly numbers: a price list, a list of dates.
    Figures,
    /// Columns (runs of spaces, bars) or three figures in a row.
    TableRow,
    /// An earnings statement line: "Shr 1.12 dlrs vs 1.05 dlrs".
    Statement,
    Dateline,
    Byline,
    /// A photo's caption or credit, or a note set in italics.
    Caption,
    /// Links and page furniture ("Read more", "Follow us").
    Links,
    /// Written in capitals: a headline or a section label.
    Capitals,
    /// Ends in a colon or a dash, or says "as follows": the line before a
    /// table or list, which says nothing without it.
    LeadIn,
    /// Part of a quotation that opens or closes in another sentence.
    InQuotation,
}

impl NotProse {
    /// A few words for reports.
    pub fn describe(self) -> &'static str {
        match self {
            NotProse::TooShort => "too short",
            NotProse::TooLong => "too long (a list run together)",
            NotProse::Unfinished => "no closing full stop (heading or label)",
            NotProse::Figures => "mostly figures, dates or labels",
            NotProse::TableRow => "table row",
            NotProse::Statement => "statement line",
            NotProse::Dateline => "dateline",
            NotProse::Byline => "byline",
            NotProse::Caption => "photo caption or credit",
            NotProse::Links => "links or page furniture",
            NotProse::Capitals => "in capitals",
            NotProse::LeadIn => "introduces a table or list",
            NotProse::InQuotation => "part of a quotation split across sentences",
        }
    }
}

/// Marks of a photo caption's credit line.
const CREDITS: [&str; 15] = [
    "photo:",
    "photograph:",
    "photo by",
    "photograph by",
    "picture:",
    "pictured:",
    "image:",
    "credit:",
    "caption:",
    "(photo",
    "file photo",
    "reuters/",
    "ap photo",
    "afp photo",
    "getty images",
];

/// How page furniture and link lists begin.
const FURNITURE: [&str; 12] = [
    "read more",
    "related:",
    "see also",
    "click here",
    "follow us",
    "sign up",
    "subscribe",
    "share this",
    "advertisement",
    "all rights reserved",
    "copyright",
    "more:",
];

/// First words of the lines of an earnings statement.
const STATEMENT_LABELS: [&str; 16] = [
    "shr", "shrs", "net", "revs", "rev", "sales", "oper", "avg", "qtr", "mths", "div", "pay", "payable",
    "record", "loss", "profit",
];

/// Whether `sentence` reads as prose: enough words, mostly words rather
/// than figures, finished with a full stop (or long), and none of the
/// things wire copy and web pages put between sentences. Numbers inside
/// prose are fine.
pub fn prose(sentence: &str) -> Result<(), NotProse> {
    let lower = sentence.to_lowercase();
    if lower.contains("://") || lower.contains("www.") || FURNITURE.iter().any(|f| lower.starts_with(f)) {
        return Err(NotProse::Links);
    }
    if CREDITS.iter().any(|c| lower.contains(c)) || lower.contains('©') {
        return Err(NotProse::Caption);
    }
    let shape = Shape::of(sentence);
    let unquoted = sentence.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*', '」', '』']);
    // Thai and Lao end a sentence with a space alone.
    let finished =
        unquoted.ends_with([
            '.', '!', '?', '。', '！', '？', '।', '॥', '؟', '۔', '။', '។', '።', '፧', '།', '༎', '։', '՞', '՜',
        ]) || unquoted.chars().next_back().is_some_and(|c| matches!(u32::from(c), 0x0E01..=0x0EFF));
    let first = lower.split_whitespace().next().unwrap_or("").trim_end_matches([':', '.', ',']);
    if shape.versus || (!finished && shape.numbers > 0 && STATEMENT_LABELS.contains(&first)) {
        return Err(NotProse::Statement);
    }
    if shape.columns || shape.number_run >= 3 {
        return Err(NotProse::TableRow);
    }
    if dateline_len(sentence) == sentence.len() {
        return Err(NotProse::Dateline);
    }
    if is_byline(sentence) {
        return Err(NotProse::Byline);
    }
    if shape.numbers * 100 > (shape.words + shape.numbers) * 35 || shape.words * 10 < shape.tokens * 6 {
        return Err(NotProse::Figures);
    }
    if shape.words < MIN_WORDS {
        // "Level V wheat/barley after 5/14/82, corn/sorghum after 7/1/82."
        return Err(if shape.numbers >= 2 { NotProse::Figures } else { NotProse::TooShort });
    }
    let lead_in = [":", " -", " --", "–", "—"].iter().any(|end| sentence.trim_end().ends_with(end));
    if lead_in || lower.contains("as follows") {
        return Err(NotProse::LeadIn);
    }
    if shape.words > max_words(sentence) {
        return Err(NotProse::TooLong);
    }
    if shape.cased >= 10 && shape.upper * 10 > shape.cased * 6 {
        return Err(NotProse::Capitals);
    }
    if !finished && shape.words < UNFINISHED_WORDS {
        return Err(NotProse::Unfinished);
    }
    Ok(())
}

/// Whether a body line is part of a table or block of figures, to be shown
/// on a line of its own rather than as a paragraph of prose.
pub fn is_tabular(line: &str) -> bool {
    let shape = Shape::of(line);
    // Statement lines ("Net 2,480,000 vs 2,060,000") have no full stop.
    let statement = shape.versus && !line.trim_end().ends_with('.');
    shape.columns
        || shape.number_run >= 3
        || (shape.numbers >= 2 && shape.numbers >= shape.words)
        || statement
}

/// The counts that tell prose from tables and figures.
#[derive(Default)]
struct Shape {
    /// Space-separated tokens.
    tokens: usize,
    /// Tokens that are mostly letters, and not labels (a run in a script
    /// written without spaces counts as [`token_words`] says).
    words: usize,
    /// Letters standing for things in a table: a roman numeral (`IV`), a
    /// capital letter alone (`V`, not `A` or `I`), a slash pair
    /// (`wheat/barley`).
    labels: usize,
    /// Tokens that are mostly digits: "13.18", "04/09/87", "896,655".
    numbers: usize,
    /// The longest run of numbers in a row.
    number_run: usize,
    /// Aligned columns: runs of spaces, tabs or bars between cells.
    columns: bool,
    /// "vs" beside a figure: "12 cts vs 10 cts".
    versus: bool,
    /// Letters that have a case, and how many of them are upper case.
    cased: usize,
    upper: usize,
}

impl Shape {
    fn of(text: &str) -> Shape {
        let mut shape = Shape::default();
        let trimmed = text.trim();
        shape.columns = gaps(trimmed);
        let mut run = 0;
        let mut previous_number = false;
        let mut previous_versus = false;
        for token in trimmed.split_whitespace() {
            shape.tokens += 1;
            let (mut letters, mut digits) = (0, 0);
            if token.is_ascii() {
                // Most text: classified by byte, without Unicode tables.
                for b in token.bytes() {
                    if b.is_ascii_digit() {
                        digits += 1;
                    } else if b.is_ascii_alphabetic() {
                        letters += 1;
                        shape.cased += 1;
                        shape.upper += usize::from(b.is_ascii_uppercase());
                    }
                }
            } else {
                for c in token.chars() {
                    if c.is_numeric() {
                        digits += 1;
                    } else if c.is_alphabetic() {
                        letters += 1;
                        shape.cased += usize::from(c.is_lowercase() || c.is_uppercase());
                        shape.upper += usize::from(c.is_uppercase());
                    }
                }
            }
            let number = digits > 0 && digits >= letters;
            let versus = matches!(token, "vs" | "vs." | "Vs" | "VS");
            if number {
                shape.numbers += 1;
                run += 1;
                shape.number_run = shape.number_run.max(run);
                shape.versus |= previous_versus;
            } else {
                run = 0;
                if is_label(token) {
                    shape.labels += 1;
                } else if letters > 0 {
                    shape.words += token_words(token);
                }
                shape.versus |= versus && previous_number;
            }
            // "12 cts vs 10 cts": a unit may sit between figure and "vs".
            previous_number = number || (previous_number && letters > 0 && !versus && token.len() <= 4);
            previous_versus = versus;
        }
        shape
    }
}

/// Whether a line has column gaps: two or more runs of two spaces, or two
/// or more ` | ` separators (byte scans; this runs on every body line).
fn gaps(line: &str) -> bool {
    /// Non-overlapping occurrences of `pattern`, as `str::matches` counts.
    fn count(bytes: &[u8], pattern: &[u8]) -> usize {
        let (mut n, mut i) = (0, 0);
        while i + pattern.len() <= bytes.len() {
            if &bytes[i..i + pattern.len()] == pattern {
                n += 1;
                i += pattern.len();
            } else {
                i += 1;
            }
        }
        n
    }
    let bytes = line.as_bytes();
    count(bytes, b"  ") >= 2 || count(bytes, b" | ") >= 2
}

/// Whether a token is a label in a table or a list rather than a word
/// (see [`Shape::labels`]).
fn is_label(token: &str) -> bool {
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    let slash_pair = word
        .split_once('/')
        .is_some_and(|(a, b)| a.chars().any(char::is_alphabetic) && b.chars().any(char::is_alphabetic));
    let roman = word.len() >= 2 && word.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
    let letter = word.len() == 1 && word.bytes().all(|b| b.is_ascii_uppercase() && b != b'A' && b != b'I');
    slash_pair || roman || letter
}

/// "By Jane Smith and Tom Lee, Staff Writers"; "Reporting by …".
fn is_byline(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    if lower.starts_with("reporting by") || lower.contains("; editing by") || lower.starts_with("editing by")
    {
        return true;
    }
    let Some(names) = sentence.strip_prefix("By ").or_else(|| sentence.strip_prefix("BY ")) else {
        return false;
    };
    let words: Vec<&str> =
        names.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    words.len() <= 10
        && words.iter().all(|w| {
            matches!(*w, "and" | "of" | "in" | "the" | "for")
                || w.chars().next().is_some_and(|c| !c.is_lowercase())
        })
}

// ---------------------------------------------------------------------------
// Words

/// The Snowball stemmer for a language code (ISO 639-1 or 639-3, as
/// feeds and whatlang give them; a region such as "en-GB" is ignored).
fn algorithm(code: &str) -> Option<Algorithm> {
    let code = code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    Some(match code.as_str() {
        "en" | "eng" => Algorithm::English,
        "fr" | "fra" | "fre" => Algorithm::French,
        "de" | "deu" | "ger" => Algorithm::German,
        "es" | "spa" => Algorithm::Spanish,
        "it" | "ita" => Algorithm::Italian,
        "pt" | "por" => Algorithm::Portuguese,
        "nl" | "nld" | "dut" => Algorithm::Dutch,
        "sv" | "swe" => Algorithm::Swedish,
        "da" | "dan" => Algorithm::Danish,
        "no" | "nb" | "nn" | "nor" | "nob" | "nno" => Algorithm::Norwegian,
        "ro" | "ron" | "rum" => Algorithm::Romanian,
        "hu" | "hun" => Algorithm::Hungarian,
        "ru" | "rus" => Algorithm::Russian,
        "el" | "ell" | "gre" => Algorithm::Greek,
        "tr" | "tur" => Algorithm::Turkish,
        "ar" | "ara" | "arb" => Algorithm::Arabic,
        "ta" | "tam" => Algorithm::Tamil,
        _ => return None,
    })
}

/// Bytes of the body read to detect its language: plenty for whatlang,
/// and bounded on a 100 MB article.
const DETECT_BYTES: usize = 2048;

/// Content words of a text, folded and stemmed in one language.
struct Words(Option<Stemmer>);

impl Words {
    /// For an article's body: `lang` when there is a stemmer for it, else the language
    /// whatlang detects. Text it cannot tell but written in Latin letters
    /// is taken as English (short English snippets are the usual case);
    /// other scripts without a Snowball stemmer (Hindi, Japanese…) are not
    /// stemmed.
    fn for_text(text: &ArticleText, lang: Option<&str>) -> Words {
        // A declared language a stemmer exists for, else the text's own.
        let algorithm = match lang.and_then(algorithm) {
            Some(declared) => Some(declared),
            None => {
                let mut sample = String::new();
                for paragraph in &text.body {
                    if sample.len() >= DETECT_BYTES {
                        break;
                    }
                    let mut end = DETECT_BYTES.min(paragraph.len());
                    while !paragraph.is_char_boundary(end) {
                        end -= 1;
                    }
                    sample.push_str(&paragraph[..end]);
                    sample.push('\n');
                }
                whatlang::detect(&sample).and_then(|info| {
                    if info.is_reliable() {
                        algorithm(info.lang().code())
                    } else {
                        (info.script() == whatlang::Script::Latin).then_some(Algorithm::English)
                    }
                })
            }
        };
        Words(algorithm.map(Stemmer::create))
    }

    /// The content words of `text` in order: folded, stop words and
    /// one-letter words left out, stemmed.
    fn of(&self, text: &str) -> Vec<String> {
        let mut folded = String::new();
        fold_into(text, &mut folded);
        let words: Vec<&str> = tokens(&folded).map(|(s, e)| &folded[s..e]).collect();
        figures(&words)
            .into_iter()
            .filter(|w| {
                // An ideograph is a word of its own.
                (w.chars().count() > 1 || w.chars().all(is_ideograph)) && !STOP_WORDS.contains(&w.as_ref())
            })
            .map(|w| match &self.0 {
                Some(stemmer) => stemmer.stem(&w).into_owned(),
                None => w.into_owned(),
            })
            .collect()
    }
}

/// English number words as figures ("nineteen" and "forty-one" as "19"
/// and "41"), so that a point and a sentence that give one number in two
/// ways meet; other words as they are.
fn figures<'a>(words: &[&'a str]) -> Vec<std::borrow::Cow<'a, str>> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    let unit = |w: &str| UNITS.iter().position(|u| *u == w);
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if let Some(t) = TENS.iter().position(|t| *t == w) {
            let ones = words.get(i + 1).and_then(|n| unit(n)).filter(|u| (1..10).contains(u));
            out.push(format!("{}", (t + 2) * 10 + ones.unwrap_or(0)).into());
            i += 1 + usize::from(ones.is_some());
        } else {
            out.push(unit(w).map_or(w.into(), |u| u.to_string().into()));
            i += 1;
        }
    }
    out
}

/// Share of the words of the smaller set that the larger has too.
fn jaccard(a: &HashSet<&str>, b: &HashSet<&str>) -> f32 {
    let union = a.union(b).count();
    if union == 0 { 0.0 } else { a.intersection(b).count() as f32 / union as f32 }
}

/// Whether a sentence (its content words) says what the title says: the
/// title is its opening (a title derived from the first sentence, perhaps
/// cut short) or they share most of their words.
/// `title_set` is the set of `title`'s words, built once per article.
fn repeats_title(title: &[String], title_set: &HashSet<&str>, sentence: &[String]) -> bool {
    if title.is_empty() {
        return false;
    }
    if title.len() >= 2 && sentence.starts_with(title) {
        return true;
    }
    let b: HashSet<&str> = sentence.iter().map(String::as_str).collect();
    jaccard(title_set, &b) >= REPEATS_TITLE
}

// ---------------------------------------------------------------------------
// Summaries

/// The summary of an article's body (see [`summarize_text`]).
pub fn summary(article: &Article) -> Summary {
    summarize_text(&article.title, &article.held_body(), article.meta.lang.as_deref())
}

/// The extracted key points of an article; none when it is shown whole.
pub fn summarize(article: &Article) -> Vec<Extract> {
    summary(article).points()
}

/// Every sentence of a body, with its dateline left off ("WASHINGTON,
/// April 9 - The…" starts at "The"), and whether it reads as prose: a
/// sentence of a table row, a code block or a link footnote ("[1]:
/// https://…") never does, nor one inside a quotation that the sentence
/// does not hold whole.
pub fn verdicts(text: &ArticleText) -> impl Iterator<Item = (Extract, Result<(), NotProse>)> + '_ {
    text.body.iter().enumerate().flat_map(move |(p, paragraph)| {
        let footnote = paragraph.starts_with('[')
            && paragraph.split_once("]: ").is_some_and(|(n, _)| n[1..].parse::<u32>().is_ok());
        let table = footnote || matches!(text.block_kind(p), BlockKind::Code | BlockKind::Row);
        let set_apart = all_emphasis(text, p);
        let links: Vec<Range<usize>> = text.styles.get(p).map_or_else(Vec::new, |style| {
            style.inline.iter().filter(|(_, i)| *i == Inline::Link).map(|(r, _)| r.clone()).collect()
        });
        quoted_sentences(paragraph).into_iter().map(move |(range, whole)| {
            let start = range.start + dateline_len(&paragraph[range.clone()]);
            let range = start..range.end;
            let context = match (table, whole) {
                (true, _) => Err(NotProse::TableRow),
                (false, false) => Err(NotProse::InQuotation),
                (false, true) => Ok(()),
            };
            // Two links or more making half the sentence: a list of
            // related stories run into one line, not a sentence.
            let linked: Vec<usize> = links
                .iter()
                .map(|l| l.end.min(range.end).saturating_sub(l.start.max(range.start)))
                .filter(|&n| n > 0)
                .collect();
            let link_list = linked.len() >= 2 && linked.iter().sum::<usize>() * 2 >= range.len();
            let verdict = if set_apart {
                Err(NotProse::Caption)
            } else if link_list {
                Err(NotProse::Links)
            } else {
                prose(&paragraph[range.clone()]).and(context)
            };
            (Extract { paragraph: p, range }, verdict)
        })
    })
}

/// Whether paragraph `p` is set in italics from end to end: a photo's
/// caption (saved pages give theirs so) or an editor's note, beside the
/// story rather than in it.
fn all_emphasis(text: &ArticleText, p: usize) -> bool {
    let len = text.body[p].len();
    text.styles.get(p).is_some_and(|style| {
        style
            .inline
            .iter()
            .any(|(range, inline)| *inline == Inline::Emphasis && range.start == 0 && range.end >= len)
    })
}

/// The prose sentences of a body that may become key points.
fn candidates(text: &ArticleText) -> impl Iterator<Item = Extract> + '_ {
    verdicts(text).filter_map(|(e, verdict)| verdict.ok().map(|()| e))
}

/// The first sentence of the first paragraph that is not a table row or
/// code, its dateline left off.
fn first_sentence(text: &ArticleText) -> Option<Extract> {
    let p =
        (0..text.body.len()).find(|&p| !matches!(text.block_kind(p), BlockKind::Code | BlockKind::Row))?;
    let paragraph = &text.body[p];
    let range = sentences(paragraph).into_iter().next()?;
    let start = range.start + dateline_len(&paragraph[range.clone()]);
    (start < range.end).then_some(Extract { paragraph: p, range: start..range.end })
}

/// The summary of a body under `title`, in language `lang` (an ISO code;
/// detected when None): 3 to 5 prose sentences in article order, or
/// [`Summary::Whole`] when it has [`SHORT_STORY`] or fewer.
pub fn summarize_text(title: &str, text: &ArticleText, lang: Option<&str>) -> Summary {
    let words = Words::for_text(text, lang);
    // A title derived from a wire story's first sentence starts with its
    // dateline, which points leave off.
    let title_words = words.of(title[dateline_len(title)..].trim_end_matches('…'));
    let title_set: HashSet<&str> = title_words.iter().map(String::as_str).collect();
    let candidates: Vec<(Extract, Vec<String>)> = candidates(text)
        .map(|e| {
            let w = words.of(&text.body[e.paragraph][e.range.clone()]);
            (e, w)
        })
        .filter(|(_, w)| !repeats_title(&title_words, &title_set, w))
        .take(MAX_SENTENCES)
        .collect();
    let n = candidates.len();
    if n <= SHORT_STORY {
        let mut lead: Vec<Extract> = candidates.into_iter().map(|(e, _)| e).collect();
        if lead.is_empty() {
            // A title cut short leaves the rest of its sentence to say.
            lead.extend(
                first_sentence(text)
                    .filter(|e| words.of(&text.body[e.paragraph][e.range.clone()]) != title_words),
            );
        }
        return Summary::Whole(lead);
    }
    let wanted = (n / 8).clamp(3, 5);

    // Content words, numbered (the quadratic part below compares numbers,
    // not strings) and weighted by how few sentences use them.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut df: Vec<f32> = Vec::new();
    let bags: Vec<HashMap<u32, f32>> = candidates
        .iter()
        .map(|(_, words)| {
            let mut bag: HashMap<u32, f32> = HashMap::new();
            for w in words {
                let next = ids.len() as u32;
                *bag.entry(*ids.entry(w.as_str()).or_insert(next)).or_default() += 1.0;
            }
            df.resize(ids.len(), 0.0);
            for &id in bag.keys() {
                df[id as usize] += 1.0;
            }
            bag
        })
        .collect();
    let vectors: Vec<Vec<(u32, f32)>> = bags
        .iter()
        .map(|bag| {
            let mut v: Vec<(u32, f32)> =
                bag.iter().map(|(&w, tf)| (w, tf * (1.0 + (n as f32 / df[w as usize]).ln()))).collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt().max(1e-6);
            v.iter_mut().for_each(|(_, x)| *x /= norm);
            v.sort_unstable_by_key(|&(w, _)| w);
            v
        })
        .collect();
    let cosine = |a: &[(u32, f32)], b: &[(u32, f32)]| {
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    };
    // Similarity is symmetric: each pair once.
    let mut centrality = vec![0.0f32; n];
    for i in 0..n {
        for j in i + 1..n {
            let c = cosine(&vectors[i], &vectors[j]);
            centrality[i] += c;
            centrality[j] += c;
        }
    }
    let mut scored: Vec<(f32, usize)> = (0..n)
        .map(|i| {
            let prior = 1.0 + 0.6 / (1.0 + i as f32 / 3.0);
            // Prose thick with figures is a price list in sentences ("June/July
            // at 1,850 and 1,880 dlrs, Aug/Sept at…"); such sentences are alike
            // and so look central: past two figures, they yield to plainer ones.
            let e = &candidates[i].0;
            let figures = Shape::of(&text.body[e.paragraph][e.range.clone()]).numbers;
            let plain = 1.0 / (1.0 + figures.saturating_sub(2) as f32).powi(2);
            // The constant lets position decide when sentences share little.
            ((centrality[i] + 0.5) * prior * plain, i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = Vec::new();
    for &(_, i) in &scored {
        if chosen.len() == wanted {
            break;
        }
        // The same content twice (wire copy repeats itself) is one point.
        let same_words = |c: usize| candidates[c].1 == candidates[i].1;
        if chosen.iter().any(|&c| same_words(c) || cosine(&vectors[c], &vectors[i]) > REDUNDANT) {
            continue;
        }
        chosen.push(i);
    }
    chosen.sort_unstable();
    Summary::Points(chosen.into_iter().map(|i| candidates[i].0.clone()).collect())
}

// ---------------------------------------------------------------------------
// Evidence

/// How much of a key point's weight a sentence must share to count as
/// support.
pub const SUPPORT: f32 = 0.12;

/// Sentences a story needs before words in many of them count as its
/// topic: in a short story every word is in many sentences.
const TOPIC_SENTENCES: f32 = 6.0;

/// The body sentences that support a key point (see [`evidence_in`]).
pub fn evidence(article: &Article, point: &str) -> Vec<(Extract, f32)> {
    evidence_in(&article.held_body(), point, article.meta.lang.as_deref())
}

/// The body sentences that support a key point, best first: each scored
/// by the share of the point's content words (weighted by rarity in the
/// article, stemmed in language `lang`, detected when None) that it
/// contains. A sentence counts only if it scores at least [`SUPPORT`] and
/// shares two of the point's words (all of them, for a one-word point): a
/// single shared word is a topic, not a claim. Empty when nothing does.
pub fn evidence_in(text: &ArticleText, point: &str, lang: Option<&str>) -> Vec<(Extract, f32)> {
    let words = Words::for_text(text, lang);
    let set = |text: &str| -> Vec<String> {
        let mut w = words.of(text);
        w.sort_unstable();
        w.dedup();
        w
    };
    let mut body: Vec<(Extract, Vec<String>)> = Vec::new();
    for (p, paragraph) in text.body.iter().enumerate() {
        for range in sentences(paragraph) {
            let w = set(&paragraph[range.clone()]);
            body.push((Extract { paragraph: p, range }, w));
        }
    }
    let n = body.len().max(1) as f32;
    let mut df: HashMap<&str, f32> = HashMap::new();
    for (_, w) in &body {
        for word in w {
            *df.entry(word.as_str()).or_default() += 1.0;
        }
    }
    // The point's words in order: a key point leads with its main claim,
    // so earlier words weigh more.
    let mut point_words: Vec<(String, f32)> = Vec::new();
    for (i, word) in words.of(point).into_iter().enumerate() {
        if !point_words.iter().any(|(w, _)| *w == word) {
            point_words.push((word, 1.0 + 0.5 / (1.0 + i as f32 / 3.0)));
        }
    }
    let weight = |w: &str| 1.0 + (n / df.get(w).copied().unwrap_or(1.0)).ln();
    let total: f32 = point_words.iter().map(|(w, lead)| weight(w) * lead).sum();
    let needed = point_words.len().min(2);
    // In a story too short to tell its topic words, a figure the point
    // gives and the story never does ("will cut 400 jobs") marks a claim
    // the story does not make. (In longer stories a point may add a figure
    // of context; there the topic words tell.)
    let figure = |w: &str| w.len() > 1 && w.bytes().all(|b| b.is_ascii_digit());
    let made_up =
        n < TOPIC_SENTENCES && point_words.iter().any(|(w, _)| figure(w) && !df.contains_key(w.as_str()));
    if total <= 0.0 || made_up {
        return Vec::new();
    }
    // Words in over a quarter of a story's sentences are its topic
    // ("Kuwait", "oil"): a sentence that shares only those names the
    // subject, not the claim.
    let topical = |w: &str| n >= TOPIC_SENTENCES && df.get(w).copied().unwrap_or(0.0) > n / 4.0;
    let mut scored: Vec<(Extract, f32)> = body
        .iter()
        .filter_map(|(e, w)| {
            let shared: Vec<&(String, f32)> =
                point_words.iter().filter(|(p, _)| w.binary_search(p).is_ok()).collect();
            let score = shared.iter().map(|(p, lead)| weight(p) * lead).sum::<f32>() / total;
            let claim = shared.iter().any(|(p, _)| !topical(p));
            (shared.len() >= needed && score >= SUPPORT && claim).then(|| (e.clone(), score))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1).then((a.0.paragraph, a.0.range.start).cmp(&(b.0.paragraph, b.0.range.start)))
    });
    scored
}

/// The summary with the text of each of its sentences; a lead's sentences
/// of one paragraph come as one passage, to be read as written.
pub fn summary_sentences(article: &Article) -> Summary<(Extract, String)> {
    let text = article.held_body();
    let summary = match summarize_text(&article.title, &text, article.meta.lang.as_deref()) {
        Summary::Whole(lead) => {
            let mut passages: Vec<Extract> = Vec::new();
            for e in lead {
                match passages.last_mut() {
                    Some(last) if last.paragraph == e.paragraph => last.range.end = e.range.end,
                    _ => passages.push(e),
                }
            }
            Summary::Whole(passages)
        }
        points => points,
    };
    summary.map(|e| {
        let sentence = without_link_marks(&text, &e);
        (e, sentence)
    })
}

/// The sentence `e` without the marks of its links: a point reads
/// "according to a report by the port", not "a [report by the port][1]"
/// (the footnote it points to is not beside it). Only links the
/// Markdown renderer made are unmarked, by their styles.
fn without_link_marks(text: &ArticleText, e: &Extract) -> String {
    let paragraph = &text.body[e.paragraph];
    let mut links: Vec<std::ops::Range<usize>> = text
        .styles
        .get(e.paragraph)
        .map(|style| {
            style.inline.iter().filter(|(_, i)| *i == Inline::Link).map(|(r, _)| r.clone()).collect()
        })
        .unwrap_or_default();
    links.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(e.range.len());
    let mut at = e.range.start;
    for link in links {
        let number = paragraph[link.end..]
            .strip_prefix("][")
            .map(|rest| rest.bytes().take_while(u8::is_ascii_digit).count());
        let closes = number.is_some_and(|n| n > 0 && paragraph[link.end + 2 + n..].starts_with(']'));
        if link.start > at && link.end <= e.range.end && paragraph[..link.start].ends_with('[') && closes {
            out.push_str(&paragraph[at..link.start - 1]);
            out.push_str(&paragraph[link.clone()]);
            at = (link.end + 3 + number.unwrap_or(0)).min(e.range.end);
        }
    }
    out.push_str(&paragraph[at..e.range.end]);
    out
}

/// The summary as text: the extracted sentences themselves.
pub fn summary_points(article: &Article) -> Vec<String> {
    summary_sentences(article).points().into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Meta, Origin};

    #[test]
    fn points_read_without_link_marks() {
        let paragraph = "See the [report][1] and [the map][12] today. Next [one][1].";
        let link = |word: &str| {
            let at = paragraph.find(word).unwrap();
            (at..at + word.len(), Inline::Link)
        };
        let text = ArticleText {
            body: vec![paragraph.to_string()],
            styles: vec![crate::article::BlockStyle {
                kind: BlockKind::Paragraph,
                inline: vec![link("report"), link("the map"), link("one")],
            }],
        };
        let first = Extract { paragraph: 0, range: 0..paragraph.find(" Next").unwrap() };
        assert_eq!(without_link_marks(&text, &first), "See the report and the map today.");
        let second = Extract { paragraph: 0, range: paragraph.find("Next").unwrap()..paragraph.len() };
        assert_eq!(without_link_marks(&text, &second), "Next one.");
        // Brackets that are not the renderer's links stay.
        let plain = ArticleText { body: vec!["A [sic] note.".into()], styles: Vec::new() };
        assert_eq!(without_link_marks(&plain, &Extract { paragraph: 0, range: 0..13 }), "A [sic] note.");
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_decimals_and_quotes_do_not_split() {
        assert_eq!(
            split(
                "Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5. Prices rose 3.5 percent. \"We are ready,\" she said. Then they left."
            ),
            [
                "Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5.",
                "Prices rose 3.5 percent.",
                "\"We are ready,\" she said.",
                "Then they left."
            ]
        );
        assert_eq!(
            split("The U.S. officials agreed. J. A. Smith spoke."),
            ["The U.S. officials agreed.", "J. A. Smith spoke."]
        );
        assert_eq!(split("No end"), ["No end"]);
        assert_eq!(split("東京は晴れ。大阪は雨。"), ["東京は晴れ。", "大阪は雨。"]);
    }

    #[test]
    fn abbreviations_end_a_sentence_only_before_a_sentence_start() {
        assert_eq!(
            split("The U.S. Agriculture Department said so. It was bought by Hallam Corp. The deal closed."),
            ["The U.S. Agriculture Department said so.", "It was bought by Hallam Corp.", "The deal closed."]
        );
        assert_eq!(
            split("Hallam Corp. Chairman Ivo Brandt spoke on Dec. 4 in the U.S. The board agreed."),
            ["Hallam Corp. Chairman Ivo Brandt spoke on Dec. 4 in the U.S.", "The board agreed."]
        );
    }

    #[test]
    fn a_stray_mark_inside_a_word_does_not_split_and_other_scripts_do() {
        assert_eq!(
            split("Ci fu un?esplosione nel porto. Nessun ferito."),
            ["Ci fu un?esplosione nel porto.", "Nessun ferito."]
        );
        assert_eq!(split("Ci fu un\u{FFFD}esplosione nel porto. Nessun ferito.").len(), 2);
        assert_eq!(split("बाज़ार आज खुला। दुकानें भरी थीं।"), ["बाज़ार आज खुला।", "दुकानें भरी थीं।"]);
        assert_eq!(split("هل يعود القطار؟ نعم، في الربيع."), ["هل يعود القطار؟", "نعم، في الربيع."]);
    }

    #[test]
    fn a_quotation_is_never_cut() {
        assert_eq!(
            split("\"We will not sell. We are staying,\" he said. The board agreed."),
            ["\"We will not sell. We are staying,\" he said.", "The board agreed."]
        );
        for text in [
            "“We will not sell. We are staying,” he said. The board agreed.",
            "« Nous restons. Nous ne vendons pas », a-t-il dit. The board agreed.",
            "»Wir bleiben. Wir verkaufen nicht«, sagte er. The board agreed.",
            "„Wir bleiben. Wir verkaufen nicht“, sagte er. The board agreed.",
            "He said ‘we stay. We do not sell’ twice. The board agreed.",
            "「店は続けます。売りません」と彼は言った。The board agreed.",
        ] {
            let got = split(text);
            assert_eq!(got.len(), 2, "{got:?}");
            assert_eq!(got[1], "The board agreed.");
        }
        // An apostrophe is not a quotation: the stories' own words split.
        assert_eq!(split("Suharto\"s aides left. Indonesia’s growth slowed.").len(), 2);
        // A quotation that runs on into the next paragraph: split as usual,
        // but no sentence of it stands alone as a point.
        let text = "\"We will not sell. We are staying here. The offer is too low.";
        let quoted = quoted_sentences(text);
        assert_eq!(quoted.len(), 3);
        assert!(quoted.iter().all(|(_, whole)| !whole), "{quoted:?}");
        let text = "The chairman spoke. \"We will not sell. We are staying.\" Then he left.";
        let whole: Vec<bool> = quoted_sentences(text).into_iter().map(|(_, w)| w).collect();
        assert_eq!(whole, [true, true, true]);
    }

    #[test]
    fn scripts_that_mark_sentences_otherwise_are_split() {
        // Burmese: `။` ends a sentence, `၊` is a comma.
        assert_eq!(
            split("ဈေးကို ယနေ့ ပြန်ဖွင့်သည်၊ လူများ လာကြသည်။ မိုးရွာသည်။"),
            ["ဈေးကို ယနေ့ ပြန်ဖွင့်သည်၊ လူများ လာကြသည်။", "မိုးရွာသည်။"]
        );
        // Thai: a space between words ends a sentence 40 characters long
        // or more, except beside `ๆ` or after `ฯ`.
        assert_eq!(
            split(
                "ตลาดเช้าริมแม่น้ำเปิดอีกครั้งเมื่อวันจันทร์ที่ผ่านมา เด็ก ๆ มาเที่ยวกับพ่อแม่ตั้งแต่เช้าจนถึงเที่ยงวันอย่างสนุกสนาน ส่วนกรุงเทพฯ ฝนตกหนักตลอดทั้งวันจนถึงค่ำ"
            ),
            [
                "ตลาดเช้าริมแม่น้ำเปิดอีกครั้งเมื่อวันจันทร์ที่ผ่านมา",
                "เด็ก ๆ มาเที่ยวกับพ่อแม่ตั้งแต่เช้าจนถึงเที่ยงวันอย่างสนุกสนาน",
                "ส่วนกรุงเทพฯ ฝนตกหนักตลอดทั้งวันจนถึงค่ำ"
            ]
        );
        assert_eq!(split("ตลาดเปิดแล้ว เด็ก ๆ มาเที่ยว"), ["ตลาดเปิดแล้ว เด็ก ๆ มาเที่ยว"]);
        assert_eq!(split("ราคา 20 บาท"), ["ราคา 20 บาท"]);
        assert_eq!(split("ខ្ញុំទៅផ្សារ។ គាត់នៅផ្ទះ។").len(), 2);
        assert_eq!(split("ሰላም ነው። ደህና ነህ።").len(), 2);
        assert_eq!(split("བཀྲ་ཤིས། བདེ་ལེགས།"), ["བཀྲ་ཤིས།", "བདེ་ལེགས།"]);
        assert_eq!(split("Բարեւ։ Ինչպես ես։").len(), 2);
    }

    #[test]
    fn tables_figures_and_page_furniture_are_not_prose() {
        for (text, why) in [
            ("04/09/87 03/09/87 04/09/87 03/09/87", NotProse::TableRow),
            ("End Stocks 13.18 12.15 14.91 14.93", NotProse::TableRow),
            ("Wheat   2.55   2.40       IV     4.65", NotProse::TableRow),
            ("Shr 1.12 dlrs vs 1.05 dlrs", NotProse::Statement),
            ("Avg shrs 896,655 vs 494,155", NotProse::Statement),
            ("Pay April 17", NotProse::Statement),
            ("4/2/87 Prev Wk 4/3/87 Prev Wk", NotProse::Figures),
            ("Grade IV oats/rye after 3/12/85, maize/millet after 6/1/85.", NotProse::Figures),
            (
                "The grain board reported the average reserve prices for the week as follows (crowns a tonne) -",
                NotProse::LeadIn,
            ),
            (
                "The board gave these prices for the grades held in store at the end of the week:",
                NotProse::LeadIn,
            ),
            ("Barley 1.56, oats 0.99, rye 2.10 and maize 3.15.", NotProse::Figures),
            ("OSLO, March 3 -", NotProse::Dateline),
            ("By Ilse Marton and Tove Rask, Staff Reporters", NotProse::Byline),
            ("Photo: Ilse Marton for the Valley Courier", NotProse::Caption),
            ("Read more: https://example.org/valley/floods and the week in pictures", NotProse::Links),
            ("HARBOUR FERRIES SWITCH TO BATTERY POWER AFTER TRIAL", NotProse::Capitals),
            ("Harbour ferries switch to battery power", NotProse::Unfinished),
            ("The dry week ended.", NotProse::TooShort),
        ] {
            assert_eq!(prose(text), Err(why), "{text}");
        }
        for text in [
            "Net profit rose 12.5 pct to 3.4 mln dlrs in 1986, the company said on Tuesday.",
            "The council will spend 2.3 million on 14 new trams by 2028, its budget shows.",
            "“We will not sell,” the chairman of Hallam Corp. told shareholders on Friday.",
            "दिल्ली में आज सुबह से तेज़ बारिश हो रही है और कई सड़कों पर पानी भर गया है।",
            "Grade VI covers oats that were put into store after January 19, 1984.",
            "ตลาดเช้าในเมืองเปิดอีกครั้งหลังจากปิดซ่อมมาสามเดือน",
            "ဈေးသည်များသည် မနက်ငါးနာရီကတည်းက ဟင်းသီးဟင်းရွက်များ ရောင်းကြသည်။",
        ] {
            assert_eq!(prose(text), Ok(()), "{text}");
        }
        assert!(is_tabular("End Stocks 13.18 12.15 14.91 14.93"));
        assert!(!is_tabular("Net profit rose 12.5 pct to 3.4 mln dlrs in 1986, the company said."));
    }

    #[test]
    fn a_dateline_is_left_off_the_point() {
        let s = "OSLO, March 3 - The harbour authority said the new ferries will run from May.";
        assert_eq!(&s[dateline_len(s)..], "The harbour authority said the new ferries will run from May.");
        let s = "COMMACK, N.Y., Feb 26 - Rents rose again.";
        assert_eq!(&s[dateline_len(s)..], "Rents rose again.");
        let s = "LONDON (Wire) — Rents rose again.";
        assert_eq!(&s[dateline_len(s)..], "Rents rose again.");
        assert_eq!(dateline_len("The deal - worth little - fell through."), 0);
        for s in [
            "STAMFORD, Conn., March 2 - Rents rose again.",
            "ROCKVILLE, Md., March 2 - Rents rose again.",
            "ADDISON, Ill., Feb 26 - Rents rose again.",
            "New York, Feb 26 - Rents rose again.",
            "COLUMBUS, Ohio, Feb 26 - Rents rose again.",
            "VANCOUVER, British Columbia, Feb 26 - Rents rose again.",
        ] {
            assert_eq!(&s[dateline_len(s)..], "Rents rose again.", "{s}");
        }
        assert_eq!(dateline_len("Prices in New York - and elsewhere - rose in March."), 0);
        // Agencies in brackets, after a place in any script or none.
        for s in [
            "SEOUL, Aug. 20 (Yonhap) -- Rents rose again.",
            "(CNN) -- Rents rose again.",
            "WASHINGTON (CNN) — Rents rose again.",
            "دمشق، سوريا (CNN) -- Rents rose again.",
        ] {
            assert_eq!(&s[dateline_len(s)..], "Rents rose again.", "{s}");
        }
        assert_eq!(dateline_len("Acme Corp (ACME) - shares rose again."), 0);
        assert_eq!(dateline_len("LONDON, Britain's Biggest Bank - rents rose again."), 0);
        assert_eq!(dateline_len("Then the board (AP) said no - twice."), 0);
        // A script without capitals has no place in capitals.
        assert_eq!(dateline_len("وقال المرصد إن مقاتلين سيطروا, كما تجددت الاشتباكات."), 0);
    }

    fn text(body: &[&str]) -> ArticleText {
        ArticleText { body: body.iter().map(|s| s.to_string()).collect(), styles: Vec::new() }
    }

    fn article(body: &[&str]) -> Article {
        Article::new(
            Origin::Embedded("s.txt"),
            Some("T".into()),
            Meta::default(),
            vec![],
            body.iter().map(|s| s.to_string()).collect(),
            None,
        )
    }

    fn picked<'a>(body: &'a ArticleText, summary: &Summary) -> Vec<&'a str> {
        summary.clone().points().iter().map(|e| &body.body[e.paragraph][e.range.clone()]).collect()
    }

    #[test]
    fn picks_central_whole_sentences_in_article_order() {
        let a = article(&[
            "The city council approved a new tram line to the harbour on Tuesday evening. The vote was close.",
            "Supporters said the harbour tram line would cut traffic on the coast road by a third.",
            "Critics of the tram line argued that the harbour district already has enough buses.",
            "In other news, a cat was rescued from a tree by the fire brigade near the park.",
            "Construction of the harbour tram line will start next spring and last two years.",
        ]);
        let picked = summarize(&a);
        assert_eq!(picked.len(), 3);
        let body = a.held_body();
        let texts: Vec<&str> = picked.iter().map(|e| &body.body[e.paragraph][e.range.clone()]).collect();
        assert!(texts.iter().all(|t| t.contains("tram")), "{texts:?}");
        assert!(
            picked
                .windows(2)
                .all(|w| (w[0].paragraph, w[0].range.start) < (w[1].paragraph, w[1].range.start))
        );
        assert!(texts.iter().all(|t| t.ends_with('.')), "whole sentences: {texts:?}");
        assert_eq!(summarize(&a), picked, "deterministic");
    }

    #[test]
    fn tables_are_never_picked_and_the_prose_is() {
        let body = text(&[
            "OSLO, March 3 - The fisheries board said on Tuesday that cod landings fell for a third year, as boats stayed in port through the storms.",
            "Landings in tonnes:",
            "Cod 12.18 13.15 14.91 14.93",
            "Haddock 3.10 3.42 3.77 4.01",
            "04/09/87 03/09/87 04/09/87 03/09/87",
            "The board expects quotas to be cut again next year, and said smaller boats would be hit hardest by the cut.",
            "Fishermen's unions said the cut in cod quotas would cost about 400 jobs along the northern coast this year.",
            "A board spokeswoman said the quotas for cod would be reviewed again in the autumn, after a new survey.",
            "Pay April 17",
        ]);
        let summary = summarize_text("Cod landings fall again", &body, Some("en"));
        let points = picked(&body, &summary);
        assert_eq!(points.len(), 3, "{points:?}");
        assert!(points.iter().all(|p| prose(p).is_ok()), "{points:?}");
        assert!(points[0].starts_with("The fisheries board"), "dateline left off: {points:?}");
    }

    #[test]
    fn plain_prose_beats_a_price_list_written_in_sentences() {
        let body = text(&[
            "Spring sales were light, with March/April going at 1,850 and 1,880 dlrs and May at 1,870 and 1,875 dlrs.",
            "Butter sales went at 4,340 and 4,345 dlrs for March/April and at 4,400 and 4,415 dlrs for May.",
            "Cake sales were registered at 785 to 995 dlrs for March/April and 753 dlrs for May.",
            "Liquor sales were limited with March/April at 2,325 and 2,380 dlrs and May at 2,375 dlrs.",
            "Growers said the rain had come too late to save much of the main crop this year.",
            "Exporters said the poor quality of the beans made buyers wary of new sales contracts.",
            "The trade commission will publish its final sales figures for the season after the holiday.",
        ]);
        let points = picked(&body, &summarize_text("Cocoa review", &body, Some("en")));
        assert_eq!(points.len(), 3);
        assert!(points.iter().all(|p| !p.contains("dlrs")), "{points:?}");
    }

    #[test]
    fn short_stories_are_shown_whole() {
        assert_eq!(summarize_text("T", &text(&[]), None), Summary::Whole(Vec::new()));
        let two = text(&[
            "The footbridge over the canal reopened on Monday after six weeks of repairs to its deck.",
            "Cyclists must still dismount on the bridge until the new railings are fitted next month.",
            "Cod 12.18 13.15 14.91 14.93",
            "Haddock 3.10 3.42 3.77 4.01",
        ]);
        let Summary::Whole(lead) = summarize_text("Footbridge reopens", &two, None) else { panic!() };
        let lead: Vec<&str> = lead.iter().map(|e| &two.body[e.paragraph][e.range.clone()]).collect();
        assert_eq!(lead, [two.body[0].as_str(), two.body[1].as_str()], "its prose is its lead");
        assert!(summarize(&article(&["One short sentence here."])).is_empty());
    }

    #[test]
    fn a_story_shown_whole_is_led_by_its_prose_or_its_first_sentence() {
        let mut table = text(&[
            "OSLO, March 3 - The fisheries board gave the week's landings as follows (tonnes) -",
            "Cod 12.18 13.15 14.91 14.93",
            "Haddock 3.10 3.42 3.77 4.01",
        ]);
        table.styles = (0..3)
            .map(|i| crate::article::BlockStyle {
                kind: if i == 0 { BlockKind::Paragraph } else { BlockKind::Row },
                inline: Vec::new(),
            })
            .collect();
        let Summary::Whole(lead) = summarize_text("Landings", &table, None) else { panic!() };
        let lead: Vec<&str> = lead.iter().map(|e| &table.body[e.paragraph][e.range.clone()]).collect();
        assert_eq!(lead, ["The fisheries board gave the week's landings as follows (tonnes) -"]);
        // A story that is its title has nothing more to show.
        let one = text(&["The ferry is late again."]);
        assert_eq!(summarize_text("The ferry is late again", &one, None), Summary::Whole(Vec::new()));
    }

    #[test]
    fn no_point_repeats_the_title_or_another_point() {
        let first = "The night ferry to the islands will run again from June after a year without service.";
        let body = text(&[
            first,
            "The operator said it had found crews for the night ferry after raising the pay for late shifts.",
            "Islanders had campaigned for the night ferry since the service stopped last spring.",
            "Islanders had campaigned for the night ferry since the service stopped last spring.",
            "Tickets for the night ferry will cost the same as on the day boats, the operator said.",
            "The first night ferry will leave the mainland pier at eleven on the first Friday of June.",
        ]);
        let title = crate::article::derive_title(first);
        let points = picked(&body, &summarize_text(&title, &body, None));
        assert_eq!(points.len(), 3, "{points:?}");
        assert!(!points.contains(&first), "the first sentence is the title: {points:?}");
        let mut unique = points.clone();
        unique.dedup();
        assert_eq!(unique, points, "no point twice");
        // A cut title repeats the sentence it was cut from as well.
        assert!(
            !picked(&body, &summarize_text("The night ferry to the islands will run…", &body, None))
                .contains(&first)
        );
    }

    #[test]
    fn a_line_of_related_links_is_no_sentence_and_a_sentence_with_a_link_is() {
        let md = "**Related** [Ferry crossing ends after forty years](https://e.org/1) [Harbour wall plan goes to the council](https://e.org/2) [Night trams run again from March](https://e.org/3).\n\n\
                  The council said on Monday that [the harbour wall](https://e.org/4) will be finished before the winter storms arrive.";
        let parsed = crate::loader::markdown::parse(md);
        let text = ArticleText { body: parsed.body, styles: parsed.styles };
        let verdicts: Vec<_> = verdicts(&text).map(|(_, v)| v).take(2).collect();
        assert_eq!(verdicts, [Err(NotProse::Links), Ok(())]);
    }

    #[test]
    fn a_long_burmese_sentence_is_prose_and_a_list_as_long_in_english_is_not() {
        let burmese = format!("{}ပြောပါတယ်။", "မြို့နယ်တရားရုံးက ".repeat(18));
        assert!(crate::search::fold::word_count(&burmese) > MAX_WORDS);
        assert_eq!(prose(&burmese), Ok(()));
        let english = format!("{}said.", "the court in the township ".repeat(15));
        assert_eq!(prose(&english), Err(NotProse::TooLong));
    }

    #[test]
    fn the_stemmer_is_snowball_in_the_article_language() {
        let english = Words(algorithm("en").map(Stemmer::create));
        assert_eq!(english.of("ferries batteries charging"), english.of("ferry battery charged"));
        assert_ne!(english.of("governor"), english.of("government"));
        let french = Words(algorithm("fr-FR").map(Stemmer::create));
        assert_eq!(french.of("continuaient"), french.of("continuer"));
        assert!(algorithm("hi").is_none(), "no Hindi stemmer: words are compared as they are");
        let hindi = text(&["दिल्ली में आज सुबह से तेज़ बारिश हो रही है और कई सड़कों पर पानी भर गया है।"]);
        assert!(Words::for_text(&hindi, None).0.is_none());
        let english = text(&["The harbour authority confirmed that battery ferries will run from March."]);
        assert!(Words::for_text(&english, None).0.is_some());
        // A declared language with a stemmer wins over the text's guess; one
        // without a stemmer leaves the guess to the text.
        let short = text(&["Die Fähren fahren."]);
        let declared = Words::for_text(&short, Some("de"));
        assert_eq!(declared.of("Fähren"), declared.of("Fähre"));
        assert!(Words::for_text(&english, Some("my")).0.is_some());
        let guessed = Words::for_text(&short, None);
        assert_ne!(guessed.of("Fähren"), guessed.of("Fähre"), "too short to tell undeclared");
    }

    #[test]
    fn evidence_finds_the_supporting_sentence_or_nothing() {
        let body = text(&[
            "The harbour authority confirmed that battery ferries will run from March. The trial was long.",
            "Each ferry charges during its seven-minute stop at the central pier.",
            "A cat sat on the quay.",
            "The governor opened the new pier on Friday.",
        ]);
        let best =
            evidence_in(&body, "Charging happens in the seven minutes a ferry spends at the pier.", None);
        let top = &best[0].0;
        assert_eq!(
            &body.body[top.paragraph][top.range.clone()],
            "Each ferry charges during its seven-minute stop at the central pier."
        );
        assert!(
            evidence_in(&body, "Quantum computers break encryption.", None).is_empty(),
            "nothing supports it"
        );
        // One shared word is a topic, not the claim.
        assert!(evidence_in(&body, "The trial cost less than the buses did.", None).is_empty());
        // "government" and "governor" are different words.
        assert!(evidence_in(&body, "The government opened an inquiry.", None).is_empty());
    }
}
