//! Keyboard navigation: every page driven only by the messages the key mapping
//! produces, without a window.

use iced::keyboard::Modifiers;
use iced::keyboard::key::Named;
use lainos_dbus_api::{DiskDto, PartitionDto, PlanDto, ProbeDto};
use lainos_installer::answers::{Filesystem, Layout};
use lainos_installer::app::{App, Message, Page};
use lainos_installer::keys::KeyPress;
use lainos_installer::screen::{self, Step, disk, location};

use crate::app;

const NONE: Modifiers = Modifiers::empty();

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
                size_bytes: 32 << 30,
                partitions: vec![
                    PartitionDto {
                        path: "/dev/vda1".into(),
                        size_bytes: 512 << 20,
                        filesystem: Some("vfat".into()),
                        ..PartitionDto::default()
                    },
                    PartitionDto {
                        path: "/dev/vda2".into(),
                        size_bytes: 20 << 30,
                        filesystem: Some("ext4".into()),
                        ..PartitionDto::default()
                    },
                ],
                ..DiskDto::default()
            },
            DiskDto {
                path: "/dev/vdb".into(),
                size_bytes: 64 << 30,
                ..DiskDto::default()
            },
        ],
        live_medium: Some("/dev/sr0".into()),
        on_battery: Some(false),
    }
}

/// Presses a key: the mapped message goes through `update`, as in the running GUI.
fn press(a: &mut App, k: KeyPress) {
    let _ = a.update(Message::Key(k));
}

fn key(n: Named) -> KeyPress {
    KeyPress::named(n, NONE)
}

fn ctrl(c: char) -> KeyPress {
    KeyPress::letter(c, Modifiers::CTRL)
}

fn type_text(a: &mut App, m: Message) {
    // Text fields take characters themselves; their messages are what they send.
    let _ = a.update(m);
}

#[test]
fn the_step_helper_stays_in_the_list() {
    use screen::step_index;
    assert_eq!(step_index(0, None, Step::Down), None);
    assert_eq!(step_index(5, None, Step::Down), Some(0));
    assert_eq!(step_index(5, None, Step::Up), Some(4));
    assert_eq!(step_index(5, Some(4), Step::Down), Some(4));
    assert_eq!(step_index(5, Some(0), Step::Up), Some(0));
    assert_eq!(step_index(50, Some(3), Step::PageDown), Some(13));
    assert_eq!(step_index(50, Some(3), Step::PageUp), Some(0));
    assert_eq!(step_index(50, Some(3), Step::Last), Some(49));
    assert_eq!(step_index(50, Some(30), Step::First), Some(0));
    let items: Vec<usize> = (0..200).collect();
    let (start, shown) = screen::window(&items, Some(150), 60);
    assert!(shown.contains(&150) && shown.len() == 60 && start <= 150);
    assert_eq!(screen::window(&items, Some(3), 60).0, 0);
}

#[test]
fn the_key_mapping() {
    let mut a = app("en");
    // Tab moves the focus between text inputs.
    assert!(matches!(
        a.key_message(&key(Named::Tab)),
        Some(Message::FocusNext)
    ));
    assert!(matches!(
        a.key_message(&KeyPress::named(Named::Tab, Modifiers::SHIFT)),
        Some(Message::FocusPrevious)
    ));
    // No Back on the first page; Next waits for the probe.
    assert!(a.key_message(&key(Named::Escape)).is_none());
    assert!(a.key_message(&key(Named::Enter)).is_none());
    let _ = a.update(Message::Probed(Ok(probe())));
    assert!(matches!(
        a.key_message(&key(Named::Enter)),
        Some(Message::Next)
    ));
    let alt_right = KeyPress::named(Named::ArrowRight, Modifiers::ALT);
    let alt_left = KeyPress::named(Named::ArrowLeft, Modifiers::ALT);
    assert!(matches!(a.key_message(&alt_right), Some(Message::Next)));
    press(&mut a, alt_right.clone());
    assert_eq!(a.page, Page::Location);
    assert!(matches!(a.key_message(&alt_left), Some(Message::Back)));
    assert!(matches!(
        a.key_message(&key(Named::Escape)),
        Some(Message::Back)
    ));
    // Enter with a modifier is not the default button.
    assert!(
        a.key_message(&KeyPress::named(Named::Enter, Modifiers::SHIFT))
            .is_none()
    );
    // Arrows move in the list.
    assert!(matches!(
        a.key_message(&key(Named::ArrowDown)),
        Some(Message::Location(location::Message::Move(Step::Down)))
    ));
    // Right to left, Alt+arrow points at the mirrored buttons.
    let _ = a.update(Message::Back);
    let _ = a.update(Message::Welcome(
        lainos_installer::screen::welcome::Message::Language("ar".into()),
    ));
    press(&mut a, KeyPress::named(Named::ArrowLeft, Modifiers::ALT));
    assert_eq!(a.page, Page::Location, "Alt+Left is Next right to left");
    press(&mut a, KeyPress::named(Named::ArrowRight, Modifiers::ALT));
    assert_eq!(a.page, Page::Welcome, "Alt+Right is Back right to left");
}

