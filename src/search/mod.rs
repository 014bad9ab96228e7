//! Search: one query language and one matcher for both in-story find and
//! collection search.
//!
//! Matching is by words (tokens) after folding case and accents. Every word
//! of the query must occur; `"quoted words"` must occur in sequence; a word
//! that folds to several tokens (`e-mail`, `喫茶店`) is a phrase too; and the
//! last word matches as a prefix unless the query ends with a space.
//! `corn OR grain` (or `corn | grain`) needs either word; `-corn` leaves out
//! what has the word.

pub mod fold;
pub mod index;

use std::ops::Range;

use rayon::prelude::*;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use std::sync::Arc;

use crate::article::{Article, ArticleText, Source};
use crate::text::is_ideograph;
pub use fold::Folded;
use fold::{fold_into, is_word_char, tokens};
pub use index::Index;

/// The most words (and quoted phrases), filters, and words in one phrase a
/// query keeps: each costs a pass over the index or the text, and no one
/// types more, but a pasted page would take minutes. Repeats are dropped
/// before counting.
pub const MAX_TERMS: usize = 32;

/// Columns of context shown before the first hit in a search snippet.
const SNIPPET_LEAD: usize = 24;

/// One thing that must be found: a word, or words in sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// Folded tokens, at least one.
    pub tokens: Vec<String>,
    /// The last token may be the start of a longer word.
    pub prefix: bool,
}

/// What an article must satisfy, one of a query's clauses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    /// Any one of these terms (more than one: `corn OR grain`).
    Any(Vec<Term>),
    /// Not this term (`-corn`): always whole words.
    Not(Term),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Every clause must hold. (Named for what most clauses are: one term.)
    pub terms: Vec<Clause>,
    /// `source:…` and `tag:…` restrictions, for collection search.
    pub filters: Vec<Filter>,
}

/// Which metadata field a filter looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Source,
    Tag,
}

/// `source:valley` or `tag:"climate policy"`: the field must contain the
/// words, matched like any query word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub field: Field,
    pub term: Term,
}

impl Filter {
    pub fn matches(&self, article: &Article) -> bool {
        let found = |text: &str| {
            let mut folded = String::new();
            fold_into(text, &mut folded);
            !find_term(&folded, &self.term).is_empty()
        };
        match self.field {
            Field::Source => article.meta.source.as_deref().is_some_and(found),
            Field::Tag => article.meta.tags.iter().any(|t| found(t)),
        }
    }
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut query = Query::default();
        // Terms kept so far, in all clauses.
        let mut kept = 0;
        // An `OR` (or `|`) was just read: the next word joins the last group.
        let mut or = false;
        let mut rest = input;
        let ends_open = !input.ends_with(char::is_whitespace);
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[start..];
            if let Some(after) = rest.strip_prefix('|').or_else(|| {
                rest.strip_prefix("OR")
                    .filter(|after| after.is_empty() || after.starts_with(char::is_whitespace))
            }) {
                rest = after;
                or = true;
                continue;
            }
            let negated =
                rest.len() > 1 && rest.starts_with('-') && !rest[1..].starts_with(char::is_whitespace);
            if negated {
                rest = &rest[1..];
            }
            let field = [("source:", Field::Source), ("tag:", Field::Tag)]
                .into_iter()
                .filter(|_| !negated)
                .find_map(|(name, field)| {
                    rest.get(..name.len())
                        .filter(|p| p.eq_ignore_ascii_case(name))
                        .map(|_| (name.len(), field))
                });
            if let Some((skip, _)) = field {
                rest = &rest[skip..];
            }
            let (text, quoted, closed, next) = if let Some(inner) = rest.strip_prefix('"') {
                match inner.find('"') {
                    Some(end) => (&inner[..end], true, true, &inner[end + 1..]),
                    None => (inner, true, false, ""),
                }
            } else {
                let end =
                    rest.find(|c: char| c.is_whitespace() || c == '"' || c == '|').unwrap_or(rest.len());
                (&rest[..end], false, false, &rest[end..])
            };
            rest = next;
            let mut folded = String::new();
            fold_into(text, &mut folded);
            let tokens: Vec<String> =
                tokens(&folded).take(MAX_TERMS).map(|(s, e)| folded[s..e].to_string()).collect();
            if tokens.is_empty() {
                continue;
            }
            // Typing `-x` must not hide every word starting with x.
            let last = rest.trim().is_empty();
            let term = Term { tokens, prefix: last && ends_open && !(quoted && closed) && !negated };
            let joins = std::mem::take(&mut or);
            if let Some((_, field)) = field {
                add(&mut query.filters, Filter { field, term });
                continue;
            }
            if kept == MAX_TERMS || query.terms.iter().any(|c| c.has(&term, negated)) {
                continue;
            }
            kept += 1;
            match query.terms.last_mut() {
                Some(Clause::Any(group)) if joins && !negated => group.push(term),
                _ if negated => query.terms.push(Clause::Not(term)),
                _ => query.terms.push(Clause::Any(vec![term])),
            }
        }
        query
    }

    /// No words and no filters: nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.filters.is_empty()
    }

    /// Whether an article passes every filter.
    pub fn admits(&self, article: &Article) -> bool {
        self.filters.iter().all(|f| f.matches(article))
    }
}

