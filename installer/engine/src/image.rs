//! Image mode (`lainos-install install ANSWERS --image FILE --size SIZE`): the install
//! goes into a sparse disk image attached to a loop device for the duration, instead
//! of a disk. The image boots with BIOS and UEFI (a `bios_grub` partition and an ESP,
//! GRUB for i386-pc and x86_64-efi on the removable path), its root partition is the
//! last one, and first-boot setup (`lainos-firstboot`) grows that partition and its
//! filesystem to the disk the image is written to.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lainos_config::Issue;
use lainos_config::answer::{AnswerFile, FirmwareChoice, Layout};
use lainos_config::values::human_bytes;
use serde::{Deserialize, Serialize};

use crate::cmd::{Cmd, CmdError, CommandRunner};

/// What the plan records about an image install.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageTarget {
    /// The image file.
    pub file: PathBuf,
    pub size_bytes: u64,
    /// The loop device the image is attached to (the plan's `disk`).
    pub loop_device: PathBuf,
    /// `storage.disk` of the answer file, which image mode does not touch.
    pub answered_disk: PathBuf,
}

/// Why an image could not be made or attached.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error(
        "`{}` already exists; choose another file, remove it, or pass --overwrite to reuse it",
        .0.display()
    )]
    Exists(PathBuf),
    #[error("`{}` is not a regular file; an image must be a file", .0.display())]
    NotAFile(PathBuf),
    #[error("an image size must be a multiple of 512 bytes and at least 1 MiB, not {0} bytes")]
    BadSize(u64),
    #[error("cannot create the image `{}`", path.display())]
    Create {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot attach `{}` to a loop device", path.display())]
    Attach {
        path: PathBuf,
        #[source]
        source: CmdError,
    },
    #[error("`losetup --show` printed no loop device for `{}` (it printed {output:?})", path.display())]
    NoDevice { path: PathBuf, output: String },
}

/// Creates the sparse image file of `size` bytes. An existing file is refused unless
/// `overwrite` is set (then it is truncated to nothing and grown again, so nothing of
/// its old content survives). Returns true when the file did not exist before.
pub fn create_image(path: &Path, size: u64, overwrite: bool) -> Result<bool, ImageError> {
    if size < 1024 * 1024 || size % 512 != 0 {
        return Err(ImageError::BadSize(size));
    }
    let existed = match fs::symlink_metadata(path) {
        // A block device, a directory, a link: never written through.
        Ok(m) if !m.file_type().is_file() => return Err(ImageError::NotAFile(path.to_path_buf())),
        Ok(_) if !overwrite => return Err(ImageError::Exists(path.to_path_buf())),
        Ok(_) => true,
        Err(_) => false,
    };
    let create = |source| ImageError::Create {
        path: path.to_path_buf(),
        source,
    };
    let mut o = fs::OpenOptions::new();
    o.write(true);
    if existed {
        o.truncate(true);
    } else {
        o.create_new(true);
    }
    let f = o.open(path).map_err(create)?;
    f.set_len(size).map_err(create)?;
    f.sync_all().map_err(create)?;
    Ok(!existed)
}

/// A loop device attached to an image file; detached when dropped (on success, on
/// failure, after cancellation), so no loop device outlives the install.
pub struct LoopDevice<'a> {
    device: PathBuf,
    runner: &'a dyn CommandRunner,
    attached: bool,
}

impl<'a> LoopDevice<'a> {
    /// `losetup --find --show --partscan FILE`: the partitions appear as `<dev>pN`.
    pub fn attach(runner: &'a dyn CommandRunner, file: &Path) -> Result<Self, ImageError> {
        let out = runner
            .run(
                &Cmd::new("losetup")
                    .args(["--find", "--show", "--partscan"])
                    .path_arg(file)
                    .timeout(Duration::from_secs(60)),
            )
            .map_err(|source| ImageError::Attach {
                path: file.to_path_buf(),
                source,
            })?;
        let text = out.stdout_str();
        let dev = text.trim();
        if !dev.starts_with("/dev/") {
            return Err(ImageError::NoDevice {
                path: file.to_path_buf(),
                output: text,
            });
        }
        tracing::info!(device = dev, image = %file.display(), "image attached");
        Ok(LoopDevice {
            device: PathBuf::from(dev),
            runner,
            attached: true,
        })
    }

    pub fn device(&self) -> &Path {
        &self.device
    }

    /// Detaches now and reports the outcome (dropping detaches too, logging a failure).
    pub fn detach(mut self) -> Result<(), CmdError> {
        self.attached = false;
        self.run_detach()
    }

