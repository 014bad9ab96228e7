//! Loader behaviour on fixture files and on hostile folders made at run time.

use std::fs;
use std::path::{Path, PathBuf};

use brief::loader::{self, Collection, IssueKind};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/txt")
}

fn titles(c: &Collection) -> Vec<&str> {
    c.articles.iter().map(|a| a.title.as_str()).collect()
}

fn issue_for<'a>(c: &'a Collection, name: &str) -> &'a loader::FileIssue {
    c.issues
        .iter()
        .find(|i| i.path.ends_with(name))
        .unwrap_or_else(|| panic!("no issue for {name}: {:#?}", c.issues))
}

#[test]
fn fixture_folder_loads_recursively_in_documented_order() {
    let c = loader::load(&[fixtures()]).unwrap();
    assert!(c.issues.is_empty(), "{:#?}", c.issues);
    assert_eq!(
        titles(&c),
        [
            // Dated, newest first.
            "Deep in the tree and dated",
            "A headed fixture",
            // Then by the file name's sequence number.
            "Windows line ends",
            "Only body text here",
            "Ferries on the test harbour now run on batteries",
            "Star bullet",
            "Key points and no body at all",
        ]
    );
}

#[test]
fn header_block_fills_metadata() {
    let c = loader::load(&[fixtures().join("headed.txt")]).unwrap();
    let a = &c.articles[0];
    assert_eq!(a.meta.source.as_deref(), Some("Fixture Times"));
    assert_eq!(a.meta.author.as_deref(), Some("Test Writer"));
    assert_eq!(a.meta.date.unwrap().iso(), "2026-10-01");
    assert_eq!(a.meta.url.as_deref(), Some("https://example.org/headed"));
    assert_eq!(a.meta.tags, ["one", "two"]);
    assert_eq!(a.key_points, ["A point under a header."]);
    assert_eq!(a.held_body().body, ["Body under a header."]);
}

#[test]
fn crlf_bom_tabs_and_variants_are_normalized() {
    let c = loader::load(&[fixtures()]).unwrap();
    let crlf = c.articles.iter().find(|a| a.title == "Windows line ends").unwrap();
    assert_eq!(crlf.key_points, ["Windows line ends.", "Second point."]);
    assert_eq!(crlf.held_body().body, ["A body line ending in CRLF."]);
    let variants = c.articles.iter().find(|a| a.title == "Star bullet").unwrap();
    assert_eq!(variants.key_points, ["Star bullet.", "Round bullet.", "Dash bullet."]);
    assert_eq!(variants.held_body().body, ["Body after blank lines.", "Indented body line."]);
}

#[test]
fn explicit_files_are_read_whatever_their_extension() {
    let c = loader::load(&[fixtures().join("nested/readme.dat")]).unwrap();
    assert_eq!(c.articles.len(), 1);
}

#[test]
fn missing_path_is_an_error_naming_it() {
    let err = loader::load(&[PathBuf::from("/no/such/brief/folder")]).unwrap_err();
    assert_eq!(err.to_string(), "/no/such/brief/folder: no such file or folder");
}

#[test]
fn identity_survives_a_rename() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    fs::write(&a, "Key Points\n- Same text.\nBody.").unwrap();
    let before = loader::load(&[dir.path().to_path_buf()]).unwrap().articles[0].id.clone();
    fs::create_dir(dir.path().join("moved")).unwrap();
    fs::rename(&a, dir.path().join("moved/renamed.txt")).unwrap();
    let after = loader::load(&[dir.path().to_path_buf()]).unwrap().articles[0].id.clone();
    assert_eq!(before, after);
}

