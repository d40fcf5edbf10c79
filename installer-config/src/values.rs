//! Validated value types. Each one deserializes through its constructor, so a bad value
//! fails inside serde with the path of the field (cargo's `str_newtype!` pattern).

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Implements `Deserialize` (through `FromStr`), `Serialize` (through `Display`) and a
/// string JSON Schema with a description for a validated string type.
macro_rules! string_value {
    ($ty:ident, $desc:literal) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": $desc })
            }
        }
    };
}

/// Quotes a user-supplied value for a message, shortened so a huge value cannot flood
/// the output.
pub(crate) fn quoted(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("{:?}", format!("{cut}…"))
    } else {
        format!("{s:?}")
    }
}

// ---------------------------------------------------------------------------------------
// Size

/// A size with a binary unit (`512MiB`, `2GiB`) or `100%` for "the rest".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Size {
    Bytes(u64),
    /// The rest of the free space.
    Rest,
}

impl Size {
    pub const KIB: u64 = 1024;
    pub const MIB: u64 = 1024 * 1024;
    pub const GIB: u64 = 1024 * 1024 * 1024;

    pub fn bytes(self) -> Option<u64> {
        match self {
            Size::Bytes(b) => Some(b),
            Size::Rest => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error("{0} has no unit; write it with a binary unit such as `512MiB` or `2GiB`")]
    NoUnit(String),
    #[error("{value} uses the decimal unit `{unit}`; use the binary unit `{binary}` instead")]
    DecimalUnit {
        value: String,
        unit: String,
        binary: &'static str,
    },
    #[error("{0} is negative; a size must be positive")]
    Negative(String),
    #[error(
        "{0} is not a size; write a whole number with a binary unit (B, KiB, MiB, GiB, TiB) or `100%`"
    )]
    Invalid(String),
    #[error("{0} is too large")]
    TooLarge(String),
    #[error("{0} is zero; a size must be positive")]
    Zero(String),
}

impl FromStr for Size {
    type Err = SizeError;
    fn from_str(raw: &str) -> Result<Self, SizeError> {
        let s = raw.trim();
        let q = quoted(raw);
        if s == "100%" {
            return Ok(Size::Rest);
        }
        if s.starts_with('-') {
            return Err(SizeError::Negative(q));
        }
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (num, unit) = s.split_at(split);
        if num.is_empty() {
            return Err(SizeError::Invalid(q));
        }
        let unit = unit.trim();
        let mult = match unit {
            "" => return Err(SizeError::NoUnit(q)),
            "B" => 1,
            "KiB" => Size::KIB,
            "MiB" => Size::MIB,
            "GiB" => Size::GIB,
            "TiB" => Size::GIB * 1024,
            "K" | "k" | "KB" | "kB" => return Err(decimal(q, unit, "KiB")),
            "M" | "MB" => return Err(decimal(q, unit, "MiB")),
            "G" | "GB" => return Err(decimal(q, unit, "GiB")),
            "T" | "TB" => return Err(decimal(q, unit, "TiB")),
            _ => return Err(SizeError::Invalid(q)),
        };
        let n: u64 = num.parse().map_err(|_| SizeError::TooLarge(q.clone()))?;
        if n == 0 {
            return Err(SizeError::Zero(q));
        }
        n.checked_mul(mult)
            .map(Size::Bytes)
            .ok_or(SizeError::TooLarge(q))
    }
}

fn decimal(value: String, unit: &str, binary: &'static str) -> SizeError {
    SizeError::DecimalUnit {
        value,
        unit: unit.to_string(),
        binary,
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Size::Rest => f.write_str("100%"),
            Size::Bytes(b) => {
                for (unit, m) in [
                    ("TiB", Size::GIB * 1024),
                    ("GiB", Size::GIB),
                    ("MiB", Size::MIB),
                    ("KiB", Size::KIB),
                ] {
                    if b % m == 0 {
                        return write!(f, "{}{unit}", b / m);
                    }
                }
                write!(f, "{b}B")
            }
        }
    }
}
string_value!(
    Size,
    "A size with a binary unit (B, KiB, MiB, GiB, TiB), e.g. `512MiB`; `100%` means the rest"
);

