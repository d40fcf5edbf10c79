//! Resolve: answer file + profile + probed machine + system image → [`InstallPlan`].
//! Every check against the machine happens here, before anything is written, and is
//! reported as an [`Issue`] with the field path it concerns.

use std::path::{Path, PathBuf};

use lainos_config::answer::{
    AnswerFile, FirmwareChoice, Layout, ManualPartition, Mountpoint, SwapKind,
};
use lainos_config::keyboard::{Match, console_keymap_for, xkb_conf};
use lainos_config::profile::Profile;
use lainos_config::system_files;
use lainos_config::values::{Checksum, Size, human_bytes, to_hex};
use lainos_config::{Issue, Severity};

use crate::plan::{
    Action, BootFirmware, Content, ExpectedChecksum, Fs, HookSpec, InstallPlan, KeptPartition,
    KeptRole, PartKind, PassphraseSource, PasswordSpec, Pbkdf, PlannedPartition, SourcePlan,
    VerifySpec,
};
use crate::probe::{DiskInfo, Firmware, MachineInfo, partition_path};
use crate::source::SourceInfo;

const MIB: u64 = 1024 * 1024;
const DEFAULT_HOOK_TIMEOUT: u64 = 600;

/// Where UUIDs come from: random for real installs, a counter for snapshot tests.
pub trait IdSource {
    /// A random (v4) UUID, lower case.
    fn uuid(&mut self) -> String;
    /// A FAT volume id as blkid shows it: `ABCD-1234`.
    fn vfat_id(&mut self) -> String;
    /// 32 hex digits for /etc/machine-id.
    fn machine_id(&mut self) -> String;
}

/// Random identifiers.
#[derive(Debug, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn uuid(&mut self) -> String {
        uuid::Uuid::new_v4().to_string()
    }
    fn vfat_id(&mut self) -> String {
        let hex = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
        format!("{}-{}", &hex[..4], &hex[4..])
    }
    fn machine_id(&mut self) -> String {
        uuid::Uuid::new_v4().simple().to_string()
    }
}

/// Predictable identifiers for tests: `00000000-0000-4000-8000-000000000001`, …
#[derive(Debug, Default)]
pub struct CountingIds(u64);

impl IdSource for CountingIds {
    fn uuid(&mut self) -> String {
        self.0 += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.0)
    }
    fn vfat_id(&mut self) -> String {
        self.0 += 1;
        let hex = format!("{:08X}", self.0);
        format!("{}-{}", &hex[..4], &hex[4..])
    }
    fn machine_id(&mut self) -> String {
        self.0 += 1;
        format!("{:032x}", self.0)
    }
}

/// Options that are not part of the answer file.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Installing into a disk image (OEM image mode): the live-medium and firmware checks
    /// do not apply, and the image boots with BIOS and UEFI.
    pub image_mode: bool,
    /// The `lainos-firstboot` program an OEM install copies into the target when the
    /// profile says `oem.provide: copy` (the CLI passes the one beside itself).
    pub firstboot_binary: Option<PathBuf>,
}

/// Everything resolve looks at.
pub struct ResolveInput<'a> {
    pub answers: &'a AnswerFile,
    pub profile: &'a Profile,
    pub machine: &'a MachineInfo,
    /// The target disk as probed (symlinks resolved); `None` when it does not exist.
    pub disk: Option<&'a DiskInfo>,
    /// The system image, or the reason it could not be read.
    pub source: Result<SourceInfo, String>,
    pub options: ResolveOptions,
}

/// The outcome: a plan, or the problems that prevent one. Warnings come in both.
pub type Resolved = Result<(InstallPlan, Vec<Issue>), Vec<Issue>>;

/// A partition the plan formats or mounts.
#[derive(Debug, Clone)]
struct Volume {
    device: PathBuf,
    fs: Fs,
    uuid: String,
    mountpoint: Mountpoint,
    format: bool,
    label: String,
    /// The GPT partition's unique GUID, when known.
    part_uuid: Option<String>,
    /// Set when the filesystem lives in a LUKS2 container (`device` is then the
    /// mapping).
    luks: Option<LuksVolume>,
    /// A swap partition with a random key at every boot: the mapping's name.
    random_key_swap: Option<String>,
    /// An existing LUKS volume opened for the install (`device` is then the mapping).
    unlock: Option<Unlocked>,
}

#[derive(Debug, Clone)]
struct Unlocked {
    luks: LuksVolume,
    passphrase: PassphraseSource,
}

impl Volume {
    /// How fstab names it: by UUID, or by its mapping when the UUID of a kept
    /// filesystem inside an unlocked LUKS volume is not known before it is opened.
    fn fstab_spec(&self) -> String {
        if self.uuid.is_empty() {
            self.device.display().to_string()
        } else {
            format!("UUID={}", self.uuid)
        }
    }
}

#[derive(Debug, Clone)]
struct LuksVolume {
    partition: PathBuf,
    uuid: String,
    name: String,
}

/// The passphrase of an encrypted install, checked (a file must exist and hold one).
fn passphrase_source(a: &AnswerFile, issues: &mut Vec<Issue>) -> Option<PassphraseSource> {
    read_passphrase(a.storage.encryption.as_ref()?, "storage.encryption", issues)
}

/// The passphrase of `e` (the field at `at`), checked.
fn read_passphrase(
    e: &lainos_config::answer::Encryption,
    at: &str,
    issues: &mut Vec<Issue>,
) -> Option<PassphraseSource> {
    match (&e.passphrase_file, &e.passphrase) {
        (Some(f), _) => {
            let at = format!("{at}.passphrase_file");
            match std::fs::read(f) {
                Err(err) => {
                    issues.push(Issue::error(
                        at.as_str(),
                        format!("cannot read {}: {err}", f.display()),
                    ));
                    None
                }
                Ok(bytes) if crate::exec::passphrase_bytes(bytes.clone()).is_empty() => {
                    issues.push(Issue::error(
                        at.as_str(),
                        format!("{} holds no passphrase", f.display()),
                    ));
                    None
                }
                Ok(_) => Some(PassphraseSource::File(f.clone())),
            }
        }
        (None, Some(s)) => Some(PassphraseSource::Clear(s.clone())),
        // Validation reports it.
        (None, None) => None,
    }
}

