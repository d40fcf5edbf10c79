//! `install`: ask, then execute the plan with a progress display.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use lainos_config::answer::Finish;
use lainos_engine::Cancel;
use lainos_engine::cmd::{Cmd, CommandRunner, RealRunner};
use lainos_engine::exec::{Event, ExecOptions, execute};
use lainos_engine::plan::{Action, InstallPlan, describe};

use crate::render;

/// Exit status after Ctrl-C or SIGTERM (128 + SIGINT).
const EXIT_CANCELLED: u8 = 130;

/// How `install` and `auto` run the plan.
#[derive(Debug, Default)]
pub struct RunOptions {
    /// Do not ask before erasing.
    pub yes: bool,
    /// Progress as JSON lines on standard output.
    pub json_events: bool,
    /// Where to record the outcome as `exit=N` (unattended installs).
    pub status: Option<PathBuf>,
    /// A countdown before the finish action (unattended installs).
    pub finish_delay: Duration,
    /// Do not carry out the answer file's finish action (image mode: the machine that
    /// builds an image keeps running; the caller reports it).
    pub skip_finish: bool,
}

/// A cancellation token set by Ctrl-C and SIGTERM.
pub fn cancel_on_signals() -> Result<Cancel> {
    let cancel = Cancel::new();
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, cancel.flag()).context("installing a signal handler")?;
    }
    Ok(cancel)
}

pub fn run(plan: &InstallPlan, o: &RunOptions) -> Result<ExitCode> {
    run_with(plan, o, &cancel_on_signals()?)
}

/// [`run`] with a cancellation token the caller made (and set up for the signals).
pub fn run_with(plan: &InstallPlan, o: &RunOptions, cancel: &Cancel) -> Result<ExitCode> {
    let code = run_inner(plan, o, cancel);
    if let Some(status) = &o.status {
        let n = match &code {
            Ok(c) if *c == ExitCode::SUCCESS => 0,
            Ok(c) if *c == ExitCode::from(EXIT_CANCELLED) => EXIT_CANCELLED,
            _ => 1,
        };
        crate::auto::write_status(status, n);
    }
    let code = code?;
    if code == ExitCode::SUCCESS && !o.skip_finish {
        finish(plan, o.finish_delay, cancel)?;
    }
    Ok(code)
}

