//! The notify socket and its receive loop.

use std::collections::HashMap;
use std::io::IoSliceMut;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nix::sys::socket::{
    ControlMessageOwned, MsgFlags, UnixCredentials, recvmsg, setsockopt, sockopt,
};
use nix::sys::stat::{Mode, umask};
use nix::unistd::{Gid, Uid, chown};
use p7_common::sanitize::escape_untrusted;
use p7_common::syslog::{Severity, Syslog};

use crate::parse::{Field, Notification, Problem, parse};
use crate::ratelimit::RateLimiter;

/// Largest datagram accepted; systemd uses the same bound (`PIPE_BUF`). Larger ones are
/// detected with `MSG_TRUNC` and dropped whole.
pub const MAX_DATAGRAM: usize = 4096;
/// SCM_MAX_FD of Linux: the most fds one message can carry.
const MAX_FDS: usize = 253;
/// Senders whose state is remembered (status, watchdog).
const MAX_SENDERS: usize = 1024;

/// Errors setting up the socket.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    #[error("`{0}` is a non-empty directory; remove it (old lainos-ghost-units created it)")]
    DirectoryInTheWay(PathBuf),
    #[error("{action} `{path}` failed")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{action} failed on the notify socket")]
    Sys {
        action: &'static str,
        #[source]
        source: nix::Error,
    },
}

/// Binds the datagram socket at `path`, owned by root and `group`, mode 0660, with
/// `SO_PASSCRED` so every datagram carries the kernel-checked pid/uid/gid of its sender.
pub fn bind(path: &Path, group: Option<Gid>) -> Result<UnixDatagram, SinkError> {
    let io = |action: &'static str| {
        let path = path.to_owned();
        move |source| SinkError::Io {
            action,
            path,
            source,
        }
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io("creating the parent of"))?;
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            std::fs::remove_dir(path).map_err(|_| SinkError::DirectoryInTheWay(path.to_owned()))?;
            tracing::warn!(path = %path.display(), "removed an empty directory in the socket's place");
        }
        Ok(_) => std::fs::remove_file(path).map_err(io("removing the stale"))?,
        Err(_) => {}
    }
    // No window in which the socket is wider open than 0660.
    let old = umask(Mode::from_bits_truncate(0o117));
    let sock = UnixDatagram::bind(path);
    umask(old);
    let sock = sock.map_err(io("binding"))?;
    if let Some(gid) = group {
        chown(path, Some(Uid::from_raw(0)), Some(gid)).map_err(|source| SinkError::Sys {
            action: "chown",
            source,
        })?;
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660)).map_err(io("chmod"))?;
    setsockopt(&sock, sockopt::PassCred, &true).map_err(|source| SinkError::Sys {
        action: "SO_PASSCRED",
        source,
    })?;
    Ok(sock)
}

/// Sender identity from SCM_CREDENTIALS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sender {
    pub pid: i32,
    pub uid: u32,
    pub gid: u32,
}

/// What one `recvmsg` produced.
#[derive(Debug)]
pub enum Received {
    /// A complete datagram.
    Datagram {
        sender: Sender,
        payload: Vec<u8>,
        fds: usize,
    },
    /// The datagram was larger than [`MAX_DATAGRAM`].
    Truncated {
        sender: Option<Sender>,
        size: usize,
        fds: usize,
    },
    /// No credentials arrived (cannot happen with SO_PASSCRED; kept as a guard).
    Anonymous { fds: usize },
}

/// Receives one datagram. Passed fds are closed before this returns, whatever the
/// message says; the count is reported.
pub fn receive(sock: &UnixDatagram) -> nix::Result<Received> {
    let mut buf = vec![0u8; MAX_DATAGRAM];
    let mut cmsg = nix::cmsg_space!(UnixCredentials, [RawFd; MAX_FDS]);
    let (size, truncated, sender, fds) = {
        let mut iov = [IoSliceMut::new(&mut buf)];
        let msg = recvmsg::<()>(
            sock.as_fd().as_raw_fd(),
            &mut iov,
            Some(&mut cmsg),
            MsgFlags::MSG_CMSG_CLOEXEC | MsgFlags::MSG_TRUNC,
        )?;
        let truncated = msg
            .flags
            .intersects(MsgFlags::MSG_TRUNC | MsgFlags::MSG_CTRUNC)
            || msg.bytes > MAX_DATAGRAM;
        let mut sender = None;
        let mut fds = Vec::new();
        for c in msg.cmsgs()? {
            match c {
                ControlMessageOwned::ScmCredentials(cred) => {
                    sender = Some(Sender {
                        pid: cred.pid(),
                        uid: cred.uid(),
                        gid: cred.gid(),
                    });
                }
                ControlMessageOwned::ScmRights(received) => fds.extend(received),
                _ => {}
            }
        }
        (msg.bytes, truncated, sender, fds)
    };
    let nfds = fds.len();
    for fd in fds {
        // SAFETY: the kernel just installed this descriptor in our table for us
        // (SCM_RIGHTS); nothing else owns it. Dropping the OwnedFd closes it.
        #[allow(unsafe_code)]
        drop(unsafe { OwnedFd::from_raw_fd(fd) });
    }
    if truncated {
        return Ok(Received::Truncated {
            sender,
            size,
            fds: nfds,
        });
    }
    let Some(sender) = sender else {
        return Ok(Received::Anonymous { fds: nfds });
    };
    buf.truncate(size);
    Ok(Received::Datagram {
        sender,
        payload: buf,
        fds: nfds,
    })
}