pub fn resolve(input: ResolveInput<'_>, ids: &mut dyn IdSource) -> Resolved {
    let mut issues: Vec<Issue> = Vec::new();
    let a = input.answers;
    let p = input.profile;

    let oem_actions = if a.oem.enabled {
        crate::oem::actions(a, p, input.options.firstboot_binary.as_deref(), &mut issues)
    } else {
        Vec::new()
    };
    if input.options.image_mode {
        crate::image::check_answers(a, &mut issues);
    }
    let passphrase = passphrase_source(a, &mut issues);
    let encrypt = a.storage.encryption.is_some();

    // The system image.
    let source = match &input.source {
        Ok(s) => Some(s.clone()),
        Err(why) => {
            issues.push(Issue::error("source.squashfs", why.clone()));
            None
        }
    };

    if encrypt && let Some(programs) = source.as_ref().and_then(|s| s.programs.as_ref()) {
        for prog in &p.encryption.image_programs {
            if !programs.contains(prog) {
                issues.push(Issue::error(
                    "storage.encryption",
                    format!(
                        "the system image has no `{prog}` in /usr/bin or /usr/sbin, so the installed system could not unlock its encrypted root (the profile expects it in `encryption.image_programs`)"
                    ),
                ));
            }
        }
    }

    // The disk.
    let Some(disk) = input.disk else {
        issues.push(Issue::error(
            "storage.disk",
            format!(
                "{} does not exist or is not a disk",
                a.storage.disk.display()
            ),
        ));
        return Err(issues);
    };
    check_disk(disk, input.machine, &input.options, &mut issues);

    // Firmware.
    let machine_fw = input.machine.firmware;
    let firmware = if input.options.image_mode {
        BootFirmware::Both
    } else {
        match a.storage.firmware {
            FirmwareChoice::Auto => match machine_fw {
                Firmware::Bios => BootFirmware::Bios,
                Firmware::Uefi => BootFirmware::Uefi,
            },
            FirmwareChoice::Bios => {
                if machine_fw == Firmware::Uefi {
                    issues.push(Issue::warning(
                        "storage.firmware",
                        "this machine booted with UEFI; the installed system will boot only in legacy (CSM) mode",
                    ));
                }
                BootFirmware::Bios
            }
            FirmwareChoice::Uefi => {
                if machine_fw == Firmware::Bios {
                    issues.push(Issue::warning(
                        "storage.firmware",
                        "this machine booted with BIOS; GRUB goes to the removable fallback path only, with no boot entry in the firmware",
                    ));
                }
                BootFirmware::Uefi
            }
        }
    };

    let swap_size = a
        .storage
        .swap
        .size
        .and_then(Size::bytes)
        .or(p.defaults.swap_size.bytes())
        .unwrap_or(2 << 30);
    let image_bytes = source.as_ref().map_or(0, |s| s.uncompressed_bytes);
    let margin = p.requirements.margin.bytes().unwrap_or(0);

    // Partitions and volumes.
    let mut actions: Vec<Action> = Vec::new();
    let mut kept = Vec::new();
    let volumes = match a.storage.layout {
        Layout::Erase => plan_erase(
            a,
            p,
            disk,
            firmware,
            swap_size,
            image_bytes + margin,
            encrypt,
            ids,
            &mut actions,
            &mut issues,
        ),
        Layout::Manual => plan_manual(
            a,
            p,
            disk,
            firmware,
            image_bytes + margin,
            encrypt,
            ids,
            &mut actions,
            &mut kept,
            &mut issues,
        ),
        Layout::Alongside => plan_alongside(
            a,
            p,
            disk,
            firmware,
            swap_size,
            image_bytes + margin,
            encrypt,
            ids,
            &mut actions,
            &mut kept,
            &mut issues,
        ),
    };

    if input.machine.ram_bytes > 0
        && let Some(min) = p.requirements.min_ram.bytes()
        && input.machine.ram_bytes < min
    {
        issues.push(Issue::warning(
            "",
            format!(
                "this machine has {} of memory; {} recommends at least {}",
                human_bytes(input.machine.ram_bytes),
                p.name,
                human_bytes(min)
            ),
        ));
    }

    if issues.iter().any(|i| i.severity == Severity::Error) {
        return Err(issues);
    }
    let (Some(source), Some(mut volumes)) = (source, volumes) else {
        return Err(issues);
    };

    // Encryption: / in LUKS2 (opened by the initramfs), a swap partition with a new
    // random key at every boot; then the formats, on the opened mappings.
    let pbkdf = Pbkdf {
        memory_kib: p.encryption.pbkdf_memory.bytes().unwrap_or(256 * MIB) / 1024,
        time_ms: p.encryption.pbkdf_time_ms,
    };
    let mut crypt_swaps: Vec<(String, String)> = Vec::new();
    if encrypt {
        // An unlocked volume is encrypted already: no second container inside it.
        for v in volumes
            .iter_mut()
            .filter(|v| v.format && v.unlock.is_none())
        {
            if v.mountpoint == Mountpoint::Path("/".into()) {
                let uuid = ids.uuid();
                let name = format!("luks-{uuid}");
                v.luks = Some(LuksVolume {
                    partition: v.device.clone(),
                    uuid,
                    name: name.clone(),
                });
                v.device = PathBuf::from(format!("/dev/mapper/{name}"));
            } else if v.fs == Fs::Swap {
                let Some(part_uuid) = v.part_uuid.clone() else {
                    continue;
                };
                let name = if crypt_swaps.is_empty() {
                    "cryptswap".to_string()
                } else {
                    format!("cryptswap{}", crypt_swaps.len())
                };
                crypt_swaps.push((name.clone(), part_uuid));
                v.random_key_swap = Some(name.clone());
                v.device = PathBuf::from(format!("/dev/mapper/{name}"));
            }
        }
    }
    for v in volumes.iter().filter(|v| v.format) {
        if let (Some(l), Some(pass)) = (&v.luks, &passphrase) {
            actions.push(Action::Encrypt {
                device: l.partition.clone(),
                uuid: l.uuid.clone(),
                name: l.name.clone(),
                pbkdf,
                passphrase: pass.clone(),
            });
        }
        // A random-key swap is set up (mkswap included) at every boot.
        if v.random_key_swap.is_none() {
            actions.push(format_action(v));
        }
    }

    // Existing LUKS volumes are opened before anything is written: a wrong passphrase
    // or an unexpected filesystem inside stops the install with the disk untouched.
    let unlocks: Vec<Action> = volumes
        .iter()
        .filter_map(|v| {
            v.unlock.as_ref().map(|u| Action::Unlock {
                device: u.luks.partition.clone(),
                uuid: u.luks.uuid.clone(),
                name: u.luks.name.clone(),
                passphrase: u.passphrase.clone(),
                expect_fs: (!v.format).then_some(v.fs),
            })
        })
        .collect();
    actions.splice(0..0, unlocks);

    // Source check first: nothing is written before the image is known to be good.
    let squashfs = source.path.clone();
    let expected = match a.source.as_ref().map(|s| &s.checksum) {
        Some(Checksum::Skip) => ExpectedChecksum::Skip,
        Some(Checksum::Sha512(d)) => ExpectedChecksum::Sha512(to_hex(d)),
        _ => match &p.source.checksum_file {
            Some(f)
                if a.source
                    .as_ref()
                    .and_then(|s| s.squashfs.as_ref())
                    .is_none() =>
            {
                ExpectedChecksum::FromFile(f.clone())
            }
            // A squashfs named in the answer file is checked against its own .sha512.
            _ => ExpectedChecksum::FromFile(sibling_sha512(&squashfs)),
        },
    };
    actions.insert(
        0,
        Action::VerifySource {
            squashfs: squashfs.clone(),
            expected,
        },
    );

    // Mounts, root first, then by depth.
    let root = volumes
        .iter()
        .find(|v| v.mountpoint == Mountpoint::Path("/".into()))
        .expect("a plan has a root volume")
        .clone();
    let btrfs_root = root.fs == Fs::Btrfs;
    // A subvolume gives way to a partition mounted at the same place (a kept /home).
    let subvols: Vec<_> = p
        .defaults
        .btrfs_subvolumes
        .iter()
        .filter(|sv| {
            sv.mountpoint == "/"
                || !volumes
                    .iter()
                    .any(|v| v.mountpoint == Mountpoint::Path(sv.mountpoint.clone()))
        })
        .collect();
    let subvols = &subvols;
    let swapfile_subvol = btrfs_root && a.storage.swap.kind == SwapKind::File;
    if btrfs_root && root.format {
        let mut names: Vec<String> = subvols.iter().map(|s| s.name.clone()).collect();
        if swapfile_subvol {
            names.push("@swap".into());
        }
        actions.push(Action::CreateSubvolumes {
            device: root.device.clone(),
            subvolumes: names,
        });
    }
    let mut fstab: Vec<FstabLine> = Vec::new();
    let mut mounts: Vec<(String, Action)> = Vec::new();
    // Kept filesystems (a /home) are mounted after the system image is copied and the
    // live user removed, so that neither ever writes into them.
    let mut late_mounts: Vec<(String, Action)> = Vec::new();
    for v in &volumes {
        let Mountpoint::Path(mp) = &v.mountpoint else {
            continue;
        };
        if v.fs == Fs::Btrfs && mp == "/" {
            for sv in subvols {
                let opts = vec!["noatime".to_string(), format!("subvol={}", sv.name)];
                mounts.push((
                    sv.mountpoint.clone(),
                    Action::Mount {
                        device: v.device.clone(),
                        target: sv.mountpoint.clone(),
                        fs: Fs::Btrfs,
                        options: opts.clone(),
                    },
                ));
                fstab.push(FstabLine::new(
                    &v.fstab_spec(),
                    &sv.mountpoint,
                    Fs::Btrfs,
                    &opts,
                ));
            }
            if swapfile_subvol {
                let opts = vec!["noatime".to_string(), "subvol=@swap".to_string()];
                mounts.push((
                    "/swap".into(),
                    Action::Mount {
                        device: v.device.clone(),
                        target: "/swap".into(),
                        fs: Fs::Btrfs,
                        options: opts.clone(),
                    },
                ));
                fstab.push(FstabLine::new(&v.fstab_spec(), "/swap", Fs::Btrfs, &opts));
            }
            continue;
        }
        let opts = match v.fs {
            Fs::Vfat => vec!["umask=0077".to_string()],
            _ => vec!["noatime".to_string()],
        };
        let mount = (
            mp.clone(),
            Action::Mount {
                device: v.device.clone(),
                target: mp.clone(),
                fs: v.fs,
                options: opts.clone(),
            },
        );
        if v.format || mounted_before_copy(mp) {
            mounts.push(mount);
        } else {
            late_mounts.push(mount);
        }
        fstab.push(FstabLine::new(&v.fstab_spec(), mp, v.fs, &opts));
    }
    let by_depth = |(mp, _): &(String, Action)| (mp != "/", mp.matches('/').count(), mp.clone());
    mounts.sort_by_key(by_depth);
    late_mounts.sort_by_key(by_depth);
    actions.extend(mounts.into_iter().map(|(_, m)| m));
    for v in volumes.iter().filter(|v| v.fs == Fs::Swap) {
        if v.random_key_swap.is_some() {
            // Its UUID changes at every boot: named by its mapping.
            fstab.push(FstabLine {
                spec: v.device.display().to_string(),
                mountpoint: "none".into(),
                fs: "swap".into(),
                options: "defaults".into(),
                pass: 0,
            });
            continue;
        }
        fstab.push(FstabLine::new(
            &v.fstab_spec(),
            "none",
            Fs::Swap,
            &["defaults".to_string()],
        ));
    }

    actions.push(Action::Unpack {
        squashfs: squashfs.clone(),
        bytes: source.uncompressed_bytes,
    });

    if a.storage.swap.kind == SwapKind::File {
        let path = if btrfs_root {
            "/swap/swapfile"
        } else {
            "/swapfile"
        };
        actions.push(Action::CreateSwapFile {
            path: path.into(),
            size_bytes: swap_size,
            btrfs: btrfs_root,
            uuid: ids.uuid(),
        });
        fstab.push(FstabLine {
            spec: path.into(),
            mountpoint: "none".into(),
            fs: "swap".into(),
            options: "defaults".into(),
            pass: 0,
        });
    }

    // mount -a mounts in file order: a mount point inside another mount (/boot/efi in
    // a separate /boot) must come after it, or its directory does not exist yet.
    fstab.sort_by_key(|l| {
        (
            l.mountpoint == "none",
            l.mountpoint != "/",
            l.mountpoint.matches('/').count(),
        )
    });
    actions.push(write_text("/etc/fstab", 0o644, render_fstab(&fstab)));
    actions.push(Action::MountApiFilesystems);

    let configure_from = actions.len();
    let console_keymap = configure_system(a, p, &mut actions, &mut issues, ids);
    // The kept filesystems: after the live user is gone, before users are made.
    let at = actions[configure_from..]
        .iter()
        .position(|x| matches!(x, Action::CreateGroup { .. } | Action::CreateUser { .. }))
        .map_or(actions.len(), |i| configure_from + i);
    actions.splice(at..at, late_mounts.into_iter().map(|(_, m)| m));
    actions.extend(oem_actions);

    let root_luks = volumes.iter().find_map(|v| v.luks.clone());
    // Every LUKS volume the initramfs opens: a new encrypted / and unlocked ones.
    let initramfs_luks: Vec<LuksVolume> = root_luks
        .iter()
        .cloned()
        .chain(
            volumes
                .iter()
                .filter_map(|v| v.unlock.as_ref().map(|u| u.luks.clone())),
        )
        .collect();
    let mut extra_cmdline = Vec::new();
    if !initramfs_luks.is_empty() {
        actions.push(write_text(
            "/etc/crypttab",
            0o644,
            render_crypttab(&initramfs_luks, &crypt_swaps),
        ));
        actions.push(write_text(
            "/etc/conf.d/dmcrypt",
            0o644,
            render_dmcrypt_conf(&initramfs_luks, &crypt_swaps),
        ));
        if !crypt_swaps.is_empty()
            && let Some(svc) = &p.encryption.service
            && !p.services.iter().any(|s| s.name == svc.name)
        {
            actions.push(Action::EnableService {
                name: svc.name.to_string(),
                runlevel: svc.runlevel,
                optional: svc.optional,
            });
        }
        for l in &initramfs_luks {
            extra_cmdline.push(format!("rd.luks.uuid={}", l.uuid));
        }
        extra_cmdline.push(format!("rd.vconsole.keymap={console_keymap}"));
    }

    // Boot.
    let kernel = p.kernel.image.clone();
    let initramfs = p.initramfs.image.clone();
    for f in &p.initramfs.config {
        actions.push(profile_file(f));
    }
    if !initramfs_luks.is_empty() {
        let uuids: Vec<&str> = initramfs_luks.iter().map(|l| l.uuid.as_str()).collect();
        actions.push(write_text(
            "/etc/dracut.conf.d/91-lainos-crypt.conf",
            0o644,
            format!(
                "# Written by lainos-install: LUKS {uuid}, opened by dracut's crypt module\n\
                 # (rd.luks.uuid= on the kernel command line), which asks for the passphrase once,\n\
                 # with the console keymap (i18n, rd.vconsole.keymap=).\n\
                 add_dracutmodules+=\" {modules} \"\n\
                 # For host-only builds: the keymap of the installed system.\n\
                 i18n_vars=\"{conf}:keymap-KEYMAP\"\n",
                uuid = uuids.join(", "),
                modules = p.encryption.dracut_modules.join(" "),
                conf = p.keyboard.console_conf,
            ),
        ));
    }
    // Other systems on the disk (partitions kept and not used by this one, as in an
    // install alongside): GRUB's menu lists what os-prober finds on them.
    let kept_info = kept_details(disk, &kept, &volumes, firmware);
    let others = kept_info.iter().any(|k| k.role == KeptRole::Unused);
    let os_prober = others
        && source
            .programs
            .as_ref()
            .is_none_or(|programs| programs.contains("os-prober"));
    if others && !os_prober {
        issues.push(Issue::warning(
            "storage.layout",
            format!(
                "the system image has no os-prober, so GRUB's menu will not list the other systems on {}: with UEFI firmware they keep their own boot entries; with BIOS firmware GRUB's boot code replaces theirs",
                disk.path.display()
            ),
        ));
    }
    actions.push(write_text(
        "/etc/default/grub",
        0o644,
        render_grub_defaults(p, firmware, &extra_cmdline, os_prober),
    ));
    actions.push(Action::GenerateInitramfs {
        kernel: kernel.clone(),
        initramfs: initramfs.clone(),
        options: p.initramfs.dracut_options.clone(),
    });
    let efi_dir = volumes.iter().find_map(|v| match &v.mountpoint {
        Mountpoint::Path(m) if v.fs == Fs::Vfat => Some(m.clone()),
        _ => None,
    });
    actions.push(Action::InstallBootloader {
        firmware,
        disk: disk.path.clone(),
        efi_dir: if firmware.uefi() { efi_dir } else { None },
        bootloader_id: p.bootloader.distributor.clone(),
        grub_install: p.bootloader.grub_install.clone(),
    });
    actions.push(Action::GenerateGrubConfig {
        command: p.bootloader.grub_mkconfig.clone(),
        output: p.bootloader.grub_cfg.clone(),
    });

    for h in &a.hooks.post_install {
        actions.push(Action::RunHook {
            argv: h.run.clone(),
            chroot: h.chroot,
            timeout_secs: h.timeout.map_or(DEFAULT_HOOK_TIMEOUT, |t| t.0.as_secs()),
        });
    }

    actions.push(Action::Verify(VerifySpec {
        root_uuid: root.uuid.clone(),
        kernel,
        initramfs,
        init: p.bootloader.init.clone(),
        grub_cfg: p.bootloader.grub_cfg.clone(),
        fstab: fstab
            .iter()
            .filter_map(|l| {
                l.spec
                    .strip_prefix("UUID=")
                    .map(|u| (u.to_string(), l.mountpoint.clone()))
            })
            .collect(),
        users: a.users.iter().map(|u| u.name.to_string()).collect(),
        admin_group: p.users.admin_group.to_string(),
        luks_uuids: initramfs_luks.iter().map(|l| l.uuid.clone()).collect(),
    }));
    actions.push(Action::CopyLog {
        path: "/var/log/lainos-install.log".into(),
    });
    actions.push(Action::UnmountAll);
    actions.push(Action::Finish { action: a.finish });

    let warnings: Vec<String> = issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(ToString::to_string)
        .collect();
    let plan = InstallPlan {
        disk: disk.path.clone(),
        disk_size_bytes: disk.size_bytes,
        firmware,
        source: SourcePlan {
            squashfs,
            compressed_bytes: source.compressed_bytes,
            uncompressed_bytes: source.uncompressed_bytes,
        },
        root_uuid: root.uuid,
        kept_details: kept_info,
        kept_partitions: kept,
        actions,
        warnings,
        hooks_on_error: a
            .hooks
            .on_error
            .iter()
            .map(|h| HookSpec {
                argv: h.run.clone(),
                chroot: h.chroot,
                timeout_secs: h.timeout.map_or(DEFAULT_HOOK_TIMEOUT, |t| t.0.as_secs()),
            })
            .collect(),
        image: None,
    };
    Ok((plan, issues))
}

