//! `lainos-installer`: the graphical installer. Runs as the live user; talks to the
//! root service `org.lainos.Installer1` over D-Bus.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use lainos_dbus_api::BusChoice;
use lainos_installer::app::{App, Config, Page};
use lainos_installer::branding::{Branding, DEFAULT_BRANDING_DIR};
use lainos_installer::i18n::Catalog;
use lainos_installer::setup::SetupMode;

#[derive(Debug, Parser)]
#[command(version, about = "The LainOS graphical installer")]
struct Cli {
    /// The installer service's bus address (default: the system bus).
    #[arg(long, value_name = "ADDRESS")]
    bus_address: Option<String>,
    /// The branding folder (branding.yaml, logo, locales/).
    /// (default: $LAINOS_BRANDING_DIR, else the installed branding).
    #[arg(long)]
    branding: Option<PathBuf>,
    /// Interface language (en, de, fr, es, it, pt-BR, pl, ru, ja, zh-CN, ar); default from LANG.
    #[arg(long)]
    lang: Option<String>,
    /// Where "Save answer file" writes (default: ~/lainos-answers.yaml).
    #[arg(long)]
    save_path: Option<PathBuf>,
    /// Walk to this page with demo answers (welcome, location, keyboard, disk, users,
    /// summary, install, done); for screenshots and tests.
    #[arg(long, value_parser = parse_page)]
    goto: Option<Page>,
    /// With --goto: pick this disk (a /dev path or a /dev/disk/by-* link) instead of
    /// the first usable one, and stop on the disk page if the probe does not list it.
    /// Going past the summary, the answers are saved (--save-path) before installing.
    /// For tests (tests/gui/real-install.sh).
    #[arg(long, value_name = "PATH", requires = "goto")]
    goto_disk: Option<PathBuf>,
    /// With --goto: choose the manual layout on the disk page, reuse the disk's vfat
    /// partition as the EFI system partition, format its largest other partition as
    /// `/` and add a 2 GiB swap partition. For screenshots.
    #[arg(long, requires = "goto", conflicts_with = "goto_alongside")]
    goto_manual: bool,
    /// With --goto: install alongside the disk's partitions (in its largest free
    /// space), encrypted with a demo passphrase. For screenshots.
    #[arg(long, requires = "goto")]
    goto_alongside: bool,
    /// Print time to first frame and memory use as JSON, then exit.
    #[arg(long)]
    benchmark: bool,
    /// Setup mode, for the first boot of an OEM install (`lainos-firstboot run --gui`):
    /// only language, location, keyboard and the first user, no installer service; the
    /// confirmed answers are written to --answers-out as a first-boot answer file and
    /// the program exits 0. Closing the window first exits 1 and writes nothing.
    #[arg(long, requires = "answers_out")]
    setup: bool,
    /// With --setup: where the first-boot answer file goes (mode 0600, replaced
    /// atomically).
    #[arg(long, value_name = "FILE", requires = "setup")]
    answers_out: Option<PathBuf>,
    /// With --setup and --goto summary: confirm the summary as soon as it is shown.
    /// For tests (tests/gui/setup-mode.sh).
    #[arg(long, requires_all = ["setup", "goto"])]
    setup_confirm: bool,
}

fn parse_page(s: &str) -> Result<Page, String> {
    Page::from_name(s).ok_or_else(|| format!("no page named `{s}`"))
}

/// The interface language from `LANG`/`LC_ALL` when it is offered.
fn language_from_env(branding: &Branding) -> String {
    let env = std::env::var("LC_ALL")
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("LANG").ok())
        .unwrap_or_default();
    let base = env.split(['.', '@']).next().unwrap_or("").replace('_', "-");
    let lang_only = base.split('-').next().unwrap_or("").to_string();
    [base, lang_only]
        .into_iter()
        .find(|c| branding.language(c).is_some())
        .unwrap_or_else(|| "en".into())
}

/// Exit status of setup mode when the window was closed without confirming.
const EXIT_NOT_CONFIRMED: u8 = 1;

fn main() -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LAINOS_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new(
                    "info,winit=warn,iced_winit=warn,cosmic_text=error",
                )
            }),
        )
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let setup = cli
        .answers_out
        .clone()
        .filter(|_| cli.setup)
        .map(|out| SetupMode::new(out, cli.setup_confirm));
    if let (Some(_), Some(page)) = (&setup, cli.goto)
        && !Page::SETUP.contains(&page)
    {
        anyhow::bail!(
            "setup mode has no page `{}`",
            page.id().trim_start_matches("page-")
        );
    }
    let branding_dir = cli
        .branding
        .clone()
        .or_else(|| std::env::var_os("LAINOS_BRANDING_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_BRANDING_DIR));
    let branding = Branding::load(&branding_dir).context("cannot load the branding")?;
    let codes: Vec<&str> = branding.languages.iter().map(|l| l.code.as_str()).collect();
    let catalog =
        Catalog::load(&branding.locales_dir(), &codes).context("cannot load the translations")?;
    let lang = cli
        .lang
        .clone()
        .unwrap_or_else(|| language_from_env(&branding));
    let save_path = cli.save_path.clone().unwrap_or_else(|| {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/tmp"))
            .join("lainos-answers.yaml")
    });
    let config = Config {
        bus: cli
            .bus_address
            .clone()
            .map_or(BusChoice::System, BusChoice::Address),
        branding: Arc::new(branding),
        catalog: Arc::new(catalog),
        lang,
        save_path,
        goto: cli.goto,
        // A link such as /dev/disk/by-id/… names the device the probe lists.
        goto_disk: cli
            .goto_disk
            .as_ref()
            .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.clone())),
        goto_manual: cli.goto_manual,
        goto_alongside: cli.goto_alongside,
        benchmark: cli.benchmark.then_some(start),
        setup: setup.clone(),
    };
    iced::application(move || App::boot(config.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .window_size((1024.0, 720.0))
        .run()
        .context("the window system failed")?;
    match setup {
        Some(s) if !s.is_written() => {
            tracing::warn!("setup was closed before its answers were confirmed; nothing written");
            Ok(ExitCode::from(EXIT_NOT_CONFIRMED))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}
