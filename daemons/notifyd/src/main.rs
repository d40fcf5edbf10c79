//! lainos-notifyd: sd_notify(3) sink at `/run/systemd/notify`.
//!
//! Starts as root, binds the socket (root:notify 0660, SO_PASSCRED), connects to syslog,
//! drops to `lainos-notifyd` with every capability set empty, loads the seccomp filters,
//! then receives forever.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use lainos_notifyd::sink::{self, Sink};
use p7_common::harden::{self, ServiceUser};
use p7_common::syslog::Syslog;

#[derive(Debug, Parser)]
#[command(name = "lainos-notifyd", version, about)]
struct Args {
    /// Path of the datagram socket.
    #[arg(long, default_value = "/run/systemd/notify")]
    socket: PathBuf,
    /// Group that may send (socket mode 0660 root:GROUP).
    #[arg(long, default_value = "notify")]
    group: String,
    /// Unprivileged user to run as after binding.
    #[arg(long, default_value = "lainos-notifyd")]
    user: String,
    /// Syslog socket.
    #[arg(long, default_value = "/dev/log")]
    syslog_socket: PathBuf,
    /// Sustained datagrams per second per sender uid.
    #[arg(long, default_value_t = 100)]
    rate: u32,
    /// Burst of datagrams per sender uid.
    #[arg(long, default_value_t = 200)]
    burst: u32,
}

fn main() -> ExitCode {
    p7_common::logging::init();
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    harden::require_root()?;
    let user = ServiceUser::lookup(&args.user, &[])?;
    let group = nix::unistd::Group::from_name(&args.group)
        .with_context(|| format!("looking up group `{}`", args.group))?
        .with_context(|| {
            format!(
                "group `{}` does not exist (groupadd -r {})",
                args.group, args.group
            )
        })?;
    let sock = sink::bind(&args.socket, Some(group.gid))?;
    let syslog = Syslog::new(&args.syslog_socket, "lainos-notifyd");
    harden::drop_privileges(&user)?;
    p7_common::seccomp::apply(&p7_common::seccomp::Profile::default())?;
    tracing::info!(socket = %args.socket.display(), "listening");
    let mut sink = Sink::new(syslog, args.rate, args.burst);
    sink::run(&sock, &mut sink).context("receive loop")?;
    Ok(())
}
