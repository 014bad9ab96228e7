//! Polite HTTP for feeds and pages: conditional requests, compressed
//! bodies (gzip, brotli), a redirect limit, a time limit per request, a
//! size cap, and retries with backoff that honour `Retry-After`.

use std::time::Duration;

use ureq::ResponseExt;

/// What a server last said about a resource, to ask only for a newer one.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// A resource as fetched.
#[derive(Debug)]
pub enum Got {
    /// `304 Not Modified`: what was fetched last time is still current.
    NotModified,
    Page(Page),
}

#[derive(Debug)]
pub struct Page {
    /// Decompressed.
    pub bytes: Vec<u8>,
    /// The `charset` of the `Content-Type`, if it names one.
    pub charset: Option<String>,
    pub validators: Validators,
    /// Where the page was found, after redirects.
    pub url: String,
}

/// Why a resource could not be fetched.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HttpError {
    #[error("HTTP {0}")]
    Status(u16),
    /// No answer within `seconds`, on each of `tries` requests.
    #[error("no answer within {seconds} s{}", if *.tries > 1 { format!(", {tries} tries") } else { String::new() })]
    Timeout { seconds: u64, tries: u32 },
    #[error("larger than the limit of {} MiB", .0 >> 20)]
    TooLarge(u64),
    #[error("more than {0} redirects")]
    TooManyRedirects(u32),
    /// A server that asks to be left alone for longer than brief waits.
    #[error("HTTP {status}; the server asks to wait {seconds} s before trying again")]
    WaitTooLong { status: u16, seconds: u64 },
    /// The host (and port) is there but nothing listens.
    #[error("no server answers at {0} (connection refused)")]
    Refused(String),
    /// The host's name has no address.
    #[error("{0} not found")]
    HostNotFound(String),
    /// An https address whose server answered in plain HTTP.
    #[error("TLS handshake failed (is the address http rather than https?)")]
    NotTls,
    #[error("{0}")]
    Network(String),
}

impl HttpError {
    /// Whether trying again may help: a server error, a timeout, a broken
    /// connection, too many requests.
    fn is_transient(&self) -> bool {
        match self {
            HttpError::Status(code) => *code >= 500 || *code == 429 || *code == 408,
            HttpError::Timeout { .. }
            | HttpError::Network(_)
            | HttpError::Refused(_)
            | HttpError::HostNotFound(_) => true,
            _ => false,
        }
    }

    /// The error as the last of `tries` requests: a timeout says how many
    /// went unanswered, since the wait was that many times the limit.
    fn after(self, tries: u32) -> HttpError {
        match self {
            HttpError::Timeout { seconds, .. } => HttpError::Timeout { seconds, tries },
            other => other,
        }
    }
}

/// How a [`Client`] behaves.
#[derive(Clone, Debug)]
pub struct Limits {
    /// For one request, from connecting to the last byte of the body.
    pub timeout: Duration,
    /// Tries after the first one, for transient failures.
    pub retries: u32,
    /// The wait before the first retry; it doubles with each further one.
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a server asking for more is
    /// reported instead of waited for.
    pub max_wait: Duration,
    /// The largest body accepted, after decompression (a small compressed
    /// body can unpack to gigabytes).
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(120),
            max_bytes: 16 << 20,
            max_redirects: 5,
        }
    }
}

/// One agent (its connection pool is shared by every thread).
pub struct Client {
    agent: ureq::Agent,
    limits: Limits,
}

impl Client {
    pub fn new(limits: Limits) -> Client {
        let config = ureq::Agent::config_builder()
            // Statuses are answers to look at (304, Retry-After), not errors.
            .http_status_as_error(false)
            .max_redirects(limits.max_redirects)
            .timeout_global(Some(limits.timeout))
            .user_agent(concat!("brief/", env!("CARGO_PKG_VERSION"), " (feed reader)"))
            .build();
        Client { agent: config.new_agent(), limits }
    }

