//! Which web addresses brief hands to another program (the browser) or
//! writes as a link (the digest): http and https only, and never one that
//! a program could read as an option or a shell as two words.

/// Why an address is not opened or linked.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0}: is not http or https")]
    Scheme(String),
    #[error("it is not a web address")]
    NotAUrl,
    #[error("the address has spaces or control characters in it")]
    Unsafe,
}

/// The address to open, or why not. Only `http://host…` and
/// `https://host…` pass, so what passes starts with a letter and can
/// never be taken for an option (`--gpu-launcher=…`): openers such as
/// xdg-open take no `--`, so this check is what keeps an address an
/// address.
pub fn openable(url: &str) -> Result<&str, Refusal> {
    let url = url.trim();
    let (scheme, rest) = url.split_once(':').ok_or(Refusal::NotAUrl)?;
    let well_formed = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !well_formed {
        return Err(Refusal::NotAUrl);
    }
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(Refusal::Scheme(scheme.to_ascii_lowercase()));
    }
    let host = rest.strip_prefix("//").ok_or(Refusal::NotAUrl)?.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err(Refusal::NotAUrl);
    }
    if url.contains(|c: char| c.is_whitespace() || crate::text::is_unprintable(c)) {
        return Err(Refusal::Unsafe);
    }
    Ok(url)
}

/// An openable address as a Markdown link target: the characters that
/// could end the target or start markup (`(`, `)`, `<`, `>`, quotes,
/// brackets, backslashes...) and any non-ASCII byte percent-encoded.
pub fn link_target(url: &str) -> Option<String> {
    let url = openable(url).ok()?;
    let mut out = String::with_capacity(url.len());
    for &b in url.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:/?#@!$&*+,;=%".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_are_opened() {
        assert_eq!(openable(" https://e.org/a?b=1#c "), Ok("https://e.org/a?b=1#c"));
        assert_eq!(openable("HTTP://E.ORG"), Ok("HTTP://E.ORG"));
        assert_eq!(openable("javascript:alert(1)"), Err(Refusal::Scheme("javascript".into())));
        assert_eq!(openable("file:///etc/passwd"), Err(Refusal::Scheme("file".into())));
        assert_eq!(openable("data:text/html,<script>x</script>"), Err(Refusal::Scheme("data".into())));
        for option in ["--gpu-launcher=xcalc", "-x", "--", " -http://e.org"] {
            assert_eq!(openable(option), Err(Refusal::NotAUrl), "{option}");
        }
        for hostless in ["https:", "https:/e.org", "http://", "http:///etc/passwd", "https"] {
            assert_eq!(openable(hostless), Err(Refusal::NotAUrl), "{hostless}");
        }
        assert_eq!(openable("https://e.org/a b"), Err(Refusal::Unsafe));
        assert_eq!(openable("https://e.org/\u{202e}x"), Err(Refusal::Unsafe));
        assert_eq!(Refusal::Scheme("javascript".into()).to_string(), "javascript: is not http or https");
    }

    #[test]
    fn link_targets_cannot_end_the_link_or_start_markup() {
        assert_eq!(
            link_target("https://e.org/a_(b)<c>\"d'[e]\\é").as_deref(),
            Some("https://e.org/a_%28b%29%3Cc%3E%22d%27%5Be%5D%5C%C3%A9")
        );
        assert_eq!(link_target("javascript:alert(1)"), None);
    }
}
