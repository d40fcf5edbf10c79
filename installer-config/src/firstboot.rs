//! OEM installs and their first-boot setup: what `lainos-install` leaves in the
//! installed system for `lainos-firstboot` ([`OemConfig`], at [`OEM_CONFIG`]), and the
//! answer file a first boot may be given ([`FirstbootAnswerFile`]), which is the
//! answer-file format's `locale`, `system`, `users` and `root` sections.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::answer::{LocaleSettings, Root, Runlevel, System, User, Version};
use crate::issue::Issue;
use crate::parse::{Parsed, from_yaml_str, to_yaml_string};
use crate::profile::{MachineIdPolicy, Profile};
use crate::validate::{Sections, check};
use crate::values::{GroupName, Locale, ServiceName, Timezone, XkbLayout};

/// Where an OEM install records its batch and the profile facts first-boot setup needs
/// (in the installed system). It stays after setup: it says which batch the machine
/// came from.
pub const OEM_CONFIG: &str = "/etc/lainos/oem.yaml";
/// First-boot setup's state directory (mode 0700): the journal `state.json`.
pub const STATE_DIR: &str = "/var/lib/lainos/firstboot";
/// The journal of first-boot setup. It exists from the OEM install (or from
/// `prepare-shipping`) on; setup runs while it does not say `done`.
pub const STATE_FILE: &str = "/var/lib/lainos/firstboot/state.json";
/// The journal as an OEM install (and `prepare-shipping`) leaves it: setup has not
/// begun. `lainos-firstboot` owns the format and checks that it reads this.
pub const ARMED_STATE: &str = "{\"version\":1,\"next\":\"grow_root\"}\n";
/// The sections a first-boot answer file may have.
pub const FIRSTBOOT_SECTIONS: &[&str] = &["version", "locale", "system", "users", "root"];

/// What first-boot setup needs from the install, written by `lainos-install` to
/// [`OEM_CONFIG`] (YAML).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OemConfig {
    /// `oem.batch_id` of the answer file.
    pub batch_id: String,
    /// The OpenRC service that runs setup, and its runlevel.
    pub service: ServiceName,
    pub runlevel: Runlevel,
    /// Groups every user joins, and the group whose members may use doas.
    pub default_groups: Vec<GroupName>,
    pub admin_group: GroupName,
    pub shell: String,
    /// The lines of `/etc/doas.conf`, rewritten (root:root 0400) when it is missing.
    #[serde(default)]
    pub doas: Vec<String>,
    /// The command that generates the locales of `/etc/locale.gen`.
    pub locale_generate: Vec<String>,
    /// The file that sets LANG.
    pub locale_conf: String,
    /// The console keymap and XKB configuration files.
    pub console_conf: String,
    pub xkb_conf: String,
    pub machine_id: MachineIdPolicy,
    /// What the dialogue offers first.
    pub language: Locale,
    pub timezone: Timezone,
    pub keyboard_layout: XkbLayout,
}

impl OemConfig {
    /// The facts of `profile` for a batch.
    pub fn from_profile(profile: &Profile, batch_id: &str) -> Self {
        OemConfig {
            batch_id: batch_id.to_string(),
            service: profile.oem.service.clone(),
            runlevel: profile.oem.runlevel,
            default_groups: profile.users.default_groups.clone(),
            admin_group: profile.users.admin_group.clone(),
            shell: profile.users.shell.clone(),
            doas: profile.doas.clone(),
            locale_generate: profile.locale.generate.clone(),
            locale_conf: profile.locale.conf.clone(),
            console_conf: profile.keyboard.console_conf.clone(),
            xkb_conf: profile.keyboard.xkb_conf.clone(),
            machine_id: profile.machine_id,
            language: profile.defaults.language.clone(),
            timezone: profile.defaults.timezone.clone(),
            keyboard_layout: profile.defaults.keyboard_layout.clone(),
        }
    }

    /// The text of [`OEM_CONFIG`].
    pub fn render(&self) -> String {
        format!(
            "# Written by lainos-install: this system was preloaded (OEM install).\n\
             # lainos-firstboot reads it to create the first user; it stays afterwards.\n{}",
            to_yaml_string(self)
        )
    }
}

