//! Saved web pages and legacy text encodings: fixture pages in English
//! (UTF-8), German (windows-1252) and Japanese (Shift_JIS), each wrapped
//! in the furniture real pages have, and a front page with no article.

use std::path::{Path, PathBuf};
use std::process::Command;

use brief::article::{Article, BlockKind};
use brief::loader::{self, Collection, IssueKind, html};
use brief::summary::{NotProse, summary_points, verdicts};

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages")
}

fn load() -> Collection {
    loader::load(&[pages()]).unwrap()
}

fn article<'a>(c: &'a Collection, file: &str) -> &'a Article {
    c.articles
        .iter()
        .find(|a| matches!(&a.origin, brief::article::Origin::File(p) if p.ends_with(file)))
        .unwrap_or_else(|| panic!("{file} did not load: {:#?}", c.issues))
}

fn body(a: &Article) -> String {
    a.held_body().body.join("\n")
}

/// Text that belongs to each page's furniture, never to its article.
const FURNITURE: &[&str] = &[
    // navigation and headers
    "Sport",
    "Lokales",
    "スポーツ",
    // cookie banners
    "cookie",
    "Cookies",
    "クッキー",
    // share bars
    "Share on Social",
    "Email this story",
    "teilen",
    "シェア",
    // related stories, sidebars
    "Night trams",
    "Most read",
    // comments
    "First!",
    "Leserkommentare",
    "Endlich!",
    // newsletter boxes, footers, scripts
    "Newsletter",
    "abonnieren",
    "All rights reserved",
    "Impressum",
    "無断転載",
    "Subscribe now",
    // the byline, which is metadata
    "By Maren",
];

#[test]
fn pages_load_as_articles_without_their_furniture() {
    let c = load();
    for file in ["en-harbour-ferries.html", "de-bibliothek-cp1252.html", "ja-kissaten-sjis.html"] {
        let text = body(article(&c, file));
        for junk in FURNITURE {
            assert!(!text.contains(junk), "{file} kept {junk:?}:\n{text}");
        }
    }
}

#[test]
fn every_paragraph_of_the_article_is_kept() {
    let c = load();
    let en = body(article(&c, "en-harbour-ferries.html"));
    for kept in [
        "The city’s four harbour ferries will run on batteries from March",
        "the tide moves the deck by up to two metres",
        "Fuel costs fall by roughly two thirds",
        "passengers noticed the quiet",
        "a fifth electric hull",
        "checked independently.",
    ] {
        assert!(en.contains(kept), "lost {kept:?}:\n{en}");
    }
    let de = body(article(&c, "de-bibliothek-cp1252.html"));
    for kept in ["vom ersten Advent an", "„Sonntags kommen Familien", "Zuschläge", "Kulturetat."] {
        assert!(de.contains(kept), "lost {kept:?}:\n{de}");
    }
    let ja = body(article(&c, "ja-kissaten-sjis.html"));
    assert!(!ja.contains("2026年9月30日"), "the date is metadata:\n{ja}");
    for kept in ["喫茶店「かもめ」", "焙煎しており", "集合住宅が建つ予定だ", "新聞の匂いまで覚えている"]
    {
        assert!(ja.contains(kept), "lost {kept:?}:\n{ja}");
    }
}

#[test]
fn structure_is_kept_and_links_become_footnotes() {
    let c = load();
    let a = article(&c, "en-harbour-ferries.html");
    let text = a.held_body();
    let kinds: Vec<(BlockKind, &str)> =
        text.body.iter().enumerate().map(|(i, b)| (text.block_kind(i), b.as_str())).collect();
    assert!(kinds.contains(&(BlockKind::Heading(2), "Savings over nine years")), "{kinds:#?}");
    assert!(
        kinds.contains(&(
            BlockKind::Item { depth: 0 },
            "Engine servicing drops from monthly to twice a year."
        ))
    );
    assert!(
        kinds.iter().any(|(k, b)| *k == BlockKind::Quote && b.starts_with("We kept every timetable slot"))
    );
    let linked = text.body.iter().find(|b| b.contains("port authority")).unwrap();
    assert!(linked.contains("[report published by the port authority][1]"), "{linked}");
    assert_eq!(text.body.last().unwrap(), "[1]: https://port.example/report-2026.pdf");
    // The headline is the title, not the first line of the text.
    assert_ne!(text.body[0], a.title);
}