/// Formats a byte count for people: `1.5 GiB`.
pub fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b as f64;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}

// ---------------------------------------------------------------------------------------
// Duration

/// A duration: `30s`, `5m`, `1h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration(pub std::time::Duration);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a duration; write a whole number with `s`, `m` or `h`, such as `30s` or `5m`")]
pub struct DurationError(String);

impl FromStr for Duration {
    type Err = DurationError;
    fn from_str(raw: &str) -> Result<Self, DurationError> {
        let s = raw.trim();
        let err = || DurationError(quoted(raw));
        let (num, mult) = if let Some(n) = s.strip_suffix('s') {
            (n, 1)
        } else if let Some(n) = s.strip_suffix('m') {
            (n, 60)
        } else if let Some(n) = s.strip_suffix('h') {
            (n, 3600)
        } else {
            return Err(err());
        };
        if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let n: u64 = num.parse().map_err(|_| err())?;
        let secs = n.checked_mul(mult).filter(|&v| v > 0).ok_or_else(err)?;
        Ok(Duration(std::time::Duration::from_secs(secs)))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.as_secs();
        if s % 3600 == 0 {
            write!(f, "{}h", s / 3600)
        } else if s % 60 == 0 {
            write!(f, "{}m", s / 60)
        } else {
            write!(f, "{s}s")
        }
    }
}
string_value!(
    Duration,
    "A duration: a whole number with `s`, `m` or `h`, e.g. `30s`"
);

// ---------------------------------------------------------------------------------------
// Names

/// A host name: one RFC 1123 label, 1–63 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hostname(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0} is not a valid host name (1 to 63 letters, digits and '-', not starting or ending with '-')"
)]
pub struct HostnameError(String);

impl FromStr for Hostname {
    type Err = HostnameError;
    fn from_str(s: &str) -> Result<Self, HostnameError> {
        let ok = !s.is_empty()
            && s.len() <= 63
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok {
            Ok(Hostname(s.to_string()))
        } else {
            Err(HostnameError(quoted(s)))
        }
    }
}

/// A POSIX user name: `[a-z_][a-z0-9_-]{0,31}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0} is not a valid user name (lower case letters, digits, '_' and '-', starting with a letter or '_', at most 32 characters)"
)]
pub struct UsernameError(String);

fn is_posix_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && (b[0].is_ascii_lowercase() || b[0] == b'_')
        && b[1..]
            .iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'-')
}

impl FromStr for Username {
    type Err = UsernameError;
    fn from_str(s: &str) -> Result<Self, UsernameError> {
        if is_posix_name(s) {
            Ok(Username(s.to_string()))
        } else {
            Err(UsernameError(quoted(s)))
        }
    }
}

/// A group name, with the same rules as a user name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0} is not a valid group name (lower case letters, digits, '_' and '-', starting with a letter or '_')"
)]
pub struct GroupNameError(String);

impl FromStr for GroupName {
    type Err = GroupNameError;
    fn from_str(s: &str) -> Result<Self, GroupNameError> {
        if is_posix_name(s) {
            Ok(GroupName(s.to_string()))
        } else {
            Err(GroupNameError(quoted(s)))
        }
    }
}

/// An OpenRC service name: a file name in `/etc/init.d`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a valid service name (letters, digits, '.', '_' and '-')")]
pub struct ServiceNameError(String);

impl FromStr for ServiceName {
    type Err = ServiceNameError;
    fn from_str(s: &str) -> Result<Self, ServiceNameError> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && !s.starts_with('.')
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if ok {
            Ok(ServiceName(s.to_string()))
        } else {
            Err(ServiceNameError(quoted(s)))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Locale, time zone, keyboard: checked against lists generated from glibc's SUPPORTED,
// tzdata and xkb-data, so `validate` gives the same answer on any machine.

static LOCALES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("../data/locales.txt")
        .lines()
        .filter_map(|l| l.split_once(' '))
        .collect()
});
static TIMEZONES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| include_str!("../data/timezones.txt").lines().collect());
static XKB_LAYOUTS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| include_str!("../data/xkb-layouts.txt").lines().collect());
static XKB_VARIANTS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("../data/xkb-variants.txt")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .collect()
});

