//! A progress bar on stderr for long portfolio runs, shown only to a person: stderr must be a
//! terminal, the `CI` environment variable unset, and the run must already have taken longer
//! than [`SHOW_AFTER`] (short runs never flash a bar). It steps aside while results are printed
//! and is cleared at the end, so stdout and stderr carry nothing of it. No colour is used, whatever `NO_COLOR` says.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A run shorter than this shows no bar.
pub const SHOW_AFTER: Duration = Duration::from_millis(700);

/// Progress of a run over a known number of items.
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar over `total` items, which appears only if a person can see it and the run is long.
    pub fn for_terminal(total: usize, what: &str) -> Self {
        if !wanted(std::io::stderr().is_terminal(), std::env::var_os("CI").is_some(), total) {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(&format!("{{bar:40}} {{pos}}/{{len}} {what} ({{elapsed}}, about {{eta}} left)")) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress { bar: Some(bar), start: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// No bar at all (tests, benchmarks, pipes).
    pub fn hidden() -> Self {
        Progress { bar: None, start: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// One more item done. Safe to call from several threads.
    pub fn inc(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.start.elapsed() >= SHOW_AFTER && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Run `f` (which prints) with the bar off the terminal, then draw it again.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Whether a bar may appear at all.
fn wanted(stderr_is_terminal: bool, in_ci: bool, total: usize) -> bool {
    stderr_is_terminal && !in_ci && total > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_needs_a_terminal_outside_ci_and_several_items() {
        assert!(wanted(true, false, 2));
        assert!(!wanted(false, false, 100), "pipes and files never get a bar");
        assert!(!wanted(true, true, 100), "CI never gets a bar");
        assert!(!wanted(true, false, 1), "one project is not a long run");
    }

    #[test]
    fn a_hidden_bar_counts_nothing_and_does_not_fail() {
        let p = Progress::hidden();
        p.inc();
        p.finish();
        assert!(p.bar.is_none());
    }
}
