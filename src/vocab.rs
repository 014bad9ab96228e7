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
}

impl SortOrder {
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Date => "date",
            SortOrder::Title => "title",
            SortOrder::Source => "source",
        }
    }

    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::Date => SortOrder::Title,
            SortOrder::Title => SortOrder::Source,
            SortOrder::Source => SortOrder::Date,
        }
    }
}
