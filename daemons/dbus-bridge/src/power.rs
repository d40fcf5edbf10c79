//! What this machine can do, for the `Can*` answers.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use crate::helper::sleep_state_word;

/// Where the power actions go; the same paths the helper is started with.
#[derive(Debug, Clone)]
pub struct PowerConfig {
    pub shutdown_command: PathBuf,
    pub sleep_state: PathBuf,
}

impl PowerConfig {
    /// `openrc-shutdown` is there and executable.
    pub fn can_shutdown(&self) -> bool {
        std::fs::metadata(&self.shutdown_command)
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }

    /// The kernel offers a suspend state.
    pub fn can_suspend(&self) -> bool {
        std::fs::read_to_string(&self.sleep_state).is_ok_and(|s| sleep_state_word(&s).is_some())
    }
}

/// The login1 answer: `na` when the machine cannot, `yes` when the caller may, `no`
/// otherwise (there is no polkit to ask, so never `challenge`).
pub fn answer(supported: bool, authorized: bool) -> &'static str {
    match (supported, authorized) {
        (false, _) => "na",
        (true, true) => "yes",
        (true, false) => "no",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers() {
        assert_eq!(answer(false, true), "na");
        assert_eq!(answer(true, true), "yes");
        assert_eq!(answer(true, false), "no");
    }

    #[test]
    fn detects_capabilities_from_files() {
        let dir = tempfile::tempdir().unwrap();
        let cmd = dir.path().join("openrc-shutdown");
        let state = dir.path().join("state");
        let cfg = PowerConfig {
            shutdown_command: cmd.clone(),
            sleep_state: state.clone(),
        };
        assert!(!cfg.can_shutdown() && !cfg.can_suspend());
        std::fs::write(&cmd, "#!/bin/sh\n").unwrap();
        assert!(!cfg.can_shutdown());
        std::fs::set_permissions(&cmd, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(cfg.can_shutdown());
        std::fs::write(&state, "disk\n").unwrap();
        assert!(!cfg.can_suspend());
        std::fs::write(&state, "freeze mem\n").unwrap();
        assert!(cfg.can_suspend());
    }
}
