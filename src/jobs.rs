//! The work the model's effects ask for that must not run on the UI
//! thread: reading bodies, checking phrases against bodies, building
//! indexes. The terminal runtime runs these on its workers; tests run them
//! in line with [`perform`].

use std::time::{Duration, Instant};

use crate::app::{BodyRequest, Effect, Event, Indexed, PhraseJob, Reindex};
use crate::search::{Index, has_phrases};

/// Builds the index a [`Reindex`] asks for.
pub fn reindex(job: Reindex) -> Indexed {
    let index = Index::assemble(&job.articles, job.parts);
    Indexed { generation: job.generation, articles: job.articles, index }
}

/// Reads each body in turn and hands it to `deliver`, stopping early
/// when `superseded` says a newer request has come.
pub fn load_bodies(
    requests: Vec<BodyRequest>,
    superseded: impl Fn() -> bool,
    mut deliver: impl FnMut(Event),
) {
    for request in requests {
        if superseded() {
            return;
        }
        let text = crate::loader::read_body(&request.origin, &request.id);
        deliver(Event::BodyLoaded(request, text));
    }
}

/// Results are handed over at least this often while phrases are checked,
/// so the list fills as they pass.
const PHRASE_BATCH: Duration = Duration::from_millis(30);

/// Checks each candidate of a [`PhraseJob`] against its body (held, or
/// read from its file), best first, handing over those that pass in
/// batches; stops early when `superseded`.
pub fn match_phrases(job: PhraseJob, superseded: impl Fn() -> bool, mut deliver: impl FnMut(Event)) {
    let mut found = Vec::new();
    let mut since = Instant::now();
    for (candidate, article) in job.candidates {
        if superseded() {
            return;
        }
        let text =
            article.body.clone().unwrap_or_else(|| crate::loader::read_body(&article.origin, &article.id));
        if has_phrases(&article, text, &job.query) {
            found.push(candidate);
        }
        if since.elapsed() >= PHRASE_BATCH && !found.is_empty() {
            let found = std::mem::take(&mut found);
            deliver(Event::PhrasesMatched { serial: job.serial, found, done: false });
            since = Instant::now();
        }
    }
    deliver(Event::PhrasesMatched { serial: job.serial, found, done: true });
}

/// Does the work of an effect at once, on this thread, and returns the
/// events it brings; effects that are the terminal's own (quitting,
/// suspending, opening a browser) or need its setup (fetching feeds into
/// the opened folder) bring none.
pub fn perform(effect: Effect) -> Vec<Event> {
    let mut events = Vec::new();
    match effect {
        Effect::LoadBodies(requests) => load_bodies(requests, || false, |e| events.push(e)),
        Effect::MatchPhrases(job) => match_phrases(job, || false, |e| events.push(e)),
        Effect::Reindex(job) => events.push(Event::Indexed(Box::new(reindex(job)))),
        Effect::Quit
        | Effect::OpenUrl(_)
        | Effect::Suspend
        | Effect::Redraw
        | Effect::Pipe { .. }
        | Effect::Edit(_)
        | Effect::Fetch => {}
    }
    events
}
