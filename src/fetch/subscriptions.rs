//! The subscription list: `subscriptions.toml` (brief's own), newsboat's
//! `urls` file, and OPML exports turned into `subscriptions.toml`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::fsutil::Unreadable;
use crate::text::one_line;

/// One feed to fetch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subscription {
    pub url: String,
    /// Names the feed's articles (their source) instead of the feed's own title.
    pub title: Option<String>,
    /// A folder under the fetch folder for this feed's articles.
    pub folder: Option<String>,
    /// Added to every item's tags (newsboat's tags land here).
    pub tags: Vec<String>,
    /// Fetch the linked page of every teaser item.
    pub full_text: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    feed: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    url: String,
    title: Option<String>,
    folder: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    full_text: bool,
}

/// The largest subscription list read (a feed is a line or two).
const MAX_LIST_BYTES: u64 = 16 << 20;

/// The file names looked for beside the config file, in this order.
pub const FILE_NAMES: [&str; 2] = ["subscriptions.toml", "urls"];

/// The subscription file beside the config file `config` (or the default
/// config's folder): `subscriptions.toml`, else newsboat's `urls`.
pub fn default_path(config: Option<&Path>) -> Option<PathBuf> {
    let dir = match config {
        Some(file) => file.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => crate::config::default_path()?.parent()?.to_path_buf(),
    };
    let found = FILE_NAMES.iter().map(|name| dir.join(name)).find(|p| p.exists());
    Some(found.unwrap_or_else(|| dir.join(FILE_NAMES[0])))
}

/// The subscriptions in the list at `path`; a list with none is an error.
pub fn read(path: &Path) -> Result<List> {
    let list_error = |message: String| Error::Subscriptions { path: path.to_path_buf(), message };
    // A regular file, read without blocking: a named pipe in its place
    // must not stall a fetch (or the reader's `R`).
    let bytes = match crate::fsutil::read_regular(path, MAX_LIST_BYTES) {
        Ok(bytes) => bytes,
        Err(Unreadable::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NoSubscriptions(path.to_path_buf()));
        }
        Err(e) => return Err(list_error(e.to_string())),
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut list = parse(path, &text).map_err(list_error)?;
    if list.feeds.is_empty() {
        // What was passed over may be why there is nothing.
        let why = list.warnings.iter().map(|w| format!("; {w}")).collect::<String>();
        return Err(list_error(format!("no feeds in it{why}")));
    }
    for warning in &mut list.warnings {
        *warning = format!("{}: {warning}", path.display());
    }
    Ok(list)
}

/// A subscription list as read: its feeds, and what in it was not taken
/// for one.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct List {
    pub feeds: Vec<Subscription>,
    pub warnings: Vec<String>,
}

/// Reads a subscription list: TOML when the name ends in `.toml`, else
/// newsboat's format. The message names the line of a mistake.
pub fn parse(path: &Path, text: &str) -> Result<List, String> {
    if path.extension().is_some_and(|e| e == "toml") {
        Ok(List { feeds: parse_toml(text)?, warnings: Vec::new() })
    } else {
        Ok(parse_urls(text))
    }
}

fn parse_toml(text: &str) -> Result<Vec<Subscription>, String> {
    let file: File = toml::from_str(text).map_err(|e| {
        let (line, column) = crate::text::line_column(text, e.span().map_or(0, |s| s.start));
        format!("line {line}, column {column}: {}", e.message().trim())
    })?;
    let mut subscriptions = Vec::with_capacity(file.feed.len());
    for entry in file.feed {
        let url = web_address(&entry.url)?;
        subscriptions.push(Subscription {
            url,
            title: entry.title.map(|t| one_line(&t)).filter(|t| !t.is_empty()),
            folder: entry.folder.map(|f| one_line(&f)).filter(|f| !f.is_empty()),
            tags: entry.tags.iter().map(|t| one_line(t)).filter(|t| !t.is_empty()).collect(),
            full_text: entry.full_text,
        });
    }
    Ok(subscriptions)
}

/// The address brief fetches for `url`, or why it fetches none: only web
/// addresses (a `file:` or `exec:` line is not a feed brief may read).
/// The `feed:` scheme some sites link feeds with is the web address it
/// wraps: `feed://host/…` is `http://host/…`, `feed:https://…` is
/// `https://…`.
pub fn web_address(url: &str) -> Result<String, String> {
    let given = url.trim();
    let lower = given.to_ascii_lowercase();
    // The prefixes are ASCII, so their lengths are byte offsets in `given`.
    let url = if lower.starts_with("feed://") {
        format!("http://{}", &given["feed://".len()..])
    } else if lower.starts_with("feed:") {
        given["feed:".len()..].to_string()
    } else {
        given.to_string()
    };
    match crate::links::openable(&url) {
        Ok(_) => Ok(url),
        Err(crate::links::Refusal::Unsafe) => {
            Err(format!("{given:?} has spaces or control characters in it"))
        }
        Err(_) => Err(format!("{given:?} is not an http or https address")),
    }
}

