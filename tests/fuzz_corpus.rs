//! Replays every input the fuzzers kept through the same checks:
//! fuzz/corpus/<target>/ (minimized with `cargo fuzz cmin`),
//! fuzz/regressions/<target>/ (inputs that once crashed, kept whatever
//! cmin does) and any crash saved in fuzz/artifacts/<target>/.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut corpus = 0;
    for kind in ["corpus", "regressions", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                let data = std::fs::read(&path).unwrap();
                if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
                    eprintln!("fuzz input failed: {}", path.display());
                    resume_unwind(panic);
                }
                corpus += usize::from(kind == "corpus");
            }
        }
    }
    assert!(corpus > 0, "no corpus for {target} in fuzz/corpus/{target}");
}

#[test]
fn parse_corpus() {
    replay("parse", brief::fuzz::parse);
}

#[test]
fn text_corpus() {
    replay("text", brief::fuzz::text);
}

#[test]
fn config_corpus() {
    replay("config", brief::fuzz::config);
}

#[test]
fn state_corpus() {
    replay("state", brief::fuzz::state);
}

#[test]
fn cache_corpus() {
    replay("cache", brief::fuzz::cache);
}

#[test]
fn html_corpus() {
    replay("html", brief::fuzz::html);
}
