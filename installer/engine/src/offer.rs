//! Answer files offered to a boot: named on the kernel command line
//! (`lainos.answers=` for the unattended install, `lainos.firstboot=` for first-boot
//! setup) or sitting on a labelled filesystem, and read from there.
//!
//! ```text
//! PARAM=/path/on/the/running/system.yaml
//! PARAM=LABEL=OEM:/answers.yaml       (also UUID=, PARTLABEL=, PARTUUID=,
//! PARAM=/dev/sdb1:/answers.yaml        or a device node)
//! PARAM=none                           (no answer file, even if one could be found)
//! ```
//!
//! A device is mounted read-only (nosuid, nodev, noexec) under a private directory
//! just long enough to read the file; its text stays in memory.

use std::fs;
use std::io::Read;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use sys_mount::{Mount, MountFlags, Unmount, UnmountFlags};

use crate::probe::{self, MachineInfo, SystemRoot};

/// Answer files are small; anything larger is not one.
pub const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

/// Reading an offered answer file failed.
#[derive(Debug, thiserror::Error)]
pub enum OfferError {
    #[error("no device matches {device} after {secs} s (is the medium plugged in?)")]
    NoDevice { device: String, secs: u64 },
    #[error("probing the disks")]
    Probe(#[source] crate::probe::ProbeError),
    #[error("{what} `{}`", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{}` is larger than {} KiB: not an answer file", path.display(), MAX_ANSWER_BYTES / 1024)]
    TooLarge { path: PathBuf },
    #[error("reading `{path}` on `{}` ({offer})", device.display())]
    OnDevice {
        path: String,
        device: PathBuf,
        offer: String,
        #[source]
        source: Box<OfferError>,
    },
}

fn io_err(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> OfferError {
    let path = path.to_path_buf();
    move |source| OfferError::Io { what, path, source }
}

/// Where an answer file is offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    /// A file of the running system.
    File(PathBuf),
    /// A file on a filesystem that is not mounted yet.
    OnDevice { device: DeviceRef, path: PathBuf },
}

/// A filesystem named the way fstab names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceRef {
    Label(String),
    Uuid(String),
    PartLabel(String),
    PartUuid(String),
    Node(PathBuf),
}

impl std::fmt::Display for Offer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Offer::File(p) => write!(f, "{}", p.display()),
            Offer::OnDevice { device, path } => {
                let (tag, value) = match device {
                    DeviceRef::Label(v) => ("LABEL=", v.as_str()),
                    DeviceRef::Uuid(v) => ("UUID=", v.as_str()),
                    DeviceRef::PartLabel(v) => ("PARTLABEL=", v.as_str()),
                    DeviceRef::PartUuid(v) => ("PARTUUID=", v.as_str()),
                    DeviceRef::Node(p) => ("", p.to_str().unwrap_or("?")),
                };
                write!(f, "{tag}{value}:{}", path.display())
            }
        }
    }
}

/// What the kernel command line says about answer files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CmdlineAnswer {
    /// Not mentioned: look on the live medium.
    Unset,
    /// `PARAM=none`.
    Disabled,
    Offered(Offer),
}

