//! Disk: which disk from the service's probe, then "erase" (file system, swap,
//! encryption), "alongside" (the same options; every partition stays and the new ones
//! go into the largest free space, offered on a GPT disk with enough of it) or "manual"
//! (a mount point, file system and format choice for each existing partition, a
//! passphrase for an existing LUKS volume, and new partitions in free space).
//!
//! The manual checks here are the ones the GUI can make from the probe; they mirror the
//! answer-file validation (`lainos_config`) and the engine's `plan_manual`, which stay
//! the authority: what only the engine can tell (a BIOS boot partition, the root's
//! size, fragmented free space) comes back as plan issues on the summary page.

use iced::widget::{button, checkbox, column, container, pick_list, radio, row, text, text_input};
use iced::{Element, Fill, Length};
use lainos_config::answer::{Mountpoint, PartitionFilesystem};
use lainos_config::values::{Size, SizeError};
use lainos_dbus_api::{FreeRegionDto, IssueDto, ProbeDto};

use super::{
    Ctx, Step, active_list, aligned, field, field_error, hint, label, para, step_index, title,
};
use crate::answers::{Filesystem, Layout, PartitionAnswer, SwapChoice};
use crate::i18n::Tr;
use crate::secret::Secret;

pub const MIN_PASSPHRASE: usize = 8;
/// The size field of "add a partition" (Ctrl+N focuses it).
pub const NEW_SIZE: iced::widget::Id = iced::widget::Id::new("manual_new_size");
const MIB: u64 = 1024 * 1024;
/// The least free space the page offers `alongside` for. The engine knows the exact
/// need (the system image, /boot, swap) and says it on the summary page; this only
/// keeps the choice off disks where it cannot work.
pub const ALONGSIDE_MIN_BYTES: u64 = 4 * 1024 * MIB;
/// The probe's name for a LUKS volume.
pub const LUKS: &str = "crypto_LUKS";

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Disk(usize),
    Layout(Layout),
    Filesystem(Filesystem),
    Swap(SwapChoice),
    Encrypt(bool),
    Passphrase(Secret),
    PassphraseConfirm(Secret),
    /// Manual layout, row `usize` (existing partitions first, then new ones).
    Mount(usize, MountChoice),
    PartFilesystem(usize, PartFs),
    Format(usize, bool),
    /// The passphrase that opens row `usize`'s existing LUKS volume.
    Unlock(usize, Secret),
    /// The size of a new partition, as typed.
    PartSize(usize, String),
    /// The size field of "add a partition".
    NewSize(String),
    AddPartition,
    RemovePartition(usize),
    /// Keyboard: the next or previous usable disk.
    MoveDisk(Step),
    /// Keyboard: the current row of the partition table.
    MoveRow(Step),
    /// Keyboard: the current row's next (`true`) or previous mount point.
    CycleMount(bool),
    /// Keyboard: the current row's next file system.
    CycleFilesystem,
    /// Keyboard: format the current row or keep its data.
    ToggleFormat,
    /// Keyboard: remove the current row if it is a new partition.
    RemoveCurrent,
    /// Keyboard: the next swap choice the layout offers.
    CycleSwap,
    /// Keyboard: the next file system of the erase layout.
    CycleEraseFilesystem,
}

/// What a partition is used for in a manual layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MountChoice {
    /// Not used by the install: left untouched.
    #[default]
    Unused,
    Root,
    Boot,
    Esp,
    Home,
    Swap,
}

impl MountChoice {
    pub const ALL: [MountChoice; 6] = [
        MountChoice::Unused,
        MountChoice::Root,
        MountChoice::Boot,
        MountChoice::Esp,
        MountChoice::Home,
        MountChoice::Swap,
    ];

    /// The answer file's `mountpoint`, `None` for an unused partition.
    pub fn mountpoint(self) -> Option<Mountpoint> {
        let path = match self {
            MountChoice::Unused => return None,
            MountChoice::Swap => return Some(Mountpoint::Swap),
            MountChoice::Root => "/",
            MountChoice::Boot => "/boot",
            MountChoice::Esp => "/boot/efi",
            MountChoice::Home => "/home",
        };
        Some(Mountpoint::Path(path.into()))
    }

    /// The file systems this mount point may have.
    pub fn filesystems(self) -> &'static [PartFs] {
        match self {
            MountChoice::Unused => &[],
            MountChoice::Root | MountChoice::Boot | MountChoice::Home => {
                &[PartFs::EXT4, PartFs::BTRFS, PartFs::XFS]
            }
            MountChoice::Esp => &[PartFs::VFAT],
            MountChoice::Swap => &[PartFs::SWAP],
        }
    }

    fn label(self, tr: &Tr) -> String {
        match self {
            MountChoice::Unused => tr.t("manual-unused"),
            MountChoice::Swap => tr.t("manual-swap"),
            m => m.mountpoint().map(|p| p.to_string()).unwrap_or_default(),
        }
    }
}

/// A file system of a manual partition (`PartitionFilesystem`, shown by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartFs(pub PartitionFilesystem);

