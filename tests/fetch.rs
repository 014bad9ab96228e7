//! `brief fetch` and `brief import-opml` against a real HTTP server on
//! 127.0.0.1 in this process, serving feeds from tests/fixtures/feeds.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::http::{Reply, Request, Server};
use serde_json::Value;

const ETAG: &str = "\"v1\"";
const MODIFIED: &str = "Fri, 27 Nov 2026 09:00:00 GMT";

fn fixture(name: &str) -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/feeds").join(name)).unwrap()
}

/// A fixture with `{BASE}` made the server's address.
fn fixture_at(name: &str, server: &Server) -> Vec<u8> {
    String::from_utf8(fixture(name)).unwrap().replace("{BASE}", &server.url("")).into_bytes()
}

/// A folder for the articles, one for brief's state, and the subscriptions.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        Place { dir: tempfile::tempdir().unwrap() }
    }

    fn news(&self) -> PathBuf {
        self.dir.path().join("news")
    }

    fn subscriptions(&self) -> PathBuf {
        self.dir.path().join("subscriptions.toml")
    }

    /// A subscriptions.toml with these `[[feed]]` bodies.
    fn subscribe(&self, feeds: &[String]) {
        let text: String = feeds.iter().map(|f| format!("[[feed]]\n{f}\n\n")).collect();
        fs::write(self.subscriptions(), text).unwrap();
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
        command
            .args(args)
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"));
        command
    }

    /// `brief fetch NEWS --subscriptions FILE` with `args`.
    fn fetch(&self, args: &[&str]) -> Output {
        let news = self.news();
        let subs = self.subscriptions();
        let mut all = vec!["fetch", news.to_str().unwrap(), "--subscriptions", subs.to_str().unwrap()];
        all.extend_from_slice(args);
        self.command(&all).output().unwrap()
    }

    fn fetch_json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.fetch(&all);
        assert!(out.status.code().is_some(), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
    }

    /// Every file under the news folder, relative, sorted.
    fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.news())
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(self.news()).unwrap().to_string_lossy().into_owned())
            .collect();
        files.sort();
        files
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.news().join(name)).unwrap()
    }
}

fn feed_line(url: &str) -> String {
    format!("url = \"{url}\"")
}

/// The valley feed, with validators.
fn serve_valley(server: &Server) {
    let body = fixture("valley.rss");
    server.route("/valley.rss", move |r: &Request, _| Reply::conditional(r, &body, ETAG, MODIFIED));
}

fn report(json: &Value, feed: usize) -> &Value {
    &json["feeds"][feed]
}

#[test]
fn the_first_fetch_writes_every_item_and_the_second_asks_conditionally_and_writes_nothing() {
    let server = Server::start();
    serve_valley(&server);
    let atom = fixture("harbour.atom");
    // Last-Modified only: the second request must carry If-Modified-Since.
    server.route("/harbour.atom", move |r: &Request, _| {
        let unchanged = r.header("if-modified-since") == Some(MODIFIED);
        let reply = if unchanged { Reply::new(304, "") } else { Reply::new(200, atom.clone()) };
        reply.header("Last-Modified", MODIFIED)
    });
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/valley.rss")), feed_line(&server.url("/harbour.atom"))]);

    let first = place.fetch_json(&[]);
    assert_eq!(first["new"], 5, "{first:#}");
    assert_eq!(report(&first, 0)["status"], "fetched");
    assert_eq!(report(&first, 0)["title"], "Valley Wire");
    assert_eq!(report(&first, 1)["new"], 2);
    let files = place.files();
    assert_eq!(files.len(), 5, "{files:?}");
    assert!(files.iter().any(|f| f.starts_with("harbour-ferries-switch-to-batteries-")), "{files:?}");
    assert!(files.iter().any(|f| f.starts_with("駅前の古い喫茶店が-常連客に見送られて閉店-")), "{files:?}");

    // What was written reads back as the items: brief show, by file.
    let ferries = place.news().join(files.iter().find(|f| f.starts_with("harbour-ferries")).unwrap());
    let out = place.command(&["show", ferries.to_str().unwrap(), "--json"]).output().unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["title"], "Harbour ferries switch to batteries");
    assert_eq!(shown["source"], "Valley Wire");
    assert_eq!(shown["author"], "Maren Holt");
    assert_eq!(shown["url"], "https://valley.example/2026/ferries");
    assert_eq!(shown["tags"], serde_json::json!(["transport"]));
    assert_eq!(shown["date"], "2026-11-26T07:30:00+00:00");
    let body: Vec<String> = serde_json::from_value(shown["body"].clone()).unwrap();
    assert!(body[1].contains("call *the crane*"), "Markdown in the text stays text: {body:?}");
    assert!(body.last().unwrap().contains("https://valley.example/report.pdf"), "{body:?}");

    let before: Vec<_> =
        files.iter().map(|f| fs::metadata(place.news().join(f)).unwrap().modified().unwrap()).collect();
    let second = place.fetch_json(&[]);
    assert_eq!(second["new"], 0);
    assert_eq!(report(&second, 0)["status"], "not_modified");
    assert_eq!(report(&second, 0)["title"], "Valley Wire", "remembered from the last fetch");
    assert_eq!(report(&second, 1)["status"], "not_modified");
    let valley = server.requests_for("/valley.rss");
    assert_eq!(valley.len(), 2);
    assert_eq!(valley[0].header("if-none-match"), None);
    assert_eq!(valley[1].header("if-none-match"), Some(ETAG));
    assert_eq!(valley[1].header("if-modified-since"), Some(MODIFIED));
    assert_eq!(server.requests_for("/harbour.atom")[1].header("if-modified-since"), Some(MODIFIED));
    let after: Vec<_> =
        files.iter().map(|f| fs::metadata(place.news().join(f)).unwrap().modified().unwrap()).collect();
    assert_eq!(before, after, "nothing was written again");
    assert_eq!(place.files(), files);
}

