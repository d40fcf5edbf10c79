//! A minimal syslog client writing RFC 3164 datagrams to `/dev/log`.
//!
//! Written here rather than through libc `syslog()` so the calls it makes (`socket`,
//! `connect`, `sendto`) are known and allow-listed in the seccomp filters, and so no
//! untrusted text can reach the log without passing [`crate::sanitize`].

use std::io;
use std::os::unix::net::UnixDatagram;
use std::path::{Path, PathBuf};

/// Severity of a syslog message (RFC 5424 numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error = 3,
    Warning = 4,
    Notice = 5,
    Info = 6,
    Debug = 7,
}

/// Facility `daemon` (3), as the C daemons used.
const FACILITY_DAEMON: u8 = 3;

/// A syslog connection. When the socket is absent (no syslog daemon yet) messages are
/// kept on stderr through `tracing`, and the connection is retried on the next message.
#[derive(Debug)]
pub struct Syslog {
    path: PathBuf,
    ident: String,
    pid: u32,
    socket: Option<UnixDatagram>,
}

impl Syslog {
    /// Prepares a client for `path` (normally `/dev/log`) with the given ident.
    pub fn new(path: impl Into<PathBuf>, ident: &str) -> Self {
        let mut s = Self {
            path: path.into(),
            ident: ident.to_owned(),
            pid: std::process::id(),
            socket: None,
        };
        let _ = s.connect();
        s
    }

    fn connect(&mut self) -> io::Result<()> {
        let sock = UnixDatagram::unbound()?;
        sock.connect(&self.path)?;
        sock.set_nonblocking(true)?;
        self.socket = Some(sock);
        Ok(())
    }

    /// The socket path this client writes to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Sends one message. `message` must already be sanitised; this function only frames
    /// it. Returns whether syslog accepted it.
    pub fn send(&mut self, severity: Severity, message: &str) -> bool {
        let line = format!(
            "<{}>{}[{}]: {}",
            FACILITY_DAEMON * 8 + severity as u8,
            self.ident,
            self.pid,
            message
        );
        for attempt in 0..2 {
            if self.socket.is_none() && self.connect().is_err() {
                break;
            }
            if let Some(sock) = &self.socket {
                match sock.send(line.as_bytes()) {
                    Ok(_) => return true,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => return false,
                    Err(_) if attempt == 0 => self.socket = None,
                    Err(_) => break,
                }
            }
        }
        tracing::debug!(path = %self.path.display(), "syslog unavailable; message kept on stderr only");
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_rfc3164_with_daemon_facility() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let server = UnixDatagram::bind(&path).unwrap();
        let mut log = Syslog::new(&path, "lainos-test");
        assert!(log.send(Severity::Info, "hello"));
        let mut buf = [0u8; 256];
        let n = server.recv(&mut buf).unwrap();
        let got = std::str::from_utf8(&buf[..n]).unwrap();
        assert_eq!(
            got,
            format!("<30>lainos-test[{}]: hello", std::process::id())
        );
    }

    #[test]
    fn missing_socket_is_not_fatal() {
        let mut log = Syslog::new("/nonexistent/dev-log", "x");
        assert!(!log.send(Severity::Error, "lost"));
    }
}