/// The checksum file beside a squashfs: archiso's `airootfs.sha512`, or
/// `NAME.sfs.sha512` as `sha512sum NAME.sfs > NAME.sfs.sha512` makes it.
fn sibling_sha512(squashfs: &Path) -> PathBuf {
    let archiso = squashfs.with_extension("sha512");
    let appended = PathBuf::from(format!("{}.sha512", squashfs.display()));
    if !archiso.exists() && appended.exists() {
        appended
    } else {
        archiso
    }
}

fn check_disk(disk: &DiskInfo, machine: &MachineInfo, opts: &ResolveOptions, v: &mut Vec<Issue>) {
    let at = "storage.disk";
    let name = disk.path.display();
    let live = disk.is_live_medium
        || machine
            .live_medium
            .as_ref()
            .is_some_and(|l| l == &disk.path);
    if live && !opts.image_mode {
        v.push(Issue::error(
            at,
            format!("{name} holds the running live system; choose another disk"),
        ));
    }
    let iso = disk
        .filesystem
        .as_ref()
        .is_some_and(|f| f.fstype == "iso9660")
        || disk
            .partitions
            .iter()
            .any(|p| p.fs.as_ref().is_some_and(|f| f.fstype == "iso9660"));
    if iso && !live {
        v.push(Issue::error(
            at,
            format!("{name} holds an ISO 9660 image (an install medium); choose another disk"),
        ));
    }
    if !disk.mounted.is_empty() {
        let list: Vec<String> = disk
            .mounted
            .iter()
            .map(|m| m.display().to_string())
            .collect();
        v.push(Issue::error(
            at,
            format!(
                "{name} has mounted filesystems ({}); unmount them first",
                list.join(", ")
            ),
        ));
    }
    if disk.swap_active {
        v.push(Issue::error(
            at,
            format!("{name} has active swap; run `swapoff` on it first"),
        ));
    }
    if disk.read_only {
        v.push(Issue::error(at, format!("{name} is read-only")));
    }
    if !disk.holders.is_empty() {
        v.push(Issue::error(
            at,
            format!(
                "{name} is in use by {} (device-mapper, RAID or LVM); release it first",
                disk.holders.join(", ")
            ),
        ));
    }
}

