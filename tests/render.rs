//! Rendered screens, compared with reviewed snapshots (insta + TestBackend).

mod common;

use brief::app::{App, Event};
use brief::loader::{self, Collection};
use common::{key, type_keys};
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn screen(app: &App) -> String {
    let (w, h) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|frame| frame.render_widget(app, frame.area())).unwrap();
    terminal.backend().to_string()
}

/// The runs of text drawn in `style`'s colours, row by row.
fn styled(buf: &Buffer, style: ratatui::style::Style) -> Vec<String> {
    let mut runs = Vec::new();
    for y in 0..buf.area.height {
        let mut run = String::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if Some(cell.bg) == style.bg && Some(cell.fg) == style.fg {
                run.push_str(cell.symbol());
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

fn samples_at(width: u16, height: u16) -> App {
    App::new(loader::load_samples(), width, height)
}

/// Selects the sample whose title starts with `prefix`.
fn select(app: &mut App, prefix: &str) {
    let index = app.articles().iter().position(|a| a.title.starts_with(prefix)).expect("sample exists");
    app.update(key(KeyCode::Home));
    for _ in 0..index {
        app.update(key(KeyCode::Down));
    }
}

#[test]
fn both_views_at_every_reference_size() {
    for (w, h) in [(120, 40), (80, 24), (40, 12), (1, 1)] {
        let mut app = samples_at(w, h);
        select(&mut app, "Harbour ferries");
        assert_snapshot!(format!("summary_list_{w}x{h}"), screen(&app));
        type_keys(&mut app, "l");
        assert_snapshot!(format!("summary_reading_{w}x{h}"), screen(&app));
        type_keys(&mut app, "s");
        assert_snapshot!(format!("full_reading_{w}x{h}"), screen(&app));
    }
}

#[test]
fn wide_and_combining_text() {
    let mut app = samples_at(80, 24);
    select(&mut app, "駅前");
    type_keys(&mut app, "s");
    assert_snapshot!("japanese_full_80x24", screen(&app));
    select(&mut app, "Storm week");
    assert_snapshot!("emoji_full_80x24", screen(&app));
    app.update(Event::Resize { width: 41, height: 16 });
    type_keys(&mut app, "l");
    assert_snapshot!("emoji_full_41x16", screen(&app));
}

#[test]
fn scrolled_long_article_and_folded_key_points() {
    let mut app = samples_at(100, 30);
    select(&mut app, "City marathon");
    type_keys(&mut app, "sl");
    app.update(common::ctrl('d'));
    type_keys(&mut app, "jj");
    assert_snapshot!("long_article_scrolled", screen(&app));
    type_keys(&mut app, "c");
    assert_snapshot!("long_article_folded", screen(&app));
}

#[test]
fn help_overlay_lists_the_keymap() {
    let mut app = samples_at(80, 34);
    type_keys(&mut app, "?");
    assert_snapshot!("help_80x34", screen(&app));
}

#[test]
fn empty_collection_and_problem_count() {
    let app = App::new(Collection::default(), 80, 10);
    assert_snapshot!("empty_80x10", screen(&app));
    let mut collection = loader::load_samples();
    collection.issues.push(loader::FileIssue {
        path: "x.txt".into(),
        kind: loader::IssueKind::Skipped,
        reason: "empty file".into(),
    });
    let app = App::new(collection, 100, 8);
    let text = screen(&app);
    assert!(text.contains("1 file skipped or repaired (brief check)"), "{text}");
}

#[test]
fn every_size_renders_without_panic() {
    let mut app = samples_at(10, 10);
    select(&mut app, "City marathon");
    type_keys(&mut app, "slG");
    for w in (0..=130).step_by(7) {
        for h in (0..=45).step_by(3) {
            app.update(Event::Resize { width: w, height: h });
            // Straight into a buffer: TestBackend cannot be zero-sized.
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            (&app).render(buf.area, &mut buf);
        }
    }
    app.update(Event::Resize { width: 400, height: 120 });
    screen(&app);
}

#[test]
fn find_highlights_every_hit_and_the_current_one() {
    let mut app = samples_at(100, 30);
    select(&mut app, "Harbour ferries");
    type_keys(&mut app, "sl/ferr");
    common::press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "n");
    assert_snapshot!("find_full_100x30", screen(&app));
    // Colours are not in the text snapshot: check them on the buffer.
    let (w, h) = app.size();
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    (&app).render(buf.area, &mut buf);
    let theme = brief::theme::Theme::default();
    assert_eq!(styled(&buf, theme.current_highlight), ["ferr"]);
    assert!(styled(&buf, theme.highlight).iter().all(|w| w.eq_ignore_ascii_case("ferr")));
    assert!(styled(&buf, theme.highlight).len() >= 2);
    // The title is searched and highlighted too ("Harbour ferries…").
    let title_row: String = (0..w).map(|x| buf[(x, 0)].symbol()).collect();
    assert!(title_row.contains("Harbour ferries"), "{title_row}");
    let highlighted_in_title = (0..w).any(|x| {
        let cell = &buf[(x, 0)];
        cell.bg == theme.highlight.bg.unwrap() && cell.symbol() == "f"
    });
    assert!(highlighted_in_title, "the title's hit is highlighted");
}

#[test]
fn collection_search_rows_show_snippets() {
    let mut app = samples_at(120, 24);
    type_keys(&mut app, "/caf");
    assert_snapshot!("search_results_120x24", screen(&app));
    common::press(&mut app, KeyCode::Enter);
    assert_snapshot!("search_opened_120x24", screen(&app));
}

#[test]
fn help_overlay_shows_the_bindings_in_effect() {
    let mut app = samples_at(80, 80);
    let config = brief::config::parse(
        "[keys]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n\"ctrl-f\" = \"page_down\"\n[keys.list]\n\"n\" = \"select_next\"\n",
        std::path::Path::new("c.toml"),
        false,
    )
    .unwrap();
    app.configure(&config);
    type_keys(&mut app, "?");
    let text = screen(&app);
    assert!(text.contains("Q, x                quit brief"), "{text}");
    assert!(!text.contains("q                   quit brief"), "q is unbound everywhere: {text}");
    assert_snapshot!("help_remapped_80x80", text);
}

#[test]
fn extracted_key_points_are_marked_as_such() {
    let mut app = samples_at(120, 24);
    select(&mut app, "The public libraries");
    let doc = app.document().unwrap();
    assert!((1..=5).contains(&doc.extracted.len()));
    let text = screen(&app);
    assert!(text.contains("Key Points (3, extracted from the text)"), "{text}");
    assert!(text.contains("◦ Officials said fines"), "hollow bullets: {text}");
    assert!(!text.contains("◦ The public libraries will stop"), "the first sentence is the title: {text}");
    assert!(!text.contains("• "), "never the author's bullet");
    assert_snapshot!("extracted_summary_120x24", text);
}

#[test]
fn a_story_too_short_to_summarize_is_shown_whole_under_a_heading() {
    let mut app = samples_at(120, 24);
    select(&mut app, "Footbridge reopens");
    let text = screen(&app);
    assert!(text.contains("Too short to summarize: the whole story"), "{text}");
    assert!(text.contains("The wooden footbridge between the two halves"), "{text}");
    assert!(!text.contains("◦ "), "no extracted points: {text}");
    type_keys(&mut app, "ls");
    let text = screen(&app);
    assert!(text.contains("the whole story is below"), "the full view says where the story is: {text}");
}

#[test]
fn evidence_is_highlighted_in_the_full_text() {
    let mut app = samples_at(100, 30);
    select(&mut app, "Harbour ferries");
    type_keys(&mut app, "lj");
    assert_snapshot!("key_point_cursor_100x30", screen(&app));
    common::press(&mut app, KeyCode::Enter);
    let text = screen(&app);
    assert!(text.contains("evidence 1/"), "{text}");
    assert_snapshot!("evidence_100x30", text);
    // The supporting sentence is drawn as the current hit: a passage of
    // the article's text, in the current-hit colours.
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    (&app).render(buf.area, &mut buf);
    let theme = brief::theme::Theme::default();
    let marked = styled(&buf, theme.current_highlight).join(" ");
    assert!(marked.split_whitespace().count() >= 4, "a sentence is highlighted: {marked:?}");
    let body = app.selected_article().unwrap().held_body().body.join(" ");
    let words: Vec<&str> = marked.split_whitespace().collect();
    assert!(body.contains(&words[..3].join(" ")), "{marked:?} is from the body");
}

#[test]
fn front_page_snapshot() {
    let mut app = samples_at(100, 30);
    type_keys(&mut app, "fj");
    assert_snapshot!("front_page_100x30", screen(&app));
}

/// The reader's screens in each mode (list, summary, full text, find,
/// collection search, help, front page) drawn with `theme`.
fn screens_in_theme(theme: brief::theme::Theme) -> Vec<Buffer> {
    let config = brief::config::Config { theme, ..Default::default() };
    let mut screens = Vec::new();
    for keys in ["", "\r", "\rs", "\rs/the", "/ferr", "?", "f"] {
        let mut app = samples_at(120, 40);
        app.configure(&config);
        type_keys(&mut app, keys);
        let mut buf = Buffer::empty(Rect::new(0, 0, 120, 40));
        (&app).render(buf.area, &mut buf);
        screens.push(buf);
    }
    screens
}

#[test]
fn no_color_leaves_no_colour_in_any_cell() {
    use ratatui::style::{Color, Modifier};
    let screens = screens_in_theme(brief::theme::Theme::dark().without_colors());
    for buf in &screens {
        for cell in buf.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "coloured cell {cell:?}");
        }
    }
    // The selection still shows, by reverse video.
    assert!(screens[0].content().iter().any(|c| c.modifier.contains(Modifier::REVERSED)));
}

