//! brief's benchmark suite: `cargo bench --bench suite`.
//!
//! Generates corpora with a fixed seed under `target/bench-corpus/` (reused
//! between runs) and prints a Markdown table of load and frame figures.
//! Pass sizes to change the corpora: `cargo bench --bench suite -- 1000 10000`;
//! `-- --no-big` skips the big articles, `-- --big-only` measures only them,
//! `-- --summaries-only` only the summaries; `-- --summary-report` prints
//! what the summarizer made of each story in tests/fixtures/summaries.
//! `-- 1000000` generates (once, about 4.7 GB under target/bench-corpus)
//! and measures a million articles. `-- --phases N` prints the cold path of
//! N articles phase by phase in CPU time (run it with RAYON_NUM_THREADS=1).
//! Every corpus run also types words and quoted phrases into the real
//! binary's list search in a pseudo-terminal, times `brief list`, `brief
//! search` and `rg -l -i` (ripgrep must be installed), each with the page
//! cache warmed just before.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brief::app::{App, Effect, Event, Pane};
use brief::article::Origin;
use brief::corpus::{self, Generator};
use brief::jobs;
use brief::keymap::Action;
use brief::loader::{self, Collection};
use brief::search::Index;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use rayon::prelude::*;

const SEED: u64 = 2026;
const RUNS: usize = 5;
const FRAMES: usize = 300;
/// Corpora this large are measured without holding their bodies.
const LEAN_FROM: usize = 1_000_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--summary-report") {
        summary_report();
        return;
    }
    if let Some(n) = args.iter().position(|a| a == "--phases").and_then(|i| args.get(i + 1)) {
        phases(n.parse().expect("--phases takes a number"));
        return;
    }
    // `--size N` measures one corpus in this process, so its peak memory
    // is its own; otherwise each size runs in a child process.
    if let Some(n) = args.iter().position(|a| a == "--size").and_then(|i| args.get(i + 1)) {
        measure_corpus(n.parse().expect("--size takes a number"));
        return;
    }
    // `cargo bench` passes `--bench`; numbers are corpus sizes.
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000, 100_000] } else { sizes };

    println!("| measurement | value |");
    println!("|---|---|");
    // `-- --big-only` measures only the 1/10/100 MB articles.
    let big_only = args.iter().any(|a| a == "--big-only");
    let summaries_only = args.iter().any(|a| a == "--summaries-only");
    for n in sizes.into_iter().filter(|_| !big_only && !summaries_only) {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--size", &n.to_string()])
            .status()
            .expect("run the benchmark for one size");
        assert!(status.success());
    }
    if !big_only {
        measure_summaries();
    }
    // `-- --no-big` skips the 1/10/100 MB articles (they take a while).
    if !summaries_only && !args.iter().any(|a| a == "--no-big") {
        for mb in [1, 10, 100] {
            measure_big_article(mb);
        }
    }
    println!(
        "\n{} cores; best of {RUNS} runs for loads (2 from a million articles), {FRAMES} frames each.",
        rayon::current_num_threads()
    );
}

