//! lainos-ghost-units: the `/run/systemd` directories (see `lainos_p7_tools::ghost`).
//! Exit status: 0 done, 1 a path failed, 2 not root.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(name = "lainos-ghost-units", version, about)]
struct Args {
    /// Also create /run/systemd/system, which makes sd_booted() true (loginctl needs
    /// it; syslog-ng then assumes systemd). Off by default.
    #[arg(long)]
    sd_booted: bool,
    /// Act under this root instead of / (image builds, tests).
    #[arg(long, default_value = "/")]
    root: PathBuf,
}

fn main() -> ExitCode {
    p7_common::logging::init();
    let args = Args::parse();
    if !nix::unistd::Uid::effective().is_root() {
        tracing::error!("lainos-ghost-units must run as root");
        return ExitCode::from(2);
    }
    match lainos_p7_tools::ghost::create(&args.root, args.sd_booted) {
        Ok(r) => {
            tracing::info!(
                created = r.created.len(),
                present = r.present.len(),
                removed = r.removed.len(),
                sd_booted = args.sd_booted,
                "ghost directories ready"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!("{:#}", anyhow::Error::from(e));
            ExitCode::from(1)
        }
    }
}
