use lainos_dbus_api::{DiskDto, IssueDto, IssuesDto, PlanDto, ProbeDto};
use lainos_installer::answers::{self, password_strength};
use lainos_installer::app::{App, InstallEvent, Message, Page};
use lainos_installer::screen::done::Outcome;
use lainos_installer::screen::{disk, install, summary, users, welcome};

use crate::app;

fn probe() -> ProbeDto {
    ProbeDto {
        firmware: "uefi".into(),
        ram_bytes: 4 << 30,
        disks: vec![
            DiskDto {
                path: "/dev/sr0".into(),
                size_bytes: 1 << 30,
                in_use: true,
                ..DiskDto::default()
            },
            DiskDto {
                path: "/dev/vda".into(),
                model: "QEMU HARDDISK".into(),
                size_bytes: 32 << 30,
                ..DiskDto::default()
            },
        ],
        live_medium: Some("/dev/sr0".into()),
        on_battery: Some(false),
    }
}

fn plan() -> PlanDto {
    PlanDto {
        plan: serde_json::json!({"fake": true}),
        summary: vec!["Partition /dev/vda".into()],
        destructive: vec!["Erase every partition on /dev/vda".into()],
        issues: vec![],
        confirm_token: "t".repeat(64),
    }
}

fn send(app: &mut App, m: Message) {
    let _ = app.update(m);
}

fn fill_users(app: &mut App) {
    for m in [
        users::Message::FullName("Lain Iwakura".into()),
        users::Message::Password("Wired-7-protocol".into()),
        users::Message::PasswordConfirm("Wired-7-protocol".into()),
    ] {
        send(app, Message::Users(m));
    }
}

/// Walks to the summary page with a plan shown.
fn at_summary() -> App {
    let mut a = app("en");
    send(&mut a, Message::Probed(Ok(probe())));
    for _ in 0..3 {
        send(&mut a, Message::Next);
    }
    assert_eq!(a.page, Page::Disk);
    send(&mut a, Message::Next);
    fill_users(&mut a);
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Summary);
    send(&mut a, Message::Planned(Ok(plan())));
    a
}

#[test]
fn welcome_waits_for_the_probe() {
    let mut a = app("en");
    assert!(!a.can_advance());
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Welcome);
    send(&mut a, Message::Probed(Ok(probe())));
    assert!(a.can_advance());
    // The first usable disk is preselected, never the live medium.
    assert_eq!(a.disk.disk.as_deref(), Some("/dev/vda"));
}

#[test]
fn switching_language_switches_everything_at_once() {
    let mut a = app("en");
    assert_eq!(a.tr.t("nav-next"), "Next");
    assert_eq!(a.location.timezone, "UTC");
    send(
        &mut a,
        Message::Welcome(welcome::Message::Language("de".into())),
    );
    assert_eq!(a.tr.t("nav-next"), "Weiter");
    assert_eq!(a.title(), "LainOS-Installationsprogramm");
    assert_eq!(a.location.timezone, "Europe/Berlin");
    assert_eq!(a.keyboard.layout, "de");
    send(
        &mut a,
        Message::Welcome(welcome::Message::Language("ar".into())),
    );
    assert!(a.tr.rtl);
    assert_eq!(a.tr.t("nav-next"), "التالي");
    // An unknown language is ignored.
    send(
        &mut a,
        Message::Welcome(welcome::Message::Language("xx".into())),
    );
    assert_eq!(a.tr.lang, "ar");
}

#[test]
fn a_chosen_timezone_survives_a_language_change() {
    let mut a = app("en");
    send(
        &mut a,
        Message::Location(lainos_installer::screen::location::Message::Timezone(
            "Europe/Zurich".into(),
        )),
    );
    send(
        &mut a,
        Message::Welcome(welcome::Message::Language("fr".into())),
    );
    assert_eq!(a.location.timezone, "Europe/Zurich");
    assert_eq!(a.keyboard.layout, "fr");
}

