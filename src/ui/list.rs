//! The article list: one row per article, or two (title, snippet) for
//! search results; only the visible rows are drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::{draw_line, draw_lines, marked};
use crate::app::App;
use crate::article::Article;
use crate::text::{pad, width};
use crate::theme::Theme;
use crate::vocab::Pane;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.prefs.theme;
    let focused = app.reading.focus == Pane::List;
    // What is shown, of how many, and why fewer.
    // Before the collection is in, the count the cache last had.
    let all = app.preview().map_or(app.list.stories, |p| p.total);
    let shown = app.list.shown.len();
    // Until a long phrase check is done, the results are its words anywhere.
    let checking = if app.search().is_some_and(|s| s.checking) { ", checking the phrase…" } else { "" };
    let title = match (app.showing_results(), app.only().name()) {
        (true, None) => format!(" Results ({shown} of {all}{checking}) "),
        (true, Some(only)) => format!(" Results ({shown} of {all}, {only}{checking}) "),
        (false, None) => format!(" Articles ({all}) "),
        (false, Some(only)) => format!(" Articles ({shown} of {all}, {only}) "),
    };
    let block =
        Block::bordered().title(Span::styled(title, theme.pane_title)).border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let row_height = app.list_row_height();
    let rows = usize::from(inner.height) / row_height;
    let row_rect =
        |row: usize| Rect { y: inner.y + (row * row_height) as u16, height: row_height as u16, ..inner };
    if let Some(preview) = app.preview().filter(|_| app.list.shown.is_empty() && app.search().is_none()) {
        // The first rows as last time, the top one selected as it will be.
        for (row, a) in preview.articles.iter().take(rows).enumerate() {
            let style = match (row, focused) {
                (0, true) => theme.selection,
                (0, false) => theme.selection_unfocused,
                _ => theme.list,
            };
            buf.set_style(row_rect(row), style);
            article_row(app, a, row_rect(row), buf, &theme);
        }
        return;
    }
    if app.list.shown.is_empty() {
        let issues = app.issues.len();
        let hint: Vec<String> = if app.search().is_some() {
            vec![" No article matches.".into()]
        } else if app.loading().is_some() {
            vec![" Loading…".into()]
        } else if let Some(only) = app.only().label().filter(|_| !app.articles.is_empty()) {
            vec![" Nothing to show:".into(), format!(" {only}")]
        } else if issues > 0 {
            // A folder of nothing but bad files: say so, not "empty".
            let files = if issues == 1 { "file" } else { "files" };
            vec![
                " No article could be read:".into(),
                format!(" {issues} {files} skipped."),
                " See brief check PATH".into(),
            ]
        } else {
            vec![" No articles here.".into(), " Open a folder with".into(), " brief PATH".into()]
        };
        draw_lines(hint.into_iter().map(|l| Line::styled(l, theme.placeholder)), inner, buf);
        return;
    }
    let results = app.showing_results();
    for (row, (position, &article)) in
        app.list.shown.iter().enumerate().skip(app.list.offset).take(rows).enumerate()
    {
        let rect = row_rect(row);
        let style = match position == app.list.selected {
            true if focused => theme.selection,
            true => theme.selection_unfocused,
            false => theme.list,
        };
        buf.set_style(rect, style);
        if results {
            result_row(app, article, rect, buf, &theme);
        } else {
            article_row(app, &app.articles[article], rect, buf, &theme);
        }
    }
}

/// An article's row: its marks, its title and its date.
fn article_row(app: &App, a: &Article, rect: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = usize::from(rect.width);
    let dates = app.date_column();
    let date_width = dates.width();
    let show_date = date_width > 0 && width >= 18 + date_width;
    let title_width = width.saturating_sub(if show_date { date_width + 3 } else { 2 });
    let mut spans = marks(app, a, theme);
    spans.push(Span::raw(pad(&a.title, title_width)));
    if show_date {
        let date = a.meta.date.map(|d| dates.format(&d)).unwrap_or_default();
        spans.push(Span::styled(format!(" {date:>date_width$}"), theme.list_date));
    }
    draw_lines([Line::from(spans)], rect, buf);
}

/// Two columns before the title: `●` unread (or `★` bookmarked, which
/// wins), in their own colours.
fn marks(app: &App, a: &Article, theme: &Theme) -> Vec<Span<'static>> {
    let mark = app.mark_of(a);
    if mark.is_some_and(|m| m.bookmarked) {
        vec![Span::styled("★", theme.bookmark), Span::raw(" ")]
    } else if !mark.is_some_and(|m| m.read) {
        vec![Span::styled("●", theme.unread), Span::raw(" ")]
    } else {
        vec![Span::raw("  ")]
    }
}

/// Title with its hits marked and the hit count; under it, the snippet.
/// Lines longer than the row are clipped by ratatui between graphemes.
fn result_row(app: &App, article: usize, rect: Rect, buf: &mut Buffer, theme: &Theme) {
    let a = &app.articles[article];
    let Some(snippet) = app.snippet(article) else {
        draw_lines([Line::raw(format!(" {}", a.title))], rect, buf);
        return;
    };
    let count = match snippet.hits {
        0 => String::new(),
        1 => "1 hit ".to_string(),
        n => format!("{n} hits "),
    };
    let count_width = u16::try_from(width(&count)).unwrap_or(u16::MAX).min(rect.width);
    let title_rect = Rect { width: rect.width - count_width, height: 1, ..rect };
    let marks: Vec<_> = snippet.title_highlights.iter().map(|r| (r.clone(), theme.highlight)).collect();
    let mut title = self::marks(app, a, theme);
    title.extend(marked(&a.title, 0, &marks, Style::new()));
    draw_line(&Line::from(title), Rect { width: title_rect.width.saturating_sub(1), ..title_rect }, buf);
    let count_rect = Rect { x: title_rect.right(), width: count_width, height: 1, ..rect };
    Span::styled(count, theme.list_date).render(count_rect, buf);

    let marks: Vec<_> = snippet.highlights.iter().map(|r| (r.clone(), theme.highlight)).collect();
    let mut line = vec![Span::raw("   ")];
    line.extend(marked(&snippet.text, 0, &marks, theme.meta));
    let y = rect.y + 1;
    if y < rect.bottom() {
        draw_line(&Line::from(line), Rect { y, height: 1, ..rect }, buf);
    }
}