/// A glibc locale from the SUPPORTED list, such as `en_US.UTF-8`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Locale {
    name: String,
    charset: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a supported glibc locale (for example `en_US.UTF-8`)")]
pub struct LocaleError(String);

impl Locale {
    /// The charset glibc pairs with this locale, for `/etc/locale.gen`.
    pub fn charset(&self) -> &str {
        self.charset
    }
    /// The line for `/etc/locale.gen`: `en_US.UTF-8 UTF-8`.
    pub fn locale_gen_line(&self) -> String {
        format!("{} {}", self.name, self.charset)
    }
    /// Every supported locale name, for pickers.
    pub fn all() -> impl Iterator<Item = &'static str> {
        LOCALES.iter().map(|(n, _)| *n)
    }
}

impl FromStr for Locale {
    type Err = LocaleError;
    fn from_str(s: &str) -> Result<Self, LocaleError> {
        // `en_US.utf8` is a common spelling of `en_US.UTF-8`.
        let norm = match s.split_once('.') {
            Some((base, cs)) if cs.eq_ignore_ascii_case("utf8") || cs == "utf-8" => {
                format!("{base}.UTF-8")
            }
            _ => s.to_string(),
        };
        LOCALES
            .iter()
            .find(|(n, _)| *n == norm)
            .map(|(n, cs)| Locale {
                name: (*n).to_string(),
                charset: cs,
            })
            .ok_or_else(|| LocaleError(quoted(s)))
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// An IANA time zone name such as `Europe/Zurich`, or `UTC`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timezone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not an IANA time zone name (for example `Europe/Zurich` or `UTC`)")]
pub struct TimezoneError(String);

impl Timezone {
    pub fn all() -> impl Iterator<Item = &'static str> {
        TIMEZONES.iter().copied()
    }
}

impl FromStr for Timezone {
    type Err = TimezoneError;
    fn from_str(s: &str) -> Result<Self, TimezoneError> {
        if TIMEZONES.binary_search(&s).is_ok() {
            Ok(Timezone(s.to_string()))
        } else {
            Err(TimezoneError(quoted(s)))
        }
    }
}

/// An XKB layout name (`us`, `ch`, `de`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct XkbLayout(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not an XKB keyboard layout (for example `us`, `de` or `ch`)")]
pub struct XkbLayoutError(String);

impl XkbLayout {
    pub fn all() -> impl Iterator<Item = &'static str> {
        XKB_LAYOUTS.iter().copied()
    }
    /// The variants XKB knows for this layout.
    pub fn variants(&self) -> impl Iterator<Item = &'static str> + '_ {
        XKB_VARIANTS
            .iter()
            .filter(move |(l, _)| *l == self.0)
            .map(|(_, v)| *v)
    }
    pub fn has_variant(&self, v: &str) -> bool {
        self.variants().any(|x| x == v)
    }
}

impl FromStr for XkbLayout {
    type Err = XkbLayoutError;
    fn from_str(s: &str) -> Result<Self, XkbLayoutError> {
        if XKB_LAYOUTS.binary_search(&s).is_ok() {
            Ok(XkbLayout(s.to_string()))
        } else {
            Err(XkbLayoutError(quoted(s)))
        }
    }
}