#[test]
fn an_edited_item_is_left_alone_while_a_changed_one_is_updated_and_none_is_duplicated() {
    let server = Server::start();
    let original = fixture("valley.rss");
    // The second version corrects one item's text and adds none.
    let changed = String::from_utf8(original.clone())
        .unwrap()
        .replace("every thirty minutes", "every twenty minutes")
        .replace("eight months after", "nine months after")
        .into_bytes();
    server.route("/valley.rss", move |_, n| {
        Reply::new(200, if n == 1 { original.clone() } else { changed.clone() })
    });
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/valley.rss"))]);
    assert_eq!(place.fetch_json(&[])["new"], 3);
    let files = place.files();
    let trams = files.iter().find(|f| f.starts_with("night-trams")).unwrap().clone();
    let bridge = files.iter().find(|f| f.starts_with("footbridge")).unwrap().clone();
    let edited = place.read(&bridge).replace("The footbridge", "My note: the footbridge");
    fs::write(place.news().join(&bridge), &edited).unwrap();
    let id_of = |name: &str| {
        let path = place.news().join(name);
        let out = place.command(&["show", path.to_str().unwrap(), "--json"]).output().unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["id"].as_str().unwrap().to_string()
    };
    let trams_id = id_of(&trams);

    let second = place.fetch_json(&[]);
    let feed = report(&second, 0);
    assert_eq!((feed["new"].as_u64(), feed["updated"].as_u64()), (Some(0), Some(1)), "{second:#}");
    assert_eq!((feed["unchanged"].as_u64(), feed["kept"].as_u64()), (Some(1), Some(1)), "{second:#}");
    assert_eq!(place.read(&bridge), edited, "the user's edit stays");
    assert!(place.read(&trams).contains("every twenty minutes"));
    assert_eq!(id_of(&trams), trams_id, "an updated item is the same article, marks and all");
    assert_eq!(place.files(), files, "no item is written twice");

    // Deleted by the user: not brought back.
    fs::remove_file(place.news().join(&trams)).unwrap();
    let third = place.fetch_json(&[]);
    assert_eq!(report(&third, 0)["new"], 0);
    assert!(!place.news().join(&trams).exists());
}

#[test]
fn gzip_bodies_are_unpacked() {
    use std::io::Write;
    let server = Server::start();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&fixture("valley.rss")).unwrap();
    let packed = gz.finish().unwrap();
    server.route("/valley.rss", move |r: &Request, _| {
        if r.header("accept-encoding").is_some_and(|a| a.contains("gzip")) {
            Reply::new(200, packed.clone()).header("Content-Encoding", "gzip")
        } else {
            Reply::new(406, "gzip only")
        }
    });
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/valley.rss"))]);
    assert_eq!(place.fetch_json(&[])["new"], 3);
    let asked = server.requests_for("/valley.rss")[0].header("accept-encoding").unwrap().to_string();
    assert!(asked.contains("br"), "brotli is offered too: {asked}");
}

/// `data` as a Brotli stream of stored (uncompressed) meta-blocks, as RFC
/// 7932 lays them out: enough to test the unpacking without an encoder.
fn brotli_stored(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, block) in data.chunks(1 << 16).enumerate() {
        // Bits from the lowest up: the window (one 0 bit: 16 bits) before
        // the first block; ISLAST 0; four nibbles of length; the length
        // less one; ISUNCOMPRESSED 1; then zeros to the byte's end.
        let width = u32::from(i == 0);
        let bits = ((block.len() as u32 - 1) << (width + 3)) | (1 << (width + 19));
        out.extend_from_slice(&bits.to_le_bytes()[..3]);
        out.extend_from_slice(block);
    }
    out.push(0b11); // ISLAST, ISLASTEMPTY
    out
}

#[test]
fn brotli_bodies_are_unpacked() {
    let server = Server::start();
    let packed = brotli_stored(&fixture("valley.rss"));
    server.route("/valley.rss", move |r: &Request, _| {
        if r.header("accept-encoding").is_some_and(|a| a.contains("br")) {
            Reply::new(200, packed.clone()).header("Content-Encoding", "br")
        } else {
            Reply::new(406, "brotli only")
        }
    });
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/valley.rss"))]);
    assert_eq!(place.fetch_json(&[])["new"], 3);
    // A damaged stream is a failed feed, not a panic or a partial file.
    let damaged: Vec<u8> = brotli_stored(&fixture("valley.rss")).into_iter().take(500).collect();
    server.route("/cut.rss", move |_, _| Reply::new(200, damaged.clone()).header("Content-Encoding", "br"));
    let cut = Place::new();
    cut.subscribe(&[feed_line(&server.url("/cut.rss"))]);
    let json = cut.fetch_json(&[]);
    assert_eq!(json["failed"], 1, "{json:#}");
    assert!(cut.files().is_empty());
}

