//! The distribution profile: what differs between distributions, as data (YAML).
//! The LainOS profile ships in `iso-profile/`; a Debian+OpenRC profile in `tests/`
//! drives the boot tests. Documented field by field in `installer-config/PROFILE.md`.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::answer::{RootFilesystem, Runlevel};
use crate::issue::Issue;
use crate::parse::{Parsed, from_yaml_str};
use crate::values::{GroupName, Locale, ServiceName, Size, Timezone, Username, XkbLayout};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "LainOS installer distribution profile")]
pub struct Profile {
    /// The distribution's name as shown to people ("LainOS").
    pub name: String,
    /// A short identifier, used for the GRUB and EFI boot entry (`LainOS`).
    pub id: String,
    pub source: ProfileSource,
    pub defaults: Defaults,
    pub kernel: Kernel,
    pub initramfs: Initramfs,
    pub bootloader: Bootloader,
    #[serde(default)]
    pub locale: LocaleTools,
    #[serde(default)]
    pub keyboard: KeyboardFiles,
    pub users: UserDefaults,
    /// OpenRC services, each in exactly one runlevel.
    #[serde(default)]
    pub services: Vec<ProfileService>,
    /// The lines of `/etc/doas.conf` (root:root, mode 0400).
    #[serde(default)]
    pub doas: Vec<String>,
    /// Files written into the target verbatim (greetd configuration and the like).
    #[serde(default)]
    pub files: Vec<ProfileFile>,
    /// What only the live session needs, removed from the target.
    #[serde(default)]
    pub live_cleanup: LiveCleanup,
    #[serde(default)]
    pub machine_id: MachineIdPolicy,
    #[serde(default)]
    pub requirements: Requirements,
    /// First-boot setup of OEM installs (`oem.enabled: true` in the answer file).
    #[serde(default)]
    pub oem: OemSetup,
    /// What an encrypted install (`storage.encryption`) needs from the distribution.
    #[serde(default)]
    pub encryption: EncryptionSupport,
}

/// How the distribution supports an encrypted root (LUKS2, unlocked by dracut's `crypt`
/// module with `rd.luks.uuid=`, an unencrypted `/boot` so GRUB needs no cryptodisk).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EncryptionSupport {
    /// Programs the system image must hold for an encrypted install, looked up in its
    /// `/usr/bin`, `/usr/sbin`, `/bin` and `/sbin`: dracut copies `cryptsetup` from the
    /// installed system into the initramfs. Checked when the plan is made.
    #[serde(default = "default_crypt_programs")]
    pub image_programs: Vec<String>,
    /// dracut modules added for an encrypted root (written to
    /// `/etc/dracut.conf.d/91-lainos-crypt.conf`): `crypt` asks for the passphrase,
    /// `i18n` puts the console keymap into the initramfs so the prompt uses it.
    #[serde(default = "default_crypt_dracut_modules")]
    pub dracut_modules: Vec<String>,
    /// The most memory the LUKS2 key derivation (argon2id) may use. The initramfs must
    /// find this much free memory when it unlocks the root, on the smallest machine the
    /// distribution supports (`requirements.min_ram`).
    #[serde(default = "default_pbkdf_memory")]
    pub pbkdf_memory: Size,
    /// How long unlocking should take on the installing machine, in milliseconds
    /// (cryptsetup `--iter-time`: it measures this machine and picks the iterations).
    #[serde(default = "default_pbkdf_time_ms")]
    pub pbkdf_time_ms: u32,
    /// The OpenRC service that opens the further volumes of `/etc/conf.d/dmcrypt`
    /// (an encrypted swap partition); enabled only when the plan has one.
    #[serde(default = "default_crypt_service")]
    pub service: Option<ProfileService>,
}

impl Default for EncryptionSupport {
    fn default() -> Self {
        EncryptionSupport {
            image_programs: default_crypt_programs(),
            dracut_modules: default_crypt_dracut_modules(),
            pbkdf_memory: default_pbkdf_memory(),
            pbkdf_time_ms: default_pbkdf_time_ms(),
            service: default_crypt_service(),
        }
    }
}