fn measure_corpus(n: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let dir = ensure_corpus(&root, n);
    let bytes: u64 = std::fs::read_to_string(dir.join(".complete")).unwrap().trim().parse().unwrap();
    let files = article_files(&dir);
    let floor = best_of(n, || read_floor(&files));
    // Started while this process is small: forking a process that holds a
    // loaded collection would add its own cost to brief's start.
    let cache = tempfile::tempdir().unwrap();
    warm_page_cache(&dir);
    let cold = startup(&dir, n, cache.path(), &[]);
    // The first start wrote the cache just after it became searchable.
    warm_page_cache(&dir);
    // The cache file too: idle page cache may be reclaimed on these machines.
    warm_cache_file(cache.path());
    let warm = startup(&dir, n, cache.path(), &[]);
    row(
        &format!("{n} articles ({:.0} MB): read floor (parallel open+read+close)", bytes as f64 / 1e6),
        ms(floor),
    );
    // From a million articles on, holding every body in this process (as
    // the in-process rows below do at smaller sizes) would take some 16 GB:
    // the model is fed from the cache instead, as the reader is, and the
    // cold start above stands for loading.
    let lean = n >= LEAN_FROM;
    let (collection, index) = if lean {
        let file = cache_file(cache.path());
        let cached =
            brief::cache::read(&file, std::slice::from_ref(&dir)).expect("the cold start wrote the cache");
        for what in ["load (walk, read, parse, sort)", "index build"] {
            row(&format!("{n} articles: {what}"), "not run: it holds every body (see the cold start)".into());
        }
        (Collection { articles: cached.articles, issues: Vec::new() }, cached.index)
    } else {
        let mut collection = Collection::default();
        let load = best_of(n, || {
            collection = loader::load(std::slice::from_ref(&dir)).expect("corpus loads");
        });
        assert_eq!(collection.articles.len(), n);
        let rate = n as f64 / load.as_secs_f64();
        row(&format!("{n} articles: load (walk, read, parse, sort)"), ms(load));
        row(&format!("{n} articles: files per second"), format!("{rate:.0}"));
        row(
            &format!("{n} articles: load / floor"),
            format!("{:.1}×", load.as_secs_f64() / floor.as_secs_f64()),
        );
        let start = Instant::now();
        let index = Index::build(&collection.articles);
        row(&format!("{n} articles: index build"), ms(start.elapsed()));
        row(&format!("{n} articles: index size"), format!("{:.1} MB", index.heap_bytes() as f64 / 1e6));
        (collection, index)
    };
    let mb = |kb: u64| format!("{:.0} MB", kb as f64 / 1024.0);
    let share = |kb: u64| format!("{:.2}× the collection", kb as f64 * 1024.0 / bytes as f64);
    for (run, start) in [("cold", &cold), ("with cache", &warm)] {
        row(&format!("{n} articles: first frame, {run} (real binary in a pseudo-terminal)"), ms(start.first));
        row(&format!("{n} articles: first rows, {run}"), ms(start.rows));
        row(&format!("{n} articles: fully loaded and searchable, {run}"), ms(start.searchable));
        row(&format!("{n} articles: every file found and checked, {run}"), ms(start.checked));
        row(
            &format!("{n} articles: brief's peak RSS, {run}"),
            format!("{} ({})", mb(start.peak_kb), share(start.peak_kb)),
        );
    }
    row(
        &format!("{n} articles: fully searchable cold / read floor"),
        format!("{:.1}×", cold.searchable.as_secs_f64() / floor.as_secs_f64()),
    );
    let queries = queries(&collection);
    let phrases = phrases(&collection);
    let typing: Vec<Typed> =
        queries.iter().chain(&phrases).map(|q| typed(&index, &collection.articles, q)).collect();
    warm_page_cache(&dir);
    let typed_run = startup(&dir, n, cache.path(), &typing);
    for (phrase, what) in [(false, "words"), (true, "quoted phrases")] {
        let mut keys: Vec<Duration> = typed_run.keys.iter().filter(|k| k.0 == phrase).map(|k| k.1).collect();
        keys.sort();
        let pct = |p: usize| keys[(keys.len() - 1) * p / 100];
        row(
            &format!(
                "{n} articles: search per keystroke in the real binary, {what}, p50 / p99 / max ({} keys)",
                keys.len()
            ),
            format!("{} / {} / {}", us(pct(50)), us(pct(99)), us(pct(100))),
        );
    }
    let word = queries[0].split(' ').next().unwrap();
    let folder = dir.to_str().unwrap();
    let brief = env!("CARGO_BIN_EXE_brief");
    let (list, lines) = time_command(&dir, brief, &["list", folder], cache.path());
    row(&format!("{n} articles: `brief list` with the cache ({lines} lines)"), ms(list));
    let (search, lines) = time_command(&dir, brief, &["search", word, folder], cache.path());
    row(&format!("{n} articles: `brief search {word}` with the cache ({} results)", lines / 2), ms(search));
    let (first, _) = time_command(&dir, brief, &["search", "--limit", "20", word, folder], cache.path());
    row(&format!("{n} articles: `brief search --limit 20 {word}` with the cache"), ms(first));
    // ripgrep is the yardstick, not a requirement: without it, said so.
    if std::process::Command::new("rg").arg("--version").output().is_ok() {
        let (rg, lines) = time_command(&dir, "rg", &["-l", "-i", word, folder], cache.path());
        row(&format!("{n} articles: `rg -l -i {word}` ({lines} files)"), ms(rg));
        row(
            &format!("{n} articles: `brief search` speed-up over `rg -l -i`"),
            format!("{:.1}×", rg.as_secs_f64() / search.as_secs_f64()),
        );
    } else {
        row(&format!("{n} articles: `rg -l -i {word}`"), "not measured: rg is not installed".to_string());
    }
    let mut raw = Vec::new();
    for query in &queries {
        for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
            let parsed = brief::search::Query::parse(&query[..end]);
            let start = Instant::now();
            let found = index.search(&parsed);
            raw.push(start.elapsed());
            std::hint::black_box(found);
        }
    }
    raw.sort();
    row(
        &format!("{n} articles: index lookup alone per keystroke, p50 / p99 / max"),
        format!(
            "{} / {} / {}",
            us(raw[raw.len() / 2]),
            us(raw[(raw.len() - 1) * 99 / 100]),
            us(raw[raw.len() - 1])
        ),
    );
    drop(index);

    let mut app = if lean {
        // Fed batch by batch from the cache, bodies left in their files.
        drop(collection);
        let mut app = App::new(Collection::default(), 200, 50);
        let file = cache_file(cache.path());
        let roots = [dir.clone()];
        loader::load_streaming(
            &roots,
            || brief::cache::read(&file, &roots).ok(),
            |batch| {
                app.update(Event::Loaded(batch));
            },
        );
        assert_eq!(app.articles().len(), n);
        app
    } else {
        App::new(collection, 200, 50)
    };
    let (p50, p99) = frame_times(&app);
    row(&format!("{n} articles: list frame at 200×50, p50 / p99"), format!("{} / {}", us(p50), us(p99)));

    // Type each query letter by letter in the list, as a person would:
    // each keystroke is the key event plus the search it triggers.
    let mut keystrokes = Vec::new();
    let mut matches = 0;
    for query in &queries {
        app.update(Event::Action(Action::Search));
        for c in query.chars() {
            let start = Instant::now();
            app.update(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
            app.tick();
            keystrokes.push(start.elapsed());
        }
        matches += app.shown().len();
        app.update(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    }
    keystrokes.sort();
    let pct = |p: usize| keystrokes[(keystrokes.len() - 1) * p / 100];
    row(
        &format!(
            "{n} articles: search per keystroke, p50 / p99 / max ({} keys, {} queries)",
            keystrokes.len(),
            queries.len()
        ),
        format!("{} / {} / {}", us(pct(50)), us(pct(99)), us(pct(100))),
    );
    assert!(matches > 0, "the queries find something");
    copied_in(&mut app, n);
    let held = if lean { "bodies in their files" } else { "all bodies held" };
    row(&format!("{n} articles: this benchmark's peak RSS ({held})"), mb(peak_rss_kb()));
}

/// 1,000 new files arriving in one change event (a folder copied in while
/// the reader runs): the model's update, on the UI thread, and the index
/// rebuilt on a worker (the old index's parts reused).
fn copied_in(app: &mut App, n: usize) {
    let mut generator = Generator::new(SEED + 1);
    let changes: Vec<brief::live::Change> = (0..1000)
        .map(|i| {
            let path = PathBuf::from(format!("/copied/{i:04}.txt"));
            let text = generator.article(n + i, 4700);
            let (articles, _) =
                loader::parse_bytes(Origin::File(path.clone()), text.as_bytes(), None).unwrap();
            let load = loader::FileLoad {
                articles: articles.into_iter().map(std::sync::Arc::new).collect(),
                issue: None,
            };
            brief::live::Change::File { path, load }
        })
        .collect();
    let start = Instant::now();
    let effects = app.update(Event::Changes(changes));
    let update = start.elapsed();
    let start = Instant::now();
    let mut indexed = 0;
    for effect in effects {
        if let brief::app::Effect::Reindex(job) = effect {
            indexed = brief::jobs::reindex(job).articles.len();
        }
    }
    let reindex = start.elapsed();
    assert_eq!(indexed, n + 1000, "the new files are indexed with the rest");
    row(&format!("{n} articles: 1,000 files copied in, the model's update (UI thread)"), ms(update));
    row(&format!("{n} articles: 1,000 files copied in, index rebuilt (worker)"), ms(reindex));
}

/// CPU seconds this process has used so far (user and system).
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// The cold path of an `n`-article corpus phase by phase, in CPU time (so
/// that other work on the machine counts little): each phase run alone
/// over the whole corpus, as the loader runs it (one thread when run
/// with RAYON_NUM_THREADS=1, which gives the plainest breakdown).
fn phases(n: usize) {
    use brief::search::fold::{fold_into, tokens};
    use brief::search::index::Part;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let dir = ensure_corpus(&root, n);
    let mut report = Vec::new();
    let mut phase = |name: &str, f: &mut dyn FnMut()| {
        let (cpu, wall) = (cpu_time(), Instant::now());
        f();
        report.push((name.to_string(), cpu_time() - cpu, wall.elapsed()));
    };
    let mut files = Vec::new();
    phase("walk and stat (walkdir)", &mut || {
        files = article_files(&dir);
        for f in &files {
            std::hint::black_box(std::fs::metadata(f).unwrap());
        }
    });
    let mut bytes: Vec<Vec<u8>> = Vec::new();
    phase("read (open, read, close)", &mut || {
        bytes = files.par_iter().map(|p| std::fs::read(p).unwrap()).collect();
    });
    phase("UTF-8 check and sanitize", &mut || {
        bytes.par_iter().for_each(|b| {
            std::hint::black_box(brief::text::sanitize(&String::from_utf8_lossy(b)));
        })
    });
    let mut articles: Vec<brief::article::Article> = Vec::new();
    phase("parse (all of it: sanitize, fields, title, id, count words in 'before')", &mut || {
        articles = files
            .par_iter()
            .zip(&bytes)
            .flat_map_iter(|(p, b)| loader::parse_bytes(Origin::File(p.clone()), b, None).unwrap().0)
            .collect();
    });
    drop(bytes);
    let fields = |a: &brief::article::Article| -> Vec<String> {
        std::iter::once(a.title.clone())
            .chain(a.key_points.iter().cloned())
            .chain(a.held_body().body.iter().cloned())
            .collect()
    };
    phase("count words for reading time (the second pass 'before' made in parse)", &mut || {
        let words: usize = articles
            .par_iter()
            .map(|a| {
                fields(a)[1..]
                    .iter()
                    .map(|t| {
                        let ideographs = if t.is_ascii() {
                            0
                        } else {
                            t.chars().filter(|&c| brief::text::is_ideograph(c)).count()
                        };
                        t.split_whitespace().count() + ideographs / 2
                    })
                    .sum::<usize>()
            })
            .sum();
        std::hint::black_box(words);
    });
    let mut folded: Vec<String> = Vec::new();
    phase("fold (old path, alone)", &mut || {
        folded = articles
            .par_iter()
            .map(|a| {
                let mut out = String::new();
                for t in fields(a) {
                    fold_into(&t, &mut out);
                    out.push('\n');
                }
                out
            })
            .collect();
    });
    phase("tokenize (old path, alone)", &mut || {
        let count: usize = folded.par_iter().map(|f| tokens(f).count()).sum();
        std::hint::black_box(count);
    });
    drop(folded);
    let mut parts = Vec::new();
    phase("index (build_part per loader batch, fold and tokenize included)", &mut || {
        let mut at = 0;
        for chunk in articles.chunks(16384) {
            let index = Index::build_part(chunk);
            let place = (at..at + chunk.len() as u32).map(Some).collect();
            at += chunk.len() as u32;
            parts.push(Part { index: std::sync::Arc::new(index), place });
        }
    });
    phase("combine the batches' indexes", &mut || {
        std::hint::black_box(Index::combine(&parts, articles.len()));
    });
    let mut shared: Vec<std::sync::Arc<brief::article::Article>> =
        articles.drain(..).map(std::sync::Arc::new).collect();
    phase("sort", &mut || loader::sort_articles(&mut shared));
    println!(
        "| phase ({n} articles, {} threads) | CPU | wall |\n|---|---|---|",
        rayon::current_num_threads()
    );
    for (name, cpu, wall) in report {
        println!("| {name} | {} | {} |", ms(cpu), ms(wall));
    }
}

/// Two-word queries made of words from the corpus's own key points, so
/// they narrow as they are typed and end with real matches.
fn queries(collection: &Collection) -> Vec<String> {
    let n = collection.articles.len();
    (0..20)
        .map(|i| {
            let article = &collection.articles[(i * 7919) % n];
            let words: Vec<&str> = article.key_points[0].split_whitespace().collect();
            format!("{} {}", words[1 % words.len()], words[4 % words.len()]).to_lowercase()
        })
        .collect()
}

/// Quoted two-word phrases from the corpus's own key points.
fn phrases(collection: &Collection) -> Vec<String> {
    let n = collection.articles.len();
    (0..5)
        .map(|i| {
            let article = &collection.articles[(i * 104_729 + 11) % n];
            let words: Vec<&str> = article.key_points[0].split_whitespace().collect();
            format!("\"{} {}\"", words[2 % words.len()], words[3 % words.len()]).to_lowercase()
        })
        .collect()
}

/// What one start of the real binary took.
struct Startup {
    first: Duration,
    /// The first article row on screen (an unread mark).
    rows: Duration,
    searchable: Duration,
    /// Every file found and checked (against the cache, when there is one).
    checked: Duration,
    peak_kb: u64,
    /// Keystrokes typed into the search (phrase or not) and their latency.
    keys: Vec<(bool, Duration)>,
}

/// Starts the release binary on `dir` in a 200×50 pseudo-terminal with
/// its cache in `cache`, and times its first frame, and the moment the
/// status bar stops saying "loading" or "indexing" with all `n` articles
/// listed; then waits for the cache to be written, and reads brief's peak
/// memory before it quits.
fn startup(dir: &Path, n: usize, cache: &Path, typing: &[Typed]) -> Startup {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::sync::{Arc, Mutex};
    let pair = native_pty_system()
        .openpty(PtySize { rows: 50, cols: 200, pixel_width: 0, pixel_height: 0 })
        .unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
    cmd.arg(dir);
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_CONFIG_HOME", "/nonexistent/brief-bench-config");
    cmd.env("XDG_STATE_HOME", state.path());
    cmd.env("XDG_CACHE_HOME", cache);
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(50, 200, 0)));
    let first = Arc::new(Mutex::new(None));
    let rows = Arc::new(Mutex::new(None));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (p, f, r) = (parser.clone(), first.clone(), rows.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(count) = reader.read(&mut buf) {
            if count == 0 {
                break;
            }
            let mut parser = p.lock().unwrap();
            parser.process(&buf[..count]);
            let screen = parser.screen().contents();
            let mut first = f.lock().unwrap();
            if first.is_none() && screen.contains("Articles (") {
                *first = Some(start.elapsed());
            }
            let mut rows = r.lock().unwrap();
            if rows.is_none() && screen.contains('●') {
                *rows = Some(start.elapsed());
            }
        }
    });
    let done = format!("Articles ({n})");
    let wait = |also: &str| loop {
        let screen = parser.lock().unwrap().screen().contents();
        // Last time's first rows are shown while the cache is read.
        let busy = ["loading", "indexing", "reading the cache", also].iter().any(|s| screen.contains(s));
        if screen.contains(&done) && !busy {
            break start.elapsed();
        }
        assert!(start.elapsed() < patience(n), "brief did not finish loading");
        std::thread::sleep(Duration::from_millis(2));
    };
    // With a cache, what it holds is listed and searchable while the walk
    // still checks the files against it ("finding files").
    let searchable = wait("indexing");
    let checked = wait("finding files");
    // Written to a temporary name, then renamed: wait for the real one.
    let cached = || {
        std::fs::read_dir(cache.join("brief"))
            .is_ok_and(|mut d| d.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "bin"))))
    };
    while !cached() {
        assert!(start.elapsed() < patience(n), "brief wrote no cache");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut writer = pair.master.take_writer().unwrap();
    // Each query typed letter by letter into the list's search, each key
    // timed from its write until the screen shows what it finds.
    let mut keys = Vec::new();
    for typed in typing {
        // A search reads no article file, only the mapped index: warming
        // the corpus (4.7 GB at a million) would push the index out.
        warm_cache_file(cache);
        writer.write_all(b"/").unwrap();
        for (text, expected) in &typed.keys {
            let title = match expected {
                Some(count) => format!("Results ({count} of {n})"),
                None => format!("Articles ({n})"),
            };
            let prompt = format!("search:  {text}");
            let c = text.chars().last().unwrap();
            let start = Instant::now();
            writer.write_all(c.to_string().as_bytes()).unwrap();
            loop {
                let screen = parser.lock().unwrap().screen().contents();
                if screen.contains(&prompt) && screen.contains(&title) {
                    break;
                }
                assert!(start.elapsed() < Duration::from_secs(30), "no {title} for {text}");
                std::thread::sleep(Duration::from_micros(200));
            }
            keys.push((typed.phrase, start.elapsed()));
        }
        writer.write_all(b"\x1b").unwrap();
        // A lone Escape is told from a key sequence by a pause.
        while parser.lock().unwrap().screen().contents().contains("search:") {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let pid = child.process_id().expect("pid");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    writer.write_all(b"q").unwrap();
    child.wait().unwrap();
    let first = first.lock().unwrap().expect("a first frame");
    let rows = rows.lock().unwrap().expect("article rows");
    Startup { first, rows, searchable, checked, peak_kb: vm_hwm_kb(&status), keys }
}

/// How long a start of `n` articles may take before the suite gives up.
fn patience(n: usize) -> Duration {
    Duration::from_secs(120.max(n as u64 / 2000))
}

/// A query typed into the list's search: each keystroke's text so far,
/// and the results it should show (none: the whole list).
struct Typed {
    phrase: bool,
    keys: Vec<(String, Option<usize>)>,
}

/// What each prefix of `query` finds, as the reader finds it.
fn typed(index: &Index, articles: &[std::sync::Arc<brief::article::Article>], query: &str) -> Typed {
    let order: Vec<usize> = (0..articles.len()).collect();
    let keys = query
        .char_indices()
        .map(|(i, c)| {
            let text = &query[..i + c.len_utf8()];
            let parsed = brief::search::Query::parse(text);
            let count = (!parsed.is_empty())
                .then(|| brief::search::search_collection(index, articles, &parsed, &order).len());
            (text.to_string(), count)
        })
        .collect();
    Typed { phrase: query.contains('"'), keys }
}

/// Reads every article file, so that what is timed next finds them in
/// the page cache (idle pages may be reclaimed on these machines).
fn warm_page_cache(dir: &Path) {
    read_floor(&article_files(dir));
}

/// The index cache file brief wrote under the cache folder `cache`.
fn cache_file(cache: &Path) -> PathBuf {
    walkdir::WalkDir::new(cache)
        .into_iter()
        .flatten()
        .find(|e| e.file_type().is_file() && e.file_name().to_string_lossy().starts_with("index-"))
        .expect("brief wrote its cache")
        .into_path()
}

/// Reads the files of brief's cache folder `cache` into the page cache.
fn warm_cache_file(cache: &Path) {
    for file in walkdir::WalkDir::new(cache).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        drop(std::fs::read(file.path()));
    }
}

/// The fastest of three runs of a command, its page cache warmed first.
fn time_command(dir: &Path, program: &str, args: &[&str], cache: &Path) -> (Duration, usize) {
    (0..3)
        .map(|_| {
            warm_page_cache(dir);
            let start = Instant::now();
            let out = std::process::Command::new(program)
                .args(args)
                .env("XDG_CACHE_HOME", cache)
                .env("XDG_CONFIG_HOME", "/nonexistent/brief-bench-config")
                .output()
                .expect("run the command");
            (start.elapsed(), out.stdout.iter().filter(|&&b| b == b'\n').count())
        })
        .min()
        .unwrap()
}

/// The peak resident set size in a /proc status file.
fn vm_hwm_kb(status: &str) -> u64 {
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn peak_rss_kb() -> u64 {
    vm_hwm_kb(&std::fs::read_to_string("/proc/self/status").unwrap_or_default())
}

/// Time to extract key points from articles of 5 KB and 100 KB (the
/// median of several runs over different generated articles).
fn measure_summaries() {
    for kb in [5usize, 100] {
        let mut generator = Generator::new(SEED + kb as u64);
        let mut times: Vec<Duration> = (0..21)
            .map(|i| {
                let text = generator.article(i, kb << 10);
                // Without its key points, so it needs a summary.
                let body: String = text
                    .lines()
                    .filter(|l| !l.starts_with("- ") && !l.starts_with("Key Points"))
                    .collect::<Vec<_>>()
                    .join("\n");
                let (article, _) =
                    loader::parse_bytes(Origin::Embedded("s.txt"), body.as_bytes(), None).unwrap();
                let start = Instant::now();
                std::hint::black_box(brief::summary::summarize(&article[0]));
                start.elapsed()
            })
            .collect();
        times.sort();
        row(
            &format!("summary of a {kb} KB article, median / max"),
            format!("{} / {}", ms(times[10]), ms(times[20])),
        );
    }
    measure_noisy_summaries();
}

/// Generated wire-like stories: generated prose paragraphs with generated
/// table rows, date lists, statement lines, photo credits, links and
/// bylines between them. Which lines are prose is known from how they
/// were made, independently of the summarizer's prose test.
fn wire_like_story(generator: &mut Generator, rng: &mut corpus::Rng) -> (String, Vec<String>) {
    let mut lines = Vec::new();
    let mut prose = Vec::new();
    for _ in 0..1 + rng.below(8) {
        let paragraph = (0..1 + rng.below(3)).map(|_| generator.sentence()).collect::<Vec<_>>().join(" ");
        prose.push(paragraph.clone());
        lines.push(paragraph);
        for _ in 0..rng.below(4) {
            let word = generator.sentence().split(' ').nth(1).unwrap_or("wheat").to_string();
            let kind = rng.below(6);
            let mut figure = || format!("{}.{:02}", rng.below(90) + 1, rng.below(100));
            let noise = match kind {
                0 => format!("{word} {} {} {} {}", figure(), figure(), figure(), figure()),
                1 => (0..4).map(|d| format!("{:02}/{:02}/87", 1 + d, 3 + d)).collect::<Vec<_>>().join(" "),
                2 => format!("Shr {} cts vs {} cts", figure(), figure()),
                3 => format!("Photo: Ilse {word} for the Wire"),
                4 => format!("Read more: https://example.org/{word}/{}", rng.below(1000)),
                _ => format!("By Ilse Marton and Tove {}{}", word[..1].to_uppercase(), &word[1..]),
            };
            lines.push(noise);
        }
    }
    (lines.join("\n"), prose)
}

/// Over 1,000 generated wire-like stories: how many extracted points pass
/// the prose test, and how many were taken from a generated prose line.
fn measure_noisy_summaries() {
    let mut generator = Generator::new(SEED);
    let mut rng = corpus::Rng::new(SEED);
    let (mut points, mut passing, mut from_prose, mut whole) = (0, 0, 0, 0);
    let stories = 1000;
    for _ in 0..stories {
        let (text, prose) = wire_like_story(&mut generator, &mut rng);
        let (article, _) = loader::parse_bytes(Origin::Embedded("w.txt"), text.as_bytes(), None).unwrap();
        let extracted = brief::summary::summary_points(&article[0]);
        whole += usize::from(extracted.is_empty());
        for point in extracted {
            points += 1;
            passing += usize::from(brief::summary::prose(&point).is_ok());
            from_prose += usize::from(prose.iter().any(|p| p.contains(point.as_str())));
        }
    }
    let share = |n: usize| format!("{n} of {points} ({:.1} %)", n as f64 * 100.0 / points.max(1) as f64);
    row(
        &format!("summaries of {stories} generated wire-like stories: points that pass the prose test"),
        share(passing),
    );
    row(
        &format!("summaries of {stories} generated wire-like stories: points taken from generated prose"),
        share(from_prose),
    );
    row(
        &format!(
            "summaries of {stories} generated wire-like stories: shown whole (3 prose sentences or fewer)"
        ),
        whole.to_string(),
    );
}

/// For each story in tests/fixtures/summaries, every sentence of its body
/// and what the summarizer made of it, as Markdown.
fn summary_report() {
    use brief::summary::{Summary, summary, verdicts};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/summaries");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let (articles, _) = loader::parse_bytes(Origin::File(path.clone()), &bytes, None).unwrap();
        let article = &articles[0];
        let summary = summary(article);
        let picked = match &summary {
            Summary::Points(points) => points.clone(),
            Summary::Whole(_) => Vec::new(),
        };
        let file = path.file_name().unwrap().to_string_lossy();
        println!(
            "\n**{file}** — title “{}”: {}\n",
            article.title,
            match &summary {
                Summary::Points(p) => format!("{} points extracted", p.len()),
                Summary::Whole(_) => "shown whole".to_string(),
            }
        );
        println!("| sentence | verdict |\n|---|---|");
        let text = article.held_body();
        for (e, verdict) in verdicts(&text) {
            let paragraph = &text.body[e.paragraph];
            let s = &paragraph[e.range.clone()];
            let verdict = if picked.contains(&e) {
                "**picked**".to_string()
            } else {
                match verdict {
                    Ok(()) => "prose, not picked".to_string(),
                    Err(why) => format!("not prose: {}", why.describe()),
                }
            };
            let shown: String = s.chars().take(90).collect();
            let more = if shown.len() < s.len() { "…" } else { "" };
            println!("| {}{more} | {verdict} |", shown.replace('|', "\\|"));
        }
    }
}

fn measure_big_article(mb: usize) {
    // One paragraph generated, repeated: the generator is slow past a few MB.
    let paragraph = Generator::new(SEED).article(0, 64 << 10);
    let mut text = String::with_capacity((mb << 20) + paragraph.len());
    while text.len() < mb << 20 {
        text.push_str(&paragraph);
    }
    let start = Instant::now();
    let (article, _) = loader::parse_bytes(Origin::Embedded("big.txt"), text.as_bytes(), None).unwrap();
    let parse = start.elapsed();
    // The collection (and its search index) first: the reader builds the
    // index while loading, not when an article is opened.
    let articles = article.into_iter().map(std::sync::Arc::new).collect();
    let mut app = App::new(Collection { articles, issues: vec![] }, 200, 50);
    let start = Instant::now();
    let mut effects = app.update(Event::Action(Action::ToggleView));
    effects.extend(app.update(Event::Action(Action::Open)));
    let open = start.elapsed();
    // A long body is shown from its start; the rest is wrapped on a worker.
    let mut rest = None;
    for effect in effects {
        if let Effect::Layout(job) = effect {
            let start = Instant::now();
            let doc = jobs::layout(job);
            rest = Some(start.elapsed());
            app.update(Event::LaidOut(Box::new(doc)));
        }
    }
    app.update(Event::Action(Action::Bottom));
    let pages = app.content_lines(Pane::Article) / 2 / app.page_height(Pane::Article);
    for _ in 0..pages {
        app.update(Event::Action(Action::PageUp));
    }
    let (p50, p99) = frame_times(&app);
    row(&format!("{mb} MB article: parse"), ms(parse));
    row(&format!("{mb} MB article: open in full view (wrap at 200 columns), first screen"), ms(open));
    if let Some(rest) = rest {
        row(&format!("{mb} MB article: the whole of it wrapped, off the UI thread"), ms(rest));
    }
    row(
        &format!("{mb} MB article: frame at 200×50 mid-article, p50 / p99"),
        format!("{} / {}", us(p50), us(p99)),
    );

    // In-story find: every keystroke scans the article again (a long
    // one on a worker, timed here in line: key to hits).
    app.update(Event::Action(Action::Search));
    let mut key = |c: char| {
        let start = Instant::now();
        for effect in app.update(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))) {
            if let Effect::Find(job) = effect {
                app.update(Event::Found(Box::new(job.run())));
            }
        }
        start.elapsed()
    };
    let first = key('k');
    let mut keys: Vec<Duration> = "a ro".chars().map(&mut key).collect();
    keys.sort();
    row(&format!("{mb} MB article: find, first keystroke"), ms(first));
    row(
        &format!("{mb} MB article: find, later keystrokes p50 / max ({} hits)", app.find().hits.len()),
        format!("{} / {}", ms(keys[keys.len() / 2]), ms(keys[keys.len() - 1])),
    );
}

