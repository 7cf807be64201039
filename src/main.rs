//! The `jcm` binary: parse the arguments, run the command, print its output, and map the
//! outcome to an exit status (0 success, 1 problems found, 2 the input could not be used).

use clap::Parser;
use jcm::cli::Cli;
use jcm::diag::Failure;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_outcome(&e),
    };
    match jcm::cmd::run(cli.command) {
        Ok(done) => {
            let mut err = std::io::stderr().lock();
            for d in &done.diagnostics {
                let _ = write!(err, "{d}");
            }
            let mut out = std::io::stdout().lock();
            // A closed pipe (`jcm calc … | head`) is not an error.
            match out.write_all(done.stdout.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    let _ = writeln!(err, "error: cannot write the output: {e}");
                    ExitCode::from(2)
                }
                _ => ExitCode::from(done.status),
            }
        }
        Err(e) => {
            let mut err = std::io::stderr().lock();
            match e.downcast_ref::<Failure>() {
                Some(f) => {
                    let _ = write!(err, "{f}");
                }
                None => {
                    let _ = writeln!(err, "error: {e:#}");
                }
            }
            ExitCode::from(2)
        }
    }
}

/// What clap stopped at: `--help` and `--version` (to stdout, exit 0) or a usage error (to
/// stderr, exit 2). Help that cannot be written (`jcm --help > /dev/full`) is an error, not a
/// silent success; a closed pipe (`jcm --help | head -1`) is not.
fn clap_outcome(e: &clap::Error) -> ExitCode {
    let printed = e.print().and_then(|()| std::io::stdout().flush());
    match printed {
        Err(w) if w.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(std::io::stderr(), "error: cannot write the output: {w}");
            ExitCode::from(2)
        }
        _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
    }
}
