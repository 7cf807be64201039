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
    match jobs.0 {
        None => Ok(work()),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build().context("cannot start the worker threads")?;
            Ok(pool.install(work))
        }
    }
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
}