#[test]
fn metadata_comes_from_the_page() {
    let c = load();
    let en = article(&c, "en-harbour-ferries.html");
    assert_eq!(en.title, "Harbour ferries switch to batteries after a winter of trials");
    assert_eq!(en.meta.source.as_deref(), Some("Coastal Courier"));
    assert_eq!(en.meta.author.as_deref(), Some("Maren Holt"));
    assert_eq!(en.meta.date.unwrap().iso(), "2026-11-26T07:30:00+01:00");
    assert_eq!(en.meta.url.as_deref(), Some("https://courier.example/2026/11/26/harbour-ferries-batteries"));
    assert_eq!(en.meta.tags, ["transport", "energy", "cities"]);
    assert_eq!(en.meta.lang.as_deref(), Some("en-GB"));

    // JSON-LD gives the German page's headline, date and author; the
    // keywords are separated by semicolons.
    let de = article(&c, "de-bibliothek-cp1252.html");
    assert_eq!(de.title, "Stadtbibliothek öffnet künftig auch sonntags");
    assert_eq!(de.meta.author.as_deref(), Some("Jörg Weißmüller"));
    assert_eq!(de.meta.date.unwrap().short(), "2026-10-04");
    assert_eq!(de.meta.source.as_deref(), Some("Rheinblatt"));
    assert_eq!(de.meta.tags, ["Bibliothek", "Kultur", "Stadtrat"]);
    assert_eq!(de.meta.lang.as_deref(), Some("de"));

    // The Japanese page dates itself with a <time> in the article.
    let ja = article(&c, "ja-kissaten-sjis.html");
    assert_eq!(ja.title, "駅前の喫茶店、五十年の歴史に幕");
    assert_eq!(ja.meta.date.unwrap().iso(), "2026-09-30");
    assert_eq!(ja.meta.author.as_deref(), Some("山田花子"));
    assert_eq!(ja.meta.tags, ["地域", "商店街"]);
}

#[test]
fn the_most_trusted_date_that_parses_wins() {
    let story = "<p>The council met on Tuesday and agreed the budget for the new library wing after a long debate about costs and the schedule of the works.</p>".repeat(3);
    let page = |head: &str| {
        format!(
            "<html><head>{head}</head><body><header><time datetime=\"2026-12-04\">Today</time></header><article>{story}</article></body></html>"
        )
    };
    let date = |head: &str| html::extract(page(head).as_bytes(), None).unwrap().meta.date.map(|d| d.short());
    let ld = |date: &str| {
        format!(
            "<script type=\"application/ld+json\">{{\"@context\": \"https://schema.org\", \"@type\": \"NewsArticle\", \"datePublished\": \"{date}\"}}</script>"
        )
    };
    let meta = "<meta property=\"article:published_time\" content=\"2026-03-02T10:00:00Z\">";
    assert_eq!(date(&ld("2026-01-05T08:00:00+01:00")), Some("2026-01-05".into()));
    assert_eq!(date(&format!("{}{meta}", ld("last Tuesday"))), Some("2026-03-02".into()));
    // Nothing else: the page's <time>, even one outside the article.
    assert_eq!(date(""), Some("2026-12-04".into()));
}

