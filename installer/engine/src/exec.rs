//! Carries out an [`InstallPlan`] action by action on a real disk.
//!
//! Every external program runs through the [`CommandRunner`] (and so is recorded in
//! the install log with its argv and the end of its stderr); mounts are kept on a
//! stack and undone in reverse order on success, on failure and on cancellation.

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;
use sha2::{Digest, Sha512};
use sys_mount::{Mount, MountFlags, Unmount, UnmountFlags};

use crate::Cancel;
use crate::cmd::{Cmd, CmdError, CommandRunner, Output, Stdin};
use crate::plan::{
    Action, BootFirmware, Content, ExpectedChecksum, Fs, HookSpec, InstallPlan, PassphraseSource,
    PasswordSpec, Pbkdf, VerifySpec,
};
use lainos_config::values::Secret;

/// The udev database of the running (live) system, bound into the target for its
/// commands when it exists.
const LIVE_UDEV_DB: &str = "/run/udev";

/// What the executor reports while it works. Serialized one per line by
/// `--json-events`; the GUI's service forwards them as D-Bus signals. Never holds a
/// secret.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Event {
    /// A step starts (`index` counts from 1).
    Step {
        index: usize,
        total: usize,
        title: String,
    },
    /// Progress within the current step, 0.0 to 1.0, never going backwards.
    Progress {
        index: usize,
        fraction: f64,
        done_bytes: u64,
        total_bytes: u64,
    },
    /// Something worth knowing that does not stop the install.
    Warning { message: String },
    /// A step ended.
    StepDone { index: usize, seconds: f64 },
    /// The install ended.
    Finished {
        ok: bool,
        error: Option<String>,
        seconds: f64,
    },
}

/// Why an install stopped.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error(transparent)]
    Command(#[from] CmdError),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Failed(String),
    #[error("cancelled")]
    Cancelled,
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> StepError {
    let what = what.into();
    move |source| StepError::Io { what, source }
}

/// The install failed at a step.
#[derive(Debug, thiserror::Error)]
#[error("step {index} ({title}) failed: {source}")]
pub struct ExecError {
    pub index: usize,
    pub title: String,
    #[source]
    pub source: StepError,
}

impl ExecError {
    pub fn cancelled(&self) -> bool {
        matches!(self.source, StepError::Cancelled)
    }
}

/// How to run the plan.
#[derive(Debug, Clone)]
pub struct ExecOptions {
    /// Where the target's root is mounted on the live system.
    pub target: PathBuf,
    /// The install log on the live system.
    pub log: PathBuf,
    /// How long to wait for partition device nodes after re-reading the table.
    pub node_timeout: Duration,
    /// Fault injection for tests: fail instead of running this step (from 1).
    pub fail_at_step: Option<usize>,
}

impl Default for ExecOptions {
    fn default() -> Self {
        ExecOptions {
            target: PathBuf::from("/run/lainos-install/target"),
            log: PathBuf::from("/var/log/lainos-install.log"),
            node_timeout: Duration::from_secs(20),
            fail_at_step: None,
        }
    }
}

/// A runner that writes every command and its outcome to the install log.
struct LoggedRunner<'a> {
    inner: &'a dyn CommandRunner,
    log: &'a InstallLog,
}

impl CommandRunner for LoggedRunner<'_> {
    fn run(&self, cmd: &Cmd) -> Result<Output, CmdError> {
        // `Cmd`'s Display never shows a secret (stdin secrets are not part of it).
        self.log.line(&format!("$ {cmd}"));
        let started = Instant::now();
        let r = self.inner.run(cmd);
        let secs = started.elapsed().as_secs_f64();
        match &r {
            Ok(out) => {
                let tail = crate::cmd::tail_of(&out.stderr);
                if tail.trim().is_empty() {
                    self.log.line(&format!("  ok ({secs:.2} s)"));
                } else {
                    self.log
                        .line(&format!("  ok ({secs:.2} s); stderr: {}", tail.trim()));
                }
            }
            Err(e) => self.log.line(&format!("  FAILED ({secs:.2} s): {e}")),
        }
        r
    }
}

/// The install log: every step, command and result, never a secret.
pub struct InstallLog {
    file: Mutex<Option<fs::File>>,
    path: PathBuf,
}

