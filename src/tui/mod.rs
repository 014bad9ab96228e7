//! The terminal runtime: sets the terminal up, feeds key, resize and signal
//! events to the [`App`] and draws it, and always puts the terminal back.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, SystemTime};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::Event as TermEvent;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::app::{App, BodyRequest, Effect, Event, FindJob, Layout, PhraseCheck, Reindex};
use crate::error::{Error, Result};
use crate::state::{Marks, Store, now_ms};
use crate::{jobs, live, loader};
use worker::{Superseded, Wake, Worker};

mod external;
mod worker;

/// How the reader ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A terminating signal arrived; the process should exit 128 + signal.
    Signal(i32),
}

enum Input {
    Terminal(TermEvent),
    Signal(i32),
    /// For the model: loading, file changes, and the workers' results.
    Event(Event),
    /// The folders are being watched (or could not be).
    Watching(Option<live::Watcher>),
    /// The terminal can no longer be read (closed, hung up).
    Closed,
    /// The state file has been read (see [`Marking`]).
    MarksRead,
}

/// Runs the reader until the user quits or a signal arrives: starts with
/// `collection`, reads `paths` in the background, then keeps the
/// collection in step with their files.
/// `fetch` is what `R` fetches (none when no folder is open to fetch into).
pub fn run(
    collection: crate::collection::Collection,
    paths: &[std::path::PathBuf],
    config: &crate::config::Config,
    fetch: Option<crate::fetch::Plan>,
) -> Result<Exit> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(Error::NotATerminal);
    }
    // Catch terminating signals before touching the terminal, so none can
    // arrive in between and leave it raw.
    let signals = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])?;
    // Installs ratatui's panic hook, which restores the terminal first.
    let mut terminal = ratatui::try_init()?;
    let result = (|| {
        // Signals are passed on before anything is read from disk.
        let (tx, rx) = mpsc::channel();
        forward_signals(signals, tx.clone());
        let size = terminal.size()?;
        let mut app = App::new(collection, size.width, size.height);
        app.configure(config);
        // Read on a thread of its own, so the first frame and the first
        // keys need not wait for a large state file.
        let mut marking = Marking::start(Store::default_location(), &tx);
        if config.mouse {
            ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::event::EnableMouseCapture)?;
            // ratatui's panic hook restores the screen but knows nothing of
            // the mouse: stop mouse reporting first.
            let restore = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let _ = ratatui::crossterm::execute!(
                    std::io::stdout(),
                    ratatui::crossterm::event::DisableMouseCapture
                );
                restore(info);
            }));
        }
        // A panic has restored the terminal (in the hook) before it gets
        // here; the marks changed since the last save are written before
        // it goes on, so a bug costs no reading history.
        let exit = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let setup = Setup { paths, mouse: config.mouse, fetch: fetch.as_ref() };
            event_loop(&mut terminal, &mut app, (tx.clone(), rx), &setup, &mut marking)
        }));
        let exit = match exit {
            Ok(exit) => exit,
            Err(panic) => {
                marking.finish(&mut app, &tx);
                std::panic::resume_unwind(panic);
            }
        };
        // The last marks (and reading position) before leaving; marks that
        // could not be saved are an error, told once the screen is back.
        app.prepare_exit();
        match marking.finish(&mut app, &tx) {
            Some(problem) => Err(Error::MarksNotSaved(problem)),
            None => exit,
        }
    })();
    if config.mouse {
        let _ =
            ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::event::DisableMouseCapture);
    }
    ratatui::restore();
    result
}

/// Hands the terminal back to the shell and stops (SIGTSTP, as Ctrl-Z
/// would without raw mode); when continued, takes the terminal again. The
/// caller repaints. In a process group without job control the signal is
/// ignored by the system and this returns at once.
fn suspend(mouse: bool) -> Result<()> {
    use ratatui::crossterm::{event, execute, terminal};
    if mouse {
        execute!(std::io::stdout(), event::DisableMouseCapture)?;
    }
    ratatui::restore();
    // SAFETY: raising a signal has no memory-safety preconditions.
    unsafe { libc::raise(libc::SIGTSTP) };
    terminal::enable_raw_mode()?;
    execute!(std::io::stdout(), terminal::EnterAlternateScreen)?;
    if mouse {
        execute!(std::io::stdout(), event::EnableMouseCapture)?;
    }
    Ok(())
}

