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
