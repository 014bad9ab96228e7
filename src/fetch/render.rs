//! A feed item as an article file: its name (stable across fetches) and
//! its Markdown, with TOML front matter the loader reads back.

use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::loader::feed::Item;
use crate::loader::html::Extracted;
use crate::text::markdown_escape;

/// The hex digits of an item's key that end its file name.
pub const KEY_DIGITS: usize = 12;
/// The longest slug of a title in a file name, in characters.
const SLUG_CHARS: usize = 60;
/// How far back from the end of a slug cut at [`SLUG_CHARS`] its last word
/// boundary may be and still end it, in characters.
const SLUG_BOUNDARY: usize = 20;
/// Fewer words than this and an item is a teaser, whatever it ends with.
const TEASER_WORDS: usize = 60;

/// What identifies an item from one fetch to the next: its own id, else
/// its link, else its title and date, else its text; hashed.
pub fn item_key(item: &Item) -> String {
    let basis = match (&item.id, &item.meta.url) {
        (Some(id), _) => format!("id:{id}"),
        (None, Some(url)) => format!("url:{url}"),
        (None, None) => match &item.title {
            Some(title) => format!("title:{title}\n{:?}", item.meta.date.map(|d| d.iso())),
            None => format!("text:{}", item.body.join("\n")),
        },
    };
    format!("{:016x}", xxh3_64(basis.as_bytes()))[..KEY_DIGITS].to_string()
}

/// A new item's file name: a readable slug of its title, then its key.
pub fn file_name(item: &Item, key: &str) -> String {
    let slug = slug(item.title.as_deref().unwrap_or(""));
    let slug = if slug.is_empty() { "item".to_string() } else { slug };
    format!("{slug}-{key}.md")
}

/// The key at the end of a file name this module made, if it is one.
pub fn key_of_name(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".md")?;
    let key = stem.get(stem.len().checked_sub(KEY_DIGITS)?..)?;
    let dash = stem.len() - KEY_DIGITS;
    (dash > 0 && stem.as_bytes()[dash - 1] == b'-' && key.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(key)
}

