//! The work the model's effects ask for that must not run on the UI
//! thread: reading bodies, building indexes, wrapping long bodies, checking long phrases and finding in long articles. The terminal runtime runs these on its workers; tests run them
//! in line with [`perform`].

use crate::app::{BodyRequest, Effect, Event, Indexed, Layout, PhraseCheck, PhrasesChecked, Reindex};
use crate::document::Document;
use crate::search::Index;

/// Builds the index a [`Reindex`] asks for.
pub fn reindex(job: Reindex) -> Indexed {
    let index = Index::assemble(&job.articles, job.parts);
    Indexed { generation: job.generation, articles: job.articles, index }
}

/// Wraps the whole of a long body, as [`Layout`] asks.
pub fn layout(job: Layout) -> Document {
    Document::build(job.index, &job.article, Some(job.text), job.extracted, job.width, job.spacing)
}

/// Runs a search with its phrases checked exactly, as [`PhraseCheck`] asks.
pub fn check_phrases(check: PhraseCheck) -> PhrasesChecked {
    let found = check.index.search(&crate::search::Query::parse(&check.query));
    PhrasesChecked { check, found }
}

/// Files larger than this take a second or more to read and parse (a
/// 100 MB article: 1.2-2.2 s): they are read apart from the others.
const BIG_BODY_BYTES: u64 = 4 << 20;

/// Whether a body's file is big enough to be read apart (see
/// [`BIG_BODY_BYTES`]); a file that cannot be looked at is not.
pub fn is_big_body(request: &BodyRequest) -> bool {
    match &request.origin {
        crate::article::Origin::File(path) => std::fs::metadata(path).is_ok_and(|m| m.len() > BIG_BODY_BYTES),
        crate::article::Origin::Embedded(_) => false,
    }
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

/// Does the work of an effect at once, on this thread, and returns the
/// events it brings; effects that are the terminal's own (quitting,
/// suspending, opening a browser) or need its setup (fetching feeds into
/// the opened folder) bring none.
pub fn perform(effect: Effect) -> Vec<Event> {
    let mut events = Vec::new();
    match effect {
        Effect::LoadBodies(requests) => load_bodies(requests, || false, |e| events.push(e)),
        Effect::Reindex(job) => events.push(Event::Indexed(Box::new(reindex(job)))),
        Effect::Layout(job) => events.push(Event::LaidOut(Box::new(layout(job)))),
        Effect::CheckPhrases(check) => events.push(Event::PhrasesChecked(Box::new(check_phrases(check)))),
        Effect::Find(job) => events.push(Event::Found(Box::new(job.run()))),
        Effect::Quit
        | Effect::OpenUrl(_)
        | Effect::Suspend
        | Effect::Redraw
        | Effect::Pipe { .. }
        | Effect::Edit(_)
        | Effect::ForgetCache
        | Effect::Fetch => {}
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Origin;

    #[test]
    fn only_files_over_four_megabytes_are_big_bodies() {
        let dir = tempfile::tempdir().unwrap();
        let request = |name: &str, len: u64| {
            let path = dir.path().join(name);
            std::fs::File::create(&path).unwrap().set_len(len).unwrap();
            BodyRequest { origin: Origin::File(path), id: name.into() }
        };
        assert!(is_big_body(&request("big.txt", BIG_BODY_BYTES + 1)));
        assert!(!is_big_body(&request("small.txt", BIG_BODY_BYTES)));
        let gone = BodyRequest { origin: Origin::File(dir.path().join("gone.txt")), id: "gone".into() };
        assert!(!is_big_body(&gone), "a file that cannot be looked at is read with the rest");
        assert!(!is_big_body(&BodyRequest { origin: Origin::Embedded("sample.txt"), id: "s".into() }));
    }
}
