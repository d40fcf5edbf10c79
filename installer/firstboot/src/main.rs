//! `lainos-firstboot`: first-boot setup of a preloaded LainOS system, and
//! `prepare-shipping` for the factory.

use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use lainos_config::firstboot::{OEM_CONFIG, OemConfig, parse_oem_config};
use lainos_config::values::human_bytes;
use lainos_engine::cmd::RealRunner;
use lainos_engine::offer::{
    CmdlineAnswer, DeviceRef, Offer, find_device, parse_cmdline, read_offer,
};
use lainos_engine::probe::{self, SystemRoot};
use lainos_firstboot::answers::{AnswerText, Dialogue, FileThenDialogue, LinePrompter};
use lainos_firstboot::grow::Report;
use lainos_firstboot::gui::{GuiLauncher, GuiOutcome};
use lainos_firstboot::setup::{self, Outcome, SetupError};
use lainos_firstboot::shipping;
use lainos_firstboot::state::{self, Step};
use lainos_firstboot::sys::System;

/// The kernel command line parameter naming a first-boot answer file.
const PARAM: &str = "lainos.firstboot";
/// The label of a filesystem carrying `/firstboot.yaml` when the command line names
/// none.
const OEM_LABEL: &str = "LAINOS_OEM";
const OEM_FILE: &str = "/firstboot.yaml";
/// Where a device is mounted for the moment of reading (mode 0700).
const WORK_DIR: &str = "/run/lainos-firstboot";
/// How long a device named on the command line is awaited.
const DEVICE_WAIT: Duration = Duration::from_secs(30);
/// The tracing filter variable (default `info`).
const LAINOS_LOG: &str = "LAINOS_LOG";
/// Exit status when the answers are unusable and nobody can be asked.
const EXIT_INVALID: u8 = 2;
/// Where the graphical setup writes its answers (in `WORK_DIR`).
const GUI_ANSWERS: &str = "/run/lainos-firstboot/gui-answers.yaml";
/// The graphical installer, `xinit` and the X server, unless flags say otherwise.
const GUI_BINARY: &str = "/usr/bin/lainos-installer";
const XINIT: &str = "xinit";
const X_SERVER: &str = "/usr/bin/X";
/// Environment: the graphical installer to run (tests), and the running display.
const ENV_GUI_BINARY: &str = "LAINOS_FIRSTBOOT_GUI";
const ENV_DISPLAY: &str = "DISPLAY";

#[derive(Parser, Debug)]
#[command(name = "lainos-firstboot", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run (or resume) first-boot setup; does nothing once it has completed.
    Run(RunArgs),
    /// The factory's last step: clean logs, caches, machine-id, SSH host keys and
    /// shell histories, and re-arm first-boot setup.
    PrepareShipping {
        /// The system to prepare (a mounted target); default: this one.
        #[arg(long, value_name = "DIR", default_value = "/")]
        root: PathBuf,
        /// Remove user accounts (uid 1000 to 59999) the factory made, with their homes.
        #[arg(long)]
        remove_users: bool,
    },
    /// Grow the root partition and its filesystem to the whole disk (what the first
    /// step of setup does; outside the journal, for an administrator or a test).
    GrowRoot {
        /// The mounted root to grow; default: this system's.
        #[arg(long, value_name = "DIR", default_value = "/")]
        root: PathBuf,
    },
    /// Print the step first-boot setup is at (`not-armed` when it has none).
    Status {
        #[arg(long, value_name = "DIR", default_value = "/")]
        root: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// The system to set up (a mounted target; commands run in it with chroot);
    /// default: this one.
    #[arg(long, value_name = "DIR", default_value = "/")]
    root: PathBuf,
    /// An answer file (the answer file's locale, system, users and root sections);
    /// default: lainos.firstboot= on the kernel command line, else /firstboot.yaml on
    /// a filesystem labelled LAINOS_OEM, else the dialogue.
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// The terminal for the dialogue (the init script passes /dev/console); default:
    /// standard input and output when they are a terminal.
    #[arg(long, value_name = "DEVICE")]
    console: Option<PathBuf>,
    /// Ask in the graphical installer (`lainos-installer --setup`) when no answer file
    /// is found: on $DISPLAY if set, else on an X server started with xinit. When it
    /// cannot start or is closed without answers, the console dialogue asks instead.
    #[arg(long)]
    gui: bool,
    /// The graphical installer (default: $LAINOS_FIRSTBOOT_GUI, else
    /// /usr/bin/lainos-installer).
    #[arg(long, value_name = "FILE", requires = "gui")]
    gui_binary: Option<PathBuf>,
    /// The xinit program (a name is looked up in /usr/bin, /bin…).
    #[arg(long, value_name = "FILE", default_value = XINIT, requires = "gui")]
    xinit: PathBuf,
    /// The X server xinit starts.
    #[arg(long, value_name = "FILE", default_value = X_SERVER, requires = "gui")]
    x_server: PathBuf,
    /// The virtual terminal of that X server.
    #[arg(long, value_name = "N", default_value_t = 7, requires = "gui")]
    gui_vt: u8,
    /// Where the graphical setup writes its answers (for tests).
    #[arg(long, value_name = "FILE", default_value = GUI_ANSWERS, hide = true)]
    gui_answers: PathBuf,
    /// The kernel command line to read (for tests).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "/proc/cmdline",
        hide = true
    )]
    cmdline: PathBuf,
}

