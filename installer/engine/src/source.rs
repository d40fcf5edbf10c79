//! The system image: a squashfs. Its superblock gives the compressed size and the
//! inode count; `unsquashfs -lln` lists every file with its size, from which the space
//! the unpacked tree takes is estimated (each file rounded up to 4 KiB blocks).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cmd::{Cmd, CommandRunner};

const SQUASHFS_MAGIC: u32 = 0x7371_7368; // "hsqs"
const BLOCK: u64 = 4096;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub path: PathBuf,
    /// Bytes used by the squashfs (its superblock's `bytes_used`).
    pub compressed_bytes: u64,
    /// The estimated space the unpacked tree takes.
    pub uncompressed_bytes: u64,
    pub inodes: u32,
    pub compression: String,
    /// The names of the programs in the image's `/usr/bin`, `/usr/sbin`, `/bin` and
    /// `/sbin` (files and links), from the same listing; `None` when not listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programs: Option<BTreeSet<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{0}` is not a squashfs image")]
    NotSquashfs(PathBuf),
    #[error("cannot list `{path}`")]
    List {
        path: PathBuf,
        #[source]
        source: crate::cmd::CmdError,
    },
}

/// The superblock fields the installer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Superblock {
    pub inodes: u32,
    pub block_size: u32,
    pub compression: u16,
    pub bytes_used: u64,
}

/// Reads the 96-byte squashfs 4.0 superblock.
pub fn read_superblock(path: &Path) -> Result<Superblock, SourceError> {
    let mut f = std::fs::File::open(path).map_err(|source| SourceError::Read {
        path: path.into(),
        source,
    })?;
    let mut b = [0u8; 96];
    f.read_exact(&mut b).map_err(|source| SourceError::Read {
        path: path.into(),
        source,
    })?;
    let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().expect("4 bytes"));
    let u16_at = |o: usize| u16::from_le_bytes(b[o..o + 2].try_into().expect("2 bytes"));
    let u64_at = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().expect("8 bytes"));
    if u32_at(0) != SQUASHFS_MAGIC || u16_at(28) != 4 {
        return Err(SourceError::NotSquashfs(path.into()));
    }
    Ok(Superblock {
        inodes: u32_at(4),
        block_size: u32_at(12),
        compression: u16_at(20),
        bytes_used: u64_at(40),
    })
}

fn compression_name(id: u16) -> &'static str {
    match id {
        1 => "gzip",
        2 => "lzma",
        3 => "lzo",
        4 => "xz",
        5 => "lz4",
        6 => "zstd",
        _ => "unknown",
    }
}

/// Inspects a squashfs: superblock plus the sum of its file sizes.
pub fn inspect(path: &Path, runner: &dyn CommandRunner) -> Result<SourceInfo, SourceError> {
    let sb = read_superblock(path)?;
    let out = runner
        .run(
            &Cmd::new("unsquashfs")
                .args(["-lln", "-d", ""])
                .path_arg(path),
        )
        .map_err(|source| SourceError::List {
            path: path.into(),
            source,
        })?;
    let mut bytes = 0u64;
    let mut programs = BTreeSet::new();
    for line in out.stdout_str().lines() {
        // drwxr-xr-x 0/0   24 2026-11-23 19:44 path
        let mut f = line.split_whitespace();
        let (Some(mode), Some(_owner), Some(size)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        if let Some(name) = program_name(line, mode) {
            programs.insert(name.to_string());
        }
        let size: u64 = if mode.starts_with(['b', 'c']) {
            0 // device nodes list "major,minor"
        } else {
            size.parse().unwrap_or(0)
        };
        // Every inode takes at least a block; file data rounds up to blocks.
        bytes += size.div_ceil(BLOCK).max(1) * BLOCK;
    }
    Ok(SourceInfo {
        path: path.into(),
        compressed_bytes: sb.bytes_used,
        uncompressed_bytes: bytes,
        inodes: sb.inodes,
        compression: compression_name(sb.compression).into(),
        programs: Some(programs),
    })
}

/// The program a listing line names, when it is a file or link in a `bin` directory.
fn program_name<'a>(line: &'a str, mode: &str) -> Option<&'a str> {
    if !mode.starts_with(['-', 'l']) {
        return None;
    }
    // The path is everything after the time; a link goes on with ` -> target`.
    let path = line.split_once(" /").map(|(_, p)| p)?;
    let path = path.split(" -> ").next()?;
    let (dir, name) = path.rsplit_once('/')?;
    ["usr/bin", "usr/sbin", "bin", "sbin"]
        .contains(&dir)
        .then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_found_in_bin_directories() {
        let line = "-rwxr-xr-x 0/0   225720 2023-12-18 02:41 /usr/sbin/cryptsetup";
        assert_eq!(program_name(line, "-rwxr-xr-x"), Some("cryptsetup"));
        let link = "lrwxrwxrwx 0/0   8 2026-12-02 04:29 /usr/bin/vi -> /etc/alternatives/vi";
        assert_eq!(program_name(link, "lrwxrwxrwx"), Some("vi"));
        let other = "-rw-r--r-- 0/0   10 2026-12-02 04:29 /etc/bin/x";
        assert_eq!(program_name(other, "-rw-r--r--"), None);
        let dir = "drwxr-xr-x 0/0   10 2026-12-02 04:29 /usr/bin/sub";
        assert_eq!(program_name(dir, "drwxr-xr-x"), None);
    }

    #[test]
    fn not_a_squashfs() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x");
        std::fs::write(&p, vec![0u8; 200]).unwrap();
        assert!(matches!(
            read_superblock(&p),
            Err(SourceError::NotSquashfs(_))
        ));
        std::fs::write(&p, b"short").unwrap();
        assert!(matches!(read_superblock(&p), Err(SourceError::Read { .. })));
    }
}