/// A kbd console keymap name (`us`, `de-latin1`, `fr_CH`), or `auto`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum ConsoleKeymap {
    #[default]
    Auto,
    Name(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a console keymap name (letters, digits, '-', '_' and '.', or `auto`)")]
pub struct ConsoleKeymapError(String);

impl FromStr for ConsoleKeymap {
    type Err = ConsoleKeymapError;
    fn from_str(s: &str) -> Result<Self, ConsoleKeymapError> {
        if s == "auto" {
            return Ok(ConsoleKeymap::Auto);
        }
        let ok = !s.is_empty()
            && s.len() <= 64
            && !s.starts_with(['-', '.'])
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if ok {
            Ok(ConsoleKeymap::Name(s.to_string()))
        } else {
            Err(ConsoleKeymapError(quoted(s)))
        }
    }
}

impl fmt::Display for ConsoleKeymap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsoleKeymap::Auto => f.write_str("auto"),
            ConsoleKeymap::Name(n) => f.write_str(n),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Checksum

/// How the squashfs is checked: `auto` (the profile's `.sha512` file), `skip`, or an
/// explicit `sha512:<128 hex digits>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Checksum {
    #[default]
    Auto,
    Skip,
    Sha512([u8; 64]),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0} is not a checksum; write `auto`, `skip` or `sha512:` followed by 128 hexadecimal digits"
)]
pub struct ChecksumError(String);

/// Parses 128 hex digits into a SHA-512 digest.
pub fn parse_sha512_hex(hex: &str) -> Option<[u8; 64]> {
    let hex = hex.trim();
    if hex.len() != 128 {
        return None;
    }
    let mut out = [0u8; 64];
    for (i, chunk) in hex.as_bytes().chunks(2).enumerate() {
        let s = std::str::from_utf8(chunk).ok()?;
        out[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(out)
}

/// Lower-case hex of a digest.
pub fn to_hex(bytes: &[u8]) -> String {
    use fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

impl FromStr for Checksum {
    type Err = ChecksumError;
    fn from_str(s: &str) -> Result<Self, ChecksumError> {
        match s {
            "auto" => Ok(Checksum::Auto),
            "skip" => Ok(Checksum::Skip),
            _ => s
                .strip_prefix("sha512:")
                .and_then(parse_sha512_hex)
                .map(Checksum::Sha512)
                .ok_or_else(|| ChecksumError(quoted(s))),
        }
    }
}

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Checksum::Auto => f.write_str("auto"),
            Checksum::Skip => f.write_str("skip"),
            Checksum::Sha512(d) => write!(f, "sha512:{}", to_hex(d)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Secrets

/// A clear-text secret (a password or passphrase). Its `Debug` and `Display` never show
/// the value, and it serializes as the value only through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Saving an answer file keeps the secret: the GUI writes the file with mode 0600.
        s.serialize_str(&self.0)
    }
}

impl JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A clear-text secret; accepted with a warning, never logged"
        })
    }
}

/// A crypt(3) password hash such as `$6$salt$…` or `$y$…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "this is not a crypt(3) password hash (it must start with `$y$`, `$6$`, `$5$`, `$2b$` or `$gy$`; make one with `mkpasswd -m yescrypt` or `openssl passwd -6`)"
)]
pub struct PasswordHashError;

impl PasswordHash {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PasswordHash {
    type Err = PasswordHashError;
    fn from_str(s: &str) -> Result<Self, PasswordHashError> {
        // Never echo the value: a user may have pasted a password here by mistake.
        let prefix_ok = ["$y$", "$gy$", "$6$", "$5$", "$2b$", "$2y$"]
            .iter()
            .any(|p| s.starts_with(p));
        let charset_ok = s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'$' | b'.' | b'/' | b'=' | b','));
        if prefix_ok && charset_ok && s.len() >= 20 && s.len() <= 512 && !s.contains(':') {
            Ok(PasswordHash(s.to_string()))
        } else {
            Err(PasswordHashError)
        }
    }
}

impl fmt::Display for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_value!(Hostname, "An RFC 1123 host name label, 1–63 characters");
string_value!(Username, "A POSIX user name: [a-z_][a-z0-9_-]{0,31}");
string_value!(GroupName, "A POSIX group name");
string_value!(ServiceName, "An OpenRC service (a script in /etc/init.d)");
string_value!(
    Locale,
    "A glibc locale from the SUPPORTED list, e.g. en_US.UTF-8"
);
string_value!(Timezone, "An IANA time zone name, e.g. Europe/Zurich");
string_value!(XkbLayout, "An XKB layout, e.g. us, de, ch");
string_value!(ConsoleKeymap, "`auto` or a kbd console keymap name");
string_value!(Checksum, "auto | skip | sha512:<128 hex digits>");
string_value!(PasswordHash, "A crypt(3) hash, e.g. $6$… or $y$…");