/// Splits a kernel command line into words; double quotes group (as the kernel does).
fn words(cmdline: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in cmdline.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// Reads `PARAM=` (`lainos.answers=`, `lainos.firstboot=`) from a kernel command line
/// (the last one counts). The error says what is wrong and which forms are accepted.
pub fn parse_cmdline(cmdline: &str, param: &str) -> Result<CmdlineAnswer, String> {
    let Some(value) = words(cmdline)
        .into_iter()
        .filter_map(|w| w.strip_prefix(&format!("{param}=")).map(str::to_owned))
        .next_back()
    else {
        return Ok(CmdlineAnswer::Unset);
    };
    if value == "none" {
        return Ok(CmdlineAnswer::Disabled);
    }
    let bad = |why: &str| {
        format!(
            "{param}={value}: {why} (expected /path, LABEL=…:/path, UUID=…:/path, PARTLABEL=…:/path, PARTUUID=…:/path, /dev/…:/path or none)"
        )
    };
    let check_path = |p: &str| -> Result<PathBuf, String> {
        let path = PathBuf::from(p);
        if !path.is_absolute() {
            return Err(bad("the path must be absolute"));
        }
        if path.components().any(|c| c == Component::ParentDir) {
            return Err(bad("the path must not contain `..`"));
        }
        Ok(path)
    };
    for (tag, make) in [
        ("LABEL=", DeviceRef::Label as fn(String) -> DeviceRef),
        ("UUID=", DeviceRef::Uuid),
        ("PARTLABEL=", DeviceRef::PartLabel),
        ("PARTUUID=", DeviceRef::PartUuid),
    ] {
        if let Some(rest) = value.strip_prefix(tag) {
            let Some((name, path)) = rest.rsplit_once(":/") else {
                return Err(bad("the file on the device is missing (`:/path`)"));
            };
            if name.is_empty() {
                return Err(bad("the device name is empty"));
            }
            return Ok(CmdlineAnswer::Offered(Offer::OnDevice {
                device: make(name.to_owned()),
                path: check_path(&format!("/{path}"))?,
            }));
        }
    }
    if value.starts_with("/dev/")
        && let Some((node, path)) = value.rsplit_once(":/")
    {
        return Ok(CmdlineAnswer::Offered(Offer::OnDevice {
            device: DeviceRef::Node(PathBuf::from(node)),
            path: check_path(&format!("/{path}"))?,
        }));
    }
    if value.starts_with('/') {
        return Ok(CmdlineAnswer::Offered(Offer::File(check_path(&value)?)));
    }
    if value.contains('=') {
        Err(bad("not a device name this installer knows"))
    } else {
        Err(bad("the path must be absolute"))
    }
}

impl std::fmt::Display for DeviceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeviceRef::Label(v) => write!(f, "LABEL={v}"),
            DeviceRef::Uuid(v) => write!(f, "UUID={v}"),
            DeviceRef::PartLabel(v) => write!(f, "PARTLABEL={v}"),
            DeviceRef::PartUuid(v) => write!(f, "PARTUUID={v}"),
            DeviceRef::Node(p) => write!(f, "{}", p.display()),
        }
    }
}

/// The device node a [`DeviceRef`] names on this machine, if any.
pub fn find_device(machine: &MachineInfo, want: &DeviceRef) -> Option<PathBuf> {
    if let DeviceRef::Node(p) = want {
        return p.exists().then(|| p.clone());
    }
    // udev's links, where there is a udev: they also cover optical drives, which the
    // probe leaves out.
    let (dir, name) = match want {
        DeviceRef::Label(v) => ("by-label", v),
        DeviceRef::Uuid(v) => ("by-uuid", v),
        DeviceRef::PartLabel(v) => ("by-partlabel", v),
        DeviceRef::PartUuid(v) => ("by-partuuid", v),
        DeviceRef::Node(_) => unreachable!("handled above"),
    };
    if !name.contains('/') {
        let link = Path::new("/dev/disk").join(dir).join(name);
        if let Ok(real) = fs::canonicalize(&link) {
            return Some(real);
        }
    }
    let fs_matches = |fs: Option<&crate::probe::FsInfo>| {
        fs.is_some_and(|fs| match want {
            DeviceRef::Label(l) => fs.label.as_deref() == Some(l),
            DeviceRef::Uuid(u) => fs
                .uuid
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(u)),
            _ => false,
        })
    };
    for disk in &machine.disks {
        if fs_matches(disk.filesystem.as_ref()) {
            return Some(disk.path.clone());
        }
        for p in &disk.partitions {
            let hit = fs_matches(p.fs.as_ref())
                || match want {
                    DeviceRef::PartLabel(l) => p.part_label.as_deref() == Some(l),
                    DeviceRef::PartUuid(u) => p
                        .part_uuid
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(u)),
                    _ => false,
                };
            if hit {
                return Some(p.path.clone());
            }
        }
    }
    None
}

