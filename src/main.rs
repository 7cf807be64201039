//! The `jcm` binary: parse the arguments, run the command, print its output, and map the
//! outcome to an exit status (0 success, 1 problems found, 2 the input could not be used).

use clap::Parser;
use jcm::cli::Cli;
use jcm::diag::Failure;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    match jcm::cmd::run(cli.command, &mut out) {
        Ok(done) => {
            let mut err = std::io::stderr().lock();
            for d in &done.diagnostics {
                let _ = write!(err, "{d}");
            }
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
