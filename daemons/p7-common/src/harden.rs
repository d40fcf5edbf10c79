//! Privilege drop: dedicated user, no supplementary groups beyond the ones asked for,
//! every capability set empty, not dumpable.
//!
//! Order matters (the C daemons got it wrong, reference §7): the bounding set can only be
//! reduced while `CAP_SETPCAP` is still effective, so it is cleared *before* `setresuid`;
//! the uid change from 0 then empties the permitted, effective and ambient sets; the
//! inheritable set is cleared explicitly. [`drop_privileges`] checks the result and fails
//! rather than run half-privileged. The seccomp filter comes after ([`crate::seccomp`]).

use caps::{CapSet, Capability};
use nix::unistd::{Gid, Group, Uid, User, setgroups, setresgid, setresuid};

/// Errors of the privilege drop.
#[derive(Debug, thiserror::Error)]
pub enum HardenError {
    #[error("system user `{0}` does not exist (create it with `useradd -r`)")]
    NoSuchUser(String),
    #[error("group `{0}` does not exist (create it with `groupadd -r`)")]
    NoSuchGroup(String),
    #[error("looking up `{name}` failed")]
    Lookup {
        name: String,
        #[source]
        source: nix::Error,
    },
    #[error("{step} failed")]
    Syscall {
        step: &'static str,
        #[source]
        source: nix::Error,
    },
    #[error("changing capability set {set} failed")]
    Caps {
        set: &'static str,
        #[source]
        source: caps::errors::CapsError,
    },
    #[error("privileges still present after the drop: {0}")]
    StillPrivileged(String),
    #[error("the daemon must be started as root to set itself up (running as uid {0})")]
    NotRoot(u32),
}

/// The unprivileged identity a daemon switches to.
#[derive(Debug, Clone)]
pub struct ServiceUser {
    pub name: String,
    pub uid: Uid,
    pub gid: Gid,
    /// Supplementary groups kept after the drop.
    pub groups: Vec<Gid>,
}

impl ServiceUser {
    /// Looks up `name` and the supplementary groups `extra_groups` in the user database.
    pub fn lookup(name: &str, extra_groups: &[&str]) -> Result<Self, HardenError> {
        let user = User::from_name(name)
            .map_err(|source| HardenError::Lookup {
                name: name.to_owned(),
                source,
            })?
            .ok_or_else(|| HardenError::NoSuchUser(name.to_owned()))?;
        let mut groups = Vec::new();
        for g in extra_groups {
            let group = Group::from_name(g)
                .map_err(|source| HardenError::Lookup {
                    name: (*g).to_owned(),
                    source,
                })?
                .ok_or_else(|| HardenError::NoSuchGroup((*g).to_owned()))?;
            groups.push(group.gid);
        }
        Ok(Self {
            name: user.name,
            uid: user.uid,
            gid: user.gid,
            groups,
        })
    }
}

/// Fails unless the process runs as root.
pub fn require_root() -> Result<(), HardenError> {
    let uid = Uid::effective();
    if uid.is_root() {
        Ok(())
    } else {
        Err(HardenError::NotRoot(uid.as_raw()))
    }
}

/// Switches to `user`, clears every capability set and makes the process non-dumpable.
pub fn drop_privileges(user: &ServiceUser) -> Result<(), HardenError> {
    // Bounding set first, while CAP_SETPCAP is effective. Capabilities unknown to the
    // running kernel return EINVAL and are absent anyway.
    for cap in caps::all() {
        if let Err(source) = caps::drop(None, CapSet::Bounding, cap) {
            if caps::has_cap(None, CapSet::Bounding, cap).unwrap_or(false) {
                return Err(HardenError::Caps {
                    set: "bounding",
                    source,
                });
            }
        }
    }
    let _ = caps::clear(None, CapSet::Ambient);
    setgroups(&user.groups).map_err(|source| HardenError::Syscall {
        step: "setgroups",
        source,
    })?;
    setresgid(user.gid, user.gid, user.gid).map_err(|source| HardenError::Syscall {
        step: "setresgid",
        source,
    })?;
    setresuid(user.uid, user.uid, user.uid).map_err(|source| HardenError::Syscall {
        step: "setresuid",
        source,
    })?;
    for (set, name) in [
        (CapSet::Inheritable, "inheritable"),
        (CapSet::Effective, "effective"),
        (CapSet::Permitted, "permitted"),
        (CapSet::Ambient, "ambient"),
    ] {
        caps::clear(None, set).map_err(|source| HardenError::Caps { set: name, source })?;
    }
    nix::sys::prctl::set_dumpable(false).map_err(|source| HardenError::Syscall {
        step: "prctl(PR_SET_DUMPABLE)",
        source,
    })?;
    let status = ProcStatus::read_self()
        .map_err(|e| HardenError::StillPrivileged(format!("cannot read /proc/self/status: {e}")))?;
    status.check_unprivileged(user.uid.as_raw())?;
    tracing::info!(user = %user.name, uid = user.uid.as_raw(), gid = user.gid.as_raw(), "dropped privileges");
    Ok(())
}

