//! Parser for sd_notify(3) datagrams: newline-separated `KEY=VALUE` assignments.
//!
//! Every documented field is recognised and typed; anything else is kept as
//! [`Field::Other`] (sd_notify lets services send their own `X_` fields) or reported as a
//! [`Problem`]. The parser never fails as a whole: a datagram with one bad line still
//! delivers its good lines, as systemd does.

/// One understood assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// `READY=1`
    Ready,
    /// `RELOADING=1`
    Reloading,
    /// `STOPPING=1`
    Stopping,
    /// `STATUS=…` (free text)
    Status(String),
    /// `NOTIFYACCESS=none|main|exec|all`
    NotifyAccess(String),
    /// `ERRNO=<errno>`
    Errno(u32),
    /// `BUSERROR=<D-Bus error name>`
    BusError(String),
    /// `VARLINKERROR=<error>`
    VarlinkError(String),
    /// `EXIT_STATUS=<number or name>`
    ExitStatus(String),
    /// `MAINPID=<pid>`
    MainPid(u32),
    /// `MAINPIDFDID=<inode>`
    MainPidFdId(u64),
    /// `MONOTONIC_USEC=<usec>` (sent with RELOADING=1)
    MonotonicUsec(u64),
    /// `WATCHDOG=1`
    Watchdog,
    /// `WATCHDOG=trigger`
    WatchdogTrigger,
    /// `WATCHDOG_USEC=<usec>`
    WatchdogUsec(u64),
    /// `EXTEND_TIMEOUT_USEC=<usec>`
    ExtendTimeoutUsec(u64),
    /// `FDSTORE=1` (file descriptors ride along as SCM_RIGHTS)
    FdStore,
    /// `FDSTOREREMOVE=1`
    FdStoreRemove,
    /// `FDNAME=<name>`
    FdName(String),
    /// `FDPOLL=0`
    FdPoll(bool),
    /// `BARRIER=1` (the client waits for its fd to be closed)
    Barrier,
    /// A well-formed assignment with a key sd_notify(3) does not define.
    Other { key: String, value: String },
}

/// A line that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A line without `=`.
    NoAssignment { line: Vec<u8> },
    /// A key with characters outside `A-Z0-9_` or empty.
    BadKey { key: Vec<u8> },
    /// A value that is not UTF-8 or contains NUL.
    BadValue { key: String },
    /// A known key whose value has the wrong form (e.g. `READY=yes`, `MAINPID=abc`).
    Invalid { key: String, value: String },
}

/// A parsed datagram.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notification {
    pub fields: Vec<Field>,
    pub problems: Vec<Problem>,
}

impl Notification {
    /// Whether the datagram asks for fds to be stored.
    pub fn wants_fdstore(&self) -> bool {
        self.fields.contains(&Field::FdStore)
    }
}

/// Longest value kept for free-text fields; longer ones are cut (the datagram itself is
/// already bounded by the receive buffer).
pub const MAX_TEXT: usize = 2048;

fn flag(key: &str, value: &str, field: Field) -> Result<Field, Problem> {
    if value == "1" {
        Ok(field)
    } else {
        Err(Problem::Invalid {
            key: key.to_owned(),
            value: value.to_owned(),
        })
    }
}

fn number<T: std::str::FromStr>(key: &str, value: &str) -> Result<T, Problem> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::Invalid {
            key: key.to_owned(),
            value: value.to_owned(),
        });
    }
    value.parse().map_err(|_| Problem::Invalid {
        key: key.to_owned(),
        value: value.to_owned(),
    })
}

fn text(value: &str) -> String {
    let mut end = value.len().min(MAX_TEXT);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value[..end].to_owned()
}

fn field(key: &str, value: &str) -> Result<Field, Problem> {
    Ok(match key {
        "READY" => flag(key, value, Field::Ready)?,
        "RELOADING" => flag(key, value, Field::Reloading)?,
        "STOPPING" => flag(key, value, Field::Stopping)?,
        "STATUS" => Field::Status(text(value)),
        "NOTIFYACCESS" => match value {
            "none" | "main" | "exec" | "all" => Field::NotifyAccess(value.to_owned()),
            _ => {
                return Err(Problem::Invalid {
                    key: key.to_owned(),
                    value: text(value),
                });
            }
        },
        "ERRNO" => Field::Errno(number(key, value)?),
        "BUSERROR" => Field::BusError(text(value)),
        "VARLINKERROR" => Field::VarlinkError(text(value)),
        "EXIT_STATUS" => Field::ExitStatus(text(value)),
        "MAINPID" => match number::<u32>(key, value)? {
            0 => {
                return Err(Problem::Invalid {
                    key: key.to_owned(),
                    value: value.to_owned(),
                });
            }
            pid => Field::MainPid(pid),
        },
        "MAINPIDFDID" => Field::MainPidFdId(number(key, value)?),
        "MONOTONIC_USEC" => Field::MonotonicUsec(number(key, value)?),
        "WATCHDOG" => match value {
            "1" => Field::Watchdog,
            "trigger" => Field::WatchdogTrigger,
            _ => {
                return Err(Problem::Invalid {
                    key: key.to_owned(),
                    value: text(value),
                });
            }
        },
        "WATCHDOG_USEC" => Field::WatchdogUsec(number(key, value)?),
        "EXTEND_TIMEOUT_USEC" => Field::ExtendTimeoutUsec(number(key, value)?),
        "FDSTORE" => flag(key, value, Field::FdStore)?,
        "FDSTOREREMOVE" => flag(key, value, Field::FdStoreRemove)?,
        "FDNAME" => {
            // sd_notify(3): at most 255 characters, no control characters or ':'.
            if value.len() > 255 || value.chars().any(|c| c.is_control() || c == ':') {
                return Err(Problem::Invalid {
                    key: key.to_owned(),
                    value: text(value),
                });
            }
            Field::FdName(value.to_owned())
        }
        "FDPOLL" => match value {
            "0" => Field::FdPoll(false),
            "1" => Field::FdPoll(true),
            _ => {
                return Err(Problem::Invalid {
                    key: key.to_owned(),
                    value: text(value),
                });
            }
        },
        "BARRIER" => flag(key, value, Field::Barrier)?,
        _ => Field::Other {
            key: key.to_owned(),
            value: text(value),
        },
    })
}

