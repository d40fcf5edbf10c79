//! Plans for typical answer files against a described machine, as insta snapshots:
//! every action, every partition boundary and every written file is reviewed when it
//! changes. Identifiers come from `CountingIds`, so the snapshots are stable.

use std::path::{Path, PathBuf};

use lainos_config::profile::Profile;
use lainos_config::{parse_answer_file, parse_profile};
use lainos_engine::plan::{Action, Content};
use lainos_engine::probe::{
    DiskInfo, Firmware, FsInfo, MachineInfo, PartitionInfo, TableKind, Transport,
};
use lainos_engine::resolve::{CountingIds, ResolveInput, ResolveOptions, resolve};
use lainos_engine::source::SourceInfo;

const GIB: u64 = 1 << 30;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn disk(path: &str, size: u64) -> DiskInfo {
    DiskInfo {
        path: path.into(),
        name: Path::new(path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into(),
        size_bytes: size,
        logical_sector_size: 512,
        physical_sector_size: 512,
        model: Some("QEMU HARDDISK".into()),
        serial: None,
        transport: Transport::Virtio,
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
        backing_file: None,
        identify_error: None,
    }
}

fn machine(firmware: Firmware, disks: Vec<DiskInfo>) -> MachineInfo {
    MachineInfo {
        firmware,
        ram_bytes: 4 * GIB,
        disks,
        live_medium: Some("/dev/sr0".into()),
    }
}

fn source() -> SourceInfo {
    SourceInfo {
        path: "/run/initramfs/live/arch/x86_64/airootfs.sfs".into(),
        compressed_bytes: 2 * GIB,
        uncompressed_bytes: 6 * GIB,
        inodes: 250_000,
        compression: "zstd".into(),
        programs: Some(
            ["cryptsetup", "dracut", "grub-install", "os-prober"]
                .map(String::from)
                .into(),
        ),
    }
}

fn lainos_profile() -> Profile {
    let profile_text = std::fs::read_to_string(
        repo().join("iso-profile/airootfs/etc/lainos-installer/profile.yaml"),
    )
    .unwrap();
    parse_profile(&profile_text).value.unwrap()
}

fn plan_text(answers: &str, m: &MachineInfo, d: &DiskInfo) -> String {
    plan_text_with(answers, m, d, &lainos_profile(), source(), &[])
}

/// The plan (or the refusal) as text; `files` adds the content of those written files.
fn plan_text_with(
    answers: &str,
    m: &MachineInfo,
    d: &DiskInfo,
    profile: &Profile,
    src: SourceInfo,
    files: &[&str],
) -> String {
    let parsed = parse_answer_file(answers);
    assert!(!parsed.has_errors(), "{:#?}", parsed.issues);
    let a = parsed.value.unwrap();
    let input = ResolveInput {
        answers: &a,
        profile,
        machine: m,
        disk: Some(d),
        source: Ok(src),
        options: ResolveOptions::default(),
    };
    match resolve(input, &mut CountingIds::default()) {
        Ok((plan, warnings)) => {
            let mut s = plan.render();
            for w in warnings {
                s.push_str(&format!("issue: {w}\n"));
            }
            for f in files {
                let text = plan
                    .actions
                    .iter()
                    .find_map(|a| match a {
                        Action::WriteFile {
                            path,
                            content: Content::Text(t),
                            ..
                        } if path == f => Some(t.clone()),
                        _ => None,
                    })
                    .unwrap_or_else(|| panic!("the plan writes no {f}:\n{s}"));
                s.push_str(&format!("\n----- {f}\n{text}"));
            }
            s
        }
        Err(issues) => issues.iter().map(|i| format!("error: {i}\n")).collect(),
    }
}

const USERS: &str = r#"
system: { hostname: wired-01 }
users:
  - name: lain
    password_hash: "$6$lainsalt$PCEusZwnVDcpMzQbe0TSXh4lGbnGvYKxO8QnHQFbhQ2GfYkOdNUu0dFGnxdwvl2ePKPR5p8HNzFbQkvmO6Jvn0"
    admin: true
finish: none
"#;

#[test]
fn uefi_btrfs_separate_boot_swapfile() {
    let d = disk("/dev/nvme0n1", 256 * GIB);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/nvme0n1, layout: erase, filesystem: btrfs, separate_boot: true, swap: {{ kind: file, size: 4GiB }} }}\nlocale: {{ language: de_CH.UTF-8, timezone: Europe/Zurich, keyboard: {{ layout: ch, variant: fr }} }}\n{USERS}"
    );
    insta::assert_snapshot!(plan_text(&a, &m, &d));
}

