//! The reading side: title and metadata, the key-points pane and, in the
//! full view, the article pane. Lines come from the app's wrapped
//! [`Document`]; only the visible slice is drawn.

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::{draw_lines, marked};
use crate::app::App;
use crate::article::{BlockKind, Source};
use crate::document::{Document, Lead, Line as DocLine};
use crate::layout::{Areas, text_area};
use crate::vocab::{Pane, View};

pub fn render(app: &App, areas: &Areas, buf: &mut Buffer) {
    let theme = app.prefs.theme;
    let (Some(article), Some(doc)) = (app.selected_article(), app.document()) else {
        if let Some(rect) = areas.key_points {
            let block = Block::bordered().border_style(theme.border);
            let inner = text_area(rect, app.prefs.max_width);
            block.render(rect, buf);
            draw_lines([Line::styled("Nothing to read.", theme.placeholder)], inner, buf);
        }
        return;
    };
    let find = app.find();
    let styled = |line: &DocLine| {
        let text = doc.text(article, line);
        let mut marks = Vec::new();
        let mut base = theme.text;
        if let (Source::Paragraph(i), Some(body)) = (line.source, &doc.text) {
            base = match body.block_kind(i) {
                BlockKind::Heading(_) => theme.heading,
                BlockKind::Quote => theme.quote,
                BlockKind::Code => theme.code,
                BlockKind::Paragraph | BlockKind::Item { .. } | BlockKind::Row => theme.text,
            };
            if let Some(style) = body.styles.get(i) {
                marks.extend(style.inline.iter().map(|(r, inline)| (r.clone(), theme.inline(*inline))));
            }
        }
        // Hits are in reading order: find those in this line's text.
        let hits = &find.hits;
        let first = hits.partition_point(|h| h.source.order() < line.source.order());
        marks.extend(
            hits[first..]
                .iter()
                .enumerate()
                .take_while(|(_, h)| h.source == line.source)
                .filter(|(_, h)| h.range.end > line.range.start && h.range.start < line.range.end)
                .map(|(i, h)| {
                    let style =
                        if first + i == find.current { theme.current_highlight } else { theme.highlight };
                    (h.range.clone(), style)
                }),
        );
        match line.source {
            Source::Title => Line::from(marked(text, line.range.start, &marks, theme.title)),
            Source::Meta => Line::from(marked(text, line.range.start, &marks, theme.meta)),
            Source::KeyPoint(_) | Source::Paragraph(_) | Source::Blank => {
                let base = match line.source {
                    // The key point under the cursor, while the pane has focus.
                    Source::KeyPoint(i) if i == app.reading.point && app.reading.focus == Pane::KeyPoints => {
                        theme.key_point.patch(theme.selection_unfocused)
                    }
                    Source::KeyPoint(_) => theme.key_point,
                    _ => base,
                };
                let lead_style = match line.lead {
                    Lead::Quote => theme.meta,
                    _ => theme.bullet,
                };
                // Extracted points wear a hollow bullet, never the author's.
                let lead = match (line.source, line.lead) {
                    (Source::KeyPoint(_), Lead::Item { first: true, .. }) if !doc.extracted.is_empty() => {
                        "◦ ".to_string()
                    }
                    _ => line.lead.text(),
                };
                let mut spans = vec![Span::styled(lead, lead_style)];
                spans.extend(marked(text, line.range.start, &marks, base));
                Line::from(spans)
            }
        }
    };

    if let Some(rect) = areas.header {
        draw_lines(doc.header.iter().map(styled), rect, buf);
    }
    if let Some(rect) = areas.key_points {
        let title = key_points_title(app, doc);
        let folded = app.reading.view == View::Full && app.reading.key_points_folded;
        // Points cut off by the pane's height are said to be there.
        let hidden = doc
            .key_points
            .len()
            .saturating_sub(app.reading.key_points_scroll + app.page_height(Pane::KeyPoints));
        let more = if folded { String::new() } else { more_lines(hidden) };
        let block = Block::new()
            .borders(if folded { Borders::TOP } else { Borders::ALL })
            .title(Span::styled(title, theme.pane_title))
            .title_bottom(Line::styled(more, theme.pane_title).right_aligned())
            .border_style(theme.border(app.reading.focus == Pane::KeyPoints));
        block.render(rect, buf);
        let inner = text_area(rect, app.prefs.max_width);
        if doc.key_points.is_empty() {
            let note = if doc.text.is_none() && article.key_points.is_empty() {
                "Reading the article…"
            } else if doc.whole {
                "Too short for key points: the whole story is below."
            } else {
                "This article has no key points."
            };
            draw_lines([Line::styled(note, theme.placeholder)], inner, buf);
        } else {
            draw_lines(doc.key_points.iter().skip(app.reading.key_points_scroll).map(styled), inner, buf);
        }
    }
    if let Some(rect) = areas.article {
        // As the key points say so, the article says how much is below.
        let hidden =
            doc.body.len().saturating_sub(app.reading.article_scroll + app.page_height(Pane::Article));
        // A long body's rest is still being wrapped: how much is unknown.
        let more = if doc.complete { more_lines(hidden) } else { " ▼ wrapping the rest… ".to_string() };
        let block = Block::bordered()
            .title(Span::styled(" Article ", theme.pane_title))
            .title_bottom(Line::styled(more, theme.pane_title).right_aligned())
            .border_style(theme.border(app.reading.focus == Pane::Article));
        block.render(rect, buf);
        let inner = text_area(rect, app.prefs.max_width);
        if doc.body.is_empty() {
            let note = match doc.text {
                None => "Reading the article…",
                Some(_) => "This article has no text beyond its key points.",
            };
            draw_lines([Line::styled(note, theme.placeholder)], inner, buf);
        } else {
            draw_lines(doc.body.iter().skip(app.reading.article_scroll).map(styled), inner, buf);
        }
    }
}

/// The note on a pane's lower border that lines are hidden below it.
fn more_lines(hidden: usize) -> String {
    match hidden {
        0 => String::new(),
        1 => " ▼ 1 more line ".to_string(),
        n => format!(" ▼ {n} more lines "),
    }
}

fn key_points_title(app: &App, doc: &Document) -> String {
    if doc.whole {
        return format!(" {} ", crate::summary::SHOWN_WHOLE);
    }
    let count = match doc.extracted.len() {
        0 => app.articles[doc.article].key_points.len().to_string(),
        n => format!("{n}, extracted from the text"),
    };
    match app.reading.view {
        View::Summary => format!(" Key Points ({count}) "),
        View::Full if app.reading.key_points_folded => format!(" ▸ Key Points ({count}) "),
        View::Full => format!(" ▾ Key Points ({count}) "),
    }
}