    /// Fetches `url`, conditionally when `known` has validators, trying
    /// again after transient failures.
    pub fn get(&self, url: &str, known: &Validators) -> Result<Got, HttpError> {
        let mut attempt = 0;
        loop {
            let wait = match self.get_once(url, known) {
                Ok(got) => return Ok(got),
                Err((error, _)) if attempt >= self.limits.retries || !error.is_transient() => {
                    return Err(error.after(attempt + 1));
                }
                Err((error, Some(asked))) => {
                    if asked > self.limits.max_wait {
                        let status = if let HttpError::Status(s) = error { s } else { 503 };
                        return Err(HttpError::WaitTooLong { status, seconds: asked.as_secs() });
                    }
                    asked
                }
                Err((_, None)) => self.limits.backoff * 2u32.saturating_pow(attempt),
            };
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// One request; a failure comes with the wait the server asked for.
    fn get_once(&self, url: &str, known: &Validators) -> Result<Got, (HttpError, Option<Duration>)> {
        let mut request = self.agent.get(url);
        if let Some(etag) = &known.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &known.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let mut response = request.call().map_err(|e| (self.describe(e, url), None))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response.headers().get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_string())
        };
        if status == 304 {
            return Ok(Got::NotModified);
        }
        if !(200..300).contains(&status) {
            let asked = header("Retry-After").and_then(|v| retry_after(&v, chrono::Utc::now()));
            return Err((HttpError::Status(status), asked));
        }
        let validators = Validators { etag: header("ETag"), last_modified: header("Last-Modified") };
        let final_url = response.get_uri().to_string();
        let body = response.body_mut();
        let charset = body.charset().map(str::to_string);
        if body.content_length().is_some_and(|n| n > self.limits.max_bytes) {
            return Err((HttpError::TooLarge(self.limits.max_bytes), None));
        }
        let bytes = body
            .with_config()
            .limit(self.limits.max_bytes)
            .read_to_vec()
            .map_err(|e| (self.describe(e, url), None))?;
        Ok(Got::Page(Page { bytes, charset, validators, url: final_url }))
    }

    /// The error in plain words, naming the host of `url` where it is the
    /// host that failed.
    fn describe(&self, error: ureq::Error, url: &str) -> HttpError {
        let timeout = HttpError::Timeout { seconds: self.limits.timeout.as_secs(), tries: 1 };
        let authority = super::host(url);
        match error {
            ureq::Error::Timeout(_) => timeout,
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => timeout,
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                HttpError::Refused(authority)
            }
            // The standard library's resolver failure has no kind of its
            // own (it is "uncategorized"); its message is all there is.
            ureq::Error::Io(e) if e.to_string().starts_with("failed to lookup address information") => {
                HttpError::HostNotFound(host_name(&authority).to_string())
            }
            ureq::Error::HostNotFound => HttpError::HostNotFound(host_name(&authority).to_string()),
            // rustls's "received corrupt message of type InvalidContentType":
            // what came back was no TLS record, as when a plain-HTTP server
            // answers ("HTTP/1.1 400…"). It arrives as an I/O error.
            ureq::Error::Io(e)
                if e.kind() == std::io::ErrorKind::InvalidData
                    && e.to_string().contains("InvalidContentType") =>
            {
                HttpError::NotTls
            }
            ureq::Error::BodyExceedsLimit(_) => HttpError::TooLarge(self.limits.max_bytes),
            ureq::Error::TooManyRedirects => HttpError::TooManyRedirects(self.limits.max_redirects),
            ureq::Error::StatusCode(code) => HttpError::Status(code),
            ureq::Error::ConnectionFailed => HttpError::Network(format!("could not connect to {authority}")),
            ureq::Error::Io(e) => HttpError::Network(e.to_string()),
            other => HttpError::Network(other.to_string()),
        }
    }
}

/// The name in a host-and-port (an IPv6 `[::1]` keeps its colons).
fn host_name(authority: &str) -> &str {
    match authority.rsplit_once(':') {
        Some((name, port)) if !authority.ends_with(']') && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => authority,
    }
}

/// The wait a `Retry-After` value asks for: seconds, or an HTTP date.
fn retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some((at.with_timezone(&chrono::Utc) - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-04T10:00:00Z").unwrap().to_utc();
        assert_eq!(retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(retry_after("Fri, 04 Dec 2026 10:01:30 GMT", now), Some(Duration::from_secs(90)));
        assert_eq!(retry_after("Fri, 04 Dec 2026 09:00:00 GMT", now), Some(Duration::ZERO), "past: now");
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn a_host_name_is_its_authority_without_the_port() {
        assert_eq!(host_name("news.example:8080"), "news.example");
        assert_eq!(host_name("news.example"), "news.example");
        assert_eq!(host_name("[::1]:80"), "[::1]");
        assert_eq!(host_name("[::1]"), "[::1]");
    }

    #[test]
    fn only_transient_failures_are_tried_again() {
        assert!(HttpError::Status(503).is_transient());
        assert!(HttpError::Status(429).is_transient());
        assert!(HttpError::Timeout { seconds: 5, tries: 1 }.is_transient());
        assert!(!HttpError::Status(404).is_transient());
        assert!(!HttpError::TooLarge(1).is_transient());
        assert!(!HttpError::TooManyRedirects(5).is_transient());
    }
}
