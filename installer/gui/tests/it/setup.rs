//! Setup mode (first boot of an OEM install): the pages it shows, and the answer file
//! it writes, read back through lainos-firstboot's own answer checking.

use std::path::Path;

use lainos_config::firstboot::OemConfig;
use lainos_engine::cmd::RealRunner;
use lainos_firstboot::answers::AnswerText;
use lainos_firstboot::setup::AnswerSource;
use lainos_firstboot::sys::System;
use lainos_installer::app::{App, Message, Page};
use lainos_installer::screen::{users, welcome};
use lainos_installer::setup::{SetupMode, write_answers};

use crate::config;

const PASSWORD: &str = "Wired-7-protocol";

fn setup_app(lang: &str, out: &Path) -> App {
    let mut c = config(lang);
    c.setup = Some(SetupMode::new(out.to_path_buf(), false));
    App::new(c)
}

fn send(app: &mut App, m: Message) {
    let _ = app.update(m);
}

fn fill_users(app: &mut App) {
    for m in [
        users::Message::FullName("Lain Iwakura".into()),
        users::Message::Password(PASSWORD.into()),
        users::Message::PasswordConfirm(PASSWORD.into()),
    ] {
        send(app, Message::Users(m));
    }
}

#[test]
fn setup_mode_shows_no_disk_page_and_needs_no_service() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = setup_app("en", &dir.path().join("a.yaml"));
    assert_eq!(a.pages(), &Page::SETUP);
    assert!(!a.pages().contains(&Page::Disk));
    assert!(!a.pages().contains(&Page::Install));
    // No probe: Welcome may be left at once.
    assert!(a.can_advance());
    let mut seen = vec![a.page];
    while a.page != Page::Users {
        send(&mut a, Message::Next);
        seen.push(a.page);
    }
    assert_eq!(
        seen,
        [Page::Welcome, Page::Location, Page::Keyboard, Page::Users]
    );
    // The form explains what is missing instead of moving on.
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Users);
    assert!(a.users.show_errors);
    fill_users(&mut a);
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Summary);
    assert!(a.can_advance());
    send(&mut a, Message::Back);
    assert_eq!(a.page, Page::Users);
    send(&mut a, Message::Back);
    assert_eq!(a.page, Page::Keyboard);
}

#[test]
fn the_setup_user_is_always_an_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = setup_app("en", &dir.path().join("a.yaml"));
    send(&mut a, Message::Users(users::Message::Admin(false)));
    assert!(a.users.admin);
}

#[test]
fn confirming_the_summary_starts_writing_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = setup_app("en", &dir.path().join("a.yaml"));
    a.page = Page::Users;
    fill_users(&mut a);
    send(&mut a, Message::Next);
    send(&mut a, Message::Next);
    assert!(a.finishing);
    assert_eq!(a.page, Page::Summary);
    // While the file is written, neither Finish nor Back does anything.
    assert!(!a.can_advance());
    send(&mut a, Message::Back);
    assert_eq!(a.page, Page::Summary);
}

#[test]
fn a_failed_write_is_shown_and_may_be_retried() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = setup_app("en", &dir.path().join("a.yaml"));
    a.page = Page::Summary;
    a.finishing = true;
    let err = write_answers(&dir.path().join("no/such/dir.yaml"), &a.draft()).unwrap_err();
    send(&mut a, Message::SetupWritten(Err(err)));
    assert!(!a.finishing);
    assert!(a.can_advance());
    let notice = a.notice.clone().unwrap();
    assert!(notice.contains("no/such/dir"), "{notice}");
}

fn oem_root() -> (tempfile::TempDir, OemConfig) {
    let root = tempfile::tempdir().unwrap();
    let w = |p: &str, t: &str| {
        let f = root.path().join(p.trim_start_matches('/'));
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, t).unwrap();
    };
    w("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
    w("/etc/group", "root:x:0:\nwheel:x:998:\n");
    w("/usr/share/zoneinfo/Europe/Berlin", "TZif");
    w("/usr/share/zoneinfo/UTC", "TZif");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/profiles/debian-openrc.yaml"),
    )
    .unwrap();
    let profile = lainos_config::parse_profile(&text).value.unwrap();
    (root, OemConfig::from_profile(&profile, "batch-7"))
}

#[test]
fn what_setup_writes_is_accepted_by_lainos_firstboot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gui-answers.yaml");
    let mut a = setup_app("de", &out);
    send(
        &mut a,
        Message::Welcome(welcome::Message::Language("de".into())),
    );
    a.page = Page::Users;
    fill_users(&mut a);
    write_answers(&out, &a.draft()).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains(PASSWORD), "{text}");

    let (root, cfg) = oem_root();
    let runner = RealRunner::new();
    let sys = System::new(root.path(), &runner);
    let mut source = AnswerText {
        name: out.display().to_string(),
        text,
    };
    let staged = source.collect(&sys, &cfg).unwrap();
    assert_eq!(staged.language, "de_DE.UTF-8");
    assert_eq!(staged.timezone, "Europe/Berlin");
    assert_eq!(staged.keyboard_layout, "de");
    assert_eq!(staged.hostname, "lain-lainos");
    assert_eq!(staged.users.len(), 1);
    let u = &staged.users[0];
    assert_eq!(u.name, "lain");
    assert_eq!(u.full_name, "Lain Iwakura");
    assert!(u.admin);
    assert!(u.password_hash.starts_with("$6$"));
    assert_eq!(staged.root_password_hash, None);
}

#[test]
fn a_name_taken_on_the_system_is_refused_by_the_same_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gui-answers.yaml");
    let mut a = setup_app("en", &out);
    a.page = Page::Users;
    fill_users(&mut a);
    send(&mut a, Message::Users(users::Message::Name("root".into())));
    write_answers(&out, &a.draft()).unwrap();
    let (root, cfg) = oem_root();
    let runner = RealRunner::new();
    let sys = System::new(root.path(), &runner);
    let mut source = AnswerText {
        name: "gui".into(),
        text: std::fs::read_to_string(&out).unwrap(),
    };
    let e = source.collect(&sys, &cfg).unwrap_err().to_string();
    assert!(e.contains("users[0].name"), "{e}");
}

#[test]
fn every_setup_page_renders_in_every_language() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [
        "en", "de", "fr", "es", "it", "pt-BR", "pl", "ru", "ja", "zh-CN", "ar",
    ] {
        let mut a = setup_app(lang, &dir.path().join("a.yaml"));
        fill_users(&mut a);
        for &page in Page::SETUP.iter() {
            a.page = page;
            let _ = a.view();
        }
        for id in [
            "setup-app-title",
            "setup-welcome-body",
            "setup-summary-title",
            "nav-finish",
        ] {
            assert_ne!(a.tr.t(id), id, "{lang}: {id}");
        }
    }
}
