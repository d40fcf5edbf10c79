//! The service on a real, private `dbus-daemon` with a system-bus-like policy.

mod bus;
mod service;
