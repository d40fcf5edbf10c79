//! Every environment variable and well-known path the CLI reads, declared once.

use std::path::PathBuf;

/// The tracing filter, e.g. `LAINOS_LOG=debug` (default `info`).
pub const LAINOS_LOG: &str = "LAINOS_LOG";
/// The distribution profile when `--profile` is not given.
pub const LAINOS_PROFILE: &str = "LAINOS_PROFILE";
/// Where the live system ships its profile.
pub const DEFAULT_PROFILE: &str = "/etc/lainos-installer/profile.yaml";

pub fn default_profile() -> PathBuf {
    std::env::var_os(LAINOS_PROFILE).map_or_else(|| PathBuf::from(DEFAULT_PROFILE), PathBuf::from)
}

/// Logs go to standard error; data to standard output.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env(LAINOS_LOG)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
}
