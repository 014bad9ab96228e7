//! The architecture, checked: every module may import only the modules its
//! layer allows (the table below), the table has no circles, and the pure
//! layers (data, text, search, the model and its drawing) touch no files,
//! threads or clock. A new import that breaks a layer fails here, naming
//! the file and the module it reached for.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Module → the modules it may import. Pure modules first, then the I/O
/// services, then the two front ends (terminal and command line).
const ALLOWED: &[(&str, &[&str])] = &[
    // Pure: text and data.
    ("text", &[]),
    ("wrap", &["text"]),
    ("vocab", &["article"]),
    ("keymap", &["text"]),
    ("codec", &[]),
    ("sentences", &["text"]),
    ("article", &["codec", "sentences", "text"]),
    ("marks", &[]),
    ("samples", &[]),
    ("links", &["text"]),
    // Pure: what is computed from articles.
    ("search", &["article", "codec", "text"]),
    ("summary", &["article", "search", "sentences", "text"]),
    ("collection", &["article", "search", "text"]),
    ("document", &["article", "summary", "text", "wrap"]),
    ("layout", &["vocab"]),
    ("theme", &["article"]),
    ("settings", &["keymap", "layout", "theme", "vocab"]),
    // Pure: the model, and its drawing.
    (
        "app",
        &[
            "article",
            "collection",
            "document",
            "keymap",
            "layout",
            "links",
            "marks",
            "search",
            "settings",
            "summary",
            "text",
            "theme",
            "vocab",
            "wrap",
        ],
    ),
    (
        "ui",
        &[
            "app", "article", "document", "keymap", "layout", "search", "summary", "text", "theme", "vocab",
            "wrap",
        ],
    ),
    // I/O services.
    ("fsutil", &[]),
    ("cache", &["article", "codec", "collection", "fsutil", "search", "text"]),
    (
        "loader",
        &["article", "cache", "collection", "error", "fsutil", "samples", "search", "summary", "text"],
    ),
    ("live", &["collection", "loader"]),
    ("state", &["fsutil", "marks", "text"]),
    ("config", &["keymap", "layout", "settings", "text", "theme", "vocab"]),
    ("error", &["config"]),
    ("corpus", &["loader"]),
    ("jobs", &["app", "article", "document", "loader", "search"]),
    ("fetch", &["config", "error", "fsutil", "links", "loader", "state", "text"]),
    // Front ends.
    (
        "tui",
        &[
            "app",
            "cache",
            "collection",
            "config",
            "error",
            "fetch",
            "jobs",
            "live",
            "loader",
            "state",
            "text",
            "vocab",
        ],
    ),
    (
        "cli",
        &[
            "article",
            "cache",
            "collection",
            "config",
            "document",
            "error",
            "fetch",
            "keymap",
            "links",
            "loader",
            "search",
            "state",
            "summary",
            "text",
            "tui",
        ],
    ),
];

/// Modules that must not mention files, threads or the clock.
const PURE: &[&str] = &[
    "text",
    "wrap",
    "vocab",
    "keymap",
    "codec",
    "article",
    "marks",
    "search",
    "sentences",
    "summary",
    "collection",
    "document",
    "layout",
    "theme",
    "settings",
    "app",
    "ui",
];

const FORBIDDEN_IN_PURE: &[&str] = &["std::fs", "std::thread", "SystemTime::now", "Instant::now", "std::net"];

/// Entry points for fuzzing and the library root reach everything.
const EXEMPT: &[&str] = &["lib", "main", "fuzz"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/app/find.rs` → `app`.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without its unit tests, which may use anything.
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// Top-level modules named after `crate::` (in `use` lines and paths).
fn imports(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() {
            found.insert(name);
        }
        // `use crate::{a, b::c}`
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name: String =
                    item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

fn table() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    ALLOWED.iter().map(|(m, deps)| (*m, deps.iter().copied().collect())).collect()
}

#[test]
fn every_module_imports_only_what_its_layer_allows() {
    let table = table();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut broken = Vec::new();
    for file in &files {
        let module = module_of(file);
        if EXEMPT.contains(&module.as_str()) {
            continue;
        }
        let Some(allowed) = table.get(module.as_str()) else {
            broken.push(format!("{}: module `{module}` is not in the layer table", file.display()));
            continue;
        };
        for import in imports(&code(file)) {
            if import != module && !allowed.contains(import.as_str()) && import != "Result" {
                broken.push(format!("{}: `{module}` may not import `{import}`", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn the_layer_table_has_no_circles() {
    let table = table();
    // Repeatedly take the modules whose allowed imports are all taken.
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    loop {
        let ready: Vec<&str> = table
            .iter()
            .filter(|(m, deps)| !placed.contains(*m) && deps.iter().all(|d| placed.contains(d)))
            .map(|(m, _)| *m)
            .collect();
        if ready.is_empty() {
            break;
        }
        placed.extend(ready);
    }
    let circular: Vec<&&str> = table.keys().filter(|m| !placed.contains(*m)).collect();
    assert!(circular.is_empty(), "modules in a circle of allowed imports: {circular:?}");
    for deps in table.values() {
        for dep in deps {
            assert!(table.contains_key(dep), "`{dep}` is allowed but has no row of its own");
        }
    }
}

#[test]
fn pure_modules_touch_no_files_threads_or_clock() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut broken = Vec::new();
    for file in &files {
        if !PURE.contains(&module_of(file).as_str()) {
            continue;
        }
        let code = code(file);
        for word in FORBIDDEN_IN_PURE {
            if code.contains(word) {
                broken.push(format!("{}: mentions {word}", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "I/O in a pure module:\n{}", broken.join("\n"));
}

#[test]
fn the_import_reader_sees_grouped_and_nested_imports() {
    let found = imports("use crate::{article::Article, text};\nfn f() { crate::search::fold(); }");
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["article", "search", "text"]);
}
