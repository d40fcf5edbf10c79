//! lainos-machine-id: makes `/etc/machine-id` valid before dbus starts, and links
//! `/var/lib/dbus/machine-id` to it. `--ephemeral` writes a new id on every run (the
//! LainOS privacy default, one id per boot).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use p7_common::machine_id::{Outcome, ensure};

#[derive(Debug, Parser)]
#[command(name = "lainos-machine-id", version, about)]
struct Args {
    /// Write a new random id even when the current one is valid.
    #[arg(long)]
    ephemeral: bool,
    /// Act under this root instead of / (image builds, tests).
    #[arg(long, default_value = "/")]
    root: PathBuf,
}

fn main() -> ExitCode {
    p7_common::logging::init();
    let args = Args::parse();
    match ensure(&args.root, args.ephemeral) {
        Ok(Outcome::Kept(id)) => tracing::info!(%id, "machine-id valid, kept"),
        Ok(Outcome::Repaired(id)) => {
            tracing::warn!(%id, "machine-id missing or invalid, generated")
        }
        Ok(Outcome::Regenerated(id)) => tracing::info!(%id, "ephemeral machine-id generated"),
        Err(e) => {
            tracing::error!("{:#}", anyhow::Error::from(e));
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