impl Clause {
    /// The terms the clause is about.
    pub fn terms(&self) -> &[Term] {
        match self {
            Clause::Any(terms) => terms,
            Clause::Not(term) => std::slice::from_ref(term),
        }
    }

    /// Whether the clause already names `term`, wanted (or excluded): a
    /// repeat counts once.
    fn has(&self, term: &Term, excluded: bool) -> bool {
        matches!(self, Clause::Not(_)) == excluded && self.terms().iter().any(|t| t.tokens == term.tokens)
    }
}

/// Adds a filter to a query's list unless it is there already or the list
/// is full.
fn add<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if list.len() < MAX_TERMS && !list.contains(&item) {
        list.push(item);
    }
}

/// Collection search: ranked matches of the query's words among the
/// articles that pass its filters; with filters alone, every passing
/// article in `order`. Phrases are matched by the index, exactly.
pub fn search_collection<A: AsRef<Article>>(
    index: &Index,
    articles: &[A],
    query: &Query,
    order: &[usize],
) -> Vec<index::Found> {
    search_collection_within(index, articles, query, order, u64::MAX).0
}

/// Like [`search_collection`], with phrases checked within `budget` (see
/// [`Index::search_within`]); the second value says whether the results
/// are exact.
pub fn search_collection_within<A: AsRef<Article>>(
    index: &Index,
    articles: &[A],
    query: &Query,
    order: &[usize],
    budget: u64,
) -> (Vec<index::Found>, bool) {
    if query.terms.is_empty() {
        let found = order
            .iter()
            .filter(|&&i| query.admits(articles[i].as_ref()))
            .map(|&i| index::Found { article: i, score: 0.0 })
            .collect();
        return (found, true);
    }
    let (found, exact) = index.search_within(query, budget);
    (admitted(found, articles, query), exact)
}

/// The found articles that pass the query's filters.
pub fn admitted<A: AsRef<Article>>(
    mut found: Vec<index::Found>,
    articles: &[A],
    query: &Query,
) -> Vec<index::Found> {
    if !query.filters.is_empty() {
        found.retain(|f| query.admits(articles[f.article].as_ref()));
    }
    found
}

/// Words in an article's key points and held body, for its reading time
/// (see [`fold::word_count`]): for articles not counted while indexed.
pub fn article_words(article: &Article) -> usize {
    let body = article.body.as_deref().map_or(&[][..], |t| &t.body[..]);
    article.key_points.iter().chain(body).map(|t| fold::word_count(t)).sum()
}

/// The ASCII bytes on either side of `at`, if both are: the common case,
/// where letters and digits are the word characters and none is an
/// ideograph.
fn ascii_pair(text: &str, at: usize) -> Option<(u8, u8)> {
    let bytes = text.as_bytes();
    let pair = (*bytes.get(at.checked_sub(1)?)?, *bytes.get(at)?);
    (pair.0.is_ascii() && pair.1.is_ascii()).then_some(pair)
}

/// Whether a token may start at byte `at` of folded `text`.
fn starts_token(text: &str, at: usize) -> bool {
    if let Some((before, _)) = ascii_pair(text, at) {
        return !before.is_ascii_alphanumeric();
    }
    match (text[..at].chars().next_back(), text[at..].chars().next()) {
        (None, _) => true,
        (Some(prev), Some(first)) => !is_word_char(prev) || is_ideograph(prev) || is_ideograph(first),
        (Some(_), None) => false,
    }
}