fn default_crypt_programs() -> Vec<String> {
    vec!["cryptsetup".into()]
}
fn default_crypt_dracut_modules() -> Vec<String> {
    vec!["crypt".into(), "dm".into(), "i18n".into()]
}
fn default_pbkdf_memory() -> Size {
    Size::Bytes(256 * Size::MIB)
}
fn default_pbkdf_time_ms() -> u32 {
    2000
}
fn default_crypt_service() -> Option<ProfileService> {
    Some(ProfileService {
        name: "dmcrypt".parse().expect("a valid service name"),
        runlevel: Runlevel::Boot,
        optional: false,
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileSource {
    /// The live squashfs.
    pub squashfs: PathBuf,
    /// Its SHA-512 in `sha512sum` format, used by `checksum: auto`.
    pub checksum_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub filesystem: RootFilesystem,
    pub separate_boot: bool,
    pub language: Locale,
    pub timezone: Timezone,
    pub keyboard_layout: XkbLayout,
    /// btrfs subvolumes created for `filesystem: btrfs`: name → mount point.
    #[serde(default = "default_subvolumes")]
    pub btrfs_subvolumes: Vec<Subvolume>,
    /// The size of a separate `/boot`.
    #[serde(default = "default_boot_size")]
    pub boot_size: Size,
    /// The size of a new EFI system partition.
    #[serde(default = "default_esp_size")]
    pub esp_size: Size,
    /// The swap size when the answer file gives none.
    #[serde(default = "default_swap_size")]
    pub swap_size: Size,
}

fn default_subvolumes() -> Vec<Subvolume> {
    vec![
        Subvolume {
            name: "@".into(),
            mountpoint: "/".into(),
        },
        Subvolume {
            name: "@home".into(),
            mountpoint: "/home".into(),
        },
    ]
}
fn default_boot_size() -> Size {
    Size::Bytes(Size::GIB)
}
fn default_esp_size() -> Size {
    Size::Bytes(512 * Size::MIB)
}
fn default_swap_size() -> Size {
    Size::Bytes(2 * Size::GIB)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subvolume {
    pub name: String,
    pub mountpoint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kernel {
    /// The kernel image in the target; `{version}` stands for the kernel version found
    /// in `/usr/lib/modules` (`/boot/vmlinuz-linux`, `/boot/vmlinuz-{version}`).
    pub image: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Initramfs {
    /// The initramfs file, an explicit name (`/boot/initramfs-linux.img`,
    /// `/boot/initrd.img-{version}`).
    pub image: String,
    /// dracut's options; `--force`, `--kver` and the output name are added.
    pub dracut_options: Vec<String>,
    /// Files written to `/etc/dracut.conf.d/` before dracut runs (name → content).
    #[serde(default)]
    pub config: Vec<ProfileFile>,
    /// Root filesystems this initramfs can mount (its kernel modules and tools); a
    /// plan with another root filesystem is refused.
    #[serde(default = "default_root_filesystems")]
    pub root_filesystems: Vec<RootFilesystem>,
}

fn default_root_filesystems() -> Vec<RootFilesystem> {
    vec![
        RootFilesystem::Ext4,
        RootFilesystem::Btrfs,
        RootFilesystem::Xfs,
    ]
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bootloader {
    /// `GRUB_DISTRIBUTOR` and the EFI boot entry name.
    pub distributor: String,
    /// `GRUB_CMDLINE_LINUX`, without `init=`: the installer appends `init=` as the
    /// last word of the command line itself (openrc-init reads a word after it as
    /// the runlevel).
    pub cmdline: String,
    /// `GRUB_CMDLINE_LINUX_DEFAULT`, also without `init=`.
    #[serde(default)]
    pub cmdline_default: String,
    /// The init the kernel command line names (as its last word); checked after
    /// installation in grub.cfg.
    pub init: String,
    /// Program names inside the target.
    #[serde(default = "default_grub_install")]
    pub grub_install: String,
    #[serde(default = "default_grub_mkconfig")]
    pub grub_mkconfig: String,
    /// Where grub-mkconfig writes, inside the target.
    #[serde(default = "default_grub_cfg")]
    pub grub_cfg: String,
    /// More lines for `/etc/default/grub`.
    #[serde(default)]
    pub extra_defaults: Vec<String>,
}

fn default_grub_install() -> String {
    "grub-install".into()
}
fn default_grub_mkconfig() -> String {
    "grub-mkconfig".into()
}
fn default_grub_cfg() -> String {
    "/boot/grub/grub.cfg".into()
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocaleTools {
    /// The command that generates the locales listed in `/etc/locale.gen`.
    pub generate: Vec<String>,
    /// The file that sets LANG.
    pub conf: String,
}

impl Default for LocaleTools {
    fn default() -> Self {
        LocaleTools {
            generate: vec!["locale-gen".into()],
            conf: "/etc/locale.conf".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyboardFiles {
    /// The OpenRC keymaps configuration (`keymap="…"`).
    pub console_conf: String,
    /// The X11/Wayland keyboard configuration written as an xorg.conf.d snippet.
    pub xkb_conf: String,
}

impl Default for KeyboardFiles {
    fn default() -> Self {
        KeyboardFiles {
            console_conf: "/etc/conf.d/keymaps".into(),
            xkb_conf: "/etc/X11/xorg.conf.d/00-keyboard.conf".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserDefaults {
    /// Groups every user joins (they are created when missing).
    pub default_groups: Vec<GroupName>,
    /// The group whose members may use doas (`admin: true`).
    pub admin_group: GroupName,
    pub shell: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileService {
    pub name: ServiceName,
    pub runlevel: Runlevel,
    /// A missing mandatory service fails the install; a missing optional one is a
    /// warning.
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    /// An absolute path in the target.
    pub path: String,
    pub content: String,
    /// Octal mode, e.g. `0644`.
    #[serde(default = "default_mode")]
    pub mode: String,
    #[serde(default = "default_owner")]
    pub owner: String,
}

fn default_mode() -> String {
    "0644".into()
}
fn default_owner() -> String {
    "root:root".into()
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LiveCleanup {
    /// Users of the live session, removed with their home directories.
    #[serde(default)]
    pub users: Vec<Username>,
    /// Files and directories removed from the target.
    #[serde(default)]
    pub files: Vec<String>,
    /// Packages removed with `remove_command` (which gets their names appended).
    #[serde(default)]
    pub packages: Vec<String>,
    #[serde(default)]
    pub remove_command: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MachineIdPolicy {
    /// Write a fresh machine-id during installation.
    #[default]
    Generate,
    /// Leave `/etc/machine-id` empty: it is made at first boot.
    Empty,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// Free space the root filesystem keeps beyond the image, for updates and logs.
    pub margin: Size,
    pub min_ram: Size,
}

impl Default for Requirements {
    fn default() -> Self {
        Requirements {
            margin: Size::Bytes(2 * Size::GIB),
            min_ram: Size::Bytes(512 * Size::MIB),
        }
    }
}

/// How an OEM install (`oem.enabled: true`) gets its first-boot setup: the OpenRC
/// service that runs `lainos-firstboot` once, before the login manager and the gettys.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OemSetup {
    /// The OpenRC service (a script in `/etc/init.d`) that runs first-boot setup.
    #[serde(default = "default_oem_service")]
    pub service: ServiceName,
    /// Its runlevel. `boot` (the default) finishes before any service of `default`
    /// starts, whatever their dependencies.
    #[serde(default = "default_oem_runlevel")]
    pub runlevel: Runlevel,
    /// The login managers and gettys that must wait for setup (greetd, agetty…);
    /// written to the service's `conf.d` file as `rc_before`.
    #[serde(default)]
    pub before: Vec<ServiceName>,
    /// Where the `lainos-firstboot` program is in the installed system.
    #[serde(default = "default_oem_binary")]
    pub binary: String,
    /// Who puts the program and its init script into the installed system.
    #[serde(default)]
    pub provide: FirstbootProvision,
    /// Setup asks its questions in the graphical installer (`lainos-installer --setup`,
    /// started with xinit when no display is running) instead of on the console: the
    /// service's `conf.d` file says `firstboot_gui="yes"` and the init script passes
    /// `--gui`. The console dialogue remains the fallback when the GUI cannot start.
    /// Needs the installer, its branding, xinit and an X server in the installed
    /// system.
    #[serde(default)]
    pub gui: bool,
}

/// Who provides `lainos-firstboot` and its OpenRC script in the installed system.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FirstbootProvision {
    /// The system image ships them (LainOS: the lainos-installer package).
    #[default]
    Packaged,
    /// lainos-install copies the `lainos-firstboot` found beside itself to `binary` and
    /// writes the init script (images built without the installer's package, such as
    /// the Debian reference image of the tests).
    Copy,
}

fn default_oem_service() -> ServiceName {
    "lainos-firstboot".parse().expect("a valid service name")
}
fn default_oem_runlevel() -> Runlevel {
    Runlevel::Boot
}
fn default_oem_binary() -> String {
    "/usr/bin/lainos-firstboot".into()
}

impl Default for OemSetup {
    fn default() -> Self {
        OemSetup {
            service: default_oem_service(),
            runlevel: default_oem_runlevel(),
            before: Vec::new(),
            binary: default_oem_binary(),
            provide: FirstbootProvision::default(),
            gui: false,
        }
    }
}

/// Parses and checks a profile.
pub fn parse_profile(text: &str) -> Parsed<Profile> {
    let mut parsed = from_yaml_str::<Profile>(text, &[]);
    if let Some(p) = &parsed.value {
        let more = check_profile(p);
        parsed.add_issues(more);
    }
    parsed
}

fn check_profile(p: &Profile) -> Vec<Issue> {
    let mut v = Vec::new();
    for (field, line) in [
        ("bootloader.cmdline", &p.bootloader.cmdline),
        ("bootloader.cmdline_default", &p.bootloader.cmdline_default),
    ] {
        if line.split_whitespace().any(|w| w.starts_with("init=")) {
            v.push(Issue::error(
                field,
                format!(
                    "must not contain `init=`: the installer puts `init={}` (from `bootloader.init`) last on the command line",
                    p.bootloader.init
                ),
            ));
        }
    }
    if !p.bootloader.init.starts_with('/') {
        v.push(Issue::error("bootloader.init", "must be an absolute path"));
    }
    let mut seen = std::collections::HashMap::new();
    for (i, s) in p.services.iter().enumerate() {
        if let Some(first) = seen.insert(s.name.as_str(), i) {
            v.push(Issue::error(
                format!("services[{i}].name"),
                format!(
                    "`{}` is already in services[{first}]; a service belongs in exactly one runlevel",
                    s.name
                ),
            ));
        }
    }
    for (i, f) in p.files.iter().chain(&p.initramfs.config).enumerate() {
        if !f.path.starts_with('/') || f.path.contains("..") {
            v.push(Issue::error(
                format!("files[{i}].path"),
                "must be an absolute path without `..`",
            ));
        }
        if u32::from_str_radix(&f.mode, 8).map_or(true, |m| m > 0o7777) {
            v.push(Issue::error(
                format!("files[{i}].mode"),
                "must be an octal mode such as `0644`",
            ));
        }
    }
    for (field, path) in [
        ("kernel.image", &p.kernel.image),
        ("initramfs.image", &p.initramfs.image),
        ("bootloader.grub_cfg", &p.bootloader.grub_cfg),
        ("locale.conf", &p.locale.conf),
    ] {
        if !path.starts_with('/') {
            v.push(Issue::error(field, "must be an absolute path"));
        }
    }
    if p.initramfs
        .dracut_options
        .iter()
        .any(|o| o == "--hostonly" || o == "-H")
    {
        v.push(Issue::warning(
            "initramfs.dracut_options",
            "`--hostonly` builds an initramfs for the live machine, not the installed one",
        ));
    }
    if !p.initramfs.dracut_options.iter().any(|o| o == "--no-uefi") {
        v.push(Issue::error(
            "initramfs.dracut_options",
            "must contain `--no-uefi`: GRUB loads the kernel and initramfs, not a unified image",
        ));
    }
    if p.initramfs.root_filesystems.is_empty() {
        v.push(Issue::error(
            "initramfs.root_filesystems",
            "must name at least one filesystem the initramfs can mount as root",
        ));
    }
    let min_ram = p.requirements.min_ram.bytes().unwrap_or(0);
    match p.encryption.pbkdf_memory.bytes() {
        None => v.push(Issue::error(
            "encryption.pbkdf_memory",
            "must be a size such as `256MiB`, not `100%`",
        )),
        Some(m) if !(32 * Size::MIB..=4 * Size::GIB).contains(&m) => v.push(Issue::error(
            "encryption.pbkdf_memory",
            "must be between 32MiB and 4GiB (cryptsetup's limits for argon2id)",
        )),
        Some(m) if min_ram > 0 && m > min_ram / 2 => v.push(Issue::warning(
            "encryption.pbkdf_memory",
            "is more than half of `requirements.min_ram`: the initramfs of a small machine may run out of memory while unlocking",
        )),
        Some(_) => {}
    }
    if !(100..=60_000).contains(&p.encryption.pbkdf_time_ms) {
        v.push(Issue::error(
            "encryption.pbkdf_time_ms",
            "must be between 100 and 60000 milliseconds",
        ));
    }
    if !p.oem.binary.starts_with('/') || p.oem.binary.contains("..") {
        v.push(Issue::error(
            "oem.binary",
            "must be an absolute path without `..`",
        ));
    }
    if p.services.iter().any(|s| s.name == p.oem.service) {
        v.push(Issue::error(
            "oem.service",
            format!(
                "`{}` is in `services`; the first-boot service is enabled only for OEM installs",
                p.oem.service
            ),
        ));
    }
    if !p.live_cleanup.packages.is_empty() && p.live_cleanup.remove_command.is_empty() {
        v.push(Issue::error(
            "live_cleanup.remove_command",
            "is needed to remove `live_cleanup.packages`",
        ));
    }
    v
}
