//! In-story find and collection search, driven through the state machine.

mod common;

use brief::app::{App, Editing, Pane, View};
use brief::article::Source;
use common::{articles, press, type_keys};
use ratatui::crossterm::event::KeyCode;

fn news() -> App {
    let body: Vec<String> =
        (0..60).map(|i| format!("Filler paragraph number {i} about nothing in particular.")).collect();
    let mut long_body: Vec<&str> = body.iter().map(String::as_str).collect();
    long_body.push("At the very end, the harbour ferry finally appears.");
    let collection = articles(&[
        (
            "Ferries go electric",
            &["The harbour ferry runs on batteries.", "Charging takes minutes."],
            &["The ferry crossing is quiet now.", "Batteries are charged at the pier."],
        ),
        ("Night trains return", &["A sleeper links three capitals."], &["No ferry is involved."]),
        ("Long read", &["Nothing about boats here."], &long_body),
        ("Café culture", &["Sébastien opened a café."], &["The café serves coffee."]),
    ]);
    App::new(collection, 120, 40)
}

fn hit_texts(app: &App) -> Vec<String> {
    let article = app.selected_article().unwrap();
    app.find()
        .hits
        .iter()
        .map(|h| match h.source {
            Source::KeyPoint(i) => article.key_points[i][h.range.clone()].to_string(),
            Source::Paragraph(i) => article.held_body().body[i][h.range.clone()].to_string(),
            Source::Title => article.title[h.range.clone()].to_string(),
            _ => String::new(),
        })
        .collect()
}

#[test]
fn find_is_incremental_and_respects_the_view() {
    let mut app = news();
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "/");
    assert_eq!(app.editing(), Some(Editing::Find));
    type_keys(&mut app, "f");
    assert_eq!(hit_texts(&app), ["F", "f"], "summary view: title and key points, prefix match");
    type_keys(&mut app, "err");
    assert_eq!(hit_texts(&app), ["Ferr", "ferr"]);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.editing(), None, "Enter keeps the query and leaves input");
    assert_eq!(app.find().query, "ferr");
    type_keys(&mut app, "s");
    assert_eq!(app.view(), View::Full);
    assert_eq!(hit_texts(&app), ["Ferr", "ferr", "ferr"], "full view adds the body");
}

#[test]
fn n_and_shift_n_wrap_around() {
    let mut app = news();
    type_keys(&mut app, "sl/batter");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.find().hits.len(), 2);
    assert_eq!(app.find().current, 0);
    type_keys(&mut app, "n");
    assert_eq!(app.find().current, 1);
    type_keys(&mut app, "n");
    assert_eq!(app.find().current, 0, "wraps to the first");
    type_keys(&mut app, "N");
    assert_eq!(app.find().current, 1, "wraps to the last");
}

#[test]
fn esc_clears_the_find() {
    let mut app = news();
    type_keys(&mut app, "l/ferry");
    assert!(!app.find().hits.is_empty());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.editing(), None);
    assert!(app.find().query.is_empty());
    assert!(app.find().hits.is_empty());
    assert_eq!(app.focus(), Pane::KeyPoints, "Esc leaves the find, not the article");
}

#[test]
fn the_view_scrolls_to_the_current_hit_and_keeps_it_across_resizes() {
    let mut app = news();
    type_keys(&mut app, "jjsl/appears");
    press(&mut app, KeyCode::Enter);
    assert_eq!(hit_texts(&app), ["appears"]);
    let doc = app.document().unwrap();
    let hit = app.find().hits[0].clone();
    let line = doc.body.iter().position(|l| l.source == hit.source).unwrap();
    let top = app.scroll(Pane::Article);
    assert!(top <= line && line < top + app.page_height(Pane::Article), "hit line {line} visible from {top}");
    for (w, h) in [(60, 15), (200, 50), (90, 20)] {
        app.update(brief::app::Event::Resize { width: w, height: h });
        let doc = app.document().unwrap();
        let line = doc
            .body
            .iter()
            .rposition(|l| l.source == hit.source && l.range.start <= hit.range.start)
            .unwrap();
        let top = app.scroll(Pane::Article);
        assert!(
            top <= line && line < top + app.page_height(Pane::Article),
            "{w}x{h}: line {line}, top {top}"
        );
        assert_eq!(app.find().current, 0);
    }
}

