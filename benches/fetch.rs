//! Fetch throughput against a local server: `cargo bench --bench fetch`.
//!
//! 50 feeds of 50 items each, served from 127.0.0.1 by the test suite's
//! server: the first fetch (every item written), the second (every feed
//! answers 304), and one against a server that ignores validators (every
//! feed parsed and every item compared, nothing written). Then the first
//! fetch again with 50 ms of latency per response, which is what the
//! concurrency is for. `-- FEEDS ITEMS` changes the sizes.

#[allow(dead_code)]
#[path = "../tests/common/http.rs"]
mod http;

use std::time::{Duration, Instant};

use brief::fetch::{self, Options, Subscription};
use http::{Reply, Request, Server};

const WORDS: &[&str] = &[
    "harbour",
    "ferry",
    "council",
    "battery",
    "winter",
    "trial",
    "passengers",
    "market",
    "bridge",
    "river",
    "volunteers",
    "library",
    "timetable",
    "station",
    "budget",
    "engineers",
    "storm",
    "village",
    "school",
    "garden",
    "regional",
    "service",
    "morning",
    "evening",
    "residents",
    "petition",
    "repairs",
    "flood",
];

/// A feed of `items` items, each with a body of about 150 words.
fn feed(number: usize, items: usize) -> Vec<u8> {
    let mut xml =
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {number}</title>");
    for i in 0..items {
        let body: Vec<&str> = (0..150).map(|w| WORDS[(number * 7 + i * 13 + w * 31) % WORDS.len()]).collect();
        xml.push_str(&format!(
            "<item><title>Story {i} of feed {number}: the {} and the {}</title>\
             <link>https://feed{number}.example/{i}</link><guid>feed{number}-item{i}</guid>\
             <pubDate>Thu, 26 Nov 2026 07:{:02}:00 GMT</pubDate>\
             <description>&lt;p&gt;{}.&lt;/p&gt;&lt;p&gt;{}.&lt;/p&gt;</description></item>",
            WORDS[i % WORDS.len()],
            WORDS[(i + number) % WORDS.len()],
            i % 60,
            body[..75].join(" "),
            body[75..].join(" "),
        ));
    }
    xml.push_str("</channel></rss>");
    xml.into_bytes()
}

struct Pass {
    what: &'static str,
    seconds: f64,
    new: usize,
    feeds: usize,
    items: usize,
}

fn pass(what: &'static str, subs: &[Subscription], options: &Options, items: usize) -> Pass {
    let start = Instant::now();
    let summary = fetch::run(subs, options, |_, _, _| {}).expect("the fetch runs");
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(summary.failed(), 0, "{:?}", summary.feeds.iter().find(|f| f.error.is_some()));
    Pass { what, seconds, new: summary.new_items(), feeds: subs.len(), items: subs.len() * items }
}

fn main() {
    let numbers: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let (feeds, items) = (numbers.first().copied().unwrap_or(50), numbers.get(1).copied().unwrap_or(50));
    let server = Server::start();
    let bytes: usize = (0..feeds)
        .map(|n| {
            let body = feed(n, items);
            let len = body.len();
            let etag = format!("\"{n}\"");
            server.route(&format!("/feed{n}.rss"), move |r: &Request, _| {
                Reply::conditional(r, &body, &etag, "Fri, 27 Nov 2026 09:00:00 GMT")
            });
            let body = feed(n, items);
            server.route(&format!("/plain{n}.rss"), move |_, _| Reply::new(200, body.clone()));
            let body = feed(n, items);
            server.route(&format!("/slow{n}.rss"), move |_, _| {
                Reply::new(200, body.clone()).delay(Duration::from_millis(50))
            });
            len
        })
        .sum();
    let subs = |path: &str| -> Vec<Subscription> {
        (0..feeds)
            .map(|n| Subscription { url: server.url(&format!("/{path}{n}.rss")), ..Subscription::default() })
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let options = |name: &str, per_host: usize| {
        let mut options = Options::new(dir.path().join(name), dir.path().join(format!("{name}.json")));
        options.per_host = per_host;
        options
    };
    // One host serves every feed here; 8 at once from it stands for 50
    // feeds from many hosts, 2 is what one host gets.
    let many_hosts = options("news", 8);
    let plain = options("plain", 8);
    let mut passes = vec![
        pass("first fetch (every item written)", &subs("feed"), &many_hosts, items),
        pass("second fetch (every feed 304)", &subs("feed"), &many_hosts, items),
    ];
    pass("(setup: first fetch without validators)", &subs("plain"), &plain, items);
    passes.push(pass(
        "fetch again without validators (parsed, compared, nothing written)",
        &subs("plain"),
        &plain,
        items,
    ));
    passes.push(pass("first fetch, 50 ms a response, 8 at once", &subs("slow"), &options("slow8", 8), items));
    passes.push(pass(
        "first fetch, 50 ms a response, 2 at once (one host)",
        &subs("slow"),
        &options("slow2", 2),
        items,
    ));

    println!("{feeds} feeds of {items} items ({} KiB of RSS in all), from 127.0.0.1\n", bytes >> 10);
    println!("| pass | time | feeds/s | items/s | written |");
    println!("|---|---|---|---|---|");
    for p in passes {
        println!(
            "| {} | {:.3} s | {:.0} | {:.0} | {} |",
            p.what,
            p.seconds,
            p.feeds as f64 / p.seconds,
            p.items as f64 / p.seconds,
            p.new
        );
    }
}
