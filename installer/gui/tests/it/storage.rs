//! The disk page's "alongside" choice and the unlocking of an existing LUKS volume in
//! the manual layout: what the page offers, the answer documents it writes (no clear
//! passphrase in the saved file), and that the engine resolves them.

use std::path::PathBuf;

use lainos_config::answer::{Layout, Mountpoint};
use lainos_dbus_api::{DiskDto, FreeRegionDto, IssueDto, PlanDto, ProbeDto};
use lainos_engine::plan::{Action, KeptRole};
use lainos_installer::answers;
use lainos_installer::app::{App, Message, Page};
use lainos_installer::screen::disk::{self, At, MountChoice, RowField};
use lainos_installer::screen::{summary, users, welcome};

use crate::app;
use crate::manual::{disk_msg, ids, machine, probe, resolve_document, send};

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;

/// The manual tests' machine, its disk on GPT with 7.5 GiB free at the end, plus a
/// blank disk, an MBR disk and a GPT disk that is full.
fn alongside_probe() -> ProbeDto {
    let mut p = probe("uefi");
    let free_start = MIB + 512 * MIB + 24 * GIB;
    p.disks[0].partition_table = Some("gpt".into());
    p.disks[0].largest_free = Some(FreeRegionDto {
        start_bytes: free_start,
        size_bytes: 32 * GIB - MIB - free_start,
    });
    let disk = |path: &str, table: Option<&str>, free: u64| DiskDto {
        path: path.into(),
        size_bytes: 16 * GIB,
        partition_table: table.map(Into::into),
        largest_free: (free > 0).then_some(FreeRegionDto {
            start_bytes: MIB,
            size_bytes: free,
        }),
        ..DiskDto::default()
    };
    p.disks.extend([
        disk("/dev/vdb", None, 16 * GIB - 2 * MIB),
        disk("/dev/vdc", Some("dos"), 10 * GIB),
        disk("/dev/vdd", Some("gpt"), GIB),
    ]);
    p
}

fn at_disk(p: ProbeDto) -> App {
    let mut a = app("en");
    send(&mut a, Message::Probed(Ok(p)));
    for _ in 0..3 {
        send(&mut a, Message::Next);
    }
    assert_eq!(a.page, Page::Disk);
    a
}

fn fill_users_and_plan(a: &mut App) -> answers::Documents {
    send(a, Message::Next);
    assert_eq!(a.page, Page::Users, "{:?}", a.disk.errors());
    for m in [
        users::Message::FullName("Lain Iwakura".into()),
        users::Message::Password("Wired-7-protocol".into()),
        users::Message::PasswordConfirm("Wired-7-protocol".into()),
    ] {
        send(a, Message::Users(m));
    }
    send(a, Message::Next);
    assert_eq!(a.page, Page::Summary);
    a.planned.clone().expect("documents")
}

#[test]
fn alongside_is_offered_only_on_a_gpt_disk_with_enough_free_space() {
    let mut a = at_disk(alongside_probe());
    assert_eq!(a.disk.disk.as_deref(), Some("/dev/vda"));
    assert_eq!(a.disk.alongside_refusal(), None);
    disk_msg(&mut a, disk::Message::Layout(answers::Layout::Alongside));
    assert_eq!(a.disk.layout, answers::Layout::Alongside);
    let refusal = |a: &mut App, i: usize| {
        disk_msg(a, disk::Message::Disk(i));
        a.disk.alongside_refusal().map(|(id, _)| id)
    };
    // Another disk where it cannot work: the choice falls back to erase.
    assert_eq!(refusal(&mut a, 1), Some("alongside-no-table"));
    assert_eq!(a.disk.layout, answers::Layout::Erase);
    disk_msg(&mut a, disk::Message::Layout(answers::Layout::Alongside));
    assert_eq!(
        a.disk.layout,
        answers::Layout::Erase,
        "not offered, not chosen"
    );
    assert_eq!(refusal(&mut a, 2), Some("alongside-not-gpt"));
    assert_eq!(refusal(&mut a, 3), Some("alongside-too-small"));
    let (_, args) = a.disk.alongside_refusal().unwrap();
    assert_eq!(
        args,
        [
            ("free", GIB.to_string()),
            ("need", disk::ALONGSIDE_MIN_BYTES.to_string())
        ]
    );
    // The reasons and the free space are shown in every language.
    for lang in [
        "en", "de", "fr", "es", "it", "pt-BR", "pl", "ru", "ja", "zh-CN", "ar",
    ] {
        send(
            &mut a,
            Message::Welcome(welcome::Message::Language(lang.into())),
        );
        for (i, layout) in [
            (0, answers::Layout::Alongside),
            (1, answers::Layout::Erase),
            (2, answers::Layout::Erase),
            (3, answers::Layout::Erase),
        ] {
            disk_msg(&mut a, disk::Message::Disk(i));
            disk_msg(&mut a, disk::Message::Layout(layout));
            assert_eq!(a.disk.layout, layout);
            let _ = a.view();
        }
        for id in [
            "disk-alongside",
            "alongside-no-table",
            "alongside-not-gpt",
            "alongside-too-small",
            "alongside-free",
            "alongside-stays",
            "keys-disk",
        ] {
            let t = a.tr.t(id);
            assert_ne!(t, id, "{lang}: {id}");
            if lang != "en" {
                assert_ne!(t, app("en").tr.t(id), "{lang}: {id} is not translated");
            }
        }
    }
}