/// The free region `layout: alongside` puts its partitions into: the largest of the
/// disk's [free regions](DiskInfo::free_regions), aligned at both ends and ending before
/// the backup GPT, as `(start_bytes, size_bytes)`. `None` when the disk has no free
/// region; the size may be 0 after alignment. The GUI shows it before the user chooses.
#[must_use]
pub fn largest_free_region(disk: &DiskInfo) -> Option<(u64, u64)> {
    let (sector, ..) = geometry(disk);
    largest_free_sectors(disk).map(|(first, end)| (first * sector, (end - first) * sector))
}

/// [`largest_free_region`] in logical sectors, as `(first, end)` (end exclusive).
fn largest_free_sectors(disk: &DiskInfo) -> Option<(u64, u64)> {
    let (sector, _total, align, last_usable) = geometry(disk);
    disk.free_regions()
        .into_iter()
        .map(|(s, len)| {
            let first = (s / sector).div_ceil(align) * align;
            let end = (((s + len) / sector).min(last_usable + 1) / align) * align;
            (first, end.max(first))
        })
        .max_by_key(|&(first, end)| end - first)
}

/// Sectors of the disk, the first usable aligned sector, and the last usable sector.
fn geometry(disk: &DiskInfo) -> (u64, u64, u64, u64) {
    let sector = disk.logical_sector_size.max(512);
    let total = disk.size_bytes / sector;
    let align = (MIB / sector).max(1);
    // The backup GPT: 16 KiB of entries and the header at the end.
    let reserved = 16384 / sector + 1;
    let last_usable = total.saturating_sub(reserved + 1);
    (sector, total, align, last_usable)
}

/// A partition the erase and alongside layouts want, in disk order.
struct Want {
    kind: PartKind,
    name: &'static str,
    /// `None`: the rest of the space.
    bytes: Option<u64>,
    fs: Option<Fs>,
    mountpoint: Option<Mountpoint>,
    label: String,
}

/// What `erase` and `alongside` share: the root filesystem, whether /boot is separate
/// (encryption implies it), and the partitions to create. `None` after an error.
struct FreshLayout {
    wants: Vec<Want>,
    /// Bytes the new partitions need beyond their fixed sizes: the root's needs and a
    /// swap file.
    flexible: u64,
}

#[allow(clippy::too_many_arguments)]
fn fresh_layout(
    a: &AnswerFile,
    p: &Profile,
    firmware: BootFirmware,
    swap_size: u64,
    root_needs: u64,
    encrypt: bool,
    with_bios_boot: bool,
    with_esp: bool,
    issues: &mut Vec<Issue>,
) -> Option<FreshLayout> {
    let root_fs = a.storage.filesystem.unwrap_or(p.defaults.filesystem);
    if !p.initramfs.root_filesystems.contains(&root_fs) {
        issues.push(Issue::error(
            "storage.filesystem",
            unmountable_root(p, root_fs.as_str()),
        ));
        return None;
    }
    let fs: Fs = root_fs.into();
    let mut separate_boot = a.storage.separate_boot.unwrap_or(p.defaults.separate_boot);
    if encrypt && !separate_boot {
        if a.storage.separate_boot == Some(false) {
            issues.push(Issue::error(
                "storage.separate_boot",
                "an encrypted / needs a separate, unencrypted /boot: GRUB reads the kernel and initramfs from it without a passphrase, and the initramfs asks for it once; remove `separate_boot: false` or the encryption",
            ));
            return None;
        }
        issues.push(Issue::warning(
            "storage.separate_boot",
            format!(
                "the encrypted / needs an unencrypted /boot: a separate {} ext4 /boot is added",
                human_bytes(p.defaults.boot_size.bytes().unwrap_or(1 << 30))
            ),
        ));
        separate_boot = true;
    }
    let mib = |b: u64| b.div_ceil(MIB) * MIB;
    let mut wants = Vec::new();
    if firmware.bios() && with_bios_boot {
        wants.push(Want {
            kind: PartKind::BiosBoot,
            name: "bios-boot",
            bytes: Some(MIB),
            fs: None,
            mountpoint: None,
            label: String::new(),
        });
    }
    if firmware.uefi() && with_esp {
        wants.push(Want {
            kind: PartKind::Esp,
            name: "efi",
            bytes: Some(mib(p.defaults.esp_size.bytes().unwrap_or(512 * MIB))),
            fs: Some(Fs::Vfat),
            mountpoint: Some(Mountpoint::Path("/boot/efi".into())),
            label: "EFI".into(),
        });
    }
    if separate_boot {
        wants.push(Want {
            kind: PartKind::Boot,
            name: "boot",
            bytes: Some(mib(p.defaults.boot_size.bytes().unwrap_or(1 << 30))),
            fs: Some(Fs::Ext4),
            mountpoint: Some(Mountpoint::Path("/boot".into())),
            label: "boot".into(),
        });
    }
    if a.storage.swap.kind == SwapKind::Partition {
        wants.push(Want {
            kind: PartKind::Swap,
            name: "swap",
            bytes: Some(mib(swap_size)),
            fs: Some(Fs::Swap),
            mountpoint: Some(Mountpoint::Swap),
            label: "swap".into(),
        });
    }
    wants.push(Want {
        kind: PartKind::Root,
        name: "root",
        bytes: None,
        fs: Some(fs),
        mountpoint: Some(Mountpoint::Path("/".into())),
        label: root_label(p, fs),
    });
    let swapfile = if a.storage.swap.kind == SwapKind::File {
        swap_size
    } else {
        0
    };
    Some(FreshLayout {
        wants,
        flexible: root_needs + swapfile,
    })
}

/// Lays `wants` out from sector `start` to `end_limit` (exclusive, aligned), numbered
/// from `numbers`: the partitions to write and the volumes on them.
#[allow(clippy::too_many_arguments)]
fn place_wants(
    wants: &[Want],
    p: &Profile,
    disk: &DiskInfo,
    sector: u64,
    mut start: u64,
    end_limit: u64,
    numbers: &mut dyn Iterator<Item = u32>,
    ids: &mut dyn IdSource,
) -> (Vec<PlannedPartition>, Vec<Volume>) {
    let mut parts = Vec::new();
    let mut volumes = Vec::new();
    for w in wants {
        let number = numbers.next().expect("GPT has 128 entries");
        let sectors = match w.bytes {
            Some(b) => b / sector,
            None => end_limit - start,
        };
        let end = start + sectors - 1;
        let device = partition_path(&disk.path, number);
        let part_uuid = ids.uuid();
        parts.push(PlannedPartition {
            number,
            device: device.clone(),
            kind: w.kind,
            name: format!("{}-{}", p.id.to_lowercase(), w.name),
            type_guid: w.kind.type_guid().to_string(),
            part_uuid: part_uuid.clone(),
            start_lba: start,
            end_lba: end,
            size_bytes: sectors * sector,
        });
        if let (Some(fs), Some(mp)) = (w.fs, &w.mountpoint) {
            let uuid = if fs == Fs::Vfat {
                ids.vfat_id()
            } else {
                ids.uuid()
            };
            volumes.push(Volume {
                device,
                fs,
                uuid,
                mountpoint: mp.clone(),
                format: true,
                label: w.label.clone(),
                part_uuid: Some(part_uuid),
                luks: None,
                random_key_swap: None,
                unlock: None,
            });
        }
        start = end + 1;
    }
    (parts, volumes)
}

#[allow(clippy::too_many_arguments)]
fn plan_erase(
    a: &AnswerFile,
    p: &Profile,
    disk: &DiskInfo,
    firmware: BootFirmware,
    swap_size: u64,
    root_needs: u64,
    encrypt: bool,
    ids: &mut dyn IdSource,
    actions: &mut Vec<Action>,
    issues: &mut Vec<Issue>,
) -> Option<Vec<Volume>> {
    let FreshLayout { wants, flexible } = fresh_layout(
        a, p, firmware, swap_size, root_needs, encrypt, true, true, issues,
    )?;
    let (sector, _total, align, last_usable) = geometry(disk);

    // Size check: the fixed partitions, the root's needs, a swap file, 2 MiB of GPT.
    let fixed: u64 = wants.iter().filter_map(|w| w.bytes).sum();
    let need = fixed + flexible + 2 * MIB;
    if disk.size_bytes < need {
        issues.push(Issue::error(
            "storage.disk",
            format!(
                "{} is {}; this layout needs at least {}",
                disk.path.display(),
                human_bytes(disk.size_bytes),
                need_breakdown(need, fixed, root_needs, flexible - root_needs),
            ),
        ));
        return None;
    }

    let end_limit = ((last_usable + 1) / align) * align; // exclusive, aligned
    let (parts, volumes) = place_wants(
        &wants,
        p,
        disk,
        sector,
        align,
        end_limit,
        &mut (1u32..),
        ids,
    );
    actions.push(Action::WipeDisk {
        disk: disk.path.clone(),
    });
    actions.push(Action::WritePartitionTable {
        disk: disk.path.clone(),
        sector_size: sector,
        fresh: true,
        partitions: parts,
    });
    Some(volumes)
}

