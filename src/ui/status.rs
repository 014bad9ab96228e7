//! The status bar: where you are, which view, how far down, and what needs
//! attention.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, Editing};
use crate::keymap::Action;
use unicode_segmentation::UnicodeSegmentation;

use crate::text::{printable, truncate, width};
use crate::theme::Theme;
use crate::vocab::{Pane, SortOrder, View};

/// Draws the status bar; returns whether the one-off message was in it
/// (one that does not fit is the caller's to show).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> bool {
    let theme = app.prefs.theme;
    if let Some(editing) = app.editing() {
        input_line(app, editing, area, buf, &theme);
        return false;
    }
    buf.set_style(area, theme.status);
    let mode = match app.front() {
        Some(_) => " FRONT ",
        None if app.reading.focus == Pane::List => " LIST ",
        None => " READ ",
    };
    let (position, short) = match app.list.shown.len() {
        0 if app.search().is_some() => ("no matches".to_string(), "0/0".to_string()),
        // The rows shown are last time's, until the collection is in.
        0 if app.preview().is_some() => ("reading the cache".to_string(), "cache".to_string()),
        0 => ("no articles".to_string(), "0/0".to_string()),
        n => {
            let at = app.front().map_or(app.list.selected, |f| f.cursor) + 1;
            (format!("article {at}/{n}"), format!("{at}/{n}"))
        }
    };
    let scroll = (app.reading.focus != Pane::List).then(|| scroll_label(app, app.reading.focus));
    let long = match &scroll {
        Some(scroll) => {
            format!(" {position} · {} · {} {scroll}", app.reading.view.label(), app.reading.focus.label())
        }
        None => format!(" {position} · {}", app.reading.view.label()),
    };
    // Narrow terminals, and a long message, get the same facts in fewer
    // words: the message is what the last key did, and is never dropped.
    let message_room = app.message().map_or(0, |m| width(m).min(40) + 3);
    let text = if width(mode) + width(&long) + message_room <= usize::from(area.width) {
        long
    } else {
        let view = match app.reading.view {
            View::Summary => "sum",
            View::Full => "full",
        };
        match &scroll {
            Some(scroll) => format!(" {short} {view} {scroll}"),
            None => format!(" {short} {view}"),
        }
    };
    let mut text = text;
    let sort = (app.sort() != SortOrder::Date).then(|| format!("by {}", app.sort().label()));
    let unread = match app.unread_count() {
        0 => None,
        n => Some(format!("{n} unread")),
    };
    let loading = app.loading().map(|p| {
        // None found yet: the folders are still being walked (what the
        // cache gave, if anything, is listed meanwhile).
        if p.found == 0 {
            return "finding files".to_string();
        }
        let rate = p.read as f64 / p.elapsed.as_secs_f64().max(1e-3);
        format!("loading {}/{} files, {:.0}/s", p.read, p.found, rate)
    });
    let loading = loading.or_else(|| app.indexing().then(|| "indexing".to_string()));
    let fetching = app.fetching().map(|f| match (f.total, f.new) {
        (0, _) => "fetching feeds".to_string(),
        (total, 0) => format!("fetching {}/{total} feeds", f.done),
        (total, new) => format!("fetching {}/{total} feeds, {new} new", f.done),
    });
    // The find is the reading side's: not a note for the list.
    let find = find_note(app).filter(|_| app.reading.focus != Pane::List);
    let notes =
        [loading, fetching, find, search_note(app), app.only().label().map(String::from), sort, unread];
    let fits =
        |text: &str, note: &str| width(mode) + width(text) + width(note) + 3 <= usize::from(area.width);
    // The message first: it is what the last key did. One too long for the
    // bar is shown whole in a box above it.
    let message = app.message().map(printable);
    let message_shown = message.filter(|m| fits(&text, m)).inspect(|m| {
        text.push_str(" · ");
        text.push_str(m);
    });
    for note in notes.into_iter().flatten() {
        if fits(&text, &note) {
            text.push_str(" · ");
            text.push_str(&note);
        }
    }
    let left_width = width(mode) + width(&text);
    super::draw_line(&Line::from(vec![Span::styled(mode, theme.status_mode), Span::raw(text)]), area, buf);

    // Notes on the right, most important first, each only if it fits beside
    // what is already drawn.
    let mut notes = Vec::new();
    // Unsaved marks are never left out: the note is cut to fit instead.
    let mut free = usize::from(area.width).saturating_sub(left_width + 1);
    if let Some(problem) = &app.save_problem {
        let room = free.max(usize::from(area.width) / 2);
        let problem = truncate(&printable(problem), room.saturating_sub(2)).into_owned();
        notes.push(Span::styled(format!(" {problem} "), theme.warning));
        free = room;
    }
    if let Some(key) = app.prefs.keymap.keys_for(Action::Help).first() {
        notes.push(Span::raw(format!(" {key} help ")));
    }
    if !app.issues.is_empty() {
        let n = app.issues.len();
        let files = if n == 1 { "file" } else { "files" };
        notes.push(Span::styled(format!(" {n} {files} skipped or repaired (brief check) "), theme.warning));
    }
    let mut right = area.right();
    for note in notes {
        let w = width(&note.content);
        if w > free {
            break;
        }
        free -= w;
        let w = u16::try_from(w).unwrap_or(u16::MAX);
        right -= w;
        note.render(Rect { x: right, width: w, ..area }, buf);
    }
    message_shown.is_some()
}

