//! Private bus, bridge process and client helpers.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const DEST: &str = "org.freedesktop.login1";
pub const MANAGER: &str = "/org/freedesktop/login1";
pub const MANAGER_IFACE: &str = "org.freedesktop.login1.Manager";

/// Fails the test unless it runs as root with the users it needs.
pub fn require_root_and_users() {
    assert!(
        nix::unistd::Uid::effective().is_root(),
        "this test needs root (privilege drop, /run/user); run tests/daemons.sh as root"
    );
    for u in ["lainos-login1", "p7-alice", "p7-bob"] {
        assert!(
            nix::unistd::User::from_name(u).unwrap().is_some(),
            "user `{u}` missing; tests/setup.sh creates it"
        );
    }
}

/// `lainos-init` from the same target directory (built by `cargo build -p
/// lainos-p7-tools`, which `tests/daemons.sh` does first).
pub fn lainos_init_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("lainos-init");
    assert!(
        bin.exists(),
        "{} missing: run `cargo build -p lainos-p7-tools` first",
        bin.display()
    );
    bin
}

pub fn uid_of(name: &str) -> u32 {
    nix::unistd::User::from_name(name)
        .unwrap()
        .unwrap()
        .uid
        .as_raw()
}

/// A dbus-daemon with the system bus policy and the bridge's policy file, and the bridge.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub address: String,
    bus: Child,
    pub bridge: Child,
}

