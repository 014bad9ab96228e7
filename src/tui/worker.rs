//! A thread that does one kind of job, newest first: a job handed over
//! while another waits replaces it, and the running one can ask whether it
//! has been superseded. Saving marks, building indexes and reading bodies
//! all want exactly this: only the latest request matters.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

struct Slot<J> {
    job: Option<J>,
    closed: bool,
}

struct Mailbox<J> {
    slot: Mutex<Slot<J>>,
    ready: Condvar,
}

impl<J> Mailbox<J> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Slot<J>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether a newer job is waiting, for a running job to stop early.
pub struct Superseded<J>(Arc<Mailbox<J>>);

/// Why [`Superseded::wait`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    Timeout,
    /// A newer job is waiting.
    Newer,
    /// The worker is being finished (or dropped): no job will follow.
    Closed,
}

impl<J> Superseded<J> {
    pub fn check(&self) -> bool {
        self.0.lock().job.is_some()
    }

    /// Waits up to `timeout` for a newer job or the end, so a job can
    /// retry later without holding up its successor or the exit.
    pub fn wait(&self, timeout: Duration) -> Wake {
        let deadline = Instant::now() + timeout;
        let mut slot = self.0.lock();
        loop {
            if slot.job.is_some() {
                return Wake::Newer;
            }
            if slot.closed {
                return Wake::Closed;
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else { return Wake::Timeout };
            slot = self.0.ready.wait_timeout(slot, left).unwrap_or_else(PoisonError::into_inner).0;
        }
    }
}

pub struct Worker<J> {
    mailbox: Arc<Mailbox<J>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl<J: Send + 'static> Worker<J> {
    /// Starts a thread that runs `work` on each job it takes.
    pub fn start(name: &str, mut work: impl FnMut(J, &Superseded<J>) + Send + 'static) -> Worker<J> {
        let mailbox =
            Arc::new(Mailbox { slot: Mutex::new(Slot { job: None, closed: false }), ready: Condvar::new() });
        let shared = Arc::clone(&mailbox);
        let thread = thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let superseded = Superseded(Arc::clone(&shared));
                loop {
                    let job = {
                        let mut slot = shared.lock();
                        loop {
                            if let Some(job) = slot.job.take() {
                                break job;
                            }
                            if slot.closed {
                                return;
                            }
                            slot = shared.ready.wait(slot).unwrap_or_else(PoisonError::into_inner);
                        }
                    };
                    work(job, &superseded);
                }
            })
            .expect("a worker thread");
        Worker { mailbox, thread: Some(thread) }
    }

    /// Hands over a job, replacing one still waiting.
    pub fn submit(&self, job: J) {
        self.mailbox.lock().job = Some(job);
        self.mailbox.ready.notify_one();
    }

    /// Lets the waiting job (if any) run, then waits for the thread to end.
    pub fn finish(mut self) {
        self.close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    fn close(&self) {
        self.mailbox.lock().closed = true;
        self.mailbox.ready.notify_one();
    }
}

impl<J> Drop for Worker<J> {
    /// A worker dropped without [`Worker::finish`] stops after its current
    /// job, without being waited for.
    fn drop(&mut self) {
        let mut slot = self.mailbox.lock();
        slot.closed = true;
        slot.job = None;
        drop(slot);
        self.mailbox.ready.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_waiting_job_is_replaced_by_a_newer_one() {
        let (tx, rx) = mpsc::channel();
        let (gate_tx, gate_rx) = mpsc::channel::<()>();
        let worker = Worker::start("test", move |job: u32, _: &Superseded<u32>| {
            if job == 0 {
                // Hold the thread until jobs 1 and 2 are both waiting.
                gate_rx.recv().unwrap();
            }
            tx.send(job).unwrap();
        });
        worker.submit(0);
        // Job 0 is running once the slot is empty again.
        while worker.mailbox.lock().job.is_some() {
            thread::yield_now();
        }
        worker.submit(1);
        worker.submit(2);
        gate_tx.send(()).unwrap();
        worker.finish();
        assert_eq!(rx.iter().collect::<Vec<_>>(), [0, 2], "job 1 was replaced before it ran");
    }

    #[test]
    fn a_running_job_learns_it_is_superseded() {
        let (tx, rx) = mpsc::channel();
        let (started_tx, started_rx) = mpsc::channel();
        let worker = Worker::start("test", move |job: u32, superseded: &Superseded<u32>| {
            if job == 0 {
                started_tx.send(()).unwrap();
                while !superseded.check() {
                    thread::yield_now();
                }
            }
            tx.send(job).unwrap();
        });
        worker.submit(0);
        started_rx.recv().unwrap();
        worker.submit(1);
        worker.finish();
        assert_eq!(rx.iter().collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn a_waiting_job_wakes_for_a_newer_one_and_for_the_end() {
        let (tx, rx) = mpsc::channel();
        let (started_tx, started_rx) = mpsc::channel();
        let worker = Worker::start("test", move |job: u32, superseded: &Superseded<u32>| {
            if job < 2 {
                started_tx.send(()).unwrap();
                tx.send((job, superseded.wait(Duration::from_secs(600)))).unwrap();
            }
        });
        worker.submit(0);
        started_rx.recv().unwrap();
        worker.submit(1);
        started_rx.recv().unwrap();
        worker.finish();
        assert_eq!(rx.iter().collect::<Vec<_>>(), [(0, Wake::Newer), (1, Wake::Closed)]);
    }
}