#[test]
fn built_in_themes_draw_only_the_sixteen_colours() {
    use ratatui::style::Color;
    for theme in [brief::theme::Theme::dark(), brief::theme::Theme::light()] {
        let screens = screens_in_theme(theme);
        let colours: Vec<Color> =
            screens.iter().flat_map(|b| b.content()).flat_map(|c| [c.fg, c.bg]).collect();
        assert!(colours.iter().any(|&c| c != Color::Reset), "the theme colours something");
        for colour in colours {
            assert!(!matches!(colour, Color::Rgb(..) | Color::Indexed(_)), "{colour:?} is not one of the 16");
        }
    }
}

#[test]
fn help_overlay_explains_the_query_language() {
    let mut app = samples_at(80, 30);
    // The end of the help, where the query language is.
    type_keys(&mut app, "?G");
    let text = screen(&app);
    for row in [
        "Searching and finding (after /)",
        "\"night train\"       these words together, in this order",
        "corn OR grain       either word; also corn | grain",
        "-corn               leave out stories with the word",
        "batt then space     the whole word only",
        "source:NAME         only articles from that source",
        "tag:NAME            only articles with that tag",
        "ctrl-w / ctrl-u     delete the word / everything before the cursor",
        "up / down           earlier and later queries (kept across runs)",
    ] {
        assert!(text.contains(row), "{row} in {text}");
    }
}

