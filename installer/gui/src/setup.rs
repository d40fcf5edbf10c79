//! Setup mode (`lainos-installer --setup --answers-out FILE`): the first boot of an OEM
//! install asks language, location, keyboard and the first user in the same pages, and
//! hands the answers to `lainos-firstboot` as a first-boot answer file
//! (`installer-config/examples/oem-firstboot.yaml`). No installer service is involved;
//! nothing is installed. Passwords are written as SHA-512 crypt hashes only.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::answers::{
    Draft, HashError, KeyboardDoc, LocaleDoc, RootDoc, SystemDoc, UserDoc, hash_password,
};

/// How setup mode was started.
#[derive(Debug, Clone)]
pub struct SetupMode {
    /// Where the confirmed answers go (mode 0600, written atomically).
    pub answers_out: PathBuf,
    /// Confirm the summary page as soon as it is reached (tests, with `--goto summary`).
    pub auto_confirm: bool,
    /// Set once the answers are written: the process then exits 0, otherwise 1.
    pub written: Arc<AtomicBool>,
}

impl SetupMode {
    pub fn new(answers_out: PathBuf, auto_confirm: bool) -> Self {
        SetupMode {
            answers_out,
            auto_confirm,
            written: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn is_written(&self) -> bool {
        self.written.load(Ordering::SeqCst)
    }

    pub fn mark_written(&self) {
        self.written.store(true, Ordering::SeqCst);
    }
}

/// Writing the answer file failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Hash(#[from] HashError),
    #[error("cannot write `{path}`: {reason}")]
    Io { path: PathBuf, reason: String },
}

// The first-boot answer file: the answer file's version, locale, system, users and root
// sections, field names as in `spec/answer-file.md`.
#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    locale: LocaleDoc<'a>,
    system: SystemDoc<'a>,
    users: Vec<UserDoc<'a>>,
    root: RootDoc<'a>,
}

/// The first-boot answer file for the pages' answers, with freshly salted hashes. The
/// one user is an administrator; root gets the user's password only when asked to,
/// otherwise it stays locked.
pub fn firstboot_document(draft: &Draft) -> Result<String, HashError> {
    let user_hash = hash_password(&draft.password)?;
    let root_hash = if draft.root_same_password {
        Some(hash_password(&draft.password)?)
    } else {
        None
    };
    let doc = Doc {
        version: 1,
        locale: LocaleDoc {
            language: &draft.locale,
            timezone: &draft.timezone,
            keyboard: KeyboardDoc {
                layout: &draft.keyboard_layout,
                variant: draft.keyboard_variant.as_deref(),
            },
        },
        system: SystemDoc {
            hostname: &draft.hostname,
        },
        users: vec![UserDoc {
            name: &draft.user_name,
            full_name: &draft.full_name,
            password_hash: &user_hash,
            admin: true,
        }],
        root: RootDoc {
            locked: root_hash.is_none(),
            password_hash: root_hash.as_deref(),
        },
    };
    let body = serde_yaml::to_string(&doc).unwrap_or_default();
    Ok(format!(
        "# LainOS first-boot answers, from the graphical setup\n{body}"
    ))
}

/// Writes `text` to `path` readable by its owner only, atomically: a temporary file
/// beside it (0600 from its creation) is filled, flushed to disk and renamed over
/// `path`, so a reader sees the whole file or none.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), WriteError> {
    // Errors name the file asked for; the temporary file is a detail.
    let io = |e: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "answers".into());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(io)?;
        f.write_all(text.as_bytes()).map_err(io)?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// The answers of the pages, hashed and written to `path` (see [`write_atomically`]).
pub fn write_answers(path: &Path, draft: &Draft) -> Result<(), WriteError> {
    let doc = firstboot_document(draft)?;
    write_atomically(path, &doc)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use lainos_config::firstboot::parse_firstboot_answers;

    use super::*;
    use crate::answers::{Filesystem, Layout, SwapChoice};

    const PASSWORD: &str = "wired-Protocol-7";

    fn draft() -> Draft {
        Draft {
            locale: "de_CH.UTF-8".into(),
            timezone: "Europe/Zurich".into(),
            keyboard_layout: "ch".into(),
            keyboard_variant: Some("fr".into()),
            disk: None,
            layout: Layout::Erase,
            filesystem: Filesystem::Ext4,
            partitions: Vec::new(),
            swap: SwapChoice::None,
            encryption: None,
            full_name: "Lain Iwakura".into(),
            user_name: "lain".into(),
            password: PASSWORD.into(),
            hostname: "wired02".into(),
            admin: false,
            root_same_password: false,
        }
    }

    #[test]
    fn the_document_passes_the_first_boot_answer_check() {
        let doc = firstboot_document(&draft()).unwrap();
        let parsed = parse_firstboot_answers(&doc);
        assert!(
            parsed.issues.is_empty(),
            "{:?}\n{doc}",
            parsed
                .issues
                .iter()
                .map(|i| i.render("gui"))
                .collect::<Vec<_>>()
        );
        let a = parsed.value.unwrap();
        assert_eq!(a.system.hostname.to_string(), "wired02");
        assert_eq!(
            a.locale
                .language
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("de_CH.UTF-8")
        );
        assert_eq!(
            a.locale
                .timezone
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("Europe/Zurich")
        );
        assert_eq!(a.locale.keyboard.variant.as_deref(), Some("fr"));
        assert_eq!(a.users.len(), 1);
        let u = &a.users[0];
        assert_eq!(u.name.to_string(), "lain");
        assert_eq!(u.full_name.as_deref(), Some("Lain Iwakura"));
        // The one user of setup is always an administrator.
        assert!(u.admin);
        assert!(u.password.is_none());
        assert!(
            u.password_hash
                .as_ref()
                .unwrap()
                .to_string()
                .starts_with("$6$")
        );
        assert!(a.root.is_locked());
        assert!(!doc.contains(PASSWORD), "{doc}");
    }

    #[test]
    fn root_gets_the_users_password_only_when_asked() {
        let mut d = draft();
        d.root_same_password = true;
        let doc = firstboot_document(&d).unwrap();
        let a = parse_firstboot_answers(&doc).value.unwrap();
        assert!(!a.root.is_locked());
        let root = a.root.password_hash.unwrap().to_string();
        let user = a.users[0].password_hash.clone().unwrap().to_string();
        assert!(root.starts_with("$6$"));
        // Salted separately.
        assert_ne!(root, user);
        assert!(!doc.contains(PASSWORD));
    }

    #[test]
    fn the_file_is_written_whole_and_for_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gui-answers.yaml");
        std::fs::write(&path, "old contents").unwrap();
        write_answers(&path, &draft()).unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("hostname: wired02"), "{text}");
        assert!(!text.contains(PASSWORD));
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing_dir").join("answers.yaml");
        let e = write_answers(&path, &draft()).unwrap_err();
        assert!(e.to_string().contains("missing_dir"), "{e}");
        assert!(!path.exists());
    }
}
