//! Shared pieces of the Protocol 7 daemons.
//!
//! - [`harden`]: privilege drop to a dedicated user, capability clearing, seccomp filters;
//! - [`syslog`]: a minimal RFC 3164 client for `/dev/log` (no libc `syslog()`);
//! - [`sanitize`]: neutralising control characters before anything reaches a log;
//! - [`machine_id`]: validation, generation and atomic installation of `/etc/machine-id`;
//! - [`logging`]: the `tracing` subscriber every binary installs.

pub mod harden;
pub mod logging;
pub mod machine_id;
pub mod sanitize;
pub mod seccomp;
pub mod syslog;