#[test]
fn welcome_language_by_arrows() {
    let mut a = app("en");
    let codes: Vec<String> = a
        .config
        .branding
        .languages
        .iter()
        .map(|l| l.code.clone())
        .collect();
    let at = codes.iter().position(|c| *c == "en").unwrap();
    press(&mut a, key(Named::ArrowDown));
    assert_eq!(a.tr.lang, codes[(at + 1).min(codes.len() - 1)]);
    press(&mut a, key(Named::Home));
    assert_eq!(a.tr.lang, codes[0]);
    press(&mut a, key(Named::End));
    assert_eq!(a.tr.lang, *codes.last().unwrap());
}

fn at_location() -> App {
    let mut a = app("en");
    let _ = a.update(Message::Probed(Ok(probe())));
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Location);
    a
}

#[test]
fn location_lists_by_keyboard() {
    let mut a = at_location();
    type_text(
        &mut a,
        Message::Location(location::Message::TimezoneQuery("europe/b".into())),
    );
    press(&mut a, key(Named::ArrowDown));
    let first = a.location.timezone.clone();
    assert!(first.to_lowercase().starts_with("europe/b"), "{first}");
    press(&mut a, key(Named::ArrowDown));
    assert_ne!(a.location.timezone, first);
    press(&mut a, key(Named::ArrowUp));
    assert_eq!(a.location.timezone, first);
    assert!(a.location.touched);
    // Tab into the locale search field (as the focus probe reports it).
    let _ = a.update(Message::Focused(location::LOCALE_SEARCH, true));
    let tz = a.location.timezone.clone();
    let lc = a.location.locale.clone();
    press(&mut a, key(Named::PageDown));
    assert_eq!(a.location.timezone, tz);
    assert_ne!(a.location.locale, lc);
    press(&mut a, key(Named::End));
    assert_eq!(
        a.location.locale,
        *location::locales().collect::<Vec<_>>().last().unwrap()
    );
    // The row stays in view: the scroll target is at the end of its window.
    assert!(a.location.scroll_target().1 > 0.9);
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Keyboard);
}

#[test]
fn keyboard_layout_and_variant_by_keyboard() {
    let mut a = at_location();
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Keyboard);
    type_text(
        &mut a,
        Message::Keyboard(lainos_installer::screen::keyboard::Message::Query(
            "de".into(),
        )),
    );
    press(&mut a, key(Named::Home));
    let layout = a.keyboard.layout.clone();
    assert!(layout.contains("de"), "{layout}");
    let ctrl_down = KeyPress::named(Named::ArrowDown, Modifiers::CTRL);
    press(&mut a, ctrl_down.clone());
    let v = a.keyboard.variant.clone().expect("a variant");
    assert!(lainos_installer::screen::keyboard::variants_of(&layout).contains(&v));
    press(&mut a, KeyPress::named(Named::Home, Modifiers::CTRL));
    assert_eq!(a.keyboard.variant, None, "the default variant comes first");
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Disk);
}

fn at_disk() -> App {
    let mut a = at_location();
    press(&mut a, key(Named::Enter));
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Disk);
    a
}

#[test]
fn erase_layout_by_keyboard() {
    let mut a = at_disk();
    assert_eq!(a.disk.disk.as_deref(), Some("/dev/vda"));
    press(&mut a, key(Named::ArrowDown));
    assert_eq!(a.disk.disk.as_deref(), Some("/dev/vdb"));
    press(&mut a, key(Named::ArrowUp));
    press(&mut a, key(Named::ArrowUp));
    assert_eq!(
        a.disk.disk.as_deref(),
        Some("/dev/vda"),
        "the live medium is skipped"
    );
    press(&mut a, ctrl('f'));
    assert_eq!(a.disk.filesystem, Filesystem::ALL[1]);
    let swap = a.disk.swap;
    press(&mut a, ctrl('p'));
    assert_ne!(a.disk.swap, swap);
    press(&mut a, ctrl('e'));
    assert!(a.disk.encrypt);
    // Enter explains what is missing instead of moving on.
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Disk);
    assert!(a.disk.show_errors);
    press(&mut a, ctrl('e'));
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Users);
}