/// How long a failed save waits before it is tried again (a newer change
/// tries at once).
const SAVE_RETRY: Duration = Duration::from_secs(2);

/// Saves marks on a worker, so the reader never waits for the disk; of
/// several queued saves only the newest is written.
struct Saver {
    worker: Worker<Marks>,
    /// Why the marks could not be saved, until a save succeeds.
    problem: Arc<Mutex<Option<String>>>,
}

/// Starts the saver for marks that were `loaded` from `store`, telling
/// `report` how each attempt went.
fn start_saver(
    store: Store,
    loaded: Marks,
    report: impl Fn(std::result::Result<(), String>) + Send + 'static,
) -> Saver {
    let problem = Arc::new(Mutex::new(None));
    let shared = Arc::clone(&problem);
    // What is on disk from this process: a save writes what changed since.
    // It moves on only when a save succeeds, so a failed save's changes
    // are in every later attempt until one gets through.
    let mut saved = loaded;
    let worker = Worker::start("brief-save", move |marks: Marks, superseded: &Superseded<Marks>| {
        let mut closing = false;
        loop {
            let outcome = store
                .save(&saved, &marks)
                .map(drop)
                .map_err(|e| format!("marks not saved to {}: {e}", store.path().display()));
            *shared.lock().unwrap_or_else(PoisonError::into_inner) = outcome.as_ref().err().cloned();
            let saved_now = outcome.is_ok();
            report(outcome);
            if saved_now {
                saved = marks;
                return;
            }
            if closing {
                return;
            }
            match superseded.wait(SAVE_RETRY) {
                Wake::Timeout => {}
                // The newer marks include these.
                Wake::Newer => return,
                // Once more as the reader closes; then the caller is told.
                Wake::Closed => closing = true,
            }
        }
    });
    Saver { worker, problem }
}

/// Where the marks are: being read from the state file, then in the app
/// with a saver writing their changes, or nowhere to keep them.
enum Marking {
    Loading(thread::JoinHandle<(Marks, Option<String>, Vec<String>)>, Store),
    Saving(Saver, Store),
    Off,
}

impl Marking {
    /// Starts reading the marks; [`Input::MarksRead`] says when they are.
    fn start(store: Option<Store>, tx: &mpsc::Sender<Input>) -> Marking {
        let Some(store) = store else { return Marking::Off };
        let (reader, tx) = (store.clone(), tx.clone());
        let loading = thread::spawn(move || {
            let (marks, warning) = reader.load();
            let history = reader.history();
            drop(tx.send(Input::MarksRead));
            (marks, warning, history)
        });
        Marking::Loading(loading, store)
    }

    /// Once read (waiting for that if need be): gives the app the marks,
    /// with those it made meanwhile laid over them, shows the state file's
    /// warning, and starts saving.
    fn settle(&mut self, app: &mut App, tx: &mpsc::Sender<Input>) {
        let Marking::Loading(..) = self else { return };
        let Marking::Loading(loading, store) = std::mem::replace(self, Marking::Off) else { return };
        let (loaded, warning, history) = loading.join().unwrap_or_default();
        app.set_history(history);
        let early = app.take_changed_marks();
        let marks = crate::state::lay_over(loaded.clone(), early.clone().unwrap_or_default());
        app.set_marks(marks.clone());
        app.notify(warning);
        let tx = tx.clone();
        let saver = start_saver(store.clone(), loaded, move |outcome| {
            drop(tx.send(Input::Event(Event::Saved(outcome))))
        });
        if early.is_some() {
            saver.worker.submit(marks);
        }
        *self = Marking::Saving(saver, store);
    }

