//! Disk: which disk from the service's probe, file system, swap, encryption.

use iced::widget::{checkbox, column, pick_list, radio, row, text, text_input};
use iced::{Element, Fill};
use lainos_dbus_api::ProbeDto;

use super::{Ctx, field, field_error, label, para, title};
use crate::answers::{Filesystem, SwapChoice};

pub const MIN_PASSPHRASE: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Disk(usize),
    Filesystem(Filesystem),
    Swap(SwapChoice),
    Encrypt(bool),
    Passphrase(String),
    PassphraseConfirm(String),
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub disk: Option<String>,
    pub filesystem: Filesystem,
    pub swap: SwapChoice,
    pub encrypt: bool,
    pub passphrase: String,
    pub passphrase_confirm: String,
    /// Next was pressed: show every error, also for empty fields.
    pub show_errors: bool,
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
    }

    pub fn update(&mut self, message: Message, probe: Option<&ProbeDto>) {
        match message {
            Message::Disk(i) => {
                if let Some(d) = probe.and_then(|p| p.disks.get(i)).filter(|d| !d.in_use) {
                    self.disk = Some(d.path.clone());
                }
            }
            Message::Filesystem(f) => self.filesystem = f,
            Message::Swap(s) => self.swap = s,
            Message::Encrypt(e) => self.encrypt = e,
            Message::Passphrase(p) => self.passphrase = p,
            Message::PassphraseConfirm(p) => self.passphrase_confirm = p,
        }
    }

    pub fn errors(&self) -> Vec<FieldError> {
        let mut e = vec![];
        if self.disk.is_none() {
            e.push(("disk", "err-disk-required", vec![]));
        }
        if self.encrypt {
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
        let swap = row(SwapChoice::ALL.iter().map(|s| {
            let id = match s {
                SwapChoice::None => "swap-none",
                SwapChoice::File => "swap-file",
                SwapChoice::Partition => "swap-partition",
            };
            radio(tr.t(id), *s, Some(self.swap), Message::Swap).into()
        }))
        .spacing(20);
        let mut c = column![
            title(ctx, tr.t("disk-title")),
            label(ctx, tr.t("disk-choose")),
            disks,
            para(ctx, tr.t("disk-erase")),
            field(
                ctx,
                tr.t("disk-filesystem"),
                pick_list(
                    &Filesystem::ALL[..],
                    Some(self.filesystem),
                    Message::Filesystem
                ),
                None
            ),
            field(ctx, tr.t("disk-swap"), swap, None),
            checkbox(self.encrypt)
                .label(tr.t("disk-encrypt"))
                .on_toggle(Message::Encrypt),
        ]
        .spacing(14);
        if self.encrypt {
            c = c.push(field(
                ctx,
                tr.t("disk-passphrase"),
                text_input("", &self.passphrase)
                    .secure(true)
                    .on_input(Message::Passphrase)
                    .padding(8),
                self.error_for(ctx, "passphrase"),
            ));
            c = c.push(field(
                ctx,
                tr.t("disk-passphrase-confirm"),
                text_input("", &self.passphrase_confirm)
                    .secure(true)
                    .on_input(Message::PassphraseConfirm)
                    .padding(8),
                self.error_for(ctx, "passphrase_confirm"),
            ));
        }
        c.width(Fill).into()
    }
}