#[test]
fn collection_search_filters_ranks_and_restores() {
    let mut app = news();
    type_keys(&mut app, "jj");
    let before = app.current();
    type_keys(&mut app, "/ferry ");
    assert_eq!(app.editing(), Some(Editing::Search));
    let titles: Vec<&str> = app.shown().iter().map(|&i| app.articles()[i].title.as_str()).collect();
    assert_eq!(titles[0], "Ferries go electric", "key points and body beat body only");
    assert_eq!(titles.len(), 3);
    assert!(app.showing_results());
    let snippet = app.snippet(app.shown()[0]).unwrap();
    assert!(snippet.hits >= 2);
    assert!(!snippet.highlights.is_empty());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.shown().len(), 4, "Esc restores the whole list");
    assert_eq!(app.current(), before, "and the previous selection");
}

#[test]
fn a_snippet_comes_from_the_story_not_from_the_metadata_line() {
    let mut app = App::new(
        common::articles(&[(
            "Tides",
            &[],
            &["The harbour closed early.", "Boats moored by the old mill were safe."],
        )]),
        80,
        24,
    );
    type_keys(&mut app, "/m");
    let snippet = app.snippet(app.shown()[0]).unwrap();
    // "1 min read" in the metadata line matches too, and is counted as a
    // find in the story counts it, but the row shows the story's words.
    assert!(snippet.text.contains("moored"), "{:?}", snippet.text);
    assert!(!snippet.text.contains("min read"), "{:?}", snippet.text);
    assert_eq!(snippet.hits, 3);
}

#[test]
fn enter_on_a_result_carries_the_query_into_the_story() {
    let mut app = news();
    type_keys(&mut app, "/appears");
    assert_eq!(app.shown().len(), 1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_article().unwrap().title, "Long read");
    assert_eq!(app.find().query, "appears");
    assert_eq!(app.view(), View::Full, "the only hit is in the body");
    assert_eq!(app.focus(), Pane::Article);
    assert!(app.scroll(Pane::Article) > 0, "scrolled to the hit at the end");
    // Back to the results, then Esc in the list ends the search.
    type_keys(&mut app, "h");
    assert_eq!(app.shown().len(), 1);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.shown().len(), 4);
}

#[test]
fn accents_case_and_phrases() {
    let mut app = news();
    type_keys(&mut app, "/SEBASTIEN cafe");
    assert_eq!(app.shown().len(), 1);
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/\"harbour ferry\"");
    let titles: Vec<&str> = app.shown().iter().map(|&i| app.articles()[i].title.as_str()).collect();
    assert_eq!(titles, ["Ferries go electric", "Long read"]);
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/\"ferry harbour\"");
    assert!(app.shown().is_empty());
}

#[test]
fn typing_defers_the_search_until_tick() {
    let mut app = news();
    type_keys(&mut app, "/");
    for c in "trains".chars() {
        app.update(common::key(KeyCode::Char(c)));
    }
    assert_eq!(app.shown().len(), 4, "nothing searched yet: stale queries are never run");
    app.tick();
    assert_eq!(app.shown().len(), 1);
}

#[test]
fn editing_keys() {
    let mut app = news();
    type_keys(&mut app, "l/ferry crossing");
    app.update(common::ctrl('w'));
    assert_eq!(app.find().query, "ferry ");
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.find().query, "ferry");
    app.update(common::ctrl('u'));
    assert_eq!(app.find().query, "");
    type_keys(&mut app, "q");
    assert_eq!(app.find().query, "q", "q is text while typing, not quit");
}

#[test]
fn filters_narrow_by_source_and_tag() {
    let mut app = App::new(brief::loader::load_samples(), 120, 40);
    type_keys(&mut app, "/source:\"valley wire\"");
    assert_eq!(app.shown().len(), 3);
    assert!(app.shown().iter().all(|&i| app.articles()[i].meta.source.as_deref() == Some("Valley Wire")));
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/tag:transport");
    let titles: Vec<&str> = app.shown().iter().map(|&i| app.articles()[i].title.as_str()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    type_keys(&mut app, " night");
    assert_eq!(app.shown().len(), 1, "words and filters combine");
}

#[test]
fn enter_on_a_key_point_jumps_to_its_evidence() {
    let mut app = App::new(brief::loader::load_samples(), 120, 40);
    let harbour =
        app.shown().iter().position(|&i| app.articles()[i].title.starts_with("Harbour ferries")).unwrap();
    for _ in 0..harbour {
        type_keys(&mut app, "j");
    }
    type_keys(&mut app, "l");
    assert_eq!(app.focus(), Pane::KeyPoints);
    type_keys(&mut app, "j"); // the second key point: charging at the pier
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view(), View::Full);
    assert_eq!(app.focus(), Pane::Article);
    let article = app.selected_article().unwrap();
    let hit = &app.find().hits[app.find().current];
    let Source::Paragraph(p) = hit.source else { panic!("evidence is in the body") };
    let body = article.held_body();
    let sentence = &body.body[p][hit.range.clone()];
    assert!(sentence.contains("charges") || sentence.contains("charging"), "{sentence}");
    // The evidence line is on screen.
    let doc = app.document().unwrap();
    let line =
        doc.body.iter().rposition(|l| l.source == hit.source && l.range.start <= hit.range.start).unwrap();
    let top = app.scroll(Pane::Article);
    assert!(top <= line && line < top + app.page_height(Pane::Article));
    // n goes to the next-best sentence, and round again.
    let (order, _) = app.find().visit.clone().unwrap();
    if order.len() > 1 {
        type_keys(&mut app, "n");
        assert_eq!(app.find().current, order[1]);
    }
}

