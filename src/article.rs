//! The article model: what every format is loaded into.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use unicode_segmentation::UnicodeSegmentation;

use crate::text::truncate;

/// Words read per minute, for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 230;
/// Longest derived title, in columns.
const TITLE_WIDTH: usize = 80;

/// Which part of an article a piece of text (a line, a hit) comes from.
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

/// Where an article's bytes came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    File(PathBuf),
    /// One of the sample articles built into the binary, by file name.
    Embedded(&'static str),
}

impl Origin {
    /// The path as shown to people and in JSON.
    pub fn display(&self) -> String {
        match self {
            Origin::File(path) => path.display().to_string(),
            Origin::Embedded(name) => format!("<samples>/{name}"),
        }
    }

    /// The file name, used for ordering by sequence number.
    pub fn file_name(&self) -> &str {
        match self {
            Origin::File(path) => path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
            Origin::Embedded(name) => name,
        }
    }
}

/// A file's size and modification time (in nanoseconds since 1970): when
/// both are unchanged, so is the file, as far as the index cache goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub modified_ns: u128,
}

/// A publication date, with or without a time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub at: DateTime<FixedOffset>,
    pub has_time: bool,
}

/// A declared language as a tag brief keeps: letters, digits and `-`
/// (`_` read as `-`), at most 35 characters (BCP 47's longest), else none.
pub fn language_tag(s: &str) -> Option<String> {
    let tag = s.trim().replace('_', "-");
    let fits =
        !tag.is_empty() && tag.len() <= 35 && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    fits.then_some(tag)
}

impl Date {
    /// Parses RFC 3339 (`2026-11-27T08:30:00Z`), RFC 2822 (as in RSS), a
    /// date and time without an offset (taken as UTC) or a plain `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if let Ok(at) = DateTime::parse_from_rfc3339(s) {
            return Some(Date { at, has_time: true });
        }
        if let Ok(at) = DateTime::parse_from_rfc2822(s) {
            return Some(Date { at, has_time: true });
        }
        for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
            if let Ok(at) = chrono::NaiveDateTime::parse_from_str(s, format) {
                return Some(Date { at: at.and_utc().fixed_offset(), has_time: true });
            }
        }
        let day = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        let at = day.and_time(NaiveTime::MIN).and_utc().fixed_offset();
        Some(Date { at, has_time: false })
    }

    /// ISO 8601: the date alone when no time was given.
    pub fn iso(&self) -> String {
        if self.has_time { self.at.to_rfc3339() } else { self.at.format("%Y-%m-%d").to_string() }
    }

    /// Short form for the list and metadata line.
    pub fn short(&self) -> String {
        use chrono::Datelike;
        // Not through `format`, which parses its pattern on every call: a
        // list of 100,000 rows spent a tenth of its time there.
        format!("{:04}-{:02}-{:02}", self.at.year(), self.at.month(), self.at.day())
    }
}

/// Everything known about an article besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub source: Option<String>,
    pub author: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// The language the article declares (`en`, `pt-BR`), if any: the
    /// summary's words are stemmed by it when the text alone does not tell.
    pub lang: Option<String>,
}

/// What a body paragraph is, for drawing it (Markdown has more than
/// paragraphs; plain text has only paragraphs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BlockKind {
    #[default]
    Paragraph,
    Heading(u8),
    Quote,
    /// A list item, nested `depth` lists deep (0 for a top-level list).
    Item {
        depth: u8,
    },
    /// One line of a code block.
    Code,
    /// One line of a table or block of figures in plain text: kept on a
    /// line of its own, never reflowed into prose.
    Row,
}

impl BlockKind {
    /// Whether this block sits right under `previous` with no blank line
    /// between: list items, the lines of a code block and the rows of a
    /// table stay together.
    pub fn continues(self, previous: Option<BlockKind>) -> bool {
        matches!(
            (previous, self),
            (Some(BlockKind::Item { .. }), BlockKind::Item { .. })
                | (Some(BlockKind::Code), BlockKind::Code)
                | (Some(BlockKind::Row), BlockKind::Row)
        )
    }
}

