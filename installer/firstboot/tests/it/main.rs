//! First-boot setup against a fake root directory: a power cut before every durable
//! operation (between steps and inside them, including inside useradd and userdel,
//! which the fake system carries out file by file as the real tools do), then a
//! rerun that must complete with a whole user; setup never runs a second time; the
//! console dialogue with scripted input; prepare-shipping.

mod fake;

use std::io::Cursor;
use std::path::Path;

use fake::{FakeTools, Root};
use lainos_config::firstboot::{OemConfig, STATE_FILE};
use lainos_firstboot::answers::{AnswerText, Dialogue, LinePrompter};
use lainos_firstboot::setup::{self, AnswerSource, Outcome, SetupError};
use lainos_firstboot::shipping;
use lainos_firstboot::state::{self, Step};
use lainos_firstboot::sys::{Fault, SysError, System};

const ANSWERS: &str = r#"version: 1
locale:
  language: de_CH.UTF-8
  timezone: Europe/Zurich
  keyboard: { layout: ch, variant: fr }
system:
  hostname: wired-02
users:
  - name: alice
    full_name: Alice Liddell
    password: "Pa55-word-of-the-Wired-7731"
    admin: true
    groups: [plugdev]
"#;

fn answers() -> AnswerText {
    AnswerText {
        name: "firstboot.yaml".into(),
        text: ANSWERS.into(),
    }
}

fn run_once(root: &Root, fault: Option<&Fault>) -> Result<Outcome, SetupError> {
    let tools = FakeTools::new(fault);
    let mut sys = System::new(root.path(), &tools);
    if let Some(f) = fault {
        sys = sys.with_fault(f);
    }
    setup::run(&sys, &root.config(), &mut answers())
}

/// The power cut, between operations or inside a fake tool.
fn is_cut(e: &SetupError) -> bool {
    use lainos_engine::cmd::CmdError;
    let sys_cut = |s: &SysError| match s {
        SysError::PowerCut(_) => true,
        SysError::Command(CmdError::Failed { status, .. }) => status.contains("power cut"),
        _ => false,
    };
    match e {
        SetupError::Step { source, .. } => is_cut(source),
        SetupError::Sys(s) | SetupError::State(state::StateError::Sys(s)) => sys_cut(s),
        _ => false,
    }
}

/// The error and its causes, as `main` prints them.
fn chain(e: &SetupError) -> String {
    let mut s = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        s.push_str(&format!(": {c}"));
        cur = c.source();
    }
    s
}

/// Whether the first-boot service is in its runlevel (the link's target is absolute,
/// so it is not followed here).
fn enabled(root: &Root) -> bool {
    std::fs::symlink_metadata(root.path().join("etc/runlevels/boot/lainos-firstboot")).is_ok()
}

/// What a complete setup leaves.
fn assert_complete(root: &Root, factory_machine_id: &str) {
    let passwd = root.read("/etc/passwd");
    assert_eq!(
        passwd.lines().filter(|l| l.starts_with("alice:")).count(),
        1,
        "{passwd}"
    );
    let shadow = root.read("/etc/shadow");
    let line = shadow.lines().find(|l| l.starts_with("alice:")).unwrap();
    assert!(
        line.starts_with("alice:$6$"),
        "alice has no SHA-512 hash: {line}"
    );
    assert!(
        !shadow.contains("Pa55-word"),
        "a clear password reached shadow"
    );
    for g in ["video", "audio", "input", "users", "wheel", "plugdev"] {
        assert!(root.in_group(g, "alice"), "alice is not in {g}");
    }
    assert!(root.path().join("home/alice").is_dir());
    assert_eq!(root.read("/etc/hostname"), "wired-02\n");
    assert!(root.read("/etc/locale.gen").contains("de_CH.UTF-8 UTF-8"));
    assert!(
        root.read("/etc/default/locale")
            .contains("LANG=de_CH.UTF-8")
    );
    assert!(
        root.read("/etc/conf.d/keymaps")
            .contains("keymap=\"fr_CH\"")
    );
    assert_eq!(
        std::fs::read_link(root.path().join("etc/localtime")).unwrap(),
        Path::new("../usr/share/zoneinfo/Europe/Zurich")
    );
    let mid = root.read("/etc/machine-id");
    assert!(
        mid.trim().len() == 32 && mid.trim() != factory_machine_id,
        "{mid}"
    );
    assert!(!root.path().join("etc/ssh/ssh_host_rsa_key").exists());
    assert!(!enabled(root), "the service is still enabled");
    let journal = root.read(STATE_FILE);
    assert!(journal.contains("\"done\""), "{journal}");
    assert!(
        !journal.contains("$6$"),
        "the journal kept a hash: {journal}"
    );
    let log = root.read("/commands.log");
    assert!(
        !log.contains("Pa55-word"),
        "a password reached a command line"
    );
}

