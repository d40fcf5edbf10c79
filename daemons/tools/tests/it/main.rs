//! The one-shot binaries run as root against scratch roots, and refuse what they must.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

fn require_root() {
    assert!(
        nix::unistd::Uid::effective().is_root(),
        "these tests run the tools as root; run tests/daemons.sh as root"
    );
}

fn scratch_root() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("run")).unwrap();
    std::fs::create_dir_all(root.path().join("etc")).unwrap();
    root
}

#[test]
fn ghost_units_creates_the_tree_without_sd_booted_unless_asked() {
    require_root();
    let root = scratch_root();
    let bin = env!("CARGO_BIN_EXE_lainos-ghost-units");
    let st = Command::new(bin)
        .arg("--root")
        .arg(root.path())
        .status()
        .unwrap();
    assert!(st.success());
    assert!(root.path().join("run/systemd/sessions").is_dir());
    assert!(
        !root.path().join("run/systemd/system").exists(),
        "sd_booted() must stay false by default"
    );
    assert!(
        !root.path().join("run/systemd/notify").exists(),
        "the notify path belongs to lainos-notifyd's socket"
    );
    let st = Command::new(bin)
        .arg("--root")
        .arg(root.path())
        .arg("--sd-booted")
        .status()
        .unwrap();
    assert!(st.success());
    assert!(root.path().join("run/systemd/system").is_dir());
    // Not root: exit status 2, as the C tool.
    let st = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", bin])
        .arg("--root")
        .arg(root.path())
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(2));
}

#[test]
fn machine_id_repairs_keeps_regenerates_and_links_dbus() {
    require_root();
    let root = scratch_root();
    let bin = env!("CARGO_BIN_EXE_lainos-machine-id");
    std::fs::write(root.path().join("etc/machine-id"), "uninitialized\n").unwrap();
    assert!(
        Command::new(bin)
            .arg("--root")
            .arg(root.path())
            .status()
            .unwrap()
            .success()
    );
    let first = std::fs::read_to_string(root.path().join("etc/machine-id")).unwrap();
    assert_eq!(first.len(), 33);
    assert!(
        first[..32]
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(
        std::fs::metadata(root.path().join("etc/machine-id"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o444
    );
    assert_eq!(
        std::fs::read_link(root.path().join("var/lib/dbus/machine-id")).unwrap(),
        std::path::Path::new("/etc/machine-id")
    );
    assert!(
        Command::new(bin)
            .arg("--root")
            .arg(root.path())
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(root.path().join("etc/machine-id")).unwrap(),
        first,
        "a valid id is kept"
    );
    assert!(
        Command::new(bin)
            .arg("--root")
            .arg(root.path())
            .arg("--ephemeral")
            .status()
            .unwrap()
            .success()
    );
    assert_ne!(
        std::fs::read_to_string(root.path().join("etc/machine-id")).unwrap(),
        first,
        "--ephemeral makes a new id"
    );
    // dbus-uuidgen, the real consumer, accepts it.
    let out = Command::new("dbus-uuidgen")
        .arg(format!(
            "--ensure={}",
            root.path().join("etc/machine-id").display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dbus-uuidgen rejected the id: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cgroup_delegate_refuses_non_cgroup2_and_enables_offered_controllers() {
    require_root();
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_lainos-cgroup-delegate");
    let out = Command::new(bin)
        .arg("--cgroup-root")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("requires pure cgroup v2"));
    std::fs::write(
        dir.path().join("cgroup.controllers"),
        "cpu io memory pids\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("cgroup.subtree_control"), "").unwrap();
    std::fs::create_dir(dir.path().join("user.slice")).unwrap();
    std::fs::write(
        dir.path().join("user.slice/cgroup.controllers"),
        "cpu io memory pids\n",
    )
    .unwrap();
    let out = Command::new(bin)
        .arg("--cgroup-root")
        .arg(dir.path())
        .arg("--no-fs-check")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("cpu memory io pids"));
}

#[test]
fn lainos_init_refuses_root_and_unlisted_compositors() {
    let bin = env!("CARGO_BIN_EXE_lainos-init");
    if nix::unistd::Uid::effective().is_root() {
        let out = Command::new(bin).output().unwrap();
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("refusing to start a graphical session as root")
        );
        let out = Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                bin,
                "--allow-list",
                "/nonexistent",
                "--compositor",
                "/bin/sh",
            ])
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("compositor `/bin/sh` is not in the allow-list"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        panic!("this test needs root to switch users with setpriv; run tests/daemons.sh as root");
    }
}
