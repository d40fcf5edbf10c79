//! The disk page's manual layout: choices, checks as the user goes, and the answer
//! document it writes, which the answer-file validator accepts and the engine resolves
//! into a plan on a described machine with the same partitions.

use std::path::{Path, PathBuf};

use lainos_config::answer::{Layout, Mountpoint, PartitionFilesystem, SwapKind};
use lainos_config::values::Size;
use lainos_dbus_api::{DiskDto, PartitionDto, ProbeDto};
use lainos_installer::answers;
use lainos_installer::app::{App, Message, Page};
use lainos_installer::screen::disk::{self, At, MountChoice, PartFs, RowField};
use lainos_installer::screen::{users, welcome};

use crate::app;

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;

/// A UEFI machine whose disk has an EFI partition, an old Linux root, an empty
/// partition and 7.5 GiB free at the end.
pub(crate) fn probe(firmware: &str) -> ProbeDto {
    ProbeDto {
        firmware: firmware.into(),
        ram_bytes: 4 * GIB,
        disks: vec![DiskDto {
            path: "/dev/vda".into(),
            model: "QEMU HARDDISK".into(),
            size_bytes: 32 * GIB,
            partitions: vec![
                PartitionDto {
                    path: "/dev/vda1".into(),
                    size_bytes: 512 * MIB,
                    filesystem: Some("vfat".into()),
                    label: Some("EFI".into()),
                },
                PartitionDto {
                    path: "/dev/vda2".into(),
                    size_bytes: 20 * GIB,
                    filesystem: Some("ext4".into()),
                    label: Some("old-root".into()),
                },
                PartitionDto {
                    path: "/dev/vda3".into(),
                    size_bytes: 4 * GIB,
                    filesystem: None,
                    label: None,
                },
            ],
            ..DiskDto::default()
        }],
        live_medium: None,
        on_battery: Some(false),
    }
}

pub(crate) fn send(a: &mut App, m: Message) {
    let _ = a.update(m);
}

pub(crate) fn disk_msg(a: &mut App, m: disk::Message) {
    send(a, Message::Disk(m));
}

/// On the disk page with the manual layout chosen.
pub(crate) fn manual(firmware: &str) -> App {
    let mut a = app("en");
    send(&mut a, Message::Probed(Ok(probe(firmware))));
    for _ in 0..3 {
        send(&mut a, Message::Next);
    }
    assert_eq!(a.page, Page::Disk);
    disk_msg(&mut a, disk::Message::Layout(answers::Layout::Manual));
    a
}

pub(crate) fn ids(a: &App) -> Vec<&'static str> {
    a.disk.manual_problems().iter().map(|p| p.id).collect()
}

#[test]
fn the_manual_page_lists_the_disks_partitions() {
    let a = manual("uefi");
    let rows = &a.disk.rows;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].device.as_deref(), Some("/dev/vda1"));
    assert_eq!(rows[0].current_fs.as_deref(), Some("vfat"));
    assert_eq!(rows[1].current_label.as_deref(), Some("old-root"));
    assert!(rows.iter().all(|r| r.mount == MountChoice::Unused));
    // 32 GiB less 24.5 GiB of partitions, less the first MiB and the backup GPT.
    assert_eq!(a.disk.free_bytes(), 7 * GIB + 512 * MIB - 2 * MIB);
    // Nothing chosen yet: no root, no EFI partition; nothing shown before a change.
    assert_eq!(ids(&a), ["err-manual-no-root", "err-manual-no-esp"]);
    let _ = a.view();
}

