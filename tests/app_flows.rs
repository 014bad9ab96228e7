//! The state machine driven by events, without a terminal.

mod common;

use brief::app::{App, Effect, Event, Pane, View};
use brief::keymap::Action;
use common::{collection, ctrl, key, type_keys};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn app(n: usize) -> App {
    App::new(collection(n), 120, 40)
}

#[test]
fn starts_on_the_list_in_summary_view() {
    let app = app(5);
    assert_eq!(app.focus(), Pane::List);
    assert_eq!(app.view(), View::Summary);
    assert_eq!(app.selected(), 0);
    assert!(!app.help_visible());
}

#[test]
fn list_movement_clamps_at_both_ends() {
    let mut app = app(3);
    type_keys(&mut app, "k");
    assert_eq!(app.selected(), 0);
    type_keys(&mut app, "jjjjj");
    assert_eq!(app.selected(), 2);
    type_keys(&mut app, "g");
    assert_eq!(app.selected(), 0);
    type_keys(&mut app, "G");
    assert_eq!(app.selected(), 2);
    app.update(key(KeyCode::Up));
    assert_eq!(app.selected(), 1);
}

#[test]
fn paging_moves_the_selection_by_a_screen_and_keeps_it_visible() {
    let mut app = app(200);
    let page = app.page_height(Pane::List);
    assert!(page > 10);
    app.update(ctrl('d'));
    assert_eq!(app.selected(), page);
    let offset = app.scroll(Pane::List);
    assert!(offset <= app.selected() && app.selected() < offset + page);
    app.update(key(KeyCode::End));
    assert_eq!(app.selected(), 199);
    assert_eq!(app.scroll(Pane::List), 200 - page);
    app.update(ctrl('u'));
    assert_eq!(app.selected(), 199 - page);
}

#[test]
fn the_reading_side_follows_the_selection() {
    let mut app = app(3);
    assert_eq!(app.document().unwrap().article, 0);
    type_keys(&mut app, "j");
    assert_eq!(app.document().unwrap().article, 1);
    assert_eq!(app.selected_article().unwrap().title, "Article number 1");
}

#[test]
fn open_and_back_move_focus() {
    let mut app = app(3);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.focus(), Pane::KeyPoints);
    type_keys(&mut app, "h");
    assert_eq!(app.focus(), Pane::List);
    app.update(key(KeyCode::Right));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.focus(), Pane::List);
}

#[test]
fn toggle_view_switches_between_summary_and_full() {
    let mut app = app(3);
    type_keys(&mut app, "l");
    type_keys(&mut app, "s");
    assert_eq!(app.view(), View::Full);
    assert_eq!(app.focus(), Pane::Article, "full view reads the article");
    type_keys(&mut app, "s");
    assert_eq!(app.view(), View::Summary);
    assert_eq!(app.focus(), Pane::KeyPoints, "the article pane is hidden in summary");
}

#[test]
fn j_scrolls_in_the_reader_and_selects_in_the_list() {
    let mut app = app(3);
    type_keys(&mut app, "sl");
    type_keys(&mut app, "jjj");
    assert_eq!(app.scroll(Pane::Article), 3);
    assert_eq!(app.selected(), 0);
    type_keys(&mut app, "k");
    assert_eq!(app.scroll(Pane::Article), 2);
    type_keys(&mut app, "G");
    let max = app.content_lines(Pane::Article) - app.page_height(Pane::Article);
    assert_eq!(app.scroll(Pane::Article), max);
    type_keys(&mut app, "jjj");
    assert_eq!(app.scroll(Pane::Article), max, "scrolling stops at the end");
    type_keys(&mut app, "g");
    assert_eq!(app.scroll(Pane::Article), 0);
}

#[test]
fn selecting_another_article_resets_scroll() {
    let mut app = app(3);
    type_keys(&mut app, "sljjjj");
    assert!(app.scroll(Pane::Article) > 0);
    type_keys(&mut app, "hj");
    assert_eq!(app.scroll(Pane::Article), 0);
}