/// What the sink remembers per sender pid.
#[derive(Debug, Clone, Default)]
struct SenderState {
    ready: bool,
    status: Option<String>,
    watchdog_usec: Option<u64>,
    last_ping: Option<Instant>,
    overdue_logged: bool,
    seen: Option<Instant>,
}

/// The daemon state: limiter, per-sender state, syslog.
#[derive(Debug)]
pub struct Sink {
    limiter: RateLimiter,
    senders: HashMap<i32, SenderState>,
    syslog: Syslog,
    /// Counters for tests and the final log line.
    pub stats: Stats,
}

/// Counters of what the sink did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub accepted: u64,
    pub rate_limited: u64,
    pub truncated: u64,
    pub fds_closed: u64,
}

impl Sink {
    pub fn new(syslog: Syslog, rate_per_sec: u32, burst: u32) -> Self {
        Self {
            limiter: RateLimiter::new(rate_per_sec, burst),
            senders: HashMap::new(),
            syslog,
            stats: Stats::default(),
        }
    }

    fn log(&mut self, severity: Severity, message: &str) {
        match severity {
            Severity::Error => tracing::error!("{message}"),
            Severity::Warning => tracing::warn!("{message}"),
            Severity::Debug => tracing::debug!("{message}"),
            _ => tracing::info!("{message}"),
        }
        self.syslog.send(severity, message);
    }

    /// Handles one receive result at time `now`.
    pub fn handle(&mut self, received: Received, now: Instant) {
        match received {
            Received::Truncated { sender, size, fds } => {
                self.stats.truncated += 1;
                self.stats.fds_closed += fds as u64;
                let who = sender.map_or_else(
                    || "unknown sender".to_owned(),
                    |s| format!("pid {} uid {}", s.pid, s.uid),
                );
                self.log(
                    Severity::Warning,
                    &format!("dropped oversized datagram from {who}: {size} bytes (limit {MAX_DATAGRAM}), {fds} fds closed"),
                );
            }
            Received::Anonymous { fds } => {
                self.stats.fds_closed += fds as u64;
                self.log(
                    Severity::Warning,
                    "dropped datagram without sender credentials",
                );
            }
            Received::Datagram {
                sender,
                payload,
                fds,
            } => {
                self.stats.fds_closed += fds as u64;
                if !self.limiter.allow(sender.uid, now) {
                    self.stats.rate_limited += 1;
                    return;
                }
                let dropped = self.limiter.take_dropped(sender.uid);
                if dropped > 0 {
                    self.log(
                        Severity::Warning,
                        &format!(
                            "rate limit: dropped {dropped} datagrams from uid {}",
                            sender.uid
                        ),
                    );
                }
                self.stats.accepted += 1;
                let n = parse(&payload);
                self.apply(sender, &n, fds, now);
            }
        }
    }