#[test]
fn a_mount_point_brings_a_fitting_file_system_and_format_choice() {
    let mut a = manual("uefi");
    // The EFI partition is reused as it is.
    disk_msg(&mut a, disk::Message::Mount(0, MountChoice::Esp));
    let r = &a.disk.rows[0];
    assert_eq!((r.fs, r.formats()), (Some(PartFs::VFAT), false));
    // The root keeps its file system type but is always formatted.
    disk_msg(&mut a, disk::Message::Mount(1, MountChoice::Root));
    let r = &a.disk.rows[1];
    assert_eq!(r.fs, Some(PartFs::EXT4));
    assert!(r.formats() && r.format_forced());
    disk_msg(&mut a, disk::Message::Format(1, false));
    assert!(a.disk.rows[1].formats(), "the root can not be kept");
    // An empty partition gets the erase page's file system and must be formatted.
    disk_msg(&mut a, disk::Message::Mount(2, MountChoice::Home));
    let r = &a.disk.rows[2];
    assert_eq!((r.fs, r.formats()), (Some(PartFs::EXT4), true));
    // Only file systems that suit the mount point are taken.
    disk_msg(&mut a, disk::Message::PartFilesystem(2, PartFs::VFAT));
    assert_eq!(a.disk.rows[2].fs, Some(PartFs::EXT4));
    disk_msg(&mut a, disk::Message::PartFilesystem(2, PartFs::XFS));
    assert_eq!(a.disk.rows[2].fs, Some(PartFs::XFS));
    assert!(ids(&a).is_empty(), "{:?}", ids(&a));
    assert!(a.can_advance());
    // Back to unused: the partition is left alone again.
    disk_msg(&mut a, disk::Message::Mount(2, MountChoice::Unused));
    assert_eq!((a.disk.rows[2].fs, a.disk.rows[2].formats()), (None, false));
}

#[test]
fn problems_are_found_as_the_user_goes_and_shown_next_to_the_field() {
    let mut a = manual("uefi");
    disk_msg(&mut a, disk::Message::Mount(1, MountChoice::Root));
    disk_msg(&mut a, disk::Message::Mount(2, MountChoice::Root));
    let p = a.disk.manual_problems();
    assert!(
        p.iter().any(|p| p.at == At::Row(2, RowField::Mount)
            && p.id == "err-manual-mount-twice"
            && p.args == [("mount", "/".to_string())]),
        "{p:?}"
    );
    assert!(ids(&a).contains(&"err-manual-no-esp"));
    // An existing file system of another type must be formatted to be used.
    disk_msg(&mut a, disk::Message::Mount(2, MountChoice::Unused));
    disk_msg(&mut a, disk::Message::Mount(0, MountChoice::Home));
    assert!(a.disk.rows[0].formats(), "vfat for /home needs formatting");
    disk_msg(&mut a, disk::Message::Format(0, false));
    let p = a.disk.manual_problems();
    let other = p
        .iter()
        .find(|p| p.id == "err-manual-format-other")
        .expect("format required");
    assert_eq!(other.at, At::Row(0, RowField::Format));
    assert_eq!(
        a.tr.args(other.id, &other.args),
        "This partition holds vfat: format it to use it as ext4"
    );
    disk_msg(&mut a, disk::Message::Mount(0, MountChoice::Esp));
    disk_msg(&mut a, disk::Message::Mount(2, MountChoice::Swap));
    disk_msg(&mut a, disk::Message::Format(2, false));
    assert_eq!(ids(&a), ["err-manual-format-empty"]);
    disk_msg(&mut a, disk::Message::Format(2, true));
    assert!(ids(&a).is_empty(), "{:?}", ids(&a));

    // Sizes of new partitions: every refusal names its remedy, in the user's language.
    for (typed, id) in [
        ("20", "err-size-no-unit"),
        ("2GB", "err-size-decimal"),
        ("0MiB", "err-size-not-positive"),
        ("lots", "err-size-invalid"),
        ("8GiB", "err-manual-no-space"),
    ] {
        let mut b = manual("uefi");
        disk_msg(&mut b, disk::Message::Mount(0, MountChoice::Esp));
        disk_msg(&mut b, disk::Message::Mount(1, MountChoice::Root));
        disk_msg(&mut b, disk::Message::NewSize(typed.into()));
        disk_msg(&mut b, disk::Message::AddPartition);
        disk_msg(&mut b, disk::Message::Mount(3, MountChoice::Home));
        assert_eq!(ids(&b), [id], "{typed}");
        send(
            &mut b,
            Message::Welcome(welcome::Message::Language("de".into())),
        );
        let p = &b.disk.manual_problems()[0];
        let shown = b.tr.args(p.id, &p.args);
        assert!(!shown.is_empty() && shown != p.id, "{typed}: {shown}");
        let _ = b.view();
    }
    assert_eq!(
        a.tr.args(
            "err-size-decimal",
            &[("unit", "GB".into()), ("binary", "GiB".into())]
        ),
        "Use GiB instead of GB"
    );

    // `100%` only for the last new partition; a new partition needs a mount point.
    disk_msg(&mut a, disk::Message::NewSize("100%".into()));
    disk_msg(&mut a, disk::Message::AddPartition);
    disk_msg(&mut a, disk::Message::NewSize("1GiB".into()));
    disk_msg(&mut a, disk::Message::AddPartition);
    assert_eq!(a.disk.rows.len(), 5);
    assert_eq!(a.disk.new_size, "", "the add field empties");
    let p = a.disk.manual_problems();
    assert!(
        p.iter()
            .any(|p| p.at == At::Row(3, RowField::Size) && p.id == "err-manual-rest-last")
    );
    assert!(
        p.iter()
            .any(|p| p.at == At::Row(4, RowField::Mount) && p.id == "err-manual-new-unused")
    );
    // Only new partitions can be removed.
    disk_msg(&mut a, disk::Message::RemovePartition(0));
    assert_eq!(a.disk.rows.len(), 5);
    disk_msg(&mut a, disk::Message::RemovePartition(4));
    disk_msg(&mut a, disk::Message::Mount(3, MountChoice::Home));
    assert!(ids(&a).is_empty(), "{:?}", ids(&a));
}

