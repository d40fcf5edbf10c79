//! Parsing `/proc/self/mountinfo`, `/proc/swaps` and `/proc/cmdline`.

use std::path::{Path, PathBuf};

use super::ProbeError;
use super::sysfs::read_optional;

/// One line of `mountinfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MountEntry {
    /// `major:minor` of the mounted device (anonymous `0:N` for btrfs and virtual
    /// filesystems).
    pub devno: (u32, u32),
    /// Where it is mounted.
    pub mount_point: PathBuf,
    /// Filesystem type.
    pub fstype: String,
    /// Mount source (`/dev/sda2`, `tmpfs`, ...).
    pub source: String,
}

/// Reads `<proc>/self/mountinfo`.
pub(super) fn read_mountinfo(proc: &Path) -> Result<Vec<MountEntry>, ProbeError> {
    let path = proc.join("self/mountinfo");
    let text = std::fs::read_to_string(&path).map_err(|source| ProbeError::Read {
        path: path.clone(),
        source,
    })?;
    parse_mountinfo(&text, &path)
}

/// Parses mountinfo text; `path` is only used in error messages.
pub(super) fn parse_mountinfo(text: &str, path: &Path) -> Result<Vec<MountEntry>, ProbeError> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |what: &str| ProbeError::Parse {
            path: path.to_owned(),
            detail: format!("line {}: {what}: {line:?}", index + 1),
        };
        let fields: Vec<&str> = line.split(' ').collect();
        if fields.len() < 10 {
            return Err(bad("too few fields"));
        }
        let devno = parse_devno(fields[2]).ok_or_else(|| bad("bad major:minor"))?;
        let separator = fields[6..]
            .iter()
            .position(|f| *f == "-")
            .map(|p| p + 6)
            .ok_or_else(|| bad("no `-` separator"))?;
        let (fstype, source) = match (fields.get(separator + 1), fields.get(separator + 2)) {
            (Some(t), Some(s)) => (unescape(t), unescape(s)),
            _ => return Err(bad("no filesystem type and source")),
        };
        entries.push(MountEntry {
            devno,
            mount_point: PathBuf::from(unescape(fields[4])),
            fstype,
            source,
        });
    }
    Ok(entries)
}

/// Parses `major:minor`.
pub(super) fn parse_devno(s: &str) -> Option<(u32, u32)> {
    let (major, minor) = s.trim().split_once(':')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// Reads the device paths of active swap areas from `<proc>/swaps` (files are included
/// too; they simply match no device). A missing file means no swap support: empty.
pub(super) fn read_swaps(proc: &Path) -> Result<Vec<PathBuf>, ProbeError> {
    let path = proc.join("swaps");
    let Some(text) = read_optional(&path)? else {
        return Ok(Vec::new());
    };
    Ok(parse_swaps(&text))
}

pub(super) fn parse_swaps(text: &str) -> Vec<PathBuf> {
    text.lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next())
        .map(|f| PathBuf::from(unescape(f)))
        .collect()
}

/// What the kernel command line says about the live medium.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct LiveHints {
    /// Filesystem labels (`root=live:LABEL=`, `root=live:CDLABEL=`, `archisolabel=`).
    pub labels: Vec<String>,
    /// Filesystem UUIDs (`root=live:UUID=`, `archisosearchuuid=`).
    pub uuids: Vec<String>,
}

/// Reads `<proc>/cmdline`; a missing file gives no hints.
pub(super) fn read_live_hints(proc: &Path) -> Result<LiveHints, ProbeError> {
    let path = proc.join("cmdline");
    Ok(read_optional(&path)?
        .map(|text| parse_live_hints(&text))
        .unwrap_or_default())
}

pub(super) fn parse_live_hints(cmdline: &str) -> LiveHints {
    let mut hints = LiveHints::default();
    for arg in cmdline.split_whitespace() {
        let (key, value) = arg.split_once('=').unwrap_or((arg, ""));
        let value = decode_hex_escapes(value.trim_matches('"'));
        match key {
            "root" => {
                let spec = value.strip_prefix("live:").unwrap_or(&value);
                if let Some(label) = spec
                    .strip_prefix("LABEL=")
                    .or_else(|| spec.strip_prefix("CDLABEL="))
                {
                    hints.labels.push(label.to_owned());
                } else if let Some(uuid) = spec.strip_prefix("UUID=") {
                    hints.uuids.push(uuid.to_owned());
                }
            }
            "archisolabel" | "img_label" => hints.labels.push(value),
            "archisosearchuuid" => hints.uuids.push(value),
            _ => {}
        }
    }
    hints
}

/// Decodes the `\NNN` octal escapes of mountinfo and swaps (space, tab, newline, `\`).
fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && i + 4 <= bytes.len()
            && bytes[i + 1..i + 4]
                .iter()
                .all(|b| (b'0'..=b'7').contains(b))
        {
            let value = bytes[i + 1..i + 4]
                .iter()
                .fold(0u32, |acc, b| acc * 8 + u32::from(b - b'0'));
            out.push(u8::try_from(value).unwrap_or(b'?'));
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes dracut's `\xNN` escapes in labels (`LAINOS\x20LIVE`).
fn decode_hex_escapes(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'x') && i + 4 <= bytes.len() {
            if let Some(v) = std::str::from_utf8(&bytes[i + 2..i + 4])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mountinfo_with_optional_fields_and_escapes() {
        let text = "\
22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw
23 22 0:5 / /dev rw,nosuid shared:2 master:9 - devtmpfs devtmpfs rw,size=4k
24 22 8:17 / /media/my\\040stick rw - vfat /dev/sdb1 rw
25 22 0:45 /@home /home rw - btrfs /dev/sda2 rw
";
        let m = parse_mountinfo(text, Path::new("mountinfo")).unwrap();
        assert_eq!(m.len(), 4);
        assert_eq!(m[0].devno, (259, 2));
        assert_eq!(m[0].mount_point, PathBuf::from("/"));
        assert_eq!(m[0].source, "/dev/nvme0n1p2");
        assert_eq!(m[1].fstype, "devtmpfs");
        assert_eq!(m[2].mount_point, PathBuf::from("/media/my stick"));
        assert_eq!(m[3].devno, (0, 45));
        assert_eq!(m[3].source, "/dev/sda2");
    }

    #[test]
    fn mountinfo_errors_name_the_file_and_line() {
        let err = parse_mountinfo("1 2 x:y / / rw - ext4 /dev/sda rw\n", Path::new("/p/mi"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`/p/mi`"), "{err}");
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn swaps() {
        let text = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n\
                    /dev/sda3                               partition\t8388604\t\t0\t\t-2\n\
                    /swap\\040file                              file\t\t1048572\t\t0\t\t-3\n";
        assert_eq!(
            parse_swaps(text),
            vec![PathBuf::from("/dev/sda3"), PathBuf::from("/swap file")]
        );
    }

    #[test]
    fn live_hints_from_cmdline() {
        let h = parse_live_hints(
            "BOOT_IMAGE=/boot/vmlinuz root=live:CDLABEL=LAINOS\\x20LIVE rd.live.image \
             archisolabel=ARCH_202611 archisosearchuuid=2026-11-23-10-00-00-00 quiet\n",
        );
        assert_eq!(h.labels, vec!["LAINOS LIVE", "ARCH_202611"]);
        assert_eq!(h.uuids, vec!["2026-11-23-10-00-00-00"]);
        let h = parse_live_hints("root=live:UUID=1234-ABCD");
        assert_eq!(h.uuids, vec!["1234-ABCD"]);
        assert!(parse_live_hints("root=/dev/sda2 ro").labels.is_empty());
    }
}