/// "N (R for the system image and free space, F for boot and swap partitions, S for
/// the swap file)".
fn need_breakdown(need: u64, fixed: u64, root_needs: u64, swapfile: u64) -> String {
    format!(
        "{} ({} for the system image and free space{}{})",
        human_bytes(need),
        human_bytes(root_needs),
        if fixed > 0 {
            format!(", {} for boot and swap partitions", human_bytes(fixed))
        } else {
            String::new()
        },
        if swapfile > 0 {
            format!(", {} for the swap file", human_bytes(swapfile))
        } else {
            String::new()
        }
    )
}

/// A reused EFI system partition under 100 MiB: a warning at `at`, not a refusal.
fn warn_small_esp(disk: &DiskInfo, device: &Path, at: &str, issues: &mut Vec<Issue>) {
    if let Some(part) = disk.partitions.iter().find(|q| q.path == device)
        && part.size_bytes < 100 * MIB
    {
        issues.push(Issue::warning(
            at,
            format!(
                "the EFI system partition {} is only {}; GRUB fits, but other systems' boot files may not",
                part.path.display(),
                human_bytes(part.size_bytes)
            ),
        ));
    }
}

fn has_type(part: &crate::probe::PartitionInfo, kind: PartKind) -> bool {
    part.part_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case(kind.type_guid()))
}

/// `layout: alongside`: every existing partition stays; the new ones go into the
/// largest free space. An existing ESP (UEFI) and BIOS boot partition are reused.
#[allow(clippy::too_many_arguments)]
fn plan_alongside(
    a: &AnswerFile,
    p: &Profile,
    disk: &DiskInfo,
    firmware: BootFirmware,
    swap_size: u64,
    root_needs: u64,
    encrypt: bool,
    ids: &mut dyn IdSource,
    actions: &mut Vec<Action>,
    kept: &mut Vec<PathBuf>,
    issues: &mut Vec<Issue>,
) -> Option<Vec<Volume>> {
    match disk.table {
        Some(crate::probe::TableKind::Gpt) => {}
        Some(_) => {
            issues.push(Issue::error(
                "storage.layout",
                format!(
                    "{} has an MBR (DOS) partition table; `layout: alongside` needs GPT (converting the table of a disk with other systems is not done here)",
                    disk.path.display()
                ),
            ));
            return None;
        }
        None => {
            issues.push(Issue::error(
                "storage.layout",
                format!(
                    "{} has no partition table, so there is nothing to install alongside: use `layout: erase`",
                    disk.path.display()
                ),
            ));
            return None;
        }
    }
    // The ESP of the other systems: GRUB's files are added to it.
    let esp = if firmware.uefi() {
        match disk.partitions.iter().find(|q| has_type(q, PartKind::Esp)) {
            Some(part) => match part.fs.as_ref() {
                Some(f) if f.fstype == "vfat" => match &f.uuid {
                    Some(uuid) => Some(Volume {
                        device: part.path.clone(),
                        fs: Fs::Vfat,
                        uuid: uuid.clone(),
                        mountpoint: Mountpoint::Path("/boot/efi".into()),
                        format: false,
                        label: "EFI".into(),
                        part_uuid: part.part_uuid.clone(),
                        luks: None,
                        random_key_swap: None,
                        unlock: None,
                    }),
                    None => {
                        issues.push(Issue::error(
                            "storage.layout",
                            format!(
                                "the EFI system partition {} has no filesystem serial number",
                                part.path.display()
                            ),
                        ));
                        return None;
                    }
                },
                _ => {
                    issues.push(Issue::error(
                        "storage.layout",
                        format!(
                            "{} is marked as EFI system partition but holds no FAT filesystem; repair it, or choose the partitions with `layout: manual`",
                            part.path.display()
                        ),
                    ));
                    return None;
                }
            },
            None => None,
        }
    } else {
        None
    };
    if let Some(e) = &esp {
        warn_small_esp(disk, &e.device, "storage.layout", issues);
    }
    let bios_boot = if firmware.bios() {
        disk.partitions
            .iter()
            .find(|q| has_type(q, PartKind::BiosBoot))
    } else {
        None
    };
    let bios_boot = bios_boot.is_some();
    let FreshLayout { wants, flexible } = fresh_layout(
        a,
        p,
        firmware,
        swap_size,
        root_needs,
        encrypt,
        !bios_boot,
        esp.is_none(),
        issues,
    )?;
    if bios_boot {
        issues.push(Issue::warning(
            "storage.layout",
            "the disk's BIOS boot partition is reused: GRUB's core image replaces the one it holds, and this system's GRUB starts at power-on",
        ));
    }

    let (sector, ..) = geometry(disk);
    let region = largest_free_sectors(disk);
    let fixed: u64 = wants.iter().filter_map(|w| w.bytes).sum();
    let need = fixed + flexible;
    let have = region.map_or(0, |(first, end)| (end - first) * sector);
    if have < need {
        issues.push(Issue::error(
            "storage.layout",
            format!(
                "the largest free space on {} is {}; installing alongside needs {}: shrink another system's partition first",
                disk.path.display(),
                human_bytes(have),
                need_breakdown(need, fixed, root_needs, flexible - root_needs),
            ),
        ));
        return None;
    }
    let (first, end) = region.expect("checked above");
    let used: Vec<u32> = disk.partitions.iter().map(|q| q.number).collect();
    let mut numbers = (1u32..=128).filter(|n| !used.contains(n));
    if wants.len() > 128 - used.len() {
        issues.push(Issue::error(
            "storage.layout",
            format!("the partition table of {} is full", disk.path.display()),
        ));
        return None;
    }
    let (parts, mut volumes) = place_wants(&wants, p, disk, sector, first, end, &mut numbers, ids);
    kept.extend(disk.partitions.iter().map(|q| q.path.clone()));
    if let Some(e) = esp {
        volumes.insert(0, e);
    }
    actions.push(Action::WritePartitionTable {
        disk: disk.path.clone(),
        sector_size: sector,
        fresh: false,
        partitions: parts,
    });
    Some(volumes)
}

/// What happens to each partition the plan keeps, for the person confirming it.
fn kept_details(
    disk: &DiskInfo,
    kept: &[PathBuf],
    volumes: &[Volume],
    firmware: BootFirmware,
) -> Vec<KeptPartition> {
    kept.iter()
        .filter_map(|path| disk.partitions.iter().find(|q| &q.path == path))
        .map(|q| {
            let volume = volumes.iter().find(|v| {
                v.device == q.path
                    || v.luks.as_ref().is_some_and(|l| l.partition == q.path)
                    || v.unlock
                        .as_ref()
                        .is_some_and(|u| u.luks.partition == q.path)
            });
            let role = match volume {
                Some(v) if v.fs == Fs::Vfat => KeptRole::EspFilesAdded,
                Some(v) => match &v.mountpoint {
                    Mountpoint::Swap => KeptRole::Swap,
                    Mountpoint::Path(m) => KeptRole::Mounted(m.clone()),
                },
                None if firmware.bios() && has_type(q, PartKind::BiosBoot) => {
                    KeptRole::BiosBootRewritten
                }
                None => KeptRole::Unused,
            };
            KeptPartition {
                device: q.path.clone(),
                size_bytes: q.size_bytes,
                filesystem: q.fs.as_ref().map(|f| f.fstype.clone()),
                label: q
                    .fs
                    .as_ref()
                    .and_then(|f| f.label.clone())
                    .or_else(|| q.part_label.clone()),
                role,
            }
        })
        .collect()
}

/// A kept filesystem at these places is mounted before the system image is copied:
/// the kernel and GRUB's files go there.
fn mounted_before_copy(mp: &str) -> bool {
    mp == "/" || mp == "/boot" || mp.starts_with("/boot/")
}

/// Places of the system itself: a filesystem kept there would mix an old system's files
/// with the new one's.
const SYSTEM_DIRS: &[&str] = &[
    "/usr", "/var", "/etc", "/bin", "/sbin", "/lib", "/lib64", "/opt",
];

fn unmountable_root(p: &Profile, fs: &str) -> String {
    let known: Vec<&str> = p
        .initramfs
        .root_filesystems
        .iter()
        .map(|f| f.as_str())
        .collect();
    format!(
        "the initramfs of {} cannot mount a {fs} root (it mounts {}; profile field `initramfs.root_filesystems`)",
        p.name,
        known.join(", ")
    )
}

fn root_label(p: &Profile, fs: Fs) -> String {
    let mut l: String =
        p.id.to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
    if l.is_empty() {
        l = "root".into();
    }
    // xfs labels hold 12 bytes at most.
    let max = if fs == Fs::Xfs { 12 } else { 16 };
    l.truncate(max);
    l
}

