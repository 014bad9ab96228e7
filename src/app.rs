//! The pure state machine: events in, effects out. No terminal, no files;
//! tests drive it directly and the UI draws it with `impl Widget for &App`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;

use crate::article::Article;
use crate::document::{Document, Spacing};
use crate::keymap::{Action, Chord, Context, Keymap};
use crate::loader::{Collection, FileIssue};
use crate::ui::layout::{self, Areas, LayoutInput};

/// Default cap on the reading width: long lines are hard to read.
pub const DEFAULT_MAX_WIDTH: usize = 100;

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

/// What the state machine is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Key(KeyEvent),
    Resize { width: u16, height: u16 },
    Action(Action),
}

/// What the state machine asks its runtime to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
}

pub struct App {
    pub(crate) articles: Vec<Article>,
    pub(crate) issues: Vec<FileIssue>,
    pub(crate) keymap: Keymap,
    pub(crate) size: Rect,
    pub(crate) focus: Pane,
    pub(crate) view: View,
    pub(crate) selected: usize,
    pub(crate) list_offset: usize,
    pub(crate) key_points_scroll: usize,
    pub(crate) article_scroll: usize,
    pub(crate) key_points_folded: bool,
    /// Scroll position of the help overlay while it is shown.
    pub(crate) help: Option<usize>,
    pub(crate) max_width: usize,
    /// The selected article wrapped for the current width and view.
    pub(crate) document: Option<Document>,
}

impl App {
    pub fn new(collection: Collection, width: u16, height: u16) -> App {
        let mut app = App {
            articles: collection.articles,
            issues: collection.issues,
            keymap: Keymap::default(),
            size: Rect::new(0, 0, width, height),
            focus: Pane::List,
            view: View::Summary,
            selected: 0,
            list_offset: 0,
            key_points_scroll: 0,
            article_scroll: 0,
            key_points_folded: false,
            help: None,
            max_width: DEFAULT_MAX_WIDTH,
            document: None,
        };
        app.refresh();
        app
    }

    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    pub fn issues(&self) -> &[FileIssue] {
        &self.issues
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_article(&self) -> Option<&Article> {
        self.articles.get(self.selected)
    }

    /// Terminal size as (width, height).
    pub fn size(&self) -> (u16, u16) {
        (self.size.width, self.size.height)
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    pub fn view(&self) -> View {
        self.view
    }

    pub fn help_visible(&self) -> bool {
        self.help.is_some()
    }

    pub fn key_points_folded(&self) -> bool {
        self.key_points_folded
    }

    pub fn document(&self) -> Option<&Document> {
        self.document.as_ref()
    }

    /// Scroll offset (first visible line) of a pane.
    pub fn scroll(&self, pane: Pane) -> usize {
        match pane {
            Pane::List => self.list_offset,
            Pane::KeyPoints => self.key_points_scroll,
            Pane::Article => self.article_scroll,
        }
    }

    pub fn update(&mut self, event: Event) -> Option<Effect> {
        match event {
            Event::Key(key) => self.on_key(key),
            Event::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.refresh();
                None
            }
            Event::Action(action) => self.apply(action),
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Option<Effect> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        // Ctrl-C always quits, whatever the keymap says.
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Some(Effect::Quit);
        }
        let context = match self.focus {
            _ if self.help.is_some() => Context::Reader,
            Pane::List => Context::List,
            Pane::KeyPoints | Pane::Article => Context::Reader,
        };
        let action = self.keymap.lookup(context, Chord::from(&key))?;
        if self.help.is_some() {
            self.on_help_action(action);
            return None;
        }
        self.apply(action)
    }

    fn on_help_action(&mut self, action: Action) {
        let rows = self.keymap.help_rows().len();
        let Some(scroll) = self.help.as_mut() else { return };
        match action {
            Action::Help | Action::Back | Action::Quit => self.help = None,
            Action::ScrollDown | Action::SelectNext => *scroll = (*scroll + 1).min(rows),
            Action::ScrollUp | Action::SelectPrev => *scroll = scroll.saturating_sub(1),
            Action::Top => *scroll = 0,
            Action::Bottom | Action::PageDown => *scroll = rows,
            Action::PageUp => *scroll = 0,
            _ => {}
        }
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::Help => self.help = Some(0),
            Action::SelectNext => self.select(self.selected.saturating_add(1)),
            Action::SelectPrev => self.select(self.selected.saturating_sub(1)),
            Action::Top => self.move_focused(|_, _| 0),
            Action::Bottom => self.move_focused(|_, _| usize::MAX),
            Action::PageDown => self.move_focused(|pos, page| pos.saturating_add(page)),
            Action::PageUp => self.move_focused(|pos, page| pos.saturating_sub(page)),
            Action::ScrollDown => self.scroll_reader(|pos| pos.saturating_add(1)),
            Action::ScrollUp => self.scroll_reader(|pos| pos.saturating_sub(1)),
            Action::Open if !self.articles.is_empty() => self.focus = self.reading_pane(),
            Action::Open => {}
            Action::Back => self.focus = Pane::List,
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::ToggleView => {
                self.view = match self.view {
                    View::Summary => View::Full,
                    View::Full => View::Summary,
                };
                if self.focus != Pane::List {
                    self.focus = self.reading_pane();
                }
                self.refresh();
            }
            Action::ToggleKeyPoints => {
                self.key_points_folded = !self.key_points_folded;
                if self.focus == Pane::KeyPoints && self.view == View::Full && self.key_points_folded {
                    self.focus = Pane::Article;
                }
            }
        }
        self.clamp();
        None
    }