impl PartFs {
    pub const EXT4: PartFs = PartFs(PartitionFilesystem::Ext4);
    pub const BTRFS: PartFs = PartFs(PartitionFilesystem::Btrfs);
    pub const XFS: PartFs = PartFs(PartitionFilesystem::Xfs);
    pub const VFAT: PartFs = PartFs(PartitionFilesystem::Vfat);
    pub const SWAP: PartFs = PartFs(PartitionFilesystem::Swap);

    pub fn as_str(self) -> &'static str {
        self.0.as_str()
    }
}

impl std::fmt::Display for PartFs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A pick-list entry: a value shown with a translated label.
#[derive(Debug, Clone, PartialEq)]
struct Choice<T> {
    value: T,
    label: String,
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// One partition of a manual layout: an existing one from the probe, or a new one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartRow {
    /// The existing partition; `None` for a new one.
    pub device: Option<String>,
    /// Size of an existing partition.
    pub size_bytes: u64,
    /// The file system the probe found, and its label.
    pub current_fs: Option<String>,
    pub current_label: Option<String>,
    /// Size of a new partition, as typed (`4GiB`, `100%`).
    pub size: String,
    pub mount: MountChoice,
    pub fs: Option<PartFs>,
    pub format: bool,
    /// An existing LUKS volume: the passphrase that opens it.
    pub unlock: Secret,
    /// The user changed this row: its errors show without pressing Next.
    pub touched: bool,
}

impl PartRow {
    pub fn is_new(&self) -> bool {
        self.device.is_none()
    }

    /// An existing LUKS volume: used, it is opened with a passphrase, and the file
    /// system and format apply to what is inside (which the probe cannot see).
    pub fn is_luks(&self) -> bool {
        self.current_fs.as_deref() == Some(LUKS)
    }

    /// Must be formatted whatever the user says: a new partition, and the root (the
    /// system image is copied onto an empty file system).
    pub fn format_forced(&self) -> bool {
        self.is_new() || self.mount == MountChoice::Root
    }

    /// Will be formatted.
    pub fn formats(&self) -> bool {
        self.format || self.format_forced()
    }

    /// Does the existing file system already have this type?
    fn holds(&self, fs: PartFs) -> bool {
        self.current_fs.as_deref() == Some(fs.as_str())
    }

    /// Size of a new partition, parsed.
    pub fn parsed_size(&self) -> Result<Size, SizeError> {
        self.size.parse()
    }
}

/// Where a manual-layout problem is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// Under the list of partitions.
    Layout,
    /// Next to a field of a row.
    Row(usize, RowField),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowField {
    Mount,
    Size,
    Format,
    Unlock,
}

/// A manual-layout problem: where, message id, arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: At,
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub disk: Option<String>,
    pub layout: Layout,
    pub filesystem: Filesystem,
    pub swap: SwapChoice,
    pub encrypt: bool,
    pub passphrase: Secret,
    pub passphrase_confirm: Secret,
    /// Manual layout: the chosen disk's partitions, then new ones.
    pub rows: Vec<PartRow>,
    /// The disk `rows` were made for.
    rows_disk: Option<String>,
    /// The size typed into "add a partition".
    pub new_size: String,
    /// The machine boots with UEFI (an EFI system partition is needed).
    pub uefi: bool,
    /// Size of the chosen disk.
    pub disk_bytes: u64,
    /// Next was pressed: show every error, also for empty fields.
    pub show_errors: bool,
    /// The row of the partition table the keyboard acts on.
    pub row: usize,
    /// The chosen disk's partition table (`gpt`, `dos`, …) and largest free region.
    pub table: Option<String>,
    pub largest_free: Option<FreeRegionDto>,
    /// Problems the engine found in the last plan, shown next to what they concern:
    /// (row, message) for `storage.partitions[i]…`, and those of `storage.layout`.
    pub engine_rows: Vec<(usize, String)>,
    pub engine_layout: Vec<String>,
}