/// The answer file's text, from wherever it is offered. A device is awaited up to
/// `device_wait` (USB sticks settle late) and mounted read-only under `work_dir`
/// (created with mode 0700) for the moment of reading.
pub fn read_offer(
    offer: &Offer,
    work_dir: &Path,
    device_wait: Duration,
) -> Result<String, OfferError> {
    match offer {
        Offer::File(p) => read_small(p),
        Offer::OnDevice { device, path } => {
            let dev = wait_for_device(device, device_wait)?;
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(work_dir)
                .map_err(io_err("creating", work_dir))?;
            let dir = work_dir.join("medium");
            fs::create_dir_all(&dir).map_err(io_err("creating", &dir))?;
            let fstype = probe::probe(&SystemRoot::real())
                .ok()
                .and_then(|m| fstype_of(&m, &dev));
            let mut b = Mount::builder().flags(
                MountFlags::RDONLY | MountFlags::NOSUID | MountFlags::NODEV | MountFlags::NOEXEC,
            );
            if let Some(t) = fstype.as_deref() {
                b = b.fstype(t);
            }
            let m = b
                .mount(&dev, &dir)
                .map_err(io_err("mounting read-only", &dev))?;
            let rel = path.strip_prefix("/").unwrap_or(path);
            let text = read_small(&dir.join(rel)).map_err(|e| OfferError::OnDevice {
                path: path.display().to_string(),
                device: dev.clone(),
                offer: offer.to_string(),
                source: Box::new(e),
            });
            m.unmount(UnmountFlags::empty())
                .or_else(|_| m.unmount(UnmountFlags::DETACH))
                .map_err(io_err("unmounting", &dir))?;
            let _ = fs::remove_dir(&dir);
            text
        }
    }
}

fn fstype_of(machine: &MachineInfo, dev: &Path) -> Option<String> {
    let real = fs::canonicalize(dev).unwrap_or_else(|_| dev.to_path_buf());
    machine.disks.iter().find_map(|d| {
        if d.path == real {
            return d.filesystem.as_ref().map(|f| f.fstype.clone());
        }
        d.partitions
            .iter()
            .find(|p| p.path == real)
            .and_then(|p| p.fs.as_ref().map(|f| f.fstype.clone()))
    })
}