#[test]
fn a_complete_run_then_nothing_more() {
    let root = Root::oem();
    let mid = root.read("/etc/machine-id");
    assert_eq!(
        run_once(&root, None).unwrap(),
        Outcome::Completed {
            users: vec!["alice".into()]
        }
    );
    assert_complete(&root, mid.trim());
    let before = root.read("/commands.log");
    assert_eq!(run_once(&root, None).unwrap(), Outcome::AlreadyDone);
    assert_eq!(
        root.read("/commands.log"),
        before,
        "a second run ran commands"
    );
}

#[test]
fn a_power_cut_before_any_operation_is_followed_by_a_complete_rerun() {
    for at in 0.. {
        let root = Root::oem();
        let mid = root.read("/etc/machine-id");
        let fault = Fault::at(at);
        match run_once(&root, Some(&fault)) {
            Ok(outcome) => {
                // No operation left to cut: every position has been tried.
                assert!(!fault.struck());
                assert!(matches!(outcome, Outcome::Completed { .. }));
                assert!(at > 20, "only {at} cut points: the fake is not counting");
                return;
            }
            Err(e) => assert!(is_cut(&e), "cut at {at}: not a power cut: {}", chain(&e)),
        }
        // After the cut: the service is still enabled (setup runs at the next boot)
        // unless setup had already recorded that it is done.
        let journal = state::load(&System::new(root.path(), &FakeTools::new(None))).unwrap();
        let done = journal.as_ref().is_some_and(|s| s.next == Step::Done);
        assert!(
            done || enabled(&root),
            "cut at {at}: the service was disabled before setup was done"
        );
        // The next boot.
        let second = run_once(&root, None)
            .unwrap_or_else(|e| panic!("rerun after a cut at {at} failed: {}", chain(&e)));
        if done {
            assert_eq!(second, Outcome::AlreadyDone, "cut at {at}");
        }
        assert_complete(&root, mid.trim());
        assert_eq!(run_once(&root, None).unwrap(), Outcome::AlreadyDone);
    }
}

#[test]
fn a_cut_inside_useradd_leaves_a_half_user_that_the_rerun_replaces() {
    // Find the cut that leaves alice in passwd but not in shadow.
    for at in 0..200 {
        let root = Root::oem();
        let fault = Fault::at(at);
        if run_once(&root, Some(&fault)).is_ok() {
            break;
        }
        let half = root.read("/etc/passwd").contains("alice:")
            && !root.read("/etc/shadow").contains("alice:");
        if half {
            run_once(&root, None).unwrap();
            assert!(root.read("/commands.log").contains("userdel -r alice"));
            assert_complete(&root, "");
            return;
        }
    }
    panic!("no cut point left a half-created user: the fake useradd is not step by step");
}

#[test]
fn an_invalid_answer_file_leaves_setup_armed() {
    let root = Root::oem();
    let tools = FakeTools::new(None);
    let sys = System::new(root.path(), &tools);
    let mut bad = AnswerText {
        name: "f.yaml".into(),
        text: "version: 1\nstorage: { disk: /dev/sda }\nsystem: { hostname: x }\nusers: [{ name: root, password: a }]\n".into(),
    };
    let e = setup::run(&sys, &root.config(), &mut bad).unwrap_err();
    let msg = chain(&e);
    assert!(
        msg.contains("f.yaml:2:1: storage: is not part of a first-boot answer file"),
        "{msg}"
    );
    assert!(msg.contains("users[0].name"), "{msg}");
    assert_eq!(
        state::load(&sys).unwrap().unwrap().next,
        Step::CollectAnswers
    );
    assert!(enabled(&root));
}

#[test]
fn a_taken_name_is_refused() {
    let root = Root::oem();
    root.append("/etc/passwd", "alice:x:1500:1500::/home/alice:/bin/sh\n");
    let e = run_once(&root, None).unwrap_err();
    assert!(
        chain(&e).contains("users[0].name: `alice` already exists"),
        "{}",
        chain(&e)
    );
}

type Scripted = Dialogue<LinePrompter<Cursor<Vec<u8>>, Vec<u8>>>;

fn scripted(input: &str) -> Scripted {
    Dialogue {
        prompter: LinePrompter {
            input: Cursor::new(input.as_bytes().to_vec()),
            output: Vec::new(),
            echo: None,
        },
    }
}