/// Inline styling within a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inline {
    Strong,
    Emphasis,
    Code,
    Link,
}

/// How to draw one body paragraph: its kind and styled byte ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockStyle {
    pub kind: BlockKind,
    pub inline: Vec<(std::ops::Range<usize>, Inline)>,
}

/// An article's body: what is re-read from its file on demand rather than
/// kept in memory for the whole collection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleText {
    pub body: Vec<String>,
    /// Styles of the body paragraphs, by index; paragraphs past the end
    /// (all of them, for plain text) are plain.
    pub styles: Vec<BlockStyle>,
}

impl ArticleText {
    /// The kind of body paragraph `i`.
    pub fn block_kind(&self, i: usize) -> BlockKind {
        self.styles.get(i).map_or(BlockKind::Paragraph, |s| s.kind)
    }
}

/// An article's key points: held, or where they lie in the index cache
/// (two thirds of the cache's article text: decoded at start, they were
/// half of a warm start), read the first time they are wanted and kept.
#[derive(Clone)]
pub enum KeyPoints {
    Held(Vec<String>),
    Cached(Box<CachedPoints>),
}

/// Key points in the index cache: their bytes (checked as any cached
/// block is when read), how many there are, and once read, their text.
#[derive(Clone)]
pub struct CachedPoints {
    /// The cache's key points, shared by all its articles.
    bytes: Arc<crate::codec::Bytes>,
    range: std::ops::Range<usize>,
    count: u32,
    read: std::sync::OnceLock<Vec<String>>,
}

impl CachedPoints {
    pub fn new(bytes: Arc<crate::codec::Bytes>, range: std::ops::Range<usize>, count: u32) -> CachedPoints {
        CachedPoints { bytes, range, count, read: std::sync::OnceLock::new() }
    }

    /// The points as written, sanitized again as any text from the cache;
    /// none when their bytes are damaged.
    fn decode(&self) -> Vec<String> {
        let mut d = crate::codec::Decoder::new(self.bytes.get(self.range.clone()));
        let points = d.strings().unwrap_or_default();
        points.into_iter().map(crate::text::one_line_owned).collect()
    }
}

impl KeyPoints {
    /// How many points there are, without reading them.
    pub fn len(&self) -> usize {
        match self {
            KeyPoints::Held(points) => points.len(),
            KeyPoints::Cached(cached) => cached.read.get().map_or(cached.count as usize, Vec::len),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The points, read from the cache the first time and then kept.
    pub fn all(&self) -> &[String] {
        match self {
            KeyPoints::Held(points) => points,
            KeyPoints::Cached(cached) => cached.read.get_or_init(|| cached.decode()),
        }
    }

    /// The points, not kept when read from the cache: for passes over a
    /// whole collection (writing the cache), which would otherwise keep
    /// every article's.
    pub fn peek(&self) -> std::borrow::Cow<'_, [String]> {
        match self {
            KeyPoints::Held(points) => std::borrow::Cow::Borrowed(points),
            KeyPoints::Cached(cached) => match cached.read.get() {
                Some(points) => std::borrow::Cow::Borrowed(points),
                None => std::borrow::Cow::Owned(cached.decode()),
            },
        }
    }
}

impl Default for KeyPoints {
    fn default() -> KeyPoints {
        KeyPoints::Held(Vec::new())
    }
}

impl From<Vec<String>> for KeyPoints {
    fn from(points: Vec<String>) -> KeyPoints {
        KeyPoints::Held(points)
    }
}

impl std::ops::Deref for KeyPoints {
    type Target = [String];
    fn deref(&self) -> &[String] {
        self.all()
    }
}

/// Key points equal a list of texts when theirs are those.
impl<T: ?Sized> PartialEq<T> for KeyPoints
where
    [String]: PartialEq<T>,
{
    fn eq(&self, other: &T) -> bool {
        self.all() == other
    }
}

impl<'a> IntoIterator for &'a KeyPoints {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.all().iter()
    }
}