impl InstallLog {
    pub fn create(path: &Path) -> std::io::Result<InstallLog> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o640)
            .open(path)?;
        Ok(InstallLog {
            file: Mutex::new(Some(file)),
            path: path.to_path_buf(),
        })
    }

    pub fn line(&self, text: &str) {
        tracing::debug!("{text}");
        if let Ok(mut guard) = self.file.lock()
            && let Some(f) = guard.as_mut()
        {
            let _ = writeln!(f, "{text}");
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What the install set up and must undo, in reverse order: mounts and opened LUKS
/// mappings (a mapping is closed after the filesystems on it are unmounted).
enum Undo {
    /// A mount; `true`: a recursive bind mount, detached as a whole.
    Mount(PathBuf, Mount, bool),
    /// An opened LUKS mapping, by name.
    Mapping(String),
}

#[derive(Default)]
struct MountStack(Vec<Undo>);

impl MountStack {
    fn push(&mut self, path: PathBuf, m: Mount) {
        self.0.push(Undo::Mount(path, m, false));
    }

    /// A recursive bind mount: detached as a whole.
    fn push_detached(&mut self, path: PathBuf, m: Mount) {
        self.0.push(Undo::Mount(path, m, true));
    }

    fn push_mapping(&mut self, name: String) {
        self.0.push(Undo::Mapping(name));
    }

    /// Unmounts everything and closes every mapping; a mount that stays busy is
    /// detached lazily. Clean-up commands run even after a cancellation.
    fn unmount_all(
        &mut self,
        log: &InstallLog,
        runner: &dyn CommandRunner,
    ) -> Result<(), StepError> {
        nix::unistd::sync();
        let mut first_error = None;
        while let Some(undo) = self.0.pop() {
            let (path, m, detach) = match undo {
                Undo::Mount(path, m, detach) => (path, m, detach),
                Undo::Mapping(name) => {
                    if let Err(e) = close_mapping(&name, runner) {
                        log.line(&format!("closing /dev/mapper/{name} failed: {e}"));
                        first_error.get_or_insert(e);
                    } else {
                        log.line(&format!("closed /dev/mapper/{name}"));
                    }
                    continue;
                }
            };
            let flags = if detach {
                UnmountFlags::DETACH
            } else {
                UnmountFlags::empty()
            };
            let mut result = m.unmount(flags);
            for _ in 0..20 {
                match &result {
                    Err(e) if e.raw_os_error() == Some(nix::libc::EBUSY) => {
                        std::thread::sleep(Duration::from_millis(100));
                        result = m.unmount(flags);
                    }
                    _ => break,
                }
            }
            match result {
                Ok(()) => log.line(&format!("unmounted {}", path.display())),
                Err(e) => {
                    log.line(&format!(
                        "unmounting {} failed ({e}); detaching it",
                        path.display()
                    ));
                    if let Err(e2) = m.unmount(UnmountFlags::DETACH) {
                        first_error.get_or_insert(StepError::Failed(format!(
                            "cannot unmount {}: {e2}",
                            path.display()
                        )));
                    }
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

impl Drop for MountStack {
    fn drop(&mut self) {
        while let Some(undo) = self.0.pop() {
            match undo {
                Undo::Mount(_, m, _) => {
                    if m.unmount(UnmountFlags::empty()).is_err() {
                        let _ = m.unmount(UnmountFlags::DETACH);
                    }
                }
                // The last resort (a panic): close what is still open.
                Undo::Mapping(name) => {
                    if Path::new("/dev/mapper").join(&name).exists() {
                        let _ = close_mapping(&name, &crate::cmd::RealRunner::new());
                    }
                }
            }
        }
    }
}

/// `cryptsetup close NAME`, retried while the mapping is still busy.
fn close_mapping(name: &str, runner: &dyn CommandRunner) -> Result<(), StepError> {
    let cmd = Cmd::new("cryptsetup")
        .args(["close", name])
        .timeout(Duration::from_secs(60))
        .uncancellable();
    let mut result = runner.run(&cmd);
    for _ in 0..10 {
        match &result {
            // 5: the device is busy.
            Err(CmdError::Failed { code: Some(5), .. }) => {
                std::thread::sleep(Duration::from_millis(300));
                result = runner.run(&cmd);
            }
            _ => break,
        }
    }
    result.map(drop).map_err(StepError::from)
}

/// The passphrase of `source` as a secret: a file's trailing newline dropped, never
/// empty, UTF-8.
fn read_secret(source: &PassphraseSource) -> Result<Secret, StepError> {
    let bytes = match source {
        PassphraseSource::Clear(s) => s.expose().as_bytes().to_vec(),
        PassphraseSource::File(f) => {
            passphrase_bytes(fs::read(f).map_err(io(format!("reading {}", f.display())))?)
        }
    };
    if bytes.is_empty() {
        return Err(StepError::Failed("the passphrase is empty".into()));
    }
    String::from_utf8(bytes)
        .map(Secret::new)
        .map_err(|_| StepError::Failed("the passphrase is not UTF-8 text".into()))
}

/// The passphrase as cryptsetup gets it with `--key-file=-`: every byte counts, so
/// one trailing newline (`\n` or `\r\n`) of a passphrase file is taken off.
pub fn passphrase_bytes(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    bytes
}

/// What a successful install leaves for the caller.
#[derive(Debug, Clone)]
pub struct Report {
    pub seconds: f64,
    pub warnings: Vec<String>,
    pub kernel_version: Option<String>,
}

/// Executes a plan. Emits [`Event`]s through `sink`; on failure runs the plan's
/// `on_error` hooks, unmounts everything it mounted and returns which step failed.
pub fn execute(
    plan: &InstallPlan,
    runner: &dyn CommandRunner,
    cancel: &Cancel,
    opts: &ExecOptions,
    sink: &mut dyn FnMut(&Event),
) -> Result<Report, ExecError> {
    let started = Instant::now();
    let log = InstallLog::create(&opts.log).map_err(|e| ExecError {
        index: 0,
        title: "Opening the install log".into(),
        source: io(format!("cannot open {}", opts.log.display()))(e),
    })?;
    log.line(&format!(
        "lainos-install {}: installing onto {} ({} steps)",
        env!("CARGO_PKG_VERSION"),
        plan.disk.display(),
        plan.actions.len()
    ));
    let logged = LoggedRunner {
        inner: runner,
        log: &log,
    };
    let mut ex = Executor {
        runner: &logged,
        cancel,
        opts,
        log: &log,
        mounts: MountStack::default(),
        warnings: Vec::new(),
        kver: None,
    };
    let total = plan.actions.len();
    let mut result = Ok(());
    for (i, action) in plan.actions.iter().enumerate() {
        let index = i + 1;
        let title = action.title();
        if cancel.is_cancelled() {
            result = Err(ExecError {
                index,
                title,
                source: StepError::Cancelled,
            });
            break;
        }
        sink(&Event::Step {
            index,
            total,
            title: title.clone(),
        });
        log.line(&format!("== step {index}/{total}: {title}"));
        let t = Instant::now();
        let before = ex.warnings.len();
        let r = if opts.fail_at_step == Some(index) {
            Err(StepError::Failed(format!("fault injected at step {index}")))
        } else {
            ex.run(index, action, sink)
        };
        let fresh = ex.warnings.split_off(before);
        for w in &fresh {
            log.line(&format!("warning: {w}"));
            sink(&Event::Warning { message: w.clone() });
        }
        ex.warnings.extend(fresh);
        match r {
            Ok(()) => sink(&Event::StepDone {
                index,
                seconds: t.elapsed().as_secs_f64(),
            }),
            Err(e) => {
                let e = if cancel.is_cancelled() {
                    StepError::Cancelled
                } else {
                    e
                };
                result = Err(ExecError {
                    index,
                    title,
                    source: e,
                });
                break;
            }
        }
    }
    match result {
        Ok(()) => {
            let seconds = started.elapsed().as_secs_f64();
            log.line(&format!("install finished in {seconds:.1} s"));
            sink(&Event::Finished {
                ok: true,
                error: None,
                seconds,
            });
            Ok(Report {
                seconds,
                warnings: ex.warnings,
                kernel_version: ex.kver,
            })
        }
        Err(err) => {
            log.line(&format!("FAILED: {err}"));
            ex.run_error_hooks(&plan.hooks_on_error, &err);
            if let Err(e) = ex.mounts.unmount_all(&log, &logged) {
                log.line(&format!("cleanup: {e}"));
            }
            let seconds = started.elapsed().as_secs_f64();
            sink(&Event::Finished {
                ok: false,
                error: Some(err.to_string()),
                seconds,
            });
            Err(err)
        }
    }
}

struct Executor<'a> {
    runner: &'a dyn CommandRunner,
    cancel: &'a Cancel,
    opts: &'a ExecOptions,
    log: &'a InstallLog,
    mounts: MountStack,
    warnings: Vec<String>,
    kver: Option<String>,
}

impl Executor<'_> {
    fn target(&self, path: &str) -> PathBuf {
        self.opts.target.join(path.trim_start_matches('/'))
    }

    fn run_cmd(&self, cmd: Cmd) -> Result<Output, StepError> {
        if self.cancel.is_cancelled() {
            return Err(StepError::Cancelled);
        }
        Ok(self.runner.run(&cmd)?)
    }

    fn chroot(&self, program: &str) -> Cmd {
        Cmd::new(program).in_root(&self.opts.target)
    }

    fn run(
        &mut self,
        index: usize,
        action: &Action,
        sink: &mut dyn FnMut(&Event),
    ) -> Result<(), StepError> {
        match action {
            Action::VerifySource { squashfs, expected } => {
                self.verify_source(index, squashfs, expected, sink)
            }
            Action::WipeDisk { disk } => self.wipe_disk(disk),
            Action::WritePartitionTable {
                disk,
                sector_size,
                fresh,
                partitions,
            } => self.partition(disk, *sector_size, *fresh, partitions),
            Action::Encrypt {
                device,
                uuid,
                name,
                pbkdf,
                passphrase,
            } => self.encrypt(device, uuid, name, *pbkdf, passphrase),
            Action::Unlock {
                device,
                uuid,
                name,
                passphrase,
                expect_fs,
            } => self.unlock(device, uuid, name, passphrase, *expect_fs),
            Action::Format {
                device,
                fs,
                label,
                uuid,
            } => self.format(device, *fs, label, uuid),
            Action::CreateSubvolumes { device, subvolumes } => self.subvolumes(device, subvolumes),
            Action::Mount {
                device,
                target,
                fs,
                options,
            } => self.mount(device, target, *fs, options),
            Action::Unpack { squashfs, bytes } => self.unpack(index, squashfs, *bytes, sink),
            Action::CreateSwapFile {
                path,
                size_bytes,
                btrfs,
                uuid,
            } => self.swapfile(path, *size_bytes, *btrfs, uuid),
            Action::WriteFile {
                path,
                mode,
                owner,
                content,
            } => {
                let Content::Text(text) = content;
                self.write_file(path, *mode, owner, text.as_bytes())
            }
            Action::CopyFile { source, path, mode } => {
                let bytes =
                    fs::read(source).map_err(io(format!("reading {}", source.display())))?;
                self.write_file(path, *mode, "root:root", &bytes)
            }
            Action::RemovePaths { paths } => self.remove_paths(paths),
            Action::MountApiFilesystems => self.mount_api(),
            Action::GenerateLocales { command, .. } => {
                if command.is_empty() {
                    return Ok(());
                }
                self.run_cmd(Cmd::from_argv(command).in_root(&self.opts.target))
                    .map(drop)
            }
            Action::SetTimezone { zone } => self.timezone(zone),
            Action::RemoveUser { name } => self.remove_user(name),
            Action::CreateGroup { name } => {
                if self.has_entry("/etc/group", name)? {
                    return Ok(());
                }
                self.run_cmd(self.chroot("groupadd").args(["--system", name]))
                    .map(drop)
            }
            Action::CreateUser {
                name,
                full_name,
                groups,
                shell,
                password,
            } => self.create_user(name, full_name, groups, shell, password),
            Action::SetRootPassword { password } => match password {
                None => self
                    .run_cmd(self.chroot("passwd").args(["-l", "root"]))
                    .map(drop),
                Some(p) => self.set_password("root", p),
            },
            Action::EnableService {
                name,
                runlevel,
                optional,
            } => self.enable_service(name, runlevel_name(runlevel), *optional),
            Action::DisableService { name } => self.disable_service(name),
            Action::RemovePackages { command } => self.remove_packages(command),
            Action::GenerateInitramfs {
                kernel,
                initramfs,
                options,
            } => self.initramfs(kernel, initramfs, options),
            Action::InstallBootloader {
                firmware,
                disk,
                efi_dir,
                bootloader_id,
                grub_install,
            } => self.bootloader(
                *firmware,
                disk,
                efi_dir.as_deref(),
                bootloader_id,
                grub_install,
            ),
            Action::GenerateGrubConfig { command, output } => self
                .run_cmd(
                    self.chroot(command)
                        .args(["-o", output])
                        .timeout(Duration::from_secs(600)),
                )
                .map(drop),
            Action::RunHook {
                argv,
                chroot,
                timeout_secs,
            } => self.hook(argv, *chroot, *timeout_secs, &[]),
            Action::Verify(spec) => self.verify(spec),
            Action::CopyLog { path } => {
                let dest = self.target(path);
                if let Some(dir) = dest.parent() {
                    fs::create_dir_all(dir).map_err(io(format!("creating {}", dir.display())))?;
                }
                let text = fs::read(self.log.path())
                    .map_err(io(format!("reading {}", self.log.path().display())))?;
                write_new_file(&dest, 0o640, &text)
            }
            Action::UnmountAll => self.mounts.unmount_all(self.log, self.runner),
            // The caller carries out the finish action once everything is unmounted.
            Action::Finish { .. } => Ok(()),
        }
    }

    fn verify_source(
        &mut self,
        index: usize,
        squashfs: &Path,
        expected: &ExpectedChecksum,
        sink: &mut dyn FnMut(&Event),
    ) -> Result<(), StepError> {
        let want = match expected {
            ExpectedChecksum::Skip => {
                self.warnings.push(format!(
                    "the checksum of {} is not checked (`checksum: skip`)",
                    squashfs.display()
                ));
                return Ok(());
            }
            ExpectedChecksum::Sha512(h) => h.to_ascii_lowercase(),
            ExpectedChecksum::FromFile(f) => read_sha512_file(f)?,
        };
        let mut file =
            fs::File::open(squashfs).map_err(io(format!("opening {}", squashfs.display())))?;
        let total = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut hasher = Sha512::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut done = 0u64;
        let mut last = Instant::now();
        sink(&progress(index, 0, total));
        loop {
            if self.cancel.is_cancelled() {
                return Err(StepError::Cancelled);
            }
            let n = file
                .read(&mut buf)
                .map_err(io(format!("reading {}", squashfs.display())))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            done += n as u64;
            if last.elapsed() > Duration::from_millis(200) {
                sink(&progress(index, done, total));
                last = Instant::now();
            }
        }
        sink(&progress(index, done, total));
        let got = lainos_config::values::to_hex(&hasher.finalize());
        if got != want {
            return Err(StepError::Failed(format!(
                "{} is damaged: its SHA-512 is {}…, expected {}… (copy the image again)",
                squashfs.display(),
                &got[..16],
                &want[..16.min(want.len())]
            )));
        }
        self.log
            .line(&format!("sha512 of {} matches", squashfs.display()));
        Ok(())
    }

    fn wipe_disk(&mut self, disk: &Path) -> Result<(), StepError> {
        for part in partitions_of(disk) {
            if part.exists() {
                self.run_cmd(
                    Cmd::new("wipefs")
                        .args(["--all", "--force", "--quiet"])
                        .path_arg(&part),
                )?;
            }
        }
        self.run_cmd(
            Cmd::new("wipefs")
                .args(["--all", "--force", "--quiet"])
                .path_arg(disk),
        )?;
        Ok(())
    }

    fn partition(
        &mut self,
        disk: &Path,
        sector_size: u64,
        fresh: bool,
        parts: &[crate::plan::PlannedPartition],
    ) -> Result<(), StepError> {
        let mut f = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(disk)
            .map_err(io(format!("opening {}", disk.display())))?;
        let mut gpt = if fresh {
            let guid = uuid::Uuid::new_v4().to_bytes_le();
            gptman::GPT::new_from(&mut f, sector_size, guid).map_err(|e| {
                StepError::Failed(format!("creating a GPT on {}: {e}", disk.display()))
            })?
        } else {
            gptman::GPT::find_from(&mut f).map_err(|e| {
                StepError::Failed(format!("reading the GPT of {}: {e}", disk.display()))
            })?
        };
        gpt.align = 1024 * 1024 / sector_size;
        for p in parts {
            let type_guid = parse_guid(&p.type_guid)?;
            let unique = parse_guid(&p.part_uuid)?;
            let slot = &mut gpt[p.number];
            if slot.is_used() && !fresh {
                return Err(StepError::Failed(format!(
                    "partition {} of {} is in use; the disk changed since it was probed",
                    p.number,
                    disk.display()
                )));
            }
            if !fresh
                && let Some((n, _)) = gpt.iter().find(|(n, e)| {
                    *n != p.number
                        && e.is_used()
                        && e.starting_lba <= p.end_lba
                        && p.start_lba <= e.ending_lba
                })
            {
                return Err(StepError::Failed(format!(
                    "the new partition {} would overlap partition {n} of {}; the disk changed since it was probed",
                    p.number,
                    disk.display()
                )));
            }
            let slot = &mut gpt[p.number];
            *slot = gptman::GPTPartitionEntry {
                partition_type_guid: type_guid,
                unique_partition_guid: unique,
                starting_lba: p.start_lba,
                ending_lba: p.end_lba,
                attribute_bits: 0,
                partition_name: p.name.as_str().into(),
            };
        }
        gpt.write_into(&mut f).map_err(|e| {
            StepError::Failed(format!("writing the GPT of {}: {e}", disk.display()))
        })?;
        if fresh {
            gptman::GPT::write_protective_mbr_into(&mut f, sector_size).map_err(|e| {
                StepError::Failed(format!(
                    "writing the protective MBR of {}: {e}",
                    disk.display()
                ))
            })?;
        }
        f.sync_all()
            .map_err(io(format!("syncing {}", disk.display())))?;
        self.log
            .line(&format!("wrote the GPT of {}", disk.display()));
        // Make the kernel read the new table. BLKRRPART fails with EBUSY while a
        // partition is in use and on some kernels reports success without adding
        // partitions of a loop device, so partx (BLKPG, partition by partition)
        // follows it either way.
        if let Err(e) = gptman::linux::reread_partition_table(&mut f) {
            self.log.line(&format!("BLKRRPART: {e}"));
        }
        drop(f);
        self.run_cmd(Cmd::new("partx").arg("-u").path_arg(disk))?;
        // Poll for the partition nodes (devtmpfs makes them; no udev needed).
        let deadline = Instant::now() + self.opts.node_timeout;
        for p in parts {
            loop {
                if is_block_device(&p.device) {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(StepError::Failed(format!(
                        "{} did not appear after the partition table was re-read",
                        p.device.display()
                    )));
                }
                if self.cancel.is_cancelled() {
                    return Err(StepError::Cancelled);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Ok(())
    }

    /// LUKS2 on `device`, then opened as `/dev/mapper/<name>` and put on the undo stack.
    /// The passphrase goes to cryptsetup on standard input (`--key-file=-`), never in
    /// an argument, the log or an event.
    fn encrypt(
        &mut self,
        device: &Path,
        uuid: &str,
        name: &str,
        pbkdf: Pbkdf,
        passphrase: &PassphraseSource,
    ) -> Result<(), StepError> {
        let secret = || read_secret(passphrase);
        // argon2id, memory bounded so that the initramfs of a small machine can unlock
        // it; the time cost is measured on this machine for `time_ms`.
        self.run_cmd(
            Cmd::new("cryptsetup")
                .args([
                    "luksFormat",
                    "--batch-mode",
                    "--type",
                    "luks2",
                    "--cipher",
                    "aes-xts-plain64",
                    "--key-size",
                    "512",
                    "--hash",
                    "sha256",
                    "--pbkdf",
                    "argon2id",
                    "--pbkdf-memory",
                    &pbkdf.memory_kib.to_string(),
                    "--iter-time",
                    &pbkdf.time_ms.to_string(),
                    "--uuid",
                    uuid,
                    "--key-file=-",
                ])
                .path_arg(device)
                .stdin(Stdin::Secret(secret()?))
                .timeout(Duration::from_secs(600)),
        )?;
        self.run_cmd(
            Cmd::new("cryptsetup")
                .args(["open", "--type", "luks2", "--key-file=-"])
                .path_arg(device)
                .arg(name)
                .stdin(Stdin::Secret(secret()?))
                .timeout(Duration::from_secs(600)),
        )?;
        self.mounts.push_mapping(name.to_string());
        self.log.line(&format!(
            "opened LUKS2 {} ({uuid}) as /dev/mapper/{name}",
            device.display()
        ));
        Ok(())
    }

    /// Opens an existing LUKS volume (the passphrase on standard input only) and puts
    /// the mapping on the undo stack; with `expect_fs`, checks what is inside.
    fn unlock(
        &mut self,
        device: &Path,
        uuid: &str,
        name: &str,
        passphrase: &PassphraseSource,
        expect_fs: Option<Fs>,
    ) -> Result<(), StepError> {
        self.run_cmd(
            Cmd::new("cryptsetup")
                .args(["open", "--type", "luks", "--key-file=-"])
                .path_arg(device)
                .arg(name)
                .stdin(Stdin::Secret(read_secret(passphrase)?))
                .timeout(Duration::from_secs(600)),
        )
        .map_err(|e| match e {
            StepError::Failed(m) => StepError::Failed(format!(
                "could not open the LUKS volume {} (UUID {uuid}); is the passphrase right? {m}",
                device.display()
            )),
            other => other,
        })?;
        self.mounts.push_mapping(name.to_string());
        self.log.line(&format!(
            "opened LUKS {} ({uuid}) as /dev/mapper/{name}",
            device.display()
        ));
        if let Some(fs) = expect_fs {
            let mapped = format!("/dev/mapper/{name}");
            let found = self
                .run_cmd(
                    Cmd::new("blkid")
                        .args(["-p", "-o", "value", "-s", "TYPE"])
                        .arg(&mapped),
                )
                .map(|o| o.stdout_str().trim().to_string())
                .unwrap_or_default();
            if found != fs.as_str() {
                return Err(StepError::Failed(format!(
                    "the LUKS volume {} holds {}, not {}: set `format: true` or name the filesystem inside it",
                    device.display(),
                    if found.is_empty() {
                        "no filesystem"
                    } else {
                        &found
                    },
                    fs.as_str()
                )));
            }
        }
        Ok(())
    }

    fn format(&mut self, device: &Path, fs: Fs, label: &str, uuid: &str) -> Result<(), StepError> {
        let cmd = match fs {
            Fs::Ext4 => Cmd::new("mkfs.ext4").args(["-F", "-q", "-U", uuid, "-L", label]),
            Fs::Btrfs => Cmd::new("mkfs.btrfs").args(["-f", "-q", "-U", uuid, "-L", label]),
            Fs::Xfs => Cmd::new("mkfs.xfs").args([
                "-f",
                "-q",
                "-m",
                &format!("uuid={uuid}"),
                "-L",
                &label.chars().take(12).collect::<String>(),
            ]),
            Fs::Vfat => Cmd::new("mkfs.vfat").args([
                "-F",
                "32",
                "-i",
                &uuid.replace('-', ""),
                "-n",
                &label.to_uppercase().chars().take(11).collect::<String>(),
            ]),
            Fs::Swap => Cmd::new("mkswap").args(["-U", uuid, "-L", label]),
        };
        self.run_cmd(cmd.path_arg(device).timeout(Duration::from_secs(900)))?;
        link_by_uuid(device, uuid, self.log);
        Ok(())
    }

    fn subvolumes(&mut self, device: &Path, names: &[String]) -> Result<(), StepError> {
        let dir = self.opts.target.with_extension("btrfs-top");
        fs::create_dir_all(&dir).map_err(io(format!("creating {}", dir.display())))?;
        let m = Mount::builder()
            .fstype("btrfs")
            .mount(device, &dir)
            .map_err(io(format!("mounting {}", device.display())))?;
        let mut r = Ok(());
        for n in names {
            if dir.join(n).exists() {
                continue;
            }
            r = self
                .run_cmd(
                    Cmd::new("btrfs")
                        .args(["-q", "subvolume", "create"])
                        .path_arg(&dir.join(n)),
                )
                .map(drop);
            if r.is_err() {
                break;
            }
        }
        m.unmount(UnmountFlags::empty())
            .or_else(|_| m.unmount(UnmountFlags::DETACH))
            .map_err(io(format!("unmounting {}", dir.display())))?;
        let _ = fs::remove_dir(&dir);
        r
    }

    fn mount(
        &mut self,
        device: &Path,
        target: &str,
        fs_type: Fs,
        options: &[String],
    ) -> Result<(), StepError> {
        let at = self.target(target);
        fs::create_dir_all(&at).map_err(io(format!("creating {}", at.display())))?;
        let mut flags = MountFlags::empty();
        let mut data = Vec::new();
        for o in options {
            match o.as_str() {
                "noatime" => flags |= MountFlags::NOATIME,
                "defaults" => {}
                other => data.push(other.to_string()),
            }
        }
        let data = data.join(",");
        let mut b = Mount::builder().fstype(fs_type.as_str()).flags(flags);
        if !data.is_empty() {
            b = b.data(&data);
        }
        let m = b.mount(device, &at).map_err(|e| {
            StepError::Failed(format!(
                "cannot mount {} ({}) at {}: {e}{}",
                device.display(),
                fs_type.as_str(),
                at.display(),
                if fs_type == Fs::Vfat {
                    " (does this kernel have vfat?)"
                } else {
                    ""
                }
            ))
        })?;
        self.log
            .line(&format!("mounted {} at {}", device.display(), at.display()));
        self.mounts.push(at, m);
        Ok(())
    }

    fn unpack(
        &mut self,
        index: usize,
        squashfs: &Path,
        total: u64,
        sink: &mut dyn FnMut(&Event),
    ) -> Result<(), StepError> {
        let root = self.opts.target.clone();
        let base = used_bytes(&root);
        sink(&progress(index, 0, total));
        // unsquashfs keeps owners, modes, hard links, symlinks, device nodes, xattrs
        // and file capabilities (security.capability is an xattr), and decompresses
        // on every core. Measured against rsync from a mounted squashfs by
        // tests/bench/unpack.sh.
        let cmd = Cmd::new("unsquashfs")
            .args(["-f", "-no-progress", "-d"])
            .path_arg(&root)
            .path_arg(squashfs)
            .timeout(Duration::from_secs(3 * 3600));
        let runner = self.runner;
        let result = std::thread::scope(|s| {
            let h = s.spawn(move || runner.run(&cmd));
            let mut shown = 0u64;
            while !h.is_finished() {
                std::thread::sleep(Duration::from_millis(250));
                let done = used_bytes(&root)
                    .saturating_sub(base)
                    .min(total.saturating_sub(1));
                if done > shown {
                    shown = done;
                    sink(&progress(index, done, total));
                }
            }
            h.join().expect("the unpack thread does not panic")
        });
        result?;
        sink(&progress(index, total, total));
        Ok(())
    }

    fn swapfile(
        &mut self,
        path: &str,
        size: u64,
        btrfs: bool,
        uuid: &str,
    ) -> Result<(), StepError> {
        let p = self.target(path);
        if p.exists() {
            fs::remove_file(&p).map_err(io(format!("removing {}", p.display())))?;
        }
        if btrfs {
            self.run_cmd(
                Cmd::new("btrfs")
                    .args([
                        "filesystem",
                        "mkswapfile",
                        "--size",
                        &format!("{size}"),
                        "--uuid",
                        uuid,
                    ])
                    .path_arg(&p),
            )?;
            return Ok(());
        }
        {
            let f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&p)
                .map_err(io(format!("creating {}", p.display())))?;
            nix::fcntl::fallocate(
                &f,
                nix::fcntl::FallocateFlags::empty(),
                0,
                i64::try_from(size).unwrap_or(i64::MAX),
            )
            .map_err(|e| StepError::Failed(format!("allocating {}: {e}", p.display())))?;
        }
        self.run_cmd(Cmd::new("mkswap").args(["-U", uuid]).path_arg(&p))?;
        Ok(())
    }

    fn write_file(
        &mut self,
        path: &str,
        mode: u32,
        owner: &str,
        bytes: &[u8],
    ) -> Result<(), StepError> {
        let dest = self.target(path);
        if let Some(dir) = dest.parent() {
            fs::create_dir_all(dir).map_err(io(format!("creating {}", dir.display())))?;
        }
        let (uid, gid) = self.owner_ids(owner)?;
        // Created with its final mode and owner under a temporary name, then renamed:
        // a secret is never readable by others, not even for a moment.
        let tmp = dest.with_file_name(format!(
            ".{}.lainos-new",
            dest.file_name().and_then(|n| n.to_str()).unwrap_or("file")
        ));
        let _ = fs::remove_file(&tmp);
        write_new_file(&tmp, mode, bytes)?;
        nix::unistd::chown(&tmp, Some(uid.into()), Some(gid.into()))
            .map_err(|e| StepError::Failed(format!("chown {}: {e}", tmp.display())))?;
        fs::set_permissions(&tmp, fs::Permissions::from_mode(mode))
            .map_err(io(format!("setting the mode of {}", tmp.display())))?;
        fs::rename(&tmp, &dest).map_err(io(format!("writing {}", dest.display())))?;
        Ok(())
    }

    /// `user:group` as numeric ids of the target (names looked up in its files).
    fn owner_ids(&self, owner: &str) -> Result<(u32, u32), StepError> {
        let (u, g) = owner.split_once(':').unwrap_or((owner, owner));
        let uid = lookup_id(&self.target("/etc/passwd"), u)?
            .ok_or_else(|| StepError::Failed(format!("the installed system has no user `{u}`")))?;
        let gid = lookup_id(&self.target("/etc/group"), g)?
            .ok_or_else(|| StepError::Failed(format!("the installed system has no group `{g}`")))?;
        Ok((uid, gid))
    }

    fn has_entry(&self, file: &str, name: &str) -> Result<bool, StepError> {
        Ok(lookup_id(&self.target(file), name)?.is_some())
    }

    fn remove_paths(&mut self, paths: &[String]) -> Result<(), StepError> {
        for p in paths {
            let t = self.target(p);
            let r = match fs::symlink_metadata(&t) {
                Err(_) => continue,
                Ok(m) if m.is_dir() => fs::remove_dir_all(&t),
                Ok(_) => fs::remove_file(&t),
            };
            r.map_err(io(format!("removing {}", t.display())))?;
        }
        Ok(())
    }

    fn mount_api(&mut self) -> Result<(), StepError> {
        let specs: [(&str, &str, Option<&str>, MountFlags); 5] = [
            (
                "proc",
                "/proc",
                Some("proc"),
                MountFlags::NOSUID | MountFlags::NODEV | MountFlags::NOEXEC,
            ),
            ("/sys", "/sys", None, MountFlags::BIND | MountFlags::REC),
            ("/dev", "/dev", None, MountFlags::BIND | MountFlags::REC),
            (
                "tmpfs",
                "/run",
                Some("tmpfs"),
                MountFlags::NOSUID | MountFlags::NODEV,
            ),
            (
                "tmpfs",
                "/tmp",
                Some("tmpfs"),
                MountFlags::NOSUID | MountFlags::NODEV,
            ),
        ];
        for (src, dst, fstype, flags) in specs {
            let at = self.target(dst);
            fs::create_dir_all(&at).map_err(io(format!("creating {}", at.display())))?;
            let mut b = Mount::builder().flags(flags);
            if let Some(t) = fstype {
                b = b.fstype(t);
            }
            let mut m = b
                .mount(src, &at)
                .map_err(io(format!("mounting {src} at {}", at.display())))?;
            if flags.contains(MountFlags::REC) {
                // Unmounting inside the target must not reach the live system's /dev.
                let _ = m.set_propagation_type(sys_mount::PropagationType::SLAVE);
                self.mounts.push_detached(at, m);
            } else {
                self.mounts.push(at, m);
            }
        }
        // The live system's udev database, as Calamares does: without it `udevadm info`
        // in the target knows no partition type, so os-prober takes the EFI system
        // partition for a plain FAT one and GRUB's menu misses Windows Boot Manager.
        let udev = Path::new(LIVE_UDEV_DB);
        if udev.is_dir() {
            let at = self.target(LIVE_UDEV_DB);
            fs::create_dir_all(&at).map_err(io(format!("creating {}", at.display())))?;
            let m = Mount::builder()
                .flags(MountFlags::BIND)
                .mount(udev, &at)
                .map_err(io(format!("mounting {LIVE_UDEV_DB} at {}", at.display())))?;
            self.mounts.push(at, m);
        }
        Ok(())
    }

    fn timezone(&mut self, zone: &str) -> Result<(), StepError> {
        let zonefile = format!("/usr/share/zoneinfo/{zone}");
        if !self.target(&zonefile).exists() {
            return Err(StepError::Failed(format!(
                "the installed system has no time zone file {zonefile}"
            )));
        }
        let link = self.target("/etc/localtime");
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(format!("..{zonefile}"), &link)
            .map_err(io(format!("linking {}", link.display())))?;
        // Debian also reads /etc/timezone; keep it consistent where it exists.
        if self.target("/etc/timezone").exists() {
            self.write_file(
                "/etc/timezone",
                0o644,
                "root:root",
                format!("{zone}\n").as_bytes(),
            )?;
        }
        Ok(())
    }

    fn remove_user(&mut self, name: &str) -> Result<(), StepError> {
        if !self.has_entry("/etc/passwd", name)? {
            return Ok(());
        }
        self.run_cmd(self.chroot("userdel").args(["-r", name]))
            .or_else(|e| match e {
                // 12: the home or mail spool could not be removed; the user is gone.
                StepError::Command(CmdError::Failed { code: Some(12), .. }) => {
                    Ok(Output::default())
                }
                e => Err(e),
            })
            .map(drop)
    }

    fn create_user(
        &mut self,
        name: &str,
        full_name: &str,
        groups: &[String],
        shell: &str,
        password: &PasswordSpec,
    ) -> Result<(), StepError> {
        let groups = groups.join(",");
        if self.has_entry("/etc/passwd", name)? {
            self.run_cmd(
                self.chroot("usermod")
                    .args(["-G", &groups, "-s", shell, "-c", full_name, name]),
            )?;
        } else {
            self.run_cmd(self.chroot("useradd").args([
                "-m", "-U", "-G", &groups, "-s", shell, "-c", full_name, name,
            ]))?;
        }
        self.set_password(name, password)
    }

    /// The password goes to chpasswd on standard input, never in an argument.
    fn set_password(&mut self, name: &str, password: &PasswordSpec) -> Result<(), StepError> {
        let (cmd, line) = match password {
            PasswordSpec::Hash(h) => (self.chroot("chpasswd").arg("-e"), format!("{name}:{h}\n")),
            PasswordSpec::Clear(s) => (self.chroot("chpasswd"), format!("{name}:{}\n", s.expose())),
        };
        self.run_cmd(cmd.stdin(Stdin::Secret(lainos_config::values::Secret::new(line))))
            .map(drop)
    }

    fn enable_service(
        &mut self,
        name: &str,
        runlevel: &str,
        optional: bool,
    ) -> Result<(), StepError> {
        let script = format!("/etc/init.d/{name}");
        if !self.target(&script).exists() {
            if optional {
                self.warnings.push(format!(
                    "optional service `{name}` is not installed ({script} is missing); not enabled"
                ));
                return Ok(());
            }
            return Err(StepError::Failed(format!(
                "service `{name}` is required by the profile but the installed system has no {script}"
            )));
        }
        if fs::symlink_metadata(self.target(&format!("/etc/runlevels/{runlevel}/{name}"))).is_ok() {
            return Ok(());
        }
        self.run_cmd(self.chroot("rc-update").args(["add", name, runlevel]))
            .map(drop)
    }

    fn disable_service(&mut self, name: &str) -> Result<(), StepError> {
        let dir = self.target("/etc/runlevels");
        let Ok(levels) = fs::read_dir(&dir) else {
            return Ok(());
        };
        for l in levels.flatten() {
            let link = l.path().join(name);
            if fs::symlink_metadata(&link).is_ok() {
                let level = l.file_name().to_string_lossy().into_owned();
                self.run_cmd(self.chroot("rc-update").args(["del", name, &level]))?;
            }
        }
        Ok(())
    }

    fn remove_packages(&mut self, command: &[String]) -> Result<(), StepError> {
        if command.is_empty() {
            return Ok(());
        }
        self.run_cmd(
            Cmd::from_argv(command)
                .in_root(&self.opts.target)
                .timeout(Duration::from_secs(900)),
        )
        .map(drop)
    }

    /// The kernel version of the installed system: the newest directory of
    /// /usr/lib/modules that holds a modules.dep or a vmlinuz.
    fn kernel_version(&mut self) -> Result<String, StepError> {
        if let Some(k) = &self.kver {
            return Ok(k.clone());
        }
        let dir = self.target("/usr/lib/modules");
        let mut versions: Vec<String> = fs::read_dir(&dir)
            .map_err(io(format!("reading {}", dir.display())))?
            .flatten()
            .filter(|e| e.path().join("modules.dep").exists() || e.path().join("vmlinuz").exists())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        versions.sort_by(|a, b| version_cmp(a, b));
        let Some(k) = versions.pop() else {
            return Err(StepError::Failed(format!(
                "the installed system has no kernel modules in {}",
                dir.display()
            )));
        };
        self.log.line(&format!("kernel version {k}"));
        self.kver = Some(k.clone());
        Ok(k)
    }

    fn initramfs(
        &mut self,
        kernel: &str,
        initramfs: &str,
        options: &[String],
    ) -> Result<(), StepError> {
        let kver = self.kernel_version()?;
        let kernel = kernel.replace("{version}", &kver);
        let initramfs = initramfs.replace("{version}", &kver);
        let kpath = self.target(&kernel);
        if !kpath.exists() {
            // archiso empties /boot: the kernel package keeps its image in the
            // modules directory.
            let from = self.target(&format!("/usr/lib/modules/{kver}/vmlinuz"));
            if !from.exists() {
                return Err(StepError::Failed(format!(
                    "the installed system has neither {kernel} nor /usr/lib/modules/{kver}/vmlinuz"
                )));
            }
            fs::copy(&from, &kpath)
                .map_err(io(format!("copying the kernel to {}", kpath.display())))?;
            fs::set_permissions(&kpath, fs::Permissions::from_mode(0o644))
                .map_err(io(format!("setting the mode of {}", kpath.display())))?;
        }
        self.run_cmd(
            self.chroot("dracut")
                .arg("--force")
                .args(options.iter().cloned())
                .args(["--kver", &kver, &initramfs])
                .timeout(Duration::from_secs(1800)),
        )?;
        let ipath = self.target(&initramfs);
        match fs::metadata(&ipath) {
            Ok(m) if m.len() > 0 => Ok(()),
            _ => Err(StepError::Failed(format!(
                "dracut ran but {initramfs} is missing or empty"
            ))),
        }
    }

    fn bootloader(
        &mut self,
        firmware: BootFirmware,
        disk: &Path,
        efi_dir: Option<&str>,
        id: &str,
        grub_install: &str,
    ) -> Result<(), StepError> {
        let t = Duration::from_secs(600);
        if firmware.bios() {
            self.run_cmd(
                self.chroot(grub_install)
                    .args(["--target=i386-pc", "--recheck"])
                    .path_arg(disk)
                    .timeout(t),
            )?;
        }
        if firmware.uefi() {
            let efi = efi_dir.ok_or_else(|| {
                StepError::Failed("a UEFI install needs an EFI system partition".into())
            })?;
            // The removable path (EFI/BOOT/BOOTX64.EFI) boots even where the firmware
            // forgets its boot entries.
            self.run_cmd(
                self.chroot(grub_install)
                    .args([
                        "--target=x86_64-efi",
                        &format!("--efi-directory={efi}"),
                        "--removable",
                    ])
                    .timeout(t),
            )?;
            // A disk image (BIOS and UEFI) is made on one machine and boots on others:
            // its own copy under EFI/<id>, but no boot entry in this machine's NVRAM.
            let mut named = self.chroot(grub_install).args([
                "--target=x86_64-efi",
                &format!("--efi-directory={efi}"),
                &format!("--bootloader-id={id}"),
            ]);
            if firmware == BootFirmware::Both {
                named = named.arg("--no-nvram");
            }
            let named = self.run_cmd(named.timeout(t));
            if let Err(e) = named {
                if matches!(e, StepError::Cancelled) {
                    return Err(e);
                }
                self.warnings.push(format!(
                    "no UEFI boot entry named {id} was made ({e}); the removable path EFI/BOOT/BOOTX64.EFI is installed"
                ));
            }
        }
        Ok(())
    }

    fn hook(
        &mut self,
        argv: &[String],
        chroot: bool,
        timeout_secs: u64,
        extra_env: &[(String, String)],
    ) -> Result<(), StepError> {
        let mut cmd = Cmd::from_argv(argv).timeout(Duration::from_secs(timeout_secs));
        cmd = cmd.env(
            "LAINOS_TARGET",
            self.opts.target.to_string_lossy().into_owned(),
        );
        for (k, v) in extra_env {
            cmd = cmd.env(k.clone(), v.clone());
        }
        if chroot {
            cmd = cmd.in_root(&self.opts.target);
        }
        let out = self.run_cmd(cmd)?;
        let text = out.stdout_str();
        if !text.trim().is_empty() {
            self.log.line(&format!("hook output:\n{}", text.trim_end()));
        }
        Ok(())
    }

    fn run_error_hooks(&mut self, hooks: &[HookSpec], err: &ExecError) {
        for h in hooks {
            let env = [
                ("LAINOS_FAILED_STEP".to_string(), err.index.to_string()),
                ("LAINOS_ERROR".to_string(), err.to_string()),
            ];
            let chroot = h.chroot && self.opts.target.join("etc").exists();
            if let Err(e) = self.hook(&h.argv, chroot, h.timeout_secs, &env) {
                self.log.line(&format!("on_error hook failed: {e}"));
            }
        }
    }

    fn verify(&mut self, spec: &VerifySpec) -> Result<(), StepError> {
        let mut problems = Vec::new();
        let kver = self.kernel_version()?;
        let kernel = spec.kernel.replace("{version}", &kver);
        let initramfs = spec.initramfs.replace("{version}", &kver);
        for f in [&kernel, &initramfs] {
            if fs::metadata(self.target(f)).map(|m| m.len()).unwrap_or(0) == 0 {
                problems.push(format!("{f} is missing or empty"));
            }
        }
        let cfg_path = self.target(&spec.grub_cfg);
        let cfg =
            fs::read_to_string(&cfg_path).map_err(io(format!("reading {}", cfg_path.display())))?;
        match crate::grubcfg::default_entry(&cfg) {
            None => problems.push(format!("{} has no menu entry", spec.grub_cfg)),
            Some(entry) => {
                let boot_is_separate = spec.fstab.iter().any(|(_, mp)| mp == "/boot");
                // GRUB names files from the root of the filesystem holding them: of
                // /boot when it is separate, and with the btrfs subvolume first
                // (`/@/boot/vmlinuz-…`) when / is a subvolume.
                let resolve = |p: &str| -> bool {
                    let mut candidates = vec![if boot_is_separate {
                        self.target("/boot").join(p.trim_start_matches('/'))
                    } else {
                        self.target(p)
                    }];
                    let rel = p.trim_start_matches('/');
                    if let Some((first, rest)) = rel.split_once('/')
                        && first.starts_with('@')
                    {
                        candidates.push(self.target(rest));
                        candidates.push(self.target("/boot").join(rest));
                    }
                    candidates.iter().any(|c| c.exists())
                };
                match &entry.linux {
                    None => problems.push("the default entry has no `linux` line".into()),
                    Some((k, args)) => {
                        if !resolve(k) {
                            problems.push(format!("the default entry's kernel {k} does not exist"));
                        }
                        if !args
                            .iter()
                            .any(|a| *a == format!("root=UUID={}", spec.root_uuid))
                        {
                            problems.push(format!(
                                "the default entry does not boot root=UUID={} (it has: {})",
                                spec.root_uuid,
                                args.iter()
                                    .find(|a| a.starts_with("root="))
                                    .map_or("no root=", |s| s)
                            ));
                        }
                        for u in &spec.luks_uuids {
                            let ok = args.iter().any(|a| {
                                a == &format!("rd.luks.uuid={u}")
                                    || a == &format!("rd.luks.uuid=luks-{u}")
                            });
                            if !ok {
                                problems.push(format!(
                                    "the default entry does not unlock the encrypted root (no rd.luks.uuid={u})"
                                ));
                            }
                        }
                        if args.last().map(String::as_str) != Some(&format!("init={}", spec.init)) {
                            problems.push(format!(
                                "the default entry's command line does not end with init={}",
                                spec.init
                            ));
                        }
                    }
                }
                match &entry.initrd {
                    None => problems.push("the default entry has no `initrd` line".into()),
                    Some(i) if !resolve(i) => {
                        problems.push(format!("the default entry's initrd {i} does not exist"))
                    }
                    Some(_) => {}
                }
            }
        }
        let fstab = fs::read_to_string(self.target("/etc/fstab")).unwrap_or_default();
        for (uuid, mp) in &spec.fstab {
            let ok = fstab.lines().any(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.len() >= 2 && w[0] == format!("UUID={uuid}") && w[1] == mp
            });
            if !ok {
                problems.push(format!("/etc/fstab does not mount UUID={uuid} at {mp}"));
            }
        }
        for u in &spec.users {
            if !self.has_entry("/etc/passwd", u)? {
                problems.push(format!("user {u} does not exist"));
            }
        }
        let doas = self.target("/etc/doas.conf");
        if let Ok(m) = fs::metadata(&doas) {
            if m.permissions().mode() & 0o777 != 0o400 {
                problems.push(format!(
                    "/etc/doas.conf has mode {:o}, not 400",
                    m.permissions().mode() & 0o777
                ));
            }
            if ["/usr/bin/doas", "/bin/doas"]
                .iter()
                .any(|d| self.target(d).exists())
            {
                if let Err(e) = self.run_cmd(self.chroot("doas").args(["-C", "/etc/doas.conf"])) {
                    problems.push(format!("doas rejects /etc/doas.conf: {e}"));
                }
            }
        }
        if problems.is_empty() {
            self.log.line("the installed system passed every check");
            Ok(())
        } else {
            Err(StepError::Failed(format!(
                "the installed system would not boot as planned: {}",
                problems.join("; ")
            )))
        }
    }
}

fn progress(index: usize, done: u64, total: u64) -> Event {
    Event::Progress {
        index,
        fraction: if total == 0 {
            0.0
        } else {
            (done as f64 / total as f64).min(1.0)
        },
        done_bytes: done,
        total_bytes: total,
    }
}

fn runlevel_name(r: &lainos_config::answer::Runlevel) -> &'static str {
    use lainos_config::answer::Runlevel as R;
    match r {
        R::Sysinit => "sysinit",
        R::Boot => "boot",
        R::Default => "default",
        R::Shutdown => "shutdown",
    }
}

/// Creates a new file with its final mode from the start.
fn write_new_file(path: &Path, mode: u32, bytes: &[u8]) -> Result<(), StepError> {
    let _ = fs::remove_file(path);
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(io(format!("creating {}", path.display())))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(io(format!("writing {}", path.display())))
}

/// The expected hash from a `sha512sum` file (`<hash>  name`).
fn read_sha512_file(path: &Path) -> Result<String, StepError> {
    let text = fs::read_to_string(path).map_err(io(format!("reading {}", path.display())))?;
    let word = text.split_whitespace().next().unwrap_or("");
    if word.len() != 128 || !word.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StepError::Failed(format!(
            "{} does not start with a SHA-512 (128 hex digits)",
            path.display()
        )));
    }
    Ok(word.to_ascii_lowercase())
}

fn parse_guid(s: &str) -> Result<[u8; 16], StepError> {
    uuid::Uuid::parse_str(s)
        .map(|u| u.to_bytes_le())
        .map_err(|e| StepError::Failed(format!("bad GUID {s}: {e}")))
}

fn is_block_device(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    fs::metadata(p)
        .map(|m| m.file_type().is_block_device())
        .unwrap_or(false)
}

/// Makes `/dev/disk/by-uuid/UUID` where no udev does it: grub-mkconfig names the root
/// by UUID only when that link exists.
fn link_by_uuid(device: &Path, uuid: &str, log: &InstallLog) {
    let dir = Path::new("/dev/disk/by-uuid");
    let link = dir.join(uuid);
    if fs::symlink_metadata(&link).is_ok() {
        let _ = fs::remove_file(&link);
    }
    let r = fs::create_dir_all(dir).and_then(|()| std::os::unix::fs::symlink(device, &link));
    if let Err(e) = r {
        log.line(&format!("cannot link {}: {e}", link.display()));
    }
}

/// The partition device nodes the kernel knows for `disk` (from sysfs).
fn partitions_of(disk: &Path) -> Vec<PathBuf> {
    let Some(name) = disk.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(format!("/sys/class/block/{name}")) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.path().join("partition").exists())
        .map(|e| Path::new("/dev").join(e.file_name()))
        .collect();
    v.sort();
    v
}

/// Used bytes of the filesystem holding `path`.
fn used_bytes(path: &Path) -> u64 {
    nix::sys::statvfs::statvfs(path)
        .map(|s| s.blocks().saturating_sub(s.blocks_free()) * s.fragment_size())
        .unwrap_or(0)
}

/// The id of `name` in a passwd or group file.
fn lookup_id(file: &Path, name: &str) -> Result<Option<u32>, StepError> {
    let text = match fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(format!("reading {}", file.display()))(e)),
    };
    if let Ok(n) = name.parse::<u32>() {
        return Ok(Some(n));
    }
    Ok(text.lines().find_map(|l| {
        let mut f = l.split(':');
        (f.next() == Some(name))
            .then(|| f.nth(1).and_then(|id| id.parse().ok()))
            .flatten()
    }))
}

