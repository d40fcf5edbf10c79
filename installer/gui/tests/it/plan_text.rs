use std::collections::BTreeSet;

use lainos_dbus_api::PlanDto;
use lainos_installer::plan_text::{KINDS, describe, localize};
use serde_json::{Value, json};

use crate::app;

/// A real plan (`lainos-install plan --json`, btrfs, swap file, a hook) with the disk
/// renamed to /dev/vda.
fn fixture() -> PlanDto {
    let text = include_str!("../fixtures/plan-btrfs.json");
    let plan: Value = serde_json::from_str(text).expect("the fixture is JSON");
    let n = plan["actions"].as_array().unwrap().len();
    let destructive = plan["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            ["wipe_disk", "write_partition_table", "format"].contains(&a["type"].as_str().unwrap())
        })
        .count();
    PlanDto {
        plan,
        summary: (0..n).map(|i| format!("english {i}")).collect(),
        destructive: (0..destructive)
            .map(|i| format!("english destructive {i}"))
            .collect(),
        ..PlanDto::default()
    }
}

/// snake_case of the engine's `Action` variants, read from its source (the GUI does not
/// link the engine): a new action kind fails here until it has a message.
fn engine_action_kinds() -> BTreeSet<String> {
    let src = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../engine/src/plan.rs"),
    )
    .expect("the engine's plan.rs");
    let body = src
        .split("pub enum Action {")
        .nth(1)
        .expect("enum Action")
        .split("\n}\n")
        .next()
        .unwrap();
    body.lines()
        .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
        .map(str::trim)
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .map(|l| {
            let name: String = l.chars().take_while(char::is_ascii_alphanumeric).collect();
            let mut snake = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_ascii_uppercase() {
                    if i > 0 {
                        snake.push('_');
                    }
                    snake.push(c.to_ascii_lowercase());
                } else {
                    snake.push(c);
                }
            }
            snake
        })
        .collect()
}

#[test]
fn every_action_kind_of_the_engine_has_a_message() {
    let engine = engine_action_kinds();
    assert!(engine.len() > 20, "read only {engine:?}");
    let gui: BTreeSet<String> = KINDS.iter().map(|k| (*k).to_string()).collect();
    assert_eq!(
        engine, gui,
        "the engine's action kinds and the GUI's differ"
    );
    let a = app("en");
    for k in KINDS {
        let line = describe(&a.tr, &json!({ "type": k })).unwrap_or_else(|| panic!("{k}"));
        assert!(!line.starts_with("plan-"), "{k}: no message ({line})");
    }
}

#[test]
fn the_plan_is_described_in_the_users_language() {
    let plan = fixture();
    let en = localize(&app("en").tr, &plan);
    assert_eq!(en.summary.len(), plan.summary.len());
    assert!(
        en.summary.iter().all(|l| !l.starts_with("english")),
        "{:?}",
        en.summary
    );
    assert_eq!(
        en.destructive,
        [
            "Erase every partition and file system on /dev/vda",
            "Write a new partition table on /dev/vda: debian-openrc-bios-boot (1 MiB), debian-openrc-root (8 GiB)",
            "Format /dev/vda2 as btrfs",
        ]
    );
    assert!(
        en.summary
            .contains(&"Copy the system (756.7 MiB)".to_string()),
        "{:?}",
        en.summary
    );
    assert!(
        en.summary
            .contains(&"Install the GRUB boot loader (BIOS)".to_string())
    );
    assert!(en.summary.contains(&"Lock the root account".to_string()));
    assert!(en.summary.contains(&"Restart the computer".to_string()));

    let de = localize(&app("de").tr, &plan);
    assert_eq!(de.destructive[2], "/dev/vda2 als btrfs formatieren");
    assert!(
        de.summary
            .contains(&"Das System kopieren (756,7 MiB)".to_string()),
        "{:?}",
        de.summary
    );
    assert!(
        de.summary
            .contains(&"Die Zeitzone auf Europe/Berlin setzen".to_string())
    );

    for lang in ["fr", "es", "it", "pt-BR", "pl", "ru", "ja", "zh-CN", "ar"] {
        let l = localize(&app(lang).tr, &plan);
        assert_eq!(l.summary.len(), plan.summary.len(), "{lang}");
        assert_eq!(l.destructive.len(), 3, "{lang}");
        for line in l.summary.iter().chain(&l.destructive) {
            assert!(
                !line.starts_with("plan-")
                    && !line.starts_with("english")
                    && line != &en.summary[0],
                "{lang}: {line}"
            );
        }
        assert_ne!(l.destructive, en.destructive, "{lang}");
    }
}

#[test]
fn unknown_action_kinds_keep_the_services_words() {
    let mut plan = fixture();
    plan.plan["actions"][0] = json!({ "type": "make_coffee" });
    plan.plan["actions"][1] = json!({ "type": "shred_disk", "disk": "/dev/vda" });
    let l = localize(&app("de").tr, &plan);
    assert_eq!(l.summary[0], "english 0");
    assert_eq!(l.summary[1], "english 1");
    // A plan without actions (an older service): the service's lines as they are.
    let bare = PlanDto {
        summary: vec!["a".into()],
        destructive: vec!["b".into()],
        ..PlanDto::default()
    };
    let l = localize(&app("de").tr, &bare);
    assert_eq!(
        (l.summary, l.destructive),
        (vec!["a".into()], vec!["b".into()])
    );
}

/// Partitions added to the table that is there (alongside, manual) destroy nothing: as
/// in the engine, they are not among the destructive lines.
#[test]
fn added_partitions_are_not_destructive() {
    let mut plan = fixture();
    let fresh = localize(&app("en").tr, &plan);
    let actions = plan.plan["actions"].as_array_mut().unwrap();
    let table = actions
        .iter_mut()
        .find(|a| a["type"] == "write_partition_table")
        .expect("the fixture writes a partition table");
    table["fresh"] = json!(false);
    // The service's English lines follow the engine: one destructive line fewer.
    plan.destructive.pop();
    let added = localize(&app("en").tr, &plan);
    assert_eq!(added.destructive.len(), fresh.destructive.len() - 1);
    assert_eq!(added.summary.len(), fresh.summary.len());
}
