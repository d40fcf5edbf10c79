//! First-boot setup of preloaded (OEM) systems, and `prepare-shipping` for the factory.
//!
//! An OEM install (`oem.enabled: true`) leaves no user, the batch and the profile's
//! facts in `/etc/lainos/oem.yaml`, an armed journal in
//! `/var/lib/lainos/firstboot/state.json`, and the OpenRC service `lainos-firstboot`
//! enabled. At first boot the service runs `lainos-firstboot run`, which walks the
//! steps of [`state::Step`] — growing the root to the whole disk ([`grow`]), answers, users, passwords, groups and doas, host name,
//! locale, keyboard and time zone, machine-id and SSH host keys — writing the journal
//! after each, and finally disables itself. The answers come from an answer file, the
//! graphical installer in setup mode ([`gui`]), or a dialogue on the console.

pub mod answers;
pub mod grow;
pub mod gui;
pub mod setup;
pub mod shipping;
pub mod state;
pub mod sys;