/// Lower-case letters and digits of any script, other runs made one `-`,
/// at most [`SLUG_CHARS`] long. A word the limit would cut is left out
/// when a word boundary is near enough the end ([`SLUG_BOUNDARY`]): a
/// name ending in half a word (`…la-imputación-d`) reads as a typo.
fn slug(title: &str) -> String {
    let mut slug = String::new();
    let mut chars = 0;
    for c in title.chars().flat_map(char::to_lowercase) {
        let word = c.is_alphanumeric();
        if chars >= SLUG_CHARS {
            let mid_word = word && !slug.ends_with('-');
            if let Some(at) = slug
                .rfind('-')
                .filter(|&at| mid_word && slug[..at].chars().count() >= SLUG_CHARS - SLUG_BOUNDARY)
            {
                slug.truncate(at);
            }
            break;
        }
        if word {
            slug.push(c);
            chars += 1;
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
            chars += 1;
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    /// The item's identity (its guid, else its link): the article's id,
    /// so a changed item keeps the reader's marks.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    key_points: Vec<&'a str>,
}

/// The article file for `item`: front matter, then the body. With
/// `page` (the linked page's article) that is the body, the item's own
/// text, a teaser, its key point, and the page fills in the author and
/// date the item lacks.
pub fn markdown(item: &Item, source: Option<&str>, tags: &[String], page: Option<&Extracted>) -> String {
    let teaser = page.map(|_| summary_of_teaser(&item.body));
    let mut all_tags: Vec<&str> = item.meta.tags.iter().map(String::as_str).collect();
    for tag in tags {
        if !all_tags.contains(&tag.as_str()) {
            all_tags.push(tag);
        }
    }
    let from_page = page.map(|p| &p.meta);
    let front = FrontMatter {
        id: item.id.as_deref().or(item.meta.url.as_deref()),
        title: item.title.as_deref(),
        date: item.meta.date.or(from_page.and_then(|m| m.date)).map(|d| d.iso()),
        source: source.or(item.meta.source.as_deref()),
        author: item.meta.author.as_deref().or(from_page.and_then(|m| m.author.as_deref())),
        // Only an address the reader would open is kept: a feed's
        // `javascript:` or `file:` link is no source to cite or follow.
        url: item.meta.url.as_deref().filter(|url| crate::links::openable(url).is_ok()),
        tags: all_tags,
        // The page's own language over the feed's, when the page is the text.
        lang: from_page.and_then(|m| m.lang.as_deref()).or(item.meta.lang.as_deref()),
        key_points: teaser.iter().filter(|t| !t.is_empty()).map(String::as_str).collect(),
    };
    // Serializing plain strings and lists cannot fail.
    let front = toml::to_string(&front).unwrap_or_default();
    let body = match page {
        Some(page) => page.markdown.trim().to_string(),
        None => body_markdown(&item.body),
    };
    format!("+++\n{front}+++\n\n{body}\n")
}

/// The paragraphs the feed parser made (text, with links as `[text][n]`
/// and their addresses as `[n]: address` lines at the end) as Markdown
/// that means the same: the text escaped, the links kept as reference
/// links, so the reader lists their addresses as it does for any article.
fn body_markdown(paragraphs: &[String]) -> String {
    let mut out = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        if let Some((n, url)) = footnote(paragraph) {
            match crate::links::link_target(url) {
                Some(target) => out.push(format!("[{n}]: {target}")),
                None => out.push(markdown_escape(paragraph)),
            }
            continue;
        }
        let mut text = String::new();
        for (plain, link) in links(paragraph) {
            text.push_str(&markdown_escape(plain));
            if let Some((words, n)) = link {
                text.push_str(&format!("[{}][{n}]", markdown_escape(words)));
            }
        }
        out.push(text);
    }
    out.join("\n\n")
}

/// `[3]: https://…`, a link's address as the feed parser lists it.
fn footnote(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('[')?;
    let (n, url) = rest.split_once("]: ")?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some((n, url.trim()))
}

/// A paragraph cut at its `[words][n]` links: each piece of plain text
/// with the link after it, if any.
fn links(paragraph: &str) -> Vec<(&str, Option<(&str, &str)>)> {
    let mut pieces = Vec::new();
    let mut rest = paragraph;
    let mut from = 0;
    while let Some(open) = rest[from..].find('[').map(|i| from + i) {
        let found = rest[open + 1..].split_once("][").and_then(|(words, after)| {
            let close = after.find(']')?;
            let n = &after[..close];
            let plain_words = !words.contains(['[', ']']);
            (plain_words && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some((words, n))
        });
        match found {
            Some((words, n)) => {
                pieces.push((&rest[..open], Some((words, n))));
                rest = &rest[open + 1 + words.len() + 2 + n.len() + 1..];
                from = 0;
            }
            None => from = open + 1,
        }
    }
    pieces.push((rest, None));
    pieces
}

/// The paragraphs as a reader sees them: no link addresses, link text
/// without its brackets and number.
fn visible(paragraphs: &[String]) -> Vec<String> {
    paragraphs
        .iter()
        .filter(|p| footnote(p).is_none())
        .map(|p| {
            links(p)
                .into_iter()
                .map(|(plain, link)| format!("{plain}{}", link.map_or("", |(words, _)| words)))
                .collect()
        })
        .collect()
}

/// What ends a teaser, lower-cased: the invitation to the rest.
const MORE: &[&str] =
    &["read more", "continue reading", "read the full story", "read the rest", "more »", "[…]", "[...]"];

/// Whether an item's text is only the start of the story: short, or
/// ending with an invitation to read on or an ellipsis.
pub fn is_teaser(item: &Item) -> bool {
    let text = visible(&item.body).join(" ");
    let words = text.split_whitespace().count();
    let end = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '→' | '›' | ')' | '»'));
    let end = end.to_lowercase();
    words < TEASER_WORDS
        || MORE.iter().any(|m| end.ends_with(m.trim_end_matches(['.', '»'])))
        || text.trim_end().ends_with('…')
        || text.trim_end().ends_with("...")
}

/// A teaser as a summary: its text without the invitation to read on.
fn summary_of_teaser(paragraphs: &[String]) -> String {
    let text = visible(paragraphs).join(" ");
    let mut text = text.trim().to_string();
    let lower = text.to_lowercase();
    for more in MORE {
        if let Some(at) = lower.rfind(more)
            && lower[at + more.len()..].trim_matches(|c: char| !c.is_alphanumeric()).is_empty()
        {
            text.truncate(at);
            break;
        }
    }
    text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '-' | '|')).to_string()
}