#[test]
fn tab_cycles_through_visible_panes() {
    let mut app = app(3);
    let mut seen = Vec::new();
    for _ in 0..3 {
        app.update(key(KeyCode::Tab));
        seen.push(app.focus());
    }
    assert_eq!(seen, [Pane::KeyPoints, Pane::List, Pane::KeyPoints]);
    type_keys(&mut app, "s");
    app.update(key(KeyCode::BackTab));
    assert_eq!(app.focus(), Pane::KeyPoints);
    app.update(key(KeyCode::BackTab));
    assert_eq!(app.focus(), Pane::List);
    app.update(key(KeyCode::BackTab));
    assert_eq!(app.focus(), Pane::Article);
}

#[test]
fn folding_key_points_takes_them_out_of_the_tab_order() {
    let mut app = app(3);
    type_keys(&mut app, "s");
    app.update(key(KeyCode::Tab));
    assert_eq!(app.focus(), Pane::KeyPoints);
    type_keys(&mut app, "c");
    assert!(app.key_points_folded());
    assert_eq!(app.focus(), Pane::Article);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.focus(), Pane::List);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.focus(), Pane::Article);
}

#[test]
fn help_opens_scrolls_and_closes_without_moving_anything() {
    let mut app = app(3);
    type_keys(&mut app, "?");
    assert!(app.help_visible());
    type_keys(&mut app, "jjq");
    assert!(!app.help_visible(), "q closes the help rather than quitting");
    assert_eq!(app.selected(), 0, "keys went to the help, not the list");
    type_keys(&mut app, "?");
    app.update(key(KeyCode::Esc));
    assert!(!app.help_visible());
}

#[test]
fn quit_and_ctrl_c_return_the_quit_effect() {
    let mut app = app(3);
    assert_eq!(app.update(key(KeyCode::Char('q'))), [Effect::Quit]);
    type_keys(&mut app, "?");
    assert_eq!(app.update(ctrl('c')), [Effect::Quit], "ctrl-c quits even from the help");
    assert_eq!(app.update(Event::Action(Action::Quit)), [Effect::Quit]);
}

#[test]
fn resize_rewraps_and_clamps_scroll() {
    let mut app = app(3);
    type_keys(&mut app, "slG");
    let wide_lines = app.content_lines(Pane::Article);
    app.update(Event::Resize { width: 30, height: 20 });
    assert!(app.content_lines(Pane::Article) > wide_lines, "narrower means more lines");
    assert_eq!(app.document().unwrap().width, 26, "one pane: the width less borders and padding");
    app.update(Event::Resize { width: 200, height: 100 });
    let max = app.content_lines(Pane::Article).saturating_sub(app.page_height(Pane::Article));
    assert!(app.scroll(Pane::Article) <= max);
}

#[test]
fn narrow_terminals_show_one_pane_at_a_time_with_the_same_keys() {
    let mut app = App::new(collection(3), 60, 20);
    assert!(app.page_height(Pane::List) > 0);
    assert_eq!(app.page_height(Pane::KeyPoints), 0, "reading side hidden while the list has focus");
    type_keys(&mut app, "l");
    assert_eq!(app.page_height(Pane::List), 0);
    assert!(app.page_height(Pane::KeyPoints) > 0);
    type_keys(&mut app, "s");
    assert_eq!(app.focus(), Pane::Article);
    assert!(app.page_height(Pane::Article) > 0);
    assert_eq!(app.page_height(Pane::KeyPoints), 0);
}

#[test]
fn an_empty_collection_is_safe_to_drive() {
    let mut app = App::new(brief::loader::Collection::default(), 80, 24);
    type_keys(&mut app, "jkgGlhs?jq");
    app.update(key(KeyCode::Enter));
    app.update(Event::Resize { width: 0, height: 0 });
    assert_eq!(app.focus(), Pane::List);
    assert!(app.document().is_none());
}

