//! Saved web pages: the article picked out of the page the way reader
//! modes do, with dom_smoothie (a port of Mozilla's Readability), turned
//! into Markdown and read by the Markdown loader, so a page is an article
//! like any other. The page's metadata gives the title, date, author,
//! source, address and tags.
//!
//! Readability is left to find the article; brief adds what it does not
//! do: page furniture it keeps inside articles (share bars, cookie
//! banners, newsletter boxes, "read more" lists) is taken out first by its
//! names, and the address and tags come from `<link rel=canonical>` and
//! the keyword metadata, which Readability does not read.

use dom_query::Document;
use dom_smoothie::Readability;

use super::Parsed;
use super::decode::{Kind, decode};
use crate::article::{BlockKind, Date, Meta};
use crate::text::{one_line, sanitize};

/// The most page, once its scripts and styles are taken out, that is
/// parsed: Readability scores every element, several times over when its
/// first attempts find too little (2 MiB of short paragraphs takes 0.3 to
/// 0.5 s). A news page's text is a few tens of KiB.
pub const MAX_PAGE_BYTES: usize = 2 << 20;
/// The deepest nesting parsed, as for feed items (the HTML parser is not
/// linear in depth); a deeper page is read as its text without tags.
pub const MAX_PAGE_DEPTH: usize = super::feed::MAX_HTML_DEPTH;
/// The most tags taken from a page's keywords: some pages list dozens for
/// search engines.
const MAX_TAGS: usize = 8;
/// The most headings of each level compared with the title.
const MAX_HEADINGS: usize = 20;
/// The most words in one tag.
const MAX_TAG_WORDS: usize = 4;
/// The fewest words outside links an article has; fewer is a page of
/// links, a login wall or an error page.
const MIN_ARTICLE_WORDS: usize = 40;
/// Why a page gave nothing to read, for `brief check`.
pub const NO_ARTICLE: &str = "no article text found in this page";

/// What a page holds, ready to be written as a Markdown article.
#[derive(Debug, Default, PartialEq)]
pub struct Extracted {
    pub title: Option<String>,
    pub meta: Meta,
    /// The article's text as Markdown, links as `[text](url)`.
    pub markdown: String,
    /// How the page was cut or simplified to stay within the bounds.
    pub notes: Vec<String>,
}

/// The article in a page's bytes, decoded by the encoding the page
/// declares or, failing that, the one it looks like. `url` is the page's
/// address, to make its relative links whole.
pub fn extract(html: &[u8], url: Option<&str>) -> Result<Extracted, String> {
    extract_text(&decode(html, Kind::Html, None).text, url)
}