/// What is wrong, as (field, message id, arguments).
pub type FieldError = (&'static str, &'static str, Vec<(&'static str, String)>);

impl State {
    /// Picks the first usable disk when none is chosen.
    pub fn preselect(&mut self, probe: &ProbeDto) {
        if self.disk.is_none() {
            self.disk = probe
                .disks
                .iter()
                .find(|d| !d.in_use)
                .map(|d| d.path.clone());
        }
        self.sync(Some(probe));
    }

    pub fn update(&mut self, message: Message, probe: Option<&ProbeDto>) {
        // What the engine said was about the answers before this change.
        self.engine_rows.clear();
        self.engine_layout.clear();
        match message {
            Message::Disk(i) => {
                if let Some(d) = probe.and_then(|p| p.disks.get(i)).filter(|d| !d.in_use) {
                    self.disk = Some(d.path.clone());
                }
            }
            Message::Layout(l) => self.set_layout(l),
            Message::Filesystem(f) => self.filesystem = f,
            Message::Swap(s) => self.swap = s,
            Message::Encrypt(e) => self.encrypt = e,
            Message::Passphrase(p) => self.passphrase = p,
            Message::PassphraseConfirm(p) => self.passphrase_confirm = p,
            Message::Mount(i, m) => {
                self.row = i;
                self.set_mount(i, m);
            }
            Message::PartFilesystem(i, fs) => {
                self.row = i;
                self.set_part_fs(i, fs);
            }
            Message::Format(i, f) => {
                self.row = i;
                self.with_row(i, |r| r.format = f);
            }
            Message::Unlock(i, p) => {
                self.row = i;
                self.with_row(i, |r| r.unlock = p);
            }
            Message::PartSize(i, s) => {
                self.row = i;
                self.with_row(i, |r| r.size = s);
            }
            Message::NewSize(s) => self.new_size = s,
            Message::AddPartition => {
                self.add_partition();
                self.row = self.rows.len().saturating_sub(1);
            }
            Message::RemovePartition(i) => self.remove(i),
            Message::MoveDisk(step) => self.move_disk(step, probe),
            Message::MoveRow(step) => {
                if let Some(i) = step_index(self.rows.len(), Some(self.row), step) {
                    self.row = i;
                }
            }
            Message::CycleMount(forward) => {
                if let Some(r) = self.rows.get(self.row) {
                    let all = MountChoice::ALL;
                    let at = all.iter().position(|m| *m == r.mount).unwrap_or(0);
                    let n = all.len();
                    let next = if forward {
                        (at + 1) % n
                    } else {
                        (at + n - 1) % n
                    };
                    self.set_mount(self.row, all[next]);
                }
            }
            Message::CycleFilesystem => {
                if let Some(r) = self.rows.get(self.row) {
                    let allowed = r.mount.filesystems();
                    if !allowed.is_empty() {
                        let at = r.fs.and_then(|f| allowed.iter().position(|a| *a == f));
                        let next = allowed[at.map_or(0, |i| (i + 1) % allowed.len())];
                        self.set_part_fs(self.row, next);
                    }
                }
            }
            Message::ToggleFormat => {
                if let Some(r) = self.rows.get(self.row)
                    && r.mount != MountChoice::Unused
                    && !r.format_forced()
                {
                    let f = !r.format;
                    self.with_row(self.row, |r| r.format = f);
                }
            }
            Message::RemoveCurrent => self.remove(self.row),
            Message::CycleSwap => {
                let offered: &[SwapChoice] = match self.layout {
                    Layout::Erase | Layout::Alongside => &SwapChoice::ALL,
                    Layout::Manual => &[SwapChoice::None, SwapChoice::File],
                };
                let at = offered.iter().position(|s| *s == self.swap);
                self.swap = offered[at.map_or(0, |i| (i + 1) % offered.len())];
            }
            Message::CycleEraseFilesystem => {
                let all = &Filesystem::ALL;
                let at = all.iter().position(|f| *f == self.filesystem).unwrap_or(0);
                self.filesystem = all[(at + 1) % all.len()];
            }
        }
        self.sync(probe);
        self.row = self.row.min(self.rows.len().saturating_sub(1));
    }

    fn remove(&mut self, i: usize) {
        if self.rows.get(i).is_some_and(PartRow::is_new) {
            self.rows.remove(i);
        }
    }

    /// The next or previous disk that is not in use (the live medium is skipped).
    fn move_disk(&mut self, step: Step, probe: Option<&ProbeDto>) {
        let Some(p) = probe else { return };
        let usable: Vec<&str> = p
            .disks
            .iter()
            .filter(|d| !d.in_use)
            .map(|d| d.path.as_str())
            .collect();
        let at = usable.iter().position(|d| Some(*d) == self.disk.as_deref());
        if let Some(i) = step_index(usable.len(), at, step) {
            self.disk = Some(usable[i].to_string());
        }
    }

    /// Rebuilds the rows when the chosen disk changed, and notes the firmware.
    fn sync(&mut self, probe: Option<&ProbeDto>) {
        let Some(p) = probe else { return };
        self.uefi = p.firmware == "uefi";
        if self.rows_disk == self.disk {
            return;
        }
        self.rows_disk.clone_from(&self.disk);
        self.row = 0;
        let disk = p.disks.iter().find(|d| Some(&d.path) == self.disk.as_ref());
        self.disk_bytes = disk.map_or(0, |d| d.size_bytes);
        self.table = disk.and_then(|d| d.partition_table.clone());
        self.largest_free = disk.and_then(|d| d.largest_free);
        // Alongside is not offered on this disk: back to the first choice.
        if self.layout == Layout::Alongside && self.alongside_refusal().is_some() {
            self.layout = Layout::Erase;
        }
        self.rows = disk
            .map(|d| {
                d.partitions
                    .iter()
                    .map(|p| PartRow {
                        device: Some(p.path.clone()),
                        size_bytes: p.size_bytes,
                        current_fs: p.filesystem.clone(),
                        current_label: p.label.clone(),
                        ..PartRow::default()
                    })
                    .collect()
            })
            .unwrap_or_default();
    }

    fn set_layout(&mut self, l: Layout) {
        if l == Layout::Alongside && self.alongside_refusal().is_some() {
            return;
        }
        self.layout = l;
        // A manual layout lists its swap partition among the partitions.
        if l == Layout::Manual && self.swap == SwapChoice::Partition {
            self.swap = SwapChoice::None;
        }
    }

    fn with_row(&mut self, i: usize, f: impl FnOnce(&mut PartRow)) {
        if let Some(r) = self.rows.get_mut(i) {
            f(r);
            r.touched = true;
        }
    }

    /// A mount point brings a sensible file system and format choice: the existing
    /// file system is kept where it fits (an EFI partition is reused as it is).
    fn set_mount(&mut self, i: usize, m: MountChoice) {
        let erase_fs = match self.filesystem {
            Filesystem::Ext4 => PartFs::EXT4,
            Filesystem::Btrfs => PartFs::BTRFS,
            Filesystem::Xfs => PartFs::XFS,
        };
        self.with_row(i, |r| {
            r.mount = m;
            let allowed = m.filesystems();
            r.fs = if allowed.is_empty() {
                None
            } else if let Some(fs) = allowed.iter().copied().find(|fs| r.holds(*fs)) {
                Some(fs)
            } else if r.fs.is_some_and(|fs| allowed.contains(&fs)) {
                r.fs
            } else if allowed.contains(&erase_fs) {
                Some(erase_fs)
            } else {
                Some(allowed[0])
            };
            r.format = match r.fs {
                None => false,
                // What is inside is unknown: kept unless the user says otherwise.
                Some(_) if r.is_luks() => false,
                Some(fs) => !r.holds(fs),
            };
        });
    }

    fn set_part_fs(&mut self, i: usize, fs: PartFs) {
        self.with_row(i, |r| {
            if r.mount.filesystems().contains(&fs) {
                r.fs = Some(fs);
                // Another file system than the one on the partition means reformatting.
                if !r.holds(fs) && !r.is_luks() {
                    r.format = true;
                }
            }
        });
    }

    fn add_partition(&mut self) {
        let size = self.new_size.trim().to_string();
        if size.is_empty() {
            return;
        }
        self.rows.push(PartRow {
            size,
            format: true,
            touched: true,
            ..PartRow::default()
        });
        self.new_size.clear();
    }

    /// Bytes of the chosen disk not in any partition: what new partitions can take
    /// (less the first MiB and the backup GPT at the end). The probe gives no offsets,
    /// so gaps between partitions are counted together; the engine places new
    /// partitions in the first gap that holds them and says so when none does.
    pub fn free_bytes(&self) -> u64 {
        let used: u64 = self
            .rows
            .iter()
            .filter(|r| !r.is_new())
            .map(|r| r.size_bytes)
            .sum();
        self.disk_bytes.saturating_sub(used).saturating_sub(2 * MIB)
    }

    /// Why `layout: alongside` is not offered on the chosen disk, as a message id and
    /// its arguments (byte counts as numbers); `None` when it is.
    pub fn alongside_refusal(&self) -> Option<(&'static str, Vec<(&'static str, String)>)> {
        match self.table.as_deref() {
            None => Some(("alongside-no-table", vec![])),
            Some("gpt") => {
                let free = self.largest_free.map_or(0, |f| f.size_bytes);
                (free < ALONGSIDE_MIN_BYTES).then(|| {
                    (
                        "alongside-too-small",
                        vec![
                            ("free", free.to_string()),
                            ("need", ALONGSIDE_MIN_BYTES.to_string()),
                        ],
                    )
                })
            }
            Some(_) => Some(("alongside-not-gpt", vec![])),
        }
    }

    /// Notes the problems of a refused plan next to what they concern: a partition's
    /// under its row (`storage.partitions[2].unlock` is the third partition of the
    /// answers, which lists only the rows in use), the layout's under the choices.
    pub fn set_engine_issues(&mut self, issues: &[IssueDto]) {
        self.engine_rows.clear();
        self.engine_layout.clear();
        let rows = self.answer_rows();
        for i in issues.iter().filter(|i| i.is_error()) {
            if let Some(rest) = i.path.strip_prefix("storage.partitions[")
                && let Some(k) = rest.split(']').next().and_then(|k| k.parse::<usize>().ok())
                && let Some(&row) = rows.get(k)
            {
                self.engine_rows.push((row, i.message.clone()));
            } else if matches!(i.path.as_str(), "storage.layout" | "storage.disk") {
                self.engine_layout.push(i.message.clone());
            }
        }
    }

    /// The rows that become entries of `storage.partitions`, in order.
    fn answer_rows(&self) -> Vec<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.mount.mountpoint().is_some()
                    && r.fs.is_some()
                    && (!r.is_new() || r.parsed_size().is_ok())
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// `storage.partitions`: the rows in use, in order.
    pub fn partitions(&self) -> Vec<PartitionAnswer> {
        self.rows
            .iter()
            .filter_map(|r| {
                Some(PartitionAnswer {
                    device: r.device.clone(),
                    size: if r.is_new() {
                        Some(r.parsed_size().ok()?)
                    } else {
                        None
                    },
                    mountpoint: r.mount.mountpoint()?,
                    filesystem: r.fs?.0,
                    format: r.formats(),
                    unlock: r.is_luks().then(|| r.unlock.0.clone()),
                })
            })
            .collect()
    }

    /// Every problem of the manual layout.
    pub fn manual_problems(&self) -> Vec<Problem> {
        let mut v = Vec::new();
        let p = |at, id, args| Problem { at, id, args };
        let last_new = self.rows.iter().rposition(PartRow::is_new);
        let mut new_bytes: u64 = 0;
        for (i, r) in self.rows.iter().enumerate() {
            if r.is_new() {
                match r.parsed_size() {
                    Ok(Size::Bytes(b)) => new_bytes = new_bytes.saturating_add(b),
                    Ok(Size::Rest) if Some(i) != last_new => {
                        v.push(p(
                            At::Row(i, RowField::Size),
                            "err-manual-rest-last",
                            vec![],
                        ));
                    }
                    Ok(Size::Rest) => new_bytes = new_bytes.saturating_add(MIB),
                    Err(e) => {
                        let (id, args) = size_error(&e);
                        v.push(p(At::Row(i, RowField::Size), id, args));
                    }
                }
                if r.mount == MountChoice::Unused {
                    v.push(p(
                        At::Row(i, RowField::Mount),
                        "err-manual-new-unused",
                        vec![],
                    ));
                }
            }
            let Some(mp) = r.mount.mountpoint() else {
                continue;
            };
            if r.mount != MountChoice::Swap
                && self.rows[..i]
                    .iter()
                    .any(|earlier| earlier.mount == r.mount)
            {
                v.push(p(
                    At::Row(i, RowField::Mount),
                    "err-manual-mount-twice",
                    vec![("mount", mp.to_string())],
                ));
            }
            if r.is_luks() && r.unlock.0.is_empty() {
                v.push(p(
                    At::Row(i, RowField::Unlock),
                    "err-manual-unlock-empty",
                    vec![],
                ));
            }
            // Inside a LUKS volume the engine checks the kept file system once it is open.
            if !r.formats()
                && !r.is_luks()
                && let Some(fs) = r.fs
            {
                let id = match &r.current_fs {
                    None => Some(("err-manual-format-empty", vec![])),
                    Some(cur) if !r.holds(fs) => Some((
                        "err-manual-format-other",
                        vec![("current", cur.clone()), ("fs", fs.to_string())],
                    )),
                    Some(_) => None,
                };
                if let Some((id, args)) = id {
                    v.push(p(At::Row(i, RowField::Format), id, args));
                }
            }
        }
        if !self.rows.iter().any(|r| r.mount == MountChoice::Root) {
            v.push(p(At::Layout, "err-manual-no-root", vec![]));
        }
        if self.uefi && !self.rows.iter().any(|r| r.mount == MountChoice::Esp) {
            v.push(p(At::Layout, "err-manual-no-esp", vec![]));
        }
        if new_bytes > self.free_bytes() {
            v.push(p(
                At::Layout,
                "err-manual-no-space",
                vec![("free", self.free_bytes().to_string())],
            ));
        }
        v
    }

    pub fn errors(&self) -> Vec<FieldError> {
        let mut e = vec![];
        if self.disk.is_none() {
            e.push(("disk", "err-disk-required", vec![]));
        }
        if self.layout == Layout::Alongside
            && let Some((id, args)) = self.alongside_refusal()
        {
            e.push(("layout", id, args));
        }
        if self.layout == Layout::Manual {
            e.extend(
                self.manual_problems()
                    .into_iter()
                    .map(|p| ("partitions", p.id, p.args)),
            );
        } else if self.encrypt {
            if self.passphrase.chars().count() < MIN_PASSPHRASE {
                e.push((
                    "passphrase",
                    "err-passphrase-short",
                    vec![("min", MIN_PASSPHRASE.to_string())],
                ));
            } else if self.passphrase != self.passphrase_confirm {
                e.push(("passphrase_confirm", "err-passphrase-mismatch", vec![]));
            }
        }
        e
    }

    fn error_for(&self, ctx: &Ctx<'_>, field: &str) -> Option<String> {
        let errs = self.errors();
        let (_, id, args) = errs.iter().find(|(f, _, _)| *f == field)?;
        let visible = self.show_errors
            || match field {
                "passphrase" => !self.passphrase.is_empty(),
                "passphrase_confirm" => !self.passphrase_confirm.is_empty(),
                _ => false,
            };
        visible.then(|| ctx.tr.args(id, args))
    }

    /// The manual problems shown now, translated: a row's once it was changed, the
    /// layout's once any row was (or Next was pressed).
    fn visible_problems(&self, tr: &Tr) -> Vec<(At, String)> {
        let any_touched = self.rows.iter().any(|r| r.touched);
        self.manual_problems()
            .into_iter()
            .filter(|p| match p.at {
                At::Layout => self.show_errors || any_touched,
                At::Row(i, _) => self.show_errors || self.rows[i].touched,
            })
            .map(|p| (p.at, tr.args(p.id, &sized(tr, p.args))))
            .chain(
                self.engine_rows
                    .iter()
                    .map(|(i, m)| (At::Row(*i, RowField::Mount), m.clone())),
            )
            .collect()
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let mut disks = column![].spacing(6);
        let selected = ctx.probe.and_then(|p| {
            p.disks
                .iter()
                .position(|d| Some(&d.path) == self.disk.as_ref())
        });
        match ctx.probe {
            Some(p) if !p.disks.is_empty() => {
                for (i, d) in p.disks.iter().enumerate() {
                    let mut desc =
                        format!("{}  ·  {}  ·  {}", d.path, tr.size(d.size_bytes), d.model);
                    if d.in_use {
                        desc = format!("{desc}  ({})", tr.t("disk-in-use"));
                        disks = disks.push(text(desc).style(text::secondary));
                    } else {
                        disks = disks.push(radio(desc, i, selected, Message::Disk));
                    }
                }
            }
            Some(_) => disks = disks.push(para(ctx, tr.t("disk-none"))),
            None => disks = disks.push(para(ctx, tr.t("req-probing"))),
        }
        if let Some(e) = self.error_for(ctx, "disk") {
            disks = disks.push(field_error(ctx, e));
        }
        let mut layouts = column![radio(
            tr.t("disk-erase"),
            Layout::Erase,
            Some(self.layout),
            Message::Layout
        )]
        .spacing(8);
        // Alongside is offered on a GPT disk with enough free space; otherwise the
        // choice is shown greyed, with the reason.
        layouts = match self.alongside_refusal() {
            None => layouts.push(radio(
                tr.t("disk-alongside"),
                Layout::Alongside,
                Some(self.layout),
                Message::Layout,
            )),
            Some((id, args)) => layouts.push(
                column![
                    aligned(ctx, text(tr.t("disk-alongside")).style(text::secondary)),
                    aligned(
                        ctx,
                        text(tr.args(id, &sized(tr, args)))
                            .size(13)
                            .style(text::secondary)
                    ),
                ]
                .spacing(2),
            ),
        };
        layouts = layouts.push(radio(
            tr.t("disk-manual"),
            Layout::Manual,
            Some(self.layout),
            Message::Layout,
        ));
        // What the engine refused in the last plan (`storage.layout`, `storage.disk`).
        for m in &self.engine_layout {
            layouts = layouts.push(field_error(ctx, m.clone()));
        }
        let mut c = column![
            title(ctx, tr.t("disk-title")),
            label(ctx, tr.t("disk-choose")),
            disks,
            layouts,
        ]
        .spacing(14);
        match self.layout {
            Layout::Erase => c = self.view_erase(ctx, c),
            Layout::Alongside => c = self.view_erase(ctx, self.view_alongside(ctx, c)),
            Layout::Manual => c = c.push(self.view_manual(ctx)),
        }
        c = c.push(hint(ctx, tr.t("keys-disk")));
        c.width(Fill).into()
    }

    fn swap_choices<'a>(&self, ctx: &Ctx<'a>, choices: &[SwapChoice]) -> Element<'a, Message> {
        let tr = ctx.tr;
        let mut radios: Vec<Element<'a, Message>> = choices
            .iter()
            .map(|s| {
                let id = match s {
                    SwapChoice::None => "swap-none",
                    SwapChoice::File => "swap-file",
                    SwapChoice::Partition => "swap-partition",
                };
                radio(tr.t(id), *s, Some(self.swap), Message::Swap).into()
            })
            .collect();
        if tr.rtl {
            radios.reverse();
        }
        row(radios).spacing(20).into()
    }

    /// What alongside uses and what stays: the largest free region, every partition.
    fn view_alongside<'a>(
        &'a self,
        ctx: &Ctx<'a>,
        c: iced::widget::Column<'a, Message>,
    ) -> iced::widget::Column<'a, Message> {
        let tr = ctx.tr;
        let free = self.largest_free.map_or(0, |f| f.size_bytes);
        let mut stays = column![label(ctx, tr.t("alongside-stays"))].spacing(4);
        for r in self.rows.iter().filter(|r| !r.is_new()) {
            let mut line = format!("{}  ·  {}  ·  ", dev_of(r), tr.size(r.size_bytes));
            line.push_str(&match &r.current_fs {
                Some(fs) => fs.clone(),
                None => tr.t("manual-no-filesystem"),
            });
            if let Some(l) = r.current_label.as_deref().filter(|l| !l.is_empty()) {
                line.push_str(&format!("  ·  {l}"));
            }
            stays = stays.push(para(ctx, ltr(tr, line)));
        }
        if self.rows.iter().all(PartRow::is_new) {
            stays = stays.push(para(ctx, tr.t("alongside-no-partitions")));
        }
        c.push(
            container(
                column![
                    para(ctx, tr.args("alongside-free", &[("free", tr.size(free))])),
                    stays,
                ]
                .spacing(8),
            )
            .padding(10)
            .width(Fill)
            .style(container::rounded_box),
        )
    }

    fn view_erase<'a>(
        &'a self,
        ctx: &Ctx<'a>,
        c: iced::widget::Column<'a, Message>,
    ) -> iced::widget::Column<'a, Message> {
        let tr = ctx.tr;
        let mut c = c
            .push(field(
                ctx,
                tr.t("disk-filesystem"),
                pick_list(
                    &Filesystem::ALL[..],
                    Some(self.filesystem),
                    Message::Filesystem,
                ),
                None,
            ))
            .push(field(
                ctx,
                tr.t("disk-swap"),
                self.swap_choices(ctx, &SwapChoice::ALL),
                None,
            ))
            .push(
                checkbox(self.encrypt)
                    .label(tr.t("disk-encrypt"))
                    .on_toggle(Message::Encrypt),
            );
        if self.encrypt {
            // The passphrase is typed before the system loads, with the console keymap
            // the installer puts into the initramfs: say so where it is chosen.
            c = c.push(text(tr.t("disk-encrypt-hint")).size(13));
            c = c.push(field(
                ctx,
                tr.t("disk-passphrase"),
                text_input("", &self.passphrase)
                    .secure(true)
                    .on_input(|p| Message::Passphrase(p.into()))
                    .padding(8),
                self.error_for(ctx, "passphrase"),
            ));
            c = c.push(field(
                ctx,
                tr.t("disk-passphrase-confirm"),
                text_input("", &self.passphrase_confirm)
                    .secure(true)
                    .on_input(|p| Message::PassphraseConfirm(p.into()))
                    .padding(8),
                self.error_for(ctx, "passphrase_confirm"),
            ));
        }
        // The same keys for erase and alongside; the layout key is in `keys-disk`.
        c.push(hint(ctx, tr.t("keys-erase")))
    }

    fn view_manual<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let problems = self.visible_problems(tr);
        let mounts: Vec<Choice<MountChoice>> = MountChoice::ALL
            .iter()
            .map(|m| Choice {
                value: *m,
                label: m.label(tr),
            })
            .collect();
        let mut c = column![para(ctx, tr.t("manual-help"))].spacing(12);
        if self.rows.iter().all(PartRow::is_new) {
            c = c.push(para(ctx, tr.t("manual-no-partitions")));
        }
        for (i, r) in self.rows.iter().enumerate() {
            let heading = if let Some(dev) = &r.device {
                let mut s = format!("{dev}  ·  ");
                s.push_str(&match &r.current_fs {
                    Some(fs) => fs.clone(),
                    None => tr.t("manual-no-filesystem"),
                });
                if let Some(l) = r.current_label.as_deref().filter(|l| !l.is_empty()) {
                    s.push_str(&format!("  ·  {l}"));
                }
                s
            } else {
                tr.t("manual-new-partition")
            };
            let mut line: Vec<Element<'a, Message>> = Vec::new();
            let size: Element<'a, Message> = if r.is_new() {
                text_input(&tr.t("manual-size-hint"), &r.size)
                    .on_input(move |s| Message::PartSize(i, s))
                    .padding(6)
                    .into()
            } else {
                boxed(text(tr.size(r.size_bytes)))
            };
            line.push(cell(ctx, tr.t("manual-size"), size, Length::Fixed(130.0)));
            let selected = mounts.iter().find(|m| m.value == r.mount).cloned();
            line.push(cell(
                ctx,
                tr.t("manual-mount"),
                pick_list(mounts.clone(), selected, move |m: Choice<MountChoice>| {
                    Message::Mount(i, m.value)
                })
                .width(Fill),
                Length::Fixed(210.0),
            ));
            if r.mount != MountChoice::Unused {
                line.push(cell(
                    ctx,
                    tr.t("disk-filesystem"),
                    pick_list(r.mount.filesystems(), r.fs, move |fs| {
                        Message::PartFilesystem(i, fs)
                    })
                    .width(Fill),
                    Length::Fixed(130.0),
                ));
                let format = checkbox(r.formats()).label(tr.t("manual-format"));
                let format = if r.format_forced() {
                    format
                } else {
                    format.on_toggle(move |f| Message::Format(i, f))
                };
                line.push(cell(ctx, String::new(), boxed(format), Length::Shrink));
            }
            if r.is_luks() && r.mount != MountChoice::Unused {
                line.push(cell(
                    ctx,
                    tr.t("manual-unlock"),
                    text_input("", &r.unlock.0)
                        .secure(true)
                        .on_input(move |p| Message::Unlock(i, p.into()))
                        .padding(6),
                    Length::Fixed(190.0),
                ));
            }
            if r.is_new() {
                line.push(cell(
                    ctx,
                    String::new(),
                    button(text(tr.t("manual-remove")))
                        .style(button::secondary)
                        .on_press(Message::RemovePartition(i)),
                    Length::Shrink,
                ));
            }
            if tr.rtl {
                line.reverse();
            }
            // Captions may wrap (long translations): the widgets stay on one line.
            let line = row(line)
                .spacing(14)
                .align_y(iced::alignment::Vertical::Bottom);
            let mut entry = column![label(ctx, heading), line].spacing(6);
            for f in [
                RowField::Size,
                RowField::Mount,
                RowField::Format,
                RowField::Unlock,
            ] {
                for (_, e) in problems.iter().filter(|(a, _)| *a == At::Row(i, f)) {
                    entry = entry.push(field_error(ctx, e.clone()));
                }
            }
            if r.is_luks() && r.mount != MountChoice::Unused {
                // Opened in the initramfs at every start, like an encrypted root.
                entry = entry.push(text(tr.t("manual-unlock-hint")).size(13));
            }
            if r.formats() && r.mount != MountChoice::Unused && !r.is_new() {
                entry = entry.push(aligned_note(
                    ctx,
                    tr.args("manual-will-erase", &[("device", ltr(tr, dev_of(r)))]),
                ));
            }
            // The row the keyboard acts on is framed.
            let entry = container(entry).padding(6).width(Fill);
            c = c.push(if i == self.row {
                entry.style(active_list)
            } else {
                entry
            });
        }
        let mut add: Vec<Element<'a, Message>> = vec![
            text_input(&tr.t("manual-size-hint"), &self.new_size)
                .id(NEW_SIZE)
                .on_input(Message::NewSize)
                .on_submit(Message::AddPartition)
                .padding(6)
                .width(210)
                .into(),
            button(text(tr.t("manual-add")))
                .on_press_maybe((!self.new_size.trim().is_empty()).then_some(Message::AddPartition))
                .into(),
        ];
        if tr.rtl {
            add.reverse();
        }
        c = c.push(field(
            ctx,
            tr.args("manual-free", &[("free", tr.size(self.free_bytes()))]),
            row(add).spacing(10),
            None,
        ));
        for (at, m) in &problems {
            if *at == At::Layout {
                c = c.push(field_error(ctx, m.clone()));
            }
        }
        c = c.push(field(
            ctx,
            tr.t("disk-swap"),
            self.swap_choices(ctx, &[SwapChoice::None, SwapChoice::File]),
            None,
        ));
        c = c.push(hint(ctx, tr.t("keys-manual")));
        c.into()
    }
}

