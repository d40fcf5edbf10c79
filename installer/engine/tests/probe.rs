//! Probing on a fake sysfs/proc tree (any machine) and on a real loop device (root).

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use lainos_engine::probe::{
    self, FakeIdentifier, Firmware, FsInfo, SystemRoot, TableKind, Transport,
};

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

#[test]
fn fake_sysfs_tree() {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    // A 32 GiB virtio disk with one 1 GiB partition holding ext4, mounted at /data.
    write(r, "sys/block/vda/dev", "253:0\n");
    write(
        r,
        "sys/block/vda/size",
        &format!("{}\n", 32u64 * 1024 * 1024 * 2),
    );
    write(r, "sys/block/vda/removable", "0\n");
    write(r, "sys/block/vda/ro", "0\n");
    write(r, "sys/block/vda/queue/rotational", "0\n");
    write(r, "sys/block/vda/queue/logical_block_size", "512\n");
    write(r, "sys/block/vda/queue/physical_block_size", "4096\n");
    write(r, "sys/block/vda/device/model", "Fake Disk\n");
    write(r, "sys/block/vda/vda1/partition", "1\n");
    write(r, "sys/block/vda/vda1/dev", "253:1\n");
    write(r, "sys/block/vda/vda1/start", "2048\n");
    write(
        r,
        "sys/block/vda/vda1/size",
        &format!("{}\n", 2u64 * 1024 * 1024),
    );
    write(r, "sys/firmware/efi/.keep", "");
    write(
        r,
        "proc/meminfo",
        "MemTotal:        4046848 kB\nMemFree: 1 kB\n",
    );
    write(
        r,
        "proc/self/mountinfo",
        "22 1 253:1 / /data rw,relatime shared:1 - ext4 /dev/vda1 rw\n",
    );
    write(r, "proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n");
    write(r, "proc/cmdline", "BOOT_IMAGE=/vmlinuz quiet\n");
    let ident = FakeIdentifier::new().with_fs(
        "/dev/vda1",
        FsInfo {
            fstype: "ext4".into(),
            label: Some("data".into()),
            uuid: Some("0b1c6f36-0000-4000-8000-000000000001".into()),
            version: None,
        },
    );
    let sys = SystemRoot::fixture(r, Arc::new(ident));
    let m = probe::probe(&sys).unwrap();
    assert_eq!(m.firmware, Firmware::Uefi);
    assert_eq!(m.ram_bytes, 4046848 * 1024);
    let d = m
        .disks
        .iter()
        .find(|d| d.name == "vda")
        .expect("vda is listed");
    assert_eq!(d.size_bytes, 32 << 30);
    assert_eq!(d.physical_sector_size, 4096);
    assert_eq!(d.model.as_deref(), Some("Fake Disk"));
    assert_eq!(d.partitions.len(), 1);
    let p = &d.partitions[0];
    assert_eq!(p.start_bytes, 1 << 20);
    assert_eq!(p.size_bytes, 1 << 30);
    assert_eq!(p.fs.as_ref().unwrap().label.as_deref(), Some("data"));
    assert_eq!(p.mountpoints, [Path::new("/data")]);
    assert!(!d.is_live_medium);
    assert_eq!(d.transport, Transport::Virtio, "vd* disks are virtio");
}

fn sh(cmd: &str) -> String {
    let out = Command::new("sh").arg("-c").arg(cmd).output().unwrap();
    assert!(
        out.status.success(),
        "`{cmd}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn loop_device_as_root() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "this test needs root: it attaches a loop device (run the suite as root)"
    );
    let t = tempfile::tempdir().unwrap();
    let img = t.path().join("disk.img");
    fs::File::create(&img).unwrap().set_len(3 << 30).unwrap();
    let dev = sh(&format!("losetup -fP --show {}", img.display()));
    let guard = Detach(dev.clone());
    sh(&format!(
        "printf 'label: gpt\\nsize=512MiB, type=linux\\nsize=1GiB, type=linux, name=data\\n' | sfdisk -q {dev} && partx -u {dev}"
    ));
    let p2 = format!("{dev}p2");
    for _ in 0..200 {
        if Path::new(&p2).exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    sh(&format!("mkfs.ext4 -q -F -L probe-me {p2}"));
    let sys = SystemRoot::real();
    let d = probe::probe_disk(&sys, Path::new(&dev)).unwrap();
    assert_eq!(d.size_bytes, 3 << 30);
    assert_eq!(d.table, Some(TableKind::Gpt));
    assert_eq!(d.partitions.len(), 2);
    assert_eq!(d.partitions[1].size_bytes, 1 << 30);
    let fs = d.partitions[1].fs.as_ref().expect("ext4 is identified");
    assert_eq!(fs.fstype, "ext4");
    assert_eq!(fs.label.as_deref(), Some("probe-me"));
    assert_eq!(d.backing_file.as_deref(), Some(img.as_path()));
    // The whole-machine probe lists it with the same size.
    let m = probe::probe(&sys).unwrap();
    let listed = m
        .disks
        .iter()
        .find(|x| x.path == Path::new(&dev))
        .expect("listed");
    assert_eq!(listed.size_bytes, 3 << 30);
    drop(guard);
}

/// Detaches the loop device when the test ends, passed or not.
struct Detach(String);

impl Drop for Detach {
    fn drop(&mut self) {
        let _ = Command::new("losetup").args(["-d", &self.0]).status();
    }
}
