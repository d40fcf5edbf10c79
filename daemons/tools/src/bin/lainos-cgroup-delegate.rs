//! lainos-cgroup-delegate: cgroup v2 controller delegation (see
//! `lainos_p7_tools::cgroup`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(name = "lainos-cgroup-delegate", version, about)]
struct Args {
    /// The unified cgroup mount.
    #[arg(long, default_value = "/sys/fs/cgroup")]
    cgroup_root: PathBuf,
    /// Skip the cgroup2 filesystem check (tests on a plain directory).
    #[arg(long, hide = true)]
    no_fs_check: bool,
}

fn main() -> ExitCode {
    p7_common::logging::init();
    let args = Args::parse();
    match lainos_p7_tools::cgroup::delegate(&args.cgroup_root, !args.no_fs_check) {
        Ok(enabled) => {
            tracing::info!(controllers = %enabled.join(" "), "delegated to user.slice");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!("{:#}", anyhow::Error::from(e));
            ExitCode::FAILURE
        }
    }
}
