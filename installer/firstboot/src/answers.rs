//! Where first-boot answers come from, and how they are staged: an answer file (the
//! answer-file format's `locale`, `system`, `users` and `root` sections, checked by
//! lainos-config), or a dialogue on the console. Clear-text passwords are hashed
//! (SHA-512 crypt) before anything is written; they are never logged.

use std::io::{BufRead, Write};

use lainos_config::answer::HardwareClock;
use lainos_config::firstboot::{FirstbootAnswerFile, OemConfig, parse_firstboot_answers};
use lainos_config::validate::{Sections, check};
use lainos_config::values::{
    ConsoleKeymap, Hostname, Locale, Secret, Timezone, Username, XkbLayout,
};
use sha_crypt::{PasswordHasher, ShaCrypt};

use crate::setup::{AnswerSource, SetupError};
use crate::state::{Staged, StagedUser};
use crate::sys::System;

/// Bytes of salt for SHA-512 crypt (16 characters of salt).
const SALT_BYTES: usize = 12;

/// `$6$…`: SHA-512 crypt with a random salt.
pub fn hash_password(password: &Secret) -> Result<String, SetupError> {
    let mut salt = [0u8; SALT_BYTES];
    getrandom::fill(&mut salt)
        .map_err(|e| SetupError::Answers(format!("no random salt for the password: {e}")))?;
    ShaCrypt::SHA512
        .hash_password_with_salt(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| SetupError::Answers(format!("hashing the password failed: {e}")))
}

/// Problems of answers against this system (names taken, zones missing), as
/// `field.path: message` lines.
fn check_against_system(sys: &System, s: &Staged) -> Result<Vec<String>, SetupError> {
    let mut v = Vec::new();
    for (i, u) in s.users.iter().enumerate() {
        if sys.has_entry("/etc/passwd", &u.name)? || sys.has_entry("/etc/group", &u.name)? {
            v.push(format!(
                "users[{i}].name: `{}` already exists on this system",
                u.name
            ));
        }
    }
    let zoneinfo = sys.path("/usr/share/zoneinfo");
    if zoneinfo.is_dir() && !zoneinfo.join(&s.timezone).is_file() {
        v.push(format!(
            "locale.timezone: this system has no time zone `{}`",
            s.timezone
        ));
    }
    Ok(v)
}

/// Stages a parsed first-boot answer file: defaults from the OEM configuration,
/// passwords hashed.
pub fn stage(a: &FirstbootAnswerFile, cfg: &OemConfig) -> Result<Staged, SetupError> {
    let mut users = Vec::new();
    for u in &a.users {
        let password_hash = match (&u.password_hash, &u.password) {
            (Some(h), _) => h.to_string(),
            (None, Some(p)) => hash_password(p)?,
            (None, None) => {
                return Err(SetupError::Answers(format!(
                    "users: `{}` has no password",
                    u.name
                )));
            }
        };
        users.push(StagedUser {
            name: u.name.to_string(),
            full_name: u.full_name.clone().unwrap_or_default(),
            password_hash,
            admin: u.admin,
            groups: u.groups.iter().map(ToString::to_string).collect(),
        });
    }
    let root_password_hash = if a.root.is_locked() {
        None
    } else {
        match (&a.root.password_hash, &a.root.password) {
            (Some(h), _) => Some(h.to_string()),
            (None, Some(p)) => Some(hash_password(p)?),
            (None, None) => None,
        }
    };
    let kb = &a.locale.keyboard;
    Ok(Staged {
        language: a
            .locale
            .language
            .clone()
            .unwrap_or_else(|| cfg.language.clone())
            .to_string(),
        extra_locales: a.locale.extra.iter().map(ToString::to_string).collect(),
        timezone: a
            .locale
            .timezone
            .clone()
            .unwrap_or_else(|| cfg.timezone.clone())
            .to_string(),
        keyboard_layout: kb
            .layout
            .clone()
            .unwrap_or_else(|| cfg.keyboard_layout.clone())
            .to_string(),
        keyboard_variant: kb.variant.clone(),
        console_keymap: match &kb.console {
            ConsoleKeymap::Auto => None,
            ConsoleKeymap::Name(n) => Some(n.clone()),
        },
        hostname: a.system.hostname.to_string(),
        hardware_clock_local: a.system.hardware_clock == HardwareClock::Local,
        users,
        root_password_hash,
    })
}

/// An answer file's text, with the name it is shown under (`LABEL=LAINOS_OEM:/firstboot.yaml`).
pub struct AnswerText {
    pub name: String,
    pub text: String,
}

