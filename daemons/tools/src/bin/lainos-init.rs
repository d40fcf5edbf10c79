//! lainos-init: the session starter greetd runs as the user.
//!
//! 1. refuses root; picks the compositor from the allow-list;
//! 2. registers the session with lainos-dbus-bridge (`OpenSession`), which creates
//!    `/run/user/$UID` 0700 for the user; checks that directory;
//! 3. builds a fresh environment (`lainos_p7_tools::session::build_env`);
//! 4. execs the compositor (under `dbus-run-session` when no session bus exists), so the
//!    compositor keeps this pid and the bridge ends the session when it exits.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;
use lainos_p7_tools::session::{self, SessionFacts, SessionUser};
use zbus::zvariant::OwnedObjectPath;

#[derive(Debug, Parser)]
#[command(name = "lainos-init", version, about)]
struct Args {
    /// Allow-list of compositors (absolute paths, one per line).
    #[arg(long, default_value = "/etc/lainos/compositors")]
    allow_list: PathBuf,
    /// Compositor to start (must be allow-listed); default `$P7_COMPOSITOR`, else the
    /// first installed entry.
    #[arg(long)]
    compositor: Option<String>,
    /// dbus-run-session, used when `$XDG_RUNTIME_DIR/bus` does not exist.
    #[arg(long, default_value = "/usr/bin/dbus-run-session")]
    dbus_run_session: PathBuf,
    /// Arguments for the compositor.
    #[arg(last = true)]
    compositor_args: Vec<String>,
}

fn main() -> ExitCode {
    p7_common::logging::init();
    match run(Args::parse()) {
        Ok(never) => match never {},
        Err(e) => {
            tracing::error!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

fn executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// VT number and tty name of stdin (`/dev/tty2` → 2, "tty2").
fn controlling_vt() -> (u32, String) {
    let tty = std::fs::read_link("/proc/self/fd/0")
        .ok()
        .and_then(|p| p.to_str().map(str::to_owned))
        .unwrap_or_default();
    let name = tty.strip_prefix("/dev/").unwrap_or("").to_owned();
    let vt = std::env::var("XDG_VTNR")
        .ok()
        .and_then(|v| v.parse().ok())
        .or_else(|| name.strip_prefix("tty").and_then(|n| n.parse().ok()))
        .unwrap_or(0);
    let is_tty = name.starts_with("tty") || name.starts_with("pts/");
    let name = if is_tty && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'/') {
        name
    } else {
        String::new()
    };
    (vt, name)
}

async fn open_session(desktop: &str, vt: u32, tty: &str) -> anyhow::Result<(String, PathBuf)> {
    let conn = zbus::Connection::system()
        .await
        .context("connecting to the system bus")?;
    let reply = conn
        .call_method(
            Some("org.freedesktop.login1"),
            "/org/lainos/Protocol7",
            Some("org.lainos.Protocol7.Sessions1"),
            "OpenSession",
            &(desktop, "wayland", vt, tty),
        )
        .await
        .context("OpenSession on lainos-dbus-bridge")?;
    let (id, _path, runtime): (String, OwnedObjectPath, String) = reply.body().deserialize()?;
    Ok((id, PathBuf::from(runtime)))
}

fn run(args: Args) -> anyhow::Result<std::convert::Infallible> {
    let uid = nix::unistd::Uid::current();
    if uid.is_root() {
        bail!(session::SessionError::Root);
    }
    let user = nix::unistd::User::from_uid(uid)?
        .with_context(|| format!("uid {uid} has no passwd entry"))?;
    let allow = session::load_allow_list(&args.allow_list)?;
    let requested = args
        .compositor
        .clone()
        .or_else(|| std::env::var("P7_COMPOSITOR").ok());
    let compositor = session::choose_compositor(requested.as_deref(), &allow, executable)?;
    let desktop = compositor
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (vt, tty) = controlling_vt();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (id, runtime_dir) = match runtime.block_on(open_session(&desktop, vt, &tty)) {
        Ok((id, dir)) => (Some(id), dir),
        Err(e) => {
            // Without the bridge there is no session object, but a runtime directory
            // made by someone else (pam_rundir) is still usable.
            tracing::warn!("{e:#}; continuing without a login1 session");
            (None, PathBuf::from(format!("/run/user/{}", uid.as_raw())))
        }
    };
    drop(runtime);
    session::check_runtime_dir(&runtime_dir, uid.as_raw()).map_err(anyhow::Error::msg)?;
    let facts = SessionFacts {
        id: id.clone(),
        runtime_dir: runtime_dir.clone(),
        vtnr: vt,
        desktop,
        session_bus_exists: runtime_dir.join("bus").exists(),
    };
    let su = SessionUser {
        name: user.name.clone(),
        uid: uid.as_raw(),
        home: user.dir.clone(),
        shell: user.shell.clone(),
    };
    let env = session::build_env(&std::env::vars().collect::<Vec<_>>(), &su, &facts);
    let mut cmd = if !facts.session_bus_exists && executable(&args.dbus_run_session) {
        let mut c = std::process::Command::new(&args.dbus_run_session);
        c.arg("--").arg(&compositor);
        c
    } else {
        std::process::Command::new(&compositor)
    };
    cmd.args(&args.compositor_args)
        .env_clear()
        .envs(env)
        .current_dir(&user.dir);
    if !user.dir.is_dir() {
        cmd.current_dir("/");
    }
    tracing::info!(compositor = %compositor.display(), session = ?id, "starting compositor");
    let err = cmd.exec();
    Err(anyhow::Error::from(err).context(format!("exec {}", compositor.display())))
}
