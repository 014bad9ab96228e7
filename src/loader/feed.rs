//! Saved feeds (RSS 0.9x–2.0, Atom, JSON Feed), read with feed-rs: each item
//! is an article, its HTML turned into paragraphs with html2text, the
//! feed's title its source.

use chrono::{DateTime, Utc};

use crate::article::{Date, Meta};
use crate::text::{one_line, sanitize};

/// One feed item, before it becomes an article.
#[derive(Debug, Default, PartialEq)]
pub struct Item {
    /// The item's own id (RSS `guid`, Atom `id`, JSON Feed `id`), when it
    /// has one: what `brief fetch` names its file after.
    pub id: Option<String>,
    pub title: Option<String>,
    pub meta: Meta,
    pub body: Vec<String>,
    /// How the body was cut or simplified to stay within the bounds (for
    /// `brief check`).
    pub note: Option<&'static str>,
}

/// The most HTML of one body turned into paragraphs; the rest is cut. The
/// HTML parser is linear in length but each byte costs (1 MiB takes about
/// 0.1 s), and no real article is this long.
pub const MAX_HTML_BYTES: usize = 1 << 20;
/// The deepest HTML nesting given to the HTML parser: it is not linear in
/// depth (100,000 nested `<div>`s took 8 s at 1 MB, 35 s at 2 MB). Deeper
/// HTML is shown as its text without tags.
pub const MAX_HTML_DEPTH: usize = 256;

/// Reads a feed's items, or says why the file is not a readable feed, with
/// the line and column of malformed XML or JSON.
pub fn parse(bytes: &[u8]) -> Result<Vec<Item>, String> {
    parse_from(bytes, None)
}

/// Whether a file saved under another name (a feed the browser saved as
/// `.html`) is an RSS, RDF or Atom feed: its first element, after the XML
/// declaration, comments and a doctype, is the feed's.
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let mut rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        let skipped = [(&b"<?"[..], &b"?>"[..]), (b"<!--", b"-->"), (b"<!", b">")]
            .iter()
            .find(|(open, _)| rest.starts_with(open))
            .map(|(open, close)| {
                let after = &rest[open.len()..];
                after.windows(close.len()).position(|w| w == *close).map(|i| &after[i + close.len()..])
            });
        match skipped {
            Some(Some(after)) => rest = after,
            Some(None) => return false,
            None => break,
        }
    }
    ["rss", "feed", "rdf:RDF"].iter().any(|name| {
        rest.strip_prefix(b"<")
            .and_then(|r| r.strip_prefix(name.as_bytes()))
            .and_then(|r| r.first())
            .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
    })
}

/// [`parse`] for a feed fetched from the address `base`, against which
/// relative links are made whole.
pub fn parse_from(bytes: &[u8], base: Option<&str>) -> Result<Vec<Item>, String> {
    // No made-up ids: feed-rs would invent a random one for an item with
    // neither id nor link, and a fetch must not name a file after it.
    let parser = feed_rs::parser::Builder::new().id_generator(|_, _, _| String::new()).base_uri(base).build();
    let feed = parser.parse(bytes).map_err(|e| describe(bytes, e))?;
    let lang = feed.language.as_deref().and_then(crate::article::language_tag);
    let source = feed.title.map(|t| text(&t.content, is_html(&t.content_type))).filter(|s| !s.is_empty());
    let items = feed
        .entries
        .into_iter()
        .map(|entry| {
            let title =
                entry.title.map(|t| text(&t.content, is_html(&t.content_type))).filter(|t| !t.is_empty());
            let html = entry
                .content
                .and_then(|c| c.body)
                .filter(|b| !b.trim().is_empty())
                .or_else(|| entry.summary.map(|s| s.content));
            let (body, note) = html.map(|h| paragraphs(&h)).unwrap_or_default();
            let author = entry.authors.iter().map(person).filter(|n| !n.is_empty()).collect::<Vec<_>>();
            let meta = Meta {
                source: source.clone(),
                author: (!author.is_empty()).then(|| author.join(", ")),
                date: entry.published.or(entry.updated).map(date),
                url: entry.links.first().map(|l| clean(&l.href)).filter(|u| !u.is_empty()),
                tags: entry
                    .categories
                    .iter()
                    .map(|c| clean(c.label.as_deref().unwrap_or(&c.term)))
                    .filter(|t| !t.is_empty())
                    .collect(),
                lang: lang.clone(),
            };
            let id = Some(entry.id).filter(|id| !id.trim().is_empty());
            Item { id, title, meta, body, note }
        })
        .filter(|item| item.title.is_some() || !item.body.is_empty())
        .collect::<Vec<_>>();
    // feed-rs reads on past a mismatched end tag, and gives what it could
    // make of the rest: nothing, from a broken item. Then the XML's error
    // is why there are no items, and says where to look.
    let xml = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).trim_ascii_start().starts_with(b"<");
    if items.is_empty()
        && xml
        && let Some((line, column, e)) = xml_error(bytes)
    {
        return Err(format!("malformed XML: line {line}, column {column}: {e}"));
    }
    Ok(items)
}

