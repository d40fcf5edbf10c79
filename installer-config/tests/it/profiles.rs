use std::path::Path;

use lainos_config::parse_profile;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn lainos_profile_is_valid() {
    let path = repo().join("iso-profile/airootfs/etc/lainos-installer/profile.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let p = parse_profile(&text);
    let rendered: Vec<String> = p.issues.iter().map(|i| i.render("profile.yaml")).collect();
    assert!(p.issues.is_empty(), "{rendered:#?}");
    let p = p.value.unwrap();
    assert_eq!(
        p.initramfs.dracut_options,
        ["--no-hostonly", "--no-compress", "--no-uefi"]
    );
    assert_eq!(p.bootloader.init, "/sbin/openrc-init");
    assert!(!p.bootloader.cmdline.contains("init="));
    assert_eq!(
        p.source.squashfs,
        Path::new("/run/initramfs/live/arch/x86_64/airootfs.sfs")
    );
    for g in ["video", "render", "seat", "input"] {
        assert!(
            p.users.default_groups.iter().any(|x| x.as_str() == g),
            "{g}"
        );
    }
}

#[test]
fn a_service_in_two_runlevels_is_refused() {
    let path = repo().join("iso-profile/airootfs/etc/lainos-installer/profile.yaml");
    let text = std::fs::read_to_string(&path).unwrap() + "";
    let text = text.replace(
        "  - { name: lainos-dbus-bridge, runlevel: default }",
        "  - { name: lainos-dbus-bridge, runlevel: default }\n  - { name: dbus, runlevel: default }",
    );
    let p = parse_profile(&text);
    assert!(
        p.issues
            .iter()
            .any(|i| i.message.contains("exactly one runlevel")),
        "{:?}",
        p.issues
    );
}