impl std::fmt::Debug for KeyPoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyPoints::Held(points) => points.fmt(f),
            KeyPoints::Cached(cached) => write!(f, "KeyPoints({} cached)", cached.count),
        }
    }
}

/// One article, whatever format it came from. All text is sanitized.
#[derive(Clone, Debug)]
pub struct Article {
    /// Short, stable identity derived from the content, not the file name,
    /// so it survives moving and renaming the file.
    pub id: String,
    pub origin: Origin,
    pub title: String,
    pub meta: Meta,
    pub key_points: KeyPoints,
    /// The body, while it is held: the loader holds it until the article
    /// is indexed, then lets it go (see [`Article::without_body`]); the
    /// reader asks for it again when it is wanted. Articles that are not
    /// files (the bundled samples) keep theirs.
    pub body: Option<Arc<ArticleText>>,
    /// Modification time, the last resort for ordering.
    pub modified: Option<SystemTime>,
    /// Size and modification time of the file when it was read: the key
    /// of the index cache.
    pub stamp: Option<Stamp>,
    /// Words in key points and body, for the reading time: counted by the
    /// loader while it indexes the text (`search::fold::word_count` says
    /// what a word is), 0 until then.
    pub words: usize,
}

impl AsRef<Article> for Article {
    fn as_ref(&self) -> &Article {
        self
    }
}

impl Article {
    /// Builds an article, deriving the title when none was given and the id
    /// from the text. The body is held (see [`Article::body`]).
    pub fn new(
        origin: Origin,
        title: Option<String>,
        meta: Meta,
        key_points: Vec<String>,
        body: Vec<String>,
        modified: Option<SystemTime>,
    ) -> Article {
        let given = title.filter(|t| !t.trim().is_empty());
        let id = article_id(&origin, given.as_deref(), &key_points, &body);
        // A photo's file name standing as a paragraph is no title.
        let lead = key_points.first().or_else(|| body.iter().find(|p| !is_file_name(p)));
        let title =
            given.or_else(|| lead.map(|t| derive_title(t))).unwrap_or_else(|| origin.file_name().to_string());
        let body = Some(Arc::new(ArticleText { body, styles: Vec::new() }));
        Article {
            id,
            origin,
            title,
            meta,
            key_points: key_points.into(),
            body,
            modified,
            stamp: None,
            words: 0,
        }
    }

    /// The same article with the id it has when its body is `body` (and
    /// its title `given`, when one was): for a body read otherwise than
    /// earlier versions read it, so that the id stays what it was.
    pub fn with_id_of(mut self, given: Option<String>, body: &[String]) -> Article {
        let given = given.filter(|t| !t.trim().is_empty());
        self.id = article_id(&self.origin, given.as_deref(), &self.key_points, body);
        self
    }

    /// The same article under the identity its file gives it, whatever
    /// its text: the id is a hash of that identity, so that it cannot be
    /// chosen to equal another article's.
    pub fn with_given_id(mut self, given: &str) -> Article {
        self.id = content_id("\0id", &[], &[given.to_string()]);
        self
    }

    /// The same article with styled body paragraphs.
    pub fn with_styles(mut self, styles: Vec<BlockStyle>) -> Article {
        if let Some(text) = self.body.as_mut() {
            Arc::make_mut(text).styles = styles;
        }
        self
    }

    /// The same article, stamped with its file's size and time.
    pub fn with_stamp(mut self, stamp: Stamp) -> Article {
        self.stamp = Some(stamp);
        self
    }

    /// The body when it is held, else an empty one: for code that loaded
    /// the collection with its bodies (the command line, tests).
    pub fn held_body(&self) -> Arc<ArticleText> {
        self.body.clone().unwrap_or_default()
    }

    /// The same article with `text` as its body.
    pub fn with_body(&self, text: Arc<ArticleText>) -> Article {
        Article { body: Some(text), ..self.clone() }
    }

    /// The same article without its body when the body can be read again
    /// from a file: what stays in memory for a whole collection.
    pub fn without_body(mut self) -> Article {
        if let Origin::File(_) = self.origin {
            self.body = None;
        }
        self
    }

