//! The journal of first-boot setup ([`lainos_config::firstboot::STATE_FILE`], root
//! 0600): which step comes next and the staged answers. It is rewritten atomically
//! after every step, so a power cut leaves either the state before the step or the
//! one after it; every step can run again from the start.

use serde::{Deserialize, Serialize};

use lainos_config::firstboot::{STATE_DIR, STATE_FILE};

use crate::sys::{SysError, System};

/// The steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Grow the root partition and filesystem to the whole disk (an image copied onto
    /// a larger disk); nothing on a disk it already fills.
    GrowRoot,
    /// Read an answer file, or ask on the console; stage the answers (passwords hashed).
    CollectAnswers,
    /// Create the users (a half-created one from a cut is removed first).
    CreateUsers,
    /// Set their passwords (and root's, when given).
    SetPasswords,
    /// Default and admin groups, doas configuration.
    Groups,
    /// Host name, locales, keyboard, time zone, hardware clock.
    SystemSettings,
    /// A new machine-id and new SSH host keys.
    Identity,
    /// Mark setup done (forgetting the staged answers), disable the service.
    Disarm,
    Done,
}

impl Step {
    pub const ALL: [Step; 9] = [
        Step::GrowRoot,
        Step::CollectAnswers,
        Step::CreateUsers,
        Step::SetPasswords,
        Step::Groups,
        Step::SystemSettings,
        Step::Identity,
        Step::Disarm,
        Step::Done,
    ];

    pub fn next(self) -> Step {
        let i = Step::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Step::ALL.get(i + 1).copied().unwrap_or(Step::Done)
    }

    pub fn title(self) -> &'static str {
        match self {
            Step::GrowRoot => "growing the root partition to the whole disk",
            Step::CollectAnswers => "collecting the answers",
            Step::CreateUsers => "creating the users",
            Step::SetPasswords => "setting the passwords",
            Step::Groups => "groups and doas",
            Step::SystemSettings => "host name, language, keyboard and time zone",
            Step::Identity => "a new machine-id and SSH host keys",
            Step::Disarm => "disabling first-boot setup",
            Step::Done => "done",
        }
    }
}

/// A user as staged: the password already hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagedUser {
    pub name: String,
    pub full_name: String,
    pub password_hash: String,
    pub admin: bool,
    #[serde(default)]
    pub groups: Vec<String>,
}

/// The answers, decided and checked: nothing is asked again after a cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staged {
    pub language: String,
    #[serde(default)]
    pub extra_locales: Vec<String>,
    pub timezone: String,
    pub keyboard_layout: String,
    pub keyboard_variant: Option<String>,
    /// A kbd keymap name; `None`: derived from the XKB layout.
    pub console_keymap: Option<String>,
    pub hostname: String,
    pub hardware_clock_local: bool,
    pub users: Vec<StagedUser>,
    /// `None`: root stays locked.
    pub root_password_hash: Option<String>,
}

/// The journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    pub next: Step,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Staged>,
}

impl State {
    /// Setup has not begun (what an OEM install and prepare-shipping leave).
    pub fn armed() -> Self {
        State {
            version: 1,
            next: Step::GrowRoot,
            answers: None,
        }
    }
}

/// The journal could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(transparent)]
    Sys(#[from] SysError),
    #[error(
        "{STATE_FILE} is damaged ({0}); remove it and run `lainos-firstboot prepare-shipping` to start over"
    )]
    Damaged(String),
}

/// The journal, or `None` when first-boot setup is not armed.
pub fn load(sys: &System) -> Result<Option<State>, StateError> {
    match sys.read(STATE_FILE)? {
        None => Ok(None),
        Some(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| StateError::Damaged(e.to_string())),
    }
}

/// Writes the journal atomically, readable by root only.
pub fn save(sys: &System, state: &State) -> Result<(), SysError> {
    let dir = sys.path(STATE_DIR);
    if !dir.exists() {
        std::fs::create_dir_all(&dir).map_err(crate::sys::io_err("creating", &dir))?;
    }
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700));
    let mut text = serde_json::to_string(state).expect("the state serializes");
    text.push('\n');
    sys.write(STATE_FILE, 0o600, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_installers_armed_state_is_read_as_armed() {
        let s: State = serde_json::from_str(lainos_config::firstboot::ARMED_STATE).unwrap();
        assert_eq!(s, State::armed());
    }

    #[test]
    fn steps_follow_each_other() {
        let mut s = Step::GrowRoot;
        let mut seen = vec![s];
        while s != Step::Done {
            s = s.next();
            seen.push(s);
        }
        assert_eq!(seen, Step::ALL);
    }
}
