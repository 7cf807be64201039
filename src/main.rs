//! The `jcm` binary: parse the arguments, run the command, print its output (or write it to the
//! `-o` file), and map the outcome to an exit status (0 success, 1 problems found, 2 the input
//! could not be used).

use clap::Parser;
use jcm::cli::Cli;
use jcm::diag::Failure;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// mimalloc rather than the system allocator: a portfolio run makes and drops many small
/// values per project on every thread, and glibc's malloc spent about a quarter of a
/// 10,000-project `jcm calc DIR` consolidating and unlinking free chunks (issue 13). Built
/// without transparent huge pages (`no_thp`): with them a small project's peak memory went from
/// 8.6 MB to 14.8 MB and its start-up grew by the zeroing of 2 MB pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_outcome(&e),
    };
    // A workbook is bytes, not text: asked for on a terminal, it is refused before the work.
    let for_terminal = cli.output.is_none() && std::io::stdout().is_terminal();
    if for_terminal && cli.command.writes_workbook() {
        return refuse_workbook();
    }
    // A portfolio streams its projects as they are done: to stdout, or gathered here for the
    // `-o` file, which is written whole at the end (atomically).
    let mut gathered: Vec<u8> = Vec::new();
    let result = match cli.output {
        Some(_) => cli.command.run(&mut gathered),
        None => cli.command.run(&mut std::io::stdout().lock()),
    };
    match result {
        Ok(done) => {
            if for_terminal && done.stdout.is_binary() {
                return refuse_workbook();
            }
            let mut err = std::io::stderr().lock();
            for d in &done.diagnostics {
                let _ = write!(err, "{d}");
            }
            if let Some(path) = &cli.output {
                gathered.extend_from_slice(done.stdout.bytes());
                if let Err(e) = jcm::cmd::save::atomically(path, &gathered) {
                    let _ = writeln!(err, "error: cannot write {}: {e}", path.display());
                    return ExitCode::from(2);
                }
                return ExitCode::from(done.status);
            }
            let mut out = std::io::stdout().lock();
            // A closed pipe (`jcm calc … | head`) is not an error.
            match out.write_all(done.stdout.bytes()).and_then(|()| out.flush()) {
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

fn refuse_workbook() -> ExitCode {
    eprintln!(
        "error: --format xlsx makes a workbook, which a terminal cannot show\n  = hint: write it to a file with `-o FILE.xlsx`, or redirect stdout (`> FILE.xlsx`)"
    );
    ExitCode::from(2)
}
