//! The privileged helper.
//!
//! The bus-facing bridge runs as `lainos-login1` with no capabilities. The few things
//! that need root are done by this helper, started by the bridge before it drops
//! privileges and connected to it by a socketpair (its stdin). It understands exactly
//! these line requests and nothing else:
//!
//! | request | action |
//! |---|---|
//! | `runtime-create <uid>` | create `/run/user/<uid>` 0700, owned by uid and its primary gid |
//! | `runtime-remove <uid>` | remove `/run/user/<uid>` and its content |
//! | `poweroff`, `reboot`, `halt` | `openrc-shutdown -p now`, `-r now`, `-H now` |
//! | `suspend` | write `mem` (or `freeze`) to `/sys/power/state` |
//!
//! and answers `ok` or `err <message>`. It exits when the bridge closes the socket.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

/// Where the helper acts; fixed by the bridge's command line, never by the bus.
#[derive(Debug, Clone)]
pub struct HelperConfig {
    /// Base of the runtime directories, `/run/user`.
    pub runtime_base: PathBuf,
    /// `openrc-shutdown`.
    pub shutdown_command: PathBuf,
    /// The kernel's sleep interface, `/sys/power/state`.
    pub sleep_state: PathBuf,
}

/// A request to the helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    RuntimeCreate(u32),
    RuntimeRemove(u32),
    PowerOff,
    Reboot,
    Halt,
    Suspend,
}

impl Request {
    fn encode(self) -> String {
        match self {
            Self::RuntimeCreate(u) => format!("runtime-create {u}\n"),
            Self::RuntimeRemove(u) => format!("runtime-remove {u}\n"),
            Self::PowerOff => "poweroff\n".into(),
            Self::Reboot => "reboot\n".into(),
            Self::Halt => "halt\n".into(),
            Self::Suspend => "suspend\n".into(),
        }
    }

    fn decode(line: &str) -> Option<Self> {
        let mut words = line.split_ascii_whitespace();
        let req = match (words.next()?, words.next()) {
            ("runtime-create", Some(u)) => Self::RuntimeCreate(u.parse().ok()?),
            ("runtime-remove", Some(u)) => Self::RuntimeRemove(u.parse().ok()?),
            ("poweroff", None) => Self::PowerOff,
            ("reboot", None) => Self::Reboot,
            ("halt", None) => Self::Halt,
            ("suspend", None) => Self::Suspend,
            _ => return None,
        };
        words.next().is_none().then_some(req)
    }
}

/// Runs the helper loop on `stream` until it closes.
pub fn serve(stream: UnixStream, config: &HelperConfig) -> std::io::Result<()> {
    let mut writer = stream.try_clone()?;
    for line in BufReader::new(stream).lines() {
        let line = line?;
        let answer = match Request::decode(&line) {
            Some(req) => match execute(req, config) {
                Ok(()) => "ok\n".to_owned(),
                Err(e) => format!("err {}\n", e.replace('\n', " ")),
            },
            None => {
                tracing::warn!("helper: refused malformed request");
                "err malformed request\n".to_owned()
            }
        };
        writer.write_all(answer.as_bytes())?;
    }
    Ok(())
}

fn execute(req: Request, config: &HelperConfig) -> Result<(), String> {
    tracing::info!(?req, "helper request");
    match req {
        Request::RuntimeCreate(uid) => create_runtime_dir(&config.runtime_base, uid),
        Request::RuntimeRemove(uid) => remove_runtime_dir(&config.runtime_base, uid),
        Request::PowerOff => shutdown(&config.shutdown_command, "-p"),
        Request::Reboot => shutdown(&config.shutdown_command, "-r"),
        Request::Halt => shutdown(&config.shutdown_command, "-H"),
        Request::Suspend => suspend(&config.sleep_state),
    }
}

/// Creates `<base>/<uid>` as a directory 0700 owned by the user, refusing symlinks and
/// repairing owner and mode of an existing directory.
pub fn create_runtime_dir(base: &Path, uid: u32) -> Result<(), String> {
    let user = nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
        .map_err(|e| format!("looking up uid {uid}: {e}"))?
        .ok_or_else(|| format!("uid {uid} has no passwd entry"))?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(base)
        .map_err(|e| format!("creating {}: {e}", base.display()))?;
    let dir = base.join(uid.to_string());
    match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(format!("creating {}: {e}", dir.display())),
    }
    let meta = std::fs::symlink_metadata(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !meta.is_dir() {
        return Err(format!("{} exists and is not a directory", dir.display()));
    }
    if meta.uid() != uid || meta.gid() != user.gid.as_raw() {
        std::os::unix::fs::lchown(&dir, Some(uid), Some(user.gid.as_raw()))
            .map_err(|e| format!("chown {}: {e}", dir.display()))?;
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| format!("chmod {}: {e}", dir.display()))?;
    Ok(())
}

