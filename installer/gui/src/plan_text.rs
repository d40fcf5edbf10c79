//! The plan in the user's language. The service sends the engine's plan as JSON (one
//! object per action, tagged by `type`) with English descriptions beside it; the GUI
//! maps each action kind to one Fluent message (`plan-<kind>`) with its arguments, and
//! falls back to the service's English line for a kind it does not know yet.

use lainos_dbus_api::PlanDto;
use serde_json::Value;

use crate::i18n::Tr;

/// Action kinds that destroy data (as the engine's `Action::is_destructive`).
pub const DESTRUCTIVE: [&str; 4] = ["wipe_disk", "write_partition_table", "encrypt", "format"];

/// Every action kind the GUI describes itself (the engine's `Action` variants).
pub const KINDS: [&str; 31] = [
    "verify_source",
    "wipe_disk",
    "write_partition_table",
    "encrypt",
    "unlock",
    "format",
    "create_subvolumes",
    "mount",
    "unpack",
    "create_swap_file",
    "write_file",
    "copy_file",
    "remove_paths",
    "mount_api_filesystems",
    "generate_locales",
    "set_timezone",
    "remove_user",
    "create_group",
    "create_user",
    "set_root_password",
    "enable_service",
    "disable_service",
    "remove_packages",
    "generate_initramfs",
    "install_bootloader",
    "generate_grub_config",
    "run_hook",
    "verify",
    "copy_log",
    "unmount_all",
    "finish",
];

/// Every role of a partition that stays (the engine's `KeptRole` variants, snake_case),
/// each with its message.
pub const KEPT_ROLES: [(&str, &str); 5] = [
    ("unused", "kept-unused"),
    ("mounted", "kept-mounted"),
    ("swap", "kept-swap"),
    ("esp_files_added", "kept-esp"),
    ("bios_boot_rewritten", "kept-bios-boot"),
];

/// The partitions the plan keeps (its `kept_details`), one line each in `tr`'s
/// language: device, size, file system, label, and what the install does with it.
pub fn kept(tr: &Tr, plan: &PlanDto) -> Vec<String> {
    let Some(kept) = plan.plan.get("kept_details").and_then(Value::as_array) else {
        return Vec::new();
    };
    kept.iter()
        .map(|k| {
            // A left-to-right mark keeps a path's leading `/` with it in Arabic.
            let mark = if tr.rtl { "\u{200e}" } else { "" };
            let mut line = format!(
                "{mark}{}  ·  {}  ·  ",
                s(k, "device"),
                tr.size(bytes(k, "size_bytes"))
            );
            line.push_str(&match k.get("filesystem").and_then(Value::as_str) {
                Some(fs) => fs.to_string(),
                None => tr.t("manual-no-filesystem"),
            });
            if let Some(l) = k
                .get("label")
                .and_then(Value::as_str)
                .filter(|l| !l.is_empty())
            {
                line.push_str(&format!("  ·  \u{201c}{l}\u{201d}"));
            }
            format!("{line}  —  {}", kept_role(tr, k.get("role")))
        })
        .collect()
}

/// What the install does with a kept partition, from its `role`: a name (`"unused"`)
/// or a name with data (`{"mounted": "/home"}`).
fn kept_role(tr: &Tr, role: Option<&Value>) -> String {
    let (name, data) = match role {
        Some(Value::String(n)) => (n.as_str(), String::new()),
        Some(Value::Object(o)) => match o.iter().next() {
            Some((n, v)) => (n.as_str(), v.as_str().unwrap_or_default().to_string()),
            None => ("", String::new()),
        },
        _ => ("", String::new()),
    };
    match KEPT_ROLES.iter().find(|(r, _)| *r == name) {
        Some(("mounted", id)) => tr.args(id, &[("mount", data)]),
        Some((_, id)) => tr.t(id),
        // A role this GUI does not know yet: its name, as the service sends it.
        None => name.replace('_', " "),
    }
}

/// The plan's lines in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanLines {
    /// One line per action.
    pub summary: Vec<String>,
    /// The actions that destroy data.
    pub destructive: Vec<String>,
}

/// Describes every action of `plan` in `tr`'s language.
pub fn localize(tr: &Tr, plan: &PlanDto) -> PlanLines {
    let Some(actions) = plan.plan.get("actions").and_then(Value::as_array) else {
        return PlanLines {
            summary: plan.summary.clone(),
            destructive: plan.destructive.clone(),
        };
    };
    let mut lines = PlanLines::default();
    let mut english_destructive = plan.destructive.iter();
    for (i, a) in actions.iter().enumerate() {
        let kind = a.get("type").and_then(Value::as_str).unwrap_or("");
        let english = plan.summary.get(i).cloned().unwrap_or_default();
        let line = describe(tr, a).unwrap_or(english);
        if is_destructive(kind, a) {
            english_destructive.next();
            lines.destructive.push(line.clone());
        }
        lines.summary.push(line);
    }
    // Destructive actions of kinds this GUI does not know: keep the service's words.
    lines.destructive.extend(english_destructive.cloned());
    lines
}