/// Whether a token may end at byte `at` of folded `text`.
fn ends_token(text: &str, at: usize) -> bool {
    if let Some((_, after)) = ascii_pair(text, at) {
        return !after.is_ascii_alphanumeric();
    }
    match (text[..at].chars().next_back(), text[at..].chars().next()) {
        (_, None) => true,
        (Some(last), Some(next)) => !is_word_char(next) || is_ideograph(last) || is_ideograph(next),
        (None, Some(_)) => true,
    }
}

/// Folded byte ranges where `term` occurs in folded `text`.
pub fn find_term(text: &str, term: &Term) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if let Some(matcher) = Matcher::new(term) {
        matcher.find_into(text, &mut found);
    }
    found
}

/// A term ready to be looked for in many texts: its first token's
/// searcher (SIMD, where `str::find` goes byte by byte) is built once.
struct Matcher<'a> {
    term: &'a Term,
    first: memchr::memmem::Finder<'a>,
}

impl<'a> Matcher<'a> {
    /// None for a term without tokens, which occurs nowhere.
    fn new(term: &'a Term) -> Option<Matcher<'a>> {
        let first = term.tokens.first()?;
        Some(Matcher { term, first: memchr::memmem::Finder::new(first.as_bytes()) })
    }

    /// Appends to `found` the folded byte ranges where the term occurs in
    /// `text`.
    fn find_into(&self, text: &str, found: &mut Vec<Range<usize>>) {
        let tokens = &self.term.tokens;
        let first = &tokens[0];
        let last_index = tokens.len() - 1;
        // Where a phrase found ends: no match starts before it.
        let mut from = 0;
        // A match of a whole UTF-8 token starts on a character boundary.
        for pos in self.first.find_iter(text.as_bytes()) {
            if pos < from || !starts_token(text, pos) {
                continue;
            }
            let mut end = pos + first.len();
            let mut ok = (self.term.prefix && last_index == 0) || ends_token(text, end);
            for (i, token) in tokens.iter().enumerate().skip(1) {
                if !ok {
                    break;
                }
                // Skip what separates the words, then expect the next one.
                let gap = text[end..].find(|c: char| is_word_char(c)).map_or(text.len(), |g| end + g);
                let is_last = i == last_index;
                ok = text[gap..].starts_with(token.as_str())
                    && ((self.term.prefix && is_last) || ends_token(text, gap + token.len()));
                end = gap + token.len();
            }
            if ok {
                found.push(pos..end);
                from = end;
            }
        }
    }
}

/// Widens a byte range of `text` to whole grapheme clusters.
pub fn snap_to_graphemes(text: &str, range: Range<usize>) -> Range<usize> {
    let start = if text.is_char_boundary(range.start) && is_grapheme_boundary(text, range.start) {
        range.start
    } else {
        let mut cursor = GraphemeCursor::new(range.start.min(text.len()), text.len(), true);
        cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0)
    };
    let end = if text.is_char_boundary(range.end) && is_grapheme_boundary(text, range.end) {
        range.end
    } else {
        let mut cursor = GraphemeCursor::new(range.end.min(text.len()), text.len(), true);
        cursor.next_boundary(text, 0).ok().flatten().unwrap_or(text.len())
    };
    start..end.max(start)
}

fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    // Between two ASCII characters (sanitized text has no CR LF) there is
    // always a boundary: skip the full rules for the common case.
    if at == 0 || at == bytes.len() || (bytes[at - 1].is_ascii() && bytes[at].is_ascii()) {
        return true;
    }
    GraphemeCursor::new(at, text.len(), true).is_boundary(text, 0).unwrap_or(true)
}

/// One occurrence of a query term in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub source: Source,
    /// Byte range of the original (displayed) text, on grapheme boundaries.
    pub range: Range<usize>,
}

/// Articles longer than this (in bytes) are folded and searched on every
/// core; for a shorter one, handing work to threads costs more than it
/// saves.
const PARALLEL_BYTES: usize = 64 * 1024;

/// Fields searched one after the other by one task of a parallel search.
const FIELDS_PER_RUN: u32 = 512;