#[test]
fn bios_machines_need_no_efi_partition() {
    let mut a = manual("bios");
    disk_msg(&mut a, disk::Message::Mount(1, MountChoice::Root));
    assert!(ids(&a).is_empty(), "{:?}", ids(&a));
}

#[test]
fn next_is_refused_and_explains_until_the_layout_is_complete() {
    let mut a = manual("uefi");
    assert!(!a.can_advance());
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Disk);
    assert!(a.disk.show_errors);
    let _ = a.view();
    disk_msg(&mut a, disk::Message::Mount(0, MountChoice::Esp));
    disk_msg(&mut a, disk::Message::Mount(1, MountChoice::Root));
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Users);
}

#[test]
fn another_disk_brings_its_own_partitions() {
    let mut p = probe("uefi");
    p.disks.push(DiskDto {
        path: "/dev/vdb".into(),
        size_bytes: 8 * GIB,
        ..DiskDto::default()
    });
    let mut a = app("en");
    send(&mut a, Message::Probed(Ok(p)));
    disk_msg(&mut a, disk::Message::Layout(answers::Layout::Manual));
    disk_msg(&mut a, disk::Message::Mount(1, MountChoice::Root));
    disk_msg(&mut a, disk::Message::Disk(1));
    assert!(a.disk.rows.is_empty());
    assert_eq!(a.disk.free_bytes(), 8 * GIB - 2 * MIB);
    disk_msg(&mut a, disk::Message::Disk(0));
    assert_eq!(a.disk.rows.len(), 3);
    assert!(a.disk.rows.iter().all(|r| r.mount == MountChoice::Unused));
}

#[test]
fn the_manual_page_renders_in_every_language() {
    for lang in [
        "en", "de", "fr", "es", "it", "pt-BR", "pl", "ru", "ja", "zh-CN", "ar",
    ] {
        let mut a = manual("uefi");
        send(
            &mut a,
            Message::Welcome(welcome::Message::Language(lang.into())),
        );
        for m in a.demo_manual_layout() {
            disk_msg(&mut a, m);
        }
        disk_msg(&mut a, disk::Message::NewSize("2GB".into()));
        disk_msg(&mut a, disk::Message::AddPartition);
        send(&mut a, Message::Next);
        assert_eq!(a.page, Page::Disk, "{lang}");
        let _ = a.view();
        for id in ["disk-manual", "manual-unused", "err-manual-no-space"] {
            assert_ne!(a.tr.t(id), id, "{lang}: {id}");
        }
    }
}