/// Parses one datagram. Empty lines (including the trailing newline libsystemd may
/// send) are ignored.
pub fn parse(datagram: &[u8]) -> Notification {
    let mut out = Notification::default();
    for line in datagram.split(|b| *b == b'\n') {
        if line.is_empty() {
            continue;
        }
        let Some(eq) = line.iter().position(|b| *b == b'=') else {
            out.problems.push(Problem::NoAssignment {
                line: line.iter().copied().take(MAX_TEXT).collect(),
            });
            continue;
        };
        let (key, value) = (&line[..eq], &line[eq + 1..]);
        if key.is_empty()
            || !key
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
        {
            out.problems.push(Problem::BadKey {
                key: key.iter().copied().take(256).collect(),
            });
            continue;
        }
        // The key is ASCII by the check above.
        let key = String::from_utf8_lossy(key).into_owned();
        let value = match std::str::from_utf8(value) {
            Ok(v) if !v.contains('\0') => v,
            _ => {
                out.problems.push(Problem::BadValue { key });
                continue;
            }
        };
        match field(&key, value) {
            Ok(f) => out.fields.push(f),
            Err(p) => out.problems.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libsystemd_ready_with_status() {
        let n = parse(b"READY=1\nSTATUS=Processing requests...\nMAINPID=4711\n");
        assert_eq!(
            n.fields,
            vec![
                Field::Ready,
                Field::Status("Processing requests...".into()),
                Field::MainPid(4711)
            ]
        );
        assert!(n.problems.is_empty());
    }

    #[test]
    fn every_documented_field_is_understood() {
        let n = parse(
            b"RELOADING=1\nMONOTONIC_USEC=123\nSTOPPING=1\nNOTIFYACCESS=main\nERRNO=2\n\
BUSERROR=org.freedesktop.DBus.Error.TimedOut\nVARLINKERROR=io.x.Err\nEXIT_STATUS=3\n\
MAINPIDFDID=99\nWATCHDOG=1\nWATCHDOG=trigger\nWATCHDOG_USEC=20000000\n\
EXTEND_TIMEOUT_USEC=5000000\nFDSTORE=1\nFDSTOREREMOVE=1\nFDNAME=sock\nFDPOLL=0\nBARRIER=1\nX_APP=1",
        );
        assert!(n.problems.is_empty(), "{:?}", n.problems);
        assert_eq!(n.fields.len(), 19);
        assert!(n.fields.contains(&Field::WatchdogTrigger));
        assert!(n.fields.contains(&Field::Other {
            key: "X_APP".into(),
            value: "1".into()
        }));
        assert!(n.wants_fdstore());
    }

    #[test]
    fn malformed_lines_are_reported_and_good_ones_kept() {
        let n = parse(b"garbage\nREADY=yes\nmainpid=3\nMAINPID=abc\nMAINPID=0\nSTATUS=\xff\nERRNO=-1\nREADY=1");
        assert_eq!(n.fields, vec![Field::Ready]);
        assert_eq!(n.problems.len(), 7);
        assert!(matches!(&n.problems[0], Problem::NoAssignment { .. }));
        assert!(matches!(&n.problems[2], Problem::BadKey { .. }));
        assert!(matches!(&n.problems[5], Problem::BadValue { .. }));
    }

    #[test]
    fn status_may_contain_equals_and_is_cut() {
        let n = parse(b"STATUS=a=b");
        assert_eq!(n.fields, vec![Field::Status("a=b".into())]);
        let long = format!("STATUS={}", "é".repeat(MAX_TEXT));
        let n = parse(long.as_bytes());
        let Field::Status(s) = &n.fields[0] else {
            panic!()
        };
        assert!(s.len() <= MAX_TEXT);
    }

    #[test]
    fn fdname_rejects_colons_and_controls() {
        assert_eq!(parse(b"FDNAME=a:b").fields, vec![]);
        assert_eq!(parse(b"FDNAME=a\tb").fields, vec![]);
    }

    #[test]
    fn empty_and_nul_inputs() {
        assert_eq!(parse(b""), Notification::default());
        assert_eq!(parse(b"\n\n").fields.len(), 0);
        assert!(matches!(
            parse(b"STATUS=a\0b").problems[0],
            Problem::BadValue { .. }
        ));
    }
}