/// An article's texts as the reader shows them: what find searches and
/// what a result's hit count counts, so that the two agree.
#[derive(Clone, Debug, Default)]
pub struct Shown {
    pub title: String,
    /// The metadata line (source, author, date, reading time, tags).
    pub meta: String,
    /// The article's own key points, or those extracted from its body.
    pub key_points: Vec<String>,
    pub body: Arc<ArticleText>,
}

impl Shown {
    /// An article with its own key points (none extracted) and `body`.
    pub fn of(article: &Article, body: Arc<ArticleText>) -> Shown {
        Shown {
            title: article.title.clone(),
            meta: article.meta_line(),
            key_points: article.key_points.to_vec(),
            body,
        }
    }

    /// The text a hit's source names.
    pub fn text(&self, source: Source) -> &str {
        match source {
            Source::Title => &self.title,
            Source::Meta => &self.meta,
            Source::KeyPoint(i) => &self.key_points[i],
            Source::Paragraph(i) => &self.body.body[i],
            Source::Blank => "",
        }
    }
}

/// An article's searchable text, ready for every keystroke of a find: its
/// non-ASCII fields folded once (see `folded`).
#[derive(Clone, Debug)]
pub struct FoldedArticle {
    /// The texts folded: hits are ranges of them.
    pub shown: Shown,
    /// Per field (the title, the metadata line, the key points, then the
    /// paragraphs), its folded text; none for ASCII text, which each search
    /// lower-cases afresh into a buffer it reuses: a 100 MB article would
    /// otherwise hold a copy as big, and its first search wait for the
    /// copy's pages.
    folded: Vec<Option<Folded>>,
    /// Long enough to be searched on every core.
    parallel: bool,
}

impl FoldedArticle {
    pub fn new(shown: Shown) -> FoldedArticle {
        let fold = |t: &String| (!t.is_ascii()).then(|| Folded::new(t));
        let mut folded: Vec<Option<Folded>> =
            [&shown.title, &shown.meta].into_iter().chain(&shown.key_points).map(fold).collect();
        let body = &shown.body.body;
        let size: usize = [&shown.title, &shown.meta]
            .into_iter()
            .chain(&shown.key_points)
            .chain(body)
            .map(String::len)
            .sum();
        let parallel = size > PARALLEL_BYTES;
        if parallel {
            folded.par_extend(body.par_iter().map(fold));
        } else {
            folded.extend(body.iter().map(fold));
        }
        FoldedArticle { shown, folded, parallel }
    }

    fn source(&self, n: u32) -> Source {
        let points = self.shown.key_points.len();
        match n as usize {
            0 => Source::Title,
            1 => Source::Meta,
            i if i - 2 < points => Source::KeyPoint(i - 2),
            i => Source::Paragraph(i - 2 - points),
        }
    }

    /// The field numbers a search of `fields` looks at: 0 is the title, 1
    /// the metadata line, then the key points, then the paragraphs.
    fn allowed(&self, fields: Fields) -> Range<u32> {
        let first_field = if fields.title { 0 } else { 2 };
        let body_start = 2 + self.shown.key_points.len();
        let end_field = if fields.body { self.folded.len() } else { body_start };
        first_field as u32..end_field as u32
    }