/// The article in a page already decoded (with a charset known from
/// elsewhere, such as an HTTP header: see [`decode`]).
pub fn extract_text(html: &str, url: Option<&str>) -> Result<Extracted, String> {
    let mut notes = Vec::new();
    let mut page = without_scripts(html);
    if page.len() > MAX_PAGE_BYTES {
        let cut = (0..=MAX_PAGE_BYTES).rev().find(|&i| page.is_char_boundary(i)).unwrap_or(0);
        page.truncate(cut);
        notes.push(format!("the page was cut at {} MiB", MAX_PAGE_BYTES >> 20));
    }
    // Sanitized before parsing as well as after, as feed items are: an
    // escape sequence must go whole while it is still recognisable.
    let page = sanitize(&page).0;
    if super::feed::nesting_exceeds(&page, MAX_PAGE_DEPTH) {
        notes.push(format!("the page is nested over {MAX_PAGE_DEPTH} deep; shown as text without its tags"));
        let text = super::feed::without_tags(&page);
        let markdown = sanitize(&text).0.lines().map(escape_line).collect::<Vec<_>>().join("\n\n");
        if markdown.trim().is_empty() {
            return Err(NO_ARTICLE.to_string());
        }
        return Ok(Extracted { markdown, notes, ..Extracted::default() });
    }
    // As Readability wants it, or it refuses the page: a scheme and more.
    let absolute = |u: &&str| {
        ["http://", "https://"].iter().any(|p| u.strip_prefix(p).is_some_and(|rest| !rest.trim().is_empty()))
    };
    let doc = Document::from(page.as_str());
    let found = Found::read(&doc);
    remove_furniture(&doc);
    remove_policy_notes(&doc, found.url.as_deref());
    // The byline is the article's metadata, not its text (Readability
    // keeps it in when the page's metadata names the author).
    doc.select(BYLINE).remove();
    // Relative links are made whole against the page's own address when
    // none is given: a saved page still names where it came from.
    let base = url.filter(absolute).or(found.url.as_deref().filter(absolute));
    // Its own text of the article goes unused (brief makes the Markdown
    // from the article's HTML, after the changes below): the plain mode
    // is the cheapest.
    let article = Readability::with_document(doc, base, None)
        .and_then(|mut r| r.parse())
        .map_err(|_| NO_ARTICLE.to_string())?;
    let content = Document::from(article.content.as_ref());
    if !reads_as_article(&content) || found.url.as_deref().is_some_and(is_home_page) {
        return Err(NO_ARTICLE.to_string());
    }
    // A paragraph that is only a date is the article's date, in its
    // metadata.
    for paragraph in content.select("p").iter() {
        let time = paragraph.select("time");
        if time.exists() && paragraph.text().trim() == time.text().trim() {
            paragraph.remove();
        }
    }
    // A caption in italics, which the key points leave out, as they do a
    // paragraph set apart that way in any Markdown article.
    for caption in content.select("figcaption").iter() {
        caption.set_html(format!("<p><em>{}</em></p>", caption.inner_html()));
    }
    // A link's edge spaces stay between the words when the Markdown trims
    // the link's text (`as he<a> spent…</a>` is not "he[spent").
    for link in content.select("a").iter() {
        let text = link.text();
        let (lead, trail) = (text.starts_with(char::is_whitespace), text.ends_with(char::is_whitespace));
        if (lead || trail) && !text.trim().is_empty() {
            link.set_html(link.inner_html().trim().to_string());
            if lead {
                link.before_html(" ");
            }
            if trail {
                link.after_html(" ");
            }
        }
    }
    tables_as_text(&content);
    let markdown = without_furniture_blocks(&sanitize(&content.md(Some(SKIPPED))).0);
    let (markdown, stamped) = without_stamps(&markdown);
    let clean = |s: &str| Some(clean(s)).filter(|s| !s.is_empty());
    // The first date that parses, in order of trust: JSON-LD's
    // datePublished or else the metadata (as Readability reads them), the
    // metadata again (when JSON-LD's date is one no parser reads), then a
    // <time> in the page.
    let candidates = [article.published_time.as_deref(), found.published.as_deref(), found.time.as_deref()];
    let date = candidates.into_iter().flatten().find_map(page_date).or(stamped);
    let meta = Meta {
        // The page's own og:site_name before JSON-LD's publisher, which
        // is often the platform ("Blogger"), without a tagline after a bar.
        source: found
            .site_name
            .as_deref()
            .or(article.site_name.as_deref())
            .map(|s| s.split(" | ").next().unwrap_or(s))
            .and_then(clean),
        author: article.byline.as_deref().or(found.byline.as_deref()).map(byline).and_then(|b| clean(&b)),
        date,
        url: [url, found.url.as_deref(), article.url.as_deref()]
            .into_iter()
            .flatten()
            .find(|u| absolute(u))
            .and_then(clean),
        tags: found.tags,
        lang: article.lang.as_deref().and_then(crate::article::language_tag),
    };
    let title = title(found.headline.as_deref().unwrap_or(&article.title), &found.headings)
        .map(|t| without_site(t, meta.source.as_deref()));
    Ok(Extracted { title, meta, markdown, notes })
}

/// A page as the Markdown loader gives it: the extracted Markdown read as
/// an article's body, the page's metadata over it.
pub fn parse(text: &str) -> Result<Parsed, String> {
    let page = extract_text(text, None)?;
    // The leading line break keeps a rule (`---`) at the top of the text
    // from being read as front matter.
    let mut parsed = super::markdown::parse(&format!("\n{}", page.markdown));
    if parsed.body.is_empty() && parsed.key_points.is_empty() {
        return Err(NO_ARTICLE.to_string());
    }
    parsed.title = page.title.or(parsed.title);
    parsed.meta = page.meta;
    // The page's headline, repeated over the text (as a heading, or a
    // paragraph of its own), is the title already.
    while let Some(first) = parsed.body.first()
        && matches!(parsed.styles.first().map(|s| s.kind), Some(BlockKind::Heading(_) | BlockKind::Paragraph))
        && parsed.title.as_ref().is_some_and(|t| t.eq_ignore_ascii_case(first))
    {
        parsed.body.remove(0);
        parsed.styles.remove(0);
    }
    parsed.notes.extend(page.notes);
    Ok(parsed)
}

/// The title: the page's metadata title, unless it is one of the page's
/// headings with the site's name added (`Headline » Local » Site`), when
/// it is that heading; with no metadata title, the first heading.
fn title(meta: &str, headings: &[String]) -> Option<String> {
    let meta = clean(meta);
    if meta.is_empty() {
        return headings.first().cloned();
    }
    let headline = headings
        .iter()
        .filter(|h| h.chars().count() >= 10 && meta.len() > h.len() && meta.starts_with(h.as_str()))
        .max_by_key(|h| h.len());
    Some(headline.cloned().unwrap_or(meta))
}

