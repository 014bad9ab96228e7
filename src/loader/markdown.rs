//! Markdown articles: TOML (`+++`) or YAML (`---`) front matter, then a
//! CommonMark body rendered to styled paragraphs with pulldown-cmark. A
//! `## Key Points` list in the body counts as key points.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::Parsed;
use crate::article::{BlockKind, BlockStyle, Date, Inline};
use crate::text::sanitize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FrontMatter {
    title: Option<String>,
    date: Option<DateValue>,
    source: Option<String>,
    author: Option<String>,
    url: Option<String>,
    tags: OneOrMany,
    key_points: Vec<String>,
    lang: Option<String>,
    id: Option<IdValue>,
}

/// An identity as front matter writes it: text, or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum IdValue {
    Text(String),
    Number(i64),
}

/// TOML has a date type; YAML and hand-written TOML have strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DateValue {
    Toml(toml::value::Datetime),
    Text(String),
}

/// `tags = ["a", "b"]` or `tags = "a, b"`.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    Many(Vec<String>),
    One(String),
}

/// Parses sanitized Markdown text.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let body_text = match split_front_matter(text) {
        Ok(Some((front, body))) => {
            match front.read() {
                Ok(matter) => apply(&mut parsed, matter),
                Err(problem) => parsed.notes.push(format!("front matter ignored: {problem}")),
            }
            body
        }
        Ok(None) => text,
        Err((problem, body)) => {
            parsed.notes.push(problem);
            body
        }
    };
    let mut blocks = render(body_text);
    let section = take_key_points(&mut blocks);
    if parsed.key_points.is_empty() {
        parsed.key_points = section;
    }
    // A leading top-level heading is the title when none was given, and is
    // dropped when it only repeats the title.
    if let Some(first) = blocks.first()
        && first.style.kind == BlockKind::Heading(1)
        && parsed.title.as_ref().is_none_or(|t| t.eq_ignore_ascii_case(first.text.trim()))
    {
        let heading = blocks.remove(0);
        parsed.title.get_or_insert(heading.text);
    }
    for block in blocks {
        parsed.body.push(block.text);
        parsed.styles.push(block.style);
    }
    parsed
}

enum Format {
    Toml,
    Yaml,
}

struct FrontText<'a> {
    format: Format,
    text: &'a str,
    /// Line number (1-based) of the first line of `text` in the file.
    first_line: usize,
}

/// The most front matter read: real front matter is a few hundred bytes.
/// YAML and TOML parsers are not linear on hostile input (libyaml takes
/// time quadratic in the nesting of flow collections: 50,000 `[` took
/// 1.4 s, 200 KB 22 s), so their input is bounded before they see it.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;
/// The most `[` and `{` front matter may have, nested or not: a bound on
/// how deep flow collections can nest that no quoting can fool (a tag
/// list or key points take one pair each).
pub const MAX_FRONT_MATTER_BRACKETS: usize = 256;

impl FrontText<'_> {
    /// Refuses front matter over the bounds above, unparsed.
    fn check_bounds(&self) -> Result<(), String> {
        if self.text.len() > MAX_FRONT_MATTER_BYTES {
            return Err(format!(
                "too large ({} KiB; the limit is {} KiB)",
                self.text.len() / 1024,
                MAX_FRONT_MATTER_BYTES / 1024
            ));
        }
        let brackets = self.text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
        if brackets > MAX_FRONT_MATTER_BRACKETS {
            return Err(format!(
                "{brackets} brackets (`[` and `{{`); the limit is {MAX_FRONT_MATTER_BRACKETS}"
            ));
        }
        Ok(())
    }

    fn read(&self) -> Result<FrontMatter, String> {
        self.check_bounds()?;
        match self.format {
            Format::Toml => toml::from_str(self.text).map_err(|e| {
                let at = e.span().map(|s| s.start).unwrap_or(0);
                let (line, column) = crate::text::line_column(self.text, at);
                format!("line {}, column {column}: {}", self.first_line + line - 1, e.message().trim())
            }),
            // A key given twice takes its last value, as most YAML readers do.
            Format::Yaml => serde_saphyr::from_str_with_options(
                self.text,
                serde_saphyr::options! { duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::LastWins },
            )
            .map_err(|e| {
                // The message's first line, without the parser's own
                // "error: line L column C:" (its lines count from the
                // front matter, not the file) and its source snippet.
                let text = e.to_string();
                let first = text.lines().next().unwrap_or_default();
                let message = first.strip_prefix("error: ").unwrap_or(first);
                let message = message.split_once(": ").filter(|(at, _)| at.starts_with("line ")).map_or(message, |(_, m)| m);
                match e.location() {
                    Some(l) => format!("line {}, column {}: {message}", self.first_line + l.line() as usize - 1, l.column()),
                    None => message.to_string(),
                }
            }),
        }
    }
}