/// The article in a fetched page: the saved-page loader's
/// extractor, on the page decoded by the charset its HTTP header names
/// (which outranks what the page declares, as in a browser).
pub fn extract_article(page: &super::http::Page) -> Result<Extracted, String> {
    use crate::loader::decode::{Kind, decode};
    let text = decode(&page.bytes, Kind::Html, page.charset.as_deref()).text;
    crate::loader::html::extract_text(&text, Some(&page.url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Meta;

    fn item(title: &str, body: &[&str]) -> Item {
        Item {
            id: Some("guid-1".into()),
            title: Some(title.into()),
            meta: Meta { url: Some("https://e.example/1".into()), ..Meta::default() },
            body: body.iter().map(|s| s.to_string()).collect(),
            note: None,
        }
    }

    #[test]
    fn names_are_readable_and_keyed() {
        let a = item("Ferries: switch to batteries!", &[]);
        let key = item_key(&a);
        assert_eq!(key.len(), KEY_DIGITS);
        let name = file_name(&a, &key);
        assert_eq!(name, format!("ferries-switch-to-batteries-{key}.md"));
        assert_eq!(key_of_name(&name), Some(key.as_str()));
        assert_eq!(key_of_name("notes.md"), None);
        assert_eq!(key_of_name("abcdefabcdef.md"), None, "a key alone is no name this module made");
        assert_eq!(file_name(&item("駅前の喫茶店", &[]), "0123456789ab"), "駅前の喫茶店-0123456789ab.md");
        assert_eq!(file_name(&item("?!", &[]), "0123456789ab"), "item-0123456789ab.md");
        // A long title ends at a word boundary, not inside a word.
        let long = "El Gobierno propone reformar la ley para agilizar la imputación de los responsables";
        assert_eq!(slug(long), "el-gobierno-propone-reformar-la-ley-para-agilizar-la");
        assert_eq!(slug(&"x".repeat(80)), "x".repeat(60), "one long word is cut where it must be");
        let boundary_far = format!("ab {}", "c".repeat(80));
        assert_eq!(slug(&boundary_far).chars().count(), 60, "no boundary in the last part: cut");
        let exact = format!("{} next", "a".repeat(60));
        assert_eq!(slug(&exact), "a".repeat(60), "the limit falls on a boundary");
        let ideographs = "駅".repeat(70);
        assert_eq!(slug(&ideographs).chars().count(), 60);
        // The key follows the id, not the title: a corrected title is the same item.
        assert_eq!(item_key(&item("Another title", &[])), key);
        let no_id = Item { id: None, ..item("T", &[]) };
        assert_ne!(item_key(&no_id), key);
    }

    #[test]
    fn the_markdown_reads_back_as_the_item() {
        let mut a = item(
            "A *title* with \"quotes\"",
            &["One # paragraph with *stars*.", "See [this][1].", "[1]: https://e.example/x"],
        );
        a.meta.tags = vec!["local".into()];
        let text = markdown(&a, Some("Valley Wire"), &["news".into(), "local".into()], None);
        let parsed = crate::loader::markdown::parse(&text);
        assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
        assert_eq!(parsed.title.as_deref(), Some("A *title* with \"quotes\""));
        assert_eq!(parsed.meta.source.as_deref(), Some("Valley Wire"));
        assert_eq!(parsed.meta.tags, ["local", "news"]);
        assert_eq!(parsed.body[0], "One # paragraph with *stars*.");
        assert_eq!(parsed.body[1], "See [this][1].");
        assert_eq!(parsed.body.last().unwrap(), "[1]: https://e.example/x");
    }

    #[test]
    fn nothing_in_an_item_can_end_the_front_matter_or_become_markup() {
        let mut a = item(
            "Quotes \" and ''' and +++ in a title",
            &["+++", "title = \"forged\"", "# not a heading", "<script>x</script>"],
        );
        a.meta.author = Some("A \\ B".into());
        let text = markdown(&a, None, &[], None);
        let parsed = crate::loader::markdown::parse(&text);
        assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
        assert_eq!(parsed.title.as_deref(), Some("Quotes \" and ''' and +++ in a title"));
        assert_eq!(parsed.meta.author.as_deref(), Some("A \\ B"));
        assert_eq!(parsed.body, ["+++", "title = \"forged\"", "# not a heading", "<script>x</script>"]);
    }

    #[test]
    fn only_web_links_are_kept_as_the_url() {
        for link in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "--option"] {
            let mut a = item("t", &["Body."]);
            a.meta.url = Some(link.into());
            let parsed = crate::loader::markdown::parse(&markdown(&a, None, &[], None));
            assert_eq!(parsed.meta.url, None, "{link}");
        }
        let parsed = crate::loader::markdown::parse(&markdown(&item("t", &["Body."]), None, &[], None));
        assert_eq!(parsed.meta.url.as_deref(), Some("https://e.example/1"));
    }

    #[test]
    fn teasers_are_short_or_invite_to_read_on() {
        let long = "word ".repeat(80);
        assert!(is_teaser(&item("t", &["A short one."])));
        assert!(!is_teaser(&item("t", &[&format!("{long}end.")])));
        assert!(is_teaser(&item("t", &[&format!("{long}and then…")])));
        assert!(is_teaser(&item("t", &[&long, "[Continue reading →][1]", "[1]: https://e.example/1"])));
        assert_eq!(
            summary_of_teaser(&[
                "The ferries will run on batteries. [Read more][1]".to_string(),
                "[1]: https://e/".into()
            ]),
            "The ferries will run on batteries."
        );
        let page = Extracted {
            markdown: "The whole story.".into(),
            meta: Meta { author: Some("Page Author".into()), lang: Some("pt-BR".into()), ..Meta::default() },
            ..Extracted::default()
        };
        let full = markdown(&item("t", &["Teaser here… Read more"]), None, &[], Some(&page));
        let parsed = crate::loader::markdown::parse(&full);
        assert_eq!(parsed.key_points, ["Teaser here…"]);
        assert_eq!(parsed.body, ["The whole story."]);
        assert_eq!(
            parsed.meta.author.as_deref(),
            Some("Page Author"),
            "the page fills in what the item lacks"
        );
        assert_eq!(parsed.meta.lang.as_deref(), Some("pt-BR"), "the page's language is the text's");
    }
}
