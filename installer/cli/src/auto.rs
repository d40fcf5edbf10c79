//! `auto`: the unattended install of a live boot.
//!
//! The answer file is named on the kernel command line (the forms are those of
//! `lainos_engine::offer`),
//!
//! ```text
//! lainos.answers=/path/on/the/live/system.yaml
//! lainos.answers=LABEL=OEM:/answers.yaml       (also UUID=, PARTLABEL=, PARTUUID=,
//! lainos.answers=/dev/sdb1:/answers.yaml        or a device node)
//! lainos.answers=none                           (no unattended install, even if the
//!                                                medium carries an answer file)
//! ```
//!
//! or, when the command line names none, found on the live medium as
//! `lainos/answers.yaml`. A device is mounted read-only (nosuid, nodev, noexec) under
//! `/run/lainos-auto` just long enough to read the file; its text stays in memory.
//!
//! Naming an answer file, or putting one on the medium, is the confirmation: the
//! install runs without asking. Its outcome goes to the console and, as `exit=N`, to a
//! status file; a failed install leaves the machine running for a person to read why.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use lainos_engine::offer::{CmdlineAnswer, Offer, parse_cmdline, read_offer};
use lainos_engine::probe;

use crate::install::{self, RunOptions};
use crate::{EXIT_INVALID, make_plan_from, render};

/// `auto --detect` when no answer file is offered.
const EXIT_NOTHING_OFFERED: u8 = 3;
/// The kernel command line parameter.
const PARAM: &str = "lainos.answers";
/// Where the medium carries an answer file, relative to its root.
const ON_MEDIUM: &str = "lainos/answers.yaml";
/// Where a device holding the answer file is mounted for a moment (mode 0700).
const WORK_DIR: &str = "/run/lainos-auto";
/// How long to wait for a named device to appear (USB sticks settle late).
const DEVICE_WAIT: Duration = Duration::from_secs(30);

#[derive(clap::Args, Debug)]
pub struct AutoArgs {
    /// Only say whether an answer file is offered: exit 0 (and print where) or 3.
    #[arg(long)]
    detect: bool,
    /// Print the plan and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Where to write the outcome (`exit=N`) for whoever watches the install.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "/run/lainos-install.status"
    )]
    status: PathBuf,
    /// Seconds between the end of a successful install and its finish action
    /// (reboot or power-off), counted down on the console.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    finish_delay: u64,
    /// The kernel command line to read (for tests).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "/proc/cmdline",
        hide = true
    )]
    cmdline: PathBuf,
    /// Where the live medium is mounted (for tests; default: dracut's and archiso's
    /// mount points).
    #[arg(long = "medium", value_name = "DIR", hide = true)]
    media: Vec<PathBuf>,
}

/// Where an answer file is offered: the command line first, then the live medium.
pub fn find_offer(cmdline: &str, media: &[PathBuf]) -> Result<Option<Offer>, String> {
    match parse_cmdline(cmdline, PARAM)? {
        CmdlineAnswer::Offered(o) => Ok(Some(o)),
        CmdlineAnswer::Disabled => Ok(None),
        CmdlineAnswer::Unset => Ok(media
            .iter()
            .map(|m| m.join(ON_MEDIUM))
            .find(|p| p.is_file())
            .map(Offer::File)),
    }
}

pub fn run(profile: Option<&Path>, args: &AutoArgs) -> Result<ExitCode> {
    let cmdline = fs::read_to_string(&args.cmdline)
        .with_context(|| format!("reading the kernel command line {}", args.cmdline.display()))?;
    let media: Vec<PathBuf> = if args.media.is_empty() {
        probe::LIVE_MEDIUM_MOUNTS
            .iter()
            .map(PathBuf::from)
            .collect()
    } else {
        args.media.clone()
    };
    let offer = match find_offer(&cmdline, &media) {
        Ok(o) => o,
        Err(e) => {
            render::err(&format!("error: {e}"));
            if !args.detect {
                write_status(&args.status, EXIT_INVALID);
            }
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let Some(offer) = offer else {
        if !args.detect {
            render::err(&format!(
                "no answer file: neither {PARAM}= on the kernel command line nor {ON_MEDIUM} on the live medium; nothing to do"
            ));
        }
        return Ok(ExitCode::from(EXIT_NOTHING_OFFERED));
    };
    if args.detect {
        render::out(&offer.to_string());
        return Ok(ExitCode::SUCCESS);
    }
    render::err(&format!("unattended install: answer file {offer}"));
    let code = match install_from(profile, args, &offer) {
        Ok(code) => code,
        Err(e) => {
            render::err(&format!("error: {e:#}"));
            ExitCode::FAILURE
        }
    };
    Ok(code)
}

fn install_from(profile: Option<&Path>, args: &AutoArgs, offer: &Offer) -> Result<ExitCode> {
    let text = match read_offer(offer, Path::new(WORK_DIR), DEVICE_WAIT)
        .with_context(|| format!("reading the answer file {offer}"))
    {
        Ok(t) => t,
        Err(e) => {
            write_status(&args.status, EXIT_INVALID);
            return Err(e);
        }
    };
    let (plan, _warnings) =
        match make_plan_from(&text, Path::new(&offer.to_string()), profile, None)? {
            Ok(p) => p,
            Err(code) => {
                write_status(&args.status, EXIT_INVALID);
                render::err("the answer file is not usable on this machine; nothing was written");
                return Ok(code);
            }
        };
    if args.dry_run {
        render::out(&plan.render());
        render::err("dry run: nothing was written");
        return Ok(ExitCode::SUCCESS);
    }
    render::out(&plan.render());
    install::run(
        &plan,
        &RunOptions {
            yes: true,
            json_events: false,
            status: Some(args.status.clone()),
            finish_delay: Duration::from_secs(args.finish_delay),
            skip_finish: false,
        },
    )
}

/// Records the outcome as `exit=N` (replaced atomically); a failure to write it is
/// reported and otherwise ignored: the install's own result matters more.
pub fn write_status(path: &Path, code: u8) {
    let tmp = path.with_extension("tmp");
    let r = fs::write(&tmp, format!("exit={code}\n")).and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = r {
        render::err(&format!("warning: cannot write {}: {e}", path.display()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_medium_is_searched_only_without_a_parameter() {
        let dir = std::env::temp_dir().join(format!("lainos-auto-test-{}", std::process::id()));
        let medium = dir.join("medium");
        fs::create_dir_all(medium.join("lainos")).unwrap();
        fs::write(medium.join(ON_MEDIUM), "version: 1\n").unwrap();
        let media = vec![dir.join("absent"), medium.clone()];
        assert_eq!(
            find_offer("quiet", &media).unwrap(),
            Some(Offer::File(medium.join(ON_MEDIUM)))
        );
        assert_eq!(find_offer("lainos.answers=none", &media).unwrap(), None);
        assert_eq!(
            find_offer("lainos.answers=/x.yaml", &media).unwrap(),
            Some(Offer::File("/x.yaml".into()))
        );
        assert_eq!(find_offer("quiet", &media[..1]).unwrap(), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