    /// The same article, found at another place.
    pub fn with_origin(mut self, origin: Origin) -> Article {
        self.origin = origin;
        self
    }

    /// Estimated reading time in whole minutes, at least one.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE).max(1)
    }

    /// The leading sequence number of the file name (`012_ab12.txt` → 12).
    pub fn sequence(&self) -> Option<u64> {
        let name = self.origin.file_name();
        let digits = name.bytes().take_while(u8::is_ascii_digit).count();
        name[..digits].parse().ok()
    }

    /// The metadata line: source, author, date, reading time, tags.
    pub fn meta_line(&self) -> String {
        let m = &self.meta;
        let mut parts: Vec<String> = Vec::new();
        parts.extend(m.source.clone());
        parts.extend(m.author.as_ref().map(|a| format!("by {a}")));
        parts.extend(m.date.map(|d| d.short()));
        parts.push(format!("{} min read", self.reading_minutes()));
        if !m.tags.is_empty() {
            parts.push(m.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
        }
        parts.join(" · ")
    }
}

/// The first sentence of `text`, its wire dateline left off (as key
/// points leave it off: `WASHINGTON, Feb 26 - `, `(CNN) -- `), cut at a
/// word boundary to a title's length, without its closing full stop.
/// Sentences end where [`crate::sentences`] says, so a wire story's title
/// is not "WASHINGTON, Feb 26 - The U.S".
pub fn derive_title(text: &str) -> String {
    let first = crate::sentences::sentences(text).into_iter().next().map_or(text, |r| &text[r]);
    let undated = &first[crate::sentences::dateline_len(first)..];
    title_of_sentence(if undated.trim().is_empty() { first } else { undated })
}

/// Extensions of the files a page names in a line of their own (a photo's
/// file name where the photo was).
const FILE_EXTENSIONS: [&str; 12] =
    ["jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "tif", "tiff", "pdf", "mp4", "mp3"];

/// Whether a paragraph is only a file name (`google.JPG`).
fn is_file_name(paragraph: &str) -> bool {
    let p = paragraph.trim();
    !p.contains(char::is_whitespace)
        && p.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        })
}

/// The title an article without one had before sentences were split with
/// care (Unicode's rules alone), used only in its id: ids key read marks
/// and bookmarks, and must not change when the displayed title improves.
fn id_title(text: &str) -> String {
    title_of_sentence(text.unicode_sentences().next().unwrap_or(text))
}

fn title_of_sentence(sentence: &str) -> String {
    let sentence = sentence.trim().trim_end_matches(['.', '。', '．']);
    if crate::text::width(sentence) <= TITLE_WIDTH {
        return sentence.to_string();
    }
    // Cut at the last word boundary that fits, leaving room for the ellipsis.
    let mut end = 0;
    for (i, word) in sentence.split_word_bound_indices() {
        if crate::text::width(&sentence[..i + word.len()]) > TITLE_WIDTH - 1 {
            break;
        }
        end = i + word.len();
    }
    if end == 0 {
        return truncate(sentence, TITLE_WIDTH).into_owned();
    }
    format!("{}…", sentence[..end].trim_end_matches(|c: char| c.is_whitespace() || c == ','))
}

/// An article's id: the hash of its text, under its given title, else the
/// title earlier versions derived, else its file name.
fn article_id(origin: &Origin, given: Option<&str>, key_points: &[String], body: &[String]) -> String {
    match (given, key_points.first().or(body.first())) {
        (Some(title), _) => content_id(title, key_points, body),
        (None, Some(lead)) => content_id(&id_title(lead), key_points, body),
        (None, None) => content_id(origin.file_name(), key_points, body),
    }
}

