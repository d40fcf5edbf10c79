//! The installer service with the FAKE backend: for GUI screenshots and tests only. It
//! installs nothing. Usage: `lainos-fake-installer-service [--bus-address ADDR]
//! [--session] [--allowed-group GROUP] [--step-ms N]`.

use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use lainos_service::fake::FakeBackend;

#[derive(Debug, Parser)]
#[command(about = "org.lainos.Installer1 with a fake backend (tests only)")]
struct Cli {
    #[command(flatten)]
    service: lainos_service::ServiceArgs,
    /// Milliseconds each fake step takes.
    #[arg(long, default_value_t = 400)]
    step_ms: u64,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LAINOS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let backend = FakeBackend::default().with_step_time(Duration::from_millis(cli.step_ms));
    match lainos_service::run_with(Arc::new(backend), cli.service.bus(), cli.service.options())
        .await
    {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
