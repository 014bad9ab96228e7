//! The command-line interface, run as a real process.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn brief(args: &[&str]) -> Output {
    brief_with_state(args, Path::new("/nonexistent/brief-test-state"))
}

/// brief with its state folder (read marks, bookmarks) in `state`.
fn brief_with_state(args: &[&str], state: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // Never the developer's own config or marks.
        .env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .env("XDG_STATE_HOME", state)
        .env("XDG_CACHE_HOME", "/nonexistent/brief-test-cache")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("run brief")
}

/// brief with its index cache in `cache`.
fn brief_with_cache(args: &[&str], cache: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .env("XDG_STATE_HOME", "/nonexistent/brief-test-state")
        .env("XDG_CACHE_HOME", cache)
        .stdin(Stdio::null())
        .output()
        .expect("run brief");
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// The cache file in `cache`, with its modification time.
fn cache_file(cache: &Path) -> Option<(PathBuf, std::time::SystemTime)> {
    let entry = fs::read_dir(cache.join("brief"))
        .ok()?
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "bin"))?;
    Some((entry.path(), entry.metadata().ok()?.modified().ok()?))
}

#[test]
fn commands_start_from_the_cache_and_print_what_a_cold_run_prints() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("news");
    fs::create_dir(&folder).unwrap();
    brief::corpus::write_corpus(&folder, 300, 7).unwrap();
    let folder = folder.to_str().unwrap();
    let listing = brief_with_cache(&["list", folder], &dir.path().join("unused"));
    // Words from a listed title: one alone, the first two as a phrase.
    let title: Vec<String> = listing
        .lines()
        .next()
        .unwrap()
        .split("  ")
        .last()
        .unwrap()
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let phrase = format!("\"{} {}\"", title[0], title[1]);
    let commands: [&[&str]; 4] = [
        &["list", "--json", folder],
        &["search", "--json", &title[1], folder],
        &["search", "--json", &phrase, folder],
        &["digest", folder],
    ];
    let cache = dir.path().join("cache");
    let cold: Vec<String> = commands
        .iter()
        .map(|args| {
            let _ = fs::remove_dir_all(&cache);
            brief_with_cache(args, &cache)
        })
        .collect();
    let (_, written) = cache_file(&cache).expect("a cold run writes the cache");
    let warm: Vec<String> = commands.iter().map(|args| brief_with_cache(args, &cache)).collect();
    assert_eq!(cold, warm);
    // Used as it was, not rebuilt.
    assert_eq!(cache_file(&cache).unwrap().1, written);
    assert!(cold[2].contains("\"id\""), "the phrase is found: {}", cold[2]);
    let phrased: Vec<serde_json::Value> = serde_json::from_str(&cold[2]).unwrap();
    let loose: Vec<serde_json::Value> = serde_json::from_str(&brief_with_cache(
        &["search", "--json", &format!("{} {}", title[0], title[1]), folder],
        &cache,
    ))
    .unwrap();
    assert!(phrased.len() <= loose.len() && !phrased.is_empty());
}

/// A state folder whose state file marks the articles `read` and `bookmarked`.
fn state_with(read: &[&str], bookmarked: &[&str]) -> tempfile::TempDir {
    let state = tempfile::tempdir().unwrap();
    let entries: Vec<String> = read
        .iter()
        .map(|id| format!("\"{id}\": {{\"read\": true, \"updated\": 1}}"))
        .chain(bookmarked.iter().map(|id| format!("\"{id}\": {{\"bookmarked\": true, \"updated\": 1}}")))
        .collect();
    fs::create_dir_all(state.path().join("brief")).unwrap();
    fs::write(
        state.path().join("brief/state.json"),
        format!("{{\"version\": 1, \"articles\": {{{}}}}}", entries.join(", ")),
    )
    .unwrap();
    state
}