macro_rules! display_inner {
    ($($ty:ident),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl $ty {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    )*};
}
display_inner!(
    Hostname,
    Username,
    GroupName,
    ServiceName,
    Timezone,
    XkbLayout
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!("512MiB".parse::<Size>(), Ok(Size::Bytes(512 * Size::MIB)));
        assert_eq!("2GiB".parse::<Size>(), Ok(Size::Bytes(2 * Size::GIB)));
        assert_eq!("100%".parse::<Size>(), Ok(Size::Rest));
        assert_eq!(Size::Bytes(3 * Size::GIB).to_string(), "3GiB");
        let e = "2GB".parse::<Size>().unwrap_err().to_string();
        assert!(
            e.contains("decimal unit `GB`") && e.contains("`GiB`"),
            "{e}"
        );
        let e = "2048".parse::<Size>().unwrap_err().to_string();
        assert!(e.contains("no unit"), "{e}");
        assert!(
            "-1GiB"
                .parse::<Size>()
                .unwrap_err()
                .to_string()
                .contains("negative")
        );
        assert!("0MiB".parse::<Size>().is_err());
        assert!("99999999999999999999TiB".parse::<Size>().is_err());
        assert!("1.5GiB".parse::<Size>().is_err());
    }

    #[test]
    fn durations() {
        assert_eq!("30s".parse::<Duration>().unwrap().0.as_secs(), 30);
        assert_eq!("5m".parse::<Duration>().unwrap().0.as_secs(), 300);
        assert!("5".parse::<Duration>().is_err());
        assert!("0s".parse::<Duration>().is_err());
        assert!("-5s".parse::<Duration>().is_err());
    }

    #[test]
    fn names() {
        assert!("lain".parse::<Username>().is_ok());
        assert!("_x-1".parse::<Username>().is_ok());
        assert!("Lain".parse::<Username>().is_err());
        assert!("1abc".parse::<Username>().is_err());
        assert!("a".repeat(33).parse::<Username>().is_err());
        assert!("wired-01".parse::<Hostname>().is_ok());
        assert!("-x".parse::<Hostname>().is_err());
        assert!("a.b".parse::<Hostname>().is_err());
        assert!("a".repeat(64).parse::<Hostname>().is_err());
    }

    #[test]
    fn lists() {
        assert!("en_US.UTF-8".parse::<Locale>().is_ok());
        assert_eq!(
            "de_CH.utf8".parse::<Locale>().unwrap().to_string(),
            "de_CH.UTF-8"
        );
        assert_eq!(
            "de_CH.UTF-8".parse::<Locale>().unwrap().locale_gen_line(),
            "de_CH.UTF-8 UTF-8"
        );
        assert!("xx_YY.UTF-8".parse::<Locale>().is_err());
        assert!("Europe/Zurich".parse::<Timezone>().is_ok());
        assert!("UTC".parse::<Timezone>().is_ok());
        assert!("Mars/Olympus".parse::<Timezone>().is_err());
        let ch: XkbLayout = "ch".parse().unwrap();
        assert!(ch.has_variant("fr_nodeadkeys"));
        assert!(!ch.has_variant("nope"));
    }

    #[test]
    fn checksum() {
        let hex = "ab".repeat(64);
        assert!(matches!(
            format!("sha512:{hex}").parse(),
            Ok(Checksum::Sha512(_))
        ));
        assert!("sha512:abc".parse::<Checksum>().is_err());
        assert!("md5:00".parse::<Checksum>().is_err());
    }

    #[test]
    fn secrets_do_not_leak_through_debug() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        let e = "hunter2".parse::<PasswordHash>().unwrap_err().to_string();
        assert!(!e.contains("hunter2"));
    }
}