#[test]
fn bios_ext4_swap_partition() {
    let d = disk("/dev/vda", 32 * GIB);
    let m = machine(Firmware::Bios, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/vda, layout: erase, filesystem: ext4, swap: {{ kind: partition, size: 2GiB }} }}\n{USERS}"
    );
    insta::assert_snapshot!(plan_text(&a, &m, &d));
}

#[test]
fn bios_xfs_no_swap() {
    let d = disk("/dev/sda", 64 * GIB);
    let m = machine(Firmware::Bios, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/sda, layout: erase, filesystem: xfs }}\n{USERS}"
    );
    insta::assert_snapshot!(plan_text(&a, &m, &d));
}

#[test]
fn refusals_are_located_on_storage_disk() {
    // The live medium, a disk with a mounted partition and a too small disk.
    let mut live = disk("/dev/sdb", 32 * GIB);
    live.is_live_medium = true;
    let mut busy = disk("/dev/sdc", 32 * GIB);
    busy.table = Some(TableKind::Gpt);
    busy.partitions.push(PartitionInfo {
        path: "/dev/sdc1".into(),
        number: 1,
        start_bytes: 1 << 20,
        size_bytes: 31 * GIB,
        fs: Some(FsInfo {
            fstype: "ext4".into(),
            label: Some("data".into()),
            uuid: Some("1111".into()),
            version: None,
        }),
        part_type: None,
        part_uuid: None,
        part_label: None,
        mountpoints: vec!["/mnt/data".into()],
        swap_active: false,
    });
    busy.mounted.push("/mnt/data".into());
    let small = disk("/dev/sdd", 4 * GIB);
    let m = machine(
        Firmware::Bios,
        vec![live.clone(), busy.clone(), small.clone()],
    );
    let mut out = String::new();
    for d in [&live, &busy, &small] {
        let a = format!(
            "version: 1\nstorage: {{ disk: {}, layout: erase }}\n{USERS}",
            d.path.display()
        );
        let text = plan_text(&a, &m, d);
        assert!(
            text.starts_with("error: "),
            "{} was accepted:\n{text}",
            d.path.display()
        );
        out.push_str(&text);
    }
    insta::assert_snapshot!(out);
}

// --- encryption (issue 9) -----------------------------------------------------------

const PASSPHRASE: &str = "correct horse battery staple";

/// Files whose content an encrypted plan is reviewed by.
const CRYPT_FILES: &[&str] = &[
    "/etc/fstab",
    "/etc/crypttab",
    "/etc/conf.d/dmcrypt",
    "/etc/dracut.conf.d/91-lainos-crypt.conf",
    "/etc/default/grub",
];

fn assert_no_passphrase(text: &str) {
    assert!(
        !text.contains(PASSPHRASE),
        "the passphrase leaked into the plan:\n{text}"
    );
}

#[test]
fn uefi_btrfs_luks() {
    let d = disk("/dev/vda", 32 * GIB);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    // The profile's default is a separate /boot; a swap partition is encrypted too.
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/vda, layout: erase, filesystem: btrfs, swap: {{ kind: partition, size: 1GiB }}, encryption: {{ passphrase: \"{PASSPHRASE}\" }} }}\nlocale: {{ keyboard: {{ layout: ch, variant: fr }} }}\n{USERS}"
    );
    let text = plan_text_with(&a, &m, &d, &lainos_profile(), source(), CRYPT_FILES);
    assert_no_passphrase(&text);
    insta::assert_snapshot!(text);
}

#[test]
fn bios_ext4_sepboot_luks() {
    let d = disk("/dev/sda", 32 * GIB);
    let m = machine(Firmware::Bios, vec![d.clone()]);
    let file = std::env::temp_dir().join("lainos-plans-test-passphrase");
    std::fs::write(&file, format!("{PASSPHRASE}\n")).unwrap();
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/sda, layout: erase, filesystem: ext4, separate_boot: true, encryption: {{ passphrase_file: {} }} }}\n{USERS}",
        file.display()
    );
    let text = plan_text_with(&a, &m, &d, &lainos_profile(), source(), CRYPT_FILES)
        .replace(&file.display().to_string(), "<passphrase file>");
    assert_no_passphrase(&text);
    insta::assert_snapshot!(text);
}