/// Removes `<base>/<uid>` (no symlink is followed: `remove_dir_all` unlinks links).
pub fn remove_runtime_dir(base: &Path, uid: u32) -> Result<(), String> {
    let dir = base.join(uid.to_string());
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("removing {}: {e}", dir.display())),
    }
}

fn shutdown(command: &Path, flag: &str) -> Result<(), String> {
    // openrc-shutdown(8): -p poweroff, -r reboot, -H halt, followed by a time.
    let status = std::process::Command::new(command)
        .args([flag, "now"])
        .status()
        .map_err(|e| format!("running {} {flag} now: {e}", command.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} {flag} now: {status}", command.display()))
    }
}

/// The state written to the sleep interface: `mem` if offered, else `freeze`.
pub fn sleep_state_word(states: &str) -> Option<&'static str> {
    let words: Vec<&str> = states.split_ascii_whitespace().collect();
    if words.contains(&"mem") {
        Some("mem")
    } else if words.contains(&"freeze") {
        Some("freeze")
    } else {
        None
    }
}

fn suspend(state_file: &Path) -> Result<(), String> {
    let offered = std::fs::read_to_string(state_file)
        .map_err(|e| format!("reading {}: {e}", state_file.display()))?;
    let word = sleep_state_word(&offered)
        .ok_or_else(|| format!("{} offers no suspend state", state_file.display()))?;
    // The write returns after resume.
    std::fs::write(state_file, word)
        .map_err(|e| format!("writing {word} to {}: {e}", state_file.display()))
}

/// The bridge's side of the socketpair; requests are serialised.
#[derive(Debug)]
pub struct HelperClient {
    inner: tokio::sync::Mutex<(
        tokio::io::BufReader<tokio::net::unix::OwnedReadHalf>,
        tokio::net::unix::OwnedWriteHalf,
    )>,
}

/// A failed helper request.
#[derive(Debug, thiserror::Error)]
pub enum HelperError {
    #[error("privileged helper unreachable")]
    Io(#[from] std::io::Error),
    #[error("privileged helper: {0}")]
    Refused(String),
}

impl HelperClient {
    pub fn new(stream: UnixStream) -> std::io::Result<Self> {
        stream.set_nonblocking(true)?;
        let (r, w) = tokio::net::UnixStream::from_std(stream)?.into_split();
        Ok(Self {
            inner: tokio::sync::Mutex::new((tokio::io::BufReader::new(r), w)),
        })
    }

    pub async fn call(&self, req: Request) -> Result<(), HelperError> {
        let mut guard = self.inner.lock().await;
        let (reader, writer) = &mut *guard;
        writer.write_all(req.encode().as_bytes()).await?;
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Err(HelperError::Io(std::io::ErrorKind::UnexpectedEof.into()));
        }
        match line.trim_end().strip_prefix("err ") {
            None if line.trim_end() == "ok" => Ok(()),
            Some(msg) => Err(HelperError::Refused(msg.to_owned())),
            None => Err(HelperError::Refused(format!("unexpected answer {line:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_and_junk_is_refused() {
        for r in [
            Request::RuntimeCreate(1000),
            Request::RuntimeRemove(0),
            Request::PowerOff,
            Request::Reboot,
            Request::Halt,
            Request::Suspend,
        ] {
            assert_eq!(Request::decode(r.encode().trim_end()), Some(r));
        }
        for junk in [
            "",
            "runtime-create",
            "runtime-create -1",
            "runtime-create 1 2",
            "poweroff now",
            "rm -rf /",
            "runtime-create ../1",
        ] {
            assert_eq!(Request::decode(junk), None, "{junk}");
        }
    }

    #[test]
    fn sleep_state_choice() {
        assert_eq!(sleep_state_word("freeze mem disk\n"), Some("mem"));
        assert_eq!(sleep_state_word("freeze\n"), Some("freeze"));
        assert_eq!(sleep_state_word("disk\n"), None);
        assert_eq!(sleep_state_word(""), None);
    }

    #[test]
    fn helper_runs_the_fake_shutdown_with_openrc_syntax() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("args");
        let script = dir.path().join("openrc-shutdown");
        std::fs::write(
            &script,
            format!("#!/bin/sh\necho \"$@\" >> {}\n", log.display()),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let state = dir.path().join("state");
        std::fs::write(&state, "freeze mem disk\n").unwrap();
        let config = HelperConfig {
            runtime_base: dir.path().join("run-user"),
            shutdown_command: script,
            sleep_state: state.clone(),
        };
        execute(Request::PowerOff, &config).unwrap();
        execute(Request::Reboot, &config).unwrap();
        execute(Request::Halt, &config).unwrap();
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "-p now\n-r now\n-H now\n"
        );
        execute(Request::Suspend, &config).unwrap();
        assert_eq!(std::fs::read_to_string(&state).unwrap(), "mem");
    }
}