#[test]
fn users_page_explains_what_is_wrong_and_blocks() {
    let mut a = app("en");
    send(&mut a, Message::Probed(Ok(probe())));
    for _ in 0..4 {
        send(&mut a, Message::Next);
    }
    assert_eq!(a.page, Page::Users);
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Users, "empty users page let us through");
    assert!(a.users.show_errors);
    let ids: Vec<_> = a.users.errors().iter().map(|e| e.1).collect();
    assert!(
        ids.contains(&"err-name-invalid") && ids.contains(&"err-password-empty"),
        "{ids:?}"
    );

    send(
        &mut a,
        Message::Users(users::Message::FullName("Lain Iwakura".into())),
    );
    assert_eq!(a.users.name, "lain");
    assert_eq!(a.users.hostname, "lain-lainos");
    send(&mut a, Message::Users(users::Message::Name("Lain".into())));
    let ids: Vec<_> = a.users.errors().iter().map(|e| e.1).collect();
    assert!(ids.contains(&"err-name-invalid"));
    send(&mut a, Message::Users(users::Message::Name("lain".into())));
    send(
        &mut a,
        Message::Users(users::Message::FullName("Someone Else".into())),
    );
    assert_eq!(
        a.users.name, "lain",
        "an edited user name is not derived again"
    );
    send(
        &mut a,
        Message::Users(users::Message::Password("abc".into())),
    );
    send(
        &mut a,
        Message::Users(users::Message::PasswordConfirm("abd".into())),
    );
    let ids: Vec<_> = a.users.errors().iter().map(|e| e.1).collect();
    assert_eq!(ids, ["err-password-mismatch"]);
}

#[test]
fn disk_encryption_needs_a_confirmed_passphrase() {
    let mut s = disk::State::default();
    s.preselect(&probe());
    assert!(s.errors().is_empty());
    s.update(disk::Message::Encrypt(true), None);
    assert_eq!(s.errors()[0].1, "err-passphrase-short");
    s.update(disk::Message::Passphrase("long enough".into()), None);
    assert_eq!(s.errors()[0].1, "err-passphrase-mismatch");
    s.update(disk::Message::PassphraseConfirm("long enough".into()), None);
    assert!(s.errors().is_empty());
    // The live medium cannot be picked.
    let p = probe();
    s.update(disk::Message::Disk(0), Some(&p));
    assert_eq!(s.disk.as_deref(), Some("/dev/vda"));
}

#[test]
fn install_needs_a_plan_and_an_explicit_confirmation() {
    let mut a = at_summary();
    assert!(!a.can_advance());
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Summary, "installed without confirmation");
    send(&mut a, Message::Summary(summary::Message::Confirm(true)));
    assert!(a.can_advance());
    // A new plan (the user went back and changed something) needs a new confirmation.
    send(&mut a, Message::Planned(Ok(plan())));
    assert!(!a.summary.confirmed);
}

#[test]
fn plan_errors_are_shown_and_block_install() {
    let mut a = at_summary();
    let issues = IssuesDto {
        issues: vec![IssueDto::error("storage.disk", "`/dev/vda` is too small")],
    };
    send(
        &mut a,
        Message::Planned(Err(lainos_dbus_api::ClientError::Invalid(issues))),
    );
    assert!(matches!(
        a.summary.error,
        Some(summary::PlanError::Issues(_))
    ));
    send(&mut a, Message::Summary(summary::Message::Confirm(true)));
    assert!(!a.summary.confirmed && !a.can_advance());
}

#[test]
fn install_events_drive_progress_and_outcome() {
    for (finish, outcome) in [
        (
            InstallEvent::Finished {
                ok: true,
                error: String::new(),
            },
            Outcome::Succeeded,
        ),
        (
            InstallEvent::Finished {
                ok: false,
                error: "cancelled".into(),
            },
            Outcome::Cancelled,
        ),
        (
            InstallEvent::Finished {
                ok: false,
                error: "step unpack failed".into(),
            },
            Outcome::Failed("step unpack failed".into()),
        ),
    ] {
        let mut a = at_summary();
        send(&mut a, Message::Installing(InstallEvent::Started(7)));
        send(
            &mut a,
            Message::Installing(InstallEvent::Progress(install::Progress {
                step: "unpack".into(),
                fraction: 0.5,
                message: "Unpacking".into(),
                ..Default::default()
            })),
        );
        send(
            &mut a,
            Message::Installing(InstallEvent::Log {
                level: "info".into(),
                message: "hello".into(),
            }),
        );
        assert_eq!(a.install.job, Some(7));
        assert!((a.install.fraction - 0.5).abs() < 1e-6);
        assert_eq!(a.install.step, "unpack");
        assert_eq!(a.install.log, ["[info] hello"]);
        send(&mut a, Message::Installing(finish));
        assert_eq!(a.page, Page::Done);
        assert_eq!(a.outcome, Some(outcome));
    }
}