fn format_action(v: &Volume) -> Action {
    Action::Format {
        device: v.device.clone(),
        fs: v.fs,
        label: v.label.clone(),
        uuid: v.uuid.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
fn plan_manual(
    a: &AnswerFile,
    p: &Profile,
    disk: &DiskInfo,
    firmware: BootFirmware,
    root_needs: u64,
    encrypt: bool,
    ids: &mut dyn IdSource,
    actions: &mut Vec<Action>,
    kept: &mut Vec<PathBuf>,
    issues: &mut Vec<Issue>,
) -> Option<Vec<Volume>> {
    let (sector, _total, align, last_usable) = geometry(disk);
    let mut volumes = Vec::new();
    let mut new_parts = Vec::new();
    let mut free = disk.free_regions();
    let mut next_number = disk.partitions.iter().map(|p| p.number).max().unwrap_or(0) + 1;
    let before = issues.len();

    if disk
        .table
        .as_ref()
        .is_some_and(|t| !matches!(t, crate::probe::TableKind::Gpt))
    {
        issues.push(Issue::error(
            "storage.disk",
            format!(
                "{} has an MBR (DOS) partition table; manual layouts need GPT (use `layout: erase` to start afresh)",
                disk.path.display()
            ),
        ));
        return None;
    }

    for (i, mp) in a.storage.partitions.iter().enumerate() {
        let at = |f: &str| format!("storage.partitions[{i}]{f}");
        match (&mp.device, mp.size) {
            (Some(dev), _) => {
                let dev_real = std::fs::canonicalize(dev).unwrap_or_else(|_| dev.clone());
                let Some(part) = disk
                    .partitions
                    .iter()
                    .find(|p| p.path == dev_real || p.path == *dev)
                else {
                    issues.push(Issue::error(
                        at(".device"),
                        format!(
                            "{} is not a partition of {}",
                            dev.display(),
                            disk.path.display()
                        ),
                    ));
                    continue;
                };
                let existing = part.fs.as_ref();
                let fs: Fs = mp.filesystem.into();
                let is_luks = existing.is_some_and(|e| e.fstype == "crypto_LUKS");
                let unlocked = match (&mp.unlock, is_luks) {
                    (None, false) => None,
                    (None, true) => {
                        issues.push(Issue::error(
                            at(".unlock"),
                            format!(
                                "{} is a LUKS volume: add `unlock: {{ passphrase_file: … }}` to open it (its contents are then formatted or kept as `format` says)",
                                part.path.display()
                            ),
                        ));
                        continue;
                    }
                    (Some(_), false) => {
                        issues.push(Issue::error(
                            at(".unlock"),
                            format!(
                                "{} holds {}, not a LUKS volume",
                                part.path.display(),
                                existing.map_or("nothing blkid knows", |e| e.fstype.as_str())
                            ),
                        ));
                        continue;
                    }
                    (Some(u), true) => {
                        let Some(luks_uuid) = existing.and_then(|e| e.uuid.clone()) else {
                            issues.push(Issue::error(
                                at(".device"),
                                format!("the LUKS volume {} has no UUID", part.path.display()),
                            ));
                            continue;
                        };
                        let Some(passphrase) = read_passphrase(u, &at(".unlock"), issues) else {
                            continue;
                        };
                        Some(Unlocked {
                            luks: LuksVolume {
                                partition: part.path.clone(),
                                name: format!("luks-{luks_uuid}"),
                                uuid: luks_uuid,
                            },
                            passphrase,
                        })
                    }
                };
                let uuid = if mp.format {
                    if fs == Fs::Vfat {
                        ids.vfat_id()
                    } else {
                        ids.uuid()
                    }
                } else if unlocked.is_some() {
                    // Known once the volume is open: fstab names the mapping, and the
                    // executor checks the filesystem inside.
                    String::new()
                } else {
                    match existing {
                        Some(e) if e.fstype == fs_blkid_name(fs) => match &e.uuid {
                            Some(u) => u.clone(),
                            None => {
                                issues.push(Issue::error(
                                    at(".device"),
                                    format!("{} has no filesystem UUID", part.path.display()),
                                ));
                                continue;
                            }
                        },
                        Some(e) => {
                            issues.push(Issue::error(
                                at(".filesystem"),
                                format!(
                                    "{} holds {}, not {}; set `format: true` to reformat it",
                                    part.path.display(),
                                    e.fstype,
                                    fs.as_str()
                                ),
                            ));
                            continue;
                        }
                        None => {
                            issues.push(Issue::error(
                                at(".format"),
                                format!(
                                    "{} holds no filesystem; set `format: true`",
                                    part.path.display()
                                ),
                            ));
                            continue;
                        }
                    }
                };
                if mp.mountpoint == Mountpoint::Path("/".into()) && part.size_bytes < root_needs {
                    issues.push(Issue::error(
                        at(".device"),
                        format!(
                            "{} is {}; the root filesystem needs at least {}",
                            part.path.display(),
                            human_bytes(part.size_bytes),
                            human_bytes(root_needs)
                        ),
                    ));
                }
                if !mp.format && mp.mountpoint == Mountpoint::Path("/".into()) {
                    issues.push(Issue::error(
                        at(".format"),
                        "the root filesystem must be formatted: the system image is copied onto an empty filesystem",
                    ));
                }
                if !mp.format
                    && let Mountpoint::Path(m) = &mp.mountpoint
                    && let Some(dir) = SYSTEM_DIRS
                        .iter()
                        .find(|d| m == **d || m.starts_with(&format!("{d}/")))
                {
                    issues.push(Issue::error(
                        at(".format"),
                        format!(
                            "{m} is part of the system: keeping the filesystem there would mix an old system's files in {dir} with the new one's; set `format: true`"
                        ),
                    ));
                }
                if !mp.format {
                    kept.push(part.path.clone());
                }
                volumes.push(Volume {
                    device: unlocked.as_ref().map_or_else(
                        || part.path.clone(),
                        |u| PathBuf::from(format!("/dev/mapper/{}", u.luks.name)),
                    ),
                    fs,
                    uuid,
                    mountpoint: mp.mountpoint.clone(),
                    format: mp.format,
                    label: manual_label(mp),
                    part_uuid: part.part_uuid.clone(),
                    luks: None,
                    random_key_swap: None,
                    unlock: unlocked,
                });
            }
            (None, Some(size)) => {
                // A new partition in the first free region that holds it.
                let want_sectors = size.bytes().map(|b| b.div_ceil(MIB) * MIB / sector);
                // A sized partition takes the first region that holds it; `100%` the
                // largest region.
                let slot = match want_sectors {
                    Some(w) => free
                        .iter()
                        .position(|&(s, len)| len / sector >= w && s / sector >= align),
                    None => free
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, len))| *len >= MIB)
                        .max_by_key(|(_, (_, len))| *len)
                        .map(|(i, _)| i),
                };
                let Some(idx) = slot else {
                    issues.push(Issue::error(
                        at(".size"),
                        format!("{} has no free space of {size}", disk.path.display()),
                    ));
                    continue;
                };
                let (s, len) = free[idx];
                let start = (s / sector).div_ceil(align) * align;
                let region_end = ((s + len) / sector).min(last_usable + 1);
                let sectors = match want_sectors {
                    Some(w) => w,
                    None => ((region_end - start) / align) * align,
                };
                if sectors == 0 || start + sectors > region_end {
                    issues.push(Issue::error(
                        at(".size"),
                        format!("{} has no free space of {size}", disk.path.display()),
                    ));
                    continue;
                }
                if mp.mountpoint == Mountpoint::Path("/".into()) && sectors * sector < root_needs {
                    issues.push(Issue::error(
                        at(".size"),
                        format!(
                            "the new root partition would be {}; the root filesystem needs at least {}",
                            human_bytes(sectors * sector),
                            human_bytes(root_needs)
                        ),
                    ));
                    continue;
                }
                let end = start + sectors - 1;
                let used = (end + 1) * sector - s;
                free[idx] = (s + used, len.saturating_sub(used));
                let number = next_number;
                next_number += 1;
                let device = partition_path(&disk.path, number);
                let fs: Fs = mp.filesystem.into();
                let part_uuid = ids.uuid();
                let kind = match (&mp.mountpoint, fs) {
                    (Mountpoint::Swap, _) => PartKind::Swap,
                    (_, Fs::Vfat) => PartKind::Esp,
                    (Mountpoint::Path(m), _) if m == "/" => PartKind::Root,
                    (Mountpoint::Path(m), _) if m == "/boot" => PartKind::Boot,
                    _ => PartKind::Linux,
                };
                new_parts.push(PlannedPartition {
                    number,
                    device: device.clone(),
                    kind,
                    name: format!("lainos-{}", manual_label(mp)),
                    type_guid: kind.type_guid().into(),
                    part_uuid: part_uuid.clone(),
                    start_lba: start,
                    end_lba: end,
                    size_bytes: sectors * sector,
                });
                volumes.push(Volume {
                    device,
                    fs,
                    uuid: if fs == Fs::Vfat {
                        ids.vfat_id()
                    } else {
                        ids.uuid()
                    },
                    mountpoint: mp.mountpoint.clone(),
                    format: true,
                    label: manual_label(mp),
                    part_uuid: Some(part_uuid),
                    luks: None,
                    random_key_swap: None,
                    unlock: None,
                });
            }
            (None, None) => {}
        }
    }
    // Partitions of the disk that the layout does not use stay as they are.
    for part in &disk.partitions {
        if !volumes.iter().any(|v| {
            v.device == part.path
                || v.unlock
                    .as_ref()
                    .is_some_and(|u| u.luks.partition == part.path)
        }) && !kept.contains(&part.path)
        {
            kept.push(part.path.clone());
        }
    }
    // The root must be one the initramfs can mount.
    for (i, mp) in a.storage.partitions.iter().enumerate() {
        if mp.mountpoint != Mountpoint::Path("/".into()) {
            continue;
        }
        let fs: Fs = mp.filesystem.into();
        let supported = match fs {
            Fs::Ext4 => Some(lainos_config::answer::RootFilesystem::Ext4),
            Fs::Btrfs => Some(lainos_config::answer::RootFilesystem::Btrfs),
            Fs::Xfs => Some(lainos_config::answer::RootFilesystem::Xfs),
            Fs::Vfat | Fs::Swap => None,
        }
        .is_some_and(|r| p.initramfs.root_filesystems.contains(&r));
        if !supported {
            issues.push(Issue::error(
                format!("storage.partitions[{i}].filesystem"),
                unmountable_root(p, fs.as_str()),
            ));
        }
    }
    // GRUB reads the kernel without a passphrase: not from inside an unlocked volume.
    let at_mp = |mp: &ManualPartition, p: &str| mp.mountpoint == Mountpoint::Path(p.into());
    for (i, mp) in a.storage.partitions.iter().enumerate() {
        if mp.unlock.is_none() {
            continue;
        }
        if at_mp(mp, "/boot") {
            issues.push(Issue::error(
                format!("storage.partitions[{i}].unlock"),
                "GRUB cannot read the kernel from an encrypted /boot without asking for the passphrase itself (cryptodisk): /boot must be a plain partition",
            ));
        } else if at_mp(mp, "/") && !a.storage.partitions.iter().any(|q| at_mp(q, "/boot")) {
            issues.push(Issue::error(
                format!("storage.partitions[{i}].unlock"),
                "/ is inside a LUKS volume, and GRUB cannot read the kernel from it without asking for the passphrase itself (cryptodisk): add an unencrypted /boot partition (ext4, 1GiB)",
            ));
        }
    }
    if encrypt {
        manual_encryption_checks(a, &mut volumes, issues);
    }
    // Boot needs.
    let has_esp = volumes.iter().any(|v| v.fs == Fs::Vfat);
    if firmware.uefi() && !has_esp {
        issues.push(Issue::error(
            "storage.partitions",
            "a UEFI install needs an EFI system partition: add a vfat partition with `mountpoint: /boot/efi`",
        ));
    }
    if firmware.bios() {
        let has_bios_boot = disk.partitions.iter().any(|p| {
            p.part_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(PartKind::BiosBoot.type_guid()))
        });
        if !has_bios_boot {
            issues.push(Issue::error(
                "storage.partitions",
                format!(
                    "a BIOS install on a GPT disk needs a 1 MiB BIOS boot partition, and {} has none",
                    disk.path.display()
                ),
            ));
        }
    }
    if let Some(esp) = volumes.iter().find(|v| v.fs == Fs::Vfat) {
        warn_small_esp(disk, &esp.device, "storage.partitions", issues);
    }
    if issues[before..].iter().any(Issue::is_error) {
        return None;
    }
    if !new_parts.is_empty() {
        actions.push(Action::WritePartitionTable {
            disk: disk.path.clone(),
            sector_size: sector,
            fresh: false,
            partitions: new_parts,
        });
    }
    Some(volumes)
}