#[test]
fn key_release_events_are_ignored() {
    use ratatui::crossterm::event::{KeyEvent, KeyEventKind, KeyModifiers};
    let mut app = app(3);
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    app.update(Event::Key(release));
    assert_eq!(app.selected(), 0);
}

#[test]
fn sort_cycles_and_keeps_the_selection() {
    use brief::app::SortOrder;
    let mut app = App::new(brief::loader::load_samples(), 120, 40);
    type_keys(&mut app, "jjj");
    let chosen = app.current();
    type_keys(&mut app, "S");
    assert_eq!(app.sort(), SortOrder::Title);
    assert_eq!(app.current(), chosen, "the same article stays selected");
    let titles: Vec<String> = app.shown().iter().map(|&i| app.articles()[i].title.to_lowercase()).collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]), "{titles:?}");
    type_keys(&mut app, "S");
    assert_eq!(app.sort(), SortOrder::Source);
    let sources: Vec<Option<&str>> =
        app.shown().iter().map(|&i| app.articles()[i].meta.source.as_deref()).collect();
    let first_none = sources.iter().position(Option::is_none).unwrap();
    assert!(sources[first_none..].iter().all(Option::is_none), "sourceless last");
    type_keys(&mut app, "S");
    assert_eq!(app.sort(), SortOrder::Name);
    let names: Vec<String> =
        app.shown().iter().map(|&i| app.articles()[i].origin.file_name().to_string()).collect();
    let mut natural = names.clone();
    natural.sort_by(|a, b| brief::text::natural_cmp(a, b));
    assert_eq!(names, natural, "file names in natural order");
    type_keys(&mut app, "S");
    assert_eq!(app.sort(), SortOrder::Date);
    assert_eq!(app.shown(), (0..app.articles().len()).collect::<Vec<_>>());
}

#[test]
fn open_url_asks_the_runtime_or_says_why_not() {
    let mut app = App::new(brief::loader::load_samples(), 120, 40);
    let with_url = app.shown().iter().position(|&i| app.articles()[i].meta.url.is_some()).unwrap();
    for _ in 0..with_url {
        type_keys(&mut app, "j");
    }
    let url = app.selected_article().unwrap().meta.url.clone().unwrap();
    assert_eq!(app.update(key(KeyCode::Char('o'))), [Effect::OpenUrl(url)]);
    let without = app.shown().iter().position(|&i| app.articles()[i].meta.url.is_none()).unwrap();
    type_keys(&mut app, "g");
    for _ in 0..without {
        type_keys(&mut app, "j");
    }
    assert!(app.update(key(KeyCode::Char('o'))).is_empty());
    assert_eq!(app.message(), Some("this article has no web address"));
    type_keys(&mut app, "j");
    assert_eq!(app.message(), None, "the notice goes with the next key");
}

#[test]
fn open_url_refuses_what_is_not_a_web_page_and_says_why() {
    use std::sync::Arc;

    use brief::article::{Article, Meta, Origin};
    let urls = [
        ("javascript:alert(1)", "not opened: javascript: is not http or https"),
        ("file:///etc/passwd", "not opened: file: is not http or https"),
        ("data:text/html,x", "not opened: data: is not http or https"),
        ("--gpu-launcher=xcalc", "not opened: it is not a web address"),
    ];
    for (url, why) in urls {
        let meta = Meta { url: Some(url.to_string()), ..Meta::default() };
        let article =
            Article::new(Origin::Embedded("t.txt"), Some("T".into()), meta, vec!["P.".into()], vec![], None);
        let collection = brief::loader::Collection { articles: vec![Arc::new(article)], issues: Vec::new() };
        let mut app = App::new(collection, 120, 40);
        assert!(app.update(key(KeyCode::Char('o'))).is_empty(), "{url} must not be opened");
        assert_eq!(app.message(), Some(why));
    }
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_clicks_select() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mouse =
        |kind, column, row| Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE });
    let mut app = app(10);
    type_keys(&mut app, "s");
    // The list is on the left: wheel moves the selection.
    app.update(mouse(MouseEventKind::ScrollDown, 5, 5));
    assert_eq!(app.selected(), 1);
    // The article pane is at the bottom right: wheel scrolls it.
    app.update(mouse(MouseEventKind::ScrollDown, 80, 30));
    assert_eq!(app.scroll(Pane::Article), 3);
    assert_eq!(app.selected(), 1, "the list did not move");
    app.update(mouse(MouseEventKind::ScrollUp, 80, 30));
    assert_eq!(app.scroll(Pane::Article), 0);
    // Click on the fourth row (the border is row 0).
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 5, 4));
    assert_eq!(app.selected(), 3);
    assert_eq!(app.focus(), Pane::List);
    // Click the article pane: it takes focus.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 80, 30));
    assert_eq!(app.focus(), Pane::Article);
    // Click the selected row again while the list has focus: open it.
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 5, 4));
    app.update(mouse(MouseEventKind::Down(MouseButton::Left), 5, 4));
    assert_eq!(app.focus(), Pane::Article);
    assert_eq!(app.selected(), 3);
}