    fn apply(&mut self, sender: Sender, n: &Notification, fds: usize, now: Instant) {
        let who = format!("pid {} uid {} gid {}", sender.pid, sender.uid, sender.gid);
        if self.senders.len() >= MAX_SENDERS && !self.senders.contains_key(&sender.pid) {
            // Forget the sender heard from longest ago.
            if let Some(oldest) = self
                .senders
                .iter()
                .min_by_key(|(_, s)| s.seen)
                .map(|(p, _)| *p)
            {
                self.senders.remove(&oldest);
            }
        }
        let mut messages: Vec<(Severity, String)> = Vec::new();
        {
            let st = self.senders.entry(sender.pid).or_default();
            st.seen = Some(now);
            for f in &n.fields {
                let (sev, text) = match f {
                    Field::Ready => {
                        st.ready = true;
                        (Severity::Info, "READY".to_owned())
                    }
                    Field::Reloading => (Severity::Info, "RELOADING".to_owned()),
                    Field::Stopping => (Severity::Info, "STOPPING".to_owned()),
                    Field::Status(s) => {
                        st.status = Some(s.clone());
                        (
                            Severity::Info,
                            format!("STATUS={}", escape_untrusted(s.as_bytes(), 512)),
                        )
                    }
                    Field::Errno(e) => (
                        Severity::Error,
                        format!(
                            "ERRNO={e} ({})",
                            nix::errno::Errno::from_raw(*e as i32).desc()
                        ),
                    ),
                    Field::BusError(s) => (
                        Severity::Error,
                        format!("BUSERROR={}", escape_untrusted(s.as_bytes(), 256)),
                    ),
                    Field::VarlinkError(s) => (
                        Severity::Error,
                        format!("VARLINKERROR={}", escape_untrusted(s.as_bytes(), 256)),
                    ),
                    Field::ExitStatus(s) => (
                        Severity::Notice,
                        format!("EXIT_STATUS={}", escape_untrusted(s.as_bytes(), 64)),
                    ),
                    Field::MainPid(p) => (Severity::Info, format!("MAINPID={p}")),
                    Field::Watchdog => {
                        st.last_ping = Some(now);
                        st.overdue_logged = false;
                        (Severity::Debug, "WATCHDOG ping".to_owned())
                    }
                    Field::WatchdogTrigger => (
                        Severity::Warning,
                        "WATCHDOG=trigger: service reports itself hung".to_owned(),
                    ),
                    Field::WatchdogUsec(u) => {
                        st.watchdog_usec = (*u > 0).then_some(*u);
                        st.last_ping = Some(now);
                        (Severity::Info, format!("WATCHDOG_USEC={u}"))
                    }
                    Field::FdStore => (
                        Severity::Notice,
                        format!(
                            "FDSTORE requested with {fds} fds: no fd store under OpenRC, fds closed"
                        ),
                    ),
                    Field::Other { key, value } => (
                        Severity::Info,
                        format!("{key}={}", escape_untrusted(value.as_bytes(), 256)),
                    ),
                    other => (
                        Severity::Debug,
                        escape_untrusted(format!("{other:?}").as_bytes(), 256),
                    ),
                };
                messages.push((sev, text));
            }
        }
        for p in &n.problems {
            let text = match p {
                Problem::NoAssignment { line } => {
                    format!("ignored line without '=': {}", escape_untrusted(line, 128))
                }
                Problem::BadKey { key } => {
                    format!("ignored invalid key {}", escape_untrusted(key, 64))
                }
                Problem::BadValue { key } => {
                    format!("ignored {key}: value not UTF-8 or contains NUL")
                }
                Problem::Invalid { key, value } => format!(
                    "ignored {key}={}: invalid value",
                    escape_untrusted(value.as_bytes(), 64)
                ),
            };
            messages.push((Severity::Warning, text));
        }
        if fds > 0 && !n.wants_fdstore() {
            messages.push((Severity::Warning, format!("closed {fds} unexpected fds")));
        }
        for (sev, text) in messages {
            self.log(sev, &format!("{who}: {text}"));
        }
    }

    /// Logs every sender whose watchdog interval has passed without a ping (once per
    /// miss). Returns how many were overdue.
    pub fn check_watchdogs(&mut self, now: Instant) -> usize {
        let mut overdue = Vec::new();
        for (pid, st) in &mut self.senders {
            if let (Some(usec), Some(last)) = (st.watchdog_usec, st.last_ping) {
                if !st.overdue_logged && now.duration_since(last) > Duration::from_micros(usec) {
                    st.overdue_logged = true;
                    overdue.push((*pid, usec));
                }
            }
        }
        for (pid, usec) in &overdue {
            self.log(
                Severity::Warning,
                &format!("pid {pid}: watchdog timeout, no WATCHDOG=1 within {usec} usec"),
            );
        }
        overdue.len()
    }

    /// Last STATUS= text of a sender.
    pub fn status_of(&self, pid: i32) -> Option<&str> {
        self.senders.get(&pid).and_then(|s| s.status.as_deref())
    }

    /// Whether a sender said READY=1.
    pub fn is_ready(&self, pid: i32) -> bool {
        self.senders.get(&pid).is_some_and(|s| s.ready)
    }
}

/// Receives forever, checking watchdogs every second.
pub fn run(sock: &UnixDatagram, sink: &mut Sink) -> std::io::Result<()> {
    sock.set_read_timeout(Some(Duration::from_secs(1)))?;
    loop {
        match receive(sock) {
            Ok(r) => sink.handle(r, Instant::now()),
            Err(nix::errno::Errno::EAGAIN | nix::errno::Errno::EINTR) => {}
            Err(e) => tracing::warn!(error = %e, "recvmsg failed"),
        }
        sink.check_watchdogs(Instant::now());
    }
}