/// The device `want` names, probing again every second for up to `wait`.
pub fn wait_for_device(want: &DeviceRef, wait: Duration) -> Result<PathBuf, OfferError> {
    let start = Instant::now();
    let mut said = false;
    loop {
        let machine = probe::probe(&SystemRoot::real()).map_err(OfferError::Probe)?;
        if let Some(dev) = find_device(&machine, want) {
            return Ok(dev);
        }
        if start.elapsed() >= wait {
            return Err(OfferError::NoDevice {
                device: want.to_string(),
                secs: wait.as_secs(),
            });
        }
        if !said {
            tracing::info!(device = %want, "waiting for the device");
            said = true;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// Reads a small UTF-8 file (at most [`MAX_ANSWER_BYTES`]).
pub fn read_small(path: &Path) -> Result<String, OfferError> {
    let f = fs::File::open(path).map_err(io_err("opening", path))?;
    let mut text = String::new();
    f.take(MAX_ANSWER_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(io_err("reading (an answer file is UTF-8 text)", path))?;
    if text.len() as u64 > MAX_ANSWER_BYTES {
        return Err(OfferError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered(s: &str) -> Offer {
        match parse_cmdline(s, "lainos.answers").unwrap() {
            CmdlineAnswer::Offered(o) => o,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_parameter_means_look_on_the_medium() {
        assert_eq!(
            parse_cmdline("root=live:LABEL=X quiet lainos.answer=/x", "lainos.answers").unwrap(),
            CmdlineAnswer::Unset
        );
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(
            offered("quiet lainos.answers=/run/a.yaml"),
            Offer::File("/run/a.yaml".into())
        );
        assert_eq!(
            offered("lainos.answers=LABEL=LAINOS_TEST:/answers.yaml ro"),
            Offer::OnDevice {
                device: DeviceRef::Label("LAINOS_TEST".into()),
                path: "/answers.yaml".into()
            }
        );
        assert_eq!(
            offered("lainos.answers=UUID=1234-ABCD:/oem/a.yaml"),
            Offer::OnDevice {
                device: DeviceRef::Uuid("1234-ABCD".into()),
                path: "/oem/a.yaml".into()
            }
        );
        assert_eq!(
            offered("lainos.answers=PARTLABEL=oem:/a.yaml"),
            Offer::OnDevice {
                device: DeviceRef::PartLabel("oem".into()),
                path: "/a.yaml".into()
            }
        );
        assert_eq!(
            offered("lainos.answers=PARTUUID=aa-bb:/a.yaml"),
            Offer::OnDevice {
                device: DeviceRef::PartUuid("aa-bb".into()),
                path: "/a.yaml".into()
            }
        );
        assert_eq!(
            offered("lainos.answers=/dev/sdb1:/a.yaml"),
            Offer::OnDevice {
                device: DeviceRef::Node("/dev/sdb1".into()),
                path: "/a.yaml".into()
            }
        );
        assert_eq!(
            offered(r#"lainos.answers="LABEL=My Stick:/a b.yaml" quiet"#),
            Offer::OnDevice {
                device: DeviceRef::Label("My Stick".into()),
                path: "/a b.yaml".into()
            }
        );
    }

    #[test]
    fn the_last_parameter_wins_and_none_disables() {
        assert_eq!(
            offered("lainos.answers=/a lainos.answers=/b"),
            Offer::File("/b".into())
        );
        assert_eq!(
            parse_cmdline("lainos.answers=/a lainos.answers=none", "lainos.answers").unwrap(),
            CmdlineAnswer::Disabled
        );
    }

    #[test]
    fn the_parameter_is_named_by_the_caller() {
        assert_eq!(
            parse_cmdline(
                "lainos.answers=/a lainos.firstboot=LABEL=LAINOS_OEM:/firstboot.yaml",
                "lainos.firstboot"
            )
            .unwrap(),
            CmdlineAnswer::Offered(Offer::OnDevice {
                device: DeviceRef::Label("LAINOS_OEM".into()),
                path: "/firstboot.yaml".into()
            })
        );
        let e = parse_cmdline("lainos.firstboot=x.yaml", "lainos.firstboot").unwrap_err();
        assert!(
            e.starts_with("lainos.firstboot=x.yaml: the path must be absolute"),
            "{e}"
        );
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        for bad in [
            "lainos.answers=answers.yaml",
            "lainos.answers=LABEL=X",
            "lainos.answers=LABEL=:/a.yaml",
            "lainos.answers=/run/../etc/shadow",
            "lainos.answers=LABEL=X:/a/../../b",
            "lainos.answers=",
        ] {
            let e = parse_cmdline(bad, "lainos.answers").unwrap_err();
            assert!(e.starts_with("lainos.answers="), "{bad}: {e}");
        }
    }

    #[test]
    fn devices_are_found_by_label_uuid_and_partition_names() {
        use crate::probe::{DiskInfo, FsInfo, PartitionInfo};
        let fs = |label: &str, uuid: &str| FsInfo {
            fstype: "ext4".into(),
            label: Some(label.into()),
            uuid: Some(uuid.into()),
            version: None,
        };
        let mut whole: DiskInfo = serde_json::from_value(serde_json::json!({
            "path": "/dev/vdc", "name": "vdc", "size_bytes": 1, "logical_sector_size": 512,
            "physical_sector_size": 512, "transport": "virtio", "removable": false,
            "read_only": true, "rotational": false, "partitions": [], "mounted": [],
            "swap_active": false, "holders": [], "is_live_medium": false
        }))
        .unwrap();
        whole.filesystem = Some(fs("LAINOS_TEST", "aaaa-bbbb"));
        let mut parted = whole.clone();
        parted.path = "/dev/sdb".into();
        parted.filesystem = None;
        let mut part: PartitionInfo = serde_json::from_value(serde_json::json!({
            "path": "/dev/sdb2", "number": 2, "start_bytes": 1, "size_bytes": 1,
            "mountpoints": [], "swap_active": false
        }))
        .unwrap();
        part.fs = Some(fs("OEM", "cccc-dddd"));
        part.part_label = Some("oem-answers".into());
        part.part_uuid = Some("1111-2222".into());
        parted.partitions = vec![part];
        let mut machine: MachineInfo = serde_json::from_value(serde_json::json!({
            "firmware": "bios", "ram_bytes": 1, "disks": []
        }))
        .unwrap();
        machine.disks = vec![whole, parted];
        let find = |d: DeviceRef| find_device(&machine, &d);
        assert_eq!(
            find(DeviceRef::Label("LAINOS_TEST".into())),
            Some("/dev/vdc".into())
        );
        assert_eq!(
            find(DeviceRef::Uuid("AAAA-BBBB".into())),
            Some("/dev/vdc".into())
        );
        assert_eq!(
            find(DeviceRef::Label("OEM".into())),
            Some("/dev/sdb2".into())
        );
        assert_eq!(
            find(DeviceRef::PartLabel("oem-answers".into())),
            Some("/dev/sdb2".into())
        );
        assert_eq!(
            find(DeviceRef::PartUuid("1111-2222".into())),
            Some("/dev/sdb2".into())
        );
        assert_eq!(find(DeviceRef::Label("oem".into())), None);
        assert_eq!(find(DeviceRef::Node("/dev/does-not-exist".into())), None);
    }
}