/// The lines not taken for feeds that a warning quotes; the rest are counted.
const QUOTED_LINES: usize = 10;

/// newsboat's `urls`: one feed a line, its address then tags, a tag
/// `"~Name"` naming it; `#` starts a comment. Query feeds and `exec:` or
/// `filter:` lines are newsboat's own and are passed over, as is any other
/// line that does not start with a web address; a warning for each kind
/// says how many (and which, for the second).
pub fn parse_urls(text: &str) -> List {
    let mut subscriptions = Vec::new();
    let mut newsboats_own = 0;
    let mut not_addresses = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let words = words(line);
        let Some((url, tags)) = words.split_first() else { continue };
        if ["query:", "exec:", "filter:"].iter().any(|own| url.starts_with(own)) {
            newsboats_own += 1;
            continue;
        }
        let Ok(url) = web_address(url) else {
            not_addresses.push((at + 1, crate::text::truncate(&one_line(line.trim()), 60).into_owned()));
            continue;
        };
        let mut subscription = Subscription { url, ..Subscription::default() };
        for tag in tags {
            match tag.strip_prefix('~') {
                Some(title) => subscription.title = Some(one_line(title)).filter(|t| !t.is_empty()),
                // `!` hides a feed in newsboat's list; it is fetched all the same.
                None if tag == "!" => {}
                None => subscription.tags.push(one_line(tag)),
            }
        }
        subscriptions.push(subscription);
    }
    let mut warnings = Vec::new();
    if newsboats_own > 0 {
        let lines = if newsboats_own == 1 { "line" } else { "lines" };
        warnings.push(format!("{newsboats_own} exec/filter/query {lines} passed over"));
    }
    match not_addresses.as_slice() {
        [] => {}
        [(n, line)] => warnings.push(format!("line {n} is not an http or https address: {line:?}")),
        many => {
            let mut quoted: Vec<String> =
                many.iter().take(QUOTED_LINES).map(|(n, line)| format!("line {n} {line:?}")).collect();
            if many.len() > QUOTED_LINES {
                quoted.push(format!("and {} more", many.len() - QUOTED_LINES));
            }
            warnings.push(format!(
                "{} lines are not http or https addresses: {}",
                many.len(),
                quoted.join(", ")
            ));
        }
    }
    List { feeds: subscriptions, warnings }
}

/// A `urls` line split into words, as newsboat does: spaces separate,
/// double quotes group (with `\"` inside), `#` outside quotes ends the line.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut in_word) = (false, false);
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            '\\' if quoted => word.extend(chars.next()),
            '#' if !quoted && !in_word => break,
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// What an OPML file gives: its feeds, and the outlines left out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Opml {
    pub feeds: Vec<Subscription>,
    /// Outlines with an address brief does not fetch: their name and why.
    pub skipped: Vec<String>,
    /// Folder names changed to be one safe folder each (`Tech / Science`
    /// is `Tech - Science`, `..` none): what became of each.
    pub renamed: Vec<String>,
}

