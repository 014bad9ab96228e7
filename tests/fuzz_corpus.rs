//! Replays every input the fuzzers kept (fuzz/corpus/<target>/, and any
//! crash they saved in fuzz/artifacts/<target>/) through the same checks.

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for dir in [root.join("corpus").join(target), root.join("artifacts").join(target)] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                check(&std::fs::read(&path).unwrap());
                count += 1;
            }
        }
    }
    assert!(count > 0, "no saved inputs for {target}");
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
