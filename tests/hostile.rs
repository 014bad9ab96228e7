//! Text that tries to talk to the terminal: whatever a file holds, the
//! bytes brief writes to the terminal carry no sequence that came from it.

mod common;

use std::fs;

use brief::app::App;
use brief::loader;
use common::type_keys;
use ratatui::backend::CrosstermBackend;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Everything an article file could use to reach the terminal.
const HOSTILE: &str = concat!(
    "Title: Nice \u{1b}]0;owned title\u{7} headline \u{202e}desrever\u{202c} \u{200b}zero\u{200b}width\n",
    "Key Points\n",
    "- Copy this \u{1b}]52;c;ZXZpbA==\u{7} to the clipboard \u{1b}]52;c;ZXZpbA==\u{1b}\\\n",
    "- Clear \u{1b}[2J\u{1b}[H the screen \u{1b}[31mred\u{1b}[0m and ring \u{7}\u{7}\n",
    "Move \u{1b}[10;10H the cursor, \u{1b}7save\u{1b}8 it, \u{9b}2J C1 clear, \u{1b}P+q544e\u{1b}\\ DCS query.\n",
    "Hyperlink \u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\ and \u{1b}[?1049l leave the screen.\n",
);

/// The sequences that must never appear in what brief writes.
const FORBIDDEN: [&str; 11] = [
    "\u{1b}]", // any OSC: title, clipboard, hyperlinks
    "\u{7}",
    "\u{1b}[2J",
    "\u{1b}[10;10H",
    "\u{1b}7",
    "\u{1b}8",
    "\u{9b}",
    "\u{1b}P",
    "\u{1b}[?1049l",
    "\u{202e}",
    "\u{200b}",
];

#[test]
fn nothing_from_a_file_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("hostile.txt"), HOSTILE).unwrap();
    fs::write(
        dir.path().join("hostile.md"),
        format!("+++\ntitle = \"MD \\u001b]0;x\\u0007 title\"\n+++\nBody &#x1b;]52;c;eA==&#7; and [link](javascript:\u{1b}[2J)\n\n{HOSTILE}"),
    )
    .unwrap();
    fs::write(
        dir.path().join("hostile.rss"),
        "<rss version=\"2.0\"><channel><title>Feed &#x1b;]0;t&#x7;</title><item><title>Item &#x1b;[2J</title>\
         <description>&lt;p&gt;Para &amp;#x1b;]52;c;eA==&amp;#7;&lt;/p&gt;</description></item></channel></rss>",
    )
    .unwrap();
    let collection = loader::load(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(collection.articles.len(), 3, "{:#?}", collection.issues);

    let mut app = App::new(collection, 120, 40);
    let mut out = Vec::new();
    {
        // A fixed viewport: no terminal is asked for its size, and nothing
        // but the frames is written.
        let viewport = Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40));
        let mut terminal =
            Terminal::with_options(CrosstermBackend::new(&mut out), TerminalOptions { viewport }).unwrap();
        // Every article, both views, with a find and a collection search
        // over the hostile words.
        for keys in ["", "l", "s", "/clip", "\r", "hj", "l", "hj", "l", "h/ring"] {
            type_keys(&mut app, keys);
            terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
        }
    }
    let written = String::from_utf8_lossy(&out);
    assert!(written.contains("clipboard") && written.contains("headline"), "the text itself is shown");
    for sequence in FORBIDDEN {
        assert!(!written.contains(sequence), "{sequence:?} reached the terminal");
    }
}

/// Every way a control byte or bidi control could come in besides article
/// text, as a marker `zq…qz` around it.
const VECTORS: [&str; 7] =
    ["\u{1b}[31m", "\u{1b}]0;X\u{7}", "\u{9b}", "\n", "\u{202e}", "\u{2066}", "\u{7f}"];

fn marked(vector: &str) -> String {
    format!("zq{vector}qz")
}

/// `s` as the inside of a TOML or JSON string: control and non-ASCII
/// characters as `\uXXXX`, so the file itself is valid.
fn escaped(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() { c.to_string() } else { format!("\\u{:04x}", c as u32) }
        })
        .collect()
}

/// Nothing unprintable in what brief wrote but line ends, and no line
/// that starts inside a marker (a raw newline from a name or a message).
fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    // The test's own list, not the library's.
    let unprintable = |c: char| {
        c.is_control()
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    let bad = text.chars().find(|&c| c != '\n' && unprintable(c));
    assert!(bad.is_none(), "{what}: {bad:?} reached the terminal:\n{text}");
    assert!(!text.lines().any(|l| l.starts_with("qz")), "{what}: a forged line:\n{text}");
}

fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .env("XDG_STATE_HOME", "/nonexistent/brief-test-state")
        .output()
        .unwrap()
}

