//! Words the model, its settings and its drawing share: which pane, which
//! view, which order. Kept apart so that settings and drawing need not
//! import the state machine.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    List,
    KeyPoints,
    Article,
}

impl Pane {
    pub fn label(self) -> &'static str {
        match self {
            Pane::List => "list",
            Pane::KeyPoints => "key points",
            Pane::Article => "article",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Title, metadata and key points.
    Summary,
    /// Key points, compact, above the whole text.
    Full,
}

impl View {
    pub fn label(self) -> &'static str {
        match self {
            View::Summary => "summary",
            View::Full => "full text",
        }
    }
}

/// The order of the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Newest first; undated articles by sequence number, then age.
    #[default]
    Date,
    Title,
    /// Grouped by source (articles without one last), newest first within.
    Source,
    /// By file name, in natural order (`2` before `10`).
    Name,
}

impl SortOrder {
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Date => "date",
            SortOrder::Title => "title",
            SortOrder::Source => "source",
            SortOrder::Name => "file name",
        }
    }

    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::Date => SortOrder::Title,
            SortOrder::Title => SortOrder::Source,
            SortOrder::Source => SortOrder::Name,
            SortOrder::Name => SortOrder::Date,
        }
    }
}

/// How the list shows dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateColumn {
    /// No article has a date: no column.
    None,
    /// Every date is this year's: `Nov 27`.
    Short,
    /// Some are not: `Dec 13 2003`.
    WithYear,
}

impl DateColumn {
    /// Columns the date takes.
    pub fn width(self) -> usize {
        match self {
            DateColumn::None => 0,
            DateColumn::Short => 6,
            DateColumn::WithYear => 11,
        }
    }

    /// A date as the column shows it.
    pub fn format(self, date: &crate::article::Date) -> String {
        match self {
            DateColumn::None => String::new(),
            DateColumn::Short => date.at.format("%b %d").to_string(),
            DateColumn::WithYear => date.at.format("%b %d %Y").to_string(),
        }
    }
}
