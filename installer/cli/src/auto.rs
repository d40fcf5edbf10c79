//! `auto`: the unattended install of a live boot.
//!
//! The answer file is named on the kernel command line,
//!
//! ```text
//! lainos.answers=/path/on/the/live/system.yaml
//! lainos.answers=LABEL=OEM:/answers.yaml       (also UUID=, PARTLABEL=, PARTUUID=,
//! lainos.answers=/dev/sdb1:/answers.yaml        or a device node)
//! lainos.answers=none                           (no unattended install, even if the
//!                                                medium carries an answer file)
//! ```
//!
//! or, when the command line names none, found on the live medium as
//! `lainos/answers.yaml`. A device is mounted read-only (nosuid, nodev, noexec) under
//! `/run/lainos-auto` just long enough to read the file; its text stays in memory.
//!
//! Naming an answer file, or putting one on the medium, is the confirmation: the
//! install runs without asking. Its outcome goes to the console and, as `exit=N`, to a
//! status file; a failed install leaves the machine running for a person to read why.

use std::fs;
use std::io::Read;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use lainos_engine::probe::{self, MachineInfo, SystemRoot};
use sys_mount::{Mount, MountFlags, Unmount, UnmountFlags};

use crate::install::{self, RunOptions};
use crate::{EXIT_INVALID, make_plan_from, render};

/// `auto --detect` when no answer file is offered.
const EXIT_NOTHING_OFFERED: u8 = 3;
/// The kernel command line parameter.
const PARAM: &str = "lainos.answers";
/// Where the medium carries an answer file, relative to its root.
const ON_MEDIUM: &str = "lainos/answers.yaml";
/// Where a device holding the answer file is mounted for a moment (mode 0700).
const WORK_DIR: &str = "/run/lainos-auto";
/// Answer files are small; anything larger is not one.
const MAX_ANSWER_BYTES: u64 = 1024 * 1024;
/// How long to wait for a named device to appear (USB sticks settle late).
const DEVICE_WAIT: Duration = Duration::from_secs(30);

#[derive(clap::Args, Debug)]
pub struct AutoArgs {
    /// Only say whether an answer file is offered: exit 0 (and print where) or 3.
    #[arg(long)]
    detect: bool,
    /// Print the plan and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Where to write the outcome (`exit=N`) for whoever watches the install.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "/run/lainos-install.status"
    )]
    status: PathBuf,
    /// Seconds between the end of a successful install and its finish action
    /// (reboot or power-off), counted down on the console.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    finish_delay: u64,
    /// The kernel command line to read (for tests).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "/proc/cmdline",
        hide = true
    )]
    cmdline: PathBuf,
    /// Where the live medium is mounted (for tests; default: dracut's and archiso's
    /// mount points).
    #[arg(long = "medium", value_name = "DIR", hide = true)]
    media: Vec<PathBuf>,
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
    /// `lainos.answers=none`.
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