#[test]
fn luks_plan_json_has_no_passphrase() {
    let d = disk("/dev/vda", 32 * GIB);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/vda, layout: erase, encryption: {{ passphrase: \"{PASSPHRASE}\" }} }}\n{USERS}"
    );
    let parsed = parse_answer_file(&a);
    let answers = parsed.value.unwrap();
    let profile = lainos_profile();
    let input = ResolveInput {
        answers: &answers,
        profile: &profile,
        machine: &m,
        disk: Some(&d),
        source: Ok(source()),
        options: ResolveOptions::default(),
    };
    let (plan, _) = resolve(input, &mut CountingIds::default()).expect("a plan");
    let json = serde_json::to_string(&plan).unwrap();
    assert!(json.contains("\"clear\":\"<redacted>\""), "{json}");
    assert_no_passphrase(&json);
    assert_no_passphrase(&format!("{plan:?}"));
}

/// An encrypted root with /boot inside it: GRUB would need cryptodisk.
#[test]
fn refused_luks_without_separate_boot() {
    let d = disk("/dev/vda", 32 * GIB);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/vda, layout: erase, separate_boot: false, encryption: {{ passphrase: \"{PASSPHRASE}\" }} }}\n{USERS}"
    );
    let text = plan_text(&a, &m, &d);
    assert!(text.starts_with("error: storage.separate_boot: "), "{text}");
    insta::assert_snapshot!(text);
}

fn gpt_disk(with_esp: bool) -> DiskInfo {
    let mut d = disk("/dev/vdb", 64 * GIB);
    d.table = Some(TableKind::Gpt);
    let part = |n: u32, start: u64, size: u64, fs: &str, ty: &str| PartitionInfo {
        path: format!("/dev/vdb{n}").into(),
        number: n,
        start_bytes: start,
        size_bytes: size,
        fs: Some(FsInfo {
            fstype: fs.into(),
            label: None,
            uuid: Some(format!("{n}{n}{n}{n}-{n}{n}{n}{n}")),
            version: None,
        }),
        part_type: Some(ty.into()),
        part_uuid: Some(format!("aaaaaaaa-0000-4000-8000-00000000000{n}")),
        part_label: None,
        mountpoints: Vec::new(),
        swap_active: false,
    };
    if with_esp {
        d.partitions.push(part(
            1,
            1 << 20,
            512 << 20,
            "vfat",
            "C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
        ));
    }
    d.partitions.push(part(
        2,
        1 << 30,
        40 * GIB,
        "ext4",
        "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
    ));
    d
}

/// A manual layout, / encrypted, and no unencrypted /boot.
#[test]
fn refused_manual_luks_without_boot() {
    let d = gpt_disk(true);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage:\n  disk: /dev/vdb\n  layout: manual\n  encryption: {{ passphrase: \"{PASSPHRASE}\" }}\n  partitions:\n    - {{ device: /dev/vdb1, mountpoint: /boot/efi, filesystem: vfat, format: false }}\n    - {{ device: /dev/vdb2, mountpoint: /, filesystem: ext4, format: true }}\n{USERS}"
    );
    let text = plan_text(&a, &m, &d);
    assert!(text.contains("error: storage.partitions: "), "{text}");
    insta::assert_snapshot!(text);
}

/// A UEFI machine and no EFI system partition in the layout.
#[test]
fn refused_manual_uefi_without_esp() {
    let d = gpt_disk(false);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage:\n  disk: /dev/vdb\n  layout: manual\n  partitions:\n    - {{ device: /dev/vdb2, mountpoint: /, filesystem: ext4, format: true }}\n{USERS}"
    );
    let text = plan_text(&a, &m, &d);
    assert!(
        text.contains("error: storage.partitions: a UEFI install needs an EFI system partition"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

/// A root filesystem the profile's initramfs cannot mount (erase and manual).
#[test]
fn refused_root_filesystem_the_initramfs_cannot_mount() {
    let mut profile = lainos_profile();
    profile.initramfs.root_filesystems = vec![
        lainos_config::answer::RootFilesystem::Ext4,
        lainos_config::answer::RootFilesystem::Btrfs,
    ];
    let d = disk("/dev/vda", 32 * GIB);
    let m = machine(Firmware::Bios, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/vda, layout: erase, filesystem: xfs }}\n{USERS}"
    );
    let mut text = plan_text_with(&a, &m, &d, &profile, source(), &[]);
    assert!(text.starts_with("error: storage.filesystem: "), "{text}");
    let g = gpt_disk(true);
    let m = machine(Firmware::Uefi, vec![g.clone()]);
    let a = format!(
        "version: 1\nstorage:\n  disk: /dev/vdb\n  layout: manual\n  partitions:\n    - {{ device: /dev/vdb1, mountpoint: /boot/efi, filesystem: vfat, format: false }}\n    - {{ device: /dev/vdb2, mountpoint: /, filesystem: xfs, format: true }}\n{USERS}"
    );
    let manual = plan_text_with(&a, &m, &g, &profile, source(), &[]);
    assert!(
        manual.contains("error: storage.partitions[1].filesystem: "),
        "{manual}"
    );
    text.push_str(&manual);
    insta::assert_snapshot!(text);
}

/// Encryption asked for, and the system image has no cryptsetup.
#[test]
fn refused_luks_without_cryptsetup_in_the_image() {
    let d = disk("/dev/vda", 32 * GIB);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let mut src = source();
    src.programs = Some(["dracut", "grub-install"].map(String::from).into());
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/vda, layout: erase, encryption: {{ passphrase: \"{PASSPHRASE}\" }} }}\n{USERS}"
    );
    let text = plan_text_with(&a, &m, &d, &lainos_profile(), src, &[]);
    assert!(text.starts_with("error: storage.encryption: "), "{text}");
    insta::assert_snapshot!(text);
}

/// A passphrase file that is not there, or empty.
#[test]
fn refused_luks_passphrase_file_missing_or_empty() {
    let d = disk("/dev/vda", 32 * GIB);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let empty = std::env::temp_dir().join("lainos-plans-test-empty-passphrase");
    std::fs::write(&empty, "\n").unwrap();
    let mut out = String::new();
    for f in [Path::new("/nonexistent/lainos-passphrase"), empty.as_path()] {
        let a = format!(
            "version: 1\nstorage: {{ disk: /dev/vda, layout: erase, encryption: {{ passphrase_file: {} }} }}\n{USERS}",
            f.display()
        );
        let text = plan_text(&a, &m, &d).replace(&empty.display().to_string(), "<empty file>");
        assert!(
            text.starts_with("error: storage.encryption.passphrase_file: "),
            "{text}"
        );
        out.push_str(&text);
    }
    insta::assert_snapshot!(out);
}

// --- OEM factory installs (issue 8) --------------------------------------------------

/// The plan for a profile file and resolve options (the OEM tests set the first-boot binary).
fn plan_text_opts(
    profile: &str,
    options: ResolveOptions,
    answers: &str,
    m: &MachineInfo,
    d: &DiskInfo,
) -> String {
    let profile_text = std::fs::read_to_string(repo().join(profile)).unwrap();
    let profile = parse_profile(&profile_text).value.unwrap();
    let parsed = parse_answer_file(answers);
    assert!(!parsed.has_errors(), "{:#?}", parsed.issues);
    let a = parsed.value.unwrap();
    let input = ResolveInput {
        answers: &a,
        profile: &profile,
        machine: m,
        disk: Some(d),
        source: Ok(source()),
        options,
    };
    match resolve(input, &mut CountingIds::default()) {
        Ok((plan, warnings)) => {
            let mut s = plan.render();
            for w in warnings {
                s.push_str(&format!("issue: {w}\n"));
            }
            s
        }
        Err(issues) => issues.iter().map(|i| format!("error: {i}\n")).collect(),
    }
}

const OEM: &str = "system: { hostname: factory-01 }\noem: { enabled: true, batch_id: \"2024-W31 line 3\" }\nfinish: poweroff\n";

#[test]
fn oem_factory_install_lainos() {
    // No user, the batch and setup's needs recorded, the journal armed, the packaged
    // first-boot service enabled in `boot`.
    let d = disk("/dev/sda", 64 * GIB);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/sda, layout: erase, filesystem: ext4 }}\n{OEM}"
    );
    let text = plan_text(&a, &m, &d);
    assert!(!text.contains("create user"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn oem_factory_install_copies_firstboot_when_the_profile_says_so() {
    let d = disk("/dev/vda", 16 * GIB);
    let m = machine(Firmware::Bios, vec![d.clone()]);
    let a = format!("version: 1\nstorage: {{ disk: /dev/vda, layout: erase }}\n{OEM}");
    let profile = "tests/profiles/debian-openrc.yaml";
    let refused = plan_text_opts(profile, ResolveOptions::default(), &a, &m, &d);
    assert_eq!(
        refused,
        "error: oem.enabled: the profile `debian-openrc` asks lainos-install to copy `lainos-firstboot` into the installed system (oem.provide: copy), but there is none beside lainos-install\n"
    );
    let opts = ResolveOptions {
        firstboot_binary: Some("/usr/libexec/lainos/lainos-firstboot".into()),
        ..ResolveOptions::default()
    };
    insta::assert_snapshot!(plan_text_opts(profile, opts, &a, &m, &d));
}

#[test]
fn oem_files_written_into_the_target() {
    use lainos_engine::plan::{Action, Content};
    let profile = parse_profile(
        &std::fs::read_to_string(
            repo().join("iso-profile/airootfs/etc/lainos-installer/profile.yaml"),
        )
        .unwrap(),
    )
    .value
    .unwrap();
    let a = parse_answer_file(&format!(
        "version: 1\nstorage: {{ disk: /dev/sda, layout: erase }}\n{OEM}"
    ))
    .value
    .unwrap();
    let d = disk("/dev/sda", 64 * GIB);
    let m = machine(Firmware::Bios, vec![d.clone()]);
    let input = ResolveInput {
        answers: &a,
        profile: &profile,
        machine: &m,
        disk: Some(&d),
        source: Ok(source()),
        options: ResolveOptions::default(),
    };
    let (plan, _) = resolve(input, &mut CountingIds::default()).unwrap();
    let mut out = String::new();
    for act in &plan.actions {
        if let Action::WriteFile {
            path,
            content: Content::Text(t),
            ..
        } = act
            && (path.contains("firstboot") || path.contains("/lainos/"))
        {
            out.push_str(&format!("--- {path}\n{t}"));
        }
    }
    insta::assert_snapshot!(out);
}

/// The position of the first action matching `f`, or a panic that shows the plan.
fn position(plan: &lainos_engine::plan::InstallPlan, f: impl Fn(&Action) -> bool) -> usize {
    plan.actions
        .iter()
        .position(f)
        .unwrap_or_else(|| panic!("no such action in\n{}", plan.render()))
}

fn resolve_ok(answers: &str, m: &MachineInfo, d: &DiskInfo) -> lainos_engine::plan::InstallPlan {
    let parsed = parse_answer_file(answers);
    assert!(!parsed.has_errors(), "{:#?}", parsed.issues);
    let a = parsed.value.unwrap();
    let profile = lainos_profile();
    let input = ResolveInput {
        answers: &a,
        profile: &profile,
        machine: m,
        disk: Some(d),
        source: Ok(source()),
        options: ResolveOptions::default(),
    };
    match resolve(input, &mut CountingIds::default()) {
        Ok((plan, _)) => plan,
        Err(issues) => panic!("refused: {issues:#?}"),
    }
}

/// Alongside on UEFI: the existing ESP is reused (not formatted), the other
/// partition is listed as kept and untouched, the new partitions go into the largest
/// free space (41–64 GiB, not the 511 MiB gap), numbered after the existing ones.
#[test]
fn alongside_uefi_reuses_the_esp() {
    let d = gpt_disk(true);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/vdb, layout: alongside, filesystem: ext4, swap: {{ kind: file, size: 1GiB }} }}\n{USERS}"
    );
    let text = plan_text_with(
        &a,
        &m,
        &d,
        &lainos_profile(),
        source(),
        &["/etc/fstab", "/etc/default/grub"],
    );
    assert!(!text.contains("erase every"), "{text}");
    // The other system on the disk: GRUB's menu lists what os-prober finds.
    assert!(text.contains("GRUB_DISABLE_OS_PROBER=false"), "{text}");
    assert!(
        text.contains(
            "/dev/vdb1  512.0 MiB  vfat  the EFI system partition: GRUB's files are added"
        ),
        "{text}"
    );
    assert!(
        text.contains("/dev/vdb2  40.0 GiB  ext4  not used, not touched"),
        "{text}"
    );
    assert!(!text.contains("format /dev/vdb1"), "{text}");
    assert!(!text.contains("format /dev/vdb2"), "{text}");
    let plan = resolve_ok(&a, &m, &d);
    let Some(Action::WritePartitionTable {
        fresh, partitions, ..
    }) = plan
        .actions
        .iter()
        .find(|x| matches!(x, Action::WritePartitionTable { .. }))
    else {
        panic!("no partition table action")
    };
    assert!(!fresh);
    // The LainOS profile's separate /boot, then the root; no new ESP.
    let numbers: Vec<u32> = partitions.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [3, 4], "{partitions:#?}");
    assert_eq!(partitions[0].start_lba * 512, 41 * GIB);
    // What the GUI shows before the user chooses: the same region the plan fills.
    let (start, size) = lainos_engine::resolve::largest_free_region(&d).expect("free space");
    assert_eq!(start, 41 * GIB);
    let last = partitions.last().expect("partitions");
    assert!((last.end_lba + 1) * 512 <= start + size);
    assert!(size > 22 * GIB && size < 23 * GIB, "{size}");
    assert!(
        partitions
            .iter()
            .all(|p| p.type_guid != "C12A7328-F81F-11D2-BA4B-00A0C93EC93B")
    );
    insta::assert_snapshot!(text);
}

