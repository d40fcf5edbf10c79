//! `lainos-installer`: the LainOS graphical installer, an unprivileged iced client of
//! the `org.lainos.Installer1` service. It never touches a disk: it builds an answer
//! document from its pages, asks the service for the plan, shows it, and after an
//! explicit confirmation asks the service to run exactly that plan.

pub mod answers;
pub mod app;
pub mod branding;
pub mod i18n;
pub mod keys;
pub mod plan_text;
pub mod screen;