    /// Every hit of every term in the chosen fields, in reading order, or
    /// nothing when some clause is not met: a group none of whose terms
    /// occurs. Excluded terms are never hits (collection search leaves out
    /// the articles that have them).
    ///
    /// Each keystroke scans the folded text again (a 100 MB article in
    /// tens of milliseconds, fields shared among the cores): a table of
    /// every word took longer to build than the scans it saved.
    pub fn hits(&self, query: &Query, fields: Fields) -> Vec<Hit> {
        const { assert!(MAX_TERMS <= 64, "a group is a bit of a u64") };
        let groups: Vec<Vec<Matcher>> = query
            .terms
            .iter()
            .filter_map(|clause| match clause {
                Clause::Any(group) => Some(group.iter().filter_map(Matcher::new).collect()),
                Clause::Not(_) => None,
            })
            .take(MAX_TERMS)
            .collect();
        if groups.is_empty() {
            return Vec::new();
        }
        // Fields never share a hit: each is searched and its hits merged
        // on its own, runs of fields on any core. A run gives the groups
        // (a bit each) it has hits of, and its hits.
        let scan = |run: Range<u32>| -> (u64, Vec<Hit>) {
            let (mut met, mut hits, mut found) = (0u64, Vec::new(), Vec::new());
            let mut buffer = String::new();
            for n in run {
                let text = self.field_text(n, &mut buffer);
                for (g, group) in groups.iter().enumerate() {
                    let before = found.len();
                    for matcher in group {
                        matcher.find_into(text, &mut found);
                    }
                    met |= u64::from(found.len() > before) << g;
                }
                if !found.is_empty() {
                    found.sort_unstable_by_key(|r| (r.start, r.end));
                    self.merge_into(n, found.drain(..), &mut hits);
                }
            }
            (met, hits)
        };
        let allowed = self.allowed(fields);
        let runs: Vec<(u64, Vec<Hit>)> = if self.parallel {
            let starts = (allowed.start..allowed.end).step_by(FIELDS_PER_RUN as usize);
            let runs: Vec<Range<u32>> = starts.map(|s| s..(s + FIELDS_PER_RUN).min(allowed.end)).collect();
            runs.into_par_iter().map(scan).collect()
        } else {
            vec![scan(allowed)]
        };
        let every_group = u64::MAX >> (64 - groups.len());
        if runs.iter().fold(0, |all, (met, _)| all | met) != every_group {
            return Vec::new();
        }
        let mut hits = Vec::with_capacity(runs.iter().map(|(_, h)| h.len()).sum());
        for (_, run) in runs {
            hits.extend(run);
        }
        hits
    }

    /// Field `n`'s folded text: held, or lower-cased into `buffer`.
    fn field_text<'a>(&'a self, n: u32, buffer: &'a mut String) -> &'a str {
        if let Some(folded) = &self.folded[n as usize] {
            return &folded.text;
        }
        buffer.clear();
        buffer.push_str(self.shown.text(self.source(n)));
        buffer.make_ascii_lowercase();
        buffer
    }

    /// Adds the folded ranges `found` in field `n` (in order) to `hits`: in
    /// the original text, overlapping hits of different terms merged into
    /// one.
    fn merge_into(&self, n: u32, found: impl Iterator<Item = Range<usize>>, hits: &mut Vec<Hit>) {
        let source = self.source(n);
        let original = self.shown.text(source);
        let first = hits.len();
        for r in found {
            let range = match &self.folded[n as usize] {
                Some(folded) => snap_to_graphemes(original, folded.original_range(original, r.start, r.end)),
                // Lower-cased ASCII: the same offsets, each a character.
                None => r,
            };
            match hits[first..].last_mut() {
                Some(last) if range.start <= last.range.end => {
                    last.range.end = last.range.end.max(range.end);
                }
                _ => hits.push(Hit { source, range }),
            }
        }
    }
}

/// What a result row shows under its title.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<Range<usize>>,
    /// Byte ranges of the title to highlight.
    pub title_highlights: Vec<Range<usize>>,
    pub hits: usize,
}

/// The text around an article's first hit outside the title (or its first
/// key point when only the title matches), with the hits marked.
pub fn snippet(folded: &FoldedArticle, query: &Query) -> Snippet {
    let hits = folded.hits(query, Fields { title: true, body: true });
    let title_highlights =
        hits.iter().filter(|h| h.source == Source::Title).map(|h| h.range.clone()).collect();
    let shown = &folded.shown;
    // From the article's own text: the metadata line is brief's (its
    // "3 min read" answered a search for `m` with no word of the story).
    let first = hits.iter().find(|h| !matches!(h.source, Source::Title | Source::Meta));
    let Some(first) = first else {
        let text = shown.key_points.first().or(shown.body.body.first()).cloned().unwrap_or_default();
        return Snippet { text, highlights: Vec::new(), title_highlights, hits: hits.len() };
    };
    let text = shown.text(first.source);
    // Start a little before the hit, at a word, so the hit is on screen.
    let mut start = 0;
    let mut lead = 0;
    for (i, g) in text[..first.range.start].grapheme_indices(true).rev() {
        lead += crate::text::width(g);
        if lead > SNIPPET_LEAD {
            break;
        }
        if g.chars().all(char::is_whitespace) {
            start = i + g.len();
        }
    }
    let prefix = if start > 0 { "…" } else { "" };
    let shift = |r: &Range<usize>| r.start - start + prefix.len()..r.end - start + prefix.len();
    let highlights = hits
        .iter()
        .filter(|h| h.source == first.source && h.range.start >= start)
        .map(|h| shift(&h.range))
        .collect();
    Snippet { text: format!("{prefix}{}", &text[start..]), highlights, title_highlights, hits: hits.len() }
}

