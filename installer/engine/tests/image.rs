//! Plans in image mode (`install --image FILE --size SIZE`): the loop device of the
//! image replaces `storage.disk`, the image boots with BIOS and UEFI, the root is the
//! last partition, and what cannot go into an image shared by many machines is refused.

use std::path::{Path, PathBuf};

use lainos_config::parse_answer_file;
use lainos_config::parse_profile;
use lainos_engine::image::ImageTarget;
use lainos_engine::plan::{Action, BootFirmware, InstallPlan, PartKind};
use lainos_engine::probe::{DiskInfo, Firmware, MachineInfo, Transport};
use lainos_engine::resolve::{CountingIds, ResolveInput, ResolveOptions, resolve};
use lainos_engine::source::SourceInfo;

const GIB: u64 = 1 << 30;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn loop_disk(size: u64) -> DiskInfo {
    DiskInfo {
        path: "/dev/loop4".into(),
        name: "loop4".into(),
        size_bytes: size,
        logical_sector_size: 512,
        physical_sector_size: 512,
        model: None,
        serial: None,
        transport: Transport::Loop,
        removable: false,
        read_only: false,
        rotational: false,
        table: None,
        filesystem: None,
        partitions: Vec::new(),
        mounted: Vec::new(),
        swap_active: false,
        holders: Vec::new(),
        is_live_medium: false,
        backing_file: Some("/srv/oem.img".into()),
        identify_error: None,
    }
}

/// Resolves `storage` (an answer-file fragment) for an image of `size` bytes built on
/// a machine booted with BIOS.
fn image_plan(storage: &str, size: u64) -> Result<(InstallPlan, Vec<String>), Vec<String>> {
    let profile = parse_profile(
        &std::fs::read_to_string(repo().join("tests/profiles/debian-openrc.yaml")).unwrap(),
    )
    .value
    .unwrap();
    let a = parse_answer_file(&format!(
        "version: 1\nstorage: {storage}\nsystem: {{ hostname: factory-01 }}\noem: {{ enabled: true }}\nfinish: none\n"
    ));
    assert!(!a.has_errors(), "{:#?}", a.issues);
    let a = a.value.unwrap();
    let d = loop_disk(size);
    let m = MachineInfo {
        firmware: Firmware::Bios,
        ram_bytes: 4 * GIB,
        disks: vec![d.clone()],
        live_medium: Some("/dev/sr0".into()),
    };
    let input = ResolveInput {
        answers: &a,
        profile: &profile,
        machine: &m,
        disk: Some(&d),
        source: Ok(SourceInfo {
            path: "/run/initramfs/live/live/rootfs.sfs".into(),
            compressed_bytes: GIB / 2,
            uncompressed_bytes: 3 * GIB / 2,
            inodes: 40_000,
            compression: "zstd".into(),
            programs: None,
        }),
        options: ResolveOptions {
            image_mode: true,
            firstboot_binary: Some("/usr/bin/lainos-firstboot".into()),
        },
    };
    let show = |v: Vec<lainos_config::Issue>| v.iter().map(ToString::to_string).collect();
    resolve(input, &mut CountingIds::default())
        .map(|(p, w)| (p, show(w)))
        .map_err(show)
}

#[test]
fn an_image_boots_with_bios_and_uefi_and_its_root_is_last() {
    let (mut plan, warnings) = image_plan(
        "{ disk: /dev/vda, layout: erase, filesystem: ext4 }",
        4 * GIB,
    )
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(plan.firmware, BootFirmware::Both);
    assert_eq!(plan.disk, Path::new("/dev/loop4"));
    let parts = plan
        .actions
        .iter()
        .find_map(|a| match a {
            Action::WritePartitionTable { partitions, .. } => Some(partitions.clone()),
            _ => None,
        })
        .unwrap();
    let kinds: Vec<PartKind> = parts.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PartKind::BiosBoot, PartKind::Esp, PartKind::Root]);
    assert_eq!(parts[2].device, Path::new("/dev/loop4p3"));
    // The root ends at the last 1 MiB boundary before the backup GPT.
    let last_usable = 4 * GIB / 512 - 34;
    assert_eq!(parts[2].end_lba, (last_usable + 1) / 2048 * 2048 - 1);
    let boot = plan
        .actions
        .iter()
        .find_map(|a| match a {
            Action::InstallBootloader { firmware, .. } => Some(*firmware),
            _ => None,
        })
        .unwrap();
    assert_eq!(boot, BootFirmware::Both);

    plan.image = Some(ImageTarget {
        file: "/srv/oem.img".into(),
        size_bytes: 4 * GIB,
        loop_device: "/dev/loop4".into(),
        answered_disk: "/dev/vda".into(),
    });
    let text = plan.render();
    assert!(
        text.starts_with("Install into the disk image /srv/oem.img (4.0 GiB), attached as /dev/loop4; storage.disk (/dev/vda) of the answer file is replaced by it and not touched\n"),
        "{text}"
    );
    assert!(text.contains("booting with BIOS and UEFI"), "{text}");
    assert!(
        text.contains("install GRUB i386-pc on /dev/loop4 and GRUB x86_64-efi in /boot/efi"),
        "{text}"
    );
    // The plan as JSON says it too, and reads back.
    let json = serde_json::to_string(&plan).unwrap();
    let back: InstallPlan = serde_json::from_str(&json).unwrap();
    assert_eq!(back.image, plan.image);
}

#[test]
fn a_swap_partition_comes_before_the_root() {
    let (plan, _) = image_plan(
        "{ disk: /dev/vda, layout: erase, filesystem: btrfs, swap: { kind: partition, size: 512MiB } }",
        6 * GIB,
    )
    .unwrap();
    let parts = plan
        .actions
        .iter()
        .find_map(|a| match a {
            Action::WritePartitionTable { partitions, .. } => Some(partitions.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(parts.last().unwrap().kind, PartKind::Root);
}

#[test]
fn what_cannot_go_into_an_image_is_refused() {
    let e = image_plan(
        "{ disk: /dev/vda, layout: erase, encryption: { passphrase: x } }",
        8 * GIB,
    )
    .unwrap_err();
    assert!(
        e.iter().any(|i| i.starts_with(
            "storage.encryption: every copy of an image would share the same LUKS key"
        )),
        "{e:?}"
    );
    let e = image_plan(
        "{ disk: /dev/vda, layout: manual, partitions: [{ size: 4GiB, mountpoint: /, filesystem: ext4, format: true }] }",
        8 * GIB,
    )
    .unwrap_err();
    assert!(
        e.iter()
            .any(|i| i.starts_with("storage.layout: an image starts empty")),
        "{e:?}"
    );
    let (_, w) = image_plan("{ disk: /dev/vda, layout: erase, firmware: bios }", 8 * GIB).unwrap();
    assert_eq!(
        w,
        [
            "storage.firmware: an image boots with BIOS and UEFI: the firmware answer is not used with --image"
        ]
    );
}

#[test]
fn a_too_small_image_says_how_much_it_needs() {
    let e = image_plan("{ disk: /dev/vda, layout: erase }", GIB).unwrap_err();
    assert!(
        e.iter()
            .any(|i| i
                .starts_with("storage.disk: /dev/loop4 is 1.0 GiB; this layout needs at least")),
        "{e:?}"
    );
}