/// Orders kernel versions like `6.1.0-28-amd64` numerically, part by part.
fn version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |s: &str| -> Vec<(u64, String)> {
        s.split(['.', '-', '_'])
            .map(|p| (p.parse().unwrap_or(0), p.to_string()))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cmd::RecordingRunner;
    use crate::plan::SourcePlan;

    const PASSPHRASE: &str = "wired passphrase 1998";

    fn luks_plan(passphrase: PassphraseSource) -> InstallPlan {
        plan_with(Action::Encrypt {
            device: "/dev/vda3".into(),
            uuid: "11111111-2222-4333-8444-555555555555".into(),
            name: "luks-11111111-2222-4333-8444-555555555555".into(),
            pbkdf: Pbkdf {
                memory_kib: 262_144,
                time_ms: 2000,
            },
            passphrase,
        })
    }

    fn plan_with(encrypt: Action) -> InstallPlan {
        InstallPlan {
            disk: "/dev/vda".into(),
            disk_size_bytes: 8 << 30,
            firmware: BootFirmware::Bios,
            source: SourcePlan {
                squashfs: "/x.sfs".into(),
                compressed_bytes: 1,
                uncompressed_bytes: 1,
            },
            root_uuid: String::new(),
            kept_partitions: Vec::new(),
            kept_details: Vec::new(),
            actions: vec![
                encrypt,
                Action::RemovePaths { paths: Vec::new() },
                Action::UnmountAll,
            ],
            warnings: Vec::new(),
            image: None,
            hooks_on_error: Vec::new(),
        }
    }

    /// Runs the plan with a recording runner; returns the commands, the log and the
    /// events as text, and whether it succeeded.
    fn run_luks(
        passphrase: PassphraseSource,
        fail_at: Option<usize>,
        cancel_after_step: Option<usize>,
    ) -> (Vec<Cmd>, String, String, bool) {
        run_plan(&luks_plan(passphrase), fail_at, cancel_after_step)
    }

    fn run_plan(
        plan: &InstallPlan,
        fail_at: Option<usize>,
        cancel_after_step: Option<usize>,
    ) -> (Vec<Cmd>, String, String, bool) {
        let d = tempfile::tempdir().unwrap();
        let opts = ExecOptions {
            target: d.path().join("target"),
            log: d.path().join("install.log"),
            node_timeout: Duration::from_millis(10),
            fail_at_step: fail_at,
        };
        let runner = RecordingRunner::new();
        let cancel = Cancel::new();
        let mut events = String::new();
        let c2 = cancel.clone();
        let r = execute(plan, &runner, &cancel, &opts, &mut |e| {
            events.push_str(&format!("{e:?}\n"));
            if let Event::StepDone { index, .. } = e
                && Some(*index) == cancel_after_step
            {
                c2.cancel();
            }
        });
        let log = fs::read_to_string(&opts.log).unwrap();
        let cmds = runner.log.lock().unwrap().clone();
        (cmds, log, events, r.is_ok())
    }

    /// The boot loader of a BIOS+UEFI image: both GRUB targets, the removable path,
    /// and no NVRAM entry on the machine that builds the image.
    #[test]
    fn both_firmwares_install_both_grub_targets() {
        let d = tempfile::tempdir().unwrap();
        let opts = ExecOptions {
            target: d.path().join("target"),
            log: d.path().join("install.log"),
            node_timeout: Duration::from_millis(10),
            fail_at_step: None,
        };
        let mut plan = luks_plan(PassphraseSource::File("/nonexistent".into()));
        plan.firmware = BootFirmware::Both;
        plan.disk = "/dev/loop3".into();
        plan.actions = vec![Action::InstallBootloader {
            firmware: BootFirmware::Both,
            disk: "/dev/loop3".into(),
            efi_dir: Some("/boot/efi".into()),
            bootloader_id: "LainOS".into(),
            grub_install: "grub-install".into(),
        }];
        let runner = RecordingRunner::new();
        execute(&plan, &runner, &Cancel::new(), &opts, &mut |_| {}).unwrap();
        let lines: Vec<String> = runner
            .lines()
            .into_iter()
            .filter(|l| l.contains("grub-install"))
            .map(|l| {
                l.split(" grub-install ")
                    .nth(1)
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        assert_eq!(
            lines,
            [
                "--target=i386-pc --recheck /dev/loop3",
                "--target=x86_64-efi --efi-directory=/boot/efi --removable",
                "--target=x86_64-efi --efi-directory=/boot/efi --bootloader-id=LainOS --no-nvram",
            ]
        );
    }

    fn assert_secret_kept(cmds: &[Cmd], log: &str, events: &str) {
        for c in cmds {
            for a in c.argv() {
                assert!(
                    !a.contains(PASSPHRASE),
                    "the passphrase is in an argument: {c}"
                );
            }
            assert!(!c.to_string().contains(PASSPHRASE), "{c}");
            assert!(!format!("{c:?}").contains(PASSPHRASE), "{c:?}");
            for (k, v) in &c.env {
                assert!(!v.contains(PASSPHRASE), "the passphrase is in {k}");
            }
        }
        assert!(
            !log.contains(PASSPHRASE),
            "the passphrase is in the log:\n{log}"
        );
        assert!(
            !events.contains(PASSPHRASE),
            "the passphrase is in an event:\n{events}"
        );
    }

    fn luks_commands(cmds: &[Cmd]) -> Vec<String> {
        cmds.iter()
            .filter(|c| c.program == "cryptsetup")
            .map(|c| c.args.first().cloned().unwrap_or_default())
            .collect()
    }

    #[test]
    fn luks_passphrase_goes_to_stdin_only() {
        let (cmds, log, events, ok) =
            run_luks(PassphraseSource::Clear(Secret::new(PASSPHRASE)), None, None);
        assert!(ok, "{log}");
        assert_secret_kept(&cmds, &log, &events);
        assert_eq!(luks_commands(&cmds), ["luksFormat", "open", "close"]);
        for c in cmds.iter().filter(|c| c.args[0] != "close") {
            assert!(c.args.contains(&"--key-file=-".to_string()), "{c}");
            match &c.stdin {
                Stdin::Secret(s) => assert_eq!(s.expose(), PASSPHRASE),
                other => panic!("{c}: the passphrase is not a secret on stdin: {other:?}"),
            }
        }
        let format = &cmds[0];
        for a in ["argon2id", "262144", "luks2", "--iter-time"] {
            assert!(format.args.iter().any(|x| x == a), "{format} lacks {a}");
        }
    }

    #[test]
    fn luks_passphrase_file_loses_one_newline() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("pass");
        fs::write(&f, format!("{PASSPHRASE}\n")).unwrap();
        let (cmds, log, events, ok) = run_luks(PassphraseSource::File(f), None, None);
        assert!(ok, "{log}");
        assert_secret_kept(&cmds, &log, &events);
        match &cmds[0].stdin {
            Stdin::Secret(s) => assert_eq!(s.expose(), PASSPHRASE),
            other => panic!("not a secret: {other:?}"),
        }
        assert_eq!(passphrase_bytes(b"a\r\n".to_vec()), b"a");
        assert_eq!(passphrase_bytes(b"a\n\n".to_vec()), b"a\n");
    }

    #[test]
    fn luks_mapping_is_closed_on_failure_and_cancel() {
        // A fault at step 2, after the mapping was opened.
        let (cmds, log, events, ok) = run_luks(
            PassphraseSource::Clear(Secret::new(PASSPHRASE)),
            Some(2),
            None,
        );
        assert!(!ok);
        assert_secret_kept(&cmds, &log, &events);
        assert_eq!(
            luks_commands(&cmds),
            ["luksFormat", "open", "close"],
            "{log}"
        );
        assert!(log.contains("closed /dev/mapper/luks-"), "{log}");
        // Cancelled after step 1: the close runs although the token is set.
        let (cmds, log, _, ok) = run_luks(
            PassphraseSource::Clear(Secret::new(PASSPHRASE)),
            None,
            Some(1),
        );
        assert!(!ok);
        assert_eq!(
            luks_commands(&cmds),
            ["luksFormat", "open", "close"],
            "{log}"
        );
        assert!(cmds.last().unwrap().ignore_cancel);
    }

    fn unlock_plan(expect_fs: Option<Fs>) -> InstallPlan {
        plan_with(Action::Unlock {
            device: "/dev/vda3".into(),
            uuid: "5a5a5a5a-0000-4000-8000-000000000002".into(),
            name: "luks-5a5a5a5a-0000-4000-8000-000000000002".into(),
            passphrase: PassphraseSource::Clear(Secret::new(PASSPHRASE)),
            expect_fs,
        })
    }

    #[test]
    fn unlock_opens_with_the_passphrase_on_stdin_and_closes() {
        let (cmds, log, events, ok) = run_plan(&unlock_plan(None), None, None);
        assert!(ok, "{log}");
        assert_secret_kept(&cmds, &log, &events);
        assert_eq!(luks_commands(&cmds), ["open", "close"], "{log}");
        let open = &cmds[0];
        assert!(open.args.contains(&"--key-file=-".to_string()), "{open}");
        assert!(!open.args.iter().any(|a| a == "luksFormat"), "{open}");
        match &open.stdin {
            Stdin::Secret(s) => assert_eq!(s.expose(), PASSPHRASE),
            other => panic!("not a secret on stdin: {other:?}"),
        }
        assert!(log.contains("opened LUKS /dev/vda3"), "{log}");
    }

    /// A kept filesystem is expected inside; blkid finds none (the recording runner
    /// prints nothing): the install stops there, names both, and closes the mapping.
    #[test]
    fn unlock_refuses_a_volume_without_the_expected_filesystem() {
        let (cmds, log, events, ok) = run_plan(&unlock_plan(Some(Fs::Ext4)), None, None);
        assert!(!ok);
        assert_secret_kept(&cmds, &log, &events);
        assert!(
            log.contains("the LUKS volume /dev/vda3 holds no filesystem, not ext4"),
            "{log}"
        );
        assert_eq!(luks_commands(&cmds), ["open", "close"], "{log}");
    }

    #[test]
    fn versions_sort_numerically() {
        let mut v = vec!["6.10.2-arch1-1", "6.9.12-arch1-1", "6.1.0-28-amd64"];
        v.sort_by(|a, b| version_cmp(a, b));
        assert_eq!(v, ["6.1.0-28-amd64", "6.9.12-arch1-1", "6.10.2-arch1-1"]);
    }

    #[test]
    fn sha512_file_is_read_and_checked() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("x.sha512");
        fs::write(&f, format!("{}  airootfs.sfs\n", "Ab".repeat(64))).unwrap();
        assert_eq!(read_sha512_file(&f).unwrap(), "ab".repeat(64));
        fs::write(&f, "nonsense  airootfs.sfs\n").unwrap();
        assert!(read_sha512_file(&f).is_err());
    }

    #[test]
    fn ids_are_looked_up_by_name() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("passwd");
        fs::write(
            &f,
            "root:x:0:0::/root:/bin/sh\ngreeter:x:971:971::/:/bin/false\n",
        )
        .unwrap();
        assert_eq!(lookup_id(&f, "greeter").unwrap(), Some(971));
        assert_eq!(lookup_id(&f, "root").unwrap(), Some(0));
        assert_eq!(lookup_id(&f, "nobody").unwrap(), None);
    }

    #[test]
    fn new_files_have_their_final_mode() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("doas.conf");
        write_new_file(&f, 0o400, b"permit :wheel\n").unwrap();
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o400
        );
    }
}
