//! The `tracing` subscriber installed by every Protocol 7 binary.

use tracing_subscriber::EnvFilter;

/// Environment variable holding the log filter (`info` when unset), e.g.
/// `LAINOS_P7_LOG=debug`.
pub const LOG_ENV: &str = "LAINOS_P7_LOG";

/// Installs a stderr subscriber filtered by [`LOG_ENV`]. OpenRC's `output_log`/
/// `error_log` or syslog (through [`crate::syslog`]) keep what the daemon says.
pub fn init() {
    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