/// A title without the site's name after a separator (`Headline |
/// Site`, `見出し：日本経済新聞` for the site 日本経済新聞社): the name, or
/// the start of it, as the page's site name gives it.
fn without_site(title: String, site: Option<&str>) -> String {
    let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) else { return title };
    for separator in [" | ", " - ", " – ", " — ", " » ", " :", ": ", "：", " · "] {
        if let Some((headline, suffix)) = title.rsplit_once(separator) {
            let suffix = suffix.trim();
            let named =
                suffix.chars().count() >= 2 && site.to_lowercase().starts_with(&suffix.to_lowercase());
            if named && headline.trim().chars().count() >= 10 {
                return headline.trim().to_string();
            }
        }
    }
    title
}

/// Whether extracted content reads as an article rather than a page of
/// headlines: enough words outside links (counted as the reading time
/// counts them, so Japanese and Thai are measured fairly), more of them
/// than in links, and not a run of linked headings over teasers.
/// Readability picks the best block of any page, so a front page gives
/// its list of teasers.
fn reads_as_article(content: &Document) -> bool {
    use crate::search::fold::word_count;
    let all = word_count(&content.select("body").text());
    let linked: usize = content.select("a").iter().map(|a| word_count(&a.text())).sum();
    let prose = all.saturating_sub(linked);
    let headings = content.select("h1, h2, h3, h4, h5, h6");
    let linked_headings = headings.iter().filter(|h| h.select("a").exists()).count();
    let teasers = linked_headings >= 3 && linked_headings * 2 >= headings.length();
    prose >= MIN_ARTICLE_WORDS && prose > linked && !teasers
}