#[test]
fn older_pages_mark_their_headline_and_date_with_microformats() {
    let story = "<p>The ferry company said on Monday that the night crossing will stop for the winter because too few people used it after the bridge opened.</p>".repeat(3);
    let page = format!(
        "<html><head><title>News from the Valley Wire</title></head><body><div class=\"hentry\">\
         <div class=\"timestamp updated\" title=\"2016-06-13T1603Z\">Jun 13, 4:03 PM</div>\
         <p><span class=\"headline entry-title\">Night ferry stops for the winter</span></p>{story}</div></body></html>"
    );
    let page = html::extract(page.as_bytes(), None).unwrap();
    assert_eq!(page.title.as_deref(), Some("Night ferry stops for the winter"));
    assert_eq!(page.meta.date.map(|d| d.short()).as_deref(), Some("2016-06-13"));
    // Microdata in the head; a social-media title is trusted over both.
    let head = |extra: &str| {
        format!(
            "<html><head><title>Valley Wire</title><meta itemprop=\"datePublished\" content=\"20160614T081500+0200\">\
             <meta itemprop=\"headline\" content=\"Night ferry stops\">{extra}</head><body><article>{story}</article></body></html>"
        )
    };
    let plain = html::extract(head("").as_bytes(), None).unwrap();
    assert_eq!(plain.title.as_deref(), Some("Night ferry stops"));
    assert_eq!(plain.meta.date.map(|d| d.short()).as_deref(), Some("2016-06-14"));
    let social = html::extract(head("<meta property=\"og:title\" content=\"Ferry ends\">").as_bytes(), None);
    assert_eq!(social.unwrap().title.as_deref(), Some("Ferry ends"));
}

#[test]
fn the_site_s_note_on_its_rules_goes_and_a_story_about_another_s_stays() {
    let story = "<p>The ferry company said on Monday that the night crossing will stop for the winter because too few people used it after the bridge opened.</p>".repeat(3);
    let page = format!(
        "<html><head><link rel=\"canonical\" href=\"https://wire.example/2026/ferry\"></head><body><article>{story}\
         <p>Its app asks riders to accept new <a href=\"https://app.example/terms\">terms</a> and a \
         <a href=\"https://app.example/privacy\">privacy policy</a> before they can buy a ticket.</p>\
         <div><p>We welcome a lively debate: read our <a href=\"/community_guidelines.html\">guidelines</a>. \
         Your comments may be used as our <a href=\"https://wire.example/privacy.html\">privacy policy</a> and \
         <a href=\"/terms.html\">terms of use</a> say.</p><p>Comments are the views of their writers.</p></div>\
         </article></body></html>"
    );
    let page = html::extract(page.as_bytes(), None).unwrap();
    assert!(page.markdown.contains("Its app asks riders"), "{}", page.markdown);
    assert!(!page.markdown.contains("lively debate"), "{}", page.markdown);
    assert!(!page.markdown.contains("views of their writers"), "{}", page.markdown);
}

#[test]
fn spaces_inside_a_link_s_edges_stay_between_the_words() {
    let story = "<p>The ferry company said on Monday that the night crossing will stop for the winter because too few people used it after the bridge opened.</p>".repeat(3);
    let page = format!(
        "<html><body><article>{story}<p>The captain, as he<a href=\"https://e.example/a\"> spent the night</a> on deck, \
         met <a href=\"https://e.example/b\">Ines Varga </a>there.</p></article></body></html>"
    );
    let page = html::extract(page.as_bytes(), None).unwrap();
    assert!(
        page.markdown.contains("as he [spent the night](https://e.example/a) on deck"),
        "{}",
        page.markdown
    );
    assert!(page.markdown.contains("met [Ines Varga](https://e.example/b) there"), "{}", page.markdown);
}

#[test]
fn the_site_s_own_name_is_the_source_before_its_platform_s() {
    let story = "<p>The ferry company said on Monday that the night crossing will stop for the winter because too few people used it after the bridge opened.</p>".repeat(3);
    let page = format!(
        "<html><head><meta property=\"og:site_name\" content=\"Valley Wire | News from the valley\">\
         <script type=\"application/ld+json\">{{\"@type\": \"NewsArticle\", \"publisher\": {{\"@type\": \"Organization\", \"name\": \"Blogger\"}}}}</script>\
         </head><body><article>{story}</article></body></html>"
    );
    let page = html::extract(page.as_bytes(), None).unwrap();
    assert_eq!(page.meta.source.as_deref(), Some("Valley Wire"));
}

