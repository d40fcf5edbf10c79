//! Object paths, built as logind builds them.

use zbus::zvariant::OwnedObjectPath;

pub const MANAGER: &str = "/org/freedesktop/login1";
pub const BUS_NAME: &str = "org.freedesktop.login1";
pub const SEAT0: &str = "seat0";
/// The LainOS session-registration object.
pub const LAINOS: &str = "/org/lainos/Protocol7";

/// systemd's `bus_label_escape`: every byte outside `[A-Za-z0-9]`, and a leading digit,
/// becomes `_xx` (hex). Session "1" is `_31`; "c2" stays `c2`.
pub fn escape_label(s: &str) -> String {
    if s.is_empty() {
        return "_".to_owned();
    }
    let mut out = String::with_capacity(s.len() * 3);
    for (i, b) in s.bytes().enumerate() {
        if b.is_ascii_alphabetic() || (b.is_ascii_digit() && i > 0) {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
    out
}

fn path(s: String) -> OwnedObjectPath {
    OwnedObjectPath::try_from(s).expect("escaped labels make valid object paths")
}

pub fn session(id: &str) -> OwnedObjectPath {
    path(format!("{MANAGER}/session/{}", escape_label(id)))
}

pub fn user(uid: u32) -> OwnedObjectPath {
    path(format!("{MANAGER}/user/_{uid}"))
}

pub fn seat(id: &str) -> OwnedObjectPath {
    path(format!("{MANAGER}/seat/{}", escape_label(id)))
}

/// The empty path `/` used for "no session" / "no seat" in structs.
pub fn none() -> OwnedObjectPath {
    path("/".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_logind() {
        assert_eq!(session("1").as_str(), "/org/freedesktop/login1/session/_31");
        assert_eq!(
            session("12").as_str(),
            "/org/freedesktop/login1/session/_312"
        );
        assert_eq!(session("c1").as_str(), "/org/freedesktop/login1/session/c1");
        assert_eq!(
            session("auto").as_str(),
            "/org/freedesktop/login1/session/auto"
        );
        assert_eq!(user(1000).as_str(), "/org/freedesktop/login1/user/_1000");
        assert_eq!(seat("seat0").as_str(), "/org/freedesktop/login1/seat/seat0");
        assert_eq!(escape_label("a-b"), "a_2db");
    }
}