/// Alongside on BIOS with a separate /boot and a swap partition: a BIOS boot partition
/// is added (the disk has none) in the free space, with the others.
#[test]
fn alongside_bios_adds_a_bios_boot_partition() {
    let d = gpt_disk(false);
    let m = machine(Firmware::Bios, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage: {{ disk: /dev/vdb, layout: alongside, filesystem: xfs, separate_boot: true, swap: {{ kind: partition, size: 2GiB }} }}\n{USERS}"
    );
    // An image without os-prober: the plan warns that GRUB's menu will not list the
    // other system (whose BIOS boot code GRUB replaces), and does not enable it.
    let mut src = source();
    src.programs.as_mut().expect("programs").remove("os-prober");
    let text = plan_text_with(&a, &m, &d, &lainos_profile(), src, &["/etc/default/grub"]);
    assert!(text.contains("GRUB_DISABLE_OS_PROBER=true"), "{text}");
    assert!(
        text.contains("warning: storage.layout: the system image has no os-prober"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    let plan = resolve_ok(&a, &m, &d);
    let Some(Action::WritePartitionTable { partitions, .. }) = plan
        .actions
        .iter()
        .find(|x| matches!(x, Action::WritePartitionTable { .. }))
    else {
        panic!("no partition table action")
    };
    let numbers: Vec<u32> = partitions.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 3, 4, 5], "partition 2 is taken");
    assert!(partitions.iter().all(|p| p.start_lba * 512 >= 41 * GIB));
    assert_eq!(plan.kept_partitions, [PathBuf::from("/dev/vdb2")]);
}