/// Which parts of an article a search looks at (key points always; `title`
/// is the title and the metadata line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fields {
    pub title: bool,
    pub body: bool,
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_words_count_once_and_a_query_keeps_at_most_max_terms() {
        let repeated = Query::parse(&"river ".repeat(20_000));
        assert_eq!(repeated.terms, [Clause::Any(vec![Term { tokens: vec!["river".into()], prefix: false }])]);
        let distinct: String = (0..20_000).map(|i| format!("w{i} source:s{i} ")).collect();
        let q = Query::parse(&distinct);
        assert_eq!((q.terms.len(), q.filters.len()), (MAX_TERMS, MAX_TERMS));
        assert_eq!(q.terms[0].terms()[0].tokens, ["w0"], "the first words are kept");
        let phrase = Query::parse(&format!("\"{}\"", "a b ".repeat(10_000)));
        assert_eq!(phrase.terms[0].terms()[0].tokens.len(), MAX_TERMS);
        let ors: String = (0..100).map(|i| format!("w{i} OR ")).collect();
        let q = Query::parse(&ors);
        assert_eq!(q.terms.len(), 1, "one group");
        assert_eq!(q.terms[0].terms().len(), MAX_TERMS, "terms in groups count too");
    }

    use super::*;

    fn terms(q: &str) -> Vec<(Vec<&str>, bool)> {
        let query = Query::parse(q);
        let leaked: &'static Query = Box::leak(Box::new(query));
        leaked
            .terms
            .iter()
            .flat_map(Clause::terms)
            .map(|t| (t.tokens.iter().map(String::as_str).collect(), t.prefix))
            .collect()
    }

    /// A query's clauses written back: groups joined by `|`, exclusions
    /// with `-`, a prefix with `*`.
    fn clauses(q: &str) -> Vec<String> {
        let term = |t: &Term| format!("{}{}", t.tokens.join("+"), if t.prefix { "*" } else { "" });
        Query::parse(q)
            .terms
            .iter()
            .map(|c| match c {
                Clause::Any(group) => group.iter().map(term).collect::<Vec<_>>().join("|"),
                Clause::Not(t) => format!("-{}", term(t)),
            })
            .collect()
    }

    #[test]
    fn or_joins_terms_into_groups_and_minus_excludes() {
        assert_eq!(clauses("corn OR grain wheat"), ["corn|grain", "wheat*"]);
        assert_eq!(clauses("corn | grain|rice "), ["corn|grain|rice"]);
        assert_eq!(clauses("corn or grain "), ["corn", "or", "grain"], "only capital OR joins");
        assert_eq!(clauses("corn -corning"), ["corn", "-corning"], "an exclusion is never a prefix");
        assert_eq!(clauses("-\"wheat futures\" oil"), ["-wheat+futures", "oil*"]);
        assert_eq!(clauses("e-mail - x"), ["e+mail", "x*"], "a lone or inner hyphen excludes nothing");
        // While typing: a dangling OR waits for its next word, and leaves
        // the word before it whole.
        assert_eq!(clauses("corn OR"), ["corn"]);
        assert_eq!(clauses("OR corn |"), ["corn"]);
        assert_eq!(clauses("-corn OR grain"), ["-corn", "grain*"], "an exclusion joins no group");
        assert_eq!(clauses("corn OR source:x grain"), ["corn", "grain*"]);
        assert!(Query::parse("corn OR source:x").filters.len() == 1);
    }

    #[test]
    fn parses_words_phrases_and_the_prefix() {
        assert_eq!(terms("Café  bar"), [(vec!["cafe"], false), (vec!["bar"], true)]);
        assert_eq!(terms("cafe bar "), [(vec!["cafe"], false), (vec!["bar"], false)]);
        assert_eq!(
            terms("\"a quoted phrase\" x"),
            [(vec!["a", "quoted", "phrase"], false), (vec!["x"], true)]
        );
        assert_eq!(terms("\"open phra"), [(vec!["open", "phra"], true)]);
        assert_eq!(terms("\"closed\""), [(vec!["closed"], false)]);
        assert_eq!(terms("e-mail"), [(vec!["e", "mail"], true)]);
        assert_eq!(terms("喫茶"), [(vec!["喫", "茶"], true)]);
        assert!(Query::parse("  ,, ").is_empty());
    }

    #[test]
    fn filters_are_parsed_apart_from_words() {
        let q = Query::parse("Source:\"valley wire\" tag:ai ferry");
        assert_eq!(q.terms.len(), 1);
        assert_eq!(q.filters.len(), 2);
        assert_eq!(q.filters[0].field, Field::Source);
        assert_eq!(q.filters[0].term.tokens, ["valley", "wire"]);
        assert_eq!(q.filters[1].field, Field::Tag);
        let mut a = Article::new(
            crate::article::Origin::Embedded("t.txt"),
            Some("T".into()),
            Default::default(),
            vec![],
            vec!["x".into()],
            None,
        );
        a.meta.source = Some("Valley Wire".into());
        a.meta.tags = vec!["AI".into(), "energy".into()];
        assert!(Query::parse("source:valley tag:ener").admits(&a));
        assert!(Query::parse("source:\"valley wire\"").admits(&a));
        assert!(!Query::parse("source:herald").admits(&a));
        assert!(!Query::parse("tag:sport").admits(&a));
    }

    fn find(text: &str, q: &str) -> Vec<String> {
        let folded = Folded::new(text);
        let query = Query::parse(q);
        find_term(&folded.text, &query.terms[0].terms()[0])
            .into_iter()
            .map(|r| text[folded.original_range(text, r.start, r.end)].to_string())
            .collect()
    }

    #[test]
    fn matches_whole_words_and_a_prefix_at_the_end() {
        assert_eq!(find("cat catalog concat cat.", "cat "), ["cat", "cat"]);
        assert_eq!(find("cat catalog concat", "cat"), ["cat", "cat"]);
        assert_eq!(find("the catalog", "catal"), ["catal"]);
    }

    #[test]
    fn folding_finds_accented_and_cased_text() {
        assert_eq!(find("Sébastien Bubeck", "sebastien "), ["Sébastien"]);
        assert_eq!(find("un CAFÉ noir", "cafe "), ["CAFÉ"]);
        assert_eq!(find("Bubeck’s move", "bubeck's "), ["Bubeck’s"]);
    }

    #[test]
    fn phrases_match_words_in_sequence_across_punctuation() {
        assert_eq!(find("a quoted, phrase here", "\"quoted phrase\""), ["quoted, phrase"]);
        assert!(find("phrase quoted", "\"quoted phrase\"").is_empty());
        assert_eq!(find("send an e-mail now", "e-mail "), ["e-mail"]);
    }

    #[test]
    fn cjk_matches_inside_runs_of_ideographs() {
        assert_eq!(find("駅前の古い喫茶店が", "喫茶"), ["喫茶"]);
    }

    #[test]
    fn snapping_never_splits_graphemes() {
        let text = "ae\u{301}b👍🏽c";
        assert_eq!(snap_to_graphemes(text, 1..2), 1..4);
        let thumbs = text.find('👍').unwrap();
        assert_eq!(snap_to_graphemes(text, thumbs..thumbs + 4), thumbs..thumbs + 8);
    }

    #[test]
    fn a_long_article_searched_on_every_core_finds_what_one_core_finds() {
        let paragraph =
            "Café crème at the harbour, ferries and e-mail; 喫茶店 ferry Ferries! Harbourside café.";
        // Half the paragraphs ASCII, lower-cased by each search, half
        // folded once and held.
        let plain = "The HARBOUR ferry: harbourside e-mail, FERRIES and the harbour.";
        let body: Vec<String> = (0..1200)
            .map(|i| format!("{} Number {i}.", if i % 2 == 0 { paragraph } else { plain }))
            .collect();
        let a = Article::new(
            crate::article::Origin::Embedded("big.txt"),
            Some("Harbour title".into()),
            Default::default(),
            vec!["A ferry key point.".into()],
            body,
            None,
        );
        let parallel = FoldedArticle::new(Shown::of(&a, a.held_body()));
        assert!(parallel.parallel);
        let sequential = FoldedArticle { parallel: false, ..parallel.clone() };
        let texts = |q: &str, source: Source| -> Vec<&str> {
            let hits = parallel.hits(&Query::parse(q), Fields { title: true, body: true });
            hits.iter()
                .filter(|h| h.source == source)
                .map(|h| &parallel.shown.text(source)[h.range.clone()])
                .collect()
        };
        assert_eq!(texts("harbour ", Source::Paragraph(1)), ["HARBOUR", "harbour"], "ASCII, any case");
        assert_eq!(texts("harbour ", Source::Paragraph(0)), ["harbour"]);
        assert_eq!(texts("cafe", Source::Paragraph(0)), ["Café", "café"], "folded");
        for q in [
            "ferr",
            "ferry ",
            "harbour",
            "cafe",
            "喫",
            "e-mail",
            "\"the harbour\"",
            "harbour ferr",
            "zzz",
            "1",
        ] {
            for fields in [Fields { title: true, body: true }, Fields { title: false, body: false }] {
                let query = Query::parse(q);
                let hits = parallel.hits(&query, fields);
                assert_eq!(hits, sequential.hits(&query, fields), "{q}");
                let order = |h: &Hit| (h.source.order(), h.range.start);
                assert!(hits.windows(2).all(|w| order(&w[0]) < order(&w[1])), "{q}: in reading order");
            }
        }
    }

    #[test]
    fn article_hits_need_every_term() {
        let a = Article::new(
            crate::article::Origin::Embedded("t.txt"),
            Some("T".into()),
            Default::default(),
            vec!["Ferries run on batteries.".into()],
            vec!["The ferry crossing is quiet.".into(), "Batteries charge at the pier.".into()],
            None,
        );
        let f = FoldedArticle::new(Shown::of(&a, a.held_body()));
        let all = Fields { title: false, body: true };
        let hits = f.hits(&Query::parse("batteries ferr"), all);
        let texts: Vec<(Source, &str)> =
            hits.iter().map(|h| (h.source, &f.shown.text(h.source)[h.range.clone()])).collect();
        assert_eq!(
            texts,
            [
                (Source::KeyPoint(0), "Ferr"),
                (Source::KeyPoint(0), "batteries"),
                (Source::Paragraph(0), "ferr"),
                (Source::Paragraph(1), "Batteries"),
            ]
        );
        assert!(f.hits(&Query::parse("batteries zebra"), all).is_empty());
        let summary = Fields { title: false, body: false };
        assert_eq!(f.hits(&Query::parse("pier"), summary), []);
    }

    #[test]
    fn a_group_needs_any_of_its_terms_and_exclusions_are_no_hits() {
        let a = Article::new(
            crate::article::Origin::Embedded("t.txt"),
            Some("Grain prices".into()),
            Default::default(),
            vec!["Wheat rose.".into()],
            vec!["Corn fell while wheat futures rose.".into()],
            None,
        );
        let f = FoldedArticle::new(Shown::of(&a, a.held_body()));
        let all = Fields { title: true, body: true };
        let texts = |q: &str| -> Vec<String> {
            let body = a.held_body();
            f.hits(&Query::parse(q), all)
                .iter()
                .map(|h| match h.source {
                    Source::Title => a.title[h.range.clone()].to_string(),
                    Source::KeyPoint(i) => a.key_points[i][h.range.clone()].to_string(),
                    Source::Paragraph(i) => body.body[i][h.range.clone()].to_string(),
                    _ => unreachable!(),
                })
                .collect()
        };
        assert_eq!(texts("rice OR corn "), ["Corn"], "one term of the group is enough");
        assert_eq!(texts("corn | wheat "), ["Wheat", "Corn", "wheat"]);
        assert!(texts("rice OR barley ").is_empty(), "a group none of whose terms occurs");
        assert_eq!(texts("corn -wheat"), ["Corn"], "excluded words are not hits");
        assert!(texts("rice -wheat").is_empty());
        // Phrases wanted or excluded, as the collection search finds them.
        let index = Index::build(std::slice::from_ref(&a));
        let found = |q: &str| !index.search(&Query::parse(q)).is_empty();
        assert!(!found("corn -\"wheat futures\""), "the article has the excluded phrase");
        assert!(found("corn -\"futures wheat\""));
        assert!(found("\"corn fell\" OR \"rice fell\""));
        assert!(!found("\"rice fell\" OR \"fell corn\""));
    }
}
