//! The system setup acts on: a root directory (`/` at first boot, a mounted target or
//! a test directory otherwise), the command runner every external program goes
//! through, and, for tests, a simulated power cut.
//!
//! Every durable operation (a command, a file written or removed) first passes a
//! [`Fault`] check point: a test arms the fault to "cut the power" before the N-th
//! operation, and from then on nothing more reaches the disk, as after a real cut.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use lainos_engine::cmd::{Cmd, CmdError, CommandRunner, Output};

/// Why setup stopped.
#[derive(Debug, thiserror::Error)]
pub enum SysError {
    #[error(transparent)]
    Command(#[from] CmdError),
    #[error("{what} `{}`", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A simulated power cut (tests only).
    #[error("power cut (simulated) before operation {0}")]
    PowerCut(usize),
}

pub(crate) fn io_err(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> SysError {
    let path = path.to_path_buf();
    move |source| SysError::Io { what, path, source }
}

/// A simulated power cut before the `at`-th durable operation (counting from 0).
/// Once it has struck, every later operation fails too.
#[derive(Debug)]
pub struct Fault {
    at: usize,
    seen: AtomicUsize,
}

impl Fault {
    pub fn at(at: usize) -> Self {
        Fault {
            at,
            seen: AtomicUsize::new(0),
        }
    }
    /// A check point: `Err` once the power is cut.
    pub fn check(&self) -> Result<(), SysError> {
        let n = self.seen.fetch_add(1, Ordering::SeqCst);
        if n >= self.at {
            Err(SysError::PowerCut(self.at))
        } else {
            Ok(())
        }
    }
    /// Whether the cut happened.
    pub fn struck(&self) -> bool {
        self.seen.load(Ordering::SeqCst) > self.at
    }
}

/// The system setup works on.
pub struct System<'a> {
    root: PathBuf,
    runner: &'a dyn CommandRunner,
    fault: Option<&'a Fault>,
}

impl<'a> System<'a> {
    pub fn new(root: &Path, runner: &'a dyn CommandRunner) -> Self {
        System {
            root: root.to_path_buf(),
            runner,
            fault: None,
        }
    }

    /// Tests: cut the power as `fault` says.
    pub fn with_fault(mut self, fault: &'a Fault) -> Self {
        self.fault = Some(fault);
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// True when setup runs on the system it configures (first boot).
    pub fn is_live(&self) -> bool {
        self.root == Path::new("/")
    }

    /// A path of the system (`/etc/passwd` → `<root>/etc/passwd`).
    pub fn path(&self, p: &str) -> PathBuf {
        self.root.join(p.trim_start_matches('/'))
    }

    fn check(&self) -> Result<(), SysError> {
        match self.fault {
            Some(f) => f.check(),
            None => Ok(()),
        }
    }

    /// Runs a command of the system: inside the root (chroot) unless setup runs on
    /// the system itself.
    pub fn run(&self, cmd: Cmd) -> Result<Output, SysError> {
        self.check()?;
        let cmd = if self.is_live() {
            cmd
        } else {
            cmd.in_root(&self.root)
        };
        Ok(self.runner.run(&cmd)?)
    }

    /// Runs a command of the running system, never in a chroot (tools that act on the
    /// disks, such as `partx` and `resize2fs`).
    pub fn run_host(&self, cmd: Cmd) -> Result<Output, SysError> {
        self.check()?;
        Ok(self.runner.run(&cmd)?)
    }

    /// A check point before a durable operation done outside this type (writing a
    /// partition table): `Err` once a simulated power cut struck.
    pub fn checkpoint(&self) -> Result<(), SysError> {
        self.check()
    }

    /// Whether a program exists in the system (`/usr/bin/ssh-keygen`).
    pub fn has_program(&self, candidates: &[&str]) -> bool {
        candidates.iter().any(|c| self.path(c).is_file())
    }

    /// Writes a file atomically (a temporary file with its final mode, synced, then
    /// renamed over the old one): after a cut, the old or the new content, never half.
    pub fn write(&self, path: &str, mode: u32, bytes: &[u8]) -> Result<(), SysError> {
        self.check()?;
        let dest = self.path(path);
        if let Some(dir) = dest.parent() {
            fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
        }
        let tmp = dest.with_file_name(format!(
            ".{}.lainos-new",
            dest.file_name().and_then(|n| n.to_str()).unwrap_or("file")
        ));
        let _ = fs::remove_file(&tmp);
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)
            .map_err(io_err("creating", &tmp))?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(io_err("writing", &tmp))?;
        fs::set_permissions(&tmp, fs::Permissions::from_mode(mode))
            .map_err(io_err("setting the mode of", &tmp))?;
        fs::rename(&tmp, &dest).map_err(io_err("renaming into place", &dest))?;
        if let Some(dir) = dest.parent()
            && let Ok(d) = fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Removes a file, a symbolic link or a directory tree; nothing when it is absent.
    pub fn remove(&self, path: &Path) -> Result<(), SysError> {
        let Ok(meta) = fs::symlink_metadata(path) else {
            return Ok(());
        };
        self.check()?;
        if meta.is_dir() {
            fs::remove_dir_all(path).map_err(io_err("removing", path))
        } else {
            fs::remove_file(path).map_err(io_err("removing", path))
        }
    }

    /// Empties a file (logs whose programs keep them open), keeping owner and mode.
    pub fn truncate(&self, path: &Path) -> Result<(), SysError> {
        self.check()?;
        fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)
            .map(drop)
            .map_err(io_err("emptying", path))
    }

    /// Makes `link` a symbolic link to `target` (replacing what is there).
    pub fn symlink(&self, target: &str, link: &str) -> Result<(), SysError> {
        self.check()?;
        let l = self.path(link);
        if let Some(dir) = l.parent() {
            fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
        }
        let _ = fs::remove_file(&l);
        std::os::unix::fs::symlink(target, &l).map_err(io_err("linking", &l))
    }

    /// A text file of the system, or `None` when it does not exist.
    pub fn read(&self, path: &str) -> Result<Option<String>, SysError> {
        let p = self.path(path);
        match fs::read_to_string(&p) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err("reading", &p)(e)),
        }
    }

    /// Whether `/etc/passwd` (or `/etc/group`) has an entry `name`.
    pub fn has_entry(&self, file: &str, name: &str) -> Result<bool, SysError> {
        Ok(self
            .read(file)?
            .unwrap_or_default()
            .lines()
            .any(|l| l.split(':').next() == Some(name)))
    }

    /// Users with a uid from 1000 to 59999: the people of this system.
    pub fn regular_users(&self) -> Result<Vec<String>, SysError> {
        Ok(self
            .read("/etc/passwd")?
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                let uid: u32 = f.get(2)?.parse().ok()?;
                (1000..60000).contains(&uid).then(|| f[0].to_string())
            })
            .collect())
    }
}