/// A manual layout with `storage.encryption`: / (and new or formatted swap) is
/// encrypted; GRUB needs an unencrypted /boot; other filesystems this version cannot
/// encrypt are refused when formatted and named in a warning when kept.
fn manual_encryption_checks(a: &AnswerFile, volumes: &mut [Volume], issues: &mut Vec<Issue>) {
    let is = |m: &Mountpoint, p: &str| *m == Mountpoint::Path(p.into());
    if !a
        .storage
        .partitions
        .iter()
        .any(|mp| is(&mp.mountpoint, "/boot"))
    {
        issues.push(Issue::error(
            "storage.partitions",
            "with `storage.encryption` the root is encrypted, and GRUB cannot read the kernel from an encrypted /boot without asking for the passphrase itself (cryptodisk): add an unencrypted /boot partition (ext4, 1GiB)",
        ));
    }
    for (i, mp) in a.storage.partitions.iter().enumerate() {
        let Mountpoint::Path(path) = &mp.mountpoint else {
            continue;
        };
        if path == "/"
            || path == "/boot"
            || mp.filesystem == lainos_config::answer::PartitionFilesystem::Vfat
            || mp.unlock.is_some()
        {
            continue;
        }
        if mp.format {
            issues.push(Issue::error(
                format!("storage.partitions[{i}]"),
                format!(
                    "this version encrypts / and swap partitions only; {path} would be readable without the passphrase: put it inside / or leave out `storage.encryption`"
                ),
            ));
        } else {
            issues.push(Issue::warning(
                format!("storage.partitions[{i}]"),
                format!("{path} is kept as it is, unencrypted"),
            ));
        }
    }
    for v in volumes.iter_mut() {
        if v.fs == Fs::Swap && !v.format {
            issues.push(Issue::warning(
                "storage.partitions",
                format!(
                    "the swap partition {} is kept as it is, unencrypted; set `format: true` to encrypt it with a new key at every boot",
                    v.device.display()
                ),
            ));
        }
    }
}

fn manual_label(mp: &ManualPartition) -> String {
    match &mp.mountpoint {
        Mountpoint::Swap => "swap".into(),
        Mountpoint::Path(p) if p == "/" => "root".into(),
        Mountpoint::Path(p)
            if mp.filesystem == lainos_config::answer::PartitionFilesystem::Vfat =>
        {
            let _ = p;
            "EFI".into()
        }
        Mountpoint::Path(p) => {
            let mut l: String = p.trim_start_matches('/').replace('/', "-");
            l.truncate(12);
            l
        }
    }
}

/// The name blkid gives a filesystem.
fn fs_blkid_name(fs: Fs) -> &'static str {
    fs.as_str()
}

struct FstabLine {
    spec: String,
    mountpoint: String,
    fs: String,
    options: String,
    pass: u8,
}

impl FstabLine {
    fn new(spec: &str, mountpoint: &str, fs: Fs, options: &[String]) -> Self {
        let pass = match (fs, mountpoint) {
            (Fs::Swap | Fs::Btrfs | Fs::Xfs, _) => 0,
            (_, "/") => 1,
            _ => 2,
        };
        FstabLine {
            spec: spec.to_string(),
            mountpoint: mountpoint.to_string(),
            fs: fs.as_str().to_string(),
            options: if options.is_empty() {
                "defaults".into()
            } else {
                options.join(",")
            },
            pass,
        }
    }
}

fn render_fstab(lines: &[FstabLine]) -> String {
    let mut s = String::from(
        "# /etc/fstab, written by lainos-install. Filesystems are named by UUID.\n\
         # <file system>                            <mount point>  <type>  <options>  <dump> <pass>\n",
    );
    for l in lines {
        s.push_str(&format!(
            "{:<44} {:<14} {:<7} {} 0 {}\n",
            l.spec, l.mountpoint, l.fs, l.options, l.pass
        ));
    }
    s
}