/// The list at the reference sizes: at least 40 columns of title per row,
/// and beside the reader when both fit.
#[test]
fn the_list_has_room_for_titles_at_every_reference_size() {
    for (w, h, beside) in [(80, 24, false), (120, 40, true), (200, 50, true)] {
        let app = samples_at(w, h);
        let text = screen(&app);
        // The first row: "│● " then the title, padded, then the date.
        let row = text.lines().nth(1).unwrap().trim_matches('"');
        let title_start = row.find("● ").unwrap() + "● ".len();
        let date_at = row.find("Nov 27").unwrap();
        let title_columns = brief::text::width(&row[title_start..date_at]);
        assert!(title_columns >= 40, "{w}×{h}: {title_columns} columns of title\n{text}");
        assert_eq!(text.contains("min read"), beside, "{w}×{h}: the reader beside the list\n{text}");
        if (w, h) == (200, 50) {
            assert_snapshot!("summary_list_200x50", text);
        }
    }
}

#[test]
fn z_shows_one_pane_at_a_time_and_back() {
    let mut app = samples_at(120, 40);
    assert!(screen(&app).contains("min read"));
    type_keys(&mut app, "z");
    assert!(!screen(&app).contains("min read"), "the list alone");
    type_keys(&mut app, "l");
    let text = screen(&app);
    assert!(text.contains("min read") && !text.contains("Articles (17)"), "the reader alone: {text}");
    type_keys(&mut app, "hz");
    assert!(screen(&app).contains("min read"), "side by side again");
}

