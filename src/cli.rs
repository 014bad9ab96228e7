//! The command line: the reader, and `list`, `show` and `check` for scripts.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use rayon::prelude::*;

use clap::{Args, CommandFactory, Parser, Subcommand};
use serde_json::{Value, json};

use crate::article::{Article, Date};
use crate::collection::{Copies, fold_copies};
use crate::config;
use crate::error::{Error, Result};
use crate::fetch;
use crate::links;
use crate::loader::{self, Collection, IssueKind};
use crate::search::{FoldedArticle, Index, Query, Shown, search_collection, snippet};
use crate::state::Marks;
use crate::summary::{Extract, Summary, summary_sentences};
use crate::text::{Escape, Guard, markdown_escape, one_line, pad, printable, truncate};
use crate::tui::{self, Exit};

#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about = "Read a folder of news articles in the terminal: key points first, full text on demand.",
    after_help = "With no PATH, brief opens the folders named in its config file, or else its built-in \
                  sample articles. Press ? in the reader for keys. The config file is read from the \
                  platform's config folder (on Linux $XDG_CONFIG_HOME/brief/config.toml) unless \
                  --config is given; --print-default-config shows every setting. Read marks are \
                  kept in the state folder ($XDG_STATE_HOME/brief) and the search index of each \
                  opened folder set in the cache folder ($XDG_CACHE_HOME/brief), which is always \
                  safe to delete.",
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Article files or folders to open (folders are read recursively)
    pub paths: Vec<PathBuf>,
    /// Read settings from FILE instead of the default config file
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print a complete, commented default config file and exit
    #[arg(long)]
    pub print_default_config: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print one line per article: id, date, source, title
    List {
        /// Article files or folders (default: the built-in samples)
        paths: Vec<PathBuf>,
        #[command(flatten)]
        select: Selection,
        /// Print a JSON array instead, with each article's read and
        /// bookmarked marks and the other files with the same text
        #[arg(long)]
        json: bool,
    },
    /// Print one article as plain text
    Show {
        /// A file path, or an id (or the start of one) from `brief list`
        article: String,
        /// Where to look the id up (default: the built-in samples)
        paths: Vec<PathBuf>,
        /// Only the title, metadata and key points
        #[arg(long)]
        summary: bool,
        /// Print a JSON object instead
        #[arg(long)]
        json: bool,
    },
    /// Search the collection: ranked results, best first
    Search {
        /// Words to find: all must match; "quoted words" in sequence; a OR b
        /// (or a | b) either; -word none; source:NAME and tag:NAME filter;
        /// the last word also matches longer words unless followed by a space
        query: String,
        /// Article files or folders (default: the built-in samples)
        paths: Vec<PathBuf>,
        /// Print a JSON array instead
        #[arg(long)]
        json: bool,
        /// At most this many results
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Print a Markdown digest: titles, links and key points
    Digest {
        /// Article files or folders (default: the built-in samples)
        paths: Vec<PathBuf>,
        #[command(flatten)]
        select: Selection,
    },
    /// List every file that was skipped or repaired, with the reason, and
    /// every file listed once under another with the same text
    Check {
        /// Article files or folders (default: the built-in samples)
        paths: Vec<PathBuf>,
    },
    /// Download the subscribed feeds into a folder, one article file per
    /// item; files you edited are never overwritten
    #[command(after_help = "Subscriptions are read from subscriptions.toml beside the config file \
                  (or newsboat's `urls` file there): [[feed]] tables with url and optionally title, \
                  folder, tags and full_text = true. `brief import-opml FILE` makes one from another \
                  reader's export. Exit status 1 when every feed failed.")]
    Fetch {
        /// Where the articles go (default: the first of the config's folders)
        folder: Option<PathBuf>,
        /// For items that are only a teaser, fetch the linked page and keep
        /// its article (the teaser becomes the key point)
        #[arg(long)]
        full_text: bool,
        /// Print a JSON report instead
        #[arg(long)]
        json: bool,
        /// Read the subscriptions from FILE (TOML when it ends in .toml,
        /// else newsboat's urls format)
        #[arg(long, value_name = "FILE")]
        subscriptions: Option<PathBuf>,
        /// Give up on a request after S seconds (1 to 3600)
        #[arg(long, value_name = "S", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
        timeout: u64,
        /// Try a request again this many times after a server error or a timeout
        #[arg(long, value_name = "N", default_value_t = 2)]
        retries: u32,
        /// Fetch at most N feeds at once (two at most from one host)
        #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=64))]
        jobs: u64,
    },
    /// Add the feeds of an OPML file (another reader's export) to
    /// subscriptions.toml; feeds already there are left as they are
    ImportOpml {
        /// The OPML file
        file: PathBuf,
        /// The subscription file to add to (default: subscriptions.toml
        /// beside the config file)
        #[arg(long, value_name = "FILE")]
        subscriptions: Option<PathBuf>,
    },
    /// Print a completion script for a shell, e.g. `brief completions bash
    /// > ~/.local/share/bash-completion/completions/brief`
    Completions {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
    /// Print brief's manual page (roff), or a command's (brief-list(1) is
    /// `brief man list`), e.g. `brief man | man -l -`
    Man {
        /// A command whose page to print
        command: Option<String>,
    },
}

/// Which articles `list` and `digest` take: every one, or only some, by
/// the marks in the reader's state file and by date.
#[derive(Debug, Args)]
pub struct Selection {
    /// Only articles not marked read
    #[arg(long)]
    unread: bool,
    /// Only bookmarked articles
    #[arg(long)]
    bookmarked: bool,
    /// Only articles dated on or after DATE (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
}

impl Selection {
    /// The articles chosen, in collection order.
    fn apply<'a>(&self, collection: &'a Collection, marks: &Marks) -> Result<Vec<&'a Article>> {
        let since = match &self.since {
            Some(text) => Some(Date::parse(text).ok_or_else(|| Error::BadDate(text.clone()))?),
            None => None,
        };
        Ok(collection
            .articles
            .iter()
            .map(|a| &**a)
            .filter(|a| !self.unread || !marks.get(&a.id).is_some_and(|m| m.read))
            .filter(|a| !self.bookmarked || marks.get(&a.id).is_some_and(|m| m.bookmarked))
            .filter(|a| since.is_none_or(|s| a.meta.date.is_some_and(|d| d.at >= s.at)))
            .collect())
    }

    fn needs_marks(&self) -> bool {
        self.unread || self.bookmarked
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    if cli.print_default_config {
        print(Escape::Text, |out| out.write_all(config::default_text().as_bytes()))?;
        return Ok(ExitCode::SUCCESS);
    }
    // A bad config stops here, before anything is shown.
    let config = config::load(cli.config.as_deref())?;
    // Paths given to a command, else before it (`brief ~/news list`), else
    // the config's folders.
    let top = cli.paths.clone();
    let default_paths = |paths: Vec<PathBuf>| match (paths.is_empty(), top.is_empty()) {
        (false, _) => paths,
        (true, false) => top.clone(),
        (true, true) => config.folders.iter().map(|f| expand_home(f)).collect(),
    };
    match cli.command {
        None => {
            if let Some(error) = mistyped_command(&cli.paths) {
                return Err(error);
            }
            let paths = default_paths(cli.paths);
            // The reader opens at once and reads the folders behind it; a
            // path that does not exist is still an error up front.
            for path in &paths {
                if std::fs::symlink_metadata(path).is_err() {
                    return Err(Error::PathNotFound(path.clone()));
                }
            }
            let initial = if paths.is_empty() { loader::load_samples() } else { Collection::default() };
            // `R` fetches into the first folder opened, where the watcher
            // sees what it writes.
            let plan = (|| {
                Some(fetch::Plan {
                    subscriptions: fetch::subscriptions::default_path(cli.config.as_deref())?,
                    options: fetch::Options::new(
                        paths.iter().find(|p| p.is_dir())?.clone(),
                        fetch::default_state_path()?,
                    ),
                })
            })();
            match tui::run(initial, &paths, &config, plan)? {
                Exit::Quit => Ok(ExitCode::SUCCESS),
                Exit::Signal(signal) => Ok(ExitCode::from(u8::try_from(128 + signal).unwrap_or(255))),
            }
        }
        Some(Command::List { paths, select, json }) => {
            let (collection, copies) = open_list(&default_paths(paths))?;
            let marks = if json || select.needs_marks() { marks() } else { Marks::default() };
            let chosen = select.apply(&collection, &marks)?;
            print(style(json), |out| list(&chosen, json.then_some(&marks), &copies, out))?;
            drop(chosen);
            ending((collection, copies));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Show { article, paths, summary, json }) => {
            let (collection, copies, within) = if Path::new(&article).is_file() {
                let file = PathBuf::from(&article);
                let mut collection = loader::load(std::slice::from_ref(&file))?;
                let copies = fold_copies(&mut collection.articles);
                (collection, copies, Within(vec![file]))
            } else {
                let paths = default_paths(paths);
                let (collection, copies) = open_list(&paths)?;
                (collection, copies, Within(paths))
            };
            let found = with_body(find(&collection, &article, &within)?);
            print(style(json), |out| show(&found, copies_of(&copies, &found), summary, json, out))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Search { query, paths, json, limit }) => {
            let paths = default_paths(paths);
            let opened = open(&paths)?;
            print(style(json), |out| search(&opened, &query, limit, json, out))?;
            if opened.index.is_damaged() {
                // Dropped, so that the next command reads every file and
                // writes a sound cache.
                if let Some(path) = crate::cache::path_for(&paths) {
                    crate::cache::forget(&path);
                }
                eprintln!(
                    "brief: the index cache was damaged and is dropped: results may be missing stories"
                );
            }
            ending(opened);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Digest { paths, select }) => {
            let (collection, _) = open_list(&default_paths(paths))?;
            let marks = if select.needs_marks() { marks() } else { Marks::default() };
            let chosen = select.apply(&collection, &marks)?;
            // Bodies only for the stories whose key points are extracted.
            let chosen: Vec<Article> = chosen
                .into_par_iter()
                .map(|a| if a.key_points.is_empty() { with_body(a) } else { a.clone() })
                .collect();
            let chosen: Vec<&Article> = chosen.iter().collect();
            print(Escape::Text, |out| digest(&chosen, out))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check { paths }) => {
            // Every file read: the cache keeps no notes of repairs.
            let paths = default_paths(paths);
            let mut collection =
                if paths.is_empty() { loader::load_samples() } else { loader::load(&paths)? };
            let copies = fold_copies(&mut collection.articles);
            print(Escape::Text, |out| check(&collection, &copies, out))?;
            Ok(if collection.issues.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Some(Command::Fetch { folder, full_text, json, subscriptions, timeout, retries, jobs }) => {
            let folder = match folder.or_else(|| config.folders.first().map(|f| expand_home(f))) {
                Some(folder) => folder,
                None => return Err(Error::NoFetchFolder),
            };
            let given = subscriptions.is_some();
            let subscriptions = subscription_file(subscriptions, cli.config.as_deref())?;
            let mut options =
                fetch::Options::new(folder, fetch::default_state_path().ok_or(Error::NoStateFolder)?);
            options.full_text = full_text;
            options.limits.timeout = std::time::Duration::from_secs(timeout);
            options.limits.retries = retries;
            options.jobs = usize::try_from(jobs).unwrap_or(1);
            let summary =
                fetch::Plan { subscriptions, options }.run(progress_line()).map_err(|e| match e {
                    // A file the user named needs no advice on writing one.
                    Error::NoSubscriptions(path) if given => {
                        Error::Subscriptions { path, message: "not found".into() }
                    }
                    e => e,
                })?;
            clear_progress();
            for warning in &summary.warnings {
                eprintln!("brief: warning: {}", printable(warning));
            }
            print(style(json), |out| fetch_report(&summary, json, out))?;
            let all_failed = !summary.feeds.is_empty() && summary.failed() == summary.feeds.len();
            Ok(if all_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Some(Command::ImportOpml { file, subscriptions }) => {
            let target = subscription_file(subscriptions, cli.config.as_deref())?;
            let imported = fetch::subscriptions::import_opml(&file, &target)?;
            print(Escape::Text, |out| import_report(&imported, &target, out))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Completions { shell }) => {
            print(Escape::Text, |out| {
                clap_complete::generate(shell, &mut Cli::command(), "brief", out);
                Ok(())
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man { command }) => {
            // The pages clap_mangen names (brief-list(1)) are the ones
            // `brief man NAME` prints; there is none for clap's `help`.
            let mut page = Cli::command().disable_help_subcommand(true);
            page.build();
            if let Some(name) = command {
                page = match page.find_subcommand(&name) {
                    Some(sub) => sub.clone(),
                    None => return Err(unknown_command(&name)),
                };
            }
            let man = clap_mangen::Man::new(page).source(format!("brief {}", env!("CARGO_PKG_VERSION")));
            print(Escape::Text, |out| man.render(out))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The subscription list: given, else beside the config file.
fn subscription_file(given: Option<PathBuf>, config: Option<&Path>) -> Result<PathBuf> {
    given.or_else(|| fetch::subscriptions::default_path(config)).ok_or(Error::NoConfigFolder)
}

/// A line on standard error saying how far the fetch is, redrawn in
/// place, when standard error is a terminal (never in a pipe or a log).
fn progress_line() -> impl FnMut(&fetch::FeedReport, usize, usize) {
    let terminal = io::stderr().is_terminal();
    move |report, done, total| {
        if terminal {
            let name = report.title.as_deref().unwrap_or(&report.url);
            let line = format!("fetching feeds: {done}/{total} {}", truncate(&one_line(name), 50));
            eprint!("\r\x1b[K{}", printable(&line));
        }
    }
}

fn clear_progress() {
    if io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
}

/// Each feed's line (or the JSON report), then the totals.
fn fetch_report(summary: &fetch::Summary, as_json: bool, out: &mut dyn Write) -> io::Result<()> {
    let folder = &summary.folder;
    let updated: usize = summary.feeds.iter().map(|f| f.updated).sum();
    if as_json {
        let value = json!({
            "folder": folder.display().to_string(),
            "new": summary.new_items(),
            "updated": updated,
            "failed": summary.failed(),
            "feeds": summary.feeds,
            "warnings": summary.warnings,
        });
        serde_json::to_writer_pretty(&mut *out, &value)?;
        return writeln!(out);
    }
    for feed in &summary.feeds {
        let name = feed.title.as_deref().unwrap_or(&feed.url);
        let said = match feed.status {
            fetch::Status::Failed => format!("failed: {}", feed.error.as_deref().unwrap_or("")),
            fetch::Status::NotModified => "not modified".to_string(),
            fetch::Status::Fetched => {
                let parts: Vec<String> = [
                    (feed.new, "new"),
                    (feed.updated, "updated"),
                    (feed.unchanged, "unchanged"),
                    (feed.kept, "left alone (edited or deleted since)"),
                ]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
                if parts.is_empty() { "no items".to_string() } else { parts.join(", ") }
            }
        };
        writeln!(out, "{}: {said}", one_line(name))?;
        for note in &feed.notes {
            writeln!(out, "  {note}")?;
        }
    }
    let articles = if summary.new_items() == 1 { "article" } else { "articles" };
    write!(out, "{} new {articles} in {}", summary.new_items(), folder.display())?;
    if updated > 0 {
        write!(out, ", {updated} updated")?;
    }
    match summary.failed() {
        0 => writeln!(out),
        n => writeln!(out, "; {n} of {} feeds failed", summary.feeds.len()),
    }
}

/// How many feeds an import added and found there, each outline it
/// skipped, with why, and each folder name it changed.
fn import_report(
    imported: &fetch::subscriptions::Imported,
    target: &Path,
    out: &mut dyn Write,
) -> io::Result<()> {
    let feeds = if imported.added == 1 { "feed" } else { "feeds" };
    write!(
        out,
        "{}: {} {feeds} added, {} already there",
        target.display(),
        imported.added,
        imported.present
    )?;
    match imported.skipped.as_slice() {
        [] => writeln!(out),
        [one] => writeln!(out, ", 1 skipped: {}", one_line(one)),
        many => {
            writeln!(out, ", {} skipped:", many.len())?;
            many.iter().try_for_each(|skipped| writeln!(out, "  {}", one_line(skipped)))
        }
    }?;
    imported.renamed.iter().try_for_each(|renamed| writeln!(out, "  {}", one_line(renamed)))
}

/// `brief lsit`: a first word that names no file or folder but is close to
/// a command's name, which clap took for a path.
fn mistyped_command(paths: &[PathBuf]) -> Option<Error> {
    let first = paths.first()?;
    let word = first.to_str().filter(|w| !w.contains(std::path::MAIN_SEPARATOR))?;
    if std::fs::symlink_metadata(first).is_ok() {
        return None;
    }
    let command = Cli::command();
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    config::closest(word, &names).map(|_| unknown_command(word))
}

/// "unknown command lsit; did you mean list?", or the list of commands.
fn unknown_command(given: &str) -> Error {
    let command = Cli::command();
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    let hint = match config::closest(given, &names) {
        Some(near) => format!("did you mean {near}?"),
        None => format!("the commands are {}", names.join(", ")),
    };
    Error::UnknownCommand { given: given.to_string(), hint }
}

/// The read marks and bookmarks in the reader's state file, which the
/// command line only reads. A file that cannot be used is reported (and
/// moved aside, as the reader would).
fn marks() -> Marks {
    let Some(store) = crate::state::Store::default_location() else { return Marks::default() };
    let (marks, warning) = store.load();
    if let Some(warning) = warning {
        eprintln!("brief: warning: {}", printable(&warning));
    }
    marks
}

/// Where a command looked for articles: the paths given or configured,
/// or else the bundled samples.
pub struct Within(Vec<PathBuf>);

impl Within {
    fn describe(&self) -> String {
        if self.0.is_empty() {
            return "the bundled samples".to_string();
        }
        self.0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    }

    /// The `brief list` command that shows the ids looked among.
    fn list_command(&self) -> String {
        std::iter::once("brief list".to_string())
            .chain(self.0.iter().map(|p| p.display().to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// `~/news` → the home folder's `news`, as a shell would in a path list.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

/// What the commands read: the articles in display order, each story
/// once (see [`fold_copies`]), the files folded away, and the search index
/// with the articles as it numbers them (copies included).
pub struct Opened {
    pub collection: Collection,
    pub copies: Copies,
    pub indexed: Vec<Arc<Article>>,
    pub index: Arc<Index>,
}

/// The articles under `paths`, or the built-in samples when there are
/// none. Folders are loaded as the reader loads them, from the index cache
/// where their files are unchanged (and the cache written when it was not
/// used whole), so no body is read here: commands read the few they print.
pub fn open(paths: &[PathBuf]) -> Result<Opened> {
    let (indexed, issues, index, order) = if paths.is_empty() {
        let samples = loader::load_samples();
        let index = Arc::new(Index::build(&samples.articles));
        (samples.articles, samples.issues, index, None)
    } else {
        let cache = crate::cache::path_for(paths);
        // A cache that cannot be used is as good as none: it is rewritten.
        let cached = || cache.as_deref().and_then(|path| crate::cache::read(path, paths).ok());
        let loaded = loader::load_indexed(paths, cached)?;
        if let (false, Some(path)) = (loaded.from_cache, &cache) {
            // A failed write costs the next command its head start only.
            let _ = crate::cache::write(path, paths, &loaded.collection.articles, &loaded.index);
        }
        (loaded.collection.articles, loaded.collection.issues, loaded.index, loaded.order)
    };
    let mut articles = indexed.clone();
    loader::sort_articles_as(&mut articles, order.as_deref());
    let copies = fold_copies(&mut articles);
    Ok(Opened { collection: Collection { articles, issues }, copies, indexed, index })
}

/// Lets go of a command's collection without freeing it piece by piece:
/// the process ends next, and freeing 100,000 articles' strings one by
/// one would cost a command like `list` a sixth of its time.
fn ending<T>(collection: T) {
    std::mem::forget(collection);
}

/// The articles under `paths` in display order with their copies folded
/// (see [`open`]), for commands that need no search index: from the
/// cached articles alone when the cache holds every file unchanged, which
/// spares reading and checking the index (most of the cache file); their
/// key points are read from it only for the articles shown.
pub fn open_list(paths: &[PathBuf]) -> Result<(Collection, Copies)> {
    let cache = crate::cache::path_for(paths).filter(|_| !paths.is_empty());
    if let Some(path) = cache {
        let cached = || crate::cache::read_articles(&path, paths).ok();
        if let Some(mut collection) = loader::load_listed(paths, cached)? {
            let copies = fold_copies(&mut collection.articles);
            return Ok((collection, copies));
        }
    }
    let Opened { collection, copies, .. } = open(paths)?;
    Ok((collection, copies))
}

/// The article with its body, read again from its file when not held.
fn with_body(a: &Article) -> Article {
    match &a.body {
        Some(_) => a.clone(),
        None => a.with_body(loader::read_body(&a.origin, &a.id)),
    }
}

/// The other files with an article's text.
fn copies_of<'a>(copies: &'a Copies, a: &Article) -> &'a [crate::article::Origin] {
    copies.get(&a.id).map_or(&[], Vec::as_slice)
}

fn style(json: bool) -> Escape {
    if json { Escape::Json } else { Escape::Text }
}

/// Writes to stdout through the guard that escapes anything unprintable
/// (see [`Guard`]); a reader that goes away (`brief list | head`) is not an
/// error.
fn print(style: Escape, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = Guard::new(BufWriter::new(stdout.lock()), style);
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Finds an article by file path, exact id, or unique id prefix, among
/// the articles read from `within`.
pub fn find<'a>(collection: &'a Collection, query: &str, within: &Within) -> Result<&'a Article> {
    let path = Path::new(query);
    if let Some(a) =
        collection.articles.iter().find(|a| a.origin == crate::article::Origin::File(path.to_path_buf()))
    {
        return Ok(a);
    }
    if path.is_file() {
        // The file was named but did not load: say why.
        // Issues hold their paths as printed.
        if let Some(issue) = collection.issues.iter().find(|i| i.path == printable(query)) {
            return Err(Error::NotLoaded { path: query.to_string(), reason: issue.reason.clone() });
        }
    }
    if let Some(a) = collection.articles.iter().find(|a| a.id == query) {
        return Ok(a);
    }
    let matches: Vec<&Article> =
        collection.articles.iter().filter(|a| a.id.starts_with(query)).map(|a| &**a).collect();
    match matches.as_slice() {
        [one] if !query.is_empty() => Ok(one),
        [] | [_] => Err(Error::ArticleNotFound {
            query: query.to_string(),
            within: within.describe(),
            list: within.list_command(),
        }),
        many => Err(Error::AmbiguousArticle { query: query.to_string(), count: many.len() }),
    }
}

fn summary_json(a: &Article, copies: &[crate::article::Origin]) -> Value {
    json!({
        "id": a.id,
        "path": a.origin.display(),
        "title": a.title,
        "source": a.meta.source,
        "author": a.meta.author,
        "date": a.meta.date.map(|d| d.iso()),
        "url": a.meta.url,
        "tags": a.meta.tags,
        "lang": a.meta.lang,
        "reading_minutes": a.reading_minutes(),
        "copies": copies.iter().map(|o| o.display()).collect::<Vec<_>>(),
    })
}

/// The articles, one line each, or as JSON with their `marks` (given for
/// JSON) and the other files with the same text.
pub fn list(
    articles: &[&Article],
    marks: Option<&Marks>,
    copies: &Copies,
    out: &mut dyn Write,
) -> io::Result<()> {
    if let Some(marks) = marks {
        let all: Vec<Value> = articles
            .iter()
            .map(|a| {
                let mut value = summary_json(a, copies_of(copies, a));
                let mark = marks.get(&a.id).cloned().unwrap_or_default();
                value["read"] = json!(mark.read);
                value["bookmarked"] = json!(mark.bookmarked);
                value
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &all)?;
        return writeln!(out);
    }
    // Lines made on every core, a chunk at a time, then written in order.
    let chunks: Vec<String> = articles
        .par_chunks(2048)
        .map(|chunk| {
            use std::fmt::Write as _;
            let mut lines = String::new();
            for a in chunk {
                let date = a.meta.date.map_or_else(|| "-".to_string(), |d| d.short());
                let source = a.meta.source.as_deref().unwrap_or("-");
                let _ = writeln!(lines, "{}  {:<10}  {}  {}", a.id, date, pad(source, 18), a.title);
            }
            lines
        })
        .collect();
    chunks.iter().try_for_each(|lines| out.write_all(lines.as_bytes()))
}

/// The texts the reader would show for `a` (its key points or extracted
/// ones): what a result's hit count counts, as in the reader.
fn shown(a: &Article) -> Shown {
    Shown { key_points: key_points(a).0, ..Shown::of(a, a.held_body()) }
}

/// The author's key points, or else ones extracted from the body (true);
/// none (and false) for a story too short to summarize, shown whole.
fn key_points(a: &Article) -> (Vec<String>, bool) {
    let (points, extracted, _) = key_points_or_lead(a);
    (points, extracted)
}

/// An article's key points, whether they were extracted, and for a story
/// too short to summarize (no points) the lead that stands for it.
fn key_points_or_lead(a: &Article) -> (Vec<String>, bool, Vec<String>) {
    if !a.key_points.is_empty() {
        return (a.key_points.to_vec(), false, Vec::new());
    }
    let text = |sentences: Vec<(Extract, String)>| sentences.into_iter().map(|(_, s)| s).collect();
    match summary_sentences(a) {
        Summary::Points(points) => (text(points), true, Vec::new()),
        Summary::Whole(lead) => (Vec::new(), false, text(lead)),
    }
}

pub fn show(
    a: &Article,
    copies: &[crate::article::Origin],
    summary_only: bool,
    as_json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    if as_json {
        let mut value = summary_json(a, copies);
        let (points, extracted) = key_points(a);
        value["key_points"] = json!(points);
        value["key_points_extracted"] = json!(extracted);
        if !summary_only {
            value["body"] = json!(a.held_body().body);
        }
        serde_json::to_writer_pretty(&mut *out, &value)?;
        return writeln!(out);
    }
    let (points, extracted) = key_points(a);
    let body = (!summary_only || points.is_empty()).then(|| a.held_body());
    out.write_all(crate::document::plain(a, copies, &points, extracted, body.as_deref()).as_bytes())?;
    Ok(())
}

pub fn search(
    opened: &Opened,
    query: &str,
    limit: Option<usize>,
    as_json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let query = Query::parse(query);
    let Opened { collection, indexed, index, .. } = opened;
    // Where each indexed article is listed; none for a copy folded away
    // (its story is found as the copy that is listed, with the same score).
    let listed: rustc_hash::FxHashMap<*const Article, usize> =
        collection.articles.iter().enumerate().map(|(i, a)| (Arc::as_ptr(a), i)).collect();
    let place: Vec<Option<usize>> = indexed.iter().map(|a| listed.get(&Arc::as_ptr(a)).copied()).collect();
    let mut order: Vec<usize> = (0..indexed.len()).filter(|&i| place[i].is_some()).collect();
    order.sort_unstable_by_key(|&i| place[i]);
    let mut found = search_collection(index, indexed, &query, &order);
    found.retain(|f| place[f.article].is_some());
    // Equal scores in list order, as the reader shows them.
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(place[a.article].cmp(&place[b.article])));
    let found = &found[..found.len().min(limit.unwrap_or(usize::MAX))];
    // Bodies for the snippets of the printed results only.
    let rows: Vec<_> = found
        .par_iter()
        .map(|f| {
            let a = with_body(&indexed[f.article]);
            let s = snippet(&FoldedArticle::new(shown(&a)), &query);
            (f, a, s)
        })
        .collect();
    if as_json {
        let all: Vec<Value> = rows
            .iter()
            .map(|(f, a, s)| {
                json!({
                    "id": a.id,
                    "path": a.origin.display(),
                    "title": a.title,
                    "score": f.score,
                    "hits": s.hits,
                    "snippet": s.text,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &all)?;
        return writeln!(out);
    }
    for (_, a, s) in rows {
        let hits = if s.hits == 1 { "1 hit".to_string() } else { format!("{} hits", s.hits) };
        writeln!(out, "{}  {:>8}  {}", a.id, hits, a.title)?;
        writeln!(out, "            {}", truncate(&s.text, 100))?;
    }
    Ok(())
}

/// A Markdown digest of the articles: each title (linked when it has a
/// URL), its source and date, and its key points (marked when extracted).
pub fn digest(articles: &[&Article], out: &mut dyn Write) -> io::Result<()> {
    let count =
        if articles.len() == 1 { "1 article".to_string() } else { format!("{} articles", articles.len()) };
    writeln!(out, "# Digest: {count}")?;
    for a in articles {
        let title = markdown_escape(&a.title);
        // Only http(s) addresses become links, with nothing in them that
        // could end the link early.
        match a.meta.url.as_deref().and_then(links::link_target) {
            Some(target) => writeln!(out, "\n## [{title}]({target})")?,
            None => writeln!(out, "\n## {title}")?,
        }
        let about: Vec<String> =
            a.meta.source.iter().map(|s| markdown_escape(s)).chain(a.meta.date.map(|d| d.short())).collect();
        if !about.is_empty() {
            writeln!(out, "\n*{}*", about.join(" · "))?;
        }
        let (points, extracted, lead) = key_points_or_lead(a);
        if !points.is_empty() {
            writeln!(out)?;
            if extracted {
                writeln!(out, "Key points, extracted from the text:\n")?;
            }
            for point in points {
                writeln!(out, "- {}", markdown_escape(&point))?;
            }
        }
        // A short story's lead, as the paragraph it opens with.
        if !lead.is_empty() {
            let lead: Vec<String> = lead.iter().map(|s| markdown_escape(s)).collect();
            writeln!(out, "\n{}", lead.join(" "))?;
        }
    }
    Ok(())
}

pub fn check(collection: &Collection, copies: &Copies, out: &mut dyn Write) -> io::Result<()> {
    for issue in &collection.issues {
        let kind = match issue.kind {
            IssueKind::Skipped => "skipped",
            IssueKind::Repaired => "repaired",
        };
        writeln!(out, "{}: {kind}: {}", issue.path, issue.reason)?;
    }
    // Not problems, but files a reader may look for in the list in vain.
    for a in &collection.articles {
        for copy in copies_of(copies, a) {
            writeln!(out, "{}: listed once, as {}: same text", copy.display(), a.origin.display())?;
        }
    }
    let skipped = collection.issues.iter().filter(|i| i.kind == IssueKind::Skipped).count();
    writeln!(
        out,
        "{} articles loaded; {} files skipped, {} repaired",
        collection.articles.len(),
        skipped,
        collection.issues.len() - skipped
    )
}
