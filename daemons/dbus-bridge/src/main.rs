//! lainos-dbus-bridge: `org.freedesktop.login1` on the system bus for OpenRC systems.
//!
//! Start-up, in this order:
//! 1. as root, start the privileged helper (this binary with `--privileged-helper`) on
//!    a socketpair;
//! 2. drop to `lainos-login1`, empty every capability set, load the seccomp filters;
//! 3. connect to the system bus (`DBUS_SYSTEM_BUS_ADDRESS` when set), serve the objects,
//!    then request the name, so no early call finds a half-built service.

use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{ExitCode, Stdio};
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use lainos_dbus_bridge::helper::{self, HelperClient, HelperConfig};
use lainos_dbus_bridge::iface::lainos::Sessions;
use lainos_dbus_bridge::iface::manager::Manager;
use lainos_dbus_bridge::iface::properties;
use lainos_dbus_bridge::iface::seat::Seat;
use lainos_dbus_bridge::iface::session::Session;
use lainos_dbus_bridge::iface::user::User;
use lainos_dbus_bridge::iface::{Ctx, Shared};
use lainos_dbus_bridge::paths;
use lainos_dbus_bridge::power::PowerConfig;
use p7_common::harden::{self, ServiceUser};

#[derive(Debug, Parser)]
#[command(name = "lainos-dbus-bridge", version, about)]
struct Args {
    /// Unprivileged user the bus-facing process runs as.
    #[arg(long, default_value = "lainos-login1")]
    user: String,
    /// openrc-shutdown, called as `-p now`, `-r now`, `-H now`.
    #[arg(long, default_value = "/sbin/openrc-shutdown")]
    shutdown_command: PathBuf,
    /// The kernel's sleep interface.
    #[arg(long, default_value = "/sys/power/state")]
    sleep_state: PathBuf,
    /// Base directory of the per-user runtime directories.
    #[arg(long, default_value = "/run/user")]
    runtime_base: PathBuf,
    /// Longest time delay locks may hold a shutdown or sleep, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    inhibit_delay_max_ms: u64,
    /// Most inhibitors held at once.
    #[arg(long, default_value_t = 8192)]
    max_inhibitors: usize,
    /// Internal: run as the privileged helper on stdin.
    #[arg(long, hide = true)]
    privileged_helper: bool,
}

fn main() -> ExitCode {
    p7_common::logging::init();
    let args = Args::parse();
    let result = if args.privileged_helper {
        run_helper(&args)
    } else {
        run(args)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

fn helper_config(args: &Args) -> HelperConfig {
    HelperConfig {
        runtime_base: args.runtime_base.clone(),
        shutdown_command: args.shutdown_command.clone(),
        sleep_state: args.sleep_state.clone(),
    }
}

fn run_helper(args: &Args) -> anyhow::Result<()> {
    let fd: OwnedFd = std::io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .context("duplicating stdin")?;
    helper::serve(UnixStream::from(fd), &helper_config(args)).context("privileged helper")
}

fn spawn_helper(args: &Args) -> anyhow::Result<(UnixStream, std::process::Child)> {
    let (ours, theirs) = UnixStream::pair().context("socketpair for the helper")?;
    let exe = std::env::current_exe().context("locating this executable")?;
    let child = std::process::Command::new(exe)
        .arg("--privileged-helper")
        .arg("--shutdown-command")
        .arg(&args.shutdown_command)
        .arg("--sleep-state")
        .arg(&args.sleep_state)
        .arg("--runtime-base")
        .arg(&args.runtime_base)
        .stdin(Stdio::from(OwnedFd::from(theirs)))
        .stdout(Stdio::null())
        .spawn()
        .context("starting the privileged helper")?;
    Ok((ours, child))
}

fn run(args: Args) -> anyhow::Result<()> {
    harden::require_root()?;
    let user = ServiceUser::lookup(&args.user, &[])?;
    let (helper_stream, _helper) = spawn_helper(&args)?;
    harden::drop_privileges(&user)?;
    p7_common::seccomp::apply(&p7_common::seccomp::Profile::default())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("tokio runtime")?;
    runtime.block_on(async move {
        let ctx = Ctx::new(
            HelperClient::new(helper_stream).context("helper socket")?,
            PowerConfig {
                shutdown_command: args.shutdown_command,
                sleep_state: args.sleep_state,
            },
            Duration::from_millis(args.inhibit_delay_max_ms),
            args.max_inhibitors,
        );
        serve(ctx).await
    })
}

async fn serve(ctx: Shared) -> anyhow::Result<()> {
    let seat = Seat { ctx: ctx.clone() };
    let fixed = [
        format!("{}/seat/self", paths::MANAGER),
        format!("{}/seat/auto", paths::MANAGER),
        format!("{}/session/auto", paths::MANAGER),
        format!("{}/session/self", paths::MANAGER),
        format!("{}/user/self", paths::MANAGER),
    ];
    let conn = zbus::connection::Builder::system()
        .context("system bus address")?
        .serve_at(paths::MANAGER, Manager { ctx: ctx.clone() })?
        .serve_at(paths::seat(paths::SEAT0), seat.clone())?
        .serve_at(fixed[0].as_str(), seat.clone())?
        .serve_at(fixed[1].as_str(), seat)?
        .serve_at(
            fixed[2].as_str(),
            Session {
                ctx: ctx.clone(),
                id: None,
                alias: "auto",
            },
        )?
        .serve_at(
            fixed[3].as_str(),
            Session {
                ctx: ctx.clone(),
                id: None,
                alias: "self",
            },
        )?
        .serve_at(
            fixed[4].as_str(),
            User {
                ctx: ctx.clone(),
                uid: None,
            },
        )?
        .serve_at(paths::LAINOS, Sessions { ctx: ctx.clone() })?
        .build()
        .await
        .context("connecting to the system bus")?;
    let server = conn.object_server();
    for path in [
        paths::MANAGER,
        paths::seat(paths::SEAT0).as_str(),
        paths::LAINOS,
    ]
    .into_iter()
    .chain(fixed.iter().map(String::as_str))
    {
        properties::install(server, path)
            .await
            .with_context(|| format!("Properties on {path}"))?;
    }
    // The name last, so no call reaches a half-built service.
    conn.request_name(paths::BUS_NAME)
        .await
        .context("owning org.freedesktop.login1")?;
    tracing::info!(unique = ?conn.unique_name(), "serving org.freedesktop.login1");
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = term.recv() => tracing::info!("SIGTERM, exiting"),
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT, exiting"),
    }
    Ok(())
}