/// A person's name. RSS gives only an email, often as `mail (Name)`, and
/// feed-rs then names the person after the element ("author").
fn person(p: &feed_rs::model::Person) -> String {
    match p.email.as_deref() {
        Some(email) if p.name == "author" || p.name.is_empty() => {
            let named = email.split_once('(').and_then(|(_, rest)| rest.strip_suffix(')'));
            clean(named.unwrap_or(email))
        }
        _ => clean(&p.name),
    }
}

fn date(at: DateTime<Utc>) -> Date {
    Date { at: at.fixed_offset(), has_time: true }
}

fn is_html(media: impl std::fmt::Display) -> bool {
    let media = media.to_string();
    media.contains("html") || media.contains("xml")
}

/// Sanitized single-line text, its runs of white space made one space.
fn clean(s: &str) -> String {
    one_line(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title or name that may be HTML.
fn text(s: &str, html: bool) -> String {
    if html { clean(&paragraphs(s).0.join(" ")) } else { clean(s) }
}

/// HTML as readable paragraphs: block elements become paragraphs, links
/// keep their text with a `[n]` marker and are listed at the end. HTML
/// over the bounds is cut ([`MAX_HTML_BYTES`]) or read without its tags
/// ([`MAX_HTML_DEPTH`]), and a note says which.
pub fn paragraphs(html: &str) -> (Vec<String>, Option<&'static str>) {
    let mut note = None;
    let mut html = html;
    if html.len() > MAX_HTML_BYTES {
        let cut = (0..=MAX_HTML_BYTES).rev().find(|&i| html.is_char_boundary(i)).unwrap_or(0);
        html = &html[..cut];
        note = Some("an item's HTML body was cut at 1 MiB");
    }
    // Sanitized before as well as after: html2text drops a raw ESC but
    // keeps the rest of its sequence (`]0;title`), so sequences must go
    // whole while they are still recognisable. Entities (`&#x1b;`) only
    // become characters in html2text, hence the second pass.
    let (html, _) = sanitize(html);
    let text = if nesting_exceeds(&html, MAX_HTML_DEPTH) {
        note = Some("an item's HTML body is nested over 256 deep; shown as text without its tags");
        without_tags(&html)
    } else {
        html2text::config::plain_no_decorate()
            .link_footnotes(true)
            .string_from_read(html.as_bytes(), 100_000)
            .unwrap_or_else(|_| html.clone())
    };
    let clean = sanitize(&text).0;
    (clean.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(), note)
}

/// Elements that never hold others, and those that a sibling of the same
/// name closes (`<p>one<p>two` is two paragraphs, not one in another).
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
const SIBLING_CLOSED: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];
/// Elements an end tag cannot close across (HTML's "scope" boundaries):
/// `<div><object></div>` leaves both open.
const SCOPE: &[&str] = &["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"];

/// Whether `html` nests elements deeper than `limit`, as an HTML parser
/// would build them (closely enough: unknown cases count deeper, never
/// shallower). Linear, and stops at the limit.
pub(super) fn nesting_exceeds(html: &str, limit: usize) -> bool {
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let tag = if closing { &rest[1..] } else { rest };
        let len = tag.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tag.len());
        if len == 0 {
            continue;
        }
        let name = tag[..len].to_ascii_lowercase();
        let self_closing = tag[len..].split('>').next().is_some_and(|attrs| attrs.ends_with('/'));
        if closing {
            for i in (0..open.len()).rev() {
                if open[i] == name {
                    open.truncate(i);
                    break;
                }
                if SCOPE.contains(&open[i].as_str()) {
                    break;
                }
            }
        } else {
            let empty = self_closing || VOID.contains(&name.as_str());
            let sibling = SIBLING_CLOSED.contains(&name.as_str()) && open.last() == Some(&name);
            if !empty && !sibling {
                open.push(name);
                if open.len() > limit {
                    return true;
                }
            }
        }
    }
    false
}

