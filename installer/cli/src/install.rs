//! `install`: ask, then execute the plan with a progress display.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use lainos_config::answer::Finish;
use lainos_engine::Cancel;
use lainos_engine::cmd::{Cmd, CommandRunner, RealRunner};
use lainos_engine::exec::{Event, ExecOptions, execute};
use lainos_engine::plan::{Action, InstallPlan, describe};

use crate::render;

/// Exit status after Ctrl-C or SIGTERM (128 + SIGINT).
const EXIT_CANCELLED: u8 = 130;

pub fn run(plan: &InstallPlan, yes: bool, json_events: bool) -> Result<ExitCode> {
    if !yes && !confirm(plan)? {
        render::err("nothing was written");
        return Ok(ExitCode::FAILURE);
    }
    let cancel = Cancel::new();
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, cancel.flag()).context("installing a signal handler")?;
    }
    let runner = RealRunner::with_cancel(cancel.clone());
    let mut opts = ExecOptions::default();
    if let Some(t) = std::env::var_os("LAINOS_TARGET_DIR") {
        opts.target = t.into();
    }
    if let Some(l) = std::env::var_os("LAINOS_INSTALL_LOG") {
        opts.log = l.into();
    }
    let mut bar = Progress::new(json_events);
    let result = execute(plan, &runner, &cancel, &opts, &mut |e| bar.event(e));
    bar.finish();
    match result {
        Ok(report) => {
            render::err(&format!(
                "Installed onto {} in {:.0} s{}. The log is {} (and /var/log/lainos-install.log in the new system).",
                plan.disk.display(),
                report.seconds,
                report
                    .kernel_version
                    .map(|k| format!(" (kernel {k})"))
                    .unwrap_or_default(),
                opts.log.display()
            ));
            for w in &report.warnings {
                render::err(&format!("warning: {w}"));
            }
            finish(plan, &runner)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if e.cancelled() => {
            render::err(&format!(
                "cancelled at step {} ({}); everything was unmounted. The disk is not bootable; run the install again.",
                e.index, e.title
            ));
            Ok(ExitCode::from(EXIT_CANCELLED))
        }
        Err(e) => {
            render::err(&format!("error: {e}"));
            render::err(&format!(
                "The install stopped; everything was unmounted. The log is {}.",
                opts.log.display()
            ));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Shows what will be destroyed and asks for `yes` on the terminal.
fn confirm(plan: &InstallPlan) -> Result<bool> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        bail!(
            "this install erases data on {} and standard input is not a terminal to ask: pass --yes to confirm, or --dry-run to see the plan",
            plan.disk.display()
        );
    }
    let mut text = format!("These actions destroy data on {}:\n", plan.disk.display());
    for a in plan.destructive() {
        text.push_str(&format!("  ! {}\n", describe(a)));
    }
    if !plan.kept_partitions.is_empty() {
        text.push_str("These partitions are kept:\n");
        for p in &plan.kept_partitions {
            text.push_str(&format!("    {}\n", p.display()));
        }
    }
    text.push_str("Type `yes` to go on: ");
    let mut err = std::io::stderr();
    err.write_all(text.as_bytes())?;
    err.flush()?;
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(line.trim() == "yes")
}

fn finish(plan: &InstallPlan, runner: &RealRunner) -> Result<()> {
    let what = plan.actions.iter().find_map(|a| match a {
        Action::Finish { action } => Some(*action),
        _ => None,
    });
    let cmd = match what {
        Some(Finish::Reboot) => Cmd::new("reboot"),
        Some(Finish::Poweroff) => Cmd::new("poweroff"),
        Some(Finish::None) | None => return Ok(()),
    };
    render::err(&format!("finishing: {}", cmd.program));
    runner.run(&cmd).context("finishing the install")?;
    Ok(())
}

/// Draws the progress of the install: a bar on a terminal, one line per step
/// otherwise, or JSON lines with `--json-events`.
struct Progress {
    json: bool,
    tty: bool,
    step: String,
    drawn: bool,
}

impl Progress {
    fn new(json: bool) -> Self {
        Progress {
            json,
            tty: std::io::stderr().is_terminal(),
            step: String::new(),
            drawn: false,
        }
    }

    fn event(&mut self, e: &Event) {
        if self.json {
            let mut out = std::io::stdout().lock();
            let _ = serde_json::to_writer(&mut out, e);
            let _ = out.write_all(b"\n");
            let _ = out.flush();
            return;
        }
        match e {
            Event::Step {
                index,
                total,
                title,
            } => {
                self.clear();
                self.step = format!("[{index:>2}/{total}] {title}");
                if self.tty {
                    self.draw(&self.step.clone());
                } else {
                    render::err(&self.step);
                }
            }
            Event::Progress {
                fraction,
                done_bytes,
                total_bytes,
                ..
            } => {
                if self.tty {
                    let width = 30;
                    let filled = (fraction * width as f64).round() as usize;
                    let line = format!(
                        "{} [{}{}] {:>3.0}% {}/{}",
                        self.step,
                        "#".repeat(filled.min(width)),
                        ".".repeat(width - filled.min(width)),
                        fraction * 100.0,
                        lainos_config::values::human_bytes(*done_bytes),
                        lainos_config::values::human_bytes(*total_bytes)
                    );
                    self.draw(&line);
                }
            }
            Event::Warning { message } => {
                self.clear();
                render::err(&format!("warning: {message}"));
            }
            Event::StepDone { .. } => {}
            Event::Finished { .. } => self.clear(),
        }
    }

    fn draw(&mut self, line: &str) {
        let mut err = std::io::stderr();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        self.drawn = true;
    }

    fn clear(&mut self) {
        if self.drawn {
            let _ = writeln!(std::io::stderr());
            self.drawn = false;
        }
    }

    fn finish(&mut self) {
        self.clear();
    }
}