#[test]
fn an_identity_in_front_matter_survives_a_change_of_text() {
    let dir = tempfile::tempdir().unwrap();
    let id_of = |text: &str| {
        fs::write(dir.path().join("item.md"), text).unwrap();
        loader::load(&[dir.path().to_path_buf()]).unwrap().articles[0].id.clone()
    };
    let first = id_of("+++\nid = \"tag:wire.example,2026:7\"\ntitle = \"Trams\"\n+++\nEvery thirty minutes.");
    let corrected =
        id_of("+++\nid = \"tag:wire.example,2026:7\"\ntitle = \"Trams\"\n+++\nEvery twenty minutes.");
    assert_eq!(first, corrected);
    let other = id_of("+++\nid = \"tag:wire.example,2026:8\"\ntitle = \"Trams\"\n+++\nEvery twenty minutes.");
    assert_ne!(other, corrected);
    let without = id_of("+++\ntitle = \"Trams\"\n+++\nEvery twenty minutes.");
    assert_ne!(without, corrected, "without one, the text is the identity");
}

#[test]
fn bad_files_are_reported_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("good.txt"), "Key Points\n- Fine.\nBody.").unwrap();
    fs::write(d.join("empty.txt"), "").unwrap();
    fs::write(d.join("blank.txt"), "  \n\t\n").unwrap();
    fs::write(d.join("binary.txt"), b"\x7fELF\x02\x01\x01\x00\x00\x00binary").unwrap();
    fs::write(d.join("latin1.txt"), b"Key Points\n- Caf\xe9 cr\xe8me.\nBody.").unwrap();
    fs::write(d.join("stray.txt"), b"Key Points\n- Stray \xff byte in na\xc3\xafve UTF-8.\nBody.").unwrap();
    fs::write(
        d.join("escapes.txt"),
        "Title: Safe\x1b]0;pwned\x07 title\x1b[2J\nBody \x1b[31mred\x1b[0m text\x07.",
    )
    .unwrap();
    let c = loader::load(&[d.to_path_buf()]).unwrap();

    assert_eq!(c.articles.len(), 4, "{:#?}", c.issues);
    assert_eq!(issue_for(&c, "empty.txt").kind, IssueKind::Skipped);
    assert_eq!(issue_for(&c, "empty.txt").reason, "empty file");
    assert_eq!(issue_for(&c, "blank.txt").kind, IssueKind::Skipped);
    assert!(issue_for(&c, "binary.txt").reason.starts_with("binary file"));
    // Not UTF-8 at all: a legacy encoding, detected and decoded whole.
    assert!(!c.issues.iter().any(|i| i.path.ends_with("latin1.txt")), "{:#?}", c.issues);
    assert!(c.articles.iter().any(|a| a.key_points.first().is_some_and(|k| k == "Café crème.")));
    // UTF-8 with a stray byte stays UTF-8, the byte replaced.
    let stray = issue_for(&c, "stray.txt");
    assert_eq!(stray.kind, IssueKind::Repaired);
    assert!(stray.reason.contains("invalid UTF-8: 1 byte sequences replaced"), "{}", stray.reason);
    let lossy =
        c.articles.iter().find(|a| a.key_points.first().is_some_and(|k| k.starts_with("Stray"))).unwrap();
    assert_eq!(lossy.key_points[0], "Stray \u{FFFD} byte in naïve UTF-8.");

    assert_eq!(issue_for(&c, "escapes.txt").kind, IssueKind::Repaired);
    let safe = c.articles.iter().find(|a| a.title.starts_with("Safe")).unwrap();
    assert_eq!(safe.title, "Safe title");
    assert_eq!(safe.held_body().body, ["Body red text."]);
}

#[cfg(unix)]
#[test]
fn special_files_and_links_never_block_or_loop() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("good.txt"), "Key Points\n- Still here.\nBody.").unwrap();
    let fifo = d.join("pipe.txt");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    fs::create_dir(d.join("loop")).unwrap();
    symlink("..", d.join("loop/up")).unwrap();
    symlink(d.join("nowhere.txt"), d.join("dangling.txt")).unwrap();
    symlink(d.join("good.txt"), d.join("alias.txt")).unwrap();

    let c = loader::load(&[d.to_path_buf()]).unwrap();
    assert_eq!(titles(&c), ["Still here"], "the alias is the same file, read once");
    assert_eq!(issue_for(&c, "pipe.txt").reason, "not a regular file (named pipe)");
    assert_eq!(issue_for(&c, "dangling.txt").reason, "dangling symbolic link");
    assert!(issue_for(&c, "up").reason.contains("loop"), "{:#?}", c.issues);

    // A pipe named on the command line is refused too, not opened.
    let c = loader::load(&[fifo]).unwrap();
    assert!(c.articles.is_empty());
    assert_eq!(c.issues[0].reason, "not a regular file (named pipe)");
}

