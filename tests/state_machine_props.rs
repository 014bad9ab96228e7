//! Random sequences of keys, resizes, mouse events, typed queries and
//! collection changes on random small collections: the state machine must
//! never panic, must keep its selection, focus and scroll valid, and must
//! never draw half a grapheme.

use std::sync::Arc;

mod common;

use brief::app::{App, Event, Pane};
use brief::article::{Article, Meta, Origin};
use brief::live::Change;
use brief::loader::{Collection, FileLoad};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use unicode_segmentation::UnicodeSegmentation;

fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "word ",
        "harbour ",
        "Café ",
        "e\u{301}",
        "日本語",
        "の",
        "👍🏽",
        "👨\u{200d}👩\u{200d}👧",
        "🇯🇵",
        "שלום ",
        "مرحبا ",
        "x",
        ". ",
        ", ",
        "long-hyphenated-word ",
        "\u{300}",
    ]);
    // Through the same hygiene as every file's text, and trimmed as the
    // parsers trim.
    prop::collection::vec(pieces, 0..30).prop_map(|v| brief::text::sanitize(&v.concat()).0.trim().to_string())
}

fn article(n: usize) -> impl Strategy<Value = Article> {
    (text(), prop::collection::vec(text(), 0..4), prop::collection::vec(text(), 0..12)).prop_map(
        move |(title, kps, body)| {
            let kps = kps.into_iter().filter(|k| !k.trim().is_empty()).collect();
            let body = body.into_iter().filter(|b| !b.trim().is_empty()).collect();
            Article::new(
                Origin::File(format!("/c/{n}.txt").into()),
                Some(title),
                Meta::default(),
                kps,
                body,
                None,
            )
        },
    )
}

#[derive(Clone, Debug)]
enum Step {
    Key(char),
    Special(KeyCode),
    Resize(u16, u16),
    Wheel(bool, u16, u16),
    Click(u16, u16),
    /// Replace or remove the article file with this number.
    Change(usize, Option<Box<Article>>),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => prop::sample::select(vec!['j', 'k', 'g', 'G', 'l', 'h', 's', 'c', 'n', 'N', '/', 'S', 'u', 'r', 'b', '?', 'f', 'a', 'é', '日', ' ', '"', 'q'])
            .prop_map(Step::Key),
        3 => prop::sample::select(vec![KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Backspace,
            KeyCode::PageDown, KeyCode::PageUp, KeyCode::Up, KeyCode::Down]).prop_map(Step::Special),
        2 => (0u16..=160, 0u16..=50).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (0u16..=400, 0u16..=120).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (any::<bool>(), 0u16..200, 0u16..60).prop_map(|(d, x, y)| Step::Wheel(d, x, y)),
        1 => (0u16..200, 0u16..60).prop_map(|(x, y)| Step::Click(x, y)),
        1 => (0usize..6, prop::option::of(article(0))).prop_map(|(n, a)| Step::Change(n, a.map(Box::new))),
    ]
}

fn check(app: &App) -> Result<(), TestCaseError> {
    let shown = app.shown();
    prop_assert!(shown.iter().all(|&i| i < app.articles().len()));
    if !shown.is_empty() {
        prop_assert!(app.selected() < shown.len());
    }
    for pane in [Pane::KeyPoints, Pane::Article] {
        let page = app.page_height(pane);
        if page > 0 {
            let max = app.content_lines(pane).saturating_sub(page);
            prop_assert!(app.scroll(pane) <= max, "{pane:?} scrolled to {} past {max}", app.scroll(pane));
        }
    }
    if app.focus() != Pane::List {
        prop_assert!(app.current().is_some(), "reading with nothing selected");
    }
    // Draw, and look for cut graphemes: a cell holding a combining mark
    // alone, or a wide symbol without room for its second column.
    let (w, h) = app.size();
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    app.render(buf.area, &mut buf);
    for y in 0..h {
        for x in 0..w {
            let symbol = buf[(x, y)].symbol();
            prop_assert!(symbol.graphemes(true).count() <= 1, "cell ({x},{y}) holds {symbol:?}");
            let starts_with_mark =
                symbol.chars().next().is_some_and(|c| ('\u{300}'..='\u{36f}').contains(&c));
            prop_assert!(!starts_with_mark, "cell ({x},{y}) is a lone combining mark");
            prop_assert!(!symbol.contains(char::is_control), "control character drawn at ({x},{y})");
        }
    }
    Ok(())
}