/// Splits `+++`/`---` front matter from the body. An opened block that is
/// never closed is reported, and the whole text is read as the body.
fn split_front_matter(text: &str) -> Result<Option<(FrontText<'_>, &str)>, (String, &str)> {
    let first = text.lines().next().unwrap_or("").trim_end();
    let (format, fence) = match first {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ => return Ok(None),
    };
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            let front = FrontText { format, text: &text[start..offset], first_line: 2 };
            return Ok(Some((front, &text[offset + line.len()..])));
        }
        offset += line.len();
    }
    Err((format!("line 1, column 1: front matter opened with {fence} is never closed; read as text"), text))
}

fn apply(parsed: &mut Parsed, front: FrontMatter) {
    let clean = |s: String| sanitize(&s).0.replace('\n', " ").trim().to_string();
    parsed.title = front.title.map(clean).filter(|t| !t.is_empty());
    let meta = &mut parsed.meta;
    meta.source = front.source.map(clean).filter(|s| !s.is_empty());
    meta.author = front.author.map(clean).filter(|s| !s.is_empty());
    meta.url = front.url.map(clean).filter(|s| !s.is_empty());
    meta.lang = front.lang.as_deref().and_then(crate::article::language_tag);
    parsed.id = match front.id {
        Some(IdValue::Text(id)) => Some(id).filter(|id| !id.trim().is_empty()),
        Some(IdValue::Number(n)) => Some(n.to_string()),
        None => None,
    };
    meta.tags = match front.tags {
        OneOrMany::None => Vec::new(),
        OneOrMany::Many(tags) => tags.into_iter().map(clean).filter(|t| !t.is_empty()).collect(),
        OneOrMany::One(tags) => {
            tags.split(',').map(|t| clean(t.to_string())).filter(|t| !t.is_empty()).collect()
        }
    };
    parsed.key_points = front.key_points.into_iter().map(clean).filter(|k| !k.is_empty()).collect();
    if let Some(value) = front.date {
        let text = match value {
            DateValue::Toml(d) => d.to_string(),
            DateValue::Text(s) => s,
        };
        match Date::parse(&text) {
            Some(date) => meta.date = Some(date),
            None => parsed.notes.push(format!("unrecognised date {text:?} ignored")),
        }
    }
}

/// One rendered block of the body.
#[derive(Debug, Default)]
struct Block {
    text: String,
    style: BlockStyle,
}

