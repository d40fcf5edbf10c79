//! OEM installs (`oem.enabled: true`): no end-user account at install time; the batch
//! and what first-boot setup needs are recorded in the target
//! ([`lainos_config::firstboot::OEM_CONFIG`]), setup's journal is armed, and the
//! one-shot OpenRC service that runs `lainos-firstboot` before the login manager and
//! the gettys is enabled.

use std::path::Path;

use lainos_config::Issue;
use lainos_config::answer::AnswerFile;
use lainos_config::firstboot::{ARMED_STATE, OEM_CONFIG, OemConfig, STATE_FILE};
use lainos_config::profile::{FirstbootProvision, Profile};

use crate::plan::{Action, Content};

/// The OpenRC script of `lainos-firstboot`, for images that do not ship it
/// (`oem.provide: copy`); LainOS packages the same file.
pub const FIRSTBOOT_INITD: &str = include_str!("../../firstboot/data/lainos-firstboot.initd");

/// The actions that make an install an OEM install, or the problems that prevent it.
/// `firstboot_binary` is the `lainos-firstboot` program to copy when the profile says
/// `oem.provide: copy`.
pub fn actions(
    a: &AnswerFile,
    p: &Profile,
    firstboot_binary: Option<&Path>,
    issues: &mut Vec<Issue>,
) -> Vec<Action> {
    let o = &p.oem;
    let service = o.service.to_string();
    let mut out = Vec::new();
    if o.provide == FirstbootProvision::Copy {
        match firstboot_binary {
            Some(src) => {
                out.push(Action::CopyFile {
                    source: src.to_path_buf(),
                    path: o.binary.clone(),
                    mode: 0o755,
                });
                out.push(Action::WriteFile {
                    path: format!("/etc/init.d/{service}"),
                    mode: 0o755,
                    owner: "root:root".into(),
                    content: Content::Text(FIRSTBOOT_INITD.into()),
                });
            }
            None => issues.push(Issue::error(
                "oem.enabled",
                format!(
                    "the profile `{}` asks lainos-install to copy `lainos-firstboot` into the installed system (oem.provide: copy), but there is none beside lainos-install",
                    p.id
                ),
            )),
        }
    }
    let before: Vec<String> = o.before.iter().map(ToString::to_string).collect();
    out.push(Action::WriteFile {
        path: format!("/etc/conf.d/{service}"),
        mode: 0o644,
        owner: "root:root".into(),
        content: Content::Text(format!(
            "# Written by lainos-install for this OEM install.\n\
             # The first-boot program, whether it asks in the graphical installer\n\
             # (else on the console), and the services that wait for setup to end.\n\
             firstboot_binary=\"{}\"\n\
             firstboot_gui=\"{}\"\n\
             rc_before=\"{}\"\n",
            o.binary,
            if o.gui { "yes" } else { "no" },
            before.join(" ")
        )),
    });
    out.push(Action::WriteFile {
        path: OEM_CONFIG.into(),
        mode: 0o644,
        owner: "root:root".into(),
        content: Content::Text(OemConfig::from_profile(p, &a.oem.batch_id).render()),
    });
    out.push(Action::WriteFile {
        path: STATE_FILE.into(),
        mode: 0o600,
        owner: "root:root".into(),
        content: Content::Text(ARMED_STATE.into()),
    });
    out.push(Action::EnableService {
        name: service,
        runlevel: o.runlevel,
        optional: false,
    });
    out
}
