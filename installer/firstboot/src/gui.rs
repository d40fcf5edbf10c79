//! The graphical first-boot setup (`lainos-firstboot run --gui`): the installer's GUI in
//! setup mode (`lainos-installer --setup --answers-out FILE`) asks the questions and
//! writes a first-boot answer file, which is then read like any other answer file.
//! On a running display (`DISPLAY`) the GUI is started directly; at boot, before any
//! login manager, it is started on its own X server with `xinit`. When neither is
//! possible, or the GUI ends without answers, the caller falls back to the console.

use std::path::{Path, PathBuf};

use lainos_engine::cmd::{Cmd, CommandRunner};

use crate::answers::AnswerText;

/// The largest answer file the GUI may leave (it writes well under 2 KiB).
const MAX_ANSWERS: u64 = 64 * 1024;

/// How to start the GUI.
#[derive(Debug, Clone)]
pub struct GuiLauncher {
    /// `lainos-installer`.
    pub installer: PathBuf,
    /// `xinit`, used when there is no display.
    pub xinit: PathBuf,
    /// The X server xinit starts (an absolute path, as xinit wants it).
    pub x_server: PathBuf,
    /// The virtual terminal the X server takes.
    pub vt: u8,
    /// The language the GUI starts in (`LANG`): the factory's, from the OEM facts, so
    /// that a machine preloaded for a country greets its user in that language.
    pub language: Option<String>,
    /// The display already running (`DISPLAY`), if any.
    pub display: Option<String>,
    /// Where the GUI writes its answers (in a directory only root can enter).
    pub answers: PathBuf,
    /// Where X servers keep their sockets (`/tmp/.X11-unix`), to pick a free display.
    pub x11_sockets: PathBuf,
}

/// What became of the graphical setup.
pub enum GuiOutcome {
    /// The GUI wrote its answers (the file is already removed).
    Answers(AnswerText),
    /// The GUI could not run here, or ended without answers: why, in words.
    NoAnswers(String),
}

/// The answers' text (password hashes) is not shown.
impl std::fmt::Debug for GuiOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GuiOutcome::Answers(a) => write!(f, "Answers({:?}, <not shown>)", a.name),
            GuiOutcome::NoAnswers(why) => f.debug_tuple("NoAnswers").field(why).finish(),
        }
    }
}

impl GuiLauncher {
    /// The command that runs the GUI, or why there is none.
    pub fn command(&self) -> Result<Cmd, String> {
        let gui_args = [
            "--setup".to_string(),
            "--answers-out".to_string(),
            self.answers.display().to_string(),
        ];
        if !is_executable(&self.installer) {
            return Err(format!(
                "the graphical installer `{}` is not installed",
                self.installer.display()
            ));
        }
        let mut cmd = if let Some(display) = self.display.as_deref().filter(|d| !d.is_empty()) {
            Cmd::new(self.installer.display().to_string())
                .args(gui_args)
                .env("DISPLAY", display)
        } else {
            let Some(xinit) = find_program(&self.xinit) else {
                return Err(format!(
                    "there is no display and no `{}` to start one",
                    self.xinit.display()
                ));
            };
            if !is_executable(&self.x_server) {
                return Err(format!(
                    "there is no display and no X server `{}`",
                    self.x_server.display()
                ));
            }
            let n = free_display(&self.x11_sockets);
            Cmd::new(xinit.display().to_string())
                .arg(self.installer.display().to_string())
                .args(gui_args)
                .arg("--")
                .arg(self.x_server.display().to_string())
                .arg(format!(":{n}"))
                .arg(format!("vt{}", self.vt))
                .args(["-nolisten", "tcp", "-noreset"])
        };
        if let Some(lang) = self.language.as_deref().filter(|l| !l.is_empty()) {
            cmd = cmd.env("LANG", lang);
        }
        // A person answers: as long as they need.
        cmd.timeout = None;
        Ok(cmd)
    }