#[test]
fn a_long_warning_is_shown_whole_until_a_key_and_unsaved_marks_stay_in_view() {
    let warning = format!(
        "{}: the state file is damaged (expected value at line 1 column 1); it was moved to {}.unusable-1 and brief starts afresh",
        "/home/someone/.local/state/brief/state.json", "/home/someone/.local/state/brief/state.json"
    );
    assert!(warning.len() > 200);
    for width in [80, 120, 200] {
        let mut app = samples_at(width, 30);
        app.notify(Some(warning.clone()));
        let shown = screen(&app);
        // Rejoin the box's lines (wrapped at spaces and after `/`): every
        // character of the warning is there, in order.
        let boxed: String = shown.lines().filter(|l| l.starts_with("\"│ ")).collect();
        let squeeze = |s: &str| s.chars().filter(|c| !matches!(c, ' ' | '│' | '"')).collect::<String>();
        assert!(squeeze(&boxed).contains(&squeeze(&warning)), "at {width} columns:\n{shown}");
        type_keys(&mut app, "j");
        assert!(!screen(&app).contains("moved to"), "a key closes it");

        app.update(Event::Saved(Err(
            "marks not saved to /x/state.json: No space left on device (os error 28)".into(),
        )));
        let bar = screen(&app).lines().last().unwrap().to_string();
        assert!(bar.contains("marks not saved"), "at {width} columns: {bar}");
        app.update(Event::Saved(Ok(())));
        assert!(!screen(&app).contains("marks not saved"), "gone once saved");
    }
    // Warnings quote paths: a control character in one is shown, not sent.
    let mut app = samples_at(80, 30);
    let path = format!("/tmp/\u{1b}]0;evil\u{7}/{}/state.json", "x".repeat(80));
    app.notify(Some(format!("{path}: the state file is damaged")));
    app.update(Event::Saved(Err(format!("marks not saved to {path}: disk full"))));
    let shown = screen(&app);
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown}");
    assert!(shown.contains("\\u{1b}]0;evil"), "{shown}");
}

#[test]
fn dates_show_their_year_when_not_this_years_and_no_column_without_dates() {
    use brief::article::{Article, Date, Meta, Origin};
    let article = |title: &str, date: Option<&str>| {
        let meta = Meta { date: date.and_then(Date::parse), ..Meta::default() };
        let a = Article::new(
            Origin::Embedded("t.txt"),
            Some(title.into()),
            meta,
            vec!["P.".into()],
            vec![],
            None,
        );
        std::sync::Arc::new(a)
    };
    let undated = Collection { articles: vec![article("Undated story", None)], issues: Vec::new() };
    let mut app = App::new(undated, 80, 10);
    app.update(Event::Clock(1_796_000_000_000)); // in 2026
    let row = screen(&app).lines().nth(1).unwrap().to_string();
    assert!(
        row.contains("Undated story") && row.trim_end_matches(['│', '"', ' ']).ends_with("story"),
        "{row}"
    );

    let mixed = Collection {
        articles: vec![article("This year", Some("2026-11-27")), article("Long ago", Some("2003-12-13"))],
        issues: Vec::new(),
    };
    let mut app = App::new(mixed, 80, 10);
    app.update(Event::Clock(1_796_000_000_000));
    let text = screen(&app);
    assert!(text.contains("Nov 27 2026") && text.contains("Dec 13 2003"), "{text}");
}

#[test]
fn the_list_title_counts_what_is_shown() {
    let mut app = samples_at(120, 30);
    type_keys(&mut app, "rb");
    type_keys(&mut app, "uu");
    assert!(screen(&app).contains("Articles (1 of 17, bookmarked)"), "{}", screen(&app));
    type_keys(&mut app, "u");
    assert!(screen(&app).contains("Articles (17)"));
}

#[test]
fn key_points_cut_off_by_the_pane_say_more_are_below() {
    let mut app = samples_at(120, 16);
    select(&mut app, "Harbour ferries");
    let text = screen(&app);
    assert!(text.contains("more lines"), "{text}");
    let mut tall = samples_at(120, 60);
    select(&mut tall, "Harbour ferries");
    assert!(!screen(&tall).contains("more lines"), "all shown: no marker");
}

/// A story too short to summarize stands on the front page by its lead:
/// its prose sentences, or the line over its table; not its table, and
/// not the sentence its title repeats.
#[test]
fn the_front_page_shows_a_short_storys_lead_not_its_tables() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/summaries");
    let collection = loader::load(&[dir.join("two-sentences.txt"), dir.join("short-table.txt")]).unwrap();
    let mut app = App::new(collection, 120, 40);
    type_keys(&mut app, "f");
    let shown = screen(&app);
    assert!(shown.contains("Cyclists are asked to walk across it"), "{shown}");
    assert!(shown.contains("by port as follows"), "the rest of the line its title was cut from: {shown}");
    for absent in ["Nordvik       12.40", "Solbakk", "Too short"] {
        assert!(!shown.contains(absent), "{absent:?} on the front page: {shown}");
    }
    assert_eq!(shown.matches("The footbridge over the mill canal").count(), 1, "the title only: {shown}");
}

#[test]
fn the_status_bar_counts_a_fetch_under_way() {
    let mut app = samples_at(120, 30);
    app.update(Event::Action(brief::keymap::Action::Fetch));
    app.update(Event::Fetching { done: 2, total: 5, new: 9 });
    let text = screen(&app);
    let status = text.lines().last().unwrap();
    assert!(status.contains("fetching 2/5 feeds, 9 new"), "{status}");
}