/// The answers of an answer file; every problem is reported at once, in the
/// `FILE:LINE:COLUMN: field.path: message` form.
impl AnswerSource for AnswerText {
    fn collect(&mut self, sys: &System, cfg: &OemConfig) -> Result<Staged, SetupError> {
        let parsed = parse_firstboot_answers(&self.text);
        let mut lines: Vec<String> = parsed.issues.iter().map(|i| i.render(&self.name)).collect();
        for w in parsed.issues.iter().filter(|i| !i.is_error()) {
            tracing::warn!("{}", w.render(&self.name));
        }
        let Some(a) = parsed.value.as_ref().filter(|_| !parsed.has_errors()) else {
            lines.retain(|l| !l.contains(": warning: "));
            return Err(SetupError::Answers(lines.join("\n")));
        };
        let staged = stage(a, cfg)?;
        let problems = check_against_system(sys, &staged)?;
        if !problems.is_empty() {
            return Err(SetupError::Answers(
                problems
                    .iter()
                    .map(|p| format!("{}: {p}", self.name))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
        Ok(staged)
    }
}

/// Reads lines from a person: a console, or a script in tests.
pub trait Prompter {
    /// Shows `prompt` and returns the line typed (without its newline); `Err` at the
    /// end of the input.
    fn line(&mut self, prompt: &str) -> Result<String, SetupError>;
    /// Like [`Prompter::line`], without echo on a terminal.
    fn secret(&mut self, prompt: &str) -> Result<Secret, SetupError>;
    fn say(&mut self, text: &str);
}

/// A prompter over a reader and a writer; `echo` is the terminal whose echo is turned
/// off while a password is typed (none for scripted input).
pub struct LinePrompter<R: BufRead, W: Write> {
    pub input: R,
    pub output: W,
    pub echo: Option<std::fs::File>,
}

impl<R: BufRead, W: Write> LinePrompter<R, W> {
    fn read(&mut self) -> Result<String, SetupError> {
        let mut s = String::new();
        let n = self
            .input
            .read_line(&mut s)
            .map_err(|e| SetupError::Answers(format!("reading the console: {e}")))?;
        if n == 0 {
            return Err(SetupError::Answers(
                "the console closed before setup was answered".into(),
            ));
        }
        Ok(s.trim_end_matches(['\n', '\r']).to_string())
    }
}

impl<R: BufRead, W: Write> Prompter for LinePrompter<R, W> {
    fn line(&mut self, prompt: &str) -> Result<String, SetupError> {
        let _ = write!(self.output, "{prompt}");
        let _ = self.output.flush();
        self.read()
    }

    fn secret(&mut self, prompt: &str) -> Result<Secret, SetupError> {
        use nix::sys::termios::{LocalFlags, SetArg, tcgetattr, tcsetattr};
        let _ = write!(self.output, "{prompt}");
        let _ = self.output.flush();
        let saved = self.echo.as_ref().and_then(|t| tcgetattr(t).ok());
        if let (Some(t), Some(old)) = (self.echo.as_ref(), saved.as_ref()) {
            let mut quiet = old.clone();
            quiet.local_flags.remove(LocalFlags::ECHO);
            let _ = tcsetattr(t, SetArg::TCSANOW, &quiet);
        }
        let r = self.read();
        if let (Some(t), Some(old)) = (self.echo.as_ref(), saved.as_ref()) {
            let _ = tcsetattr(t, SetArg::TCSANOW, old);
            let _ = writeln!(self.output);
        }
        r.map(Secret::new)
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.output, "{text}");
        let _ = self.output.flush();
    }
}

/// The text-mode dialogue: language, keyboard, time zone, user, password (twice), host
/// name. Each answer is checked as the answer file's field would be, and asked again
/// until it is right. The user it makes is an administrator (member of the admin
/// group, may use doas).
pub struct Dialogue<P: Prompter> {
    pub prompter: P,
}

impl<P: Prompter> Dialogue<P> {
    fn ask<T>(
        &mut self,
        question: &str,
        default: Option<&str>,
        mut accept: impl FnMut(&str) -> Result<T, String>,
    ) -> Result<T, SetupError> {
        loop {
            let prompt = match default {
                Some(d) if !d.is_empty() => format!("{question} [{d}]: "),
                _ => format!("{question}: "),
            };
            let mut answer = self.prompter.line(&prompt)?.trim().to_string();
            if answer.is_empty()
                && let Some(d) = default
            {
                answer = d.to_string();
            }
            match accept(&answer) {
                Ok(v) => return Ok(v),
                Err(why) => self.prompter.say(&format!("  {why}")),
            }
        }
    }
}

impl<P: Prompter> AnswerSource for Dialogue<P> {
    fn collect(&mut self, sys: &System, cfg: &OemConfig) -> Result<Staged, SetupError> {
        self.prompter
            .say("Welcome. This computer needs a few answers before its first use.");
        let supported = sys.read("/usr/share/i18n/SUPPORTED")?.map(|t| {
            t.lines()
                .map(|l| l.split(' ').next().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        });
        let default_language = cfg.language.to_string();
        let language = self.ask("Language", Some(&default_language), |s| {
            let l: Locale = s
                .parse()
                .map_err(|e: lainos_config::values::LocaleError| e.to_string())?;
            if let Some(list) = &supported
                && !list.iter().any(|x| x == s)
            {
                return Err(format!("`{s}` is not a locale this system supports"));
            }
            Ok(l)
        })?;
        let layout: XkbLayout =
            self.ask("Keyboard layout", Some(cfg.keyboard_layout.as_str()), |s| {
                s.parse()
                    .map_err(|e: lainos_config::values::XkbLayoutError| e.to_string())
            })?;
        let variant: Option<String> = self.ask("Keyboard variant (empty for none)", None, |s| {
            if s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                Ok((!s.is_empty()).then(|| s.to_string()))
            } else {
                Err(format!("`{s}` is not an XKB variant name"))
            }
        })?;
        let zoneinfo = sys.path("/usr/share/zoneinfo");
        let timezone: Timezone = self.ask("Time zone", Some(cfg.timezone.as_str()), |s| {
            let z: Timezone = s
                .parse()
                .map_err(|e: lainos_config::values::TimezoneError| e.to_string())?;
            if zoneinfo.is_dir() && !zoneinfo.join(s).is_file() {
                return Err(format!("this system has no time zone `{s}`"));
            }
            Ok(z)
        })?;
        let name: Username = self.ask("User name", None, |s| {
            let u: Username = s
                .parse()
                .map_err(|e: lainos_config::values::UsernameError| e.to_string())?;
            let probe = Sections {
                users: vec![lainos_config::answer::User {
                    name: u.clone(),
                    full_name: None,
                    password_hash: None,
                    password: Some(Secret::new("x")),
                    admin: true,
                    groups: Vec::new(),
                    autologin: false,
                }],
                ..Sections::default()
            };
            if let Some(i) = check(&probe)
                .into_iter()
                .find(|i| i.is_error() && i.path == "users[0].name")
            {
                return Err(i.message);
            }
            let taken = sys.has_entry("/etc/passwd", s).unwrap_or(true)
                || sys.has_entry("/etc/group", s).unwrap_or(true);
            if taken {
                return Err(format!("`{s}` already exists on this system"));
            }
            Ok(u)
        })?;
        let full_name: String = self.ask("Full name (optional)", None, |s| {
            if s.len() > 256 || s.chars().any(|c| c.is_control() || c == ':' || c == ',') {
                Err("may not contain ':', ',' or control characters".into())
            } else {
                Ok(s.to_string())
            }
        })?;
        let password = loop {
            let first = self.prompter.secret("Password: ")?;
            if first.expose().is_empty() {
                self.prompter.say("  the password must not be empty");
                continue;
            }
            let second = self.prompter.secret("Password again: ")?;
            if first != second {
                self.prompter.say("  the passwords differ; again");
                continue;
            }
            break first;
        };
        let current = sys.read("/etc/hostname")?.unwrap_or_default();
        let hostname: Hostname = self.ask("Computer name", Some(current.trim()), |s| {
            s.parse()
                .map_err(|e: lainos_config::values::HostnameError| e.to_string())
        })?;
        let staged = Staged {
            language: language.to_string(),
            extra_locales: Vec::new(),
            timezone: timezone.to_string(),
            keyboard_layout: layout.to_string(),
            keyboard_variant: variant,
            console_keymap: None,
            hostname: hostname.to_string(),
            hardware_clock_local: false,
            users: vec![StagedUser {
                name: name.to_string(),
                full_name,
                password_hash: hash_password(&password)?,
                admin: true,
                groups: Vec::new(),
            }],
            root_password_hash: None,
        };
        self.prompter.say(&format!(
            "Setting up {} for {}…",
            staged.hostname, staged.users[0].name
        ));
        Ok(staged)
    }
}

/// The answer file first; when it is unusable, its problems are shown and the
/// dialogue asks instead (when there is a console).
pub struct FileThenDialogue<P: Prompter> {
    pub file: Option<AnswerText>,
    pub dialogue: Option<Dialogue<P>>,
}

impl<P: Prompter> AnswerSource for FileThenDialogue<P> {
    fn collect(&mut self, sys: &System, cfg: &OemConfig) -> Result<Staged, SetupError> {
        if let Some(f) = self.file.as_mut() {
            match f.collect(sys, cfg) {
                Ok(s) => return Ok(s),
                Err(e) => match self.dialogue.as_mut() {
                    None => return Err(e),
                    Some(d) => {
                        d.prompter.say(&format!(
                            "The answer file {} cannot be used:\n{e}\n",
                            f.name
                        ));
                    }
                },
            }
        }
        match self.dialogue.as_mut() {
            Some(d) => d.collect(sys, cfg),
            None => Err(SetupError::Answers(
                "no answer file and no console to ask on".into(),
            )),
        }
    }
}