#[test]
fn the_front_page_streams_key_points_and_opens_articles() {
    let mut app = App::new(brief::loader::load_samples(), 100, 30);
    type_keys(&mut app, "f");
    assert_eq!(app.front().unwrap().cursor, 0);
    type_keys(&mut app, "jjj");
    assert_eq!(app.front().unwrap().cursor, 3);
    let article = app.shown()[3];
    type_keys(&mut app, "r");
    assert!(app.is_read(article));
    type_keys(&mut app, "G");
    let last = app.shown().len() - 1;
    assert_eq!(app.front().unwrap().cursor, last);
    assert!(app.front().unwrap().top > 0, "scrolled to show the last article");
    type_keys(&mut app, "gj");
    app.update(key(KeyCode::Enter));
    assert!(app.front().is_none());
    assert_eq!(app.selected(), 1);
    assert_ne!(app.focus(), Pane::List, "reading it");
    type_keys(&mut app, "hf");
    app.update(key(KeyCode::Esc));
    assert!(app.front().is_none());
    // `/` on the front page asks for a search of the list.
    type_keys(&mut app, "f/");
    assert!(app.front().is_none());
    assert_eq!(app.focus(), Pane::List);
    assert!(app.editing().is_some(), "the search prompt is open");
}

#[test]
fn a_jump_to_the_end_of_a_long_front_page_shows_as_many_stories_as_stepping_there() {
    let mut jumped = app(2000);
    type_keys(&mut jumped, "fG");
    let front = jumped.front().unwrap();
    assert_eq!(front.cursor, 1999);
    // Five lines a story (title, meta line, two points, blank): several fit.
    assert!((1990..1999).contains(&front.top), "top {}", front.top);
    // Stepping down from a screen above ends with the same stories shown.
    let mut stepped = app(2000);
    type_keys(&mut stepped, "f");
    type_keys(&mut stepped, "G");
    type_keys(&mut stepped, &"k".repeat(30));
    type_keys(&mut stepped, &"j".repeat(30));
    assert_eq!(stepped.front().unwrap(), front);
    // Moving up inside the screen does not scroll it.
    type_keys(&mut jumped, "k");
    assert_eq!(jumped.front().unwrap().top, front.top);
}