#[test]
fn redirects_are_followed_up_to_the_limit() {
    let server = Server::start();
    serve_valley(&server);
    let to = server.url("/valley.rss");
    server.route("/moved.rss", move |_, _| Reply::redirect(&to));
    let (a, b) = (server.url("/loop-b"), server.url("/loop-a"));
    server.route("/loop-a", move |_, _| Reply::redirect(&a));
    server.route("/loop-b", move |_, _| Reply::redirect(&b));
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/moved.rss")), feed_line(&server.url("/loop-a"))]);
    let json = place.fetch_json(&[]);
    assert_eq!(report(&json, 0)["new"], 3);
    assert_eq!(report(&json, 1)["status"], "failed");
    assert_eq!(report(&json, 1)["error"], "more than 5 redirects");
    assert!(server.requests_for("/loop-a").len() <= 4, "the loop was left");
}

#[test]
fn a_slow_server_is_given_up_on_after_the_timeout() {
    let server = Server::start();
    server.route("/slow.rss", |_, _| Reply::new(200, fixture("valley.rss")).delay(Duration::from_secs(6)));
    serve_valley(&server);
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/slow.rss")), feed_line(&server.url("/valley.rss"))]);
    let start = Instant::now();
    let json = place.fetch_json(&["--timeout", "1", "--retries", "0"]);
    assert!(start.elapsed() < Duration::from_secs(4), "{:?}", start.elapsed());
    assert_eq!(report(&json, 0)["status"], "failed");
    assert_eq!(report(&json, 0)["error"], "no answer within 1 s");
    assert_eq!(report(&json, 1)["new"], 3, "the other feed is fetched meanwhile");
}

#[test]
fn a_timeout_after_retries_says_how_many_tries_went_unanswered() {
    let server = Server::start();
    server.route("/slow.rss", |_, _| Reply::new(200, fixture("valley.rss")).delay(Duration::from_secs(4)));
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/slow.rss"))]);
    let json = place.fetch_json(&["--timeout", "1", "--retries", "1"]);
    assert_eq!(report(&json, 0)["error"], "no answer within 1 s, 2 tries");
    assert_eq!(server.requests_for("/slow.rss").len(), 2);
}

/// A plain-HTTP server that answers anything, a TLS greeting included,
/// with a 400 at once (as web servers do).
fn plain_http_server() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            use std::io::Write;
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    port
}

#[test]
fn network_failures_are_said_in_plain_words_with_the_host() {
    let server = Server::start();
    server.route("/home.html", |_, _| {
        Reply::new(200, "<!DOCTYPE html>\n<html><head><title>Home</title></head><body>Hi</body></html>")
            .header("Content-Type", "text/html")
    });
    // A port that was just free: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let plain = plain_http_server();
    let place = Place::new();
    place.subscribe(&[
        feed_line(&format!("http://127.0.0.1:{closed}/feed")),
        // .invalid never resolves (RFC 2606).
        feed_line("http://no-such-host.invalid:8080/feed"),
        feed_line(&format!("https://127.0.0.1:{plain}/feed")),
        feed_line(&server.url("/home.html")),
    ]);
    let json = place.fetch_json(&["--retries", "0"]);
    let errors: Vec<&str> = (0..4).map(|i| report(&json, i)["error"].as_str().unwrap()).collect();
    assert_eq!(
        errors,
        [
            format!("no server answers at 127.0.0.1:{closed} (connection refused)").as_str(),
            "no-such-host.invalid not found",
            "TLS handshake failed (is the address http rather than https?)",
            "not a feed (the address gives an HTML page)",
        ]
    );
}

#[test]
fn server_errors_are_tried_again_and_retry_after_is_waited_for() {
    let server = Server::start();
    let body = fixture("valley.rss");
    server.route(
        "/flaky.rss",
        move |_, n| if n == 1 { Reply::new(500, "oops") } else { Reply::new(200, body.clone()) },
    );
    let body = fixture("harbour.atom");
    server.route("/busy.atom", move |_, n| {
        if n == 1 {
            Reply::new(503, "later").header("Retry-After", "2")
        } else {
            Reply::new(200, body.clone())
        }
    });
    server.route("/down.rss", |_, _| Reply::new(500, "always"));
    let place = Place::new();
    place.subscribe(&[
        feed_line(&server.url("/flaky.rss")),
        feed_line(&server.url("/busy.atom")),
        feed_line(&server.url("/down.rss")),
    ]);
    let start = Instant::now();
    let json = place.fetch_json(&["--retries", "1"]);
    assert_eq!(report(&json, 0)["new"], 3, "{json:#}");
    assert_eq!(report(&json, 1)["new"], 2, "{json:#}");
    assert_eq!(report(&json, 2)["error"], "HTTP 500");
    assert_eq!(server.requests_for("/flaky.rss").len(), 2);
    assert_eq!(server.requests_for("/down.rss").len(), 2, "one retry, as asked");
    assert!(start.elapsed() >= Duration::from_secs(2), "Retry-After: 2 was waited for");

    // A wait longer than brief keeps is reported, not waited.
    server.route("/away.rss", |_, _| Reply::new(503, "").header("Retry-After", "86400"));
    place.subscribe(&[feed_line(&server.url("/away.rss"))]);
    let start = Instant::now();
    let out = place.fetch(&[]);
    assert!(start.elapsed() < Duration::from_secs(10));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("failed: HTTP 503; the server asks to wait 86400 s before trying again"), "{text}");
}

#[test]
fn an_oversized_body_is_refused() {
    let server = Server::start();
    let huge = format!("<rss><channel><title>x</title>{}</channel></rss>", " ".repeat(17 << 20));
    server.route("/huge.rss", move |_, _| Reply::new(200, huge.clone()));
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/huge.rss"))]);
    let json = place.fetch_json(&[]);
    assert_eq!(report(&json, 0)["error"], "larger than the limit of 16 MiB");
}