proptest! {
    // PROPTEST_CASES=2000 for a longer hunt; the suite runs 150.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(150),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_sequence_keeps_the_state_valid(
        articles in prop::collection::vec((0usize..6).prop_flat_map(article), 0..6),
        steps in prop::collection::vec(step(), 1..60),
        (w, h) in (0u16..=160, 0u16..=50),
    ) {
        // Give each article its own file number, as the loader would.
        let articles: Vec<Arc<Article>> = articles
            .into_iter()
            .enumerate()
            .map(|(n, a)| Arc::new(a.with_origin(Origin::File(format!("/c/{n}.txt").into()))))
            .collect();
        let mut app = App::new(Collection { articles, issues: Vec::new() }, w, h);
        check(&app)?;
        for step in steps {
            let effect = match step {
                Step::Key(c) => app.update(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))),
                Step::Special(code) => app.update(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))),
                Step::Resize(w, h) => app.update(Event::Resize { width: w, height: h }),
                Step::Wheel(down, x, y) => {
                    let kind = if down { MouseEventKind::ScrollDown } else { MouseEventKind::ScrollUp };
                    app.update(Event::Mouse(MouseEvent { kind, column: x, row: y, modifiers: KeyModifiers::NONE }))
                }
                Step::Click(x, y) => {
                    let kind = MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left);
                    app.update(Event::Mouse(MouseEvent { kind, column: x, row: y, modifiers: KeyModifiers::NONE }))
                }
                Step::Change(n, new) => {
                    let path = std::path::PathBuf::from(format!("/c/{n}.txt"));
                    let change = match new {
                        Some(a) => Change::File {
                            path: path.clone(),
                            load: FileLoad { articles: vec![Arc::new(a.with_origin(Origin::File(path)))], issue: None },
                        },
                        None => Change::Removed(path),
                    };
                    app.update(Event::Changes(vec![change]))
                }
            };
            common::work(&mut app, effect);
            common::tick(&mut app);
            check(&app)?;
        }
    }
}

/// An article file `/c/{folder}/{n}.txt`, dated or not.
fn dated(folder: usize, n: usize, day: Option<i64>) -> Arc<Article> {
    let date = day.map(|d| brief::article::Date {
        at: chrono::DateTime::from_timestamp(1_700_000_000 + d * 86_400, 0).unwrap().fixed_offset(),
        has_time: false,
    });
    let meta = Meta { date, ..Meta::default() };
    let path = std::path::PathBuf::from(format!("/c/{folder}/{n}.txt"));
    Arc::new(Article::new(
        Origin::File(path),
        Some(format!("{folder}-{n}-{day:?}")),
        meta,
        vec![],
        vec![],
        None,
    ))
}

fn file_change() -> impl Strategy<Value = (usize, Option<usize>, Option<Option<i64>>)> {
    // A folder, a file in it (none: the whole folder), and what it now
    // holds (none: removed).
    (
        0usize..3,
        prop::option::weighted(0.9, 0usize..6),
        prop::option::weighted(0.7, prop::option::of(0i64..9)),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Many changes in one event (a folder copied in) end as if applied
    /// one at a time to the articles, and the list is in date order.
    #[test]
    fn changes_in_one_event_end_as_applied_one_by_one(
        start in prop::collection::vec((0usize..3, 0usize..6, prop::option::of(0i64..9)), 0..12),
        changes in prop::collection::vec(file_change(), 1..30),
    ) {
        let mut model: Vec<Arc<Article>> = Vec::new();
        for (folder, n, day) in start {
            let a = dated(folder, n, day);
            model.retain(|m| m.origin != a.origin);
            model.push(a);
        }
        // In date order, as the loader gives a collection.
        brief::loader::sort_articles(&mut model);
        let mut app = App::new(Collection { articles: model.clone(), issues: Vec::new() }, 120, 40);
        let mut events = Vec::new();
        for (folder, file, now) in changes {
            let path = match file {
                Some(n) => std::path::PathBuf::from(format!("/c/{folder}/{n}.txt")),
                None => std::path::PathBuf::from(format!("/c/{folder}")),
            };
            model.retain(|a| !matches!(&a.origin, Origin::File(p) if p.starts_with(&path)));
            events.push(match (file, now) {
                (Some(n), Some(day)) => {
                    let a = dated(folder, n, day);
                    model.push(Arc::clone(&a));
                    Change::File { path, load: FileLoad { articles: vec![a], issue: None } }
                }
                _ => Change::Removed(path),
            });
        }
        let effects = app.update(Event::Changes(events));
        common::work(&mut app, effects);
        brief::loader::sort_articles(&mut model);
        let want: Vec<&Origin> = model.iter().map(|a| &a.origin).collect();
        let got: Vec<&Origin> = app.shown().iter().map(|&i| &app.articles()[i].origin).collect();
        prop_assert_eq!(got, want);
        // Each story unread once, however its copies came and went.
        let stories: std::collections::HashSet<&str> = model.iter().map(|a| a.id.as_str()).collect();
        prop_assert_eq!(app.unread_count(), stories.len());
    }
}