#[test]
fn a_twenty_megabyte_article_loads() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let paragraph = "A long paragraph of ordinary words that goes on for a while. ".repeat(8);
    let mut text = String::from("Key Points\n- A very long article.\n");
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(&paragraph);
        text.push('\n');
    }
    fs::write(&big, &text).unwrap();
    let c = loader::load(&[big]).unwrap();
    assert!(c.issues.is_empty());
    assert!(c.articles[0].held_body().body.len() > 40_000);
}

#[test]
fn bundled_samples_load_cleanly_and_cover_the_format() {
    let c = loader::load_samples();
    assert!(c.issues.is_empty(), "{:#?}", c.issues);
    assert!(c.articles.len() >= 12);
    let a = &c.articles;
    assert!(a.iter().any(|a| a.key_points.is_empty()), "an article without key points");
    assert!(a.iter().any(|a| a.held_body().body.is_empty()), "an article without a body");
    assert!(a.iter().any(|a| a.held_body().body.len() >= 50), "a long article");
    assert!(a.iter().any(|a| a.title.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c))), "Japanese");
    assert!(a.iter().any(|a| a.key_points.iter().any(|k| k.contains('\u{200d}'))), "ZWJ emoji");
    assert!(a.iter().any(|a| a.meta.source.is_some() && a.meta.tags.len() > 1), "a header block");
    // Decomposed accents in the file arrive composed.
    assert!(a.iter().any(|a| a.title.contains("S\u{e9}bastien")));
    // Markdown with front matter and styles, and a feed of several items.
    assert!(a.iter().any(|a| a.origin.file_name().ends_with(".md")
        && !a.held_body().styles.is_empty()
        && a.key_points.len() == 3));
    let feed: Vec<_> = a.iter().filter(|a| a.origin.file_name().ends_with(".xml")).collect();
    assert_eq!(feed.len(), 3);
    assert!(feed.iter().all(|a| a.meta.source.as_deref() == Some("Valley Wire") && a.meta.url.is_some()));
    // Titles are never file names.
    assert!(a.iter().all(|a| !a.title.ends_with(".txt")));
}

#[cfg(unix)]
#[test]
fn sockets_devices_and_huge_sparse_files_are_refused_without_reading_them() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("ok.txt"), "Key Points\n- Fine.").unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(d.join("socket.txt")).unwrap();
    symlink("/dev/zero", d.join("device.txt")).unwrap();
    // 2 GB that occupy no disk: a sparse file.
    let sparse = fs::File::create(d.join("sparse.txt")).unwrap();
    sparse.set_len(2 << 30).unwrap();
    let c = loader::load(&[d.to_path_buf()]).unwrap();
    assert_eq!(titles(&c), ["Fine"]);
    assert_eq!(issue_for(&c, "socket.txt").reason, "not a regular file (socket)");
    assert_eq!(issue_for(&c, "device.txt").reason, "not a regular file (device file)");
    assert!(issue_for(&c, "sparse.txt").reason.starts_with("too large (2048 MiB"), "{:#?}", c.issues);
}

