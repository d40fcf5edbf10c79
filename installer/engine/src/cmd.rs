//! The one command type. Every external program the installer runs is a [`Cmd`]: argv,
//! environment, an optional root to run in (chroot), standard input and a timeout, as
//! inspectable data with a shell-escaped `Display`. A [`CommandRunner`] runs it: the
//! real one, or a recording one for tests.

use std::ffi::OsString;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lainos_config::values::Secret;

/// How much of a failed command's stderr an error keeps.
const STDERR_TAIL: usize = 2048;

/// What a command reads on standard input.
#[derive(Clone, Default)]
pub enum Stdin {
    /// Closed (`/dev/null`): a command never waits for a person.
    #[default]
    Null,
    /// Plain data, shown in logs.
    Data(Vec<u8>),
    /// A secret (a password hash line, a passphrase): never shown, never logged.
    Secret(Secret),
}

impl fmt::Debug for Stdin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stdin::Null => f.write_str("Null"),
            Stdin::Data(d) => write!(f, "Data({} bytes)", d.len()),
            Stdin::Secret(_) => f.write_str("Secret(<redacted>)"),
        }
    }
}

/// An external command as data.
#[derive(Debug, Clone)]
pub struct Cmd {
    pub program: String,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    /// Run inside this root (chroot), for commands that act on the installed system.
    pub root: Option<PathBuf>,
    pub cwd: Option<PathBuf>,
    pub stdin: Stdin,
    pub timeout: Option<Duration>,
    /// Runs to its end even after the install was cancelled (clean-up commands such as
    /// closing a LUKS mapping).
    pub ignore_cancel: bool,
}

impl Cmd {
    pub fn new(program: impl Into<String>) -> Self {
        Cmd {
            program: program.into(),
            args: Vec::new(),
            env: Vec::new(),
            root: None,
            cwd: None,
            stdin: Stdin::Null,
            timeout: Some(Duration::from_secs(600)),
            ignore_cancel: false,
        }
    }

    /// A clean-up command: cancellation does not stop it.
    pub fn uncancellable(mut self) -> Self {
        self.ignore_cancel = true;
        self
    }

    /// A command from an argv (the first element is the program).
    pub fn from_argv(argv: &[String]) -> Self {
        let mut c = Cmd::new(argv.first().cloned().unwrap_or_default());
        c.args = argv.iter().skip(1).cloned().collect();
        c
    }

    pub fn arg(mut self, a: impl Into<String>) -> Self {
        self.args.push(a.into());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn path_arg(self, p: &Path) -> Self {
        self.arg(p.to_string_lossy().into_owned())
    }

    pub fn env(mut self, k: impl Into<String>, v: impl Into<String>) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    /// Runs the command inside `root` (chroot).
    pub fn in_root(mut self, root: &Path) -> Self {
        self.root = Some(root.to_path_buf());
        self
    }

    pub fn stdin(mut self, s: Stdin) -> Self {
        self.stdin = s;
        self
    }

    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// The argv as strings.
    pub fn argv(&self) -> Vec<String> {
        std::iter::once(self.program.clone())
            .chain(self.args.iter().cloned())
            .collect()
    }
}

/// Quotes a word for a POSIX shell when it needs quoting.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%^".contains(&b));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(root) = &self.root {
            write!(f, "chroot {} ", shell_quote(&root.to_string_lossy()))?;
        }
        for (k, v) in &self.env {
            write!(f, "{}={} ", k, shell_quote(v))?;
        }
        write!(f, "{}", shell_quote(&self.program))?;
        for a in &self.args {
            write!(f, " {}", shell_quote(a))?;
        }
        match &self.stdin {
            Stdin::Null => Ok(()),
            Stdin::Data(d) => write!(f, " <<< ({} bytes)", d.len()),
            Stdin::Secret(_) => f.write_str(" <<< (secret)"),
        }
    }
}

/// What a finished command gave back.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Output {
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// A command that could not run or failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CmdError {
    #[error("could not start `{cmd}`: {reason}")]
    Spawn { cmd: String, reason: String },
    #[error("`{cmd}` {status}{}", tail_suffix(.stderr_tail))]
    Failed {
        cmd: String,
        /// "exited with status 1" or "was killed by signal 9 (SIGKILL)".
        status: String,
        code: Option<i32>,
        stderr_tail: String,
    },
    #[error("`{cmd}` did not finish within {secs} s and was killed{}", tail_suffix(.stderr_tail))]
    Timeout {
        cmd: String,
        secs: u64,
        stderr_tail: String,
    },
    #[error("`{cmd}` was cancelled")]
    Cancelled { cmd: String },
}