/// Whether the address a page gives for itself is a site's home page
/// (nothing after the host but `/`, a query or an index file), whose
/// text is the day's teasers, never one story.
fn is_home_page(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.trim().is_empty() {
        return false;
    }
    let path = rest.find('/').map_or("", |at| &rest[at..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    matches!(path.trim_start_matches('/'), "" | "index.html" | "index.htm" | "index.php")
}

/// The widest table cell kept in columns; a table with a wider one lays
/// out a page rather than data.
const MAX_CELL_COLUMNS: usize = 40;

/// Tables as a reader can read them in a terminal. A table of data (short
/// cells, nothing nested) becomes its rows in aligned columns, kept line
/// for line like code, so no row is joined into a paragraph or taken for
/// a sentence; a table that lays out the page becomes its cells' contents,
/// one after another.
fn tables_as_text(content: &Document) {
    // Innermost first: a layout table's cells may hold data tables.
    let tables: Vec<_> = content.select("table").iter().collect();
    for table in tables.into_iter().rev() {
        let rows: Vec<Vec<String>> = table
            .select("tr")
            .iter()
            .map(|row| row.select("th, td").iter().map(|cell| clean(&cell.text())).collect::<Vec<_>>())
            .filter(|cells: &Vec<String>| cells.iter().any(|c| !c.is_empty()))
            .collect();
        let nested = table.select("table, p, div, ul, ol, blockquote, pre, h1, h2, h3, h4, h5, h6").exists();
        let widths_ok = rows.iter().flatten().all(|c| crate::text::width(c) <= MAX_CELL_COLUMNS);
        if nested || !widths_ok || rows.is_empty() {
            let cells: String = table
                .select("th, td")
                .iter()
                .map(|cell| format!("<div>{}</div>", cell.inner_html()))
                .collect();
            table.replace_with_html(cells);
            continue;
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let width =
            |i: usize| rows.iter().filter_map(|r| r.get(i)).map(|c| crate::text::width(c)).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns).map(width).collect();
        let lines: Vec<String> = rows
            .iter()
            .map(|row| {
                let mut line = String::new();
                for (i, cell) in row.iter().enumerate() {
                    line.push_str(cell);
                    if i + 1 < row.len() {
                        line.push_str(&" ".repeat(widths[i] - crate::text::width(cell) + 2));
                    }
                }
                line
            })
            .collect();
        table.replace_with_html(format!("<pre>{}</pre>", escape_html(&lines.join("\n"))));
    }
}

/// Text made safe to put back into HTML.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The Markdown without a time stamp standing as a paragraph near its top
/// (`Submitted on Mon, 2019-01-21 13:49`, `Jun 13, 4:03 PM EDT`, a
/// weekday and date with the time updated): the article's date, which the
/// metadata shows. One with a whole date (`2019-01-21`) is the date of a
/// page whose metadata gives none.
fn without_stamps(markdown: &str) -> (String, Option<Date>) {
    let mut blocks: Vec<&str> = markdown.split("\n\n").collect();
    let mut date = None;
    let mut at = 0;
    while at < blocks.len().min(STAMP_BLOCKS) {
        let block = blocks[at].trim();
        if block.starts_with("```") || block.starts_with("~~~") {
            // Code or a table: what follows may be inside it.
            break;
        }
        let time = block.as_bytes().windows(5).any(|w| {
            let digit = |i: usize| w[i].is_ascii_digit();
            (digit(0) || w[0] == b' ') && digit(1) && w[2] == b':' && digit(3) && digit(4)
        });
        let day = day_in(block);
        let ends_sentence = block.ends_with(['.', '!', '?', '。', '။', '।', '؟']);
        let stamp = !block.contains('\n')
            && block.split_whitespace().count() <= MAX_STAMP_WORDS
            && !ends_sentence
            && (time || day.is_some());
        if stamp {
            date = date.or(day);
            blocks.remove(at);
        } else {
            at += 1;
        }
    }
    (blocks.join("\n\n"), date)
}

/// The first whole date in `text`, written `2019-01-21` or `2018年6月18日`.
fn day_in(text: &str) -> Option<Date> {
    let iso = (0..text.len().saturating_sub(9)).filter_map(|i| text.get(i..i + 10)).find(|d| {
        let b = d.as_bytes();
        b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    });
    if let Some(day) = iso.and_then(Date::parse) {
        return Some(day);
    }
    let (year, rest) = text.split_once('年')?;
    let year: String =
        year.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    let (month, rest) = rest.split_once('月')?;
    let day: String = rest.chars().take_while(char::is_ascii_digit).collect();
    rest[day.len()..].starts_with('日').then_some(())?;
    let (y, m, d) = (year.parse().ok()?, month.trim().parse().ok()?, day.parse().ok()?);
    Date::parse(&chrono::NaiveDate::from_ymd_opt(y, m, d)?.format("%Y-%m-%d").to_string())
}

/// Whether a block points elsewhere rather than saying anything: "Read
/// more:" (or "See more", "Also read", "Related") and at most a link.
fn is_pointer(block: &str) -> bool {
    let plain = block.trim_matches(|c: char| matches!(c, '*' | '_' | ' '));
    let lower = plain.to_lowercase();
    let Some(label) = POINTERS.iter().find(|l| lower.starts_with(*l)) else { return false };
    let rest = plain[label.len()..].trim_matches(|c: char| matches!(c, '*' | '_' | ' ' | ':'));
    let link = rest.starts_with('[')
        && rest.ends_with(')')
        && rest.find("](").is_some_and(|at| !rest[at + 2..].contains(' '));
    rest.is_empty() || link
}

/// How a pointer to another story or page begins.
// Longer labels first: the first that begins the block is taken.
const POINTERS: &[&str] = &["read more", "see more photos", "see more", "also read", "related", "watch more"];

/// How many of a page's first blocks may be its time stamp.
const STAMP_BLOCKS: usize = 3;
/// The most words in a paragraph read as a time stamp.
const MAX_STAMP_WORDS: usize = 9;

/// The Markdown without the blocks that are a page's furniture, not its
/// text: a block that repeats an earlier one word for word (a gallery's
/// caption on every slide, "Hide caption" under each photo) is kept once,
/// one without a letter (a slide show's `<<` and page numbers) not at all.
/// Code and tables (fenced) are kept as they are.
fn without_furniture_blocks(markdown: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut block = String::new();
    let mut fence: Option<&str> = None;
    let mut seen = std::collections::HashSet::new();
    let mut keep = |block: &mut String, blocks: &mut Vec<String>| {
        let text = std::mem::take(block);
        let fenced = text.starts_with("```") || text.starts_with("~~~");
        let said = text.chars().any(char::is_alphabetic) && !is_pointer(&text) && seen.insert(text.clone());
        if !text.is_empty() && (fenced || said) {
            blocks.push(text);
        }
    };
    for line in markdown.lines() {
        let marker = ["```", "~~~"].into_iter().find(|m| line.trim_start().starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                keep(&mut block, &mut blocks);
                fence = Some(m);
            }
            (Some(open), Some(m)) if open == m => fence = None,
            (None, None) if line.trim().is_empty() => {
                keep(&mut block, &mut blocks);
                continue;
            }
            _ => {}
        }
        if !block.is_empty() {
            block.push('\n');
        }
        block.push_str(line);
        if fence.is_none() && marker.is_some() {
            keep(&mut block, &mut blocks);
        }
    }
    keep(&mut block, &mut blocks);
    blocks.join("\n\n")
}

/// Elements whose text is never the article, by what they are.
const FURNITURE: &str = "nav, aside, footer, form, button, dialog, template, \
    [role=navigation], [role=banner], [role=contentinfo], [role=dialog], [role=alertdialog], \
    [aria-hidden=true], [hidden]";

/// Words in a class or id that name page furniture (`share-bar`,
/// `CookieBanner`, `related_links`). Whole words only: `node-promoted`
/// is not a promotion, and a paywall wrapper holds the story itself.
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adunit",
    "advert",
    "adverts",
    "advertisement",
    "breadcrumb",
    "breadcrumbs",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "disqus",
    "gdpr",
    "newsletter",
    "promo",
    "promos",
    "recommended",
    "related",
    "share",
    "sharing",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
];