#[test]
fn files_that_change_while_loading_never_stop_it() {
    // Files deleted, truncated and replaced while another thread loads the
    // folder again and again: every load finishes, and every file is
    // either loaded or reported.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    for i in 0..200 {
        fs::write(d.join(format!("{i:03}.txt")), format!("Key Points\n- Point {i}.\nBody {i}.")).unwrap();
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let (d, stop) = (d.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut i = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let path = d.join(format!("{:03}.txt", i % 200));
                match i % 3 {
                    0 => drop(fs::remove_file(&path)),
                    1 => drop(fs::write(&path, "")),
                    _ => drop(fs::write(&path, format!("Key Points\n- Replaced {i}.\n"))),
                }
                i += 1;
            }
        })
    };
    let names: std::collections::BTreeSet<String> = (0..200).map(|i| format!("{i:03}.txt")).collect();
    // Each file found is loaded or reported, once.
    let accounted = |c: &brief::loader::Collection| {
        let mut paths: Vec<String> = c.articles.iter().map(|a| a.origin.display()).collect();
        paths.extend(c.issues.iter().map(|i| i.path.clone()));
        paths.sort();
        let files = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), files, "a file both loaded and reported, or loaded twice");
        paths
    };
    for _ in 0..20 {
        let c = loader::load(std::slice::from_ref(&d)).unwrap();
        assert!(c.issues.iter().all(|i| !i.reason.is_empty()));
        for path in accounted(&c) {
            let name = std::path::Path::new(&path).file_name().unwrap().to_string_lossy().into_owned();
            assert!(names.contains(&name), "{path} is not one of the files");
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
    // Once the churn stops, what is on disk is exactly what is accounted for.
    let c = loader::load(std::slice::from_ref(&d)).unwrap();
    let mut on_disk: Vec<String> =
        fs::read_dir(&d).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    on_disk.sort();
    assert_eq!(accounted(&c), on_disk);
}

#[test]
fn files_over_a_parser_bound_are_reported_and_still_shown() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("deep.md"), format!("---\ntitle: {}\n---\nThe body stays.\n", "[".repeat(50_000)))
        .unwrap();
    let body = format!("{}deep text{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let item = |i: usize, body: &str| {
        format!("<item><title>Item {i}</title><description><![CDATA[{body}]]></description></item>")
    };
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>F</title>{}{}</channel></rss>",
        item(1, &body),
        item(2, "<p>fine</p>")
    );
    fs::write(d.join("deep.xml"), feed).unwrap();
    let c = loader::load(&[d.to_path_buf()]).unwrap();
    let md = issue_for(&c, "deep.md");
    assert_eq!(md.kind, IssueKind::Repaired);
    assert!(md.reason.starts_with("front matter ignored: 50000 brackets"), "{}", md.reason);
    let xml = issue_for(&c, "deep.xml");
    assert_eq!(xml.kind, IssueKind::Repaired);
    assert!(
        xml.reason.contains("nested over 256 deep") && xml.reason.ends_with("(1 of 2 items)"),
        "{}",
        xml.reason
    );
    let mut titles = titles(&c);
    titles.sort();
    assert_eq!(titles, ["Item 1", "Item 2", "The body stays"]);
}

#[test]
fn successive_bodies_of_one_feed_cost_one_parse() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.xml");
    let feed = |second: &str| {
        format!(
            "<rss version=\"2.0\"><channel><title>F</title><item><title>One</title><description>First.</description></item>\
             <item><title>Two</title><description>{second}</description></item></channel></rss>"
        )
    };
    fs::write(&path, feed("Second")).unwrap();
    let c = loader::load(std::slice::from_ref(&path)).unwrap();
    let (one, two) = (&c.articles[0], &c.articles[1]);
    assert_eq!(loader::read_body(&one.origin, &one.id).body, ["First."]);
    // The file is rewritten behind brief's back with its size and time
    // kept: a body read now comes from the items parsed a moment ago, not
    // from parsing the file again (which would not find item two's id).
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    fs::write(&path, feed("Sequel")).unwrap();
    fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
    assert_eq!(loader::read_body(&two.origin, &two.id).body, ["Second"]);
    // A change of stamp is a change: parsed again.
    fs::write(&path, feed("Sequels")).unwrap();
    assert!(loader::read_body(&two.origin, &two.id).body[0].contains("changed"));
}