fn tail_suffix(tail: &str) -> String {
    if tail.trim().is_empty() {
        String::new()
    } else {
        format!("; its error output ends with:\n{}", tail.trim_end())
    }
}

impl CmdError {
    pub fn stderr_tail(&self) -> &str {
        match self {
            CmdError::Failed { stderr_tail, .. } | CmdError::Timeout { stderr_tail, .. } => {
                stderr_tail
            }
            _ => "",
        }
    }
}

/// Keeps the last `STDERR_TAIL` bytes, cut at a character boundary.
pub fn tail_of(bytes: &[u8]) -> String {
    let start = bytes.len().saturating_sub(STDERR_TAIL);
    let s = String::from_utf8_lossy(&bytes[start..]);
    s.trim_start_matches('\u{fffd}').to_string()
}

fn describe_status(st: ExitStatus) -> (String, Option<i32>) {
    use std::os::unix::process::ExitStatusExt;
    if let Some(c) = st.code() {
        (format!("exited with status {c}"), Some(c))
    } else if let Some(sig) = st.signal() {
        let name = nix::sys::signal::Signal::try_from(sig)
            .map(|s| s.as_str().to_string())
            .unwrap_or_else(|_| "unknown".into());
        (format!("was killed by signal {sig} ({name})"), None)
    } else {
        ("ended abnormally".into(), None)
    }
}

/// Runs commands. Implementations: [`RealRunner`], [`RecordingRunner`].
pub trait CommandRunner: Send + Sync {
    fn run(&self, cmd: &Cmd) -> Result<Output, CmdError>;
}

/// Runs commands for real, with a timeout and cancellation.
#[derive(Debug, Default, Clone)]
pub struct RealRunner {
    cancel: Option<crate::Cancel>,
}

impl RealRunner {
    pub fn new() -> Self {
        RealRunner::default()
    }
    pub fn with_cancel(cancel: crate::Cancel) -> Self {
        RealRunner {
            cancel: Some(cancel),
        }
    }
}

impl CommandRunner for RealRunner {
    fn run(&self, cmd: &Cmd) -> Result<Output, CmdError> {
        let shown = cmd.to_string();
        tracing::debug!(cmd = %shown, "running");
        // A chroot is a command of its own, so the child needs no pre_exec code.
        let (program, args): (OsString, Vec<OsString>) = match &cmd.root {
            Some(root) => (
                "chroot".into(),
                std::iter::once(root.as_os_str().to_owned())
                    .chain(std::iter::once(OsString::from(&cmd.program)))
                    .chain(cmd.args.iter().map(OsString::from))
                    .collect(),
            ),
            None => (
                cmd.program.clone().into(),
                cmd.args.iter().map(OsString::from).collect(),
            ),
        };
        #[allow(clippy::disallowed_methods)]
        let mut command = Command::new(&program);
        command
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(match cmd.stdin {
                Stdin::Null => Stdio::null(),
                _ => Stdio::piped(),
            });
        if cmd.root.is_some() {
            // Inside the target, a clean PATH that finds its own programs.
            command
                .env_clear()
                .env(
                    "PATH",
                    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                )
                .env("LANG", "C.UTF-8")
                .env("HOME", "/root");
        }
        for (k, v) in &cmd.env {
            command.env(k, v);
        }
        if let Some(cwd) = &cmd.cwd {
            command.current_dir(cwd);
        }
        let mut child = command.spawn().map_err(|e| CmdError::Spawn {
            cmd: shown.clone(),
            reason: e.to_string(),
        })?;
        let input: Option<Vec<u8>> = match &cmd.stdin {
            Stdin::Null => None,
            Stdin::Data(d) => Some(d.clone()),
            Stdin::Secret(s) => Some(s.expose().as_bytes().to_vec()),
        };
        let stdin_thread = match (input, child.stdin.take()) {
            (Some(data), Some(mut pipe)) => Some(std::thread::spawn(move || {
                let _ = pipe.write_all(&data);
            })),
            _ => None,
        };
        let mut out_pipe = child.stdout.take().expect("stdout is piped");
        let mut err_pipe = child.stderr.take().expect("stderr is piped");
        let out_thread = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = out_pipe.read_to_end(&mut v);
            v
        });
        let err_thread = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = err_pipe.read_to_end(&mut v);
            v
        });
        let start = Instant::now();
        let mut killed_for: Option<&'static str> = None;
        let status = loop {
            if let Some(st) = child.try_wait().map_err(|e| CmdError::Spawn {
                cmd: shown.clone(),
                reason: e.to_string(),
            })? {
                break st;
            }
            let cancelled =
                !cmd.ignore_cancel && self.cancel.as_ref().is_some_and(|c| c.is_cancelled());
            let timed_out = cmd.timeout.is_some_and(|t| start.elapsed() > t);
            if (cancelled || timed_out) && killed_for.is_none() {
                killed_for = Some(if cancelled { "cancel" } else { "timeout" });
                let _ = child.kill();
            }
            std::thread::sleep(Duration::from_millis(if start.elapsed().as_millis() < 50 {
                2
            } else {
                20
            }));
        };
        if let Some(t) = stdin_thread {
            let _ = t.join();
        }
        let stdout = out_thread.join().unwrap_or_default();
        let stderr = err_thread.join().unwrap_or_default();
        match killed_for {
            Some("cancel") => return Err(CmdError::Cancelled { cmd: shown }),
            Some(_) => {
                return Err(CmdError::Timeout {
                    cmd: shown,
                    secs: cmd.timeout.map_or(0, |t| t.as_secs()),
                    stderr_tail: tail_of(&stderr),
                });
            }
            None => {}
        }
        if status.success() {
            Ok(Output { stdout, stderr })
        } else {
            let (status, code) = describe_status(status);
            Err(CmdError::Failed {
                cmd: shown,
                status,
                code,
                stderr_tail: tail_of(&stderr),
            })
        }
    }
}