#[test]
fn undated_files_saved_together_open_in_name_order_and_are_not_called_newest_first() {
    use brief::article::{Article, Meta, Origin};
    use std::time::{Duration, SystemTime};
    // Ten files saved in one second, in name order; their modification
    // times differ by milliseconds.
    let saved = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let mut articles: Vec<_> = (1..=10)
        .map(|n| {
            let name: &'static str = Box::leak(format!("story{n}.txt").into_boxed_str());
            let at = saved + Duration::from_millis(n * 10);
            Article::new(
                Origin::Embedded(name),
                Some(format!("Story {n}")),
                Meta::default(),
                vec!["P.".into()],
                vec![],
                Some(at),
            )
        })
        .map(std::sync::Arc::new)
        .collect();
    brief::collection::sort_articles(&mut articles);
    let mut app = App::new(brief::collection::Collection { articles, issues: Vec::new() }, 120, 40);
    let titles: Vec<&str> = app.shown().iter().map(|&i| app.articles()[i].title.as_str()).collect();
    assert_eq!(titles[..3], ["Story 1", "Story 2", "Story 3"], "not the last file first");
    assert_eq!(titles[9], "Story 10", "2 before 10");
    assert!(!app.newest_first(), "no dates: not newest first");
    type_keys(&mut app, "f");
    assert!(!app.newest_first());
}

#[test]
fn r_fetches_in_the_background_once_at_a_time_and_says_how_it_went() {
    use brief::app::Fetched;
    let mut app = app(3);
    let effects = app.update(Event::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('R'),
        KeyModifiers::SHIFT,
    )));
    assert!(effects.contains(&Effect::Fetch), "{effects:?}");
    assert!(app.fetching().is_some());
    // A second R while the first runs asks for nothing more.
    let effects = app.update(Event::Action(Action::Fetch));
    assert!(!effects.contains(&Effect::Fetch));
    assert_eq!(app.message(), Some("already fetching"));
    app.update(Event::Fetching { done: 1, total: 4, new: 7 });
    assert_eq!(app.fetching().map(|f| (f.done, f.total, f.new)), Some((1, 4, 7)));
    let failure = Some(("Valley Wire".to_string(), "HTTP 404".to_string()));
    app.update(Event::Fetched(Ok(Fetched { feeds: 4, new: 12, failed: 1, first_failure: failure.clone() })));
    assert!(app.fetching().is_none());
    assert_eq!(app.message(), Some("fetched 4 feeds: 12 new articles; 1 failed (Valley Wire: HTTP 404)"));
    app.update(Event::Fetched(Ok(Fetched { feeds: 4, new: 0, failed: 3, first_failure: failure })));
    assert_eq!(
        app.message(),
        Some("fetched 4 feeds: 0 new articles; 3 failed (Valley Wire: HTTP 404; and 2 more)")
    );
    // Every feed failed: said plainly, with the first reason.
    let refused = "no server answers at 127.0.0.1:8765 (connection refused)".to_string();
    let all = Fetched { feeds: 6, new: 0, failed: 6, first_failure: Some(("Valley Wire".into(), refused)) };
    app.update(Event::Fetched(Ok(all)));
    assert_eq!(
        app.message(),
        Some("fetch failed: 6 of 6 feeds (no server answers at 127.0.0.1:8765 (connection refused))")
    );
    app.update(Event::Fetched(Ok(Fetched { feeds: 2, new: 5, failed: 0, first_failure: None })));
    assert_eq!(app.message(), Some("fetched 2 feeds: 5 new articles"));
    // And again, now that it is over; a fetch that cannot start says why.
    assert!(app.update(Event::Action(Action::Fetch)).contains(&Effect::Fetch));
    app.update(Event::Fetched(Err("open a folder to fetch into (brief ~/news)".into())));
    assert_eq!(app.message(), Some("fetch: open a folder to fetch into (brief ~/news)"));
    assert!(app.fetching().is_none());
}

fn layouts(effects: Vec<Effect>) -> Vec<brief::app::Layout> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Layout(job) => Some(job),
            _ => None,
        })
        .collect()
}