/// The id `brief list` gives the article titled `title`.
fn id_of(listing: &str, title: &str) -> String {
    listing.lines().find(|l| l.ends_with(title)).unwrap()[..10].to_string()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

const FIXTURES: &str = "tests/fixtures/txt";

#[test]
fn list_prints_one_line_per_article_in_display_order() {
    let out = brief(&["list", FIXTURES]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(
        lines[0].contains("2026-11-01") && lines[0].ends_with("Deep in the tree and dated"),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("Fixture Times") && lines[1].ends_with("A headed fixture"));
    // Ids are ten hex digits and stable from run to run.
    let id = &lines[0][..10];
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(stdout(&brief(&["list", FIXTURES])), text);
}

#[test]
fn list_json_has_the_documented_fields() {
    let out = brief(&["list", FIXTURES, "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), 7);
    let headed = items.iter().find(|i| i["title"] == "A headed fixture").unwrap();
    assert_eq!(headed["source"], "Fixture Times");
    assert_eq!(headed["date"], "2026-10-01");
    assert!(headed["path"].as_str().unwrap().ends_with("headed.txt"));
    assert_eq!(headed["id"].as_str().unwrap().len(), 10);
    let undated = items.iter().find(|i| i["title"] == "Star bullet").unwrap();
    assert!(undated["date"].is_null());
    assert!(undated["source"].is_null());
}

#[test]
fn show_by_id_prefix_path_and_summary() {
    let list = stdout(&brief(&["list", FIXTURES]));
    let line = list.lines().find(|l| l.ends_with("A headed fixture")).unwrap();
    let id = &line[..10];

    let out = brief(&["show", &id[..6], FIXTURES]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("A headed fixture\nFixture Times · by Test Writer · 2026-10-01"));
    assert!(text.contains("\nKey Points\n- A point under a header.\n"));
    assert!(text.contains("\nBody under a header.\n"));

    let by_path = stdout(&brief(&["show", "tests/fixtures/txt/headed.txt"]));
    assert_eq!(by_path, text);

    let summary = stdout(&brief(&["show", id, FIXTURES, "--summary"]));
    assert!(summary.contains("A point under a header."));
    assert!(!summary.contains("Body under a header."));

    let json: serde_json::Value =
        serde_json::from_slice(&brief(&["show", id, FIXTURES, "--json"]).stdout).unwrap();
    assert_eq!(json["id"], id);
    assert_eq!(json["key_points"][0], "A point under a header.");
    assert_eq!(json["body"][0], "Body under a header.");
}

#[test]
fn show_unknown_article_is_a_clear_error() {
    let out = brief(&["show", "zzzz", FIXTURES]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "brief: no article matches \"zzzz\" in tests/fixtures/txt (try `brief list tests/fixtures/txt`)\n"
    );
    let out = brief(&["show", "zzzz"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "brief: no article matches \"zzzz\" in the bundled samples (try `brief list`)\n"
    );
}

#[test]
fn a_mistyped_command_is_named_as_such() {
    let out = brief(&["lsit"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "brief: unknown command lsit; did you mean list?\n");
    assert_eq!(stderr(&brief(&["lsit", FIXTURES])), "brief: unknown command lsit; did you mean list?\n");
    // Far from every command: a path that is not there.
    assert_eq!(stderr(&brief(&["zebra"])), "brief: zebra: no such file or folder\n");
    // A folder of that name is opened as one.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("lsit")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .arg("lsit")
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(stderr(&out).starts_with("brief: brief needs a terminal"), "{}", stderr(&out));
}

#[test]
fn list_selects_by_marks_and_date_and_json_has_the_marks() {
    let listing = stdout(&brief(&["list", FIXTURES]));
    let (read, starred) = (id_of(&listing, "A headed fixture"), id_of(&listing, "Star bullet"));
    let state = state_with(&[&read], &[&starred]);
    let lines = |args: &[&str]| -> Vec<String> {
        let out = brief_with_state(args, state.path());
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).lines().map(|l| l[..10].to_string()).collect()
    };
    let unread = lines(&["list", FIXTURES, "--unread"]);
    assert_eq!(unread.len(), 6);
    assert!(!unread.contains(&read));
    assert_eq!(lines(&["list", FIXTURES, "--bookmarked"]), std::slice::from_ref(&starred));
    assert_eq!(lines(&["list", FIXTURES, "--since", "2026-10-15"]).len(), 1);
    assert_eq!(lines(&["list", FIXTURES, "--since", "2026-09-01", "--unread"]).len(), 1, "they combine");

    let out = brief_with_state(&["list", FIXTURES, "--json"], state.path());
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 7);
    for item in &items {
        let id = item["id"].as_str().unwrap();
        assert_eq!(item["read"], id == read, "{item}");
        assert_eq!(item["bookmarked"], id == starred, "{item}");
    }
    assert!(!state.path().join("brief/state.json.lock").exists(), "the state file is only read");
}

#[test]
fn samples_are_the_default_collection() {
    let out = brief(&["list"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 17);
    assert!(stdout(&brief(&["check"])).contains("17 articles loaded; 0 files skipped, 0 repaired"));
}

#[test]
fn check_lists_problems_and_sets_the_exit_status() {
    let clean = brief(&["check", FIXTURES]);
    assert_eq!(clean.status.code(), Some(0));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Key Points\n- Fine.").unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"Key Points\n- Caf\xc3\xa9 \xff.").unwrap();
    let out = brief(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let empty: PathBuf = dir.path().join("empty.txt");
    assert!(text.contains(&format!("{}: skipped: empty file", empty.display())), "{text}");
    assert!(text.contains("bad.txt: repaired: invalid UTF-8"), "{text}");
    assert!(text.ends_with("2 articles loaded; 1 files skipped, 1 repaired\n"), "{text}");
}

#[test]
fn missing_path_and_missing_terminal_are_one_line_errors() {
    let out = brief(&["list", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "brief: no/such/folder: no such file or folder\n");

    let out = brief(&[FIXTURES]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("brief: brief needs a terminal"), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1);
}

#[test]
fn help_and_version() {
    let out = brief(&["--help"]);
    assert!(out.status.success());
    for word in ["list", "show", "check", "PATHS"] {
        assert!(stdout(&out).contains(word), "{word}");
    }
    let out = brief(&["--version"]);
    assert_eq!(stdout(&out), format!("brief {}\n", env!("CARGO_PKG_VERSION")));
    assert!(Path::new(FIXTURES).is_relative());
}

#[test]
fn search_ranks_and_prints_json() {
    let out = brief(&["search", "point", FIXTURES, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = value.as_array().unwrap();
    assert!(items.len() >= 2);
    for item in items {
        for field in ["id", "path", "title", "hits", "snippet"] {
            assert!(!item[field].is_null(), "{field} in {item}");
        }
        assert!(item["hits"].as_u64().unwrap() >= 1);
    }
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");

    let limited = brief(&["search", "point", FIXTURES, "--json", "--limit", "1"]);
    let value: serde_json::Value = serde_json::from_slice(&limited.stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 1);

    let text = stdout(&brief(&["search", "windows", FIXTURES]));
    assert!(text.contains("Windows line ends"), "{text}");
    assert_eq!(stdout(&brief(&["search", "zebra", FIXTURES])), "");
}

#[test]
fn default_config_prints_and_bad_configs_stop_with_status_2() {
    let out = brief(&["--print-default-config"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("[keys.list]") && text.contains("\"j\"") && text.contains("reading_width = 100"));

    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, &text).unwrap();
    assert!(
        brief(&["--config", good.to_str().unwrap(), "list"]).status.success(),
        "the default file is valid"
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "theme = \"dark\"\n[keys]\n\"x\" = \"toggle_veiw\"\n").unwrap();
    let out = brief(&["--config", bad.to_str().unwrap(), "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("brief: {}:3:7: unknown action `toggle_veiw`; did you mean `toggle_view`?\n", bad.display())
    );
    let out = brief(&["--config", "/no/such/config.toml", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read the config file"), "{}", stderr(&out));
}

#[test]
fn config_folders_are_opened_when_no_path_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES);
    std::fs::write(&config, format!("folders = [{:?}]\n", folder.display().to_string())).unwrap();
    let out = brief(&["--config", config.to_str().unwrap(), "list"]);
    assert_eq!(stdout(&out).lines().count(), 7, "{}", stderr(&out));
}

#[test]
fn show_gives_extracted_key_points_and_says_so() {
    let earnings = "tests/fixtures/summaries/earnings.txt";
    let out = brief(&["show", earnings, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["key_points_extracted"], true);
    assert_eq!(json["key_points"].as_array().unwrap().len(), 3);
    let text = stdout(&brief(&["show", earnings, "--summary"]));
    assert!(text.contains("Key Points (extracted from the text)\n- Linden Mills Inc said"), "{text}");
    let authored = brief(&["show", "tests/fixtures/txt/headed.txt", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&authored.stdout).unwrap();
    assert_eq!(json["key_points_extracted"], false);
}

#[test]
fn a_story_too_short_to_summarize_is_shown_whole() {
    let dir = tempfile::tempdir().unwrap();
    let body = "The river festival returns to the old quay this weekend with boats, music and food stalls. \
                Organisers expect twenty thousand visitors over the two days of the festival. \
                The festival closes on Sunday night with fireworks over the quay.";
    let file = dir.path().join("no-points.txt");
    std::fs::write(&file, body).unwrap();
    let out = brief(&["show", file.to_str().unwrap(), "--json", "--summary"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["key_points_extracted"], false);
    assert_eq!(json["key_points"], serde_json::json!([]));
    let text = stdout(&brief(&["show", file.to_str().unwrap(), "--summary"]));
    assert!(
        text.contains("\nToo short to summarize: the whole story\n\nThe river festival returns"),
        "{text}"
    );
    assert!(!text.contains("Key Points"), "{text}");
}

#[test]
fn digest_is_markdown_filtered_by_date_and_marks() {
    let out = brief(&["digest", FIXTURES, "--since", "2026-10-15"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("# Digest: 1 article\n"), "{text}");
    assert!(text.contains("\n## Deep in the tree and dated\n"));
    assert!(text.contains("- Deep in the tree and dated."));

    let out = brief(&["digest", "tests/fixtures/txt/headed.txt"]);
    assert!(
        stdout(&out)
            .contains("## [A headed fixture](https://example.org/headed)\n\n*Fixture Times · 2026-10-01*")
    );

    // Bookmarked only: mark one article in a state file of our own.
    let state = state_with(&[], &[&id_of(&stdout(&brief(&["list", FIXTURES])), "Star bullet")]);
    let digest = |only: &str| brief_with_state(&["digest", FIXTURES, only], state.path());
    let text = stdout(&digest("--bookmarked"));
    assert!(text.starts_with("# Digest: 1 article\n\n## Star bullet\n"), "{text}");

    // A damaged state file is moved aside, and the digest says so.
    std::fs::write(state.path().join("brief/state.json"), "{ damaged").unwrap();
    let out = digest("--unread");
    assert!(out.status.success());
    let warning = stderr(&out);
    assert!(warning.starts_with("brief: warning: ") && warning.contains("state.json.unusable-"), "{warning}");
    assert!(stdout(&out).starts_with("# Digest: 7 articles"), "every article is unread now");

    let out = brief(&["digest", "--since", "soon"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "brief: \"soon\" is not a date (use YYYY-MM-DD or RFC 3339)\n");
}

/// Files and folders brief may not read are reported, and the rest load.
/// Root reads everything, so as root (as in CI) brief is run as `nobody`,
/// from a copy of the binary in a folder anyone may enter.
#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let open_to_all =
        |path: &Path, mode| fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    open_to_all(dir.path(), 0o755);
    let articles = dir.path().join("articles");
    let locked_dir = articles.join("locked");
    fs::create_dir_all(&locked_dir).unwrap();
    for path in [articles.join("open.txt"), articles.join("locked.txt"), locked_dir.join("inside.txt")] {
        fs::write(&path, "Key Points\n- A point.\n").unwrap();
        open_to_all(&path, 0o644);
    }
    open_to_all(&articles, 0o755);
    open_to_all(&articles.join("locked.txt"), 0o000);
    open_to_all(&locked_dir, 0o000);
    let program = dir.path().join("brief");
    fs::copy(env!("CARGO_BIN_EXE_brief"), &program).unwrap();
    open_to_all(&program, 0o755);

    let mut command = Command::new(&program);
    command
        .args(["check", articles.to_str().unwrap()])
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", "/nonexistent");
    if unsafe { libc::geteuid() } == 0 {
        command.uid(65534).gid(65534);
    }
    let out = command.output().expect("run brief");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    for path in [articles.join("locked.txt"), locked_dir] {
        assert!(text.contains(&format!("{}: skipped: permission denied", path.display())), "{text}");
    }
    assert!(text.contains("1 articles loaded; 2 files skipped"), "{text}");
}

#[test]
fn digest_fields_are_text_and_links_are_http_only() {
    use pulldown_cmark::{Event, Parser, Tag};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Title: <img src=x onerror=alert(1)> [click](javascript:alert(1)) *bold*\n\
         Source: <iframe src=//evil.example></iframe>\n\
         Date: 2026-11-02\n\
         URL: https://e.org/a_(b)<c>\n\n\
         Key Points\n\
         - ![t](https://evil.example/track.png) and <script>x</script>\n\
         - # not a heading\n\
         - 1. not a list\n\
         - `code` &amp; _under_\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Title: Second\nDate: 2026-11-01\n\
         URL: https://e.org/x) ![t](https://evil.example/track.png) [click](javascript:alert(1)\n\n\
         Key Points\n- A point.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c.txt"),
        "Title: Third\nDate: 2026-10-01\nURL: javascript:alert(1)\n\nKey Points\n- A point.\n",
    )
    .unwrap();
    let out = brief(&["digest", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let (mut headings, mut items, mut emphasis, mut links) = (0, 0, 0, Vec::new());
    for event in Parser::new(&text) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML {h:?} in\n{text}"),
            Event::Code(c) => panic!("code {c:?} in\n{text}"),
            Event::Start(Tag::Image { .. }) => panic!("an image in\n{text}"),
            Event::Start(Tag::Strong) => panic!("strong emphasis in\n{text}"),
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::Start(Tag::List(Some(_))) => panic!("an ordered list in\n{text}"),
            Event::Start(Tag::Item) => items += 1,
            _ => {}
        }
    }
    assert_eq!(links, ["https://e.org/a_%28b%29%3Cc%3E"], "{text}");
    assert_eq!(headings, 4, "the digest's and one per article:\n{text}");
    assert_eq!(items, 6, "{text}");
    assert_eq!(emphasis, 3, "only the source and date lines:\n{text}");
    // The words themselves are all there, to be read.
    for words in ["<img src=x onerror=alert(1)>", "<iframe src=//evil.example></iframe>", "# not a heading"] {
        let plain: String = Parser::new(&text)
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert!(plain.contains(words), "{words} in {plain}");
    }
}

/// A large binary file costs one block to skip: the first block decides
/// before the rest is read. Measured as the peak memory of the process
/// that checks four sparse 400 MB files (reading them whole took 1 GB).
#[cfg(target_os = "linux")]
#[test]
// The child is reaped by wait4, which gives its own peak memory.
#[allow(clippy::zombie_processes)]
fn binary_files_are_skipped_after_one_block() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..4 {
        let file = fs::File::create(dir.path().join(format!("sparse{i}.txt"))).unwrap();
        file.set_len(400 << 20).unwrap();
    }
    let child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["check", dir.path().to_str().unwrap()])
        .env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    let pid = child.id() as libc::pid_t;
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
    assert_eq!(libc::WEXITSTATUS(status), 1, "four files skipped");
    let peak_mb = usage.ru_maxrss / 1024;
    assert!(peak_mb < 100, "checking four binary files took {peak_mb} MB");
}

/// A pasted page as a query answers in seconds (20,000 words did not
/// finish in a minute): repeats count once and the words are capped.
#[test]
fn a_query_of_twenty_thousand_words_answers() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..200 {
        let body = "The ferry left the harbour and the town watched the boat go. ".repeat(20);
        fs::write(dir.path().join(format!("{i}.txt")), format!("Title: Story {i}\n\n{body}\n")).unwrap();
    }
    let query = "the ".repeat(20_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["search", &query, dir.path().to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("brief search took over 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(child.wait().unwrap().success());
}

#[test]
fn completions_and_the_manual_come_from_the_command_definitions() {
    let bash = stdout(&brief(&["completions", "bash"]));
    assert!(bash.contains("--unread") && bash.contains("completions"), "{bash}");
    let check = Command::new("bash").arg("-n").stdin(Stdio::piped()).spawn();
    if let Ok(mut check) = check {
        use std::io::Write;
        check.stdin.take().unwrap().write_all(bash.as_bytes()).unwrap();
        assert!(check.wait().unwrap().success(), "bash reads the script");
    }
    assert!(stdout(&brief(&["completions", "zsh"])).starts_with("#compdef brief"));
    assert!(stdout(&brief(&["completions", "fish"])).contains("complete -c brief"));
    assert_eq!(brief(&["completions", "tcsh"]).status.code(), Some(2));

    let man = stdout(&brief(&["man"]));
    assert!(man.starts_with(".ie") && man.contains(".TH brief 1"), "{man}");
    assert!(man.contains("brief\\-list(1)"), "{man}");
    let list = stdout(&brief(&["man", "list"]));
    assert!(list.contains(".TH brief-list 1") && list.contains("\\-\\-bookmarked"), "{list}");
    assert_eq!(stderr(&brief(&["man", "lsit"])), "brief: unknown command lsit; did you mean list?\n");
}

#[test]
fn files_with_the_same_text_are_one_story_that_lists_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let story = "Title: Harbour ferries go electric\n\nThe ferries run on batteries from March.\n";
    fs::write(dir.path().join("one.txt"), story).unwrap();
    fs::write(dir.path().join("copy.txt"), story).unwrap();
    fs::write(
        dir.path().join("other.txt"),
        "Title: Night trains return\n\nA sleeper links three capitals.\n",
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap();
    let listing = stdout(&brief(&["list", folder]));
    assert_eq!(listing.lines().count(), 2, "{listing}");

    let items: Vec<serde_json::Value> =
        serde_json::from_slice(&brief(&["list", folder, "--json"]).stdout).unwrap();
    let ferries = items.iter().find(|i| i["title"] == "Harbour ferries go electric").unwrap();
    let (listed, copy) = (ferries["path"].as_str().unwrap(), ferries["copies"][0].as_str().unwrap());
    let mut both = [Path::new(listed).file_name().unwrap(), Path::new(copy).file_name().unwrap()];
    both.sort();
    assert_eq!(both, ["copy.txt", "one.txt"]);
    assert_eq!(ferries["copies"].as_array().unwrap().len(), 1);

    let id = ferries["id"].as_str().unwrap();
    let shown = stdout(&brief(&["show", id, folder]));
    assert!(shown.contains(&format!("\nSame text in {copy}\n")), "{shown}");
    let digest = stdout(&brief(&["digest", folder]));
    assert!(digest.starts_with("# Digest: 2 articles\n"), "{digest}");
    assert_eq!(digest.matches("Harbour ferries go electric").count(), 1, "{digest}");
    let check = brief(&["check", folder]);
    assert_eq!(check.status.code(), Some(0), "a copy is no problem");
    assert!(stdout(&check).contains(&format!("{copy}: listed once, as {listed}: same text\n")));
}

#[test]
fn search_takes_or_and_minus() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a.txt", "Title: Corn exports\n\nCorn sales rose."),
        ("b.txt", "Title: Grain harvest\n\nGrain came in early."),
        ("c.txt", "Title: Both crops\n\nCorn and grain both rose."),
        ("d.txt", "Title: Rice\n\nRice did not."),
    ] {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let folder = dir.path().to_str().unwrap();
    let titles = |q: &str| -> Vec<String> {
        let out: Vec<serde_json::Value> =
            serde_json::from_slice(&brief(&["search", q, folder, "--json"]).stdout).unwrap();
        out.iter().map(|r| r["title"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(titles("corn OR grain ")[0], "Both crops");
    assert_eq!(titles("corn | grain ").len(), 3);
    assert_eq!(titles("corn -grain"), ["Corn exports"]);
    assert_eq!(titles("rose -\"corn and\""), ["Corn exports"]);
}

/// A story too short to summarize has no key points; the digest gives its
/// lead instead: its prose sentences, or the line over its table, and not
/// the sentence its title already says.
#[test]
fn digest_gives_a_short_storys_lead() {
    let out = brief(&["digest", "tests/fixtures/summaries/two-sentences.txt"]);
    let text = stdout(&out);
    assert!(text.contains("\n\nCyclists are asked to walk across it"), "{text}");
    assert!(!text.contains("Key points") && !text.contains("Too short"), "{text}");
    assert_eq!(text.matches("The footbridge over the mill canal").count(), 1, "{text}");
    let text = stdout(&brief(&["digest", "tests/fixtures/summaries/short-table.txt"]));
    assert!(text.contains("\n\nThe regional fisheries board gave the week's cod landings"), "{text}");
    assert!(!text.contains("12.40"), "{text}");
}