    fn run_detach(&self) -> Result<(), CmdError> {
        // A clean-up command: it runs even after a cancellation.
        let cmd = Cmd::new("losetup")
            .arg("--detach")
            .path_arg(&self.device)
            .timeout(Duration::from_secs(60))
            .uncancellable();
        let r = self.runner.run(&cmd).map(drop);
        if r.is_ok() {
            tracing::info!(device = %self.device.display(), "image detached");
        }
        r
    }
}

impl Drop for LoopDevice<'_> {
    fn drop(&mut self) {
        if self.attached
            && let Err(e) = self.run_detach()
        {
            tracing::warn!(device = %self.device.display(), "could not detach the image: {e}");
        }
    }
}

/// The checks image mode adds to the answer file's own: what cannot go into an image
/// meant to be copied onto many machines.
pub fn check_answers(a: &AnswerFile, issues: &mut Vec<Issue>) {
    if a.storage.layout != Layout::Erase {
        issues.push(Issue::error(
            "storage.layout",
            "an image starts empty and its root partition must be the last one, so it can grow on the disk it is copied to: use `layout: erase` with --image",
        ));
    }
    if a.storage.encryption.is_some() {
        issues.push(Issue::error(
            "storage.encryption",
            "every copy of an image would share the same LUKS key; encryption cannot be used with --image",
        ));
    }
    if a.storage.firmware != FirmwareChoice::Auto {
        issues.push(Issue::warning(
            "storage.firmware",
            "an image boots with BIOS and UEFI: the firmware answer is not used with --image",
        ));
    }
}

impl ImageTarget {
    /// One line for the plan.
    pub fn describe(&self) -> String {
        format!(
            "Install into the disk image {} ({}), attached as {}; storage.disk ({}) of the answer file is replaced by it and not touched",
            self.file.display(),
            human_bytes(self.size_bytes),
            self.loop_device.display(),
            self.answered_disk.display()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::{Output, RecordingRunner};

    #[test]
    fn an_existing_image_is_refused_unless_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("oem.img");
        assert!(create_image(&p, 8 << 20, false).unwrap());
        assert_eq!(fs::metadata(&p).unwrap().len(), 8 << 20);
        let e = create_image(&p, 8 << 20, false).unwrap_err();
        assert!(matches!(e, ImageError::Exists(_)), "{e}");
        assert!(e.to_string().contains("--overwrite"), "{e}");
        fs::write(&p, b"old content").unwrap();
        assert!(!create_image(&p, 4 << 20, true).unwrap());
        let bytes = fs::read(&p).unwrap();
        assert_eq!(bytes.len(), 4 << 20);
        assert!(bytes.iter().all(|b| *b == 0), "old content survived");
    }

    #[test]
    fn sizes_and_non_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            create_image(&dir.path().join("a"), 1000, false),
            Err(ImageError::BadSize(1000))
        ));
        assert!(matches!(
            create_image(dir.path(), 8 << 20, true),
            Err(ImageError::NotAFile(_))
        ));
    }

    #[test]
    fn the_loop_device_is_detached_when_dropped() {
        let r = RecordingRunner::new();
        r.respond(
            "losetup",
            Ok(Output {
                stdout: b"/dev/loop7\n".to_vec(),
                stderr: Vec::new(),
            }),
        );
        {
            let l = LoopDevice::attach(&r, Path::new("/srv/oem.img")).unwrap();
            assert_eq!(l.device(), Path::new("/dev/loop7"));
        }
        assert_eq!(
            r.lines(),
            [
                "losetup --find --show --partscan /srv/oem.img",
                "losetup --detach /dev/loop7"
            ]
        );
        assert!(r.log.lock().unwrap()[1].ignore_cancel);
    }

    #[test]
    fn detach_runs_once() {
        let r = RecordingRunner::new();
        r.respond(
            "losetup",
            Ok(Output {
                stdout: b"/dev/loop0\n".to_vec(),
                stderr: Vec::new(),
            }),
        );
        let l = LoopDevice::attach(&r, Path::new("x.img")).unwrap();
        l.detach().unwrap();
        assert_eq!(r.lines().len(), 2);
    }

    #[test]
    fn no_device_printed_is_an_error() {
        let r = RecordingRunner::new();
        assert!(matches!(
            LoopDevice::attach(&r, Path::new("x.img")),
            Err(ImageError::NoDevice { .. })
        ));
    }
}