/// Reads `lainos.answers=` from a kernel command line (the last one counts).
pub fn parse_cmdline(cmdline: &str) -> Result<CmdlineAnswer, String> {
    let Some(value) = words(cmdline)
        .into_iter()
        .filter_map(|w| w.strip_prefix(&format!("{PARAM}=")).map(str::to_owned))
        .next_back()
    else {
        return Ok(CmdlineAnswer::Unset);
    };
    if value == "none" {
        return Ok(CmdlineAnswer::Disabled);
    }
    let bad = |why: &str| {
        format!(
            "{PARAM}={value}: {why} (expected /path, LABEL=…:/path, UUID=…:/path, PARTLABEL=…:/path, PARTUUID=…:/path, /dev/…:/path or none)"
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

/// Where an answer file is offered: the command line first, then the live medium.
pub fn find_offer(cmdline: &str, media: &[PathBuf]) -> Result<Option<Offer>, String> {
    match parse_cmdline(cmdline)? {
        CmdlineAnswer::Offered(o) => Ok(Some(o)),
        CmdlineAnswer::Disabled => Ok(None),
        CmdlineAnswer::Unset => Ok(media
            .iter()
            .map(|m| m.join(ON_MEDIUM))
            .find(|p| p.is_file())
            .map(Offer::File)),
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
    let fs_matches = |fs: Option<&lainos_engine::probe::FsInfo>| {
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

pub fn run(profile: Option<&Path>, args: &AutoArgs) -> Result<ExitCode> {
    let cmdline = fs::read_to_string(&args.cmdline)
        .with_context(|| format!("reading the kernel command line {}", args.cmdline.display()))?;
    let media: Vec<PathBuf> = if args.media.is_empty() {
        probe::LIVE_MEDIUM_MOUNTS
            .iter()
            .map(PathBuf::from)
            .collect()
    } else {
        args.media.clone()
    };
    let offer = match find_offer(&cmdline, &media) {
        Ok(o) => o,
        Err(e) => {
            render::err(&format!("error: {e}"));
            if !args.detect {
                write_status(&args.status, EXIT_INVALID);
            }
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let Some(offer) = offer else {
        if !args.detect {
            render::err(&format!(
                "no answer file: neither {PARAM}= on the kernel command line nor {ON_MEDIUM} on the live medium; nothing to do"
            ));
        }
        return Ok(ExitCode::from(EXIT_NOTHING_OFFERED));
    };
    if args.detect {
        render::out(&offer.to_string());
        return Ok(ExitCode::SUCCESS);
    }
    render::err(&format!("unattended install: answer file {offer}"));
    let code = match install_from(profile, args, &offer) {
        Ok(code) => code,
        Err(e) => {
            render::err(&format!("error: {e:#}"));
            ExitCode::FAILURE
        }
    };
    Ok(code)
}

fn install_from(profile: Option<&Path>, args: &AutoArgs, offer: &Offer) -> Result<ExitCode> {
    let text = match read_offer(offer) {
        Ok(t) => t,
        Err(e) => {
            write_status(&args.status, EXIT_INVALID);
            return Err(e);
        }
    };
    let (plan, _warnings) = match make_plan_from(&text, Path::new(&offer.to_string()), profile)? {
        Ok(p) => p,
        Err(code) => {
            write_status(&args.status, EXIT_INVALID);
            render::err("the answer file is not usable on this machine; nothing was written");
            return Ok(code);
        }
    };
    if args.dry_run {
        render::out(&plan.render());
        render::err("dry run: nothing was written");
        return Ok(ExitCode::SUCCESS);
    }
    render::out(&plan.render());
    install::run(
        &plan,
        &RunOptions {
            yes: true,
            json_events: false,
            status: Some(args.status.clone()),
            finish_delay: Duration::from_secs(args.finish_delay),
        },
    )
}

/// The answer file's text, from wherever it is offered.
fn read_offer(offer: &Offer) -> Result<String> {
    match offer {
        Offer::File(p) => read_small(p),
        Offer::OnDevice { device, path } => {
            let dev = wait_for_device(device)?;
            let dir = work_dir()?.join("medium");
            fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
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
                .with_context(|| format!("mounting {} read-only", dev.display()))?;
            let rel = path.strip_prefix("/").unwrap_or(path);
            let text = read_small(&dir.join(rel))
                .with_context(|| format!("on {} ({offer})", dev.display()));
            m.unmount(UnmountFlags::empty())
                .or_else(|_| m.unmount(UnmountFlags::DETACH))
                .with_context(|| format!("unmounting {}", dir.display()))?;
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

fn wait_for_device(want: &DeviceRef) -> Result<PathBuf> {
    let start = Instant::now();
    let mut said = false;
    loop {
        let machine = probe::probe(&SystemRoot::real()).context("probing the disks")?;
        if let Some(dev) = find_device(&machine, want) {
            return Ok(dev);
        }
        if start.elapsed() >= DEVICE_WAIT {
            bail!(
                "no device matches {want:?} after {} s (is the medium plugged in?)",
                DEVICE_WAIT.as_secs()
            );
        }
        if !said {
            render::err(&format!("waiting for a device matching {want:?}"));
            said = true;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

fn read_small(path: &Path) -> Result<String> {
    let f = fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut text = String::new();
    f.take(MAX_ANSWER_BYTES + 1)
        .read_to_string(&mut text)
        .with_context(|| format!("reading {} (an answer file is UTF-8 text)", path.display()))?;
    if text.len() as u64 > MAX_ANSWER_BYTES {
        bail!(
            "{} is larger than {} KiB: not an answer file",
            path.display(),
            MAX_ANSWER_BYTES / 1024
        );
    }
    Ok(text)
}

fn work_dir() -> Result<PathBuf> {
    let dir = PathBuf::from(WORK_DIR);
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// Records the outcome as `exit=N` (replaced atomically); a failure to write it is
/// reported and otherwise ignored: the install's own result matters more.
pub fn write_status(path: &Path, code: u8) {
    let tmp = path.with_extension("tmp");
    let r = fs::write(&tmp, format!("exit={code}\n")).and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = r {
        render::err(&format!("warning: cannot write {}: {e}", path.display()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered(s: &str) -> Offer {
        match parse_cmdline(s).unwrap() {
            CmdlineAnswer::Offered(o) => o,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_parameter_means_look_on_the_medium() {
        assert_eq!(
            parse_cmdline("root=live:LABEL=X quiet lainos.answer=/x").unwrap(),
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
            parse_cmdline("lainos.answers=/a lainos.answers=none").unwrap(),
            CmdlineAnswer::Disabled
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
            let e = parse_cmdline(bad).unwrap_err();
            assert!(e.starts_with("lainos.answers="), "{bad}: {e}");
        }
    }

    #[test]
    fn the_medium_is_searched_only_without_a_parameter() {
        let dir = std::env::temp_dir().join(format!("lainos-auto-test-{}", std::process::id()));
        let medium = dir.join("medium");
        fs::create_dir_all(medium.join("lainos")).unwrap();
        fs::write(medium.join(ON_MEDIUM), "version: 1\n").unwrap();
        let media = vec![dir.join("absent"), medium.clone()];
        assert_eq!(
            find_offer("quiet", &media).unwrap(),
            Some(Offer::File(medium.join(ON_MEDIUM)))
        );
        assert_eq!(find_offer("lainos.answers=none", &media).unwrap(), None);
        assert_eq!(
            find_offer("lainos.answers=/x.yaml", &media).unwrap(),
            Some(Offer::File("/x.yaml".into()))
        );
        assert_eq!(find_offer("quiet", &media[..1]).unwrap(), None);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn devices_are_found_by_label_uuid_and_partition_names() {
        use lainos_engine::probe::{DiskInfo, FsInfo, PartitionInfo};
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
