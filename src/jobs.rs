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
