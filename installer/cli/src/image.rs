//! `install ANSWERS --image FILE --size SIZE`: an install into a new disk image.
//!
//! The answer file is checked first; then the sparse file is made, attached with
//! `losetup --partscan`, planned with the loop device in place of `storage.disk`
//! (the plan says so) and installed. The loop device is detached whatever happens
//! (success, failure, Ctrl-C or SIGTERM); the image file stays.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use lainos_config::values::{Size, human_bytes};
use lainos_config::{Parsed, parse_answer_file};
use lainos_engine::cmd::RealRunner;
use lainos_engine::image::{ImageTarget, LoopDevice, create_image};

use crate::install::{self, RunOptions};
use crate::{EXIT_INVALID, make_plan_from, print_issues, read_text, render};

/// Exit status after Ctrl-C or SIGTERM (as `install`).
const EXIT_CANCELLED: u8 = 130;

#[derive(Debug)]
pub struct ImageArgs {
    pub answers: PathBuf,
    pub profile: Option<PathBuf>,
    pub file: PathBuf,
    pub size: String,
    pub overwrite: bool,
    pub dry_run: bool,
    pub json_events: bool,
}

/// The image size: a size of the answer file's syntax, not `100%`.
fn image_size(raw: &str) -> Result<u64> {
    match raw.parse::<Size>() {
        Ok(Size::Bytes(b)) => Ok(b),
        Ok(Size::Rest) => bail!("--size {raw}: an image needs a size such as 8GiB, not 100%"),
        Err(e) => bail!("--size {raw}: {e}"),
    }
}

pub fn run(a: &ImageArgs) -> Result<ExitCode> {
    if a.dry_run {
        bail!(
            "--dry-run cannot be combined with --image yet: the plan is made for the loop device the image is attached to; run `install` without --image and with --dry-run to see the plan for a disk"
        );
    }
    let size = image_size(&a.size)?;
    // The answer file alone first: a bad one makes no image.
    let text = match read_text(&a.answers) {
        Ok(t) => t,
        Err(e) => {
            render::err(&format!("{}:1:1: {e:#}", a.answers.display()));
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let parsed: Parsed<_> = parse_answer_file(&text);
    if parsed.has_errors() || parsed.value.is_none() {
        print_issues(&a.answers, &parsed.issues);
        return Ok(ExitCode::from(EXIT_INVALID));
    }
    let answered_disk = parsed.value.as_ref().expect("checked").storage.disk.clone();

    // Signals from here on only cancel: the loop device is always detached.
    let cancel = install::cancel_on_signals()?;
    let created = create_image(&a.file, size, a.overwrite)?;
    let runner = RealRunner::new();
    let result = (|| -> Result<ExitCode> {
        let lo = LoopDevice::attach(&runner, &a.file)?;
        let target = ImageTarget {
            file: absolute(&a.file),
            size_bytes: size,
            loop_device: lo.device().to_path_buf(),
            answered_disk,
        };
        let outcome = if cancel.is_cancelled() {
            render::err("cancelled before the install began; nothing was installed");
            Ok(ExitCode::from(EXIT_CANCELLED))
        } else {
            install_into(a, &text, &target, &cancel)
        };
        lo.detach()
            .with_context(|| format!("detaching {}", target.loop_device.display()))?;
        outcome
    })();
    match &result {
        Ok(c) if *c == ExitCode::from(EXIT_INVALID) && created => {
            // Refused before anything was written: the new file goes too.
            if let Err(e) = std::fs::remove_file(&a.file) {
                render::err(&format!(
                    "warning: could not remove `{}`: {e}",
                    a.file.display()
                ));
            }
        }
        Ok(c) if *c == ExitCode::SUCCESS => render::err(&format!(
            "The image {} ({}) is ready. It boots with BIOS and UEFI; write it to a disk (`dd`, `qemu-img convert`) of at least that size: the root partition and its filesystem grow to the whole disk at first boot.",
            a.file.display(),
            human_bytes(size)
        )),
        _ => render::err(&format!(
            "The image {} is incomplete and will not boot; run the install again with --overwrite.",
            a.file.display()
        )),
    }
    result
}

fn install_into(
    a: &ImageArgs,
    text: &str,
    target: &ImageTarget,
    cancel: &lainos_engine::Cancel,
) -> Result<ExitCode> {
    let (plan, _warnings) =
        match make_plan_from(text, &a.answers, a.profile.as_deref(), Some(target))? {
            Ok(p) => p,
            Err(code) => return Ok(code),
        };
    render::err(&target.describe());
    if !a.json_events {
        render::out(&plan.render());
    }
    let code = install::run_with(
        &plan,
        &RunOptions {
            // Only the new image is written: there is nothing to confirm.
            yes: true,
            json_events: a.json_events,
            skip_finish: true,
            ..RunOptions::default()
        },
        cancel,
    )?;
    if code == ExitCode::SUCCESS
        && let Some(f) = plan.actions.iter().find_map(|x| match x {
            lainos_engine::plan::Action::Finish { action } => Some(*action),
            _ => None,
        })
        && f != lainos_config::answer::Finish::None
    {
        render::err(
            "the answer file's finish action is not carried out in image mode: this machine keeps running",
        );
    }
    Ok(code)
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sizes() {
        assert_eq!(image_size("8GiB").unwrap(), 8 << 30);
        assert!(image_size("100%").unwrap_err().to_string().contains("100%"));
        let e = image_size("8GB").unwrap_err().to_string();
        assert!(e.contains("--size 8GB"), "{e}");
    }
}