/// Only the fields of `/proc/<pid>/status` the hardening cares about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcStatus {
    /// Real, effective, saved, filesystem uid.
    pub uid: [u32; 4],
    pub gid: [u32; 4],
    pub groups: Vec<u32>,
    pub cap_inh: u64,
    pub cap_prm: u64,
    pub cap_eff: u64,
    pub cap_bnd: u64,
    pub cap_amb: u64,
    pub no_new_privs: bool,
    /// 0 none, 1 strict, 2 filter.
    pub seccomp: u32,
}

impl ProcStatus {
    /// Reads `/proc/self/status`.
    pub fn read_self() -> std::io::Result<Self> {
        Ok(Self::parse(&std::fs::read_to_string("/proc/self/status")?))
    }

    /// Reads `/proc/<pid>/status`.
    pub fn read_pid(pid: u32) -> std::io::Result<Self> {
        Ok(Self::parse(&std::fs::read_to_string(format!(
            "/proc/{pid}/status"
        ))?))
    }

    /// Parses the text of a status file; unknown or missing fields stay at their default.
    pub fn parse(text: &str) -> Self {
        let mut s = Self::default();
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            let ids = |v: &str| -> [u32; 4] {
                let mut out = [u32::MAX; 4];
                for (slot, n) in out.iter_mut().zip(v.split_whitespace()) {
                    *slot = n.parse().unwrap_or(u32::MAX);
                }
                out
            };
            let hex = |v: &str| u64::from_str_radix(v, 16).unwrap_or(u64::MAX);
            match key {
                "Uid" => s.uid = ids(value),
                "Gid" => s.gid = ids(value),
                "Groups" => {
                    s.groups = value
                        .split_whitespace()
                        .filter_map(|g| g.parse().ok())
                        .collect()
                }
                "CapInh" => s.cap_inh = hex(value),
                "CapPrm" => s.cap_prm = hex(value),
                "CapEff" => s.cap_eff = hex(value),
                "CapBnd" => s.cap_bnd = hex(value),
                "CapAmb" => s.cap_amb = hex(value),
                "NoNewPrivs" => s.no_new_privs = value == "1",
                "Seccomp" => s.seccomp = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        s
    }

    /// Fails unless every uid is `uid` and every capability set is empty.
    pub fn check_unprivileged(&self, uid: u32) -> Result<(), HardenError> {
        let mut problems = Vec::new();
        if self.uid.iter().any(|u| *u != uid) {
            problems.push(format!("uids {:?}", self.uid));
        }
        for (name, v) in [
            ("CapInh", self.cap_inh),
            ("CapPrm", self.cap_prm),
            ("CapEff", self.cap_eff),
            ("CapBnd", self.cap_bnd),
            ("CapAmb", self.cap_amb),
        ] {
            if v != 0 {
                problems.push(format!("{name}={v:016x}"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(HardenError::StillPrivileged(problems.join(", ")))
        }
    }
}

/// Whether a capability is in the effective set (for diagnostics).
pub fn has_effective(cap: Capability) -> bool {
    caps::has_cap(None, CapSet::Effective, cap).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = "Name:\tx\nUid:\t101\t101\t101\t101\nGid:\t102\t102\t102\t102\nGroups:\t103 \n\
CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n\
CapBnd:\t0000000000000000\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\n";

    #[test]
    fn parses_status() {
        let s = ProcStatus::parse(STATUS);
        assert_eq!(s.uid, [101; 4]);
        assert_eq!(s.groups, vec![103]);
        assert!(s.no_new_privs);
        assert_eq!(s.seccomp, 2);
        s.check_unprivileged(101).unwrap();
    }

    #[test]
    fn full_bounding_set_is_reported() {
        let s = ProcStatus::parse(
            &STATUS.replace("CapBnd:\t0000000000000000", "CapBnd:\t000001ffffffffff"),
        );
        let err = s.check_unprivileged(101).unwrap_err().to_string();
        assert!(err.contains("CapBnd=000001ffffffffff"), "{err}");
    }
}