#[allow(clippy::print_stderr)]
fn say(s: &str) {
    eprintln!("{s}");
}

#[allow(clippy::print_stdout)]
fn out(s: &str) {
    println!("{s}");
}

fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env(LAINOS_LOG)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
    let cli = Cli::parse();
    let r = match cli.command {
        Command::Run(args) => run(&args),
        Command::PrepareShipping { root, remove_users } => prepare(&root, remove_users),
        Command::Status { root } => status(&root),
        Command::GrowRoot { root } => grow_root(&root),
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            say(&format!("error: {e:#}"));
            ExitCode::FAILURE
        }
    }
}

fn load_config(sys: &System) -> Result<Option<OemConfig>> {
    let Some(text) = sys.read(OEM_CONFIG)? else {
        return Ok(None);
    };
    let parsed = parse_oem_config(&text);
    if parsed.has_errors() {
        let lines: Vec<String> = parsed
            .issues
            .iter()
            .map(|i| i.render(&sys.path(OEM_CONFIG).display().to_string()))
            .collect();
        bail!("{} is not usable:\n{}", OEM_CONFIG, lines.join("\n"));
    }
    Ok(parsed.value)
}

fn run(args: &RunArgs) -> Result<ExitCode> {
    let runner = RealRunner::new();
    let sys = System::new(&args.root, &runner);
    let Some(cfg) = load_config(&sys)? else {
        say(&format!(
            "this system has no first-boot setup ({OEM_CONFIG} is missing); nothing to do"
        ));
        return Ok(ExitCode::SUCCESS);
    };
    // Answers are looked for only when setup still needs them.
    let needs_answers = matches!(
        state::load(&sys)?,
        Some(s) if s.next <= Step::CollectAnswers
    );
    let mut file = if needs_answers {
        find_answers(args)?
    } else {
        None
    };
    let dialogue = if needs_answers {
        open_console(args.console.as_deref())?
    } else {
        None
    };
    if needs_answers && file.is_none() && args.gui {
        match launcher(args, &cfg).run(&runner) {
            GuiOutcome::Answers(a) => file = Some(a),
            GuiOutcome::NoAnswers(why) => {
                let then = if dialogue.is_some() {
                    "asking on the console instead"
                } else {
                    "and there is no console to ask on"
                };
                say(&format!(
                    "first-boot setup: the graphical setup gave no answers ({why}); {then}"
                ));
            }
        }
    }
    let has_dialogue = dialogue.is_some();
    let mut source = FileThenDialogue {
        file,
        dialogue: dialogue.map(|prompter| Dialogue { prompter }),
    };
    match setup::run(&sys, &cfg, &mut source) {
        Ok(Outcome::Completed { users }) => {
            say(&format!(
                "first-boot setup completed: user {} created; this system is ready",
                users.join(", ")
            ));
            Ok(ExitCode::SUCCESS)
        }
        Ok(Outcome::AlreadyDone) => {
            say("first-boot setup has already completed; nothing to do");
            Ok(ExitCode::SUCCESS)
        }
        Ok(Outcome::NotArmed) => {
            say("first-boot setup is not armed on this system; nothing to do");
            Ok(ExitCode::SUCCESS)
        }
        Err(SetupError::Step {
            step: Step::CollectAnswers,
            source,
        }) if !has_dialogue => {
            say(&format!("error: {source}"));
            say("first-boot setup is still armed: it runs again at the next boot");
            Ok(ExitCode::from(EXIT_INVALID))
        }
        Err(e) => Err(anyhow::Error::from(e)
            .context("first-boot setup stopped; it runs again at the next boot")),
    }
}

/// How to start the graphical setup (in the factory's language); the environment is
/// read here only.
fn launcher(args: &RunArgs, cfg: &OemConfig) -> GuiLauncher {
    let installer = args
        .gui_binary
        .clone()
        .or_else(|| std::env::var_os(ENV_GUI_BINARY).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(GUI_BINARY));
    GuiLauncher {
        installer,
        xinit: args.xinit.clone(),
        x_server: args.x_server.clone(),
        vt: args.gui_vt,
        language: Some(cfg.language.to_string()),
        display: std::env::var(ENV_DISPLAY).ok(),
        answers: args.gui_answers.clone(),
        x11_sockets: PathBuf::from("/tmp/.X11-unix"),
    }
}

