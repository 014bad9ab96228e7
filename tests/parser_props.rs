//! Outside bytes into every parser and text routine, through the same
//! entry points the fuzzers use (`brief::fuzz`): no panic, no hang, no
//! control character in any text, ranges on character boundaries. These
//! explore with random mixes of format fragments and junk; the fuzzers in
//! `fuzz/` explore by coverage.

use proptest::prelude::*;

/// Bytes that look a little like each format, with junk mixed in.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "Key Points\n",
        "- point\n",
        "Title: t\n",
        "Date: 2026-13-45\n",
        "+++\n",
        "---\n",
        "title = \"x\"\n",
        "tags: [a,\n",
        "<rss><channel><title>",
        "</title>",
        "<item>",
        "</item>",
        "<description>&lt;p&gt;",
        "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [",
        "]}",
        "# heading\n",
        "> quote\n",
        "```\ncode\n",
        "[link](u)",
        "\u{1b}]52;c;",
        "\u{1b}[2J",
        "\u{7}",
        "\r\n",
        "\t",
        "\u{feff}",
        "e\u{301}",
        "日本",
        "👨\u{200d}👩",
        "\u{202e}",
        "\u{300}",
        "\0",
        "&#x1b;",
        "&amp;",
        "word ",
        ". ",
    ]);
    (prop::collection::vec(pieces, 0..40), prop::collection::vec(any::<u8>(), 0..20)).prop_map(
        |(pieces, junk)| {
            let mut bytes = pieces.concat().into_bytes();
            let at = bytes.len() / 2;
            bytes.splice(at..at, junk);
            bytes
        },
    )
}

fn with_first(first: u8, rest: &[u8]) -> Vec<u8> {
    let mut data = vec![first];
    data.extend_from_slice(rest);
    data
}

proptest! {
    // PROPTEST_CASES=20000 for a longer hunt; the suite runs 300.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_format_parses_or_says_why(bytes in input(), format in 0u8..4) {
        brief::fuzz::parse(&with_first(format, &bytes));
    }

    #[test]
    fn text_wrapping_queries_and_highlights(text in input(), query in input(), width in 0u8..60) {
        let mut data = with_first(width, &text);
        data.push(0);
        data.extend_from_slice(&query);
        brief::fuzz::text(&data);
    }

    #[test]
    fn config_and_key_strings_never_panic(bytes in input()) {
        brief::fuzz::config(&bytes);
    }

    #[test]
    fn any_state_file_loads_or_is_set_aside(bytes in input()) {
        brief::fuzz::state(&bytes);
    }
}
