//! Running one piece of work per project on all cores, with the results in input order.
//!
//! rayon's indexed `collect` keeps the order of the input, so the output of a portfolio run is
//! the same on every run whatever the thread scheduling. Progress goes to a [`Progress`] bar
//! that only a person at a terminal sees.

use crate::progress::Progress;
use anyhow::Context;
use rayon::prelude::*;

/// How many threads to use: all cores (`None`) or a given number (`--jobs`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Jobs(pub Option<usize>);

/// Apply `f` to every item in parallel and return the results in the order of `items`.
pub fn map<T, R, F>(items: &[T], jobs: Jobs, progress: &Progress, f: F) -> anyhow::Result<Vec<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    let work = || {
        items
            .par_iter()
            .map(|item| {
                let r = f(item);
                progress.inc();
                r
            })
            .collect()
    };
    let n = threads(jobs, items.len());
    if n <= 1 {
        return Ok(items
            .iter()
            .map(|item| {
                let r = f(item);
                progress.inc();
                r
            })
            .collect());
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().context("cannot start the worker threads")?;
    Ok(pool.install(work))
}

/// The threads worth starting: no more than asked (`-j`), than there are items, or than there
/// are cores. `-j 65535` on a 2-core machine starts 2, not 65,535 threads that would only wait.
pub fn threads(jobs: Jobs, items: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    jobs.0.unwrap_or(cores).min(cores).min(items).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..500).collect();
        let slow_square = |x: &u64| {
            // Uneven work, so threads finish out of order.
            let spin = (x * 7919) % 2000;
            let mut acc = 0u64;
            for i in 0..spin {
                acc = acc.wrapping_add(i);
            }
            std::hint::black_box(acc);
            x * x
        };
        let want: Vec<u64> = items.iter().map(|x| x * x).collect();
        for jobs in [Jobs(None), Jobs(Some(1)), Jobs(Some(3))] {
            let got = map(&items, jobs, &Progress::hidden(), slow_square).expect("pool");
            assert_eq!(got, want, "{jobs:?}");
        }
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
}
