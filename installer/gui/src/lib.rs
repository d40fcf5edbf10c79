//! `lainos-installer`: the LainOS graphical installer, an unprivileged iced client of
//! the `org.lainos.Installer1` service. It never touches a disk: it builds an answer
//! document from its pages, asks the service for the plan, shows it, and after an
//! explicit confirmation asks the service to run exactly that plan. In setup mode
//! (first boot of an OEM install, [`setup`]) it asks only for the language, location,
//! keyboard and first user, without any service, and writes a first-boot answer file.

pub mod answers;
pub mod app;
pub mod branding;
pub mod focus;
pub mod i18n;
pub mod keys;
pub mod plan_text;
pub mod screen;
pub mod secret;
pub mod setup;