#[test]
fn ctrl_l_goes_through_alongside_where_the_disk_allows_it() {
    use iced::keyboard::Modifiers;
    use lainos_installer::keys::KeyPress;
    let ctrl_l = KeyPress::letter('l', Modifiers::CTRL);
    let mut a = at_disk(alongside_probe());
    let mut seen = vec![];
    for _ in 0..3 {
        if let Some(m) = a.key_message(&ctrl_l) {
            send(&mut a, m);
        }
        seen.push(a.disk.layout);
    }
    assert_eq!(
        seen,
        [
            answers::Layout::Alongside,
            answers::Layout::Manual,
            answers::Layout::Erase
        ]
    );
    disk_msg(&mut a, disk::Message::Disk(1));
    if let Some(m) = a.key_message(&ctrl_l) {
        send(&mut a, m);
    }
    assert_eq!(a.disk.layout, answers::Layout::Manual, "no table: skipped");
}

/// Alongside, encrypted: the documents, and the engine's plan for them.
#[test]
fn the_alongside_document_is_valid_and_the_engine_plans_it() {
    let mut a = at_disk(alongside_probe());
    for m in a.demo_alongside_layout() {
        disk_msg(&mut a, m);
    }
    disk_msg(
        &mut a,
        disk::Message::Filesystem(answers::Filesystem::Btrfs),
    );
    disk_msg(&mut a, disk::Message::Swap(answers::SwapChoice::None));
    assert!(a.disk.errors().is_empty(), "{:?}", a.disk.errors());
    let _ = a.view();
    let docs = fill_users_and_plan(&mut a);
    assert!(
        docs.for_service.contains("layout: alongside"),
        "{}",
        docs.for_service
    );
    assert!(docs.for_service.contains("passphrase: wired-Protocol-7"));
    assert!(
        !docs.for_file.contains("wired-Protocol-7"),
        "{}",
        docs.for_file
    );
    assert!(docs.for_file.contains(answers::PASSPHRASE_FILE));
    for yaml in [&docs.for_service, &docs.for_file] {
        let parsed = lainos_config::parse_answer_file(yaml);
        assert!(!parsed.has_errors(), "{:#?}\n{yaml}", parsed.issues);
        let s = parsed.value.expect("a value").storage;
        assert_eq!(s.layout, Layout::Alongside);
        assert!(s.partitions.is_empty());
        assert!(s.encryption.is_some());
        assert_eq!(s.filesystem.map(|f| f.as_str()), Some("btrfs"));
    }
    // The engine keeps every partition and adds the new ones after them.
    let (m, d) = machine();
    let plan = match resolve_document(&docs.for_service, &m, &d, 3 * GIB) {
        Ok(p) => p,
        Err(issues) => panic!("the engine refused the GUI's alongside layout: {issues:#?}"),
    };
    let region = lainos_engine::resolve::largest_free_region(&d).expect("free space");
    for act in &plan.actions {
        match act {
            Action::WipeDisk { .. } => panic!("alongside wipes the disk"),
            Action::WritePartitionTable {
                fresh, partitions, ..
            } => {
                assert!(!fresh);
                assert!(
                    partitions
                        .iter()
                        .all(|p| p.start_lba * 512 >= region.0 && p.number > 3)
                );
            }
            Action::Format { device, .. } => {
                assert!(
                    !["/dev/vda1", "/dev/vda2", "/dev/vda3"].contains(&device.to_str().unwrap())
                );
            }
            _ => {}
        }
    }
    let kept: Vec<_> = plan.kept_details.iter().map(|k| k.device.clone()).collect();
    assert_eq!(
        kept,
        ["/dev/vda1", "/dev/vda2", "/dev/vda3"].map(PathBuf::from)
    );
    assert!(plan.kept_details.iter().all(|k| k.role == KeptRole::Unused));
    // The GUI describes what stays from the plan's JSON.
    let dto = PlanDto {
        plan: serde_json::to_value(&plan).unwrap(),
        ..PlanDto::default()
    };
    let lines = lainos_installer::plan_text::kept(&a.tr, &dto);
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1].starts_with("/dev/vda2  ·  20 GiB  ·  ext4")
            && lines[1].ends_with("not used, not touched"),
        "{lines:?}"
    );
}