/// Alongside needs a GPT with enough free space; each refusal names storage.layout.
#[test]
fn refused_alongside_layouts() {
    let a = format!("version: 1\nstorage: {{ disk: /dev/vdb, layout: alongside }}\n{USERS}");
    let mut out = String::new();
    // No room: the existing partition fills the disk but 3 GiB.
    let mut full = gpt_disk(true);
    full.size_bytes = 44 * GIB;
    let m = machine(Firmware::Uefi, vec![full.clone()]);
    out.push_str(&plan_text(&a, &m, &full));
    // A blank disk.
    let blank = disk("/dev/vdb", 64 * GIB);
    let m = machine(Firmware::Uefi, vec![blank.clone()]);
    out.push_str(&plan_text(&a, &m, &blank));
    // MBR.
    let mut mbr = gpt_disk(false);
    mbr.table = Some(TableKind::Mbr);
    let m = machine(Firmware::Bios, vec![mbr.clone()]);
    out.push_str(&plan_text(&a, &m, &mbr));
    // An "ESP" without a FAT filesystem.
    let mut bad_esp = gpt_disk(true);
    bad_esp.partitions[0].fs = None;
    let m = machine(Firmware::Uefi, vec![bad_esp.clone()]);
    out.push_str(&plan_text(&a, &m, &bad_esp));
    assert_eq!(out.matches("error: storage.layout: ").count(), 4, "{out}");
    insta::assert_snapshot!(out);
}