/// The line being typed, with its cursor, and what it finds so far.
fn input_line(app: &App, editing: Editing, area: Rect, buf: &mut Buffer, theme: &Theme) {
    buf.set_style(area, theme.input);
    let (label, query, note) = match editing {
        Editing::Find => ("find: ", app.find().query.as_str(), find_note(app)),
        Editing::Search => ("search: ", app.search().map_or("", |s| s.query.as_str()), search_note(app)),
        Editing::Pipe => ("pipe to: ", app.pipe.as_str(), Some("empty: $PAGER".to_string())),
    };
    let note = note.unwrap_or_default();
    let note_width = width(&note) + 1;
    let room = usize::from(area.width).saturating_sub(width(label) + note_width + 3).max(1);
    let cursor = app.prompt.cursor.min(query.len());
    let (before, rest) = query.split_at(cursor);
    let under = rest.graphemes(true).next().unwrap_or(" ");
    let after = rest.get(under.len()..).unwrap_or("");
    // Keep the cursor in view: drop characters from the left of a long line.
    let mut start = 0;
    while width(&before[start..]) + width(under) > room {
        start += before[start..].graphemes(true).next().map_or(1, str::len);
    }
    let line = Line::from(vec![
        Span::styled(format!(" {label}"), theme.status_mode),
        Span::raw(format!(" {}", &before[start..])),
        Span::styled(under.to_string(), theme.selection),
        Span::raw(truncate(after, room.saturating_sub(width(&before[start..]) + width(under))).into_owned()),
    ]);
    line.render(area, buf);
    let w = u16::try_from(note_width).unwrap_or(u16::MAX);
    if usize::from(area.width) >= width(label) + note_width + 4 {
        Span::raw(note).render(Rect { x: area.right() - w, width: w, ..area }, buf);
    }
}

fn find_note(app: &App) -> Option<String> {
    let find = app.find();
    if let Some((order, at)) = &find.visit {
        return Some(format!("evidence {}/{} for key point {}", at + 1, order.len(), app.reading.point + 1));
    }
    if find.query.trim().is_empty() {
        return None;
    }
    if app.finding() {
        return Some("finding…".to_string());
    }
    Some(match find.hits.len() {
        0 => "no hits".to_string(),
        n => format!("hit {}/{n}", find.current + 1),
    })
}

/// `N of M articles match` while a collection search is active.
fn search_note(app: &App) -> Option<String> {
    app.search()?;
    if !app.showing_results() {
        return None;
    }
    Some(format!("{} of {} articles match", app.shown().len(), app.list.stories))
}

/// `all` when everything fits, else `top`, `end` or a percentage; while a
/// long body is still being wrapped, how far is not known yet.
fn scroll_label(app: &App, pane: Pane) -> String {
    let lines = app.content_lines(pane);
    let page = app.page_height(pane);
    let pos = app.scroll(pane);
    if pane != Pane::List && app.document().is_some_and(|d| !d.complete) {
        return if pos == 0 { "top" } else { "wrapping…" }.to_string();
    }
    if lines <= page {
        "all".to_string()
    } else if pos == 0 {
        "top".to_string()
    } else if pos + page >= lines {
        "end".to_string()
    } else {
        format!("{}%", (pos + page) * 100 / lines)
    }
}