/// As the engine's `Action::is_destructive`: partitions added to the table that is
/// there (`fresh: false`) destroy nothing.
fn is_destructive(kind: &str, a: &Value) -> bool {
    DESTRUCTIVE.contains(&kind)
        && !(kind == "write_partition_table" && a.get("fresh") == Some(&Value::Bool(false)))
}

fn s(a: &Value, key: &str) -> String {
    match a.get(key) {
        Some(Value::String(v)) => v.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn bytes(a: &Value, key: &str) -> u64 {
    a.get(key).and_then(Value::as_u64).unwrap_or(0)
}

/// One action in the user's language; `None` for a kind this GUI does not know.
pub fn describe(tr: &Tr, a: &Value) -> Option<String> {
    let kind = a.get("type").and_then(Value::as_str)?;
    let m = |id: &str, args: &[(&str, String)]| Some(tr.args(id, args));
    match kind {
        "verify_source" => {
            let image = s(a, "squashfs");
            if a.get("expected").and_then(Value::as_str) == Some("skip") {
                m("plan-verify-source-skip", &[("image", image)])
            } else {
                m("plan-verify-source", &[("image", image)])
            }
        }
        "wipe_disk" => m("plan-wipe-disk", &[("disk", s(a, "disk"))]),
        "write_partition_table" => {
            let parts = a
                .get("partitions")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| format!("{} ({})", s(p, "name"), tr.size(bytes(p, "size_bytes"))))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            let id = if a.get("fresh").and_then(Value::as_bool) == Some(false) {
                "plan-add-partitions"
            } else {
                "plan-write-partition-table"
            };
            m(id, &[("disk", s(a, "disk")), ("partitions", parts)])
        }
        "encrypt" => m("plan-encrypt", &[("device", s(a, "device"))]),
        "unlock" => m("plan-unlock", &[("device", s(a, "device"))]),
        "format" => m(
            "plan-format",
            &[("device", s(a, "device")), ("fs", s(a, "fs"))],
        ),
        "create_subvolumes" => m(
            "plan-create-subvolumes",
            &[("subvolumes", s(a, "subvolumes"))],
        ),
        "mount" => m(
            "plan-mount",
            &[("device", s(a, "device")), ("target", s(a, "target"))],
        ),
        "unpack" => m("plan-unpack", &[("size", tr.size(bytes(a, "bytes")))]),
        "create_swap_file" => m(
            "plan-create-swap-file",
            &[("size", tr.size(bytes(a, "size_bytes")))],
        ),
        "write_file" => m("plan-write-file", &[("path", s(a, "path"))]),
        "copy_file" => m("plan-copy-file", &[("path", s(a, "path"))]),
        "remove_paths" => m("plan-remove-paths", &[("paths", s(a, "paths"))]),
        "mount_api_filesystems" => m("plan-mount-api-filesystems", &[]),
        "generate_locales" => m("plan-generate-locales", &[("locales", s(a, "locales"))]),
        "set_timezone" => m("plan-set-timezone", &[("zone", s(a, "zone"))]),
        "remove_user" => m("plan-remove-user", &[("name", s(a, "name"))]),
        "create_group" => m("plan-create-group", &[("name", s(a, "name"))]),
        "create_user" => m(
            "plan-create-user",
            &[("name", s(a, "name")), ("groups", s(a, "groups"))],
        ),
        "set_root_password" => match a.get("password") {
            Some(Value::Null) | None => m("plan-lock-root", &[]),
            Some(_) => m("plan-set-root-password", &[]),
        },
        "enable_service" => m(
            "plan-enable-service",
            &[("name", s(a, "name")), ("runlevel", s(a, "runlevel"))],
        ),
        "disable_service" => m("plan-disable-service", &[("name", s(a, "name"))]),
        "remove_packages" => m("plan-remove-packages", &[]),
        "generate_initramfs" => m("plan-generate-initramfs", &[("kernel", s(a, "kernel"))]),
        "install_bootloader" => {
            let firmware = match a.get("firmware").and_then(Value::as_str) {
                Some("bios") => "BIOS",
                Some("uefi") => "UEFI",
                _ => "BIOS + UEFI",
            };
            m("plan-install-bootloader", &[("firmware", firmware.into())])
        }
        "generate_grub_config" => m("plan-generate-grub-config", &[]),
        "run_hook" => m(
            "plan-run-hook",
            &[(
                "command",
                a.get("argv")
                    .and_then(Value::as_array)
                    .map(|v| {
                        v.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default(),
            )],
        ),
        "verify" => m("plan-verify", &[]),
        "copy_log" => m("plan-copy-log", &[("path", s(a, "path"))]),
        "unmount_all" => m("plan-unmount-all", &[]),
        "finish" => match a.get("action").and_then(Value::as_str) {
            Some("reboot") => m("plan-finish-reboot", &[]),
            Some("poweroff") => m("plan-finish-poweroff", &[]),
            _ => m("plan-finish-none", &[]),
        },
        _ => None,
    }
}