/// Renders CommonMark to blocks of plain text with inline styles. Links
/// read `[text][n]`, and the URLs are listed at the end as `[n]: url`, as
/// feed items are (html2text's convention), so they can be read and opened.
fn render(markdown: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut inline_stack: Vec<(Inline, usize)> = Vec::new();
    // Where a space moved out of a link's end was put, until the next text
    // says whether it already has one.
    let mut moved_space: Option<usize> = None;
    let mut lists: Vec<()> = Vec::new();
    let mut quotes = 0usize;
    let mut code: Option<String> = None;
    let mut links: Vec<String> = Vec::new();
    let mut link_urls: Vec<String> = Vec::new();

    let kind_here = |lists: &Vec<()>, quotes: usize| {
        if let Some(depth) = lists.len().checked_sub(1) {
            BlockKind::Item { depth: depth.min(u8::MAX as usize) as u8 }
        } else if quotes > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        }
    };
    fn finish(blocks: &mut Vec<Block>, current: &mut Option<Block>) {
        if let Some(mut block) = current.take() {
            let trimmed = block.text.trim_end().len();
            block.text.truncate(trimmed);
            block.style.inline.retain(|(r, _)| r.start < trimmed);
            for (r, _) in &mut block.style.inline {
                r.end = r.end.min(trimmed);
            }
            if !block.text.trim().is_empty() {
                blocks.push(block);
            }
        }
    }

    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            // A list item's first paragraph continues the item's block.
            Event::Start(Tag::Paragraph) if current.as_ref().is_none_or(|b| !b.text.is_empty()) => {
                finish(&mut blocks, &mut current);
                current = Some(Block {
                    style: BlockStyle { kind: kind_here(&lists, quotes), ..Default::default() },
                    ..Default::default()
                });
            }
            Event::Start(Tag::Heading { level, .. }) => {
                finish(&mut blocks, &mut current);
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                current = Some(Block {
                    style: BlockStyle { kind: BlockKind::Heading(level), ..Default::default() },
                    ..Default::default()
                });
            }
            Event::Start(Tag::List(_)) => {
                finish(&mut blocks, &mut current);
                lists.push(());
            }
            Event::End(TagEnd::List(_)) => {
                finish(&mut blocks, &mut current);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                finish(&mut blocks, &mut current);
                current = Some(Block {
                    style: BlockStyle { kind: kind_here(&lists, quotes), ..Default::default() },
                    ..Default::default()
                });
            }
            Event::Start(Tag::BlockQuote(_)) => {
                finish(&mut blocks, &mut current);
                quotes += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                finish(&mut blocks, &mut current);
                quotes = quotes.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                finish(&mut blocks, &mut current);
                code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                for line in code.take().unwrap_or_default().lines() {
                    let text = sanitize(line).0;
                    blocks.push(Block {
                        text,
                        style: BlockStyle { kind: BlockKind::Code, inline: Vec::new() },
                    });
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                finish(&mut blocks, &mut current)
            }
            Event::Start(Tag::Emphasis) => inline_stack.push((Inline::Emphasis, text_len(&current))),
            Event::Start(Tag::Strong) => inline_stack.push((Inline::Strong, text_len(&current))),
            Event::Start(Tag::Link { dest_url, .. }) => {
                push_text(&mut current, "[", None, kind_here(&lists, quotes));
                inline_stack.push((Inline::Link, text_len(&current)));
                link_urls.push(dest_url.to_string());
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) => {
                if let Some((inline, mut start)) = inline_stack.pop() {
                    let block = current.get_or_insert_with(Block::default);
                    let mut end = block.text.len();
                    let mut after = "";
                    if inline == Inline::Link && !block.text[start..end].trim().is_empty() {
                        // Spaces at a link's edges go outside its brackets,
                        // between the words (`he [spent…][1]`, not `he[ spent`).
                        let inner = &block.text[start..end];
                        let spaces = inner[..inner.len() - inner.trim_start().len()].to_string();
                        after = if inner.ends_with(char::is_whitespace) { " " } else { "" };
                        end = start + inner.trim_end().len();
                        block.text.truncate(end);
                        if !spaces.is_empty() {
                            let spaced = block.text[..start - 1].ends_with(char::is_whitespace) || start == 1;
                            let out = if spaced { "" } else { " " };
                            block.text.replace_range(start - 1..start + spaces.len(), &format!("{out}["));
                            // What is inside the link moves by the spaces taken out.
                            let moved = |at: usize| at + out.len() - spaces.len();
                            for (range, _) in block.style.inline.iter_mut().filter(|(r, _)| r.start >= start)
                            {
                                *range = moved(range.start)..moved(range.end);
                            }
                            end = moved(end);
                            start += out.len();
                        }
                    }
                    if end > start {
                        block.style.inline.push((start..end, inline));
                    }
                    if inline == Inline::Link
                        && let Some(url) = link_urls.pop()
                    {
                        let url = sanitize(&url).0;
                        let n = links.iter().position(|u| *u == url).unwrap_or_else(|| {
                            links.push(url);
                            links.len() - 1
                        });
                        block.text.push_str(&format!("][{}]", n + 1));
                        if !after.is_empty() {
                            moved_space = Some(block.text.len());
                            block.text.push_str(after);
                        }
                    }
                }
            }
            Event::Text(text) if code.is_some() => code.as_mut().expect("checked").push_str(&text),
            Event::Text(text) => {
                if let (Some(at), Some(block)) = (moved_space.take(), current.as_mut())
                    && text.starts_with(char::is_whitespace)
                    && block.text.len() == at + 1
                {
                    block.text.truncate(at);
                }
                push_text(&mut current, &text, None, kind_here(&lists, quotes))
            }
            Event::Code(text) => {
                push_text(&mut current, &text, Some(Inline::Code), kind_here(&lists, quotes))
            }
            Event::SoftBreak | Event::HardBreak => {
                push_text(&mut current, " ", None, kind_here(&lists, quotes))
            }
            Event::Start(Tag::Image { .. }) => {
                push_text(&mut current, "[image: ", None, kind_here(&lists, quotes))
            }
            Event::End(TagEnd::Image) => push_text(&mut current, "]", None, kind_here(&lists, quotes)),
            _ => {}
        }
    }
    finish(&mut blocks, &mut current);
    if !links.is_empty() {
        for (i, url) in links.into_iter().enumerate() {
            blocks.push(Block { text: format!("[{}]: {url}", i + 1), style: BlockStyle::default() });
        }
    }
    blocks
}