    /// Hands changed marks to the saver, once there is one (until then
    /// they stay changed in the app).
    fn save(&self, app: &mut App) {
        if let Marking::Saving(saver, _) = self
            && let Some(marks) = app.take_changed_marks()
        {
            saver.worker.submit(marks);
        }
    }

    /// Saves the last marks and waits until everything is written, or
    /// tried once more: returns why the marks could not be saved, if they
    /// could not.
    fn finish(&mut self, app: &mut App, tx: &mpsc::Sender<Input>) -> Option<String> {
        self.settle(app, tx);
        self.save(app);
        let Marking::Saving(saver, store) = std::mem::replace(self, Marking::Off) else { return None };
        saver.worker.finish();
        // The queries typed, kept for the next run; losing them costs
        // little, so a failure is not reported.
        if let Some(history) = app.take_changed_history() {
            let _ = store.save_history(&history, crate::app::HISTORY);
        }
        saver.problem.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

/// The threads that do what the model asks: each a latest-wins worker
/// whose results come back as input.
struct Runtime {
    indexer: Worker<Reindex>,
    bodies: Worker<Vec<BodyRequest>>,
    layout: Worker<Layout>,
    phrases: Worker<PhraseCheck>,
    find: Worker<FindJob>,
}

impl Runtime {
    fn start(tx: &mpsc::Sender<Input>, cache: Option<PathBuf>, roots: Vec<PathBuf>) -> Runtime {
        let to = |tx: &mpsc::Sender<Input>| {
            let tx = tx.clone();
            move |event: Event| drop(tx.send(Input::Event(event)))
        };
        let deliver = to(tx);
        let indexer = Worker::start("brief-index", move |job: Reindex, _: &Superseded<Reindex>| {
            let complete = job.complete;
            let indexed = jobs::reindex(job);
            let (articles, index) = (indexed.articles.clone(), Arc::clone(&indexed.index));
            deliver(Event::Indexed(Box::new(indexed)));
            // Written after the reader has the index, and only when it
            // covers the whole collection; a failed write costs the next
            // start its head start, nothing more.
            if let (true, Some(path)) = (complete, &cache) {
                let _ = crate::cache::write(path, &roots, &articles, &index);
            }
        });
        let deliver = to(tx);
        let big_bodies = Worker::start("brief-big-bodies", move |job, superseded: &Superseded<_>| {
            jobs::load_bodies(job, || superseded.check(), &deliver)
        });
        let deliver = to(tx);
        let bodies =
            Worker::start("brief-bodies", move |job: Vec<BodyRequest>, superseded: &Superseded<_>| {
                // A big body is read by a worker of its own: the article moved
                // to next, or the rows of results, would wait seconds for it.
                let (big, small): (Vec<_>, Vec<_>) = job.into_iter().partition(jobs::is_big_body);
                if !big.is_empty() {
                    big_bodies.submit(big);
                }
                jobs::load_bodies(small, || superseded.check(), &deliver)
            });
        let deliver = to(tx);
        // Threads of its own for wrapping a long body: on the shared pool,
        // work the UI thread hands to it (a find's scan, the start of the
        // next body) waited behind the wrap, up to half a second.
        let pool = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("brief-wrap-{i}")).build().ok();
        let layout = Worker::start("brief-layout", move |job, _: &Superseded<_>| {
            let doc = match &pool {
                Some(pool) => pool.install(|| jobs::layout(job)),
                None => jobs::layout(job),
            };
            deliver(Event::LaidOut(Box::new(doc)))
        });
        let deliver = to(tx);
        let phrases = Worker::start("brief-phrases", move |check, _: &Superseded<_>| {
            deliver(Event::PhrasesChecked(Box::new(jobs::check_phrases(check))))
        });
        let deliver = to(tx);
        let find = Worker::start("brief-find", move |job: FindJob, _: &Superseded<_>| {
            deliver(Event::Found(Box::new(job.run())))
        });
        Runtime { indexer, bodies, layout, phrases, find }
    }
}

/// Reads the terminal on a thread of its own, while `gate` lets it.
fn read_terminal(tx: mpsc::Sender<Input>, gate: external::Gate) {
    thread::spawn(move || {
        loop {
            let input = gate.read().map_or(Input::Closed, Input::Terminal);
            let closed = matches!(input, Input::Closed);
            if tx.send(input).is_err() || closed {
                break;
            }
        }
    });
}

/// Gives the terminal to a program and takes it back: the screen and raw
/// mode are restored for it, and the reader's input thread stays off the
/// terminal until it ends.
fn hand_over(
    gate: &external::Gate,
    mouse: bool,
    run: impl FnOnce() -> Option<String>,
) -> Result<Option<String>> {
    use ratatui::crossterm::{event, execute, terminal};
    gate.closed(|| {
        if mouse {
            execute!(std::io::stdout(), event::DisableMouseCapture)?;
        }
        ratatui::restore();
        let failure = run();
        terminal::enable_raw_mode()?;
        execute!(std::io::stdout(), terminal::EnterAlternateScreen)?;
        if mouse {
            execute!(std::io::stdout(), event::EnableMouseCapture)?;
        }
        Ok(failure)
    })
}

/// Passes terminating signals on as input.
fn forward_signals(mut signals: Signals, tx: mpsc::Sender<Input>) {
    thread::spawn(move || {
        for signal in signals.forever() {
            if tx.send(Input::Signal(signal)).is_err() {
                break;
            }
        }
    });
}

/// Reads the collection on a thread of its own, batch by batch, starting
/// from the index cache when there is one.
fn load(paths: &[PathBuf], cache: Option<PathBuf>, tx: mpsc::Sender<Input>) {
    let paths = paths.to_vec();
    thread::spawn(move || {
        // The list's first rows as last time, at once: reading the cache
        // itself takes a second or more at a million articles.
        if let Some(preview) = cache
            .as_ref()
            .and_then(|path| crate::cache::read_preview(&crate::cache::preview_path(path), &paths).ok())
        {
            let batch = crate::collection::Batch { preview: Some(Box::new(preview)), ..Default::default() };
            drop(tx.send(Input::Event(Event::Loaded(batch))));
        }
        // A cache that cannot be used is as good as none: it is rebuilt
        // once the index is.
        let cached = || cache.and_then(|path| crate::cache::read(&path, &paths).ok());
        loader::load_streaming(&paths, cached, |batch| {
            if batch.done {
                test_faults::hold_last_batch();
            }
            drop(tx.send(Input::Event(Event::Loaded(batch))))
        })
    });
}

/// Starts watching the folders, on a thread of its own: setting up the
/// watches takes a while on a big tree (0.2 s at 100,000 files), and the
/// UI thread has a list to show.
/// Without a watcher (no inotify left, say) the reader still works; it
/// just does not follow changes.
fn watch(paths: &[PathBuf], tx: mpsc::Sender<Input>) {
    let paths = paths.to_vec();
    thread::spawn(move || {
        let changes_tx = tx.clone();
        let deliver = move |changes| drop(changes_tx.send(Input::Event(Event::Changes(changes))));
        drop(tx.send(Input::Watching(live::watch(&paths, None, deliver).ok())));
    });
}

/// Looks, once loading is done, for files written after `since` (when it
/// began) that neither the load nor the watches (set up meanwhile) saw.
/// Not sooner: it stats every file, and would take a core from the load
/// (at 100,000 files, rows came 0.3 s later).
fn catch_up(paths: &[PathBuf], since: SystemTime, tx: &mpsc::Sender<Input>) {
    let (paths, tx) = (paths.to_vec(), tx.clone());
    thread::spawn(move || {
        let missed = live::written_since(&paths, since);
        if !missed.is_empty() {
            drop(tx.send(Input::Event(Event::Changes(missed))));
        }
    });
}

/// What the reader was started with.
struct Setup<'a> {
    paths: &'a [PathBuf],
    mouse: bool,
    fetch: Option<&'a crate::fetch::Plan>,
}