#[test]
fn a_feed_saved_as_a_page_is_read_as_a_feed() {
    let dir = tempfile::tempdir().unwrap();
    let rss = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Valley Wire</title>\
        <item><title>Bridge reopens</title><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate><description>The bridge is open again.</description></item>\
        <item><title>Market moves</title><description>The market moves to the square.</description></item></channel></rss>";
    std::fs::write(dir.path().join("feed.html"), rss).unwrap();
    let c = loader::load(&[dir.path().to_path_buf()]).unwrap();
    let titles: Vec<_> = c.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Bridge reopens", "Market moves"], "{:?}", c.issues);
    assert_eq!(c.articles[0].meta.source.as_deref(), Some("Valley Wire"));
}

#[test]
fn extracted_key_points_are_sentences_of_the_story_not_captions() {
    let c = load();
    let en = article(&c, "en-harbour-ferries.html");
    let points = summary_points(en);
    assert!((3..=5).contains(&points.len()), "{points:#?}");
    assert!(points.iter().all(|p| !p.contains("charging arm lowers its plug")), "{points:#?}");
    // A caption known by its class name, not its element.
    assert!(points.iter().all(|p| !p.contains("Crew members")), "{points:#?}");
    let text = en.held_body();
    let verdict = |start: &str| {
        verdicts(&text)
            .find(|(e, _)| text.body[e.paragraph][e.range.clone()].starts_with(start))
            .map(|(_, v)| v)
    };
    assert_eq!(verdict("Crew members of the first electric ferry"), Some(Err(NotProse::Caption)));
    assert_eq!(verdict("The charging arm lowers"), Some(Err(NotProse::Caption)));
    assert_eq!(verdict("Two older boats will be kept"), Some(Ok(())));
    assert!(points[0].starts_with("The city’s four harbour ferries"), "{points:#?}");
    // A point reads as a sentence: its link's marks stay in the full text.
    let linked =
        points.iter().find(|p| p.contains("port authority")).expect("the savings sentence is a point");
    assert!(linked.contains("according to a report published by the port authority on Tuesday."), "{linked}");
    // The caption stays in the text, in italics.
    assert!(body(en).contains("The charging arm lowers its plug onto a ferry at the central pier."));
    let ja = article(&c, "ja-kissaten-sjis.html");
    assert!(summary_points(ja).iter().any(|p| p.contains("喫茶店「かもめ」")));
}