/// The demo layout, through the users page to the documents.
fn documents() -> answers::Documents {
    let mut a = manual("uefi");
    // Encryption chosen on the erase layout does not follow into the manual one.
    disk_msg(&mut a, disk::Message::Encrypt(true));
    disk_msg(&mut a, disk::Message::Swap(answers::SwapChoice::Partition));
    disk_msg(&mut a, disk::Message::Layout(answers::Layout::Manual));
    for m in a.demo_manual_layout() {
        disk_msg(&mut a, m);
    }
    disk_msg(&mut a, disk::Message::Mount(2, MountChoice::Home));
    assert!(ids(&a).is_empty(), "{:?}", ids(&a));
    send(&mut a, Message::Next);
    for m in [
        users::Message::FullName("Lain Iwakura".into()),
        users::Message::Password("Wired-7-protocol".into()),
        users::Message::PasswordConfirm("Wired-7-protocol".into()),
    ] {
        send(&mut a, Message::Users(m));
    }
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Summary);
    a.planned.clone().expect("documents")
}

#[test]
fn the_manual_answer_document_is_valid_and_lists_the_partitions() {
    let docs = documents();
    assert_eq!(docs.for_service, docs.for_file, "no passphrase: one form");
    let yaml = &docs.for_file;
    assert!(yaml.contains("layout: manual"), "{yaml}");
    assert!(!yaml.contains("filesystem: ext4\n  swap"), "{yaml}");
    let parsed = lainos_config::parse_answer_file(yaml);
    assert!(!parsed.has_errors(), "{:#?}\n{yaml}", parsed.issues);
    let f = parsed.value.expect("a value");
    let s = &f.storage;
    assert_eq!(s.layout, Layout::Manual);
    assert!(s.filesystem.is_none() && s.encryption.is_none());
    assert_eq!(s.swap.kind, SwapKind::None);
    let got: Vec<_> = s
        .partitions
        .iter()
        .map(|p| {
            (
                p.device.clone(),
                p.size,
                p.mountpoint.clone(),
                p.filesystem,
                p.format,
            )
        })
        .collect();
    let mp = |s: &str| Mountpoint::Path(s.into());
    assert_eq!(
        got,
        [
            (
                Some(PathBuf::from("/dev/vda1")),
                None,
                mp("/boot/efi"),
                PartitionFilesystem::Vfat,
                false
            ),
            (
                Some(PathBuf::from("/dev/vda2")),
                None,
                mp("/"),
                PartitionFilesystem::Ext4,
                true
            ),
            (
                Some(PathBuf::from("/dev/vda3")),
                None,
                mp("/home"),
                PartitionFilesystem::Ext4,
                true
            ),
            (
                None,
                Some(Size::Bytes(2 * GIB)),
                Mountpoint::Swap,
                PartitionFilesystem::Swap,
                true
            ),
        ]
    );
}