    /// Runs the GUI and takes its answers. Passwords are in the file as hashes only;
    /// the file is removed whatever happens.
    pub fn run(&self, runner: &dyn CommandRunner) -> GuiOutcome {
        let cmd = match self.command() {
            Ok(c) => c,
            Err(why) => return GuiOutcome::NoAnswers(why),
        };
        if let Some(dir) = self.answers.parent()
            && let Err(e) = make_private_dir(dir)
        {
            return GuiOutcome::NoAnswers(format!(
                "cannot prepare `{}` for the answers: {e}",
                dir.display()
            ));
        }
        let _ = std::fs::remove_file(&self.answers);
        tracing::info!(cmd = %cmd, "starting the graphical setup");
        let ran = runner.run(&cmd);
        let text = read_answers(&self.answers);
        let _ = std::fs::remove_file(&self.answers);
        match (ran, text) {
            (Ok(_), Ok(Some(text))) => GuiOutcome::Answers(self.answer_text(text)),
            (Err(e), Ok(Some(text))) => {
                // The answers were confirmed and written; what failed came after.
                tracing::warn!(error = %e, "the graphical setup failed after writing its answers");
                GuiOutcome::Answers(self.answer_text(text))
            }
            (Ok(_), Ok(None)) => {
                GuiOutcome::NoAnswers("the graphical setup ended without answers".into())
            }
            (Err(e), Ok(None)) => GuiOutcome::NoAnswers(e.to_string()),
            (_, Err(e)) => GuiOutcome::NoAnswers(e),
        }
    }

    fn answer_text(&self, text: String) -> AnswerText {
        AnswerText {
            name: format!("the graphical setup's answers ({})", self.answers.display()),
            text,
        }
    }
}

/// The answers the GUI wrote, if any.
fn read_answers(path: &Path) -> Result<Option<String>, String> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
        Ok(m) if m.len() > MAX_ANSWERS => Err(format!(
            "`{}` is too large for an answer file ({} bytes)",
            path.display(),
            m.len()
        )),
        Ok(_) => std::fs::read_to_string(path)
            .map(Some)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display())),
    }
}

fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `p` itself when it has a slash, else the first match on the standard search path.
fn find_program(p: &Path) -> Option<PathBuf> {
    if p.components().count() > 1 {
        return is_executable(p).then(|| p.to_path_buf());
    }
    [
        "/usr/local/bin",
        "/usr/bin",
        "/bin",
        "/usr/local/sbin",
        "/usr/sbin",
        "/sbin",
    ]
    .iter()
    .map(|d| Path::new(d).join(p))
    .find(|c| is_executable(c))
}