/// Message arguments with byte counts (`free`, `need`) in the user's units.
fn sized<'k>(tr: &Tr, args: Vec<(&'k str, String)>) -> Vec<(&'k str, String)> {
    args.into_iter()
        .map(|(k, v)| match k {
            "free" | "need" => (k, v.parse().map(|b| tr.size(b)).unwrap_or(v)),
            _ => (k, v),
        })
        .collect()
}

/// A widget with its caption above, in a column of the partition table.
fn cell<'a>(
    ctx: &Ctx<'_>,
    caption: String,
    widget: impl Into<Element<'a, Message>>,
    width: Length,
) -> Element<'a, Message> {
    let caption: Element<'a, Message> = if caption.is_empty() {
        text(caption).size(14).into()
    } else if ctx.tr.rtl {
        container(text(caption).size(14))
            .width(Fill)
            .align_x(iced::alignment::Horizontal::Right)
            .into()
    } else {
        text(caption).size(14).width(Fill).into()
    };
    column![caption, widget.into()]
        .spacing(4)
        .width(width)
        .into()
}

/// A widget centred in the height of a pick list, to sit on its line.
fn boxed<'a>(w: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(w)
        .height(32)
        .align_y(iced::alignment::Vertical::Center)
        .into()
}

/// A path inside right-to-left text: a left-to-right mark keeps its leading `/`
/// with it (the bidi algorithm would move it to the other end).
fn ltr(tr: &Tr, s: String) -> String {
    if tr.rtl { format!("\u{200e}{s}") } else { s }
}

fn dev_of(r: &PartRow) -> String {
    r.device.clone().unwrap_or_default()
}

/// A warning line in the secondary colour.
fn aligned_note<'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, Message> {
    let t = text(s).size(13).style(text::warning);
    if ctx.tr.rtl {
        container(t.align_x(ctx.align()))
            .width(Fill)
            .align_x(iced::alignment::Horizontal::Right)
            .into()
    } else {
        t.width(Fill).align_x(ctx.align()).into()
    }
}

/// The message id and arguments for a size the answer file would refuse.
pub fn size_error(e: &SizeError) -> (&'static str, Vec<(&'static str, String)>) {
    match e {
        SizeError::NoUnit(_) => ("err-size-no-unit", vec![]),
        SizeError::DecimalUnit { unit, binary, .. } => (
            "err-size-decimal",
            vec![("unit", unit.clone()), ("binary", (*binary).to_string())],
        ),
        SizeError::Negative(_) | SizeError::Zero(_) => ("err-size-not-positive", vec![]),
        SizeError::Invalid(_) | SizeError::TooLarge(_) => ("err-size-invalid", vec![]),
    }
}
