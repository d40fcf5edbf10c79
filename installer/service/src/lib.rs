//! `org.lainos.Installer1`: the privileged install service the GUI talks to.
//!
//! The service owns the name on the system bus, lets only root and members of one
//! group (`wheel`) call it, and drives a [`Backend`] (the engine). `Install` runs only
//! the plan that `Plan` returned for the same answers, confirmed by its token; one job
//! runs at a time and can be cancelled. See `lainos_dbus_api` for the interface.
//!
//! The lead's `lainos-install service` subcommand calls [`run`] with the engine's
//! backend; tests use [`fake::FakeBackend`] (feature `fake-backend`).

use std::sync::Arc;

pub mod auth;
pub mod backend;
pub mod error;
#[cfg(feature = "fake-backend")]
pub mod fake;
pub mod interface;

pub use auth::Policy;
pub use backend::{Backend, BackendError};
pub use error::ServiceError;
pub use interface::Installer;
pub use lainos_dbus_api::{BUS_NAME, BusChoice, OBJECT_PATH};

/// Why the service could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot connect to the {bus} or own `{name}`")]
    Connect {
        bus: String,
        name: &'static str,
        #[source]
        source: zbus::Error,
    },
    #[error("cannot wait for termination signals")]
    Signals(#[source] std::io::Error),
}

/// Options of the service besides the backend and the bus.
#[derive(Debug, Clone, Default)]
pub struct ServiceOptions {
    pub policy: Policy,
}

/// Command-line options for a `service` subcommand: flatten into the CLI with
/// `#[command(flatten)]`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServiceArgs {
    /// Serve on this D-Bus address instead of the system bus (tests, private buses).
    #[arg(long, value_name = "ADDRESS")]
    pub bus_address: Option<String>,
    /// Serve on the session bus instead of the system bus.
    #[arg(long, conflicts_with = "bus_address")]
    pub session: bool,
    /// Members of this group may call the service (root always may).
    #[arg(long, value_name = "GROUP", default_value = "wheel")]
    pub allowed_group: String,
}

impl ServiceArgs {
    /// The bus to serve on: the options, else the bus that activated us
    /// (`DBUS_STARTER_ADDRESS`), else the system bus.
    pub fn bus(&self) -> BusChoice {
        match (&self.bus_address, self.session) {
            (Some(a), _) => BusChoice::Address(a.clone()),
            (None, true) => BusChoice::Session,
            (None, false) => match std::env::var("DBUS_STARTER_ADDRESS") {
                Ok(a) if !a.is_empty() => BusChoice::Address(a),
                _ => BusChoice::System,
            },
        }
    }
    pub fn options(&self) -> ServiceOptions {
        ServiceOptions {
            policy: Policy {
                allowed_group: self.allowed_group.clone(),
            },
        }
    }
}

/// Serves `org.lainos.Installer1` on `bus` with the default policy (root and `wheel`)
/// until SIGTERM or SIGINT.
pub async fn run(backend: Arc<dyn Backend>, bus: BusChoice) -> Result<(), RunError> {
    run_with(backend, bus, ServiceOptions::default()).await
}

/// [`run`] with explicit options.
pub async fn run_with(
    backend: Arc<dyn Backend>,
    bus: BusChoice,
    options: ServiceOptions,
) -> Result<(), RunError> {
    let conn = serve(backend, &bus, options).await?;
    wait_for_termination().await?;
    tracing::info!("terminating");
    drop(conn);
    Ok(())
}

/// Exports the object and owns the name; returns the connection, which serves until it
/// is dropped. The name is requested after the object is served, so no call is lost.
pub async fn serve(
    backend: Arc<dyn Backend>,
    bus: &BusChoice,
    options: ServiceOptions,
) -> Result<zbus::Connection, RunError> {
    let err = |source| RunError::Connect {
        bus: bus.to_string(),
        name: BUS_NAME,
        source,
    };
    let installer = Installer::new(backend, options.policy.clone());
    let conn = bus
        .builder()
        .map_err(err)?
        .serve_at(OBJECT_PATH, installer)
        .map_err(err)?
        .name(BUS_NAME)
        .map_err(err)?
        .build()
        .await
        .map_err(err)?;
    tracing::info!(bus = %bus, group = %options.policy.allowed_group, "serving {BUS_NAME}");
    Ok(conn)
}

async fn wait_for_termination() -> Result<(), RunError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(RunError::Signals)?;
    let mut int = signal(SignalKind::interrupt()).map_err(RunError::Signals)?;
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    Ok(())
}

/// Converts `lainos-config` issues into their D-Bus form.
pub fn issues_of(issues: &[lainos_config::Issue]) -> Vec<lainos_dbus_api::IssueDto> {
    issues
        .iter()
        .map(|i| lainos_dbus_api::IssueDto {
            severity: match i.severity {
                lainos_config::Severity::Error => "error".into(),
                lainos_config::Severity::Warning => "warning".into(),
            },
            path: i.path.clone(),
            message: i.message.clone(),
            line: i.location.map(|l| l.line),
            column: i.location.map(|l| l.column),
        })
        .collect()
}