/// Takes page furniture out before Readability, which otherwise keeps
/// the parts of it that sit inside the article. An element holding a
/// third or more of the page's paragraph text is kept whatever its name:
/// sites wrap whole pages in a `<form>` or the story in an `ad-wrapper`.
fn remove_furniture(doc: &Document) {
    let paragraphs = |s: &dom_query::Selection| s.select("p").text().chars().count();
    let total = paragraphs(&doc.select("body"));
    let named = |s: &dom_query::Selection, words: &[&str]| {
        [s.attr("class"), s.attr("id")]
            .into_iter()
            .flatten()
            .any(|names| names_words(&names).any(|w| words.iter().any(|f| w.eq_ignore_ascii_case(f))))
    };
    for element in doc.select(&format!("{FURNITURE}, [class], [id]")).iter() {
        if paragraphs(&element) * 3 >= total.max(1) {
            continue;
        }
        if element.is(FURNITURE) || named(&element, FURNITURE_WORDS) {
            element.remove();
        } else if named(&element, &["caption"]) {
            // A caption by its name (`<cite id="galleryCaption1">`) is
            // one like `<figcaption>`, set apart from the story below.
            element.rename("figcaption");
        }
    }
}

/// The words of class names and ids: split at anything not a letter or
/// digit, where a lower-case letter meets a capital (`ShareBar`), and
/// where a letter meets a digit (`caption001`).
/// Removes the site's notes about its own rules ("read our guidelines
/// before commenting; see the privacy policy and terms"), which sit in
/// the article's column with no class to tell them by: a short block
/// with links to two or more of the site's own policy pages. Another
/// site's terms, which a story may be about, are not the site's own.
fn remove_policy_notes(doc: &Document, page: Option<&str>) {
    fn host(url: &str) -> Option<&str> {
        url.split("://").nth(1).map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""))
    }
    let own_host = page.and_then(host).map(str::to_ascii_lowercase);
    let policy = |href: &str| {
        let own = match host(href) {
            Some(h) => own_host.as_deref().is_some_and(|own| h.eq_ignore_ascii_case(own)),
            None => !href.starts_with("//"),
        };
        let path = href.split(['?', '#']).next().unwrap_or("");
        let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        own && names_words(last).any(|w| POLICY_WORDS.iter().any(|p| w.eq_ignore_ascii_case(p)))
    };
    let short = |s: &dom_query::Selection| s.text().chars().count() <= MAX_POLICY_NOTE_CHARS;
    for paragraph in doc.select("p, li").iter() {
        let links = paragraph.select("a[href]");
        let mut pages: Vec<_> = links.iter().filter_map(|a| a.attr("href")).filter(|h| policy(h)).collect();
        pages.sort();
        pages.dedup();
        if pages.len() < 2 || !short(&paragraph) {
            continue;
        }
        // The note's box goes with it when it holds nothing more.
        match paragraph.parent() {
            parent if parent.is("div, section") && short(&parent) => parent.remove(),
            _ => paragraph.remove(),
        }
    }
}

/// The longest block read as a site's note about its rules.
const MAX_POLICY_NOTE_CHARS: usize = 1000;

/// Words in the address of a site's policy pages (`/community_guidelines.html`).
const POLICY_WORDS: &[&str] =
    &["privacy", "terms", "guidelines", "tos", "cookies", "legal", "conditions", "datenschutz", "impressum"];

fn names_words(names: &str) -> impl Iterator<Item = &str> {
    names.split(|c: char| !c.is_ascii_alphanumeric()).flat_map(|token| {
        let bytes = token.as_bytes();
        let mut cuts = vec![0];
        cuts.extend((1..bytes.len()).filter(|&i| {
            let (a, b) = (bytes[i - 1], bytes[i]);
            (a.is_ascii_lowercase() && b.is_ascii_uppercase())
                || (a.is_ascii_alphabetic() && b.is_ascii_digit())
        }));
        cuts.push(bytes.len());
        cuts.windows(2).map(|w| &token[w[0]..w[1]]).filter(|w| !w.is_empty()).collect::<Vec<_>>()
    })
}