#[test]
fn an_unsupported_key_point_says_so_and_an_extracted_one_points_at_itself() {
    let collection = common::articles(&[
        (
            "Unsupported",
            &["Quantum computers broke every cipher."],
            &["The bakery opened a second shop by the tram stop."],
        ),
        (
            "Extracted",
            &[],
            &[
                "The river festival returns to the old quay this weekend with boats and music. Organisers expect twenty thousand visitors over two days. It closes with fireworks over the quay on Sunday night.",
                "Food stalls from the harbour towns will line the quay for both days of the festival. The boat parade starts at noon on Saturday from the old lighthouse.",
            ],
        ),
    ]);
    let mut app = App::new(collection, 120, 40);
    type_keys(&mut app, "l");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.message(), Some("no passage in the text clearly supports this key point"));
    assert_eq!(app.view(), View::Summary, "nowhere arbitrary");
    type_keys(&mut app, "hjl");
    press(&mut app, KeyCode::Enter);
    let article = app.selected_article().unwrap();
    let hit = &app.find().hits[app.find().current];
    let Source::Paragraph(p) = hit.source else { panic!() };
    let points = &app.document().unwrap().extracted;
    assert_eq!(
        &article.held_body().body[p][hit.range.clone()],
        points[0],
        "the sentence the point was taken from"
    );
}

/// A story without key points, long enough to have some extracted, a
/// headline-only story, and a short story shown whole.
fn real_shapes() -> App {
    let collection = articles(&[
        (
            "Valley council votes on the new tram depot",
            &[],
            &[
                "The valley council voted on Tuesday to build a tram depot beside the old goods yard, ending a debate that had run for three years.",
                "Councillors said the depot would let the city double the number of trams on the river line by the end of the decade.",
                "Residents near the goods yard asked for a noise wall, and the council agreed to pay for one from the depot budget.",
                "Work on the depot is expected to begin in the spring, once the goods yard has been cleared of its last sidings.",
                "The tram operator welcomed the vote and promised to publish a timetable for the new services within a month.",
                "A group of cyclists asked that the depot entrance keep the riverside cycle path open during construction.",
            ],
        ),
        ("Tram fares frozen for another year", &[], &[]),
        ("Short note", &[], &["The ferry timetable changes on Monday. Tram times stay the same."]),
    ]);
    App::new(collection, 120, 40)
}

fn select_title(app: &mut App, start: &str) {
    press(app, KeyCode::Home);
    while !app.selected_article().unwrap().title.starts_with(start) {
        press(app, KeyCode::Down);
    }
}

#[test]
fn find_covers_extracted_key_points_the_title_and_a_story_shown_whole() {
    let mut app = real_shapes();
    select_title(&mut app, "Valley council");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view(), View::Summary);
    let doc = app.document().unwrap();
    assert!(!doc.extracted.is_empty(), "the story gets extracted key points");
    let in_points = doc.extracted.iter().filter(|p| p.to_lowercase().contains("depot")).count();
    assert!(in_points > 0);
    type_keys(&mut app, "/depot");
    press(&mut app, KeyCode::Enter);
    let sources: Vec<Source> = app.find().hits.iter().map(|h| h.source).collect();
    let point_hits = sources.iter().filter(|s| matches!(s, Source::KeyPoint(_))).count();
    assert!(point_hits >= in_points, "extracted bullets are found: {sources:?}");
    assert!(sources.contains(&Source::Title), "the title line is found: {sources:?}");

    // A headline-only story: its title is what there is to find.
    press(&mut app, KeyCode::Esc);
    select_title(&mut app, "Tram fares");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "/fares");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.find().hits.iter().map(|h| h.source).collect::<Vec<_>>(), [Source::Title]);

    // A story too short to summarize is shown whole in the summary view,
    // and find covers what is shown.
    press(&mut app, KeyCode::Esc);
    select_title(&mut app, "Short note");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view(), View::Summary);
    assert!(app.document().unwrap().whole);
    type_keys(&mut app, "/timetable");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.find().hits.len(), 1, "the body shown in the summary view is searched");
}