/// The answer file: `--answers`, else `lainos.firstboot=`, else a LAINOS_OEM filesystem.
fn find_answers(args: &RunArgs) -> Result<Option<AnswerText>> {
    if let Some(p) = &args.answers {
        let text = lainos_engine::offer::read_small(p)
            .with_context(|| format!("reading the answer file {}", p.display()))?;
        return Ok(Some(AnswerText {
            name: p.display().to_string(),
            text,
        }));
    }
    let cmdline = std::fs::read_to_string(&args.cmdline).unwrap_or_default();
    let offer = match parse_cmdline(&cmdline, PARAM).map_err(anyhow::Error::msg)? {
        CmdlineAnswer::Disabled => return Ok(None),
        CmdlineAnswer::Offered(o) => (o, DEVICE_WAIT),
        CmdlineAnswer::Unset => {
            // Only a device that is there now: an ordinary first boot has none.
            let want = DeviceRef::Label(OEM_LABEL.into());
            let present = probe::probe(&SystemRoot::real())
                .ok()
                .is_some_and(|m| find_device(&m, &want).is_some());
            if !present {
                return Ok(None);
            }
            (
                Offer::OnDevice {
                    device: want,
                    path: OEM_FILE.into(),
                },
                Duration::ZERO,
            )
        }
    };
    say(&format!("first-boot setup: answer file {}", offer.0));
    let text = read_offer(&offer.0, Path::new(WORK_DIR), offer.1)
        .with_context(|| format!("reading the answer file {}", offer.0))?;
    Ok(Some(AnswerText {
        name: offer.0.to_string(),
        text,
    }))
}

type ConsolePrompter = LinePrompter<Box<dyn std::io::BufRead>, Box<dyn std::io::Write>>;

/// The dialogue's terminal, when there is one.
fn open_console(console: Option<&Path>) -> Result<Option<ConsolePrompter>> {
    match console {
        Some(dev) => {
            let f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(dev)
                .with_context(|| format!("opening the console {}", dev.display()))?;
            let echo = f.is_terminal().then(|| f.try_clone()).transpose()?;
            let w = f.try_clone()?;
            Ok(Some(LinePrompter {
                input: Box::new(BufReader::new(f)),
                output: Box::new(w),
                echo,
            }))
        }
        None if std::io::stdin().is_terminal() => {
            let echo = std::fs::File::open("/dev/tty").ok();
            Ok(Some(LinePrompter {
                input: Box::new(std::io::stdin().lock()),
                output: Box::new(std::io::stderr()),
                echo,
            }))
        }
        None => Ok(None),
    }
}

fn prepare(root: &Path, remove_users: bool) -> Result<ExitCode> {
    let runner = RealRunner::new();
    let sys = System::new(root, &runner);
    let Some(cfg) = load_config(&sys)? else {
        bail!(
            "{} is not an OEM install ({OEM_CONFIG} is missing): there is no first-boot setup to re-arm",
            root.display()
        );
    };
    let r = shipping::prepare(&sys, &cfg, remove_users)?;
    if !r.users_removed.is_empty() {
        say(&format!("removed users: {}", r.users_removed.join(", ")));
    }
    say(&format!(
        "ready to ship: {} logs emptied, {} files removed, machine-id emptied, SSH host keys removed, first-boot setup re-armed (batch {:?}); power off now",
        r.logs_emptied, r.files_removed, cfg.batch_id
    ));
    Ok(ExitCode::SUCCESS)
}

fn grow_root(root: &Path) -> Result<ExitCode> {
    let runner = RealRunner::new();
    let sys = System::new(root, &runner);
    match lainos_firstboot::grow::grow_root(&sys, Path::new("/sys"))? {
        Report::Grown {
            partition,
            from_bytes,
            to_bytes,
        } => say(&format!(
            "grew {} from {} to {} (partition and filesystem)",
            partition.display(),
            human_bytes(from_bytes),
            human_bytes(to_bytes)
        )),
        Report::AlreadyFull { partition } => {
            say(&format!("{} already fills its disk", partition.display()));
        }
        Report::Skipped(why) => {
            say(&format!("not grown: {why}"));
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn status(root: &Path) -> Result<ExitCode> {
    let runner = RealRunner::new();
    let sys = System::new(root, &runner);
    match state::load(&sys)? {
        None => out("not-armed"),
        Some(s) => out(&serde_json::to_value(s.next)?
            .as_str()
            .unwrap_or("?")
            .replace('_', "-")),
    }
    Ok(ExitCode::SUCCESS)
}
