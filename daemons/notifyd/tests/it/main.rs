//! lainos-notifyd as root on a real socket: the real `systemd-notify` client, raw
//! datagrams (malformed, oversized, fd-carrying, floods), the syslog output captured on a
//! test socket. Needs root, the group `notify` and the users `lainos-notifyd`, `p7-bob`
//! (created by `tests/setup.sh`); fails without them.

use std::io::{IoSlice, Read};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use nix::sys::socket::{ControlMessage, MsgFlags, UnixAddr, sendmsg};
use p7_common::harden::ProcStatus;

struct Fixture {
    dir: tempfile::TempDir,
    log: UnixDatagram,
    daemon: Child,
    lines: Vec<String>,
}

fn gid_of(group: &str) -> u32 {
    nix::unistd::Group::from_name(group)
        .unwrap()
        .unwrap_or_else(|| panic!("group `{group}` missing; tests/setup.sh creates it"))
        .gid
        .as_raw()
}

fn uid_of(user: &str) -> u32 {
    nix::unistd::User::from_name(user)
        .unwrap()
        .unwrap_or_else(|| panic!("user `{user}` missing; tests/setup.sh creates it"))
        .uid
        .as_raw()
}

impl Fixture {
    fn start() -> Self {
        assert!(
            nix::unistd::Uid::effective().is_root(),
            "lainos-notifyd tests need root (bind, chown, privilege drop)"
        );
        uid_of("lainos-notifyd");
        let dir = tempfile::Builder::new()
            .prefix("p7-notifyd")
            .tempdir()
            .unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let log = UnixDatagram::bind(dir.path().join("log")).unwrap();
        std::fs::set_permissions(
            dir.path().join("log"),
            std::fs::Permissions::from_mode(0o666),
        )
        .unwrap();
        log.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let daemon = Command::new(env!("CARGO_BIN_EXE_lainos-notifyd"))
            .arg("--socket")
            .arg(dir.path().join("notify"))
            .arg("--syslog-socket")
            .arg(dir.path().join("log"))
            .args(["--rate", "50", "--burst", "100"])
            .stderr(std::fs::File::create(dir.path().join("stderr")).unwrap())
            .spawn()
            .unwrap();
        let f = Self {
            dir,
            log,
            daemon,
            lines: Vec::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while ProcStatus::read_pid(f.daemon.id()).map(|s| s.seccomp).ok() != Some(2) {
            assert!(
                Instant::now() < deadline,
                "notifyd did not start:\n{}",
                f.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        f
    }

    fn socket(&self) -> PathBuf {
        self.dir.path().join("notify")
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("stderr")).unwrap_or_default()
    }

    /// Collects syslog datagrams until one contains `needle` (10 s at most).
    fn expect_log(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(l) = self.lines.iter().find(|l| l.contains(needle)) {
                return l.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no syslog line with {needle:?}; got:\n{}\nstderr:\n{}",
                self.lines.join("\n"),
                self.stderr()
            );
            self.recv_one();
        }
    }

    /// Receives one syslog datagram if one comes within the socket's 100 ms timeout.
    fn recv_one(&mut self) {
        let mut buf = [0u8; 8192];
        if let Ok(n) = self.log.recv(&mut buf) {
            let raw = &buf[..n];
            assert!(
                !raw.iter().any(|b| *b == b'\n' || *b == 0x1b || *b == 0),
                "unneutralised control byte in {raw:?}"
            );
            self.lines
                .push(String::from_utf8(raw.to_vec()).expect("syslog lines are UTF-8"));
        }
    }

    /// Reads syslog datagrams for `dur`, as a syslog daemon would: the sender's socket
    /// buffer holds only about a hundred unread datagrams, and notifyd (rightly) drops a
    /// log line rather than block when the log socket is full.
    fn drain_for(&mut self, dur: Duration) {
        let deadline = Instant::now() + dur;
        while Instant::now() < deadline {
            self.recv_one();
        }
    }

    fn send(&self, payload: &[u8]) {
        let s = UnixDatagram::unbound().unwrap();
        s.send_to(payload, self.socket()).unwrap();
    }

    fn send_with_fds(&self, payload: &[u8], fds: &[i32]) {
        let s = UnixDatagram::unbound().unwrap();
        let addr = UnixAddr::new(&self.socket()).unwrap();
        let cmsg = [ControlMessage::ScmRights(fds)];
        sendmsg(
            s.as_raw_fd(),
            &[IoSlice::new(payload)],
            &cmsg,
            MsgFlags::empty(),
            Some(&addr),
        )
        .unwrap();
    }

    fn systemd_notify(&self, setpriv: &[String], args: &[&str]) -> Output {
        let mut cmd = if setpriv.is_empty() {
            Command::new("systemd-notify")
        } else {
            let mut c = Command::new("setpriv");
            c.args(setpriv).arg("systemd-notify");
            c
        };
        cmd.env("NOTIFY_SOCKET", self.socket())
            .args(args)
            .output()
            .expect("systemd-notify (package systemd) must be installed")
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[test]
fn socket_is_root_notify_0660_and_daemon_is_unprivileged() {
    let f = Fixture::start();
    let m = std::fs::metadata(f.socket()).unwrap();
    assert!(m.file_type().is_socket());
    assert_eq!(
        (m.uid(), m.gid(), m.mode() & 0o7777),
        (0, gid_of("notify"), 0o660)
    );
    let st = ProcStatus::read_pid(f.daemon.id()).unwrap();
    st.check_unprivileged(uid_of("lainos-notifyd")).unwrap();
    assert!(st.no_new_privs);
    assert_eq!(st.seccomp, 2);
}

#[test]
fn systemd_notify_is_understood_and_group_controls_access() {
    let mut f = Fixture::start();
    let out = f.systemd_notify(&[], &["--ready", "--status=Serving 3 clients"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = f.expect_log("STATUS=Serving 3 clients");
    assert!(
        line.starts_with("<30>lainos-notifyd["),
        "syslog framing, facility daemon: {line}"
    );
    assert!(
        line.contains("uid 0 gid 0"),
        "sender credentials from the kernel: {line}"
    );
    f.expect_log(": READY");

    // A user outside `notify` cannot reach the socket; inside it can.
    let bob = uid_of("p7-bob");
    let base = vec![format!("--reuid={bob}"), format!("--regid={bob}")];
    let mut outside = base.clone();
    outside.push("--clear-groups".into());
    let out = f.systemd_notify(&outside, &["--status=from outside"]);
    assert!(
        !out.status.success(),
        "p7-bob without group notify must get EACCES"
    );
    let mut inside = base;
    inside.push(format!("--groups={}", gid_of("notify")));
    let out = f.systemd_notify(&inside, &["--status=from bob"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = f.expect_log("STATUS=from bob");
    assert!(line.contains(&format!("uid {bob}")), "{line}");
}

#[test]
fn malformed_datagrams_are_reported_and_cannot_forge_log_lines() {
    let mut f = Fixture::start();
    f.send(b"garbage\n<13>fake[1]: root logged in\x1b[2J\nREADY=yes\nmainpid=3\nSTATUS=tab\there\x7f\xff\nX_CUSTOM=1\nERRNO=5");
    f.expect_log("ignored line without '=': garbage");
    f.expect_log("ignored line without '=': <13>fake[1]: root logged in\\x1b[2J");
    f.expect_log("ignored READY=yes: invalid value");
    f.expect_log("ignored invalid key mainpid");
    f.expect_log("ignored STATUS: value not UTF-8 or contains NUL");
    f.expect_log("ERRNO=5 (");
    f.expect_log(": X_CUSTOM=1");
    f.send(b"STATUS=tab\there\x7f\xc2\x85 and \\ backslash");
    f.expect_log("STATUS=tab\\x09here\\x7f\\xc2\\x85 and \\\\ backslash");
    f.send(b"");
    f.send(b"\n\n");
    f.send(b"WATCHDOG=1");
    f.send(b"READY=1");
    f.expect_log(": READY");
}

#[test]
fn oversized_datagrams_are_detected_as_truncated() {
    let mut f = Fixture::start();
    let mut big = b"STATUS=".to_vec();
    big.resize(10_000, b'x');
    f.send(&big);
    f.expect_log("dropped oversized datagram from pid");
    f.expect_log("10000 bytes (limit 4096)");
    assert!(
        !f.lines.iter().any(|l| l.contains("STATUS=xxx")),
        "a truncated datagram must not be parsed"
    );
}

#[test]
fn passed_file_descriptors_are_closed() {
    let mut f = Fixture::start();
    let (mut r1, w1) = std::io::pipe().unwrap();
    f.send_with_fds(
        b"FDSTORE=1\nFDNAME=listener",
        &[OwnedFd::from(w1).as_raw_fd()],
    );
    // The OwnedFd above is already dropped; the only write end left is notifyd's copy.
    let (mut r2, w2) = std::io::pipe().unwrap();
    let w2: OwnedFd = w2.into();
    let d1 = nix::unistd::dup(&w2).unwrap();
    let d2 = nix::unistd::dup(&w2).unwrap();
    f.send_with_fds(
        b"STATUS=with fds",
        &[w2.as_raw_fd(), d1.as_raw_fd(), d2.as_raw_fd()],
    );
    drop((w2, d1, d2));
    f.expect_log("FDSTORE requested with 1 fds: no fd store under OpenRC, fds closed");
    f.expect_log("closed 3 unexpected fds");
    // EOF on the read ends proves notifyd closed every received copy.
    let mut buf = [0u8; 8];
    assert_eq!(r1.read(&mut buf).unwrap(), 0);
    assert_eq!(r2.read(&mut buf).unwrap(), 0);
}

#[test]
fn floods_are_rate_limited_and_the_daemon_survives() {
    let mut f = Fixture::start();
    let s = UnixDatagram::unbound().unwrap();
    for i in 0..2000 {
        let _ = s.send_to(format!("STATUS=flood {i}").as_bytes(), f.socket());
    }
    f.drain_for(Duration::from_millis(1200));
    f.send(b"STATUS=after the flood");
    f.expect_log("rate limit: dropped");
    f.expect_log("STATUS=after the flood");
    let accepted = f
        .lines
        .iter()
        .filter(|l| l.contains("STATUS=flood"))
        .count();
    assert!(
        accepted < 400,
        "{accepted} flood datagrams were logged; the limit is 100 + 50/s"
    );
    assert!(
        ProcStatus::read_pid(f.daemon.id()).is_ok(),
        "notifyd died:\n{}",
        f.stderr()
    );
}

#[test]
fn missed_watchdog_pings_are_reported() {
    let mut f = Fixture::start();
    f.send(b"READY=1\nWATCHDOG_USEC=200000");
    f.expect_log("WATCHDOG_USEC=200000");
    f.expect_log("watchdog timeout, no WATCHDOG=1 within 200000 usec");
}