/// Each vector in file names, folder names (the source), parser messages
/// and URLs, given to every command, and in config values and paths for
/// the errors: nothing unprintable is written to stdout or stderr, JSON
/// stays valid and keeps the real path, and legitimate names print as
/// they are.
#[test]
fn no_vector_reaches_stdout_or_stderr_from_any_surface() {
    let mut runs = 0;
    for vector in VECTORS {
        let m = marked(vector);
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(format!("src{m}"));
        fs::create_dir(&folder).unwrap();
        let file = folder.join(format!("name{m}.txt"));
        fs::write(&file, "Title: Story\n\nKey Points\n- A point.\n").unwrap();
        // URLs (and a title) in a feed, where JSON escapes can carry any vector.
        let e = escaped(&m);
        fs::write(
            folder.join("good.json"),
            format!(
                "{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Feed {e}\", \"items\": [\
                 {{\"id\": \"1\", \"title\": \"Story {e}\", \"url\": \"https://e.org/{e}\", \"content_text\": \"Body {e} end\"}}]}}"
            ),
        )
        .unwrap();
        // Parser messages that quote the file: a JSON Feed version and an XML tag.
        fs::write(folder.join("bad.json"), format!("{{\"version\": \"{}\", \"items\": []}}", escaped(&m)))
            .unwrap();
        fs::write(folder.join("bad.xml"), format!("<rss><channel><a{m}b></channel></rss>")).unwrap();
        let d = dir.path().to_str().unwrap();
        let list = run(&["list", "--json", d]);
        let items: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
        let txt =
            items.as_array().unwrap().iter().find(|i| i["path"].as_str().unwrap().ends_with(".txt")).unwrap();
        assert_eq!(txt["path"], file.to_str().unwrap(), "JSON keeps the real path, escaped");
        let id = txt["id"].as_str().unwrap().to_string();
        let commands: [&[&str]; 8] = [
            &["check", d],
            &["list", d],
            &["list", "--json", d],
            &["show", &id, d],
            &["show", "--json", &id, d],
            &["search", "story", d],
            &["search", "--json", "story", d],
            &["digest", d],
        ];
        for args in commands {
            let out = run(args);
            assert_clean(&format!("{args:?} {vector:?} stdout"), &out.stdout);
            assert_clean(&format!("{args:?} {vector:?} stderr"), &out.stderr);
            if args.contains(&"--json") {
                serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap();
            }
            runs += 1;
        }
        // Config values, names and paths, and the config file's own path.
        let configs = [
            format!("view = \"{e}\""),
            format!("[keys]\n\"j\" = \"{e}\""),
            format!("\"{e}\" = 1"),
            format!("folders = [\"/nonexistent/{e}\"]"),
        ];
        for text in configs {
            let config = dir.path().join(format!("config{m}.toml"));
            fs::write(&config, &text).unwrap();
            let out = run(&["--config", config.to_str().unwrap(), "list"]);
            assert_eq!(out.status.code(), Some(2), "{text}");
            assert_clean(&format!("config {text:?}"), &out.stderr);
            runs += 1;
        }
        let missing = dir.path().join(format!("missing{m}.toml"));
        let out = run(&["--config", missing.to_str().unwrap(), "list"]);
        assert_clean(&format!("missing config {vector:?}"), &out.stderr);
        runs += 1;
    }
    assert_eq!(runs, VECTORS.len() * (8 + 5));
}

/// Folder and file names in other scripts are names, not threats.
#[test]
fn names_in_other_scripts_print_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, name) in [("समाचार", "लेख.txt"), ("ニュース", "記事.txt"), ("أخبار", "مقال.txt")]
    {
        fs::create_dir(dir.path().join(folder)).unwrap();
        fs::write(dir.path().join(folder).join(name), "").unwrap();
        // Texts of their own: files with the same text are listed once.
        let text = format!("Key Points\n- A point from {folder}.\n");
        fs::write(dir.path().join(folder).join(format!("ok-{name}")), text).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let check = String::from_utf8(run(&["check", d]).stdout).unwrap();
    let list = String::from_utf8(run(&["list", d]).stdout).unwrap();
    for (folder, name) in [("समाचार", "लेख.txt"), ("ニュース", "記事.txt"), ("أخبار", "مقال.txt")]
    {
        let path = dir.path().join(folder).join(name);
        assert!(check.contains(&format!("{}: skipped: empty file", path.display())), "{check}");
        assert!(list.contains(folder), "{list}");
    }
}

/// The reader draws folder and file names as sources and titles: with
/// every vector in them, nothing of them reaches the terminal.
#[test]
fn names_from_the_file_system_are_clean_in_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    for (i, vector) in VECTORS.iter().enumerate() {
        let folder = dir.path().join(format!("src{}", marked(vector)));
        fs::create_dir(&folder).unwrap();
        // No text: the title falls back to the file name.
        fs::write(folder.join(format!("{i}{}.txt", marked(vector))), "Key Points\n- A point.\n").unwrap();
    }
    let collection = loader::load(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(collection.articles.len(), VECTORS.len());
    let mut app = App::new(collection, 120, 40);
    let mut out = Vec::new();
    {
        let viewport = Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40));
        let mut terminal =
            Terminal::with_options(CrosstermBackend::new(&mut out), TerminalOptions { viewport }).unwrap();
        for keys in ["", "S", "j", "l", "s", "hj", "j", "j", "j", "j"] {
            type_keys(&mut app, keys);
            terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
        }
    }
    let written = String::from_utf8_lossy(&out);
    assert!(written.contains("srczqqz"), "the sources are shown");
    for sequence in ["\u{1b}]", "\u{7}", "\u{1b}[31m", "\u{9b}", "\u{202e}", "\u{2066}", "\u{7f}", "zq\n"] {
        assert!(!written.contains(sequence), "{sequence:?} reached the terminal");
    }
}