    /// The pane that shows the text of the current view.
    fn reading_pane(&self) -> Pane {
        match self.view {
            View::Summary => Pane::KeyPoints,
            View::Full => Pane::Article,
        }
    }

    /// Panes that can take focus in the current view, in Tab order.
    fn focusable(&self) -> Vec<Pane> {
        let mut panes = vec![Pane::List];
        if !self.articles.is_empty() {
            if self.view == View::Summary || !self.key_points_folded {
                panes.push(Pane::KeyPoints);
            }
            if self.view == View::Full {
                panes.push(Pane::Article);
            }
        }
        panes
    }

    fn cycle_focus(&mut self, step: isize) {
        let panes = self.focusable();
        let at = panes.iter().position(|&p| p == self.focus).unwrap_or(0);
        let next = (at as isize + step).rem_euclid(panes.len() as isize) as usize;
        self.focus = panes[next];
    }

    fn select(&mut self, index: usize) {
        let index = index.min(self.articles.len().saturating_sub(1));
        if index != self.selected {
            self.selected = index;
            self.key_points_scroll = 0;
            self.article_scroll = 0;
        }
        self.refresh();
    }

    /// Applies a top/bottom/page movement to the focused pane: the selection
    /// in the list, the scroll position in a reading pane.
    fn move_focused(&mut self, to: impl Fn(usize, usize) -> usize) {
        match self.focus {
            Pane::List => {
                let page = self.page_height(Pane::List).max(1);
                self.select(to(self.selected, page));
            }
            pane => {
                let page = self.page_height(pane).saturating_sub(1).max(1);
                let pos = self.scroll(pane);
                self.set_scroll(pane, to(pos, page));
            }
        }
    }

    fn scroll_reader(&mut self, to: impl Fn(usize) -> usize) {
        let pane = if self.focus == Pane::List { self.reading_pane() } else { self.focus };
        self.set_scroll(pane, to(self.scroll(pane)));
    }

    fn set_scroll(&mut self, pane: Pane, value: usize) {
        match pane {
            Pane::List => self.list_offset = value,
            Pane::KeyPoints => self.key_points_scroll = value,
            Pane::Article => self.article_scroll = value,
        }
        self.clamp();
    }

    /// Rebuilds the wrapped document if the article, width or view changed,
    /// then clamps every scroll position.
    fn refresh(&mut self) {
        let width = layout::reading_width(self.size, self.max_width);
        let spacing = match self.view {
            View::Summary => Spacing::Airy,
            View::Full => Spacing::Compact,
        };
        let stale = self
            .document
            .as_ref()
            .is_none_or(|d| d.article != self.selected || d.width != width.max(1) || d.spacing != spacing);
        if stale {
            self.document =
                self.articles.get(self.selected).map(|a| Document::build(self.selected, a, width, spacing));
        }
        self.clamp();
    }

    pub(crate) fn layout_input(&self) -> LayoutInput {
        LayoutInput {
            focus: self.focus,
            view: self.view,
            key_points_folded: self.key_points_folded,
            header_lines: self.document.as_ref().map_or(0, |d| d.header.len()),
            key_point_lines: self.document.as_ref().map_or(0, |d| d.key_points.len()),
            max_width: self.max_width,
        }
    }

    pub(crate) fn areas(&self) -> Areas {
        layout::compute(self.size, &self.layout_input())
    }

    /// Rows of content a pane shows at once (0 when it is not visible).
    pub fn page_height(&self, pane: Pane) -> usize {
        let areas = self.areas();
        let block = match pane {
            Pane::List => areas.list,
            Pane::KeyPoints => areas.key_points,
            Pane::Article => areas.article,
        };
        block.map_or(0, |b| usize::from(b.height.saturating_sub(2)))
    }

    /// Lines of content a pane has.
    pub fn content_lines(&self, pane: Pane) -> usize {
        match (pane, &self.document) {
            (Pane::List, _) => self.articles.len(),
            (Pane::KeyPoints, Some(d)) => d.key_points.len().max(1),
            (Pane::Article, Some(d)) => d.body.len(),
            (_, None) => 0,
        }
    }

    /// The furthest a pane can scroll. A hidden pane keeps its position
    /// (up to its length) until it is shown again at a known height.
    fn max_scroll(&self, pane: Pane) -> usize {
        let page = self.page_height(pane);
        let lines = self.content_lines(pane);
        if page == 0 { lines.saturating_sub(1) } else { lines.saturating_sub(page) }
    }

    /// Keeps the selection in range and visible, and every scroll position
    /// within its content; called after anything that changes sizes.
    fn clamp(&mut self) {
        self.selected = self.selected.min(self.articles.len().saturating_sub(1));
        let rows = self.page_height(Pane::List);
        if rows > 0 {
            if self.selected < self.list_offset {
                self.list_offset = self.selected;
            } else if self.selected >= self.list_offset + rows {
                self.list_offset = self.selected + 1 - rows;
            }
        }
        self.list_offset = self.list_offset.min(self.max_scroll(Pane::List));
        self.key_points_scroll = self.key_points_scroll.min(self.max_scroll(Pane::KeyPoints));
        self.article_scroll = self.article_scroll.min(self.max_scroll(Pane::Article));
        if !self.focusable().contains(&self.focus) {
            self.focus = Pane::List;
        }
    }
}
