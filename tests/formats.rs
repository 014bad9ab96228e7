//! Markdown, feeds and plain text side by side, including broken files.

mod common;

use std::path::{Path, PathBuf};

use brief::app::App;
use brief::article::BlockKind;
use brief::loader::{self, IssueKind};
use common::type_keys;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn mixed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mixed")
}

#[test]
fn a_mixed_folder_loads_every_format_in_date_order() {
    let c = loader::load(&[mixed()]).unwrap();
    let mut rows: Vec<(&str, Option<&str>)> =
        c.articles.iter().map(|a| (a.title.as_str(), a.meta.source.as_deref())).collect();
    // The last two have neither date nor sequence number: they go by
    // modification time, which a fresh checkout does not fix.
    rows[8..].sort();
    assert_eq!(
        rows,
        [
            ("TOML fixture", Some("Toml Times")),
            ("YAML fixture", Some("Yaml Daily")),
            ("Plain text fixture", Some("Text Source")),
            ("RSS one", Some("Fixture RSS")),
            ("RSS two", Some("Fixture RSS")),
            ("Atom one", Some("Fixture Atom")),
            ("JSON one", Some("Fixture JSON")),
            ("JSON two", Some("Fixture JSON")),
            ("Filed in a folder without a source", Some("notes")),
            ("The body still loads", None),
        ]
    );
}

#[test]
fn broken_files_are_reported_with_line_and_column() {
    let c = loader::load(&[mixed()]).unwrap();
    let find = |name: &str| c.issues.iter().find(|i| i.path.ends_with(name)).unwrap();
    let xml = find("broken.xml");
    assert_eq!(xml.kind, IssueKind::Skipped);
    assert!(xml.reason.starts_with("malformed XML: line 4, column 23:"), "{}", xml.reason);
    let json = find("broken.json");
    assert!(json.reason.starts_with("malformed JSON feed: line 3, column 24:"), "{}", json.reason);
    let front = find("broken-front.md");
    assert_eq!(front.kind, IssueKind::Repaired);
    assert!(front.reason.starts_with("front matter ignored: line 3, column 19:"), "{}", front.reason);
    assert_eq!(c.issues.len(), 3);
}

#[test]
fn markdown_front_matter_and_key_points_section() {
    let c = loader::load(&[mixed().join("toml.md"), mixed().join("yaml.md")]).unwrap();
    let toml = &c.articles[0];
    assert_eq!(toml.meta.date.unwrap().iso(), "2026-11-12T09:30:00+00:00");
    assert_eq!(toml.meta.tags, ["alpha", "beta"]);
    assert_eq!(toml.key_points, ["Point from a section.", "Another point."]);
    assert_eq!(toml.held_body().body, ["Body with bold and a [link][1].", "[1]: https://example.org/l"]);
    let yaml = &c.articles[1];
    assert_eq!(yaml.meta.author.as_deref(), Some("Yan"));
    assert_eq!(yaml.key_points, ["A YAML point."]);
    // A heading that differs from the title stays in the body.
    assert_eq!(yaml.held_body().block_kind(0), BlockKind::Heading(1));
    assert_eq!(yaml.held_body().body[1], "YAML body.");
}

#[test]
fn one_feed_file_is_several_articles() {
    let c = loader::load(&[mixed().join("feed.json")]).unwrap();
    assert_eq!(c.articles.len(), 2);
    assert_eq!(c.articles[0].held_body().body, ["JSON body one."]);
    assert_eq!(c.articles[1].held_body().body, ["JSON body two."]);
    assert_ne!(c.articles[0].id, c.articles[1].id);
}

#[test]
fn rendered_markdown_article() {
    let mut app = App::new(loader::load_samples(), 100, 40);
    let index = app.shown().iter().position(|&i| app.articles()[i].title.starts_with("Night trams")).unwrap();
    for _ in 0..index {
        type_keys(&mut app, "j");
    }
    type_keys(&mut app, "sl");
    let mut terminal = Terminal::new(TestBackend::new(100, 40)).unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    assert_snapshot!("markdown_full_100x40", terminal.backend().to_string());
}
