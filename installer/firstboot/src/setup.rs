//! First-boot setup as a persisted state machine ([`crate::state`]). Each step is
//! idempotent and the journal moves on only after a step is complete, so a power cut
//! anywhere leaves a system whose next boot runs setup again, from the interrupted
//! step; a user half-created by a cut is removed before it is created again, and the
//! service that runs setup stays enabled until the very end.

use lainos_config::firstboot::OemConfig;
use lainos_config::keyboard::{console_keymap_for, xkb_conf};
use lainos_config::profile::MachineIdPolicy;
use lainos_config::system_files;
use lainos_config::values::{Locale, Secret};
use lainos_engine::cmd::{Cmd, CmdError, Stdin};

use crate::state::{self, Staged, State, StateError, Step};
use crate::sys::{SysError, System};

/// The program named in the comments of the files setup writes.
const WRITER: &str = "lainos-firstboot";

/// Why setup stopped (it runs again at the next boot).
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Sys(#[from] SysError),
    #[error(transparent)]
    State(#[from] StateError),
    #[error("{0}")]
    Answers(String),
    #[error(transparent)]
    Grow(#[from] crate::grow::GrowError),
    #[error("first-boot setup failed while {step}", step = .step.title())]
    Step {
        step: Step,
        #[source]
        source: Box<SetupError>,
    },
}

/// Where the answers come from: an answer file or the console dialogue.
pub trait AnswerSource {
    fn collect(&mut self, sys: &System, cfg: &OemConfig) -> Result<Staged, SetupError>;
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Setup ran to the end now.
    Completed { users: Vec<String> },
    /// Setup had already completed: nothing was done (beyond making sure the service
    /// is disabled).
    AlreadyDone,
    /// This system has no first-boot setup armed.
    NotArmed,
}

/// Runs (or resumes) first-boot setup.
pub fn run(
    sys: &System,
    cfg: &OemConfig,
    source: &mut dyn AnswerSource,
) -> Result<Outcome, SetupError> {
    let Some(mut st) = state::load(sys)? else {
        return Ok(Outcome::NotArmed);
    };
    if st.next == Step::Done {
        disable_service(sys, cfg)?;
        return Ok(Outcome::AlreadyDone);
    }
    let mut users = Vec::new();
    while st.next != Step::Done {
        let step = st.next;
        tracing::info!(step = ?step, "first-boot setup: {}", step.title());
        do_step(sys, cfg, source, &mut st).map_err(|e| SetupError::Step {
            step,
            source: Box::new(e),
        })?;
        if let Some(a) = &st.answers {
            users = a.users.iter().map(|u| u.name.clone()).collect();
        }
    }
    Ok(Outcome::Completed { users })
}

fn staged(st: &State) -> Result<&Staged, SetupError> {
    st.answers.as_ref().ok_or_else(|| {
        SetupError::Answers(format!(
            "the journal is at `{:?}` but holds no answers",
            st.next
        ))
    })
}

fn do_step(
    sys: &System,
    cfg: &OemConfig,
    source: &mut dyn AnswerSource,
    st: &mut State,
) -> Result<(), SetupError> {
    match st.next {
        Step::GrowRoot => grow(sys)?,
        Step::CollectAnswers => {
            st.answers = Some(source.collect(sys, cfg)?);
        }
        Step::CreateUsers => create_users(sys, cfg, staged(st)?)?,
        Step::SetPasswords => set_passwords(sys, staged(st)?)?,
        Step::Groups => groups(sys, cfg, staged(st)?)?,
        Step::SystemSettings => system_settings(sys, cfg, staged(st)?)?,
        Step::Identity => identity(sys, cfg)?,
        Step::Disarm => {
            // First the journal says done (and forgets the password hashes), then the
            // service goes: a cut in between leaves a service that finds setup done
            // and only disables itself.
            st.answers = None;
            st.next = Step::Done;
            state::save(sys, st)?;
            disable_service(sys, cfg)?;
            return Ok(());
        }
        Step::Done => return Ok(()),
    }
    st.next = st.next.next();
    state::save(sys, st)?;
    Ok(())
}

/// Grows the root to the whole disk; a layout it cannot grow is reported and left as
/// it is (the system works; setup goes on).
fn grow(sys: &System) -> Result<(), SetupError> {
    match crate::grow::grow_root(sys, std::path::Path::new("/sys"))? {
        crate::grow::Report::Grown {
            partition,
            from_bytes,
            to_bytes,
        } => tracing::info!(
            "grew {} from {} to {} (partition and filesystem)",
            partition.display(),
            lainos_config::values::human_bytes(from_bytes),
            lainos_config::values::human_bytes(to_bytes)
        ),
        crate::grow::Report::AlreadyFull { partition } => {
            tracing::info!("{} already fills its disk", partition.display());
        }
        crate::grow::Report::Skipped(why) => tracing::warn!("the root is not grown: {why}"),
    }
    Ok(())
}

/// Removes whatever a cut left of `name`, then creates the user with its home and
/// its own group. Names were checked free when the answers were collected, so an
/// existing entry can only be a half-made user of an earlier attempt.
fn create_users(sys: &System, cfg: &OemConfig, a: &Staged) -> Result<(), SetupError> {
    for u in &a.users {
        if sys.has_entry("/etc/passwd", &u.name)? {
            tracing::warn!(user = %u.name, "removing the user left by an interrupted setup");
            sys.run(Cmd::new("userdel").args(["-r", &u.name]))
                .or_else(tolerate(&[6, 12]))?;
        }
        if sys.has_entry("/etc/group", &u.name)? {
            sys.run(Cmd::new("groupdel").arg(&u.name))
                .or_else(tolerate(&[6]))?;
        }
        sys.remove(&sys.path(&format!("/home/{}", u.name)))?;
        let mut c = Cmd::new("useradd").args(["-m", "-U", "-s", &cfg.shell]);
        if !u.full_name.is_empty() {
            c = c.args(["-c", &u.full_name]);
        }
        sys.run(c.arg(&u.name))?;
    }
    Ok(())
}

/// Exit codes of a command that mean "already as wanted" (userdel 6: no such user;
/// 12: the home could not be removed, the user is gone).
pub(crate) fn tolerate(
    codes: &'static [i32],
) -> impl Fn(SysError) -> Result<lainos_engine::cmd::Output, SysError> {
    move |e| match e {
        SysError::Command(CmdError::Failed { code: Some(c), .. }) if codes.contains(&c) => {
            Ok(lainos_engine::cmd::Output::default())
        }
        e => Err(e),
    }
}

/// Hashes go to `chpasswd -e` on standard input, never in an argument or a log.
fn set_passwords(sys: &System, a: &Staged) -> Result<(), SetupError> {
    let mut lines = String::new();
    for u in &a.users {
        lines.push_str(&format!("{}:{}\n", u.name, u.password_hash));
    }
    if let Some(h) = &a.root_password_hash {
        lines.push_str(&format!("root:{h}\n"));
    }
    sys.run(
        Cmd::new("chpasswd")
            .arg("-e")
            .stdin(Stdin::Secret(Secret::new(lines))),
    )?;
    Ok(())
}

fn groups(sys: &System, cfg: &OemConfig, a: &Staged) -> Result<(), SetupError> {
    for u in &a.users {
        let mut want: Vec<String> = cfg.default_groups.iter().map(ToString::to_string).collect();
        if u.admin {
            want.push(cfg.admin_group.to_string());
        }
        for g in &u.groups {
            if !want.contains(g) {
                want.push(g.clone());
            }
        }
        for g in &want {
            if !sys.has_entry("/etc/group", g)? {
                sys.run(Cmd::new("groupadd").args(["--system", g]))?;
            }
        }
        sys.run(Cmd::new("usermod").args(["-G", &want.join(","), &u.name]))?;
    }
    if !cfg.doas.is_empty() && !sys.path("/etc/doas.conf").exists() {
        let mut text =
            String::from("# Written by lainos-firstboot from the distribution profile.\n");
        for r in &cfg.doas {
            text.push_str(r);
            text.push('\n');
        }
        sys.write("/etc/doas.conf", 0o400, text.as_bytes())?;
    }
    Ok(())
}

fn system_settings(sys: &System, cfg: &OemConfig, a: &Staged) -> Result<(), SetupError> {
    let host = &a.hostname;
    for (path, text) in system_files::hostname_files(host, WRITER) {
        sys.write(path, 0o644, text.as_bytes())?;
    }
    if sys.is_live() {
        // This boot's name too; the file is what counts.
        if let Err(e) = sys.run(Cmd::new("hostname").arg(host)) {
            tracing::warn!("could not set this boot's host name: {e}");
        }
    }

    let locale = |l: &str| -> Result<Locale, SetupError> {
        l.parse::<Locale>()
            .map_err(|e| SetupError::Answers(e.to_string()))
    };
    let language = locale(&a.language)?;
    let extra = a
        .extra_locales
        .iter()
        .map(|l| locale(l))
        .collect::<Result<Vec<_>, _>>()?;
    let gen_lines = system_files::locale_gen_lines(&language, &extra);
    sys.write(
        "/etc/locale.gen",
        0o644,
        system_files::locale_gen(&gen_lines, WRITER).as_bytes(),
    )?;
    if !cfg.locale_generate.is_empty() {
        sys.run(Cmd::from_argv(&cfg.locale_generate))?;
    }
    sys.write(
        &cfg.locale_conf,
        0o644,
        system_files::locale_conf(&language).as_bytes(),
    )?;

    let variant = a.keyboard_variant.as_deref();
    let console = a
        .console_keymap
        .clone()
        .unwrap_or_else(|| console_keymap_for(&a.keyboard_layout, variant).0);
    sys.write(
        &cfg.console_conf,
        0o644,
        system_files::console_keymap_conf(&console, &a.keyboard_layout, variant, WRITER).as_bytes(),
    )?;
    sys.write(
        &cfg.xkb_conf,
        0o644,
        xkb_conf(&a.keyboard_layout, variant, WRITER).as_bytes(),
    )?;

    let zonefile = format!("/usr/share/zoneinfo/{}", a.timezone);
    sys.symlink(&format!("..{zonefile}"), "/etc/localtime")?;
    if sys.path("/etc/timezone").exists() {
        sys.write(
            "/etc/timezone",
            0o644,
            format!("{}\n", a.timezone).as_bytes(),
        )?;
    }
    sys.write(
        "/etc/conf.d/hwclock",
        0o644,
        system_files::hwclock_conf(a.hardware_clock_local, WRITER).as_bytes(),
    )?;
    Ok(())
}

/// A machine-id as the profile wants it, and no SSH host key of the factory.
pub(crate) fn identity(sys: &System, cfg: &OemConfig) -> Result<(), SetupError> {
    let id = match cfg.machine_id {
        MachineIdPolicy::Generate => format!("{}\n", uuid::Uuid::new_v4().simple()),
        // The distribution makes one at each boot (LainOS: lainos-machine-id).
        MachineIdPolicy::Empty => String::new(),
    };
    sys.write("/etc/machine-id", 0o444, id.as_bytes())?;
    let dbus_id = sys.path("/var/lib/dbus/machine-id");
    if std::fs::symlink_metadata(&dbus_id).is_ok_and(|m| m.is_file()) {
        sys.remove(&dbus_id)?;
    }
    remove_host_keys(sys)?;
    if sys.has_program(&["/usr/bin/ssh-keygen", "/bin/ssh-keygen"]) {
        sys.run(Cmd::new("ssh-keygen").arg("-A"))?;
    }
    Ok(())
}

pub(crate) fn remove_host_keys(sys: &System) -> Result<(), SysError> {
    if let Ok(entries) = std::fs::read_dir(sys.path("/etc/ssh")) {
        let mut keys: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("ssh_host_"))
            })
            .collect();
        keys.sort();
        for k in keys {
            sys.remove(&k)?;
        }
    }
    Ok(())
}

/// Takes the service out of every runlevel (what `rc-update del` does).
pub(crate) fn disable_service(sys: &System, cfg: &OemConfig) -> Result<(), SysError> {
    let Ok(levels) = std::fs::read_dir(sys.path("/etc/runlevels")) else {
        return Ok(());
    };
    for l in levels.flatten() {
        sys.remove(&l.path().join(cfg.service.as_str()))?;
    }
    Ok(())
}

/// Puts the service into its runlevel (what `rc-update add` does).
pub(crate) fn enable_service(sys: &System, cfg: &OemConfig) -> Result<(), SetupError> {
    let script = format!("/etc/init.d/{}", cfg.service);
    if !sys.path(&script).is_file() {
        return Err(SetupError::Answers(format!(
            "the first-boot service script {script} is missing"
        )));
    }
    sys.symlink(
        &script,
        &format!("/etc/runlevels/{}/{}", cfg.runlevel.as_str(), cfg.service),
    )?;
    Ok(())
}