impl Fixture {
    pub fn start(inhibit_delay_ms: u64) -> Self {
        require_root_and_users();
        let dir = tempfile::Builder::new()
            .prefix("p7-bridge")
            .tempdir()
            .unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/org.freedesktop.login1.conf");
        let default_policy = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/support/system-bus-policy.conf");
        let conf = dir.path().join("system.conf");
        std::fs::write(
            &conf,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={bus}</listen>
  <auth>EXTERNAL</auth>
  <include>{default}</include>
  <include>{policy}</include>
</busconfig>
"#,
                bus = dir.path().join("bus").display(),
                policy = policy.display(),
                default = default_policy.display()
            ),
        )
        .unwrap();
        let mut bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", conf.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (package dbus-daemon) must be installed");
        let mut line = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line.trim().to_owned();
        assert!(address.starts_with("unix:"), "dbus-daemon printed {line:?}");
        let shutdown = dir.path().join("openrc-shutdown");
        std::fs::write(
            &shutdown,
            format!(
                "#!/bin/sh\necho \"$@\" >> {}\n",
                dir.path().join("shutdown.log").display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&shutdown, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(dir.path().join("sleep-state"), "freeze mem\n").unwrap();
        let bridge = Command::new(env!("CARGO_BIN_EXE_lainos-dbus-bridge"))
            .env("DBUS_SYSTEM_BUS_ADDRESS", &address)
            .arg("--shutdown-command")
            .arg(&shutdown)
            .arg("--sleep-state")
            .arg(dir.path().join("sleep-state"))
            .arg("--inhibit-delay-max-ms")
            .arg(inhibit_delay_ms.to_string())
            .stderr(std::fs::File::create(dir.path().join("bridge.log")).unwrap())
            .spawn()
            .unwrap();
        let f = Self {
            dir,
            address,
            bus,
            bridge,
        };
        f.wait_until("the bridge owns org.freedesktop.login1", || {
            f.busctl(None, &["status", DEST]).status.success()
        });
        f
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn bridge_log(&self) -> String {
        std::fs::read_to_string(self.path("bridge.log")).unwrap_or_default()
    }

    pub fn shutdown_log(&self) -> String {
        std::fs::read_to_string(self.path("shutdown.log")).unwrap_or_default()
    }

    /// Polls `cond` for up to 10 s.
    pub fn wait_until(&self, what: &str, mut cond: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if cond() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting until {what}\nbridge log:\n{}",
            self.bridge_log()
        );
    }

    fn client(&self, program: &str, as_user: Option<&str>, args: &[&str]) -> Output {
        let mut cmd = match as_user {
            Some(u) => {
                let uid = uid_of(u);
                let mut c = Command::new("setpriv");
                c.arg(format!("--reuid={uid}"))
                    .arg(format!("--regid={uid}"))
                    .arg("--clear-groups")
                    .arg(program);
                c
            }
            None => Command::new(program),
        };
        cmd.env("DBUS_SYSTEM_BUS_ADDRESS", &self.address)
            .args(args)
            .output()
            .unwrap()
    }

    /// `busctl --system …` against the private bus, optionally as another user.
    pub fn busctl(&self, as_user: Option<&str>, args: &[&str]) -> Output {
        let mut full = vec!["--system", "--no-pager"];
        full.extend_from_slice(args);
        self.client("busctl", as_user, &full)
    }

    /// `busctl call` on the Manager, returning stdout or panicking with stderr.
    pub fn manager_call(&self, as_user: Option<&str>, args: &[&str]) -> Result<String, String> {
        let mut full = vec!["call", DEST, MANAGER, MANAGER_IFACE];
        full.extend_from_slice(args);
        let out = self.busctl(as_user, &full);
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }

    /// `dbus-send --system --print-reply` to a Manager method: libdbus' own client, and
    /// it prints the full error name and message that busctl shortens.
    pub fn dbus_send(
        &self,
        as_user: Option<&str>,
        member: &str,
        args: &[&str],
    ) -> Result<String, String> {
        let mut full = vec![
            "--system".to_owned(),
            "--print-reply".to_owned(),
            format!("--dest={DEST}"),
            MANAGER.to_owned(),
            format!("{MANAGER_IFACE}.{member}"),
        ];
        full.extend(args.iter().map(|a| (*a).to_owned()));
        let full: Vec<&str> = full.iter().map(String::as_str).collect();
        let out = self.client("dbus-send", as_user, &full);
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// `loginctl …` in a private mount namespace where `/run/systemd/system` exists:
    /// loginctl refuses to run otherwise ("not booted with systemd"), and the host's
    /// `/run/systemd` stays untouched (see daemons/README.md on sd_booted()).
    pub fn loginctl(&self, args: &[&str]) -> String {
        std::fs::create_dir_all("/run/systemd").unwrap();
        let out = Command::new("unshare")
            .args(["-m", "sh", "-c", "mount -t tmpfs p7test /run/systemd && mkdir /run/systemd/system && exec loginctl --no-pager \"$@\"", "sh"])
            .args(args)
            .env("DBUS_SYSTEM_BUS_ADDRESS", &self.address)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "loginctl {args:?} failed: {}\nbridge log:\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.bridge_log()
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A zbus client connection (as root).
    pub async fn connect(&self) -> zbus::Connection {
        zbus::connection::Builder::address(self.address.as_str())
            .unwrap()
            .build()
            .await
            .unwrap()
    }

    /// A Manager proxy that does not cache properties (every read is a Get).
    pub async fn manager(&self, conn: &zbus::Connection) -> zbus::Proxy<'static> {
        zbus::proxy::Builder::new(conn)
            .destination(DEST)
            .unwrap()
            .path(MANAGER)
            .unwrap()
            .interface(MANAGER_IFACE)
            .unwrap()
            .cache_properties(zbus::proxy::CacheProperties::No)
            .build()
            .await
            .unwrap()
    }

    /// Starts `lainos-init` as `user` with a fake compositor that records its
    /// environment, asks the bridge for `GetSession("auto")` and runs until `stop` exists.
    pub fn start_session(&self, user: &str) -> Session {
        let uid = uid_of(user);
        let dir = self.path(&format!("session-{user}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::os::unix::fs::chown(&dir, Some(uid), Some(uid)).unwrap();
        let wm = dir.join("fake-wm");
        std::fs::write(&wm, format!(
            "#!/bin/sh\nenv > {d}/env\nbusctl --system call {DEST} {MANAGER} {MANAGER_IFACE} GetSession s auto > {d}/auto 2>&1\n\
             while [ ! -e {d}/stop ]; do sleep 0.05; done\n",
            d = dir.display()
        )).unwrap();
        std::fs::set_permissions(&wm, std::fs::Permissions::from_mode(0o755)).unwrap();
        let allow = dir.join("allow");
        std::fs::write(&allow, format!("{}\n", wm.display())).unwrap();
        std::fs::set_permissions(&allow, std::fs::Permissions::from_mode(0o644)).unwrap();
        let child = Command::new("setpriv")
            .arg(format!("--reuid={uid}"))
            .arg(format!("--regid={uid}"))
            .arg("--init-groups")
            .arg(lainos_init_bin())
            .arg("--allow-list")
            .arg(&allow)
            .env_clear()
            .env("DBUS_SYSTEM_BUS_ADDRESS", &self.address)
            .env("LANG", "C.UTF-8")
            .env("NOTIFY_SOCKET", "/run/systemd/notify")
            .env("LD_PRELOAD", "")
            .env("PATH", "/usr/bin:/bin")
            .stdin(Stdio::null())
            .stderr(std::fs::File::create(dir.join("init.log")).unwrap())
            .spawn()
            .unwrap();
        let s = Session { dir, child, uid };
        self.wait_until("the fake compositor recorded GetSession(auto)", || {
            std::fs::read_to_string(s.dir.join("auto")).is_ok_and(|t| !t.is_empty())
        });
        s
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = self.bridge.kill();
        let _ = self.bridge.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// A running session started through lainos-init.
pub struct Session {
    pub dir: PathBuf,
    pub child: Child,
    pub uid: u32,
}

impl Session {
    pub fn env(&self) -> String {
        std::fs::read_to_string(self.dir.join("env")).unwrap()
    }

    pub fn auto(&self) -> String {
        std::fs::read_to_string(self.dir.join("auto")).unwrap()
    }

    /// Lets the fake compositor exit and reaps it.
    pub fn stop(mut self) {
        std::fs::write(self.dir.join("stop"), "").unwrap();
        let _ = self.child.wait();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = std::fs::write(self.dir.join("stop"), "");
        let _ = self.child.kill();
    }
}
