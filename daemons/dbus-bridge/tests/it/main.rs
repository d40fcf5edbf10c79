//! The bridge on a real `dbus-daemon` with a system-bus policy, driven by the real
//! clients `busctl` and `loginctl` and by zbus clients. Needs root (privilege drop,
//! users, `/run/user`), the system users `lainos-login1`, and the test users `p7-alice`
//! and `p7-bob` (created by `tests/setup.sh`). Fails, never skips, without them.

mod harness;
mod inhibit;
mod power;
mod sessions;
mod surface;