#[test]
fn a_page_without_an_article_is_reported() {
    let c = load();
    let issue = c.issues.iter().find(|i| i.path.ends_with("front-page.html")).expect("front page reported");
    assert_eq!(issue.kind, IssueKind::Skipped);
    assert_eq!(issue.reason, html::NO_ARTICLE);
    assert_eq!(c.issues.len(), 1, "{:#?}", c.issues);

    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["check", "tests/fixtures/pages"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .env("XDG_STATE_HOME", "/nonexistent/brief-test-state")
        .env("XDG_CACHE_HOME", "/nonexistent/brief-test-cache")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("front-page.html: skipped: no article text found in this page"), "{text}");
    assert!(text.ends_with("4 articles loaded; 1 files skipped, 0 repaired\n"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn front_pages_with_teasers_are_not_articles() {
    let teaser = "<p>The council met on Tuesday and agreed the budget for the new library wing after a long debate about costs and the schedule of the works.</p>";
    // Linked headlines, each over its teaser, as a site's front page has.
    let headlines: String =
        (1..=4).map(|i| format!("<h2><a href=\"/story/{i}\">Story {i}</a></h2>{teaser}")).collect();
    let page = format!("<html><body><main>{headlines}</main></body></html>");
    assert_eq!(html::extract(page.as_bytes(), None).unwrap_err(), html::NO_ARTICLE);
    // A page whose own address is a site's home page.
    let story = teaser.repeat(3);
    let home = format!(
        "<html><head><link rel=canonical href=\"https://courier.example/\"></head><body><article>{story}</article></body></html>"
    );
    assert_eq!(html::extract(home.as_bytes(), None).unwrap_err(), html::NO_ARTICLE);
    // The same text at a story's address is an article.
    let one = home.replace("courier.example/", "courier.example/2026/library");
    assert!(html::extract(one.as_bytes(), None).is_ok());
    // An address that is only a scheme is no address, not a reason to
    // refuse the page.
    let bare = home.replace("https://courier.example/", "https://");
    assert_eq!(html::extract(bare.as_bytes(), None).unwrap().meta.url, None);
}

#[test]
fn tables_of_data_keep_their_columns_and_layout_tables_their_text() {
    let prose = "<p>The count finished late on Sunday night after a day of steady turnout across the valley, officials said on Monday.</p>";
    let page = format!(
        "<html><body><article>{prose}<table><tr><th>Party</th><th>Votes</th></tr>\
         <tr><td>Grüne</td><td>12,400</td></tr><tr><td>選挙区</td><td>9,870</td></tr></table>{prose}\
         <table><tr><td><p>A layout cell holding a paragraph of the story itself, long enough to read as prose.</p></td></tr></table></article></body></html>"
    );
    let c = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.html"), page).unwrap();
        loader::load(&[dir.path().to_path_buf()]).unwrap()
    };
    let text = c.articles[0].held_body();
    let rows: Vec<&str> = (0..text.body.len())
        .filter(|&i| text.block_kind(i) == BlockKind::Code)
        .map(|i| text.body[i].as_str())
        .collect();
    // Columns aligned by display width: the ideographs are two columns each.
    assert_eq!(rows, ["Party   Votes", "Grüne   12,400", "選挙区  9,870"]);
    assert!(text.body.iter().any(|b| b.starts_with("A layout cell holding a paragraph")), "{:#?}", text.body);
}

#[test]
fn windows_1252_text_keeps_its_curly_quotes() {
    let c = load();
    let a = article(&c, "quotes-cp1252.txt");
    assert_eq!(a.title, "The “quiet” ferries");
    assert_eq!(
        body(a),
        "The harbour master said the new boats were “far quieter than anyone expected” – and the residents agreed."
    );
}

#[test]
fn utf16_text_with_a_byte_order_mark_is_text_not_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "Title: Wide “text”\n\nSaved by an old editor in UTF-16.\n".encode_utf16().flat_map(u16::to_le_bytes),
    );
    std::fs::write(dir.path().join("wide.txt"), bytes).unwrap();
    let c = loader::load(&[dir.path().to_path_buf()]).unwrap();
    assert!(c.issues.is_empty(), "{:#?}", c.issues);
    assert_eq!(c.articles[0].title, "Wide “text”");
}

#[test]
fn binary_without_nuls_is_still_binary_under_a_legacy_encoding() {
    // Every byte maps to something in windows-1252, so a binary file with
    // no NUL in its first block shows itself by its control characters.
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (1..=255u8).cycle().take(4096).collect();
    std::fs::write(dir.path().join("blob.txt"), bytes).unwrap();
    let c = loader::load(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(c.issues[0].reason, "binary file (mostly control characters)");
    assert!(c.articles.is_empty());
}

#[test]
fn legacy_pages_decode_with_or_without_a_declaration() {
    // The Shift_JIS page with its declaration taken out: the detector
    // finds the encoding from the bytes.
    let bytes = std::fs::read(pages().join("ja-kissaten-sjis.html")).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("charset=Shift_JIS"), "the fixture declares it");
    let stripped: Vec<u8> = {
        let at = bytes.windows(9).position(|w| w == b"Shift_JIS").unwrap();
        [&bytes[..at], b"x-unknown", &bytes[at + 9..]].concat()
    };
    let page = html::extract(&stripped, None).unwrap();
    assert!(page.markdown.contains("閉店の理由は建物の老朽化で"), "{}", page.markdown);
    assert_eq!(page.title.as_deref(), Some("駅前の喫茶店、五十年の歴史に幕"));
    assert_eq!(page.meta.lang.as_deref(), Some("ja"));
}