/// Where pages put the author's name over the text.
const BYLINE: &str = "[class*=byline], [rel=author], [itemprop=author]";

/// Elements left out of the Markdown: media, controls and code the page
/// runs. A figure's caption stays.
const SKIPPED: &[&str] = &[
    "script", "style", "meta", "head", "img", "picture", "svg", "video", "audio", "iframe", "object",
    "embed", "canvas", "button", "input", "select", "textarea", "noscript",
];

/// Where pages state when an article was published, most trusted first:
/// a selector and the attribute holding the date.
const PUBLISHED: &[(&str, &str)] = &[
    ("meta[property='article:published_time']", "content"),
    ("meta[itemprop=datePublished], meta[name=pubdate], meta[name=publishdate]", "content"),
    (
        "meta[name='dc.date'], meta[name='DC.date.issued'], meta[name='dcterms.created'], meta[name=date]",
        "content",
    ),
    ("[itemprop=datePublished][datetime]", "datetime"),
    (".hentry .published[title], .published[title], .hentry .updated[title], .updated[title]", "title"),
];

/// What brief reads from the page itself, before Readability changes it.
#[derive(Default)]
struct Found {
    url: Option<String>,
    published: Option<String>,
    time: Option<String>,
    tags: Vec<String>,
    /// The page's top headings (`<h1>` first), cleaned, empty ones left out.
    headings: Vec<String>,
    site_name: Option<String>,
    /// The headline as microdata or the hAtom microformat mark it, on a
    /// page without a social-media title: its `<title>` is often the
    /// site's name alone ("News from …").
    headline: Option<String>,
    byline: Option<String>,
}

impl Found {
    fn read(doc: &Document) -> Found {
        let attr = |selector: &str, name: &str| {
            doc.select(selector)
                .iter()
                .find_map(|s| s.attr(name))
                .map(|v| v.to_string())
                .filter(|v| !v.trim().is_empty())
        };
        let url = attr("link[rel=canonical]", "href").or_else(|| attr("meta[property='og:url']", "content"));
        // Metadata, then microdata, then the hAtom microformat's stamp
        // (`<abbr class="published" title="…">`), as older news sites wrote it.
        let published = PUBLISHED
            .iter()
            .find_map(|(selector, name)| attr(selector, name).filter(|d| page_date(d).is_some()));
        // Preferably the article's own, not a header's "today".
        let time = attr("article time[datetime], main time[datetime]", "datetime")
            .or_else(|| attr("time[datetime]", "datetime"));
        let mut tags: Vec<String> = Vec::new();
        let keywords =
            doc.select("meta[name=keywords], meta[name=news_keywords], meta[property='article:tag']");
        for value in keywords.iter().filter_map(|m| m.attr("content")) {
            // A "keyword" of many words is a description put in the wrong field.
            let tags_only = |t: &String| !t.is_empty() && t.split_whitespace().count() <= MAX_TAG_WORDS;
            for tag in value.split([',', ';']).map(clean).filter(tags_only) {
                if tags.len() < MAX_TAGS && !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
                    tags.push(tag);
                }
            }
        }
        // Some sites set their headline in an <h2> or <h3> under a logo's <h1>.
        let headings = ["h1", "h2", "h3"]
            .iter()
            .flat_map(|level| {
                doc.select(level).iter().take(MAX_HEADINGS).map(|h| clean(&h.text())).collect::<Vec<_>>()
            })
            .filter(|h| !h.is_empty())
            .collect();
        let byline = Some(doc.select(BYLINE).first().text().to_string()).filter(|b| !b.trim().is_empty());
        let headline = match attr("meta[property='og:title'], meta[name='twitter:title']", "content") {
            Some(_) => None,
            None => attr("meta[itemprop=headline]", "content").or_else(|| {
                let marked = doc.select("[itemprop=headline], .hentry .entry-title, .entry-title");
                Some(clean(&marked.first().text())).filter(|h| !h.is_empty())
            }),
        };
        let site_name = attr("meta[property='og:site_name']", "content");
        Found { url, published, time, tags, headings, headline, site_name, byline }
    }
}

/// A date as pages write it: RFC 3339 and the like, an offset without its
/// colon (`+0100`), ISO 8601's basic form (`20180619T055000+0900`), or a
/// day at the start of a longer stamp.
fn page_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let with_offset =
        |format| chrono::DateTime::parse_from_str(s, format).ok().map(|at| Date { at, has_time: true });
    Date::parse(s)
        .or_else(|| with_offset("%Y-%m-%dT%H:%M:%S%z"))
        .or_else(|| with_offset("%Y%m%dT%H%M%S%z"))
        .or_else(|| s.get(..10).and_then(Date::parse))
}