/// `os_prober`: let grub-mkconfig run os-prober (other systems on the disk).
fn render_grub_defaults(
    p: &Profile,
    firmware: BootFirmware,
    extra_cmdline: &[String],
    os_prober: bool,
) -> String {
    let cmdline = extra_cmdline
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(p.bootloader.cmdline.as_str()))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut s = format!(
        "# Written by lainos-install from the {} profile.\n\
         GRUB_DEFAULT=0\n\
         GRUB_TIMEOUT=5\n\
         GRUB_DISTRIBUTOR=\"{}\"\n\
         GRUB_CMDLINE_LINUX_DEFAULT=\"{}\"\n\
         GRUB_CMDLINE_LINUX=\"{}\"\n\
         GRUB_DISABLE_OS_PROBER={}\n\
         GRUB_DISABLE_RECOVERY=true\n\
         GRUB_TERMINAL_INPUT=\"console serial\"\n\
         GRUB_TERMINAL_OUTPUT=\"console serial\"\n\
         GRUB_SERIAL_COMMAND=\"serial --unit=0 --speed=115200\"\n",
        p.name,
        p.bootloader.distributor,
        // grub-mkconfig writes GRUB_CMDLINE_LINUX, then GRUB_CMDLINE_LINUX_DEFAULT:
        // `init=` ends the latter so that it is the command line's last word.
        format!(
            "{} init={}",
            p.bootloader.cmdline_default, p.bootloader.init
        )
        .trim(),
        cmdline,
        !os_prober,
    );
    // Root is given by UUID, never by device name (a device name changes between
    // machines and controllers).
    s.push_str("GRUB_DISABLE_LINUX_UUID=false\n");
    if firmware.uefi() {
        s.push_str("GRUB_GFXMODE=auto\n");
    }
    for l in &p.bootloader.extra_defaults {
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// `/etc/crypttab`: the root (opened by the initramfs already) and random-key swaps.
fn render_crypttab(volumes: &[LuksVolume], swaps: &[(String, String)]) -> String {
    let mut s = String::from(
        "# /etc/crypttab, written by lainos-install.\n\
         # These LUKS volumes are opened by the initramfs (rd.luks.uuid= on the kernel\n\
         # command line) before this file is read; they are listed so that tools agree on\n\
         # their names. Swap gets a new random key at every boot: nothing of it survives a\n\
         # power-off.\n\
         # <name>                                      <device>                                         <key>         <options>\n",
    );
    for l in volumes {
        s.push_str(&format!(
            "{:<46} {:<48} {:<13} luks\n",
            l.name,
            format!("UUID={}", l.uuid),
            "none"
        ));
    }
    for (name, part_uuid) in swaps {
        s.push_str(&format!(
            "{:<46} {:<48} {:<13} plain,swap,cipher=aes-xts-plain64,size=512\n",
            name,
            format!("/dev/disk/by-partuuid/{part_uuid}"),
            "/dev/urandom"
        ));
    }
    s
}

/// `/etc/conf.d/dmcrypt` for OpenRC's dmcrypt service: the further volumes.
fn render_dmcrypt_conf(volumes: &[LuksVolume], swaps: &[(String, String)]) -> String {
    let mut s = String::from(
        "# /etc/conf.d/dmcrypt, written by lainos-install, read by OpenRC's dmcrypt service.\n",
    );
    for l in volumes {
        s.push_str(&format!(
            "# LUKS {} (/dev/mapper/{}) is opened by the initramfs, not here.\n",
            l.uuid, l.name
        ));
    }
    s.push_str(
        "# Swap partitions get a new random key at every boot (plain dm-crypt, then mkswap).\n",
    );
    for (name, part_uuid) in swaps {
        s.push_str(&format!(
            "\nswap={name}\nsource='/dev/disk/by-partuuid/{part_uuid}'\noptions='--type plain --cipher aes-xts-plain64 --key-size 512 --key-file /dev/urandom'\n"
        ));
    }
    s
}

/// The program named in the comments of the files the plan writes.
const WRITER: &str = "lainos-install";

fn write_text(path: &str, mode: u32, text: String) -> Action {
    Action::WriteFile {
        path: path.into(),
        mode,
        owner: "root:root".into(),
        content: Content::Text(text),
    }
}

fn profile_file(f: &lainos_config::profile::ProfileFile) -> Action {
    Action::WriteFile {
        path: f.path.clone(),
        mode: u32::from_str_radix(&f.mode, 8).unwrap_or(0o644),
        owner: f.owner.clone(),
        content: Content::Text(f.content.clone()),
    }
}

/// Writes the configuration actions; returns the console keymap.
fn configure_system(
    a: &AnswerFile,
    p: &Profile,
    actions: &mut Vec<Action>,
    issues: &mut Vec<Issue>,
    ids: &mut dyn IdSource,
) -> String {
    // Live-session leftovers first, so the new user can take uid 1000.
    for u in &p.live_cleanup.users {
        actions.push(Action::RemoveUser {
            name: u.to_string(),
        });
    }
    if !p.live_cleanup.files.is_empty() {
        actions.push(Action::RemovePaths {
            paths: p.live_cleanup.files.clone(),
        });
    }
    if !p.live_cleanup.packages.is_empty() {
        let mut cmd = p.live_cleanup.remove_command.clone();
        cmd.extend(p.live_cleanup.packages.iter().cloned());
        actions.push(Action::RemovePackages { command: cmd });
    }

    // Locale.
    let lang = a
        .locale
        .language
        .clone()
        .unwrap_or_else(|| p.defaults.language.clone());
    let gen_lines = system_files::locale_gen_lines(&lang, &a.locale.extra);
    actions.push(write_text(
        "/etc/locale.gen",
        0o644,
        system_files::locale_gen(&gen_lines, WRITER),
    ));
    actions.push(Action::GenerateLocales {
        locales: system_files::locale_names(&gen_lines),
        command: p.locale.generate.clone(),
    });
    actions.push(write_text(
        &p.locale.conf,
        0o644,
        system_files::locale_conf(&lang),
    ));

    // Keyboard: one answer, two formats.
    let layout = a
        .locale
        .keyboard
        .layout
        .clone()
        .unwrap_or_else(|| p.defaults.keyboard_layout.clone());
    let variant = a.locale.keyboard.variant.as_deref();
    let console = match &a.locale.keyboard.console {
        lainos_config::values::ConsoleKeymap::Name(n) => n.clone(),
        lainos_config::values::ConsoleKeymap::Auto => {
            let (k, m) = console_keymap_for(layout.as_str(), variant);
            if m == Match::Guess {
                issues.push(Issue::warning(
                    "locale.keyboard.console",
                    format!(
                        "no console keymap is known for XKB layout `{layout}`; using `{k}` (set `console:` to choose one)"
                    ),
                ));
            }
            k
        }
    };
    actions.push(write_text(
        &p.keyboard.console_conf,
        0o644,
        system_files::console_keymap_conf(&console, layout.as_str(), variant, WRITER),
    ));
    let console = console.to_string();
    actions.push(write_text(
        &p.keyboard.xkb_conf,
        0o644,
        xkb_conf(layout.as_str(), variant, WRITER),
    ));

    // Time.
    let zone = a
        .locale
        .timezone
        .clone()
        .unwrap_or_else(|| p.defaults.timezone.clone());
    actions.push(Action::SetTimezone {
        zone: zone.to_string(),
    });
    actions.push(write_text(
        "/etc/conf.d/hwclock",
        0o644,
        system_files::hwclock_conf(
            a.system.hardware_clock == lainos_config::answer::HardwareClock::Local,
            WRITER,
        ),
    ));

    // Host name.
    let host = a.system.hostname.to_string();
    for (path, text) in system_files::hostname_files(&host, WRITER) {
        actions.push(write_text(path, 0o644, text));
    }

    // Groups and users.
    let mut groups: Vec<String> = p
        .users
        .default_groups
        .iter()
        .map(ToString::to_string)
        .collect();
    groups.push(p.users.admin_group.to_string());
    for u in &a.users {
        for g in &u.groups {
            groups.push(g.to_string());
        }
    }
    let mut seen = std::collections::HashSet::new();
    groups.retain(|g| seen.insert(g.clone()));
    for g in &groups {
        actions.push(Action::CreateGroup { name: g.clone() });
    }
    for u in &a.users {
        let mut ug: Vec<String> = p
            .users
            .default_groups
            .iter()
            .map(ToString::to_string)
            .collect();
        if u.admin {
            ug.push(p.users.admin_group.to_string());
        }
        for g in &u.groups {
            if !ug.contains(&g.to_string()) {
                ug.push(g.to_string());
            }
        }
        let password = match (&u.password_hash, &u.password) {
            (Some(h), _) => PasswordSpec::Hash(h.to_string()),
            (None, Some(s)) => PasswordSpec::Clear(s.clone()),
            (None, None) => unreachable!("validation requires a password"),
        };
        actions.push(Action::CreateUser {
            name: u.name.to_string(),
            full_name: u.full_name.clone().unwrap_or_default(),
            groups: ug,
            shell: p.users.shell.clone(),
            password,
        });
    }
    let root_pw = if a.root.is_locked() {
        None
    } else {
        match (&a.root.password_hash, &a.root.password) {
            (Some(h), _) => Some(PasswordSpec::Hash(h.to_string())),
            (None, Some(s)) => Some(PasswordSpec::Clear(s.clone())),
            (None, None) => None,
        }
    };
    actions.push(Action::SetRootPassword { password: root_pw });

    // doas: created with its final mode, root:root 0400.
    if !p.doas.is_empty() {
        let mut text = String::from("# Written by lainos-install from the distribution profile.\n");
        for r in &p.doas {
            text.push_str(r);
            text.push('\n');
        }
        actions.push(Action::WriteFile {
            path: "/etc/doas.conf".into(),
            mode: 0o400,
            owner: "root:root".into(),
            content: Content::Text(text),
        });
    }
    for f in &p.files {
        actions.push(profile_file(f));
    }

    // Services: the profile's, then the answer file's; disabled ones are left out.
    let disabled: Vec<String> = a.services.disable.iter().map(ToString::to_string).collect();
    for s in &p.services {
        if disabled.contains(&s.name.to_string()) {
            continue;
        }
        if a.services.enable.iter().any(|e| e.name == s.name) {
            continue;
        }
        actions.push(Action::EnableService {
            name: s.name.to_string(),
            runlevel: s.runlevel,
            optional: s.optional,
        });
    }
    for e in &a.services.enable {
        actions.push(Action::EnableService {
            name: e.name.to_string(),
            runlevel: e.runlevel,
            optional: false,
        });
    }
    for d in &disabled {
        actions.push(Action::DisableService { name: d.clone() });
    }

    // machine-id.
    let mid = match p.machine_id {
        lainos_config::profile::MachineIdPolicy::Empty => String::new(),
        lainos_config::profile::MachineIdPolicy::Generate => format!("{}\n", ids.machine_id()),
    };
    actions.push(write_text("/etc/machine-id", 0o444, mid));
    console
}