fn row(name: &str, value: String) {
    println!("| {name} | {value} |");
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn ensure_corpus(root: &Path, n: usize) -> PathBuf {
    let dir = root.join(n.to_string());
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let bytes = corpus::write_corpus(&dir, n, SEED).unwrap();
        std::fs::write(&done, bytes.to_string()).unwrap();
        eprintln!("generated {n} articles ({:.1} MB) in {}", bytes as f64 / 1e6, dir.display());
    }
    dir
}

fn article_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect()
}

/// The cost of just getting the bytes: what no loader can beat.
fn read_floor(files: &[PathBuf]) {
    let total: usize = files
        .par_iter()
        .map(|p| {
            let mut buf = Vec::new();
            File::open(p).and_then(|mut f| f.read_to_end(&mut buf)).unwrap()
        })
        .sum();
    assert!(total > 0);
}

/// The best of [`RUNS`] runs of `f` over `n` articles; of two from a
/// million on, where a run takes minutes.
fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..if n >= 1_000_000 { 2 } else { RUNS })
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap()
}

fn frame_times(app: &App) -> (Duration, Duration) {
    let area = Rect::new(0, 0, 200, 50);
    let mut times: Vec<Duration> = (0..FRAMES)
        .map(|_| {
            let mut buf = Buffer::empty(area);
            let start = Instant::now();
            app.render(area, &mut buf);
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[FRAMES / 2], times[FRAMES * 99 / 100])
}
