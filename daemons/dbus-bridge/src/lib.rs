//! lainos-dbus-bridge: an `org.freedesktop.login1` facade for OpenRC systems.
//!
//! - [`state`]: sessions, users, inhibitors (plain data, no D-Bus);
//! - [`helper`]: the root helper that creates `/run/user/$UID` and powers off, spoken to
//!   over a socketpair; the bus-facing process itself has no privileges;
//! - [`iface`]: the D-Bus objects (thin adapters over the state);
//! - [`paths`]: object paths and label escaping as logind does it;
//! - [`power`]: what this machine can do (`Can*`).

pub mod error;
pub mod helper;
pub mod iface;
pub mod paths;
pub mod power;
pub mod state;