#[test]
fn the_dialogue_asks_again_until_each_answer_is_right() {
    let root = Root::oem();
    let tools = FakeTools::new(None);
    let sys = System::new(root.path(), &tools);
    // Language: a bad one, then the default. Keyboard: ch, variant fr. Zone: an
    // unknown one, then Europe/Zurich. User: a bad name, a system account, then bob.
    // Password: mismatch, then twice the same. Host name: default refused? no: given.
    let input = "xx_YY.UTF-8\n\nch\nfr\nMars/Olympus\nEurope/Zurich\nBob\nroot\nbob\nBob B.\nsecret-1\nsecret-2\n\nsecret-1\nsecret-1\nbob-pc\n";
    let mut d = scripted(input);
    let staged = d.collect(&sys, &root.config()).unwrap();
    assert_eq!(staged.language, "en_US.UTF-8");
    assert_eq!(staged.keyboard_layout, "ch");
    assert_eq!(staged.keyboard_variant.as_deref(), Some("fr"));
    assert_eq!(staged.timezone, "Europe/Zurich");
    assert_eq!(staged.hostname, "bob-pc");
    assert_eq!(staged.users[0].name, "bob");
    assert_eq!(staged.users[0].full_name, "Bob B.");
    assert!(staged.users[0].admin);
    assert!(staged.users[0].password_hash.starts_with("$6$"));
    let shown = String::from_utf8(d.prompter.output.clone()).unwrap();
    assert!(
        !shown.contains("secret-1"),
        "the password was echoed: {shown}"
    );
    for why in [
        "is not a supported glibc locale",
        "is not an IANA time zone name",
        "the passwords differ",
        "the password must not be empty",
        "system account",
    ] {
        assert!(
            shown.contains(why),
            "the dialogue did not say `{why}`:\n{shown}"
        );
    }
    // The whole setup from the dialogue.
    let mut d = scripted("\n\n\n\ncarol\n\npw\npw\ncarol-pc\n");
    let out = setup::run(&sys, &root.config(), &mut d).unwrap();
    assert_eq!(
        out,
        Outcome::Completed {
            users: vec!["carol".into()]
        }
    );
    assert!(root.in_group("wheel", "carol"));
    assert_eq!(root.read("/etc/hostname"), "carol-pc\n");
}

#[test]
fn the_dialogue_stops_at_the_end_of_its_input() {
    let root = Root::oem();
    let tools = FakeTools::new(None);
    let sys = System::new(root.path(), &tools);
    let mut d = scripted("\n\n");
    let e = setup::run(&sys, &root.config(), &mut d).unwrap_err();
    assert!(chain(&e).contains("the console closed"), "{}", chain(&e));
    assert_eq!(
        state::load(&sys).unwrap().unwrap().next,
        Step::CollectAnswers
    );
}

#[test]
fn prepare_shipping_cleans_and_rearms() {
    let root = Root::oem();
    run_once(&root, None).unwrap();
    // The factory's traces.
    root.write("/var/log/messages", "boot messages\n");
    root.write("/var/log/messages.1", "old\n");
    root.write("/var/log/installer/x.log.gz", "old\n");
    root.write("/var/cache/apt/archives/foo.deb", "deb\n");
    root.write("/var/cache/pacman/pkg/bar.pkg.tar.zst", "pkg\n");
    root.write("/root/.bash_history", "doas reboot\n");
    root.write("/home/alice/.bash_history", "ls\n");
    root.write("/tmp/scratch", "x\n");
    root.write("/etc/ssh/ssh_host_ed25519_key", "key\n");
    let tools = FakeTools::new(None);
    let sys = System::new(root.path(), &tools);
    let cfg = root.config();
    // A user is there: refused unless asked to remove it.
    let e = shipping::prepare(&sys, &cfg, false).unwrap_err();
    assert!(format!("{e}").contains("alice"), "{e}");
    let r = shipping::prepare(&sys, &cfg, true).unwrap();
    assert_eq!(r.users_removed, ["alice"]);
    assert!(!root.read("/etc/passwd").contains("alice:"));
    assert_eq!(root.read("/var/log/messages"), "");
    for gone in [
        "var/log/messages.1",
        "var/log/installer/x.log.gz",
        "var/cache/apt/archives/foo.deb",
        "var/cache/pacman/pkg/bar.pkg.tar.zst",
        "root/.bash_history",
        "tmp/scratch",
        "etc/ssh/ssh_host_ed25519_key",
    ] {
        assert!(!root.path().join(gone).exists(), "{gone} is still there");
    }
    assert!(root.path().join("var/log/installer").is_dir());
    assert_eq!(root.read("/etc/machine-id"), "");
    assert_eq!(state::load(&sys).unwrap().unwrap(), state::State::armed());
    assert!(enabled(&root));
    // Re-armed: the next boot sets the machine up again.
    let mid = root.read("/etc/machine-id");
    assert!(matches!(
        run_once(&root, None).unwrap(),
        Outcome::Completed { .. }
    ));
    assert_complete(&root, mid.trim());
}

#[test]
fn oem_config_of_the_test_root_is_the_debian_profiles() {
    let c: OemConfig = Root::oem().config();
    assert_eq!(c.service.as_str(), "lainos-firstboot");
}
