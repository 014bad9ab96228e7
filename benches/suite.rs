//! brief's benchmark suite: `cargo bench --bench suite`.
//!
//! Generates corpora with a fixed seed under `target/bench-corpus/` (reused
//! between runs) and prints a Markdown table of load and frame figures.
//! Pass sizes to change the corpora: `cargo bench --bench suite -- 1000 10000`.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brief::app::{App, Event};
use brief::article::Origin;
use brief::corpus::{self, Generator};
use brief::keymap::Action;
use brief::loader::{self, Collection};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use rayon::prelude::*;

const SEED: u64 = 2026;
const RUNS: usize = 5;
const FRAMES: usize = 300;

fn main() {
    // `cargo bench` passes `--bench`; numbers are corpus sizes.
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");

    println!("| measurement | value |");
    println!("|---|---|");
    for &n in &sizes {
        let dir = ensure_corpus(&root, n);
        let files = article_files(&dir);
        let floor = best_of(|| read_floor(&files));
        let mut collection = Collection::default();
        let load = best_of(|| {
            collection = loader::load(std::slice::from_ref(&dir)).expect("corpus loads");
        });
        assert_eq!(collection.articles.len(), n);
        let rate = n as f64 / load.as_secs_f64();
        row(&format!("{n} articles: read floor (parallel open+read+close)"), ms(floor));
        row(&format!("{n} articles: load (walk, read, parse, sort)"), ms(load));
        row(&format!("{n} articles: files per second"), format!("{rate:.0}"));
        row(
            &format!("{n} articles: load / floor"),
            format!("{:.1}×", load.as_secs_f64() / floor.as_secs_f64()),
        );
        let app = App::new(collection, 200, 50);
        let (p50, p99) = frame_times(&app);
        row(&format!("{n} articles: list frame at 200×50, p50 / p99"), format!("{} / {}", us(p50), us(p99)));
    }

    for mb in [1usize] {
        let text = Generator::new(SEED).article(0, mb << 20);
        let start = Instant::now();
        let (article, _) = loader::parse_bytes(Origin::Embedded("big.txt"), text.as_bytes(), None).unwrap();
        let parse = start.elapsed();
        let start = Instant::now();
        let mut app = App::new(Collection { articles: vec![article], issues: vec![] }, 200, 50);
        app.update(Event::Action(Action::ToggleView));
        app.update(Event::Action(Action::Open));
        let wrap = start.elapsed();
        app.update(Event::Action(Action::Bottom));
        let pages =
            app.content_lines(brief::app::Pane::Article) / 2 / app.page_height(brief::app::Pane::Article);
        for _ in 0..pages {
            app.update(Event::Action(Action::PageUp));
        }
        let (p50, p99) = frame_times(&app);
        row(&format!("{mb} MB article: parse"), ms(parse));
        row(&format!("{mb} MB article: open in full view (wrap at 200 columns)"), ms(wrap));
        row(
            &format!("{mb} MB article: frame at 200×50 mid-article, p50 / p99"),
            format!("{} / {}", us(p50), us(p99)),
        );
    }
    println!(
        "\n{} cores; best of {RUNS} runs for loads, {FRAMES} frames each.",
        rayon::current_num_threads()
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

fn best_of(mut f: impl FnMut()) -> Duration {
    (0..RUNS)
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
