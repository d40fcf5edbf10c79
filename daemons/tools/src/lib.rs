//! One-shot Protocol 7 tools.
//!
//! - [`ghost`]: the `/run/systemd` directories, with `/run/systemd/system` only on
//!   request (it makes `sd_booted()` true);
//! - [`cgroup`]: cgroup v2 controller delegation to `user.slice`;
//! - [`session`]: the environment and compositor choice of `lainos-init`.

pub mod cgroup;
pub mod ghost;
pub mod session;