/// The manual tests' machine with a LUKS volume as its third partition.
fn luks_probe() -> ProbeDto {
    let mut p = probe("uefi");
    p.disks[0].partitions[2].filesystem = Some(disk::LUKS.into());
    p
}

/// On the disk page of the LUKS machine, with the manual layout chosen.
fn luks_manual() -> App {
    let mut a = at_disk(luks_probe());
    disk_msg(&mut a, disk::Message::Layout(answers::Layout::Manual));
    a
}

#[test]
fn an_encrypted_partition_is_opened_with_its_passphrase() {
    let mut a = luks_manual();
    disk_msg(&mut a, disk::Message::Mount(0, MountChoice::Esp));
    disk_msg(&mut a, disk::Message::Mount(1, MountChoice::Root));
    disk_msg(&mut a, disk::Message::Mount(2, MountChoice::Home));
    let row = &a.disk.rows[2];
    assert!(row.is_luks());
    // What is inside is kept unless the user says otherwise.
    assert!(!row.formats());
    assert_eq!(ids(&a), ["err-manual-unlock-empty"]);
    assert!(
        a.disk
            .manual_problems()
            .iter()
            .all(|p| p.at == At::Row(2, RowField::Unlock))
    );
    disk_msg(&mut a, disk::Message::Unlock(2, "wired-home-7".into()));
    assert!(ids(&a).is_empty(), "{:?}", ids(&a));
    let dbg = format!("{:?} {:?}", a.disk.rows, a.draft());
    assert!(!dbg.contains("wired-home-7"), "{dbg}");
    let _ = a.view();
    let docs = fill_users_and_plan(&mut a);

    // To the service: the passphrase. In the saved file: a file that will hold it.
    assert!(docs.for_service.contains("passphrase: wired-home-7"));
    assert!(!docs.for_file.contains("wired-home-7"), "{}", docs.for_file);
    let file = answers::unlock_passphrase_file("/dev/vda3");
    assert_eq!(file, "/run/lainos-installer/unlock-vda3");
    assert!(docs.for_file.contains(&format!("passphrase_file: {file}")));
    assert!(
        docs.for_file
            .contains(&format!("write the passphrase of /dev/vda3 to {file}")),
        "{}",
        docs.for_file
    );
    for yaml in [&docs.for_service, &docs.for_file] {
        let parsed = lainos_config::parse_answer_file(yaml);
        assert!(!parsed.has_errors(), "{:#?}\n{yaml}", parsed.issues);
        let s = parsed.value.expect("a value").storage;
        let home = &s.partitions[2];
        assert_eq!(home.device, Some(PathBuf::from("/dev/vda3")));
        assert_eq!(home.mountpoint, Mountpoint::Path("/home".into()));
        assert!(!home.format);
        assert!(home.unlock.is_some());
        assert!(s.partitions[..2].iter().all(|p| p.unlock.is_none()));
    }

    // The engine opens the volume and keeps its /home.
    let (m, mut d) = machine();
    let fs = d.partitions[2]
        .fs
        .get_or_insert(lainos_engine::probe::FsInfo {
            fstype: String::new(),
            label: None,
            uuid: None,
            version: None,
        });
    fs.fstype = disk::LUKS.into();
    fs.uuid = Some("5a5a5a5a-0000-4000-8000-000000000003".into());
    let mut m = m;
    m.disks = vec![d.clone()];
    let plan = match resolve_document(&docs.for_service, &m, &d, 6 * GIB) {
        Ok(p) => p,
        Err(issues) => panic!("the engine refused the GUI's unlock row: {issues:#?}"),
    };
    assert!(plan.actions.iter().any(|x| matches!(
        x,
        Action::Unlock { device, .. } if device == &PathBuf::from("/dev/vda3")
    )));
    assert!(!plan.actions.iter().any(|x| matches!(
        x,
        Action::Format { device, .. } if device == &PathBuf::from("/dev/vda3")
    )));
    let home = plan
        .kept_details
        .iter()
        .find(|k| k.device == std::path::Path::new("/dev/vda3"))
        .expect("vda3 is kept");
    assert_eq!(home.role, KeptRole::Mounted("/home".into()));
    // The plan's JSON never holds the passphrase the GUI sent.
    assert!(
        !serde_json::to_string(&plan)
            .unwrap()
            .contains("wired-home-7")
    );
}