/// The feeds of an OPML file: every `outline` with an `xmlUrl`, named by
/// its `title` or `text`, in the folder its enclosing outlines name
/// (nested ones joined with `/`, each made one safe folder name: see
/// [`Opml::renamed`]). An outline whose address brief cannot fetch is
/// skipped, and named in [`Opml::skipped`].
pub fn parse_opml(bytes: &[u8]) -> Result<Opml, String> {
    use quick_xml::XmlVersion;
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    // The names of the open outlines that are folders (none for a feed).
    let mut open: Vec<Option<String>> = Vec::new();
    let mut opml = Opml::default();
    let mut seen_opml = false;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(0).min(bytes.len());
            let (line, column) = crate::text::line_column(&String::from_utf8_lossy(&bytes[..at]), at);
            format!("malformed OPML: line {line}, column {column}: {e}")
        })?;
        let (element, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if e.local_name().as_ref() == b"outline" => {
                open.pop();
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match element.local_name().as_ref() {
            b"opml" => seen_opml = true,
            b"outline" => {
                let attr = |name: &str| {
                    element
                        .try_get_attribute(name)
                        .ok()
                        .flatten()
                        .and_then(|a| {
                            a.decoded_and_normalized_value(XmlVersion::Implicit1_0, reader.decoder()).ok()
                        })
                        .map(|v| one_line(&v))
                };
                // An empty address is still a feed's, one brief cannot fetch.
                let url = attr("xmlUrl");
                let name = attr("title")
                    .filter(|v| !v.is_empty())
                    .or_else(|| attr("text"))
                    .filter(|v| !v.is_empty());
                let is_feed = url.is_some();
                match url.as_deref().map(web_address) {
                    Some(Ok(url)) => {
                        let folder = open.iter().flatten().cloned().collect::<Vec<_>>().join("/");
                        opml.feeds.push(Subscription {
                            url,
                            title: name.clone(),
                            folder: Some(folder).filter(|f| !f.is_empty()),
                            ..Subscription::default()
                        });
                    }
                    Some(Err(why)) => {
                        let name = name.as_deref().unwrap_or("an outline without a name");
                        opml.skipped.push(format!("{name}: {why}"));
                    }
                    None => {}
                }
                // An outline without an address is a folder for those in it.
                if !empty && !is_feed {
                    let safe = name.as_deref().and_then(folder_name);
                    if let Some(name) = name.as_deref().filter(|n| safe.as_deref() != Some(*n)) {
                        let became = match &safe {
                            Some(safe) => format!("folder {name:?} is {safe:?}"),
                            None => format!("folder {name:?} is left out: it names no folder"),
                        };
                        if !opml.renamed.contains(&became) {
                            opml.renamed.push(became);
                        }
                    }
                    open.push(safe);
                } else if !empty {
                    open.push(None);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    if !seen_opml {
        return Err("not an OPML file (no <opml> element)".to_string());
    }
    Ok(opml)
}

/// A folder outline's name as one folder under the fetch folder: a `/`
/// (or `\`) in it is part of the name, not a path, and becomes a dash
/// (`Tech / Science` is `Tech - Science`); the pieces are trimmed and
/// empty ones, `.` and `..` dropped, so the name can never leave the
/// fetch folder. None when nothing is left.
fn folder_name(name: &str) -> Option<String> {
    let pieces: Vec<&str> =
        name.split(['/', '\\']).map(str::trim).filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    (!pieces.is_empty()).then(|| pieces.join(" - "))
}

/// What [`merge_into_toml`] did.
#[derive(Debug, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub added: usize,
    /// Feeds the file already had (by address), left as they were.
    pub present: usize,
}

/// `existing` (the text of a `subscriptions.toml`, empty for none) with
/// the feeds it does not have yet appended: what is there, comments
/// included, stays as written.
pub fn merge_into_toml(existing: &str, new: &[Subscription]) -> Result<Merged, String> {
    let have: HashSet<String> = parse_toml(existing)?.into_iter().map(|s| s.url).collect();
    let mut text = existing.to_string();
    if text.trim().is_empty() {
        text = HEADER.to_string();
    }
    let (mut added, mut present) = (0, 0);
    let mut written = HashSet::new();
    for s in new {
        if have.contains(&s.url) || !written.insert(s.url.clone()) {
            present += 1;
            continue;
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&entry_text(s));
        added += 1;
    }
    Ok(Merged { text, added, present })
}

/// What [`import_opml`] did.
#[derive(Debug, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub present: usize,
    /// See [`Opml::skipped`].
    pub skipped: Vec<String>,
    /// See [`Opml::renamed`].
    pub renamed: Vec<String>,
}

/// Adds the feeds of the OPML file `opml` to the `subscriptions.toml` at
/// `target` (made when there is none), keeping what it has as written;
/// the file is written only when a feed is new to it.
pub fn import_opml(opml: &Path, target: &Path) -> Result<Imported> {
    let refuse = |path: &Path, message: String| Error::Subscriptions { path: path.to_path_buf(), message };
    if target.extension().is_none_or(|e| e != "toml") {
        return Err(refuse(
            target,
            "OPML is imported into a subscriptions.toml; name one with --subscriptions".into(),
        ));
    }
    let bytes = std::fs::read(opml).map_err(|source| Error::Path { path: opml.to_path_buf(), source })?;
    let Opml { feeds, skipped, renamed } = parse_opml(&bytes).map_err(|message| refuse(opml, message))?;
    let existing = match std::fs::read_to_string(target) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(Error::Path { path: target.to_path_buf(), source }),
    };
    let merged = merge_into_toml(&existing, &feeds).map_err(|message| refuse(target, message))?;
    if merged.added > 0 {
        let write = || {
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            crate::fsutil::write_atomically(target, merged.text.as_bytes())
        };
        write().map_err(|source| Error::Path { path: target.to_path_buf(), source })?;
    }
    Ok(Imported { added: merged.added, present: merged.present, skipped, renamed })
}

/// What a new `subscriptions.toml` starts with.
const HEADER: &str = "\
# Feeds for `brief fetch`. Each [[feed]] has a url and may have a title
# (the articles' source), a folder (under the fetch folder), tags (added
# to every item) and full_text = true (fetch the page behind a teaser).
";

/// One `[[feed]]` table, its strings quoted as TOML quotes them.
fn entry_text(s: &Subscription) -> String {
    let quote = |v: &str| toml::Value::String(v.to_string()).to_string();
    let mut text = format!("\n[[feed]]\nurl = {}\n", quote(&s.url));
    if let Some(title) = &s.title {
        text.push_str(&format!("title = {}\n", quote(title)));
    }
    if let Some(folder) = &s.folder {
        text.push_str(&format!("folder = {}\n", quote(folder)));
    }
    if !s.tags.is_empty() {
        let tags: Vec<String> = s.tags.iter().map(|t| quote(t)).collect();
        text.push_str(&format!("tags = [{}]\n", tags.join(", ")));
    }
    if s.full_text {
        text.push_str("full_text = true\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newsboat_lines_give_address_tags_and_name() {
        let urls = "# my feeds\n\
            https://a.example/feed.xml news \"~Valley Wire\" \"long tag\"\n\
            \n\
            http://b.example/rss # a comment\n\
            \"query:Unread:unread = \\\"yes\\\"\"\n\
            exec:~/bin/feed.sh\n\
            https://c.example/atom !\n";
        let List { feeds: subs, warnings } = parse_urls(urls);
        assert_eq!(warnings, ["2 exec/filter/query lines passed over"]);
        assert_eq!(subs.len(), 3);
        assert_eq!(subs[0].url, "https://a.example/feed.xml");
        assert_eq!(subs[0].title.as_deref(), Some("Valley Wire"));
        assert_eq!(subs[0].tags, ["news", "long tag"]);
        assert_eq!(subs[1].url, "http://b.example/rss");
        assert!(subs[1].tags.is_empty());
        assert!(subs[2].tags.is_empty(), "`!` hides a feed in newsboat; it is no tag");
    }

    #[test]
    fn newsboat_lines_that_are_not_feeds_are_counted_and_quoted_by_kind() {
        let urls = "exec:~/a.sh\nfilter:~/f.sh:https://a.example/\n\"query:Q:unread = \\\"yes\\\"\"\n\
                    not a url at all\n# comment\n\nhttps://b.example/rss\nftp://c.example/x tag\n";
        let list = parse_urls(urls);
        assert_eq!(list.feeds.len(), 1);
        assert_eq!(
            list.warnings,
            [
                "3 exec/filter/query lines passed over",
                "2 lines are not http or https addresses: line 4 \"not a url at all\", line 8 \"ftp://c.example/x tag\""
            ]
        );
        let one = parse_urls("https://b.example/rss\nnope\n");
        assert_eq!(one.warnings, ["line 2 is not an http or https address: \"nope\""]);
        let many: String = (0..12).map(|i| format!("word{i}\n")).collect();
        let warning = &parse_urls(&many).warnings[0];
        assert!(
            warning.starts_with("12 lines are not http or https addresses: line 1 \"word0\", "),
            "{warning}"
        );
        assert!(warning.ends_with("line 10 \"word9\", and 2 more"), "{warning}");
    }

    #[test]
    fn toml_subscriptions_and_their_mistakes() {
        let text = "[[feed]]\nurl = \"https://a.example/f\"\ntitle = \"A\"\nfull_text = true\n\n\
                    [[feed]]\nurl = \"https://b.example/g\"\nfolder = \"tech\"\ntags = [\"x\"]\n";
        let subs = parse_toml(text).unwrap();
        assert_eq!(subs[0].title.as_deref(), Some("A"));
        assert!(subs[0].full_text && !subs[1].full_text);
        assert_eq!(subs[1].folder.as_deref(), Some("tech"));
        let e = parse_toml("[[feed]]\nurl = \"https://a\"\nful_text = true\n").unwrap_err();
        assert!(e.starts_with("line 3, column 1: unknown field `ful_text`"), "{e}");
        let e = parse_toml("[[feed]]\nurl = \"file:///etc/passwd\"\n").unwrap_err();
        assert!(e.contains("not an http or https address"), "{e}");
    }

    #[test]
    fn opml_outlines_become_feeds_in_folders() {
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
            <outline text="News"><outline text="Local">
              <outline type="rss" text="Valley &amp; Wire" xmlUrl="https://v.example/rss"/>
            </outline></outline>
            <outline type="rss" title="Top" text="ignored" xmlUrl="https://t.example/feed"></outline>
            <outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>
            <outline text="Empty folder"/>
        </body></opml>"#;
        let subs = parse_opml(opml.as_bytes()).unwrap().feeds;
        assert_eq!(subs.len(), 2);
        assert_eq!(subs[0].title.as_deref(), Some("Valley & Wire"));
        assert_eq!(subs[0].folder.as_deref(), Some("News/Local"));
        assert_eq!(subs[1].title.as_deref(), Some("Top"));
        assert_eq!(subs[1].folder, None);
        assert!(parse_opml(b"<rss></rss>").unwrap_err().contains("not an OPML file"));
        assert!(parse_opml(b"<opml><body><outline></opml>").unwrap_err().starts_with("malformed OPML"));
    }

    #[test]
    fn feed_scheme_addresses_are_fetched_over_the_web_and_others_are_skipped_by_name() {
        assert_eq!(web_address("feed://a.example/rss").as_deref(), Ok("http://a.example/rss"));
        assert_eq!(web_address("FEED:https://a.example/rss").as_deref(), Ok("https://a.example/rss"));
        assert_eq!(web_address(" https://a.example/ ").as_deref(), Ok("https://a.example/"));
        assert!(web_address("feed:javascript:alert(1)").is_err());
        assert!(web_address("http://").is_err(), "no host");
        let opml = r#"<opml><body>
            <outline text="Wrapped" xmlUrl="feed://w.example/rss"/>
            <outline text="Wrapped https" xmlUrl="feed:https://s.example/atom"/>
            <outline text="Bad" xmlUrl="javascript:alert(1)"/>
            <outline text="Empty" type="rss" xmlUrl=""/>
        </body></opml>"#;
        let parsed = parse_opml(opml.as_bytes()).unwrap();
        let urls: Vec<&str> = parsed.feeds.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(urls, ["http://w.example/rss", "https://s.example/atom"]);
        assert_eq!(
            parsed.skipped,
            [
                "Bad: \"javascript:alert(1)\" is not an http or https address",
                "Empty: \"\" is not an http or https address"
            ]
        );
    }

    #[test]
    fn opml_folder_names_stay_inside_the_fetch_folder_and_changes_are_said() {
        let opml = r#"<opml><body>
            <outline text=".."><outline text=".."><outline text="x" xmlUrl="https://x.example/"/></outline></outline>
            <outline text="/etc"><outline text="y" xmlUrl="https://y.example/"/></outline>
            <outline text="Tech / Science"><outline text=" Sub "><outline text="z" xmlUrl="https://z.example/"/></outline></outline>
            <outline text="News"><outline text="n" xmlUrl="https://n.example/"/></outline>
        </body></opml>"#;
        let parsed = parse_opml(opml.as_bytes()).unwrap();
        let folders: Vec<Option<&str>> = parsed.feeds.iter().map(|s| s.folder.as_deref()).collect();
        assert_eq!(folders, [None, Some("etc"), Some("Tech - Science/Sub"), Some("News")]);
        assert_eq!(
            parsed.renamed,
            [
                "folder \"..\" is left out: it names no folder",
                "folder \"/etc\" is \"etc\"",
                "folder \"Tech / Science\" is \"Tech - Science\"",
                "folder \" Sub \" is \"Sub\"",
            ]
        );
        assert_eq!(folder_name(" . / .. "), None);
        assert_eq!(folder_name("AC\\DC"), Some("AC - DC".into()));
    }

    #[test]
    fn merging_keeps_what_is_there_and_adds_only_new_addresses() {
        let existing = "# mine\n[[feed]]\nurl = \"https://a.example/f\" # keep me\n";
        let new = [
            Subscription { url: "https://a.example/f".into(), title: Some("A".into()), ..Default::default() },
            Subscription {
                url: "https://b.example/\"q\"".into(),
                tags: vec!["t".into()],
                ..Default::default()
            },
        ];
        let merged = merge_into_toml(existing, &new).unwrap();
        assert_eq!((merged.added, merged.present), (1, 1));
        assert!(merged.text.starts_with(existing), "{}", merged.text);
        let subs = parse_toml(&merged.text).unwrap();
        assert_eq!(subs[1].url, "https://b.example/\"q\"");
        assert_eq!(subs[1].tags, ["t"]);
        let fresh = merge_into_toml("", &new).unwrap();
        assert!(fresh.text.starts_with("# Feeds for `brief fetch`"));
        assert_eq!(parse_toml(&fresh.text).unwrap().len(), 2);
    }
}