#[test]
fn hostile_pages_never_reach_the_terminal_or_stall() {
    let escapes = "<html><head><title>Safe\u{1b}]0;pwned\u{7} title</title></head><body><article>".to_string()
        + &"<p>The council met on Tuesday and agreed the budget for the new library wing after a long debate \u{1b}[31mabout\u{1b}[0m costs &#x1b;[2J and the schedule.</p>".repeat(4)
        + "</article></body></html>";
    let page = html::extract(escapes.as_bytes(), None).unwrap();
    assert_eq!(page.title.as_deref(), Some("Safe title"));
    assert!(!page.markdown.contains(|c: char| c.is_control() && c != '\n'), "{:?}", page.markdown);

    let deep = format!(
        "<html><body>{}{}{}</body></html>",
        "<div>".repeat(50_000),
        "<p>Deep text that still reads as words, enough of them to count as a story of its own here.</p>"
            .repeat(6),
        "</div>".repeat(50_000)
    );
    let page = html::extract(deep.as_bytes(), None).unwrap();
    assert!(page.markdown.contains("Deep text that still reads"));
    assert!(page.notes[0].contains("nested over 256 deep"), "{:?}", page.notes);
    // Over the size bound: cut, not refused (BENCHMARKS.md times a page
    // of many paragraphs at the bound).
    let huge = format!("<html><body><article><p>{}</p></article></body></html>", "word ".repeat(500_000));
    let page = html::extract(huge.as_bytes(), None).unwrap();
    assert!(page.notes.iter().any(|n| n.contains("cut at 2 MiB")), "{:?}", page.notes);
    assert!(page.markdown.len() < html::MAX_PAGE_BYTES);

    for junk in ["", "<", "<html", "<!--", "<script>", "\u{feff}", "<p>\u{0}</p>", "<meta charset=utf-16>"] {
        assert!(html::extract(junk.as_bytes(), None).is_err(), "{junk:?}");
    }
}

#[test]
fn a_page_saved_complete_is_read_without_its_folder_of_frames() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(pages().join("en-harbour-ferries.html"), d.join("Ferries.html")).unwrap();
    std::fs::create_dir(d.join("Ferries_files")).unwrap();
    // A frame saved with the page: an ad, which would read as an article.
    std::fs::copy(pages().join("de-bibliothek-cp1252.html"), d.join("Ferries_files/frame.html")).unwrap();
    // A folder that merely ends the same way is walked.
    std::fs::create_dir(d.join("old_files")).unwrap();
    std::fs::copy(pages().join("ja-kissaten-sjis.html"), d.join("old_files/kissaten.html")).unwrap();
    let c = loader::load(&[d.to_path_buf()]).unwrap();
    let mut titles: Vec<&str> = c.articles.iter().map(|a| a.title.as_str()).collect();
    titles.sort();
    assert_eq!(
        titles,
        ["Harbour ferries switch to batteries after a winter of trials", "駅前の喫茶店、五十年の歴史に幕"]
    );
    assert!(c.issues.is_empty(), "{:#?}", c.issues);
    // The live collection skips the same files.
    assert!(!loader::is_watched_file(&d.join("Ferries_files/frame.html"), d));
    assert!(loader::is_watched_file(&d.join("old_files/kissaten.html"), d));
    assert!(loader::is_watched_file(&d.join("Ferries.html"), d));
}
