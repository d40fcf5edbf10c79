//! `/etc/machine-id`: validation, generation, atomic installation.
//!
//! machine-id(5): 32 lower-case hexadecimal characters and a newline, not all zeros.
//! Generated ids are random 128-bit values with the UUID v4 version and variant bits set,
//! as `sd_id128_randomize()` does. `/var/lib/dbus/machine-id` is a symlink to it so
//! libdbus and sd-id128 agree.

use std::fmt;
use std::io::{Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A valid machine id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MachineId([u8; 16]);

/// Errors of machine-id handling, each naming its path.
#[derive(Debug, thiserror::Error)]
pub enum MachineIdError {
    #[error("reading random bytes from /dev/urandom failed")]
    Random(#[source] std::io::Error),
    #[error("{action} `{path}` failed")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl MachineId {
    /// Parses the content of a machine-id file (one optional trailing newline).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.strip_suffix('\n').unwrap_or(text);
        if text.len() != 32
            || !text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return None;
        }
        let mut bytes = [0u8; 16];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        if bytes == [0u8; 16] {
            return None;
        }
        Some(Self(bytes))
    }

    /// Builds an id from 16 random bytes, setting the UUID v4 version and variant bits.
    pub fn from_random(mut bytes: [u8; 16]) -> Self {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        Self(bytes)
    }

    /// A fresh random id from the kernel.
    pub fn generate() -> Result<Self, MachineIdError> {
        let mut bytes = [0u8; 16];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut bytes))
            .map_err(MachineIdError::Random)?;
        Ok(Self::from_random(bytes))
    }
}

impl fmt::Display for MachineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// What [`ensure`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A valid id was already there and kept.
    Kept(MachineId),
    /// The file was missing, empty or invalid and was replaced.
    Repaired(MachineId),
    /// Ephemeral mode: a new id replaced a valid one.
    Regenerated(MachineId),
}

/// Makes `<root>/etc/machine-id` valid. With `ephemeral` a new id is written even when
/// the existing one is valid. Writes atomically (temporary file, fsync, rename, 0444),
/// then points `<root>/var/lib/dbus/machine-id` at `/etc/machine-id`.
pub fn ensure(root: &Path, ephemeral: bool) -> Result<Outcome, MachineIdError> {
    let path = root.join("etc/machine-id");
    let current = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| MachineId::parse(&t));
    let outcome = match current {
        Some(id) if !ephemeral => Outcome::Kept(id),
        Some(_) => Outcome::Regenerated(write_atomic(&path, MachineId::generate()?)?),
        None => Outcome::Repaired(write_atomic(&path, MachineId::generate()?)?),
    };
    link_dbus(root)?;
    Ok(outcome)
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> MachineIdError {
    let path = path.to_owned();
    move |source| MachineIdError::Io {
        action,
        path,
        source,
    }
}

fn write_atomic(path: &Path, id: MachineId) -> Result<MachineId, MachineIdError> {
    let dir = path.parent().unwrap_or(Path::new("/"));
    std::fs::create_dir_all(dir).map_err(io("creating", dir))?;
    let tmp = dir.join(format!(".machine-id.{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o444)
        .open(&tmp)
        .map_err(io("creating", &tmp))?;
    f.write_all(format!("{id}\n").as_bytes())
        .map_err(io("writing", &tmp))?;
    f.sync_all().map_err(io("syncing", &tmp))?;
    drop(f);
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o444))
        .map_err(io("chmod", &tmp))?;
    std::fs::rename(&tmp, path).map_err(io("renaming into", path))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(id)
}

fn link_dbus(root: &Path) -> Result<(), MachineIdError> {
    let link = root.join("var/lib/dbus/machine-id");
    let target = Path::new("/etc/machine-id");
    if std::fs::read_link(&link).is_ok_and(|t| t == target) {
        return Ok(());
    }
    let dir = link.parent().unwrap_or(Path::new("/"));
    std::fs::create_dir_all(dir).map_err(io("creating", dir))?;
    let tmp = dir.join(".machine-id.link");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp).map_err(io("creating symlink", &tmp))?;
    std::fs::rename(&tmp, &link).map_err(io("renaming into", &link))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_only_32_lowercase_hex_not_zero() {
        assert!(MachineId::parse("0123456789abcdef0123456789abcdef\n").is_some());
        assert!(MachineId::parse("0123456789abcdef0123456789abcdef").is_some());
        assert!(MachineId::parse("0123456789ABCDEF0123456789abcdef\n").is_none());
        assert!(MachineId::parse("00000000000000000000000000000000\n").is_none());
        assert!(MachineId::parse("uninitialized\n").is_none());
        assert!(MachineId::parse("").is_none());
        assert!(MachineId::parse("0123456789abcdef0123456789abcdef0\n").is_none());
        assert!(MachineId::parse("0123456789abcdef0123456789abcdef\n\n").is_none());
    }

    #[test]
    fn generated_ids_are_v4_and_round_trip() {
        let id = MachineId::generate().unwrap();
        let s = id.to_string();
        assert_eq!(s.len(), 32);
        assert_eq!(&s[12..13], "4");
        assert!(matches!(&s[16..17], "8" | "9" | "a" | "b"));
        assert_eq!(MachineId::parse(&s), Some(id));
    }

    #[test]
    fn ensure_repairs_keeps_and_regenerates() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("etc")).unwrap();
        std::fs::write(root.path().join("etc/machine-id"), "garbage\n").unwrap();
        let Outcome::Repaired(id) = ensure(root.path(), false).unwrap() else {
            panic!()
        };
        let text = std::fs::read_to_string(root.path().join("etc/machine-id")).unwrap();
        assert_eq!(text, format!("{id}\n"));
        let mode = std::fs::metadata(root.path().join("etc/machine-id"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o444);
        assert_eq!(
            std::fs::read_link(root.path().join("var/lib/dbus/machine-id")).unwrap(),
            Path::new("/etc/machine-id")
        );
        assert_eq!(ensure(root.path(), false).unwrap(), Outcome::Kept(id));
        let Outcome::Regenerated(new) = ensure(root.path(), true).unwrap() else {
            panic!()
        };
        assert_ne!(new, id);
    }

    #[test]
    fn ensure_replaces_a_stale_dbus_copy_with_a_link() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("var/lib/dbus")).unwrap();
        std::fs::write(
            root.path().join("var/lib/dbus/machine-id"),
            "ffffffffffffffffffffffffffffffff\n",
        )
        .unwrap();
        ensure(root.path(), false).unwrap();
        assert!(
            std::fs::symlink_metadata(root.path().join("var/lib/dbus/machine-id"))
                .unwrap()
                .is_symlink()
        );
    }
}