/// A reinstall keeping /home: the kept filesystem is mounted only after the image is
/// copied and the live user removed, and before users are created; its own UUID goes
/// into fstab; on btrfs the @home subvolume gives way to it.
#[test]
fn manual_keep_home() {
    let mut d = gpt_disk(true);
    d.partitions[1].fs.as_mut().unwrap().label = Some("home".into());
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage:\n  disk: /dev/vdb\n  layout: manual\n  partitions:\n    - {{ device: /dev/vdb1, mountpoint: /boot/efi, filesystem: vfat, format: false }}\n    - {{ device: /dev/vdb2, mountpoint: /home, filesystem: ext4, format: false }}\n    - {{ size: 100%, mountpoint: /, filesystem: btrfs, format: true }}\n{USERS}"
    );
    let text = plan_text_with(&a, &m, &d, &lainos_profile(), source(), &["/etc/fstab"]);
    assert!(
        text.contains("/dev/vdb2  40.0 GiB  ext4 \"home\"  mounted at /home, contents untouched"),
        "{text}"
    );
    assert!(text.contains("UUID=2222-2222"), "{text}");
    assert!(!text.contains("subvol=@home"), "{text}");
    let plan = resolve_ok(&a, &m, &d);
    let home = position(
        &plan,
        |x| matches!(x, Action::Mount { target, .. } if target == "/home"),
    );
    let unpack = position(&plan, |x| matches!(x, Action::Unpack { .. }));
    let remove_user = position(&plan, |x| matches!(x, Action::RemoveUser { .. }));
    let create_user = position(&plan, |x| matches!(x, Action::CreateUser { .. }));
    let esp = position(
        &plan,
        |x| matches!(x, Action::Mount { target, .. } if target == "/boot/efi"),
    );
    assert!(esp < unpack, "the ESP is mounted before the copy");
    assert!(
        unpack < home && remove_user < home && home < create_user,
        "{text}"
    );
    assert!(
        !plan.actions.iter().any(
            |x| matches!(x, Action::Format { device, .. } if device == Path::new("/dev/vdb2"))
        ),
        "the kept /home is not formatted"
    );
    insta::assert_snapshot!(text);
}

