//! The habits readers bring from newsboat, mutt, less and vim: q backs
//! out, J/K, paging keys, redraw, pipe, edit, mark-all-read with undo,
//! feedback for every toggle, and a prompt that edits and remembers.

mod common;

use std::sync::Arc;

use brief::app::{App, Effect, Event, Pane, View};
use brief::article::{Article, Meta, Origin};
use brief::collection::Collection;
use common::{collection, ctrl, drive, key, press, type_keys};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app(n: usize) -> App {
    App::new(collection(n), 120, 40)
}

fn shift(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT))
}

#[test]
fn q_backs_out_of_the_reader_and_quits_from_the_list_and_shift_q_quits_anywhere() {
    let mut app = app(3);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Pane::KeyPoints);
    assert!(drive(&mut app, key(KeyCode::Char('q'))).is_empty(), "q in the reader does not quit");
    assert_eq!(app.focus(), Pane::List, "it goes back to the list");
    assert_eq!(drive(&mut app, key(KeyCode::Char('q'))), [Effect::Quit]);
    let mut app = self::app(3);
    press(&mut app, KeyCode::Enter);
    assert_eq!(drive(&mut app, shift('Q')), [Effect::Quit]);
    // The front page is backed out of the same way.
    let mut app = self::app(3);
    type_keys(&mut app, "f");
    assert!(app.front().is_some());
    type_keys(&mut app, "q");
    assert!(app.front().is_none());
}

#[test]
fn shift_j_and_k_read_the_next_and_previous_article_in_the_same_view() {
    let mut app = app(4);
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "s");
    assert_eq!((app.view(), app.focus()), (View::Full, Pane::Article));
    drive(&mut app, shift('J'));
    assert_eq!(app.selected(), 1);
    assert_eq!((app.view(), app.focus()), (View::Full, Pane::Article), "still reading, same view");
    assert!(app.is_read(app.current().unwrap()), "read as opening would");
    drive(&mut app, shift('K'));
    assert_eq!(app.selected(), 0);
    drive(&mut app, shift('K'));
    assert_eq!(app.message(), Some("this is the first article"));
}

#[test]
fn shift_a_marks_every_listed_article_read_and_shift_u_undoes_it() {
    let mut app = app(5);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.unread_count(), 4);
    drive(&mut app, shift('A'));
    assert_eq!(app.unread_count(), 0);
    assert_eq!(app.message(), Some("marked 4 articles read (U undoes)"));
    drive(&mut app, shift('U'));
    assert_eq!(app.unread_count(), 4, "the one read before stays read");
    assert!(app.is_read(0));
    drive(&mut app, shift('U'));
    assert_eq!(app.message(), Some("nothing to undo"));
}

#[test]
fn ctrl_f_and_ctrl_b_page_and_ctrl_l_redraws() {
    let mut app = app(200);
    drive(&mut app, ctrl('f'));
    let page = app.selected();
    assert!(page > 10, "a page down: {page}");
    drive(&mut app, ctrl('b'));
    assert_eq!(app.selected(), 0);
    assert_eq!(drive(&mut app, ctrl('l')), [Effect::Redraw]);
}

#[test]
fn toggles_say_what_they_did_and_u_filters_only_in_the_list() {
    let mut app = app(3);
    type_keys(&mut app, "r");
    assert_eq!(app.message(), Some("marked read"));
    type_keys(&mut app, "r");
    assert_eq!(app.message(), Some("marked unread"));
    type_keys(&mut app, "b");
    assert_eq!(app.message(), Some("bookmarked"));
    type_keys(&mut app, "b");
    assert_eq!(app.message(), Some("bookmark removed"));
    type_keys(&mut app, "u");
    assert_eq!(app.message(), Some("listing unread only"));
    type_keys(&mut app, "uu");
    press(&mut app, KeyCode::Enter);
    let listed = app.shown().len();
    type_keys(&mut app, "u");
    assert_eq!(app.shown().len(), listed, "u in the reader does not change the list behind it");
}

#[test]
fn c_in_the_summary_view_explains_instead_of_folding_unseen() {
    let mut app = app(2);
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "c");
    assert!(!app.key_points_folded());
    assert_eq!(app.message(), Some("key points fold in the full view (s)"));
    type_keys(&mut app, "sc");
    assert!(app.key_points_folded());
}

#[test]
fn pipe_hands_over_the_article_as_text() {
    let mut app = app(2);
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "|");
    let effects = drive(&mut app, key(KeyCode::Enter));
    let [Effect::Pipe { command, text }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(*command, None, "empty: the pager");
    assert!(text.starts_with("Article number 0\n"), "{text}");
    assert!(text.contains("- Key point one of article 0."));
    assert!(text.contains("Paragraph 39 of article 0"));
    type_keys(&mut app, "|wc -l");
    let effects = drive(&mut app, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::Pipe { command: Some(c), .. }] if c == "wc -l"));
}