fn text_len(current: &Option<Block>) -> usize {
    current.as_ref().map_or(0, |b| b.text.len())
}

/// Appends inline text (entities decoded by the parser, so sanitized
/// again here) to the current block, starting one if needed.
fn push_text(current: &mut Option<Block>, text: &str, style: Option<Inline>, kind: BlockKind) {
    let block = current.get_or_insert_with(|| Block {
        style: BlockStyle { kind, ..Default::default() },
        ..Default::default()
    });
    let clean = sanitize(text).0.replace('\n', " ");
    let start = block.text.len();
    block.text.push_str(&clean);
    if let Some(style) = style {
        block.style.inline.push((start..block.text.len(), style));
    }
}

/// Removes a "Key Points" heading and the list under it, returning the
/// list's items.
fn take_key_points(blocks: &mut Vec<Block>) -> Vec<String> {
    let heading = blocks.iter().position(|b| {
        matches!(b.style.kind, BlockKind::Heading(_))
            && b.text.trim().trim_end_matches(':').trim().eq_ignore_ascii_case("key points")
    });
    let Some(at) = heading else { return Vec::new() };
    let items =
        blocks[at + 1..].iter().take_while(|b| matches!(b.style.kind, BlockKind::Item { .. })).count();
    let taken: Vec<Block> = blocks.drain(at..at + 1 + items).collect();
    taken.into_iter().skip(1).map(|b| b.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_and_body() {
        let p = parse(
            "+++\ntitle = \"A title\"\ndate = 2026-11-27\nsource = \"Paper\"\nauthor = \"Ann\"\nurl = \"https://e.org\"\ntags = [\"ai\", \"biz\"]\nlang = \"pt_BR\"\nkey_points = [\"One.\", \"Two.\"]\n+++\nFirst *para*.\n\nSecond **para** with `code`.\n",
        );
        assert_eq!(p.title.as_deref(), Some("A title"));
        assert_eq!(p.meta.date.unwrap().iso(), "2026-11-27");
        assert_eq!(p.meta.source.as_deref(), Some("Paper"));
        assert_eq!(p.meta.tags, ["ai", "biz"]);
        assert_eq!(p.meta.lang.as_deref(), Some("pt-BR"));
        assert_eq!(p.id, None);
        assert_eq!(parse("+++\nid = 42\n+++\nBody.").id.as_deref(), Some("42"));
        assert_eq!(
            parse("---\nid: tag:wire.example,2026:7\n---\nBody.").id.as_deref(),
            Some("tag:wire.example,2026:7")
        );
        assert_eq!(p.key_points, ["One.", "Two."]);
        assert_eq!(p.body, ["First para.", "Second para with code."]);
        assert_eq!(p.styles[0].inline, [(6..10, Inline::Emphasis)]);
        assert_eq!(p.styles[1].inline, [(7..11, Inline::Strong), (17..21, Inline::Code)]);
        assert!(p.notes.is_empty());
    }

    #[test]
    fn yaml_front_matter() {
        let p = parse("---\ntitle: Hello\ndate: 2026-11-20T08:00:00Z\ntags: news, local\n---\nBody.");
        assert_eq!(p.title.as_deref(), Some("Hello"));
        assert!(p.meta.date.unwrap().has_time);
        assert_eq!(p.meta.tags, ["news", "local"]);
        assert_eq!(p.body, ["Body."]);
    }

    #[test]
    fn key_points_section_and_title_heading() {
        let p = parse("# The Title\n\n## Key Points\n\n- First point\n- Second point\n\n## Story\n\nText.");
        assert_eq!(p.title.as_deref(), Some("The Title"));
        assert_eq!(p.key_points, ["First point", "Second point"]);
        assert_eq!(p.body, ["Story", "Text."]);
        assert_eq!(p.styles[0].kind, BlockKind::Heading(2));
    }

    #[test]
    fn lists_quotes_code_and_links() {
        let p = parse(
            "- a\n  - nested\n\n> quoted\n\n```\nlet x = 1;\n\nlet y;\n```\n\nSee [the site](https://e.org) and [again](https://e.org).",
        );
        let kinds: Vec<BlockKind> = p.styles.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Item { depth: 0 },
                BlockKind::Item { depth: 1 },
                BlockKind::Quote,
                BlockKind::Code,
                BlockKind::Code,
                BlockKind::Code,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
            ]
        );
        assert_eq!(p.body[3..6], ["let x = 1;", "", "let y;"]);
        assert_eq!(p.body[6], "See [the site][1] and [again][1].");
        assert_eq!(p.styles[6].inline, [(5..13, Inline::Link), (23..28, Inline::Link)]);
        assert_eq!(p.body[7], "[1]: https://e.org");
        // Spaces at a link's edges go between the words, once.
        let p = parse(
            "See [ the site ](https://e.org) now, the[ end](https://e.org/2) and A[ *big* one ](https://e.org/3)x.",
        );
        assert_eq!(p.body[0], "See [the site][1] now, the [end][2] and A [big one][3] x.");
        let links: Vec<&str> = p.styles[0].inline.iter().map(|(r, _)| &p.body[0][r.clone()]).collect();
        assert_eq!(links, ["the site", "end", "big", "big one"]);
    }

    #[test]
    fn broken_front_matter_is_reported_with_its_position() {
        let p = parse("+++\ntitle = \"ok\"\ndate = = 3\n+++\nBody.");
        assert_eq!(p.body, ["Body."]);
        assert_eq!(p.notes.len(), 1);
        assert!(p.notes[0].starts_with("front matter ignored: line 3, column "), "{}", p.notes[0]);
        let p = parse("---\ntitle: [unclosed\n---\nBody.");
        assert!(p.notes[0].contains("line "), "{}", p.notes[0]);
        let p = parse("+++\ntitle = \"never closed\"\nBody.");
        assert!(p.notes[0].contains("never closed"), "{}", p.notes[0]);
    }

    #[test]
    fn front_matter_over_the_bounds_is_skipped_unparsed_and_the_body_kept() {
        for (fence, key) in [("---", "title: "), ("+++", "title = ")] {
            for depth in [300, 50_000] {
                let deep = format!("{fence}\n{key}{}\n{fence}\nThe body.\n", "[".repeat(depth));
                let parsed = parse(&deep);
                assert_eq!(parsed.body, ["The body."]);
                let note = format!("front matter ignored: {depth} brackets (`[` and `{{`); the limit is 256");
                assert_eq!(parsed.notes, [note]);
            }
        }
        let long = format!("---\ntitle: T\nabout: {}\n---\nBody.\n", "x".repeat(70_000));
        assert_eq!(parse(&long).notes, ["front matter ignored: too large (68 KiB; the limit is 64 KiB)"]);
    }

    #[test]
    fn yaml_front_matter_is_read_within_a_budget() {
        // The parser's message, placed in the file (the front matter
        // starts on line 2), without its own snippet.
        let p = parse("---\ntitle: T\ntags: [a, b\ndate: 2026-11-27\n---\nBody.");
        assert_eq!(p.notes.len(), 1);
        assert!(p.notes[0].starts_with("front matter ignored: line 4, column "), "{}", p.notes[0]);
        assert!(!p.notes[0].contains('\n'), "{}", p.notes[0]);
        // A key given twice: the last value, no complaint.
        let p = parse("---\ntitle: First\ntitle: Second\n---\nBody.");
        assert_eq!((p.title.as_deref(), p.notes.len()), (Some("Second"), 0));
        // Aliases that would expand to a billion tags, in a few lines and
        // brackets: refused by the parser's budget, the body kept.
        let mut bomb = String::from("---\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = format!("*l{}", i - 1);
            bomb += &format!("l{i}: &l{i} [{}]\n", vec![prev; 10].join(", "));
        }
        bomb += "tags: *l8\n---\nThe body.\n";
        let p = parse(&bomb);
        assert_eq!(p.body, ["The body."]);
        assert!(p.notes[0].starts_with("front matter ignored:"), "{:?}", p.notes);
    }

    #[test]
    fn entities_cannot_smuggle_escape_sequences() {
        // The parser decodes entities piece by piece: the ESC and BEL are
        // dropped, and what followed them is left as visible text.
        let p = parse("Hi &#x1b;[31mred&#7; there");
        assert_eq!(p.body, ["Hi [31mred there"]);
        assert!(!p.body[0].contains(char::is_control));
    }
}