/// Keeping a filesystem at a place of the system itself is refused.
#[test]
fn refused_manual_keep_system_dir() {
    let d = gpt_disk(true);
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage:\n  disk: /dev/vdb\n  layout: manual\n  partitions:\n    - {{ device: /dev/vdb1, mountpoint: /boot/efi, filesystem: vfat, format: false }}\n    - {{ device: /dev/vdb2, mountpoint: /var, filesystem: ext4, format: false }}\n    - {{ size: 100%, mountpoint: /, filesystem: ext4, format: true }}\n{USERS}"
    );
    let text = plan_text(&a, &m, &d);
    assert!(
        text.contains("error: storage.partitions[1].format: /var is part of the system"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

/// A disk whose second partition is an existing LUKS volume.
fn gpt_disk_with_luks() -> DiskInfo {
    let mut d = gpt_disk(true);
    d.partitions[1].fs = Some(FsInfo {
        fstype: "crypto_LUKS".into(),
        label: None,
        uuid: Some("5a5a5a5a-0000-4000-8000-000000000002".into()),
        version: Some("2".into()),
    });
    d
}

/// A reinstall keeping an encrypted /home: the existing LUKS volume is opened before
/// anything is written, what is inside is checked, fstab names the mapping, and the
/// initramfs opens it at boot (rd.luks.uuid=, crypttab); the passphrase is nowhere.
#[test]
fn manual_unlock_existing_luks_home() {
    let d = gpt_disk_with_luks();
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let a = format!(
        "version: 1\nstorage:\n  disk: /dev/vdb\n  layout: manual\n  partitions:\n    - {{ device: /dev/vdb1, mountpoint: /boot/efi, filesystem: vfat, format: false }}\n    - {{ device: /dev/vdb2, mountpoint: /home, filesystem: ext4, format: false, unlock: {{ passphrase: \"{PASSPHRASE}\" }} }}\n    - {{ size: 100%, mountpoint: /, filesystem: ext4, format: true }}\n{USERS}"
    );
    let text = plan_text_with(&a, &m, &d, &lainos_profile(), source(), CRYPT_FILES);
    assert_no_passphrase(&text);
    let map = "/dev/mapper/luks-5a5a5a5a-0000-4000-8000-000000000002";
    assert!(text.contains(&format!("\n{map} /home ")), "{text}");
    assert!(
        text.contains("rd.luks.uuid=5a5a5a5a-0000-4000-8000-000000000002"),
        "{text}"
    );
    assert!(
        text.contains("/dev/vdb2  40.0 GiB  crypto_LUKS  mounted at /home, contents untouched"),
        "{text}"
    );
    let plan = resolve_ok(&a, &m, &d);
    let unlock = position(&plan, |x| matches!(x, Action::Unlock { .. }));
    let table = position(&plan, |x| matches!(x, Action::WritePartitionTable { .. }));
    assert!(
        unlock < table,
        "the volume is opened before anything is written"
    );
    let Action::Unlock {
        expect_fs, device, ..
    } = &plan.actions[unlock]
    else {
        unreachable!()
    };
    assert_eq!(*expect_fs, Some(lainos_engine::plan::Fs::Ext4));
    assert_eq!(device, Path::new("/dev/vdb2"));
    let json = serde_json::to_string(&plan).unwrap();
    assert_no_passphrase(&json);
    insta::assert_snapshot!(text);
}

/// A LUKS volume without `unlock`, `unlock` on a filesystem, an unreadable passphrase
/// file: each refused with the field path.
#[test]
fn refused_unlock_layouts() {
    let d = gpt_disk_with_luks();
    let m = machine(Firmware::Uefi, vec![d.clone()]);
    let part = |extra: &str| {
        format!(
            "version: 1\nstorage:\n  disk: /dev/vdb\n  layout: manual\n  partitions:\n    - {{ device: /dev/vdb1, mountpoint: /boot/efi, filesystem: vfat, format: false }}\n    - {{ device: /dev/vdb2, mountpoint: /home, filesystem: ext4, format: false{extra} }}\n    - {{ size: 100%, mountpoint: /, filesystem: ext4, format: true }}\n{USERS}"
        )
    };
    let mut out = plan_text(&part(""), &m, &d);
    out.push_str(&plan_text(
        &part(", unlock: { passphrase_file: /nonexistent/lainos-passphrase }"),
        &m,
        &d,
    ));
    let plain = gpt_disk(true);
    let m2 = machine(Firmware::Uefi, vec![plain.clone()]);
    out.push_str(&plan_text(
        &part(&format!(", unlock: {{ passphrase: \"{PASSPHRASE}\" }}")),
        &m2,
        &plain,
    ));
    // / inside the LUKS volume and no plain /boot: GRUB could not read the kernel.
    out.push_str(&plan_text(
        &format!(
            "version: 1\nstorage:\n  disk: /dev/vdb\n  layout: manual\n  partitions:\n    - {{ device: /dev/vdb1, mountpoint: /boot/efi, filesystem: vfat, format: false }}\n    - {{ device: /dev/vdb2, mountpoint: /, filesystem: ext4, format: true, unlock: {{ passphrase: \"{PASSPHRASE}\" }} }}\n{USERS}"
        ),
        &m,
        &d,
    ));
    assert_no_passphrase(&out);
    assert_eq!(
        out.matches("error: storage.partitions[1].unlock").count(),
        4,
        "{out}"
    );
    insta::assert_snapshot!(out);
}

/// `oem.gui` reaches the init script through the service's conf.d file: LainOS asks in
/// the graphical installer, the Debian test profile (no X server) on the console.
#[test]
fn oem_conf_d_says_whether_setup_asks_in_the_gui() {
    use lainos_engine::plan::{Action, Content};
    let conf_d = |profile_path: &str| {
        let profile = parse_profile(&std::fs::read_to_string(repo().join(profile_path)).unwrap())
            .value
            .unwrap();
        let a = parse_answer_file(&format!(
            "version: 1\nstorage: {{ disk: /dev/sda, layout: erase }}\n{OEM}"
        ))
        .value
        .unwrap();
        let d = disk("/dev/sda", 64 * GIB);
        let m = machine(Firmware::Bios, vec![d.clone()]);
        let input = ResolveInput {
            answers: &a,
            profile: &profile,
            machine: &m,
            disk: Some(&d),
            source: Ok(source()),
            options: ResolveOptions {
                firstboot_binary: Some("/usr/libexec/lainos/lainos-firstboot".into()),
                ..ResolveOptions::default()
            },
        };
        let (plan, _) = resolve(input, &mut CountingIds::default()).unwrap();
        plan.actions
            .iter()
            .find_map(|act| match act {
                Action::WriteFile {
                    path,
                    content: Content::Text(t),
                    ..
                } if path == "/etc/conf.d/lainos-firstboot" => Some(t.clone()),
                _ => None,
            })
            .unwrap()
    };
    let lainos = conf_d("iso-profile/airootfs/etc/lainos-installer/profile.yaml");
    assert!(lainos.contains("\nfirstboot_gui=\"yes\"\n"), "{lainos}");
    let debian = conf_d("tests/profiles/debian-openrc.yaml");
    assert!(debian.contains("\nfirstboot_gui=\"no\"\n"), "{debian}");
}