/// Parses [`OEM_CONFIG`].
pub fn parse_oem_config(text: &str) -> Parsed<OemConfig> {
    from_yaml_str::<OemConfig>(text, &[])
}

/// An answer file given to first-boot setup: the answer file's `locale`, `system`,
/// `users` and `root` sections (same fields, same checks).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirstbootAnswerFile {
    pub version: Version,
    #[serde(default)]
    pub locale: LocaleSettings,
    pub system: System,
    pub users: Vec<User>,
    #[serde(default)]
    pub root: Root,
}

/// Parses and checks a first-boot answer file: every problem at once, located. A
/// section of the full answer file that first boot does not use (`storage`, `hooks`…)
/// is an error on that section's path.
pub fn parse_firstboot_answers(text: &str) -> Parsed<FirstbootAnswerFile> {
    let mut parsed = from_yaml_str::<FirstbootAnswerFile>(text, &["version", "system", "users"]);
    for i in &mut parsed.issues {
        let top = i.path.split(['.', '[']).next().unwrap_or("");
        if !top.is_empty()
            && !FIRSTBOOT_SECTIONS.contains(&top)
            && i.message.starts_with("unknown key")
        {
            i.message = format!(
                "is not part of a first-boot answer file (it may hold only {})",
                FIRSTBOOT_SECTIONS.join(", ")
            );
        }
    }
    let sections = match (&parsed.value, &parsed.remainder) {
        (Some(a), _) => Some(Sections {
            locale: a.locale.clone(),
            users: a.users.clone(),
            root: a.root.clone(),
            ..Sections::default()
        }),
        (None, Some(rest)) => {
            crate::parse::from_value::<Sections>(rest.clone()).map(|s| Sections {
                source: None,
                storage: None,
                ..s
            })
        }
        (None, None) => None,
    };
    if let Some(s) = sections {
        let more: Vec<Issue> = check(&s);
        parsed.add_issues(more);
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_boot_file_holds_only_its_sections() {
        let p = parse_firstboot_answers(
            "version: 1\nstorage: { disk: /dev/sda, layout: erase }\nsystem: { hostname: wired-02 }\nusers:\n  - { name: alice, password_hash: \"$6$saltsalt$0123456789abcdefghij\", admin: true }\n",
        );
        let errors: Vec<String> = p
            .issues
            .iter()
            .filter(|i| i.is_error())
            .map(|i| i.render("f.yaml"))
            .collect();
        assert_eq!(
            errors,
            [
                "f.yaml:2:1: storage: is not part of a first-boot answer file (it may hold only version, locale, system, users, root)"
            ]
        );
    }

    #[test]
    fn users_are_required_and_checked() {
        let p = parse_firstboot_answers("version: 1\nsystem: { hostname: wired-02 }\n");
        assert!(p.issues.iter().any(|i| i.path == "users"), "{:?}", p.issues);
        let p = parse_firstboot_answers(
            "version: 1\nsystem: { hostname: wired-02 }\nusers: [{ name: root, password: x }]\n",
        );
        assert!(
            p.issues
                .iter()
                .any(|i| i.path == "users[0].name" && i.is_error()),
            "{:?}",
            p.issues
        );
        let p = parse_firstboot_answers(
            "version: 1\nsystem: { hostname: wired-02 }\nlocale: { language: de_CH.UTF-8 }\nusers: [{ name: alice, password: secret, admin: true }]\n",
        );
        assert!(!p.has_errors(), "{:?}", p.issues);
        assert!(p.value.is_some());
    }

    #[test]
    fn the_oem_config_reads_back() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../iso-profile/airootfs/etc/lainos-installer/profile.yaml"
        ))
        .unwrap();
        let profile = crate::parse_profile(&text).value.unwrap();
        let c = OemConfig::from_profile(&profile, "batch 7: \"quoted\"");
        let back = parse_oem_config(&c.render());
        assert!(!back.has_errors(), "{:?}", back.issues);
        assert_eq!(back.value.unwrap(), c);
    }
}
