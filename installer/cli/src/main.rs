//! `lainos-install`: the headless installer (validate, plan, install, probe).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use lainos_config::{AnswerFile, Issue, Parsed, parse_answer_file, parse_profile};
use lainos_engine::cmd::RealRunner;
use lainos_engine::image::ImageTarget;
use lainos_engine::plan::InstallPlan;
use lainos_engine::probe::{self, MachineInfo, SystemRoot};
use lainos_engine::resolve::{RandomIds, ResolveInput, ResolveOptions, resolve};
use lainos_engine::source;

mod auto;
mod env;
mod image;
mod install;
mod render;
mod service;

/// Exit status for an invalid answer file or a plan that cannot be made.
pub(crate) const EXIT_INVALID: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "lainos-install",
    version,
    about = "Install LainOS from an answer file, or check one"
)]
struct Cli {
    /// The distribution profile (default: the one the live system ships).
    #[arg(long, global = true, value_name = "FILE")]
    profile: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check an answer file alone (no disk is looked at).
    Validate { answers: PathBuf },
    /// Show every action the install would take on this machine.
    Plan {
        answers: PathBuf,
        /// Print the plan as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Install.
    Install {
        answers: PathBuf,
        /// Print the plan and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Do not ask before erasing.
        #[arg(long)]
        yes: bool,
        /// Print progress as JSON lines on standard output.
        #[arg(long)]
        json_events: bool,
        /// Install into this disk image file instead of `storage.disk` (image mode: a
        /// new sparse file, attached to a loop device while the install runs; the image
        /// boots with BIOS and UEFI and its root grows at first boot). Nothing is asked:
        /// only the new file is written.
        #[arg(long, value_name = "FILE", requires = "size")]
        image: Option<PathBuf>,
        /// The image's size, written as in the answer file (`8GiB`).
        #[arg(long, value_name = "SIZE", requires = "image")]
        size: Option<String>,
        /// Reuse an existing image file (everything in it is lost).
        #[arg(long, requires = "image")]
        overwrite: bool,
    },
    /// The unattended install of a live boot: the answer file named by
    /// `lainos.answers=` on the kernel command line, or `lainos/answers.yaml` on the
    /// live medium. Runs without asking; does nothing when no answer file is offered.
    Auto {
        #[command(flatten)]
        args: auto::AutoArgs,
    },
    /// Serve org.lainos.Installer1 on D-Bus for the graphical installer (as root).
    Service {
        #[command(flatten)]
        args: lainos_service::ServiceArgs,
    },
    /// Show the disks, the firmware and the live medium.
    Probe {
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    env::init_tracing();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {e:#}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Validate { answers } => {
            // A profile named on the command line is checked too (plan and install
            // would refuse a bad one later, on the target machine).
            if cli.profile.is_some()
                && let Err(e) = load_profile(cli.profile.as_deref())
            {
                render::err(&format!("error: {e:#}"));
                return Ok(ExitCode::from(EXIT_INVALID));
            }
            validate(&answers)
        }
        Command::Plan { answers, json } => {
            let (plan, _warnings) = match make_plan(&answers, cli.profile.as_deref())? {
                Ok(p) => p,
                Err(code) => return Ok(code),
            };
            if json {
                render::out(&serde_json::to_string_pretty(&plan)?);
            } else {
                render::out(&plan.render());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Install {
            answers,
            dry_run,
            yes,
            json_events,
            image,
            size,
            overwrite,
        } => {
            if let (Some(file), Some(size)) = (image, size) {
                return image::run(&image::ImageArgs {
                    answers,
                    profile: cli.profile,
                    file,
                    size,
                    overwrite,
                    dry_run,
                    json_events,
                });
            }
            let (plan, _warnings) = match make_plan(&answers, cli.profile.as_deref())? {
                Ok(p) => p,
                Err(code) => return Ok(code),
            };
            if dry_run {
                render::out(&plan.render());
                render::err("dry run: nothing was written");
                return Ok(ExitCode::SUCCESS);
            }
            install::run(
                &plan,
                &install::RunOptions {
                    yes,
                    json_events,
                    ..Default::default()
                },
            )
        }
        Command::Auto { args } => auto::run(cli.profile.as_deref(), &args),
        Command::Service { args } => {
            service::run(cli.profile, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Probe { json } => {
            let machine = probe::probe(&SystemRoot::real()).context("probing the machine")?;
            if json {
                render::out(&serde_json::to_string_pretty(&machine)?);
            } else {
                render::out(&render::probe_table(&machine));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads a file as UTF-8 text, refusing huge and binary files with a clear message.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    if meta.len() > lainos_config::parse::MAX_FILE_BYTES as u64 {
        bail!(
            "`{}` is {} bytes; an answer file may be at most {} bytes",
            path.display(),
            meta.len(),
            lainos_config::parse::MAX_FILE_BYTES
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "`{}` is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

pub(crate) fn print_issues(file: &Path, issues: &[Issue]) {
    let name = file.display().to_string();
    for i in issues {
        render::err(&i.render(&name));
    }
}

fn validate(path: &Path) -> Result<ExitCode> {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(e) => {
            render::err(&format!("{}:1:1: {e:#}", path.display()));
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let parsed = parse_answer_file(&text);
    print_issues(path, &parsed.issues);
    if parsed.has_errors() {
        Ok(ExitCode::from(EXIT_INVALID))
    } else {
        render::err(&format!("{}: valid", path.display()));
        Ok(ExitCode::SUCCESS)
    }
}

pub(crate) fn load_profile(path: Option<&Path>) -> Result<lainos_config::Profile> {
    let path = path.map_or_else(env::default_profile, Path::to_path_buf);
    let text = read_text(&path).context("reading the distribution profile")?;
    let parsed = parse_profile(&text);
    if parsed.has_errors() || parsed.value.is_none() {
        print_issues(&path, &parsed.issues);
        bail!("the distribution profile `{}` is not valid", path.display());
    }
    Ok(parsed.value.expect("checked"))
}

/// The `lainos-firstboot` program installed beside this one (the same package, or the
/// same cargo target directory), which OEM installs copy when the profile says
/// `oem.provide: copy`.
fn firstboot_beside_us() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let p = exe.parent()?.join("lainos-firstboot");
    p.is_file().then_some(p)
}

/// Probes this machine and the image and resolves the answers into a plan.
/// With `image`, the install goes into that image (image mode): its loop device
/// replaces `storage.disk`.
pub(crate) fn plan_on_this_machine(
    answers: &AnswerFile,
    profile: &lainos_config::Profile,
    image: Option<&ImageTarget>,
) -> Result<lainos_engine::resolve::Resolved> {
    let sys = SystemRoot::real();
    let machine: MachineInfo = probe::probe(&sys).context("probing the machine")?;
    let target = image.map_or(answers.storage.disk.as_path(), |i| i.loop_device.as_path());
    let disk = probe::probe_disk(&sys, target).ok();
    let runner = RealRunner::new();
    let squashfs = answers
        .source
        .as_ref()
        .and_then(|s| s.squashfs.clone())
        .unwrap_or_else(|| profile.source.squashfs.clone());
    let source =
        source::inspect(&squashfs, &runner).map_err(|e| format!("{:#}", anyhow::Error::from(e)));
    let input = ResolveInput {
        answers,
        profile,
        machine: &machine,
        disk: disk.as_ref(),
        source,
        options: ResolveOptions {
            firstboot_binary: firstboot_beside_us(),
            image_mode: image.is_some(),
        },
    };
    Ok(resolve(input, &mut RandomIds).map(|(mut plan, warnings)| {
        plan.image = image.cloned();
        (plan, warnings)
    }))
}

/// Parses the answer file and resolves it against this machine. `Err(code)` when the
/// problems were printed.
fn make_plan(
    path: &Path,
    profile: Option<&Path>,
) -> Result<std::result::Result<(InstallPlan, Vec<Issue>), ExitCode>> {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(e) => {
            render::err(&format!("{}:1:1: {e:#}", path.display()));
            return Ok(Err(ExitCode::from(EXIT_INVALID)));
        }
    };
    make_plan_from(&text, path, profile, None)
}

/// [`make_plan`] for a text already read; `path` names it in messages.
pub(crate) fn make_plan_from(
    text: &str,
    path: &Path,
    profile: Option<&Path>,
    image: Option<&ImageTarget>,
) -> Result<std::result::Result<(InstallPlan, Vec<Issue>), ExitCode>> {
    let parsed: Parsed<AnswerFile> = parse_answer_file(text);
    if parsed.has_errors() || parsed.value.is_none() {
        print_issues(path, &parsed.issues);
        return Ok(Err(ExitCode::from(EXIT_INVALID)));
    }
    let answers = parsed.value.as_ref().expect("checked");
    let profile = load_profile(profile)?;
    match plan_on_this_machine(answers, &profile, image)? {
        Ok((plan, mut warnings)) => {
            parsed.positions.locate(&mut warnings);
            print_issues(path, &warnings);
            Ok(Ok((plan, warnings)))
        }
        Err(mut issues) => {
            parsed.positions.locate(&mut issues);
            print_issues(path, &issues);
            Ok(Err(ExitCode::from(EXIT_INVALID)))
        }
    }
}
