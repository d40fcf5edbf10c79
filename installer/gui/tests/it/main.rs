//! The GUI without a window: translations, branding, and the screen state machine.

mod app;
mod i18n;
mod keys;
mod manual;
mod plan_text;
mod setup;
mod storage;

use std::path::PathBuf;
use std::sync::Arc;

use lainos_installer::app::{App, Config};
use lainos_installer::branding::Branding;
use lainos_installer::i18n::Catalog;

pub fn branding_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../branding/lainos")
}

pub fn config(lang: &str) -> Config {
    let branding = Branding::load(&branding_dir()).expect("branding loads");
    let codes: Vec<&str> = branding.languages.iter().map(|l| l.code.as_str()).collect();
    let catalog = Catalog::load(&branding.locales_dir(), &codes).expect("catalogs load");
    Config {
        bus: lainos_dbus_api::BusChoice::Session,
        branding: Arc::new(branding),
        catalog: Arc::new(catalog),
        lang: lang.into(),
        save_path: std::env::temp_dir().join("unused.yaml"),
        goto: None,
        goto_disk: None,
        goto_manual: false,
        goto_alongside: false,
        benchmark: None,
        setup: None,
    }
}

pub fn app(lang: &str) -> App {
    App::new(config(lang))
}