/// A refused plan: the engine's problem of a partition is shown under its row on the
/// disk page (the answers list only the rows in use), a layout problem under the
/// choices; any change clears them.
#[test]
fn the_engines_problems_come_back_to_their_rows() {
    let mut a = luks_manual();
    // Row 0 unused: the answers' partitions[1] is row 2.
    disk_msg(&mut a, disk::Message::Mount(1, MountChoice::Root));
    disk_msg(&mut a, disk::Message::Mount(2, MountChoice::Home));
    disk_msg(&mut a, disk::Message::Unlock(2, "wrong".into()));
    let issues = vec![
        IssueDto::error(
            "storage.partitions[1].unlock",
            "/dev/vda3 holds something odd",
        ),
        IssueDto::error("storage.layout", "the layout is odd"),
    ];
    send(
        &mut a,
        Message::Planned(Err(lainos_dbus_api::ClientError::Invalid(
            lainos_dbus_api::IssuesDto { issues },
        ))),
    );
    assert!(matches!(
        a.summary.error,
        Some(summary::PlanError::Issues(_))
    ));
    assert_eq!(
        a.disk.engine_rows,
        [(2, "/dev/vda3 holds something odd".to_string())]
    );
    assert_eq!(a.disk.engine_layout, ["the layout is odd"]);
    a.page = Page::Disk;
    let _ = a.view();
    disk_msg(&mut a, disk::Message::Unlock(2, "right-one".into()));
    assert!(a.disk.engine_rows.is_empty() && a.disk.engine_layout.is_empty());
}

/// The summary lists what stays, with what happens to each, in the user's language.
#[test]
fn the_summary_says_which_partitions_stay() {
    let plan = PlanDto {
        plan: serde_json::json!({
            "actions": [],
            "kept_details": [
                {"device": "/dev/vda1", "size_bytes": 536870912u64, "filesystem": "vfat",
                 "label": "EFI", "role": "esp_files_added"},
                {"device": "/dev/vda2", "size_bytes": 21474836480u64, "filesystem": "ext4",
                 "label": null, "role": {"mounted": "/home"}},
                {"device": "/dev/vda3", "size_bytes": 1048576u64, "filesystem": null,
                 "label": null, "role": "bios_boot_rewritten"},
                {"device": "/dev/vda4", "size_bytes": 1073741824u64, "filesystem": "swap",
                 "label": null, "role": "swap"},
                {"device": "/dev/vda5", "size_bytes": 1073741824u64, "filesystem": "ntfs",
                 "label": "Windows", "role": "unused"},
            ],
        }),
        ..PlanDto::default()
    };
    let en = lainos_installer::plan_text::kept(&app("en").tr, &plan);
    assert_eq!(
        en,
        [
            "/dev/vda1  ·  512 MiB  ·  vfat  ·  \u{201c}EFI\u{201d}  —  the EFI system partition: GRUB's files are added, nothing else changes",
            "/dev/vda2  ·  20 GiB  ·  ext4  —  mounted at /home, contents untouched",
            "/dev/vda3  ·  1 MiB  ·  no file system  —  BIOS boot partition: GRUB's core image is written into it",
            "/dev/vda4  ·  1 GiB  ·  swap  —  used as swap, not formatted",
            "/dev/vda5  ·  1 GiB  ·  ntfs  ·  \u{201c}Windows\u{201d}  —  not used, not touched",
        ]
    );
    let de = lainos_installer::plan_text::kept(&app("de").tr, &plan);
    assert!(
        de[1].ends_with("unter /home eingehängt, Inhalt unverändert"),
        "{de:?}"
    );
    for lang in [
        "en", "de", "fr", "es", "it", "pt-BR", "pl", "ru", "ja", "zh-CN", "ar",
    ] {
        let mut a = app(lang);
        a.summary.planned(Ok(plan.clone()));
        a.page = Page::Summary;
        let _ = a.view();
        assert_ne!(a.tr.t("summary-kept"), "summary-kept", "{lang}");
    }
}

/// The engine's `KeptRole` variants, read from its source: a new role fails here until
/// the GUI has a message for it.
#[test]
fn every_kept_role_of_the_engine_has_a_message() {
    let src = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../engine/src/plan.rs"),
    )
    .unwrap();
    let body = src
        .split("pub enum KeptRole {")
        .nth(1)
        .expect("enum KeptRole")
        .split("\n}\n")
        .next()
        .unwrap();
    let roles: Vec<String> = body
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .map(|l| {
            let name: String = l.chars().take_while(char::is_ascii_alphanumeric).collect();
            let mut snake = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    snake.push('_');
                }
                snake.push(c.to_ascii_lowercase());
            }
            snake
        })
        .collect();
    let known: Vec<&str> = lainos_installer::plan_text::KEPT_ROLES
        .iter()
        .map(|(r, _)| *r)
        .collect();
    assert_eq!(roles, known);
    for lang in [
        "en", "de", "fr", "es", "it", "pt-BR", "pl", "ru", "ja", "zh-CN", "ar",
    ] {
        let tr = app(lang).tr;
        for (_, id) in lainos_installer::plan_text::KEPT_ROLES {
            assert_ne!(tr.t(id), id, "{lang}: {id}");
        }
    }
}