#[test]
fn a_malformed_feed_fails_alone_and_only_all_failing_is_an_error() {
    let server = Server::start();
    serve_valley(&server);
    server.route("/broken.xml", |_, _| Reply::new(200, fixture("broken.xml")));
    server.route("/gone.rss", |_, _| Reply::new(404, "no"));
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/broken.xml")), feed_line(&server.url("/valley.rss"))]);
    let out = place.fetch(&[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let broken = server.url("/broken.xml");
    assert!(lines[0].starts_with(&format!("{broken}: failed: malformed XML: line 3, column")), "{text}");
    assert_eq!(lines[1], "Valley Wire: 3 new");
    assert!(lines[2].starts_with("3 new articles in "), "{text}");
    assert!(lines[2].ends_with("; 1 of 2 feeds failed"), "{text}");

    place.subscribe(&[feed_line(&server.url("/broken.xml")), feed_line(&server.url("/gone.rss"))]);
    let out = place.fetch(&[]);
    assert_eq!(out.status.code(), Some(1), "every feed failed: {out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("failed: HTTP 404"));

    // A mismatched end tag inside an item: feed-rs finds no items, which
    // is a failure with the XML's error, not a feed with none.
    let mismatched = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>M</title>\n\
                      <item><title>y</titel></item></channel></rss>";
    server.route("/mismatched.rss", move |_, _| Reply::new(200, mismatched));
    place.subscribe(&[feed_line(&server.url("/mismatched.rss"))]);
    let json = place.fetch_json(&[]);
    assert_eq!(report(&json, 0)["status"], "failed", "{json:#}");
    let error = report(&json, 0)["error"].as_str().unwrap();
    assert!(error.starts_with("malformed XML: line 3, column "), "{error}");
}

#[test]
fn a_feed_listed_twice_is_fetched_once_and_named_in_a_warning() {
    let server = Server::start();
    serve_valley(&server);
    let place = Place::new();
    let url = server.url("/valley.rss");
    place.subscribe(&[feed_line(&url), format!("{}\nfolder = \"x\"", feed_line(&url))]);
    let json = place.fetch_json(&[]);
    assert_eq!(server.requests_for("/valley.rss").len(), 1);
    assert_eq!(json["feeds"].as_array().unwrap().len(), 1, "{json:#}");
    assert_eq!(
        json["warnings"],
        serde_json::json!([format!("{url} is listed 2 times; fetched once, as first listed")])
    );
    assert_eq!(place.files().len(), 3, "into the first entry's folder only: {:?}", place.files());
    assert!(place.files().iter().all(|f| !f.starts_with("x/")), "{:?}", place.files());
}

#[test]
fn the_json_report_has_a_fixed_shape() {
    let server = Server::start();
    serve_valley(&server);
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/valley.rss"))]);
    let json = place.fetch_json(&[]);
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["failed", "feeds", "folder", "new", "updated", "warnings"]);
    let feed: Vec<&String> = report(&json, 0).as_object().unwrap().keys().collect();
    assert_eq!(feed, ["error", "kept", "new", "notes", "status", "title", "unchanged", "updated", "url"]);
    assert_eq!(report(&json, 0)["url"], server.url("/valley.rss"));
    // The folder as fetched into: absolute, however it was given.
    let subs = place.subscriptions();
    let out = place
        .command(&["fetch", "news/../news", "--subscriptions", subs.to_str().unwrap(), "--json"])
        .current_dir(place.dir.path())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["folder"], place.news().canonicalize().unwrap().to_str().unwrap());
}

#[test]
fn no_more_than_two_requests_at_once_go_to_one_host() {
    let server = Server::start();
    let mut feeds = Vec::new();
    for i in 0..6 {
        let body = fixture("valley.rss");
        let path = format!("/feed-{i}.rss");
        server.route(&path, move |_, _| Reply::new(200, body.clone()).delay(Duration::from_millis(300)));
        feeds.push(feed_line(&server.url(&path)));
    }
    let place = Place::new();
    place.subscribe(&feeds);
    let json = place.fetch_json(&["--jobs", "8"]);
    assert_eq!(json["failed"], 0);
    assert_eq!(server.most_at_once(), 2);
    // The same items in six feeds are one file each.
    assert_eq!(place.files().len(), 3);
}

#[test]
fn full_text_asked_for_later_fills_in_the_teasers_already_written() {
    let server = Server::start();
    let feed = fixture_at("teasers.rss", &server);
    server.route("/teasers.rss", move |r, _| Reply::conditional(r, &feed, ETAG, MODIFIED));
    server.route("/articles/lighthouse.html", |_, _| Reply::new(200, fixture("lighthouse.html")));
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/teasers.rss"))]);
    assert_eq!(place.fetch_json(&[])["new"], 2);
    let lighthouse = place.files().into_iter().find(|f| f.starts_with("lighthouse")).unwrap();
    assert!(place.read(&lighthouse).contains("[Read more]"));

    // The server would answer 304: the feed is asked for whole, once.
    let json = place.fetch_json(&["--full-text"]);
    let feed = report(&json, 0);
    assert_eq!((feed["updated"].as_u64(), feed["unchanged"].as_u64()), (Some(1), Some(1)), "{json:#}");
    let asked = server.requests_for("/teasers.rss");
    assert!(asked[1].header("if-none-match").is_none(), "unconditional when full text is new");
    assert!(place.read(&lighthouse).contains("hundred and twelve steps"), "{}", place.read(&lighthouse));
    let again = place.fetch_json(&["--full-text"]);
    assert_eq!(report(&again, 0)["status"], "not_modified", "{again:#}");
    assert_eq!(server.requests_for("/articles/lighthouse.html").len(), 1);
}

#[test]
fn pages_behind_teasers_count_against_their_own_host() {
    // Six feeds on six hosts, their teasers all on a seventh, slow one.
    let pages = Server::start();
    pages.route("/articles/lighthouse.html", |_, _| {
        Reply::new(200, fixture("lighthouse.html")).delay(Duration::from_millis(300))
    });
    let feeds: Vec<Server> = (0..6).map(|_| Server::start()).collect();
    let mut lines = Vec::new();
    for server in &feeds {
        let feed = String::from_utf8(fixture_at("teasers.rss", &pages))
            .unwrap()
            .replace("<link>/articles/", &format!("<link>{}/articles/", pages.url("")));
        server.route("/teasers.rss", move |_, _| Reply::new(200, feed.clone()));
        lines.push(feed_line(&server.url("/teasers.rss")));
    }
    let place = Place::new();
    place.subscribe(&lines);
    let json = place.fetch_json(&["--jobs", "8", "--full-text"]);
    assert_eq!(json["failed"], 0, "{json:#}");
    assert!(!pages.requests_for("/articles/lighthouse.html").is_empty());
    assert!(pages.most_at_once() <= 2, "{} requests at once to one host", pages.most_at_once());
}

#[test]
fn a_killed_fetch_leaves_whole_files_and_the_next_clears_its_temporaries() {
    let server = Server::start();
    serve_valley(&server);
    server
        .route("/stuck.rss", |_, _| Reply::new(200, fixture("harbour.atom")).delay(Duration::from_secs(30)));
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/valley.rss")), feed_line(&server.url("/stuck.rss"))]);
    let mut child = place.fetch_command_spawn();
    let deadline = Instant::now() + Duration::from_secs(20);
    while place.files().iter().filter(|f| f.ends_with(".md")).count() < 3 {
        assert!(Instant::now() < deadline, "the first feed was never written");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // A temporary file as a kill in the middle of a write leaves it.
    fs::write(place.news().join(".brief-Xy12.tmp"), "+++\ntitle = \"half").unwrap();
    for file in place.files().iter().filter(|f| f.ends_with(".md")) {
        let text = place.read(file);
        assert!(
            text.starts_with("+++\n") && text.matches("+++\n").count() == 2 && text.ends_with('\n'),
            "{file}"
        );
    }
    server.route("/stuck.rss", |_, _| Reply::new(200, fixture("harbour.atom")));
    let json = place.fetch_json(&[]);
    assert_eq!(report(&json, 0)["new"], 0, "what the killed fetch wrote counts as written");
    assert_eq!(report(&json, 1)["new"], 2);
    assert!(place.files().iter().all(|f| !f.contains(".brief-")), "{:?}", place.files());
}

impl Place {
    fn fetch_command_spawn(&self) -> std::process::Child {
        let news = self.news();
        let subs = self.subscriptions();
        self.command(&[
            "fetch",
            news.to_str().unwrap(),
            "--subscriptions",
            subs.to_str().unwrap(),
            "--jobs",
            "1",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
    }
}

#[test]
fn opml_is_imported_into_subscriptions_without_losing_what_is_there() {
    let server = Server::start();
    serve_valley(&server);
    server.route("/harbour.atom", |_, _| Reply::new(200, fixture("harbour.atom")));
    let place = Place::new();
    let opml = place.dir.path().join("export.opml");
    fs::write(&opml, fixture_at("export.opml", &server)).unwrap();
    let mine =
        format!("# my own list\n[[feed]]\nurl = \"{}\"\ntitle = \"The Valley\"\n", server.url("/valley.rss"));
    fs::write(place.subscriptions(), &mine).unwrap();
    let import = |place: &Place| {
        let subs = place.subscriptions();
        place
            .command(&["import-opml", opml.to_str().unwrap(), "--subscriptions", subs.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let out = import(&place);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("1 feed added, 1 already there"), "{said}");
    let text = fs::read_to_string(place.subscriptions()).unwrap();
    assert!(text.starts_with(&mine), "{text}");
    assert!(text.contains("title = \"Harbour Gazette\""), "{text}");
    let again = String::from_utf8(import(&place).stdout).unwrap();
    assert!(again.contains("0 feeds added, 2 already there"), "{again}");
    assert_eq!(fs::read_to_string(place.subscriptions()).unwrap(), text);

    let json = place.fetch_json(&[]);
    assert_eq!(json["new"], 5);
    assert_eq!(report(&json, 0)["title"], "The Valley", "the subscription's title names the source");

    // Beside the config file when no file is given.
    let config = place.dir.path().join("config/brief");
    let out = place.command(&["import-opml", opml.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let made = fs::read_to_string(config.join("subscriptions.toml")).unwrap();
    assert!(made.contains("folder = \"Local\""), "{made}");
    // A broken OPML file says where.
    fs::write(&opml, "<opml><body><outline text=\"x\"></opml>").unwrap();
    let out = place.command(&["import-opml", opml.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("malformed OPML: line 1"), "{out:?}");
}

impl Place {
    /// `brief import-opml` of `opml` into the place's subscriptions.
    fn import(&self, opml: &str) -> Output {
        let file = self.dir.path().join("export.opml");
        fs::write(&file, opml).unwrap();
        let subs = self.subscriptions();
        self.command(&["import-opml", file.to_str().unwrap(), "--subscriptions", subs.to_str().unwrap()])
            .output()
            .unwrap()
    }
}

#[test]
fn an_opml_feed_scheme_address_is_fetched_over_http_and_one_brief_cannot_fetch_is_named() {
    let server = Server::start();
    serve_valley(&server);
    let place = Place::new();
    let wrapped = server.url("/valley.rss").replacen("http://", "feed://", 1);
    let out = place.import(&format!(
        r#"<opml version="2.0"><body>
            <outline text="Valley" xmlUrl="{wrapped}"/>
            <outline text="Scripted" xmlUrl="javascript:alert(1)"/>
        </body></opml>"#
    ));
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.ends_with(
            ": 1 feed added, 0 already there, 1 skipped: Scripted: \"javascript:alert(1)\" is not an http or https address\n"
        ),
        "{said}"
    );
    let text = fs::read_to_string(place.subscriptions()).unwrap();
    assert!(text.contains(&format!("url = \"{}\"", server.url("/valley.rss"))), "{text}");
    assert_eq!(place.fetch_json(&[])["new"], 3);
}

#[test]
fn opml_folders_become_safe_folders_and_the_import_says_which_it_changed() {
    let server = Server::start();
    serve_valley(&server);
    server.route("/harbour.atom", |_, _| Reply::new(200, fixture("harbour.atom")));
    let place = Place::new();
    let out = place.import(&format!(
        r#"<opml version="2.0"><body>
            <outline text=".."><outline text=".."><outline text="V" xmlUrl="{}"/></outline></outline>
            <outline text="Tech / Science"><outline text="H" xmlUrl="{}"/></outline>
        </body></opml>"#,
        server.url("/valley.rss"),
        server.url("/harbour.atom")
    ));
    let said = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = said.lines().collect();
    assert!(lines[0].ends_with(": 2 feeds added, 0 already there"), "{said}");
    assert_eq!(
        lines[1..],
        [
            "  folder \"..\" is left out: it names no folder",
            "  folder \"Tech / Science\" is \"Tech - Science\""
        ]
    );
    let json = place.fetch_json(&[]);
    assert_eq!(json["failed"], 0, "{json:#}");
    let files = place.files();
    assert_eq!(files.iter().filter(|f| !f.contains('/')).count(), 3, "{files:?}");
    assert_eq!(files.iter().filter(|f| f.starts_with("Tech - Science/")).count(), 2, "{files:?}");
}

#[test]
fn a_newsboat_urls_file_names_feeds_and_tags_their_items() {
    let server = Server::start();
    serve_valley(&server);
    server.route("/harbour.atom", |_, _| Reply::new(200, fixture("harbour.atom")));
    let place = Place::new();
    let urls = place.dir.path().join("urls");
    fs::write(
        &urls,
        format!(
            "# newsboat\n{} local \"~Valley News\"\n\"query:Unread:unread = \\\"yes\\\"\"\n{} # the harbour\n\
             exec:~/bin/feed.sh\nnot a url at all\n",
            server.url("/valley.rss"),
            server.url("/harbour.atom")
        ),
    )
    .unwrap();
    let news = place.news();
    let out = place
        .command(&["fetch", news.to_str().unwrap(), "--subscriptions", urls.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["new"], 5, "{json:#}");
    let passed_over = [
        format!("{}: 2 exec/filter/query lines passed over", urls.display()),
        format!("{}: line 6 is not an http or https address: \"not a url at all\"", urls.display()),
    ];
    assert_eq!(json["warnings"], serde_json::json!(passed_over));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr, passed_over.iter().map(|w| format!("brief: warning: {w}\n")).collect::<String>());
    assert_eq!(report(&json, 0)["title"], "Valley News");
    let trams = place.files().into_iter().find(|f| f.starts_with("night-trams")).unwrap();
    let text = place.read(&trams);
    assert!(text.contains("source = \"Valley News\""), "{text}");
    assert!(text.contains("tags = [\"local\"]"), "{text}");
}

#[test]
fn full_text_fetches_the_pages_of_teasers_only() {
    let server = Server::start();
    let feed = fixture_at("teasers.rss", &server);
    server.route("/teasers.rss", move |_, _| Reply::new(200, feed.clone()));
    server.route("/articles/lighthouse.html", |_, _| {
        Reply::new(200, fixture("lighthouse.html")).header("Content-Type", "text/html; charset=utf-8")
    });
    server.route("/articles/library.html", |_, _| Reply::new(200, "<p>not to be fetched</p>"));
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/teasers.rss"))]);
    let json = place.fetch_json(&["--full-text"]);
    assert_eq!(json["new"], 2, "{json:#}");
    assert_eq!(server.requests_for("/articles/lighthouse.html").len(), 1, "the teaser's page");
    assert!(server.requests_for("/articles/library.html").is_empty(), "a whole story needs no page");
    let lighthouse = place.files().into_iter().find(|f| f.starts_with("lighthouse")).unwrap();
    let path = place.news().join(&lighthouse);
    let out = place.command(&["show", path.to_str().unwrap(), "--json"]).output().unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    let body = shown["body"].to_string();
    assert!(body.contains("hundred and twelve steps"), "the page's article is the body: {body}");
    assert!(body.contains("keeper's logbooks on show"), "{body}");
    for furniture in ["Subscribe to our newsletter", "Privacy", "Sport"] {
        assert!(!body.contains(furniture), "{furniture} is page furniture: {body}");
    }
    assert_eq!(
        shown["key_points"],
        serde_json::json!([
            "The last staffed lighthouse on the coast will be run from the mainland from January…"
        ]),
        "the teaser is kept as the key point, without its Read more"
    );
    assert_eq!(shown["key_points_extracted"], false);
    assert_eq!(shown["author"], "Ines Varga", "from the page, as the item names none");
    assert_eq!(shown["date"], "2026-11-20T06:00:00+00:00");
    let page = server.url("/articles/lighthouse.html");
    assert_eq!(shown["url"], page.as_str(), "a relative link is made whole");
    assert_eq!(report(&json, 0)["notes"], serde_json::json!([]));
    let library = place.files().into_iter().find(|f| f.starts_with("library")).unwrap();
    assert!(place.read(&library).contains("found the money"), "a whole story stays as the feed gave it");

    // A page that cannot be had leaves the teaser, and the report says so.
    let gone = String::from_utf8(fixture_at("teasers.rss", &server))
        .unwrap()
        .replace("/articles/lighthouse.html", "/articles/gone.html");
    server.route("/gone.rss", move |_, _| Reply::new(200, gone.clone()));
    let missed = Place::new();
    missed.subscribe(&[feed_line(&server.url("/gone.rss"))]);
    let json = missed.fetch_json(&["--full-text"]);
    assert_eq!(json["new"], 2);
    let gone = server.url("/articles/gone.html");
    assert_eq!(
        report(&json, 0)["notes"],
        serde_json::json!([format!("full text: {gone}: HTTP 404 (teaser kept)")])
    );
    let teaser = missed.files().into_iter().find(|f| f.starts_with("lighthouse")).unwrap();
    assert!(missed.read(&teaser).contains("[Read more][1]"), "{}", missed.read(&teaser));

    // Without --full-text, and no per-feed setting, no page is fetched.
    let other = Place::new();
    other.subscribe(&[feed_line(&server.url("/teasers.rss"))]);
    other.fetch_json(&[]);
    assert_eq!(server.requests_for("/articles/lighthouse.html").len(), 1);
    // The per-feed setting asks for it.
    let third = Place::new();
    third.subscribe(&[format!("{}\nfull_text = true", feed_line(&server.url("/teasers.rss")))]);
    third.fetch_json(&[]);
    assert_eq!(server.requests_for("/articles/lighthouse.html").len(), 2);
}

#[test]
fn every_page_whose_full_text_failed_is_named_with_its_reason_up_to_ten() {
    let server = Server::start();
    let items: String = (0..12)
        .map(|i| {
            format!(
                "<item><title>Story {i}</title><guid>s{i}</guid><link>{}</link>\
                 <description>A teaser of story {i}. Read more</description></item>",
                server.url(&format!("/pages/{i}.html"))
            )
        })
        .collect();
    let feed = format!("<rss version=\"2.0\"><channel><title>Teasers</title>{items}</channel></rss>");
    server.route("/many.rss", move |_, _| Reply::new(200, feed.clone()));
    server.route("/pages/0.html", |_, _| Reply::new(500, "down"));
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/many.rss"))]);
    let json = place.fetch_json(&["--full-text", "--retries", "0"]);
    assert_eq!(json["new"], 12, "{json:#}");
    let notes: Vec<String> = serde_json::from_value(report(&json, 0)["notes"].clone()).unwrap();
    let page = |i: usize| server.url(&format!("/pages/{i}.html"));
    assert_eq!(notes.len(), 11, "{notes:#?}");
    assert_eq!(notes[0], format!("full text: {}: HTTP 500 (teaser kept)", page(0)));
    for (i, note) in notes.iter().enumerate().take(10).skip(1) {
        assert_eq!(*note, format!("full text: {}: HTTP 404 (teaser kept)", page(i)));
    }
    assert_eq!(notes[10], "full text: 2 more pages kept as teasers");
}

#[test]
fn an_item_link_that_is_no_web_address_is_not_written() {
    let server = Server::start();
    let plain_url = server.url("/plain.html");
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>Links</title>\
         <item><title>Scripted</title><guid>s1</guid><link>javascript:alert(1)</link>\
         <description>A short teaser. Read more</description></item>\
         <item><title>Plain</title><guid>s2</guid><link>{plain_url}</link>\
         <description>Another.</description></item></channel></rss>"
    );
    server.route("/links.rss", move |_, _| Reply::new(200, feed.clone()));
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/links.rss"))]);
    let json = place.fetch_json(&["--full-text", "--retries", "0"]);
    assert_eq!(json["new"], 2, "{json:#}");
    let scripted = place.files().into_iter().find(|f| f.starts_with("scripted")).unwrap();
    let text = place.read(&scripted);
    assert!(!text.contains("javascript"), "{text}");
    let plain = place.files().into_iter().find(|f| f.starts_with("plain")).unwrap();
    assert!(place.read(&plain).contains(&format!("url = \"{plain_url}\"")));
    let notes = report(&json, 0)["notes"].to_string();
    assert!(notes.contains("javascript:alert(1): not an http or https address (teaser kept)"), "{notes}");
}

#[test]
fn fetch_says_what_is_missing() {
    let place = Place::new();
    let out = place.fetch(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let named = place.subscriptions();
    assert_eq!(err, format!("brief: {}: not found\n", named.display()), "a file named with --subscriptions");
    let news = place.news();
    let out = place.command(&["fetch", news.to_str().unwrap()]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("brief/subscriptions.toml: no subscription file here; write one"), "{err}");
    let out = place.command(&["fetch"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no folder to fetch into"), "{out:?}");
    let out = place.fetch(&["--jobs", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid value '0' for '--jobs <N>': 0 is not in 1..=64"), "{err}");
    place.subscribe(&["url = \"ftp://old.example/feed\"".to_string()]);
    let out = place.fetch(&[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not an http or https address"), "{out:?}");
    // A file where the folder should be; a folder where the list should be.
    place.subscribe(&[feed_line("http://127.0.0.1:9/feed.xml")]);
    let file = place.subscriptions();
    let dir = place.dir.path();
    let (file, dir) = (file.to_str().unwrap(), dir.to_str().unwrap());
    let out = place.command(&["fetch", file, "--subscriptions", file]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), format!("brief: {file}: not a folder to fetch into\n"));
    let out = place.command(&["fetch", dir, "--subscriptions", dir]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file (folder)"), "{out:?}");
}

#[test]
fn r_in_the_reader_fetches_and_the_new_items_join_the_list() {
    let server = Server::start();
    serve_valley(&server);
    let place = Place::new();
    fs::create_dir_all(place.news()).unwrap();
    fs::write(place.news().join("mine.txt"), "Title: Already here\n\nKey Points\n- Yes.\n").unwrap();
    let config = place.dir.path().join("config");
    fs::create_dir_all(config.join("brief")).unwrap();
    fs::write(
        config.join("brief/subscriptions.toml"),
        format!("[[feed]]\n{}\n", feed_line(&server.url("/valley.rss"))),
    )
    .unwrap();
    let news = place.news();
    let config_home = config.to_str().unwrap().to_string();
    let mut s = common::pty::Session::start_with_env(
        &[news.to_str().unwrap()],
        100,
        24,
        &[("XDG_CONFIG_HOME", &config_home)],
    );
    s.wait_for("Articles (1)");
    s.send("R");
    s.wait_for("fetched 1 feed: 3 new articles");
    s.wait_for("Articles (4)");
    s.wait_for("Harbour ferries switch to batteries");
    // Again: the feed is not modified, nothing new.
    s.send("R");
    s.wait_for("fetched 1 feed: 0 new articles");
    assert_eq!(server.requests_for("/valley.rss")[1].header("if-none-match"), Some(ETAG));
    // The list is read afresh: now one feed fails, then every one.
    let subscribe = |urls: &[String]| {
        let feeds: String = urls.iter().map(|u| format!("[[feed]]\n{}\n", feed_line(u))).collect();
        fs::write(config.join("brief/subscriptions.toml"), feeds).unwrap();
    };
    let gone = server.url("/gone.rss");
    subscribe(&[server.url("/valley.rss"), gone.clone()]);
    s.send("R");
    s.wait_for(&format!("fetched 2 feeds: 0 new articles; 1 failed ({gone}: HTTP 404)"));
    subscribe(&[gone]);
    s.send("R");
    s.wait_for("fetch failed: 1 of 1 feed (HTTP 404)");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn progress_goes_to_a_terminal_and_never_into_a_pipe() {
    let server = Server::start();
    serve_valley(&server);
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/valley.rss"))]);
    // In a pipe: the report on standard output, nothing on standard error.
    let out = place.fetch(&[]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));

    let (news, subs) = (place.news(), place.subscriptions());
    let state = place.dir.path().join("pty-state");
    let args = ["fetch", news.to_str().unwrap(), "--subscriptions", subs.to_str().unwrap()];
    let mut s =
        common::pty::Session::start_with_env(&args, 100, 24, &[("XDG_STATE_HOME", state.to_str().unwrap())]);
    assert_eq!(s.wait_exit(), 0);
    let output = String::from_utf8_lossy(&s.output.lock().unwrap()).into_owned();
    assert!(output.contains("fetching feeds: 1/1 Valley Wire"), "{output:?}");
    // A state of its own: the files are there already, and as written.
    assert!(s.contents().contains("Valley Wire: 3 unchanged"), "{}", s.contents());
}

#[test]
fn a_full_text_page_is_decoded_by_the_charset_its_server_names() {
    let server = Server::start();
    let feed = String::from_utf8(fixture_at("teasers.rss", &server)).unwrap();
    server.route("/teasers.rss", move |_, _| Reply::new(200, feed.clone()));
    // windows-1252 bytes, so named in the Content-Type, which outranks the
    // page's own (wrong) declaration: 0x93 and 0x94 are curly quotes in
    // windows-1252 and control characters in ISO-8859-7.
    let mut page =
        b"<html><head><meta charset=\"iso-8859-7\"></head><body><article><p>The keeper said \x93never once\x94 about the light, and meant it: "
            .to_vec();
    page.extend_from_slice("for forty years he climbed the steps twice a day and logged the weather every three hours, in storms and in calm, through winters that took roofs off boathouses and summers full of visitors asking the same questions about the lamp.</p></article></body></html>".as_bytes());
    server.route("/articles/lighthouse.html", move |_, _| {
        Reply::new(200, page.clone()).header("Content-Type", "text/html; charset=windows-1252")
    });
    let place = Place::new();
    place.subscribe(&[feed_line(&server.url("/teasers.rss"))]);
    place.fetch_json(&["--full-text"]);
    let lighthouse = place.files().into_iter().find(|f| f.starts_with("lighthouse")).unwrap();
    let text = place.read(&lighthouse);
    assert!(text.contains("said “never once” about the light"), "{text}");
}