/// A scripted answer: the program it answers for and what it returns.
type Response = (String, Result<Output, CmdError>);

/// Records commands instead of running them; answers from a script of responses.
#[derive(Default, Clone)]
pub struct RecordingRunner {
    pub log: Arc<Mutex<Vec<Cmd>>>,
    /// (program, response) pairs: the first whose program matches answers.
    responses: Arc<Mutex<Vec<Response>>>,
}

impl RecordingRunner {
    pub fn new() -> Self {
        RecordingRunner::default()
    }

    /// Makes the next run of `program` answer `response`.
    pub fn respond(&self, program: &str, response: Result<Output, CmdError>) {
        self.responses
            .lock()
            .expect("lock")
            .push((program.to_string(), response));
    }

    /// The commands run so far, as shell lines.
    pub fn lines(&self) -> Vec<String> {
        self.log
            .lock()
            .expect("lock")
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

impl CommandRunner for RecordingRunner {
    fn run(&self, cmd: &Cmd) -> Result<Output, CmdError> {
        self.log.lock().expect("lock").push(cmd.clone());
        let mut r = self.responses.lock().expect("lock");
        if let Some(i) = r.iter().position(|(p, _)| *p == cmd.program) {
            return r.remove(i).1;
        }
        Ok(Output::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_quotes_and_hides_secrets() {
        let c = Cmd::new("chpasswd")
            .arg("-e")
            .arg("it's")
            .stdin(Stdin::Secret(Secret::new("lain:$6$x")))
            .in_root(Path::new("/run/t"));
        let s = c.to_string();
        assert_eq!(s, r"chroot /run/t chpasswd -e 'it'\''s' <<< (secret)");
        assert!(!format!("{c:?}").contains("$6$x"));
    }

    #[test]
    fn real_runner_reports_status_and_stderr() {
        let r = RealRunner::new();
        let e = r
            .run(&Cmd::new("sh").args(["-c", "echo boom >&2; exit 3"]))
            .unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("exited with status 3"), "{msg}");
        assert!(msg.contains("boom"), "{msg}");
        let out = r.run(&Cmd::new("sh").args(["-c", "echo hi"])).unwrap();
        assert_eq!(out.stdout_str(), "hi\n");
    }

    #[test]
    fn real_runner_times_out() {
        let r = RealRunner::new();
        let e = r
            .run(
                &Cmd::new("sleep")
                    .arg("5")
                    .timeout(Duration::from_millis(200)),
            )
            .unwrap_err();
        assert!(matches!(e, CmdError::Timeout { .. }), "{e}");
    }

    #[test]
    fn stdin_secret_reaches_the_program() {
        let r = RealRunner::new();
        let out = r
            .run(&Cmd::new("cat").stdin(Stdin::Secret(Secret::new("s3cret"))))
            .unwrap();
        assert_eq!(out.stdout_str(), "s3cret");
    }
}