#[test]
fn manual_table_by_keyboard() {
    let mut a = at_disk();
    press(&mut a, ctrl('l'));
    assert_eq!(a.disk.layout, Layout::Manual);
    assert_eq!(a.disk.row, 0);
    // Row 0 (vfat): M cycles Unused → / → /boot → /boot/efi.
    for _ in 0..3 {
        press(&mut a, KeyPress::letter('m', NONE));
    }
    assert_eq!(a.disk.rows[0].mount, disk::MountChoice::Esp);
    assert!(
        !a.disk.rows[0].format,
        "an EFI partition is reused as it is"
    );
    press(&mut a, key(Named::Space));
    assert!(a.disk.rows[0].format);
    press(&mut a, key(Named::Space));
    assert!(!a.disk.rows[0].format);
    // Row 1 (ext4) as the root; F changes the file system.
    press(&mut a, key(Named::ArrowDown));
    assert_eq!(a.disk.row, 1);
    press(&mut a, KeyPress::letter('m', NONE));
    assert_eq!(a.disk.rows[1].mount, disk::MountChoice::Root);
    press(&mut a, KeyPress::letter('f', NONE));
    assert_eq!(a.disk.rows[1].fs, Some(disk::PartFs::BTRFS));
    // Shift+M goes back; a Cyrillic layout's key in the M place works the same.
    press(&mut a, KeyPress::letter('M', Modifiers::SHIFT));
    assert_eq!(a.disk.rows[1].mount, disk::MountChoice::Unused);
    press(
        &mut a,
        KeyPress {
            key: iced::keyboard::Key::Character("ь".into()),
            latin: Some('m'),
            modifiers: NONE,
        },
    );
    assert_eq!(a.disk.rows[1].mount, disk::MountChoice::Root);
    // Ctrl+N focuses the size field (a widget operation); its Enter adds the row.
    assert!(matches!(a.key_message(&ctrl('n')), Some(Message::Focus(_))));
    type_text(&mut a, Message::Disk(disk::Message::NewSize("2GiB".into())));
    type_text(&mut a, Message::Disk(disk::Message::AddPartition));
    assert_eq!(a.disk.row, 2);
    for _ in 0..5 {
        press(&mut a, KeyPress::letter('m', NONE));
    }
    assert_eq!(a.disk.rows[2].mount, disk::MountChoice::Swap);
    press(&mut a, key(Named::Delete));
    assert_eq!(a.disk.rows.len(), 2);
    // Existing partitions are never removed.
    press(&mut a, key(Named::Delete));
    assert_eq!(a.disk.rows.len(), 2);
    assert!(a.disk.errors().is_empty(), "{:?}", a.disk.errors());
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Users);
    assert!(a.draft().partitions.len() == 2);
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

#[test]
fn users_and_summary_by_keyboard_enter_never_installs() {
    let mut a = at_disk();
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Users);
    press(&mut a, ctrl('d'));
    assert!(!a.users.admin);
    press(&mut a, ctrl('d'));
    assert!(a.users.admin);
    press(&mut a, ctrl('r'));
    assert!(a.users.root_same_password);
    for m in [
        lainos_installer::screen::users::Message::FullName("Lain Iwakura".into()),
        lainos_installer::screen::users::Message::Password("Wired-7-protocol".into()),
        lainos_installer::screen::users::Message::PasswordConfirm("Wired-7-protocol".into()),
    ] {
        type_text(&mut a, Message::Users(m));
    }
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Summary);
    let _ = a.update(Message::Planned(Ok(plan())));
    // Enter and Alt+Right do nothing here, even once confirmed.
    assert!(a.key_message(&key(Named::Enter)).is_none());
    press(&mut a, key(Named::Space));
    assert!(a.summary.confirmed);
    assert!(a.key_message(&key(Named::Enter)).is_none());
    assert!(
        a.key_message(&KeyPress::named(Named::ArrowRight, Modifiers::ALT))
            .is_none()
    );
    press(&mut a, key(Named::Enter));
    assert_eq!(a.page, Page::Summary);
    // Ctrl+Enter is the install shortcut, and only with the box ticked.
    let ctrl_enter = KeyPress::named(Named::Enter, Modifiers::CTRL);
    assert!(matches!(a.key_message(&ctrl_enter), Some(Message::Next)));
    press(&mut a, key(Named::Space));
    assert!(!a.summary.confirmed);
    assert!(a.key_message(&ctrl_enter).is_none());
    assert!(matches!(a.key_message(&ctrl('s')), Some(Message::Save)));
    // Escape goes back to the users page.
    press(&mut a, key(Named::Escape));
    assert_eq!(a.page, Page::Users);
}