#[test]
fn every_page_renders_in_every_language() {
    for lang in [
        "en", "de", "fr", "es", "it", "pt-BR", "pl", "ru", "ja", "zh-CN", "ar",
    ] {
        let mut a = at_summary();
        send(
            &mut a,
            Message::Welcome(welcome::Message::Language(lang.into())),
        );
        for page in Page::ALL {
            a.page = page;
            if page == Page::Done {
                a.outcome = Some(Outcome::Failed("x".into()));
            }
            let _ = a.view();
        }
        // Nothing is left untranslated to the raw ID.
        for id in ["nav-next", "summary-confirm", "page-done", "done-body"] {
            assert_ne!(a.tr.t(id), id, "{lang}: {id}");
        }
    }
}

#[test]
fn the_saved_answer_file_is_valid_and_holds_no_clear_text_password() {
    use sha_crypt::{PasswordHash, PasswordVerifier, ShaCrypt};
    let mut a = app("en");
    send(&mut a, Message::Probed(Ok(probe())));
    for _ in 0..3 {
        send(&mut a, Message::Next);
    }
    send(&mut a, Message::Disk(disk::Message::Encrypt(true)));
    for m in [
        disk::Message::Passphrase("luks passphrase".into()),
        disk::Message::PassphraseConfirm("luks passphrase".into()),
    ] {
        send(&mut a, Message::Disk(m));
    }
    send(&mut a, Message::Next);
    fill_users(&mut a);
    send(
        &mut a,
        Message::Users(users::Message::RootSamePassword(true)),
    );
    send(&mut a, Message::Next);
    assert_eq!(a.page, Page::Summary);
    let docs = a
        .planned
        .clone()
        .expect("Next on the users page makes the documents");
    assert!(
        !format!("{docs:?}").contains("luks"),
        "Debug shows a secret"
    );
    assert!(!format!("{:?}", a.draft()).contains("Wired-7-protocol"));

    // The password is in neither form; the passphrase only in the service's.
    for yaml in [&docs.for_service, &docs.for_file] {
        assert!(!yaml.contains("Wired-7-protocol"), "{yaml}");
        assert!(!yaml.contains("password:"), "{yaml}");
    }
    assert!(docs.for_service.contains("passphrase: luks passphrase"));
    assert!(
        !docs.for_file.contains("luks passphrase"),
        "{}",
        docs.for_file
    );
    assert!(docs.for_file.contains(answers::PASSPHRASE_FILE));

    let parsed = lainos_config::parse_answer_file(&docs.for_file);
    let errors: Vec<_> = parsed.issues.iter().filter(|i| i.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{}", docs.for_file);
    // No warning about clear-text passwords either.
    assert!(
        parsed
            .issues
            .iter()
            .all(|i| !i.to_string().contains("clear text")),
        "{:?}",
        parsed.issues
    );
    let f = parsed.value.expect("a value");
    assert_eq!(f.storage.disk.to_str(), Some("/dev/vda"));
    assert_eq!(f.system.hostname.as_str(), "lain-lainos");
    assert_eq!(f.users[0].name.as_str(), "lain");
    assert!(f.users[0].admin);
    assert!(f.users[0].password.is_none());
    assert_eq!(f.locale.timezone.as_ref().map(|t| t.as_str()), Some("UTC"));
    assert!(f.storage.encryption.is_some());
    let user_hash = f.users[0]
        .password_hash
        .as_ref()
        .expect("a hash")
        .to_string();
    let root_hash = f
        .root
        .password_hash
        .as_ref()
        .expect("root's hash")
        .to_string();
    assert!(!f.root.is_locked());
    for h in [&user_hash, &root_hash] {
        assert!(h.starts_with("$6$"), "{h}");
        let parsed = PasswordHash::new(h.as_str()).expect("an MCF hash");
        ShaCrypt::SHA512
            .verify_password(b"Wired-7-protocol", &parsed)
            .expect("the hash verifies the password");
        assert!(
            ShaCrypt::SHA512
                .verify_password(b"wired-7-protocol", &parsed)
                .is_err()
        );
    }
    assert_ne!(user_hash, root_hash, "each hash has its own salt");
    // The same hashes in both forms, so both give the same plan.
    assert!(docs.for_service.contains(&user_hash) && docs.for_service.contains(&root_hash));
    // A new plan salts afresh.
    let again = a.draft().documents().unwrap();
    assert_ne!(again.for_file, docs.for_file);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.yaml");
    answers::save(&path, &docs.for_file).unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the answer file holds password hashes");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), docs.for_file);
}

#[test]
fn root_stays_locked_unless_asked() {
    let a = at_summary();
    let docs = a.planned.clone().expect("documents");
    assert_eq!(docs.for_service, docs.for_file, "no passphrase, one form");
    let f = lainos_config::parse_answer_file(&docs.for_file)
        .value
        .expect("valid");
    assert!(f.root.is_locked() && f.root.password_hash.is_none());
}

#[test]
fn hashes_are_sha512_crypt_with_a_random_salt() {
    let a = answers::hash_password("secret").unwrap();
    let b = answers::hash_password("secret").unwrap();
    assert_ne!(a, b);
    // glibc uses at most 16 salt characters: a longer salt would make crypt()'s result
    // differ from the stored string, and logins fail.
    let fields: Vec<&str> = a.split('$').collect();
    assert_eq!(fields[..3], ["", "6", "rounds=5000"], "{a}");
    assert_eq!(fields[3].len(), 16, "{a}");
    a.parse::<lainos_config::values::PasswordHash>()
        .expect("the answer file accepts it");
}

/// A known answer from two independent implementations: glibc's
/// `crypt("Wired-7-protocol", "$6$rounds=5000$g3KOixqQhALMgFL6")` returns exactly this
/// string, and `openssl passwd -6 -salt g3KOixqQhALMgFL6` the same hash (without the
/// `rounds=` field, as 5000 is the default).
#[test]
fn the_hash_is_the_one_openssl_and_glibc_compute() {
    let salt: [u8; answers::SALT_BYTES] = *b"lainos-salt!";
    let h = answers::hash_password_with_salt("Wired-7-protocol", &salt).unwrap();
    assert_eq!(h, format!("$6$rounds=5000${KNOWN_SALT}${KNOWN_HASH}"));
}

fn progress(step: &str, fraction: f64, done: u64, total: u64) -> Message {
    Message::Installing(InstallEvent::Progress(install::Progress {
        step: step.into(),
        fraction,
        bytes_done: done,
        bytes_total: total,
        message: String::new(),
    }))
}

#[test]
fn the_install_page_shows_bytes_done_and_total_in_the_users_language() {
    const GIB: u64 = 1 << 30;
    let mut a = at_summary();
    send(&mut a, Message::Installing(InstallEvent::Started(1)));
    assert_eq!(
        a.install.bytes_line(&a.tr),
        None,
        "no bytes before the copy"
    );
    send(
        &mut a,
        progress("Copying the system", 0.3, 3 * GIB / 2, 3 * GIB),
    );
    assert_eq!(
        a.install.bytes_line(&a.tr).as_deref(),
        Some("1.5 GiB of 3 GiB copied")
    );
    let _ = a.view();
    for (lang, want) in [
        ("de", "1,5 GiB von 3 GiB kopiert"),
        ("fr", "1,5 Gio sur 3 Gio copiés"),
        ("ru", "Скопировано 1,5 ГиБ из 3 ГиБ"),
        ("ja", "3 GiB 中 1.5 GiB をコピーしました"),
        ("ar", "تم نسخ 1٫5 ج.بايت من 3 ج.بايت"),
    ] {
        send(
            &mut a,
            Message::Welcome(welcome::Message::Language(lang.into())),
        );
        assert_eq!(a.install.bytes_line(&a.tr).as_deref(), Some(want), "{lang}");
        let _ = a.view();
    }
    // Done never exceeds total; the next step without bytes hides the line.
    send(
        &mut a,
        progress("Copying the system", 0.4, 4 * GIB, 3 * GIB),
    );
    assert_eq!(a.install.bytes_done, 3 * GIB);
    send(&mut a, progress("Writing /etc/fstab", 0.5, 0, 0));
    assert_eq!(a.install.bytes_line(&a.tr), None);
}

#[test]
fn sizes_use_the_languages_units_and_separator() {
    let en = app("en");
    assert_eq!(en.tr.size(0), "0 B");
    assert_eq!(en.tr.size(1023), "1023 B");
    assert_eq!(en.tr.size(1536), "1.5 KiB");
    assert_eq!(en.tr.size(8 << 30), "8 GiB");
    assert_eq!(en.tr.size(3 << 40), "3 TiB");
    assert_eq!(app("pl").tr.size(2_684_354_560), "2,5 GiB");
    assert_eq!(app("fr").tr.size(512 << 20), "512 Mio");
}

#[test]
fn the_progress_bar_fills_from_the_right_in_right_to_left_languages() {
    use install::bar_fill;
    assert_eq!(bar_fill(0.25, false), (0.25, false));
    // Drawn inverted: 75 % of the width from the left in the track colour, the
    // remaining 25 % on the right in the bar colour.
    assert_eq!(bar_fill(0.25, true), (0.75, true));
    assert_eq!(bar_fill(1.5, true), (0.0, true));
    let mut a = at_summary();
    send(
        &mut a,
        Message::Welcome(welcome::Message::Language("ar".into())),
    );
    a.page = Page::Install;
    send(&mut a, Message::Installing(InstallEvent::Started(1)));
    send(&mut a, progress("x", 0.25, 0, 0));
    assert!(a.tr.rtl);
    let _ = a.view();
}

#[test]
fn password_strength_grows() {
    assert_eq!(password_strength("abc"), 0);
    assert_eq!(password_strength("abcdefg1"), 1);
    assert_eq!(password_strength("Wired-7-protocol"), 2);
}

#[test]
fn back_never_leaves_install_or_done() {
    let mut a = at_summary();
    send(&mut a, Message::Back);
    assert_eq!(a.page, Page::Users);
    a.page = Page::Install;
    send(&mut a, Message::Back);
    assert_eq!(a.page, Page::Install);
}

const KNOWN_SALT: &str = "g3KOixqQhALMgFL6";
const KNOWN_HASH: &str =
    "s7uBeji9/6M2EEmHgpIJfJB.XNHhpz/RCQ6FRS81Sygho2DqD92yWf2/Lc0TbWIK1frugJ09xCTutXbtPs/lN0";

#[test]
fn debug_output_of_pages_and_messages_hides_passwords_and_passphrases() {
    let mut a = app("en");
    send(&mut a, Message::Probed(Ok(probe())));
    let typed = [
        Message::Disk(disk::Message::Passphrase("luks passphrase".into())),
        Message::Disk(disk::Message::PassphraseConfirm("luks passphrase".into())),
        Message::Disk(disk::Message::Unlock(0, "old volume key".into())),
        Message::Users(users::Message::Password("Wired-7-protocol".into())),
        Message::Users(users::Message::PasswordConfirm("Wired-7-protocol".into())),
    ];
    let messages = format!("{typed:?}");
    for m in typed {
        send(&mut a, m);
    }
    assert_eq!(&*a.users.password, "Wired-7-protocol");
    assert_eq!(&*a.disk.passphrase, "luks passphrase");
    let shown = format!("{messages} {:?} {:?} {:?}", a.users, a.disk, a.draft());
    for secret in ["luks passphrase", "old volume key", "Wired-7-protocol"] {
        assert!(!shown.contains(secret), "{secret:?} shown in {shown}");
    }
    assert!(shown.contains("Secret(<hidden>)"), "{shown}");
}
