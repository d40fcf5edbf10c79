//! Plans for typical answer files against a described machine, as insta snapshots:
//! every action, every partition boundary and every written file is reviewed when it
//! changes. Identifiers come from `CountingIds`, so the snapshots are stable.

use std::path::{Path, PathBuf};

use lainos_config::{parse_answer_file, parse_profile};
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
    }
}

fn plan_text(answers: &str, m: &MachineInfo, d: &DiskInfo) -> String {
    plan_text_with(
        "iso-profile/airootfs/etc/lainos-installer/profile.yaml",
        ResolveOptions::default(),
        answers,
        m,
        d,
    )
}

fn plan_text_with(
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
    let refused = plan_text_with(profile, ResolveOptions::default(), &a, &m, &d);
    assert_eq!(
        refused,
        "error: oem.enabled: the profile `debian-openrc` asks lainos-install to copy `lainos-firstboot` into the installed system (oem.provide: copy), but there is none beside lainos-install\n"
    );
    let opts = ResolveOptions {
        firstboot_binary: Some("/usr/libexec/lainos/lainos-firstboot".into()),
        ..ResolveOptions::default()
    };
    insta::assert_snapshot!(plan_text_with(profile, opts, &a, &m, &d));
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
