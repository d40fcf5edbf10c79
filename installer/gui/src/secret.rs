//! Text typed into a password or passphrase field. Its `Debug` never shows it, so a
//! page's state or message logged with `{:?}` (tracing, a panic, a test failure) does
//! not leak it.

use std::ops::Deref;

/// A password or passphrase as typed.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "Secret(<empty>)"
        } else {
            "Secret(<hidden>)"
        })
    }
}

impl Deref for Secret {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_text() {
        let s = Secret::from("wired-Protocol-7");
        assert_eq!(format!("{s:?}"), "Secret(<hidden>)");
        assert_eq!(format!("{:?}", Secret::default()), "Secret(<empty>)");
        assert_eq!(&*s, "wired-Protocol-7");
    }
}
