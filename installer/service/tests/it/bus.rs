//! A private `dbus-daemon` with a system-bus-like configuration and the real policy file
//! of the service, killed on drop.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct TestBus {
    pub address: String,
    _dir: tempfile::TempDir,
    child: Child,
}

/// The real bus policy file, with its group replaced by `group`.
pub fn policy_for_group(group: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/org.lainos.Installer1.conf");
    let text = std::fs::read_to_string(&path).expect("the policy file exists");
    assert!(text.contains(r#"group="wheel""#), "the policy names wheel");
    text.replace(r#"group="wheel""#, &format!(r#"group="{group}""#))
}

/// A policy that lets everybody call the service: to test the service's own check.
pub const OPEN_POLICY: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <policy user="root"><allow own="org.lainos.Installer1"/></policy>
  <policy context="default"><allow send_destination="org.lainos.Installer1"/></policy>
</busconfig>
"#;

fn find_program(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("`{name}` is not installed: run `bash tests/setup.sh`"))
}

impl TestBus {
    /// Starts `dbus-daemon` with the given service policy included.
    pub fn start(service_policy: &str) -> TestBus {
        Self::start_with_activation(service_policy, None)
    }

    /// Also installs a D-Bus activation file whose `Exec=` is `exec`.
    pub fn start_with_activation(service_policy: &str, exec: Option<&str>) -> TestBus {
        let daemon = find_program("dbus-daemon");
        let dir = tempfile::tempdir().expect("a temp dir");
        // Callers running as other users must reach the socket.
        set_mode(dir.path(), 0o755);
        let socket = dir.path().join("bus");
        let policy = dir.path().join("org.lainos.Installer1.conf");
        std::fs::write(&policy, service_policy).expect("write policy");
        let services = dir.path().join("services");
        std::fs::create_dir(&services).expect("services dir");
        if let Some(exec) = exec {
            let real =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("data/org.lainos.Installer1.service");
            let text = std::fs::read_to_string(real).expect("the activation file exists");
            assert!(text.contains("Exec=/usr/bin/lainos-install service"));
            std::fs::write(
                services.join("org.lainos.Installer1.service"),
                text.replace("/usr/bin/lainos-install service", exec),
            )
            .expect("write the activation file");
        }
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <include>{default}</include>
  <servicedir>{services}</servicedir>
  <include>{policy}</include>
</busconfig>
"#,
                socket = socket.display(),
                policy = policy.display(),
                services = services.display(),
                default = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../tests/support/system-bus-policy.conf")
                    .display()
            ),
        )
        .expect("write bus config");
        let mut child = Command::new(&daemon)
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", daemon.display()));
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the bus address");
        let address = line.trim().to_string();
        assert!(
            address.starts_with("unix:"),
            "dbus-daemon printed no address (config error?): {line:?}"
        );
        TestBus {
            address,
            _dir: dir,
            child,
        }
    }
}

impl Drop for TestBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Runs `dbus-send` as another user (needs root); returns (success, stdout+stderr).
pub fn dbus_send_as(
    uid: u32,
    gid: u32,
    address: &str,
    method: &str,
    args: &[&str],
) -> (bool, String) {
    assert!(
        nix::unistd::geteuid().is_root(),
        "this test runs callers as other users and needs root"
    );
    let setpriv = find_program("setpriv");
    let dbus_send = find_program("dbus-send");
    let out = Command::new(setpriv)
        .arg(format!("--reuid={uid}"))
        .arg(format!("--regid={gid}"))
        .arg("--init-groups")
        .arg(dbus_send)
        .arg(format!("--bus={address}"))
        .args([
            "--print-reply",
            "--dest=org.lainos.Installer1",
            "/org/lainos/Installer1",
        ])
        .arg(format!("org.lainos.Installer1.{method}"))
        .args(args)
        .output()
        .expect("run setpriv dbus-send");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}