/// The engine's view of the probed disk: the same partitions, on GPT, with offsets.
pub(crate) fn machine() -> (
    lainos_engine::probe::MachineInfo,
    lainos_engine::probe::DiskInfo,
) {
    use lainos_engine::probe::{
        DiskInfo, Firmware, FsInfo, MachineInfo, PartitionInfo, TableKind, Transport,
    };
    let part = |n: u32, start: u64, size: u64, fs: Option<&str>| PartitionInfo {
        path: format!("/dev/vda{n}").into(),
        number: n,
        start_bytes: start,
        size_bytes: size,
        fs: fs.map(|t| FsInfo {
            fstype: t.into(),
            label: None,
            uuid: Some(
                if t == "vfat" {
                    "ABCD-0001"
                } else {
                    "1111-2222"
                }
                .into(),
            ),
            version: None,
        }),
        part_type: None,
        part_uuid: None,
        part_label: None,
        mountpoints: vec![],
        swap_active: false,
    };
    let disk = DiskInfo {
        path: "/dev/vda".into(),
        name: "vda".into(),
        size_bytes: 32 * GIB,
        logical_sector_size: 512,
        physical_sector_size: 512,
        model: Some("QEMU HARDDISK".into()),
        serial: None,
        transport: Transport::Virtio,
        removable: false,
        read_only: false,
        rotational: false,
        table: Some(TableKind::Gpt),
        filesystem: None,
        partitions: vec![
            part(1, MIB, 512 * MIB, Some("vfat")),
            part(2, 513 * MIB, 20 * GIB, Some("ext4")),
            part(3, 513 * MIB + 20 * GIB, 4 * GIB, None),
        ],
        mounted: vec![],
        swap_active: false,
        holders: vec![],
        is_live_medium: false,
        backing_file: None,
        identify_error: None,
    };
    let m = MachineInfo {
        firmware: Firmware::Uefi,
        ram_bytes: 4 * GIB,
        disks: vec![disk.clone()],
        live_medium: None,
    };
    (m, disk)
}

/// The engine's plan for an answer document of the GUI on a described machine, with
/// the LainOS profile and a system image of `image_bytes` unpacked; or its issues.
pub(crate) fn resolve_document(
    yaml: &str,
    m: &lainos_engine::probe::MachineInfo,
    d: &lainos_engine::probe::DiskInfo,
    image_bytes: u64,
) -> Result<lainos_engine::plan::InstallPlan, Vec<lainos_config::Issue>> {
    use lainos_engine::resolve::{CountingIds, ResolveInput, ResolveOptions, resolve};
    use lainos_engine::source::SourceInfo;

    let parsed = lainos_config::parse_answer_file(yaml);
    assert!(!parsed.has_errors(), "{:#?}\n{yaml}", parsed.issues);
    let answers = parsed.value.expect("valid");
    let profile_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../iso-profile/airootfs/etc/lainos-installer/profile.yaml");
    let profile = lainos_config::parse_profile(&std::fs::read_to_string(profile_path).unwrap())
        .value
        .expect("the profile parses");
    let input = ResolveInput {
        answers: &answers,
        profile: &profile,
        machine: m,
        disk: Some(d),
        source: Ok(SourceInfo {
            path: "/run/initramfs/live/arch/x86_64/airootfs.sfs".into(),
            compressed_bytes: image_bytes / 3,
            uncompressed_bytes: image_bytes,
            inodes: 250_000,
            compression: "zstd".into(),
            programs: None,
        }),
        options: ResolveOptions::default(),
    };
    resolve(input, &mut CountingIds::default()).map(|(plan, _warnings)| plan)
}

#[test]
fn the_engine_plans_the_manual_document() {
    use lainos_engine::plan::{Action, PartKind};

    let docs = documents();
    let (m, d) = machine();
    let plan = match resolve_document(&docs.for_service, &m, &d, 6 * GIB) {
        Ok(p) => p,
        Err(issues) => panic!("the engine refused the GUI's manual layout: {issues:#?}"),
    };
    // Nothing is wiped; the swap partition is added to the existing table; the EFI
    // partition is reused; the root and /home are formatted.
    let mut formatted = vec![];
    let mut added = vec![];
    for a in &plan.actions {
        match a {
            Action::WipeDisk { .. } => panic!("a manual layout wipes the disk"),
            Action::WritePartitionTable {
                fresh, partitions, ..
            } => {
                assert!(!fresh);
                added.extend(partitions.iter().map(|p| (p.device.clone(), p.kind)));
            }
            Action::Format { device, .. } => formatted.push(device.clone()),
            _ => {}
        }
    }
    assert_eq!(added, [(PathBuf::from("/dev/vda4"), PartKind::Swap)]);
    assert_eq!(
        formatted,
        [
            PathBuf::from("/dev/vda2"),
            PathBuf::from("/dev/vda3"),
            PathBuf::from("/dev/vda4")
        ]
    );
    assert_eq!(plan.kept_partitions, [PathBuf::from("/dev/vda1")]);
}