/// A byline without its "By", and without the space markup leaves before
/// the commas between names (`Dana Ford , Tom Watkins`).
fn byline(s: &str) -> String {
    let s = s.trim();
    let names = ["By ", "by ", "BY "].iter().find_map(|by| s.strip_prefix(by)).unwrap_or(s);
    clean(names).replace(" ,", ",")
}

/// Sanitized single-line text, its runs of white space made one space.
fn clean(s: &str) -> String {
    one_line(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A line of plain text made safe to read as one Markdown paragraph.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.trim().chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '&' | '-' | '+' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The page without its scripts (other than JSON-LD metadata), styles and
/// comments, which are most of a saved page's bytes and none of its text.
/// A linear scan, before any parser sees the page.
fn without_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let bytes = html.as_bytes();
    let mut rest = 0;
    let mut at = 0;
    while let Some(lt) = memchr(b'<', &bytes[at..]).map(|i| at + i) {
        let tail = &bytes[lt + 1..];
        let cut = if tail.starts_with(b"!--") {
            Some(find_from(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3))
        } else {
            ["script", "style"].iter().find(|name| starts_tag(tail, name)).and_then(|name| {
                let open_end = find_from(bytes, lt, b">").map_or(bytes.len(), |e| e + 1);
                let open = &html[lt..open_end];
                let close = find_ignore_case(bytes, open_end, name).unwrap_or(bytes.len());
                let metadata = *name == "script" && open.to_ascii_lowercase().contains("ld+json");
                (!metadata).then_some(close)
            })
        };
        match cut {
            Some(end) => {
                out.push_str(&html[rest..lt]);
                rest = end;
                at = end;
            }
            None => at = lt + 1,
        }
    }
    out.push_str(&html[rest..]);
    out
}

/// Whether `tail` (what follows a `<`) opens the element `name`.
fn starts_tag(tail: &[u8], name: &str) -> bool {
    tail.len() > name.len()
        && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && matches!(tail[name.len()], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The end of the first `</name …>` at or after `from`, case-insensitive.
fn find_ignore_case(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(lt) = find_from(bytes, at, b"</") {
        if starts_tag(&bytes[lt + 2..], name) {
            return Some(find_from(bytes, lt, b">").map_or(bytes.len(), |e| e + 1));
        }
        at = lt + 2;
    }
    None
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_styles_and_comments_go_before_parsing() {
        let page = "<p>a</p><SCRIPT>if (x < 1) { '</p>' }</script ><p>b</p><!-- <p>c</p> --><style>p{}</style>\
            <script type=\"application/ld+json\">{\"datePublished\": \"2026-01-02\"}</script><scripts>d";
        assert_eq!(
            without_scripts(page),
            "<p>a</p><p>b</p><script type=\"application/ld+json\">{\"datePublished\": \"2026-01-02\"}</script><scripts>d"
        );
        assert_eq!(without_scripts("<p>x</p><script>never closed"), "<p>x</p>");
        assert_eq!(without_scripts("<!-- never closed"), "");
    }

    #[test]
    fn furniture_is_named_by_whole_words() {
        let words: Vec<&str> =
            names_words("SocialIconContainer share-bar node-promoted x_ad Caption01").collect();
        let split =
            ["Social", "Icon", "Container", "share", "bar", "node", "promoted", "x", "ad", "Caption", "01"];
        assert_eq!(words, split);
        let doc = Document::from(
            "<body><form><article class='node-promoted'><p>Story text that is long enough to matter.</p>\
             <div class='share-bar'><p>Share</p></div></article></form><div class='paywall'><p>More story.</p></div></body>",
        );
        remove_furniture(&doc);
        let text = doc.select("body").text();
        assert!(text.contains("Story text") && text.contains("More story"), "{text}");
        assert!(!text.contains("Share"), "{text}");
    }

    #[test]
    fn a_slide_show_s_repeats_and_page_numbers_are_not_text() {
        let markdown = "Storm on the coast\n\n*Hide caption*\n\nStorm on the coast\n\n*Hide caption*\n\n\\<\\<\n\n1\n\n2\n\n\
                        The storm reached the coast.\n\n```\n1\n\n1\n```\n\n```\n1\n\n1\n```\n\n- one\n- two";
        assert_eq!(
            without_furniture_blocks(markdown),
            "Storm on the coast\n\n*Hide caption*\n\nThe storm reached the coast.\n\n```\n1\n\n1\n```\n\n```\n1\n\n1\n```\n\n- one\n- two"
        );
    }

    #[test]
    fn pointers_to_other_stories_are_not_text() {
        for pointer in [
            "**Read more:** [A rift among climate scientists](https://e.example/1)",
            "**Read more:** *[A rift among climate scientists](https://e.example/1)*",
            "**READ MORE: [Changes to the format](https://e.example/2)**",
            "See more photos:",
        ] {
            assert!(is_pointer(pointer), "{pointer}");
        }
        for text in [
            "Read more about the ferry on page four, where the captain explains the new timetable.",
            "Related costs rose by a fifth, the council said.",
            "See more: the captain said the [new timetable](https://e.example/3) starts in March.",
        ] {
            assert!(!is_pointer(text), "{text}");
        }
    }

    #[test]
    fn a_time_stamp_near_the_top_is_the_date_not_the_text() {
        let (text, date) =
            without_stamps("Submitted on Mon, 2019-01-21 13:49\n\nThe story.\n\n14:05 Later on.");
        assert_eq!(
            (text.as_str(), date.map(|d| d.short())),
            ("The story.\n\n14:05 Later on.", Some("2019-01-21".into()))
        );
        let (text, date) = without_stamps("Jun 13, 4:03 PM EDT\n\nHeadline\n\nThe vote is at 17:40.");
        assert_eq!((text.as_str(), date), ("Headline\n\nThe vote is at 17:40.", None));
        let (_, date) = without_stamps("2018年6月18日 10:01　発信地：カノ\n\n本文。");
        assert_eq!(date.map(|d| d.short()).as_deref(), Some("2018-06-18"));
        let code = "```\nrun at\n\n12:30 daily\n```";
        assert_eq!(without_stamps(code).0, code);
        let long = "The council met on 2019-01-21 and voted on the plan for the new harbour wall";
        assert_eq!(without_stamps(long).0, long);
    }

    #[test]
    fn home_pages_are_told_by_their_address() {
        for home in ["https://e.org", "https://e.org/", "http://e.org/?ref=x", "https://e.org/index.html"] {
            assert!(is_home_page(home), "{home}");
        }
        for story in ["https://e.org/2026/story", "https://e.org/a.html", "/relative", "e.org", "https://"] {
            assert!(!is_home_page(story), "{story}");
        }
    }

    #[test]
    fn a_title_with_the_site_added_is_the_headline() {
        let headings = ["Ultima Hora".to_string(), "Anticorrupción decidirá en Madrid".to_string()];
        let title = |meta: &str| title(meta, &headings);
        assert_eq!(title("Anticorrupción decidirá en Madrid » Local » Ultima Hora").unwrap(), headings[1]);
        assert_eq!(title("Another story entirely").unwrap(), "Another story entirely");
        assert_eq!(title(" ").unwrap(), "Ultima Hora");
        assert_eq!(super::title("", &[]), None);
    }

    #[test]
    fn the_site_s_name_after_a_separator_leaves_the_title() {
        let site = Some("Valley Courier Group");
        let strip = |t: &str| without_site(t.to_string(), site);
        assert_eq!(
            strip("Harbour ferries switch to batteries | Valley Courier"),
            "Harbour ferries switch to batteries"
        );
        assert_eq!(strip("港のフェリーが電池で走る：Valley Courier"), "港のフェリーが電池で走る");
        // Another name, or a headline too short to stand alone, stays.
        assert_eq!(strip("Ferries: what the council decided"), "Ferries: what the council decided");
        assert_eq!(strip("Ferries | Valley Courier"), "Ferries | Valley Courier");
        assert_eq!(
            without_site("A headline | Valley Courier".to_string(), None),
            "A headline | Valley Courier"
        );
    }

    #[test]
    fn dates_as_pages_write_them() {
        assert_eq!(page_date("2026-11-26T08:15:00+0100").unwrap().iso(), "2026-11-26T08:15:00+01:00");
        assert_eq!(page_date("2026-11-26T08:15:00Z").unwrap().short(), "2026-11-26");
        assert_eq!(page_date("2026-11-26 at noon").unwrap().iso(), "2026-11-26");
        assert_eq!(page_date("20261126T081500+0900").unwrap().iso(), "2026-11-26T08:15:00+09:00");
        assert_eq!(page_date("2026-11-26T0815Z").unwrap().iso(), "2026-11-26");
        assert!(page_date("yesterday").is_none());
        assert_eq!(byline("By Maren Holt"), "Maren Holt");
        assert_eq!(byline("Dana Ford\n , Tom Watkins, CNN"), "Dana Ford, Tom Watkins, CNN");
    }
}
