//! Running one piece of work per project on several threads, with the results handed on in
//! input order as they complete.
//!
//! Each worker takes the next item from a shared counter; finished results come back over a
//! channel, wait in a small reorder buffer until the ones before them are done, and are handed
//! to the caller's `sink` in input order. The calling thread is one of the workers: it hands
//! the results on between its own items. So the output of a portfolio run is the same bytes on
//! every run whatever the thread scheduling, it streams, and only the results that finished
//! ahead of a slower one are held. One thread (`-j 1`) runs everything in the calling thread.
//! Progress goes to a [`Progress`] bar that only a person at a terminal sees.

use crate::progress::Progress;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// How many threads to use: all cores (`None`) or a given number (`--jobs`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Jobs(pub Option<usize>);

/// The threads worth starting: no more than asked (`-j`), than there are items, or than there
/// are cores. `-j 65535` on a 2-core machine starts 2, not 65,535 threads that would only wait.
pub fn threads(jobs: Jobs, items: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    jobs.0.unwrap_or(cores).min(cores).min(items).max(1)
}

/// Apply `f` to every item on `jobs` threads and hand each result to `sink` in the order of
/// `items`. The first error of `sink` stops the work (items not started are skipped) and is
/// returned.
pub fn for_each_ordered<T, R, E, F, S>(items: &[T], jobs: Jobs, progress: &Progress, f: F, mut sink: S) -> Result<(), E>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
    S: FnMut(R) -> Result<(), E>,
{
    let threads = threads(jobs, items.len());
    if threads == 1 {
        for item in items {
            let r = f(item);
            progress.inc();
            sink(r)?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Bounded, so that workers far ahead of a slow sink wait instead of piling up results.
    let (tx, rx) = mpsc::sync_channel::<(usize, R)>(threads * 4);
    std::thread::scope(|scope| {
        // The calling thread is one of the `threads`: it computes items too, and hands on the
        // results (its own and those that came in meanwhile) between them, so that it is not a
        // third thread woken for every result on a machine of two cores.
        for _ in 1..threads {
            let tx = tx.clone();
            let (next, stop, f) = (&next, &stop, &f);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, f(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut order = Order { waiting: BTreeMap::new(), due: 0, result: Ok(()) };
        while !stop.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = f(item);
            progress.inc();
            order.waiting.insert(i, r);
            while let Ok((i, r)) = rx.try_recv() {
                progress.inc();
                order.waiting.insert(i, r);
            }
            order.hand_on(&mut sink, &stop);
        }
        // Every result is received (the loop ends when all workers are done), so no worker is
        // left blocked on a full channel after a sink error.
        for (i, r) in rx {
            progress.inc();
            order.waiting.insert(i, r);
            order.hand_on(&mut sink, &stop);
        }
        order.result
    })
}

/// Results waiting for those before them, and the first error of the sink.
struct Order<R, E> {
    waiting: BTreeMap<usize, R>,
    /// The index of the next result to hand on.
    due: usize,
    result: Result<(), E>,
}

impl<R, E> Order<R, E> {
    /// Hand on every result that is due, in order; after an error of the sink, drop them and
    /// tell the workers to stop.
    fn hand_on(&mut self, sink: &mut impl FnMut(R) -> Result<(), E>, stop: &AtomicBool) {
        while let Some(r) = self.waiting.remove(&self.due) {
            self.due += 1;
            if self.result.is_ok() {
                if let Err(e) = sink(r) {
                    self.result = Err(e);
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
    }
}

/// Apply `f` to every item on `jobs` threads and return the results in the order of `items`.
pub fn map<T, R, F>(items: &[T], jobs: Jobs, progress: &Progress, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let mut out = Vec::with_capacity(items.len());
    let done: Result<(), std::convert::Infallible> = for_each_ordered(items, jobs, progress, f, |r| {
        out.push(r);
        Ok(())
    });
    match done {
        Ok(()) => out,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Uneven work, so threads finish out of order.
    #[allow(clippy::trivially_copy_pass_by_ref)] // the shape `map` hands its closure
    fn slow_square(x: &u64) -> u64 {
        let spin = (x * 7919) % 2000;
        let mut acc = 0u64;
        for i in 0..spin {
            acc = acc.wrapping_add(i);
        }
        std::hint::black_box(acc);
        x * x
    }

    #[test]
    fn results_keep_the_input_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..500).collect();
        let want: Vec<u64> = items.iter().map(|x| x * x).collect();
        for jobs in [Jobs(None), Jobs(Some(1)), Jobs(Some(3)), Jobs(Some(600))] {
            let got = map(&items, jobs, &Progress::hidden(), slow_square);
            assert_eq!(got, want, "{jobs:?}");
        }
        assert!(map(&[] as &[u64], Jobs(Some(2)), &Progress::hidden(), slow_square).is_empty());
    }

    #[test]
    fn threads_never_outnumber_the_projects_or_the_cores() {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        assert_eq!(threads(Jobs(Some(65_535)), 3), cores.min(3));
        assert_eq!(threads(Jobs(Some(65_535)), 100_000), cores);
        assert_eq!(threads(Jobs(None), 1), 1);
        assert_eq!(threads(Jobs(Some(1)), 50), 1);
        assert_eq!(threads(Jobs(None), 0), 1);
    }

    #[test]
    fn a_sink_error_stops_the_run_and_is_returned() {
        let items: Vec<u64> = (0..10_000).collect();
        for jobs in [Jobs(Some(1)), Jobs(Some(2))] {
            let mut seen = Vec::new();
            let r = for_each_ordered(&items, jobs, &Progress::hidden(), slow_square, |x| {
                if seen.len() == 10 {
                    return Err("full");
                }
                seen.push(x);
                Ok(())
            });
            assert_eq!(r, Err("full"), "{jobs:?}");
            assert_eq!(seen, (0..10).map(|x| x * x).collect::<Vec<_>>(), "{jobs:?}: in order up to the error");
        }
    }
}