/// The first display number without an X socket or lock file.
fn free_display(sockets: &Path) -> u32 {
    let lock_dir = sockets.parent().unwrap_or(Path::new("/tmp"));
    (0..64)
        .find(|n| {
            !sockets.join(format!("X{n}")).exists()
                && !lock_dir.join(format!(".X{n}-lock")).exists()
        })
        .unwrap_or(64)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use lainos_engine::cmd::RealRunner;

    use super::*;

    fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    }

    fn launcher(dir: &Path) -> GuiLauncher {
        GuiLauncher {
            installer: dir.join("lainos-installer"),
            xinit: dir.join("xinit"),
            x_server: dir.join("X"),
            vt: 7,
            language: None,
            display: None,
            answers: dir.join("run/gui-answers.yaml"),
            x11_sockets: dir.join(".X11-unix"),
        }
    }

    #[test]
    fn on_a_display_the_gui_runs_directly() {
        let d = tempfile::tempdir().unwrap();
        script(d.path(), "lainos-installer", "exit 0");
        let l = GuiLauncher {
            display: Some(":3".into()),
            ..launcher(d.path())
        };
        let c = l.command().unwrap();
        assert_eq!(
            c.argv(),
            [
                d.path().join("lainos-installer").display().to_string(),
                "--setup".into(),
                "--answers-out".into(),
                d.path().join("run/gui-answers.yaml").display().to_string(),
            ]
        );
        assert_eq!(c.env, [("DISPLAY".to_string(), ":3".to_string())]);
        assert_eq!(c.timeout, None);
    }

    #[test]
    fn the_gui_starts_in_the_factory_language() {
        let d = tempfile::tempdir().unwrap();
        script(d.path(), "lainos-installer", "exit 0");
        script(d.path(), "xinit", "exit 0");
        script(d.path(), "X", "exit 0");
        let l = GuiLauncher {
            language: Some("de_DE.UTF-8".into()),
            ..launcher(d.path())
        };
        // Through xinit (the client inherits its environment) and on a display.
        let c = l.command().unwrap();
        assert_eq!(c.env, [("LANG".to_string(), "de_DE.UTF-8".to_string())]);
        let c = GuiLauncher {
            display: Some(":3".into()),
            ..l
        }
        .command()
        .unwrap();
        assert!(
            c.env
                .contains(&("LANG".to_string(), "de_DE.UTF-8".to_string()))
        );
    }

    #[test]
    fn without_a_display_xinit_starts_a_server_on_a_free_display() {
        let d = tempfile::tempdir().unwrap();
        script(d.path(), "lainos-installer", "exit 0");
        script(d.path(), "xinit", "exit 0");
        script(d.path(), "X", "exit 0");
        std::fs::create_dir(d.path().join(".X11-unix")).unwrap();
        std::fs::write(d.path().join(".X11-unix/X0"), "").unwrap();
        std::fs::write(d.path().join(".X1-lock"), "").unwrap();
        let c = launcher(d.path()).command().unwrap();
        let p = |s: &str| d.path().join(s).display().to_string();
        assert_eq!(
            c.argv(),
            [
                p("xinit"),
                p("lainos-installer"),
                "--setup".into(),
                "--answers-out".into(),
                p("run/gui-answers.yaml"),
                "--".into(),
                p("X"),
                ":2".into(),
                "vt7".into(),
                "-nolisten".into(),
                "tcp".into(),
                "-noreset".into(),
            ]
        );
    }

    #[test]
    fn what_is_missing_is_said() {
        let d = tempfile::tempdir().unwrap();
        let e = launcher(d.path()).command().unwrap_err();
        assert!(e.contains("lainos-installer` is not installed"), "{e}");
        script(d.path(), "lainos-installer", "exit 0");
        let e = launcher(d.path()).command().unwrap_err();
        assert!(e.contains("no display and no"), "{e}");
        assert!(e.contains("xinit"), "{e}");
        script(d.path(), "xinit", "exit 0");
        let e = launcher(d.path()).command().unwrap_err();
        assert!(e.contains("no X server"), "{e}");
    }

    #[test]
    fn the_answers_the_gui_writes_are_taken_and_removed() {
        let d = tempfile::tempdir().unwrap();
        // A stand-in GUI: writes what it is asked to, where --answers-out says.
        script(
            d.path(),
            "lainos-installer",
            "[ \"$1\" = --setup ] && [ \"$2\" = --answers-out ] || exit 9\nprintf 'version: 1\\n' >\"$3\"",
        );
        let l = GuiLauncher {
            display: Some(":5".into()),
            ..launcher(d.path())
        };
        match l.run(&RealRunner::new()) {
            GuiOutcome::Answers(a) => {
                assert_eq!(a.text, "version: 1\n");
                assert!(a.name.contains("gui-answers.yaml"), "{}", a.name);
            }
            GuiOutcome::NoAnswers(why) => panic!("{why}"),
        }
        assert!(!l.answers.exists());
        let mode = std::fs::metadata(l.answers.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn a_gui_closed_without_answers_says_so() {
        let d = tempfile::tempdir().unwrap();
        script(
            d.path(),
            "lainos-installer",
            "echo 'window closed' >&2; exit 1",
        );
        let l = GuiLauncher {
            display: Some(":5".into()),
            ..launcher(d.path())
        };
        match l.run(&RealRunner::new()) {
            GuiOutcome::NoAnswers(why) => {
                assert!(why.contains("exited with status 1"), "{why}");
                assert!(why.contains("window closed"), "{why}");
            }
            GuiOutcome::Answers(_) => panic!("answers from nowhere"),
        }
        // A stale file from an earlier attempt is never taken.
        std::fs::create_dir_all(l.answers.parent().unwrap()).unwrap();
        std::fs::write(&l.answers, "stale").unwrap();
        script(d.path(), "lainos-installer", "exit 0");
        assert!(matches!(
            l.run(&RealRunner::new()),
            GuiOutcome::NoAnswers(why) if why.contains("without answers")
        ));
        assert!(!l.answers.exists());
    }
}