#[test]
fn a_long_article_shows_its_start_at_once_and_the_rest_once_wrapped_off_the_ui_thread() {
    // About 4.5 MB: past what the UI thread wraps itself.
    let words = "the tide came in over the harbour wall and the ferries waited ".repeat(12);
    let body: Vec<String> = (0..6000).map(|i| format!("Paragraph {i}. {words}")).collect();
    let body: Vec<&str> = body.iter().map(String::as_str).collect();
    let mut app = App::new(common::articles(&[("Long", &["A point."], &body)]), 80, 24);
    let mut jobs = layouts(app.update(Event::Action(Action::ToggleView)));
    assert_eq!(jobs.len(), 2, "the whole body is wrapped by a worker, for each view");
    assert!(layouts(app.update(Event::Action(Action::Open))).is_empty(), "not again");
    let jobs = jobs.split_off(1);
    let start = app.document().unwrap().clone();
    assert!(!start.complete);
    assert!(common::screen(&app).contains("Paragraph 0. the tide"), "{}", common::screen(&app));
    assert!(common::screen(&app).contains("wrapping the rest…"));
    type_keys(&mut app, "G");
    let bottom_of_start = app.scroll(Pane::Article);

    // A resize meanwhile asks for another layout; the first one, when it
    // comes, is for a width no longer shown and changes nothing.
    let jobs2 = layouts(app.update(Event::Resize { width: 100, height: 30 }));
    assert_eq!(jobs2.len(), 1);
    for event in brief::jobs::perform(Effect::Layout(jobs[0].clone())) {
        app.update(event);
    }
    assert!(!app.document().unwrap().complete, "a layout for 80 columns is not used at 100");

    let partial_lines = app.content_lines(Pane::Article);
    for event in brief::jobs::perform(Effect::Layout(jobs2[0].clone())) {
        app.update(event);
    }
    let doc = app.document().unwrap();
    assert!(doc.complete);
    assert!(doc.body.len() > partial_lines * 10, "{} lines, {partial_lines} before", doc.body.len());
    assert_eq!(doc.body[..partial_lines - 1], start_at(&app, partial_lines - 1));
    let page = app.page_height(Pane::Article);
    assert!(app.scroll(Pane::Article) > bottom_of_start, "G, pressed while wrapping, goes to the end");
    assert_eq!(app.scroll(Pane::Article) + page, app.content_lines(Pane::Article));
    assert!(common::screen(&app).contains("Paragraph 5999."), "{}", common::screen(&app));
    type_keys(&mut app, "g");
    assert!(common::screen(&app).contains("more lines"), "{}", common::screen(&app));
}

/// The first `n` lines of a partial document for the app's article, width and view.
fn start_at(app: &App, n: usize) -> Vec<brief::document::Line> {
    let doc = app.document().unwrap();
    let article = app.selected_article().unwrap();
    let start = brief::document::Document::build_start(
        doc.article,
        article,
        doc.text.clone(),
        doc.extracted.clone(),
        doc.width,
        doc.spacing,
    );
    start.body[..n].to_vec()
}

/// Two stories, the first with a body of about 4.5 MB (wrapped off the UI
/// thread), in the full view at 80×24, each document wrapped whole.
fn long_and_short() -> App {
    let words = "the tide came in over the harbour wall and the ferries waited ".repeat(12);
    let body: Vec<String> = (0..6000).map(|i| format!("Paragraph {i}. {words}")).collect();
    let body: Vec<&str> = body.iter().map(String::as_str).collect();
    let mut app = App::new(
        common::articles(&[("Long", &["A point."], &body), ("Short", &["B point."], &["Brief."])]),
        80,
        24,
    );
    lay_out(&mut app, Event::Action(Action::ToggleView));
    app
}

/// Sends an event and wraps whatever it asks to be wrapped.
fn lay_out(app: &mut App, event: Event) {
    for job in layouts(app.update(event)) {
        for event in brief::jobs::perform(Effect::Layout(job)) {
            app.update(event);
        }
    }
}

/// Leaves the long story for the short one and comes back to it: its
/// document is wrapped again, the rest of it by the returned job.
fn come_back(app: &mut App) -> Vec<brief::app::Layout> {
    lay_out(app, Event::Action(Action::SelectNext));
    let jobs = layouts(app.update(Event::Action(Action::SelectPrev)));
    assert!(!app.document().unwrap().complete);
    jobs
}

fn finish(app: &mut App, jobs: Vec<brief::app::Layout>) {
    for job in jobs {
        for event in brief::jobs::perform(Effect::Layout(job)) {
            app.update(event);
        }
    }
}