#[test]
fn e_edits_the_file_and_a_sample_says_it_has_none() {
    let path = std::path::PathBuf::from("/news/a.txt");
    let article =
        Article::new(Origin::File(path.clone()), None, Meta::default(), vec!["P.".into()], vec![], None);
    let mut app = App::new(Collection { articles: vec![Arc::new(article)], issues: Vec::new() }, 100, 30);
    assert_eq!(drive(&mut app, key(KeyCode::Char('e'))), [Effect::Edit(path)]);
    let mut samples = App::new(brief::loader::load_samples(), 100, 30);
    assert!(drive(&mut samples, key(KeyCode::Char('e'))).is_empty());
    assert_eq!(samples.message(), Some("a bundled sample has no file to edit"));
}

#[test]
fn a_program_that_fails_is_reported() {
    let mut app = app(1);
    app.update(Event::Notice("the browser xdg-open not found".into()));
    assert_eq!(app.message(), Some("the browser xdg-open not found"));
}

#[test]
fn a_find_that_finds_nothing_says_so_and_ends() {
    let mut app = app(2);
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "/zebra");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.message(), Some("no hits for zebra"));
    assert!(app.find().query.is_empty(), "no find is left behind to say \"no hits\"");
}

#[test]
fn the_prompt_edits_at_its_cursor_repeats_and_remembers() {
    let mut app = app(3);
    press(&mut app, KeyCode::Enter);
    // Typed "pont", fixed to "point" by moving the cursor.
    type_keys(&mut app, "/pont");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    type_keys(&mut app, "i");
    assert_eq!(app.find().query, "point");
    press(&mut app, KeyCode::Home);
    type_keys(&mut app, "key ");
    press(&mut app, KeyCode::End);
    type_keys(&mut app, " one");
    assert_eq!(app.find().query, "key point one");
    press(&mut app, KeyCode::Enter);
    let hits = app.find().hits.len();
    assert!(hits > 0);
    // Enter on an empty prompt repeats the last query.
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.find().query, "key point one");
    assert_eq!(app.find().hits.len(), hits);
    // Up walks the history, Down comes back to what was typed.
    type_keys(&mut app, "/two");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "/dra");
    press(&mut app, KeyCode::Up);
    assert_eq!(app.find().query, "two");
    press(&mut app, KeyCode::Up);
    assert_eq!(app.find().query, "key point one");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.find().query, "dra");
    // The history is handed over to be kept, and taken back next run.
    let history = app.take_changed_history().unwrap();
    assert_eq!(history, ["key point one", "two"]);
    let mut next = self::app(3);
    next.set_history(history);
    type_keys(&mut next, "/");
    press(&mut next, KeyCode::Up);
    assert_eq!(next.search().unwrap().query, "two");
}

#[test]
fn copies_of_one_story_are_listed_once_and_counted_once() {
    let copy = |path: &str| {
        let text = vec!["The same body in two files.".to_string()];
        let a = Article::new(
            Origin::File(path.into()),
            Some("Twice saved".into()),
            Meta::default(),
            vec![],
            text,
            None,
        );
        Arc::new(a)
    };
    let other = Article::new(
        Origin::File("/n/c.txt".into()),
        Some("Other".into()),
        Meta::default(),
        vec![],
        vec!["x".into()],
        None,
    );
    let articles = vec![copy("/n/a.txt"), copy("/n/b.txt"), Arc::new(other)];
    let mut app = App::new(Collection { articles, issues: Vec::new() }, 120, 30);
    assert_eq!(app.shown().len(), 2, "the story once, and the other");
    assert_eq!(app.unread_count(), 2);
    type_keys(&mut app, "/twice");
    assert_eq!(app.shown().len(), 1, "a search lists it once too");
}

#[test]
fn while_loading_the_selection_stays_on_the_first_row_until_the_user_moves_it() {
    use brief::article::Date;
    use brief::collection::Batch;
    let dated = |title: &str, date: &str| {
        let meta = Meta { date: Date::parse(date), ..Meta::default() };
        Arc::new(Article::new(
            Origin::Embedded("t.txt"),
            Some(title.into()),
            meta,
            vec!["P.".into()],
            vec![],
            None,
        ))
    };
    // Two batches, the newer story in the second; `keys` pressed between.
    let load = |keys: &str| {
        let mut app = App::new(Collection::default(), 120, 30);
        app.start_loading();
        let first = vec![dated("Older", "2026-01-01"), dated("Oldest", "2025-01-01")];
        drive(&mut app, Event::Loaded(Batch { articles: first, ..Batch::default() }));
        type_keys(&mut app, keys);
        let newer = vec![dated("Newest", "2026-11-01")];
        drive(&mut app, Event::Loaded(Batch { articles: newer, done: true, ..Batch::default() }));
        app
    };
    let app = load("");
    assert_eq!(app.selected(), 0);
    assert_eq!(app.selected_article().unwrap().title, "Newest", "the newest, on row 1");
    // Once the user has chosen, the choice is kept.
    let app = load("j");
    assert_eq!(app.selected_article().unwrap().title, "Oldest");
}

#[test]
fn a_find_carried_from_a_search_does_not_follow_into_the_next_story_opened() {
    let mut app = app(5);
    type_keys(&mut app, "/article 2");
    press(&mut app, KeyCode::Enter);
    assert!(!app.find().query.is_empty(), "the search's query is the find in the result");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    assert!(
        app.find().query.is_empty(),
        "another story, opened by hand, has no find: {:?}",
        app.find().query
    );
}