/// Fetches the subscribed feeds on a thread of its own, telling the model
/// how far it got; the files it writes come in through the watcher.
fn fetch(plan: Option<&crate::fetch::Plan>, tx: &mpsc::Sender<Input>) {
    let tx = tx.clone();
    let send = move |event| drop(tx.send(Input::Event(event)));
    let Some(plan) = plan.cloned() else {
        send(Event::Fetched(Err("open a folder to fetch into (brief ~/news)".into())));
        return;
    };
    thread::spawn(move || {
        let mut new = 0;
        let outcome = plan.run(|report, done, total| {
            new += report.new;
            send(Event::Fetching { done, total, new });
        });
        let outcome = outcome.map(|summary| crate::app::Fetched {
            feeds: summary.feeds.len(),
            new: summary.new_items(),
            failed: summary.failed(),
            first_failure: summary.feeds.iter().find(|f| f.status == crate::fetch::Status::Failed).map(|f| {
                let name = f.title.as_deref().unwrap_or(&f.url);
                (crate::text::one_line(name), crate::text::one_line(f.error.as_deref().unwrap_or("")))
            }),
        });
        send(Event::Fetched(outcome.map_err(|e| crate::text::printable(&e.to_string()).into_owned())));
    });
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    (tx, rx): (mpsc::Sender<Input>, mpsc::Receiver<Input>),
    setup: &Setup,
    marking: &mut Marking,
) -> Result<Exit> {
    let Setup { paths, mouse, .. } = *setup;
    let cache = crate::cache::path_for(paths).filter(|_| !paths.is_empty());
    let runtime = Runtime::start(&tx, cache.clone(), paths.to_vec());
    // The time from the first frame: dates are drawn relative to it.
    let mut effects = app.update(Event::Clock(now_ms()));
    let since = SystemTime::now();
    if !paths.is_empty() {
        app.start_loading();
        // The first frame goes out before the loader threads take the cores.
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        load(paths, cache.clone(), tx.clone());
        // Watching starts with loading, so that no file written meanwhile
        // is missed (files written before the watches were set up are
        // looked for once loading is done: see catch_up); its changes wait
        // until loading is done (below), and a file taken in twice is
        // simply read again.
        watch(paths, tx.clone());
    }
    let mut loaded = paths.is_empty();
    let mut early_changes = Vec::new();
    let mut _watcher = None;
    let gate = external::Gate::default();
    read_terminal(tx.clone(), gate.clone());

    let mut repaint = false;
    let mut uncertain = false;
    loop {
        // The size the terminal has now is the one to draw for, whatever
        // resize events are still on their way; after a resize everything
        // is repainted, since the terminal may have reflowed what it showed.
        let size = terminal.size()?;
        if (size.width, size.height) != app.size() {
            effects.extend(app.update(Event::Resize { width: size.width, height: size.height }));
            repaint = true;
        }
        if std::mem::take(&mut repaint) || uncertain {
            // Not `clear()`: that asks the terminal for the cursor position,
            // and the answer would race our input thread for stdin.
            terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        }
        let frame = terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        // After a screen with text whose width terminals disagree on, the
        // next one is drawn afresh: patched cell by cell, it could keep
        // stray characters where the terminal's idea of the width differs.
        uncertain = frame.buffer.content().iter().any(|cell| crate::text::uncertain_width(cell.symbol()));
        let Ok(first) = rx.recv() else { return Ok(Exit::Quit) };
        effects.extend(app.update(Event::Clock(now_ms())));
        // Handle everything that queued up before drawing again, so a burst
        // of keys or resizes costs one frame.
        for input in std::iter::once(first).chain(rx.try_iter()) {
            let event = match input {
                Input::Signal(signal) => return Ok(Exit::Signal(signal)),
                Input::Closed => return Ok(Exit::Quit),
                Input::Event(Event::Changes(changes)) if !loaded => {
                    early_changes.extend(changes);
                    continue;
                }
                Input::Event(event) => {
                    if matches!(&event, Event::Loaded(batch) if batch.done) {
                        loaded = true;
                        catch_up(paths, since, &tx);
                        effects.extend(app.update(event));
                        if !early_changes.is_empty() {
                            effects.extend(app.update(Event::Changes(std::mem::take(&mut early_changes))));
                        }
                        continue;
                    }
                    event
                }
                Input::Watching(started) => {
                    _watcher = started;
                    continue;
                }
                Input::MarksRead => {
                    marking.settle(app, &tx);
                    continue;
                }
                Input::Terminal(TermEvent::Key(key)) => {
                    test_faults::panic_on(&key);
                    Event::Key(key)
                }
                Input::Terminal(TermEvent::Mouse(mouse)) => Event::Mouse(mouse),
                Input::Terminal(TermEvent::Resize(width, height)) => {
                    repaint = true;
                    Event::Resize { width, height }
                }
                Input::Terminal(_) => continue,
            };
            effects.extend(app.update(event));
        }
        // Only the latest query is searched: stale ones were dropped above.
        effects.extend(app.tick());
        // What the programs the effects ran have to say, for the model.
        let mut later = Vec::new();
        for effect in effects.drain(..) {
            match effect {
                Effect::Quit => return Ok(Exit::Quit),
                Effect::OpenUrl(url) => {
                    let tx = tx.clone();
                    // Beside the reader, which never waits for it.
                    thread::spawn(move || {
                        if let Some(failure) = external::browse(url) {
                            drop(tx.send(Input::Event(Event::Notice(failure))));
                        }
                    });
                }
                Effect::Redraw => repaint = true,
                Effect::Pipe { command, text } => {
                    let failure = hand_over(&gate, mouse, || external::pipe(command.as_deref(), &text))?;
                    later.extend(failure.map(Event::Notice));
                    repaint = true;
                }
                Effect::Edit(path) => {
                    let failure = hand_over(&gate, mouse, || external::edit(&path))?;
                    later.extend(failure.map(Event::Notice));
                    repaint = true;
                }
                Effect::Reindex(job) => runtime.indexer.submit(job),
                Effect::LoadBodies(requests) => runtime.bodies.submit(requests),
                Effect::Layout(job) => runtime.layout.submit(job),
                Effect::CheckPhrases(check) => runtime.phrases.submit(check),
                Effect::Find(job) => runtime.find.submit(job),
                Effect::Suspend => {
                    suspend(mouse)?;
                    repaint = true;
                }
                Effect::Fetch => fetch(setup.fetch, &tx),
                Effect::ForgetCache => {
                    if let Some(path) = cache.clone() {
                        // Off the UI thread, as every file operation.
                        thread::spawn(move || crate::cache::forget(&path));
                    }
                }
            }
        }
        for event in later {
            effects.extend(app.update(event));
        }
        marking.save(app);
    }
}

/// Faults the end-to-end tests ask a debug build for, through the
/// environment, to prove that the terminal and the marks survive a panic
/// or a signal in every mode. Release builds ignore the variables.
mod test_faults {
    use std::time::Duration;

    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    fn var(name: &str) -> Option<String> {
        if cfg!(debug_assertions) { std::env::var(name).ok() } else { None }
    }

    /// `BRIEF_TEST_PANIC_KEY=x`: pressing x panics.
    pub fn panic_on(key: &KeyEvent) {
        let wanted = var("BRIEF_TEST_PANIC_KEY").and_then(|k| k.chars().next());
        if wanted.is_some_and(|c| key.code == KeyCode::Char(c)) {
            panic!("deliberate panic (BRIEF_TEST_PANIC_KEY)");
        }
    }

    /// `BRIEF_TEST_LOAD_DELAY_MS=n`: the last batch of loading is held
    /// back n ms, so a test can act while brief is still loading.
    pub fn hold_last_batch() {
        if let Some(ms) = var("BRIEF_TEST_LOAD_DELAY_MS").and_then(|ms| ms.parse().ok()) {
            std::thread::sleep(Duration::from_millis(ms));
        }
    }
}