#[test]
fn the_end_asked_for_while_wrapping_is_gone_to_when_the_rest_arrives() {
    let mut app = long_and_short();
    let jobs = come_back(&mut app);
    app.update(Event::Action(Action::Open));
    type_keys(&mut app, "G");
    assert!(common::screen(&app).contains("article wrapping…"), "not the end yet: {}", common::screen(&app));
    finish(&mut app, jobs);
    let lines = app.content_lines(Pane::Article);
    assert_eq!(app.scroll(Pane::Article) + app.page_height(Pane::Article), lines, "at the end of it all");
    assert!(common::screen(&app).contains("Paragraph 5999."), "{}", common::screen(&app));
    assert!(common::screen(&app).contains("article end"));

    // Moved by hand meanwhile, the reader stays where it was taken.
    let jobs = come_back(&mut app);
    type_keys(&mut app, "Gg");
    finish(&mut app, jobs);
    assert_eq!(app.scroll(Pane::Article), 0);
}

#[test]
fn a_reading_position_survives_leaving_before_the_rest_is_wrapped_and_yields_to_a_move() {
    let mut app = long_and_short();
    app.update(Event::Action(Action::Open));
    for _ in 0..40 {
        app.update(Event::Action(Action::PageDown));
    }
    let read_at = app.scroll(Pane::Article);
    assert!(read_at > 500, "{:?} at {read_at}", app.focus());
    app.update(Event::Action(Action::Back));

    // Back to it, and away again before it is wrapped: the position stays.
    let jobs = come_back(&mut app);
    app.update(Event::Action(Action::Open));
    app.update(Event::Action(Action::Back));
    finish(&mut app, jobs);
    let jobs = come_back(&mut app);
    app.update(Event::Action(Action::Open));
    finish(&mut app, jobs);
    let restored = app.scroll(Pane::Article);
    assert!(restored > 500 && restored.abs_diff(read_at) < 10, "restored at {restored}, read at {read_at}");

    // A move made while it is wrapped wins over the position to restore.
    app.update(Event::Action(Action::Back));
    let jobs = come_back(&mut app);
    app.update(Event::Action(Action::Open));
    type_keys(&mut app, "j");
    finish(&mut app, jobs);
    assert_eq!(app.scroll(Pane::Article), 1);
}

fn finds(effects: Vec<Effect>) -> Vec<brief::app::FindJob> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Find(job) => Some(job),
            _ => None,
        })
        .collect()
}

#[test]
fn a_find_in_a_long_article_is_made_by_a_worker_and_only_the_latest_counts() {
    let mut app = long_and_short();
    lay_out(&mut app, Event::Action(Action::Open));
    app.update(Event::Action(Action::Search));
    let first = finds(app.update(common::key(KeyCode::Char('t'))));
    assert_eq!(first.len(), 1, "the key is answered; the hits are asked for");
    assert!(app.find().hits.is_empty());
    assert!(common::screen(&app).contains("finding…"), "{}", common::screen(&app));
    let second = finds(app.update(common::key(KeyCode::Char('i'))));
    assert_eq!(second.len(), 1);

    // The hits of "t" come after "ti" was typed: they are not shown.
    app.update(Event::Found(Box::new(first[0].clone().run())));
    assert!(app.find().hits.is_empty());
    app.update(Event::Found(Box::new(second[0].clone().run())));
    assert_eq!(app.find().hits.len(), 6000 * 12, "\"tide\" twelve times a paragraph");
    assert!(common::screen(&app).contains("hit 1/72000"), "{}", common::screen(&app));

    // The next key is found in the texts the worker folded.
    let third = finds(app.update(common::key(KeyCode::Char('x'))));
    app.update(Event::Found(Box::new(third[0].clone().run())));
    assert!(app.find().hits.is_empty());
    assert!(common::screen(&app).contains("no hits"), "{}", common::screen(&app));
}