/// The text of HTML without its tags: block elements end lines, entities
/// are decoded where they can be.
pub(super) fn without_tags(html: &str) -> String {
    const BLOCKS: &[&str] =
        &["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"];
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        text.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = rest[at + 1..end].trim_start_matches('/');
        let name = &tag[..tag.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tag.len())];
        if BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name)) {
            text.push('\n');
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    text.lines()
        .map(|line| quick_xml::escape::unescape(line).map_or_else(|_| line.to_string(), |u| u.into_owned()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn describe(bytes: &[u8], error: feed_rs::parser::ParseFeedError) -> String {
    use feed_rs::parser::ParseFeedError as E;
    match error {
        E::JsonSerde(e) => format!("malformed JSON feed: line {}, column {}: {e}", e.line(), e.column()),
        E::XmlReader(_) | E::ParseError(_) => match xml_error(bytes) {
            Some((line, column, e)) => format!("malformed XML: line {line}, column {column}: {e}"),
            None => format!("not a feed: {error}"),
        },
        other => format!("not a feed: {other}"),
    }
}

/// Where the XML first goes wrong, by reading it with quick-xml (feed-rs
/// does not report positions).
fn xml_error(bytes: &[u8]) -> Option<(usize, usize, String)> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(quick_xml::events::Event::Eof) if depth > 0 => {
                let at = bytes.len();
                let (line, column) = crate::text::line_column(&String::from_utf8_lossy(bytes), at);
                return Some((line, column, "the document ends before its elements are closed".into()));
            }
            Ok(quick_xml::events::Event::Eof) => return None,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX).min(bytes.len());
                let before = String::from_utf8_lossy(&bytes[..at]);
                let (line, column) = crate::text::line_column(&before, before.len());
                return Some((line, column, e.to_string()));
            }
            Ok(_) => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test &amp; Feed</title>
<item><title>First item</title><link>https://e.org/1</link><author>news@e.org (Ann Lee)</author>
<pubDate>Fri, 27 Nov 2026 08:00:00 GMT</pubDate><category>local</category>
<description>&lt;p&gt;One &lt;b&gt;bold&lt;/b&gt; paragraph.&lt;/p&gt;&lt;p&gt;See &lt;a href="https://e.org/x"&gt;this&lt;/a&gt;.&lt;/p&gt;</description></item>
<item><title>Second item</title><pubDate>not a date</pubDate><description>Plain text.</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_articles() {
        let items = parse(RSS.as_bytes()).unwrap();
        assert_eq!(items.len(), 2);
        let first = &items[0];
        assert_eq!(first.title.as_deref(), Some("First item"));
        assert_eq!(first.meta.source.as_deref(), Some("Test & Feed"));
        assert_eq!(first.meta.url.as_deref(), Some("https://e.org/1"));
        assert_eq!(first.meta.date.unwrap().short(), "2026-11-27");
        assert_eq!(first.meta.tags, ["local"]);
        assert_eq!(first.meta.author.as_deref(), Some("Ann Lee"));
        assert_eq!(first.body[0], "One bold paragraph.");
        assert_eq!(first.body[1..], ["See [this][1].", "[1]: https://e.org/x"]);
        assert!(items[1].meta.date.is_none(), "an unparseable date leaves the item undated");
    }

    #[test]
    fn a_feed_is_told_by_its_first_element() {
        assert!(looks_like_feed(RSS.as_bytes()));
        assert!(looks_like_feed(b"\xEF\xBB\xBF<!-- saved -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        assert!(looks_like_feed(b"<?xml version=\"1.0\"?><!DOCTYPE rdf><rdf:RDF>"));
        assert!(!looks_like_feed(b"<!DOCTYPE html><html><body><rss>"));
        assert!(!looks_like_feed(b"<feedback>"));
        assert!(!looks_like_feed(b"<?xml never closed <rss>"));
    }

    #[test]
    fn atom_and_json_feeds() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Source</title><id>x</id><updated>2026-11-01T00:00:00Z</updated>
<entry><title>Atom entry</title><id>1</id><updated>2026-11-02T10:00:00Z</updated><author><name>Kim</name></author>
<content type="html">&lt;p&gt;Atom body.&lt;/p&gt;</content></entry></feed>"#;
        let items = parse(atom.as_bytes()).unwrap();
        assert_eq!(items[0].meta.source.as_deref(), Some("Atom Source"));
        assert_eq!(items[0].meta.author.as_deref(), Some("Kim"));
        assert_eq!(items[0].body, ["Atom body."]);

        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Source",
            "items": [{"id": "1", "title": "J1", "content_text": "Text body.", "date_published": "2026-11-03T00:00:00Z"},
                      {"id": "2", "title": "J2", "content_html": "<p>Html body.</p>"}]}"#;
        let items = parse(json.as_bytes()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].meta.source.as_deref(), Some("JSON Source"));
        assert_eq!(items[1].body, ["Html body."]);
    }

    #[test]
    fn escape_sequences_in_feed_text_go_whole() {
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "S",
            "items": [{"id": "1", "title": "T", "content_text": "Start \u001b]0;X\u0007body \u001b[31mred"}]}"#;
        assert_eq!(parse(json.as_bytes()).unwrap()[0].body, ["Start body red"]);
    }

    #[test]
    fn html_over_the_bounds_is_cut_or_read_without_tags() {
        let deep =
            format!("{}deep &amp; <b>bold</b> text{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let (body, note) = paragraphs(&deep);
        assert_eq!(body, ["deep & bold text"]);
        assert!(note.unwrap().contains("nested over 256"));
        // Unclosed paragraphs, list items and closed tags are not depth.
        let flat = "<p>one<p>two<ul><li>a<li>b</ul><br><img src=x><div>x</div>".repeat(2_000);
        assert_eq!(paragraphs(&flat).1, None);
        // An end tag that cannot close across a scope boundary does not
        // count as closing.
        assert!(nesting_exceeds(&"<div><object></div>".repeat(200), 256));
        let long = format!("<p>{}</p>", "word ".repeat(300_000));
        let (body, note) = paragraphs(&long);
        assert_eq!(note, Some("an item's HTML body was cut at 1 MiB"));
        assert!(body.concat().len() < MAX_HTML_BYTES);
    }

    #[test]
    fn malformed_feeds_say_where() {
        let broken = "<?xml version=\"1.0\"?>\n<rss><channel>\n<title>x</titel>\n</channel></rss>";
        let e = parse(broken.as_bytes()).unwrap_err();
        assert!(e.starts_with("malformed XML: line 3, column "), "{e}");
        // feed-rs passes over a mismatched end tag in an item, and
        // finds no items: the XML's error is the reason.
        let mismatched = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>x</title>\n\
                          <item><title>y</titel></item></channel></rss>";
        let e = parse(mismatched.as_bytes()).unwrap_err();
        assert!(e.starts_with("malformed XML: line 3, column "), "{e}");
        let empty = "<rss version=\"2.0\"><channel><title>x</title></channel></rss>";
        assert_eq!(parse(empty.as_bytes()), Ok(Vec::new()), "a well-formed feed may have no items");
        let e = parse(b"{\"version\": \"https://jsonfeed.org/version/1\",\n \"items\": [}").unwrap_err();
        assert!(e.starts_with("malformed JSON feed: line 2, column "), "{e}");
    }
}