/// A 40-bit hash of the text, as ten hex digits: short enough to type,
/// long enough that 100,000 articles almost never collide.
fn content_id(title: &str, key_points: &[String], body: &[String]) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in std::iter::once(title)
        .chain(key_points.iter().map(String::as_str))
        .chain(body.iter().map(String::as_str))
    {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    format!("{:010x}", hasher.digest() >> 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_languages_are_kept_as_tags_or_not_at_all() {
        assert_eq!(language_tag(" pt_BR ").as_deref(), Some("pt-BR"));
        assert_eq!(language_tag("zh-Hans").as_deref(), Some("zh-Hans"));
        assert_eq!(language_tag(""), None);
        assert_eq!(language_tag("en\u{1b}[31m"), None);
        assert_eq!(language_tag(&"x".repeat(36)), None);
    }

    #[test]
    fn dates_parse_both_forms() {
        let d = Date::parse("2026-11-27").unwrap();
        assert!(!d.has_time);
        assert_eq!(d.iso(), "2026-11-27");
        let d = Date::parse("2026-11-27T08:30:00+01:00").unwrap();
        assert!(d.has_time);
        assert_eq!(d.iso(), "2026-11-27T08:30:00+01:00");
        assert!(Date::parse("last Tuesday").is_none());
    }

    #[test]
    fn title_is_first_sentence_without_full_stop() {
        assert_eq!(derive_title("Rain came early. Then it stopped."), "Rain came early");
    }

    #[test]
    fn derived_titles_are_not_cut_at_an_abbreviation_and_ids_stay_as_they_were() {
        let lead = "WASHINGTON, Feb 26 - The U.S. Treasury sold new notes. Demand was firm.";
        let a =
            Article::new(Origin::Embedded("a.txt"), None, Meta::default(), vec![], vec![lead.into()], None);
        assert_eq!(a.title, "The U.S. Treasury sold new notes");
        // The id is what it was when the title was cut after "U.S": marks
        // kept under it still find the article.
        let before = content_id("WASHINGTON, Feb 26 - The U.S", &[], &[lead.into()]);
        assert_eq!(a.id, before);
    }

    #[test]
    fn derived_titles_leave_the_dateline_and_a_file_name_off() {
        assert_eq!(
            derive_title("COMMACK, N.Y., Feb 26 - Rents rose again. Then they fell."),
            "Rents rose again"
        );
        assert_eq!(derive_title("(CNN) -- Rents rose again."), "Rents rose again");
        // A line that is only a dateline stays the title rather than none.
        assert_eq!(derive_title("OSLO, March 3"), "OSLO, March 3");
        let body = vec!["google.JPG".to_string(), "Rents rose again. Then they fell.".to_string()];
        let a = Article::new(Origin::Embedded("a.txt"), None, Meta::default(), vec![], body.clone(), None);
        assert_eq!(a.title, "Rents rose again");
        // The id is what it was: derived from the first paragraph.
        assert_eq!(a.id, content_id("google.JPG", &[], &body));
        assert!(is_file_name("photo_01.jpeg") && !is_file_name("Hello there.") && !is_file_name("U.S."));
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let long = "word ".repeat(40);
        let t = derive_title(&long);
        assert!(t.ends_with("word…"), "{t}");
        assert!(crate::text::width(&t) <= TITLE_WIDTH);
    }

    #[test]
    fn id_depends_on_text_not_path() {
        let a =
            Article::new(Origin::Embedded("a.txt"), None, Meta::default(), vec!["x".into()], vec![], None);
        let b =
            Article::new(Origin::Embedded("b.txt"), None, Meta::default(), vec!["x".into()], vec![], None);
        let c =
            Article::new(Origin::Embedded("a.txt"), None, Meta::default(), vec!["y".into()], vec![], None);
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert_eq!(a.id.len(), 10);
    }

    #[test]
    fn sequence_comes_from_leading_digits() {
        let a = Article::new(
            Origin::Embedded("012_ab.txt"),
            None,
            Meta::default(),
            vec![],
            vec!["x".into()],
            None,
        );
        assert_eq!(a.sequence(), Some(12));
        let b = Article::new(
            Origin::Embedded("notes.txt"),
            None,
            Meta::default(),
            vec![],
            vec!["x".into()],
            None,
        );
        assert_eq!(b.sequence(), None);
    }
}