fn run_inner(plan: &InstallPlan, o: &RunOptions, cancel: &Cancel) -> Result<ExitCode> {
    let (yes, json_events) = (o.yes, o.json_events);
    if !yes && !confirm(plan)? {
        render::err("nothing was written");
        return Ok(ExitCode::FAILURE);
    }
    let runner = RealRunner::with_cancel(cancel.clone());
    let mut opts = ExecOptions::default();
    if let Some(t) = std::env::var_os("LAINOS_TARGET_DIR") {
        opts.target = t.into();
    }
    if let Some(l) = std::env::var_os("LAINOS_INSTALL_LOG") {
        opts.log = l.into();
    }
    // Fault injection for the failure tests (tests/install/loop.sh).
    if let Some(n) = std::env::var("LAINOS_FAULT_STEP")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.fail_at_step = Some(n);
    }
    let mut bar = Progress::new(json_events);
    let result = execute(plan, &runner, cancel, &opts, &mut |e| bar.event(e));
    bar.finish();
    match result {
        Ok(report) => {
            render::err(&format!(
                "Installed onto {} in {:.0} s{}. The log is {} (and /var/log/lainos-install.log in the new system).",
                plan.image.as_ref().map_or_else(
                    || plan.disk.display().to_string(),
                    |i| format!(
                        "the image {} (through {})",
                        i.file.display(),
                        plan.disk.display()
                    )
                ),
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
    let destructive: Vec<&Action> = plan.destructive().collect();
    let mut text = if destructive.is_empty() {
        format!(
            "Nothing on {} is erased or formatted; the install writes to it.\n",
            plan.disk.display()
        )
    } else {
        format!("These actions destroy data on {}:\n", plan.disk.display())
    };
    for a in destructive {
        text.push_str(&format!("  ! {}\n", describe(a)));
    }
    if !plan.kept_details.is_empty() {
        text.push_str("These partitions are kept:\n");
        for k in &plan.kept_details {
            text.push_str(&format!("    {}\n", k.describe()));
        }
    } else if !plan.kept_partitions.is_empty() {
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

fn finish(plan: &InstallPlan, delay: Duration, cancel: &Cancel) -> Result<()> {
    let what = plan.actions.iter().find_map(|a| match a {
        Action::Finish { action } => Some(*action),
        _ => None,
    });
    let Some(what) = what else { return Ok(()) };
    let pid1 = std::fs::read_to_string("/proc/1/comm").unwrap_or_default();
    let Some((cmd, doing)) = finish_command(what, pid1.trim()) else {
        return Ok(());
    };
    if !delay.is_zero() {
        render::err(&format!(
            "{doing} in {} s (the answer file says finish: {}; Ctrl-C or stopping the service keeps the machine running)",
            delay.as_secs(),
            if what == Finish::Reboot {
                "reboot"
            } else {
                "poweroff"
            }
        ));
        let until = std::time::Instant::now() + delay;
        while std::time::Instant::now() < until {
            if cancel.is_cancelled() {
                render::err(&format!("not {doing}: stopped; the machine keeps running"));
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let runner = RealRunner::new();
    render::err(&format!("finishing: {}", cmd.argv().join(" ")));
    runner.run(&cmd).context("finishing the install")?;
    Ok(())
}

/// The command that carries out the finish action. Under openrc-init (LainOS's PID 1)
/// that is openrc-shutdown, whose syntax wants an option and a time; a sysvinit or
/// busybox PID 1 takes `reboot` and `poweroff`.
fn finish_command(what: Finish, pid1: &str) -> Option<(Cmd, &'static str)> {
    let openrc = pid1 == "openrc-init";
    Some(match (what, openrc) {
        (Finish::None, _) => return None,
        (Finish::Reboot, true) => (
            Cmd::new("openrc-shutdown").args(["--reboot", "now"]),
            "restarting",
        ),
        (Finish::Poweroff, true) => (
            Cmd::new("openrc-shutdown").args(["--poweroff", "now"]),
            "powering off",
        ),
        (Finish::Reboot, false) => (Cmd::new("reboot"), "restarting"),
        (Finish::Poweroff, false) => (Cmd::new("poweroff"), "powering off"),
    })
}

/// Draws the progress of the install: a bar on a terminal, one line per step
/// otherwise, or JSON lines with `--json-events`.
struct Progress {
    json: bool,
    tty: bool,
    step: String,
    drawn: bool,
    /// Without a terminal: the last tenth printed for the current step.
    tenth: u8,
}

impl Progress {
    fn new(json: bool) -> Self {
        Progress {
            json,
            tty: std::io::stderr().is_terminal(),
            step: String::new(),
            drawn: false,
            tenth: 0,
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
                self.tenth = 0;
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
                } else {
                    // A console or a log: one line per tenth, not a redrawn bar.
                    let tenth = (fraction * 10.0).floor().clamp(0.0, 10.0) as u8;
                    if tenth > self.tenth {
                        self.tenth = tenth;
                        render::err(&format!(
                            "{} {:>3}% {}/{}",
                            self.step,
                            u32::from(tenth) * 10,
                            lainos_config::values::human_bytes(*done_bytes),
                            lainos_config::values::human_bytes(*total_bytes)
                        ));
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_uses_openrc_shutdown_under_openrc_init() {
        let argv = |w, p| finish_command(w, p).map(|(c, _)| c.argv());
        assert_eq!(
            argv(Finish::Poweroff, "openrc-init"),
            Some(vec![
                "openrc-shutdown".into(),
                "--poweroff".into(),
                "now".into()
            ])
        );
        assert_eq!(
            argv(Finish::Reboot, "openrc-init"),
            Some(vec![
                "openrc-shutdown".into(),
                "--reboot".into(),
                "now".into()
            ])
        );
        assert_eq!(
            argv(Finish::Poweroff, "init"),
            Some(vec!["poweroff".into()])
        );
        assert_eq!(argv(Finish::Reboot, "init"), Some(vec!["reboot".into()]));
        assert_eq!(argv(Finish::None, "openrc-init"), None);
    }
}