#[test]
fn the_list_and_the_reader_count_the_same_hits() {
    let mut app = real_shapes();
    type_keys(&mut app, "/tram");
    let counts: Vec<(String, usize)> = app
        .shown()
        .iter()
        .map(|&i| (app.articles()[i].title.clone(), app.snippet(i).map_or(0, |s| s.hits)))
        .collect();
    assert_eq!(counts.len(), 3, "{counts:?}");
    for (position, (title, listed)) in counts.iter().enumerate() {
        let mut app = real_shapes();
        type_keys(&mut app, "/tram");
        for _ in 0..position {
            common::drive(&mut app, common::ctrl('n'));
        }
        assert_eq!(&app.selected_article().unwrap().title, title);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.find().hits.len(), *listed, "{title}: listed with {listed} hits");
    }
}

#[test]
fn or_and_minus_work_in_the_list_and_in_the_story() {
    let mut app = news();
    let titles = |app: &App| -> Vec<String> {
        let mut t: Vec<String> = app.shown().iter().map(|&i| app.articles()[i].title.clone()).collect();
        t.sort();
        t
    };
    type_keys(&mut app, "/sleeper OR sébastien ");
    assert_eq!(titles(&app), ["Café culture", "Night trains return"]);
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/ferry -batteries");
    assert_eq!(titles(&app), ["Long read", "Night trains return"], "the story with batteries is left out");
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/ferry -\"harbour ferry\"");
    assert_eq!(titles(&app), ["Night trains return"], "an excluded phrase");
    press(&mut app, KeyCode::Esc);
    // In the story: a group's hits are any of its words; excluded words
    // are never hits.
    type_keys(&mut app, "gls/pier | crossing -ferry");
    assert_eq!(app.view(), View::Full);
    assert_eq!(app.selected_article().unwrap().title, "Ferries go electric");
    assert_eq!(hit_texts(&app), ["crossing", "pier"]);
}

fn titles(app: &App) -> Vec<&str> {
    app.shown().iter().map(|&i| app.articles()[i].title.as_str()).collect()
}

fn phrase_checks(effects: Vec<brief::app::Effect>) -> Vec<brief::app::PhraseCheck> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            brief::app::Effect::CheckPhrases(check) => Some(check),
            _ => None,
        })
        .collect()
}

#[test]
fn a_phrase_too_long_to_check_while_typing_lists_its_words_then_the_exact_results() {
    let mut app = news();
    // No phrase check fits: each is left to the worker.
    app.set_keystroke_budget(0);
    type_keys(&mut app, "/");
    for c in "\"ferry harbour\"".chars() {
        app.update(common::key(KeyCode::Char(c)));
    }
    let checks = phrase_checks(app.tick());
    assert_eq!(checks.len(), 1, "the exact check is asked for");
    assert_eq!(titles(&app), ["Ferries go electric", "Long read"], "its words, anywhere, at once");
    assert!(common::screen(&app).contains("checking the phrase…"), "{}", common::screen(&app));

    // The worker's answer for a query typed on from arrives too late to count.
    app.update(common::key(KeyCode::Backspace));
    let newer = phrase_checks(app.tick());
    for event in brief::jobs::perform(brief::app::Effect::CheckPhrases(checks[0].clone())) {
        app.update(event);
    }
    assert_eq!(titles(&app), ["Ferries go electric", "Long read"], "a stale check changes nothing");
    assert!(app.search().unwrap().checking);

    // The check for the query of now replaces the list with the exact results.
    for event in brief::jobs::perform(brief::app::Effect::CheckPhrases(newer[0].clone())) {
        app.update(event);
    }
    assert!(titles(&app).is_empty(), "the words are there, never in that order");
    assert!(!app.search().unwrap().checking);
    assert!(!common::screen(&app).contains("checking the phrase"));
    assert!(common::screen(&app).contains("No article matches."));

    // Within the budget, phrases are checked at once and nothing is asked.
    app.set_keystroke_budget(u64::MAX);
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/");
    for c in "\"harbour ferry\"".chars() {
        app.update(common::key(KeyCode::Char(c)));
    }
    assert!(phrase_checks(app.tick()).is_empty());
    assert_eq!(titles(&app), ["Ferries go electric", "Long read"]);
}
