//! Welcome: the interface language (the whole interface switches at once) and the
//! requirements check.

use iced::widget::{button, column, container, row, svg, text};
use iced::{Element, Fill};

use super::{Ctx, hint, para, title};

pub const MIN_RAM: u64 = 2 * 1024 * 1024 * 1024;
pub const MIN_DISK: u64 = 20 * 1024 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Language(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    LanguageChanged(String),
}

#[derive(Debug, Clone, Default)]
pub struct State {
    /// Setup mode (first boot of an OEM install): nothing is installed, so the page
    /// says what setup does and checks no requirements.
    pub setup: bool,
}

impl State {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Language(code) => Some(Event::LanguageChanged(code)),
        }
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let logo = svg(svg::Handle::from_path(ctx.branding.logo_path()))
            .width(96)
            .height(96);
        let mut langs = column![].spacing(6);
        for pair in ctx.branding.languages.chunks(2) {
            let mut r = row![].spacing(6);
            for l in pair {
                // A right-to-left name is aligned by the shaper (see `Ctx::align`).
                let align = if l.rtl {
                    text::Alignment::Default
                } else {
                    text::Alignment::Center
                };
                let b = button(text(l.name.clone()).size(16).width(Fill).align_x(align))
                    .width(Fill)
                    .on_press(Message::Language(l.code.clone()));
                r = r.push(if l.code == tr.lang {
                    b.style(button::primary)
                } else {
                    b.style(button::secondary)
                });
            }
            langs = langs.push(r);
        }
        let body = if self.setup {
            "setup-welcome-body"
        } else {
            "welcome-body"
        };
        let mut page = column![
            row![logo].width(Fill),
            title(ctx, tr.t("welcome-title")),
            para(ctx, tr.t(body)),
            para(ctx, tr.t("welcome-language")),
            langs,
            hint(ctx, tr.t("keys-welcome")),
        ]
        .spacing(14);
        if !self.setup {
            page = page.push(para(ctx, tr.t("req-title")));
            page = page.push(requirements(ctx));
        }
        page.into()
    }
}

fn requirement<'a>(ctx: &Ctx<'_>, ok: Option<bool>, s: String) -> Element<'a, Message> {
    let tr = ctx.tr;
    let mark = match ok {
        Some(true) => text(tr.t("req-met")).style(text::success),
        Some(false) => text(tr.t("req-not-met")).style(text::danger),
        None => text("…"),
    };
    let line = text(s).width(Fill).align_x(ctx.align());
    let r = if tr.rtl {
        row![mark.width(120), line]
    } else {
        row![line, mark.width(120)]
    };
    r.spacing(10).into()
}

fn requirements<'a>(ctx: &Ctx<'_>) -> Element<'a, Message> {
    let tr = ctx.tr;
    let Some(p) = ctx.probe else {
        return para(ctx, tr.t("req-probing"));
    };
    let biggest = p
        .disks
        .iter()
        .filter(|d| !d.in_use)
        .map(|d| d.size_bytes)
        .max()
        .unwrap_or(0);
    let power = match p.on_battery {
        Some(false) => (Some(true), tr.t("req-power-ok")),
        Some(true) => (Some(false), tr.t("req-power-battery")),
        None => (None, tr.t("req-power-unknown")),
    };
    container(
        column![
            requirement(
                ctx,
                Some(p.ram_bytes >= MIN_RAM),
                tr.args(
                    "req-ram",
                    &[("have", tr.size(p.ram_bytes)), ("need", tr.size(MIN_RAM))]
                )
            ),
            requirement(
                ctx,
                Some(biggest >= MIN_DISK),
                tr.args("req-disk", &[("need", tr.size(MIN_DISK))])
            ),
            requirement(
                ctx,
                Some(true),
                tr.args("req-firmware", &[("kind", p.firmware.to_uppercase())])
            ),
            requirement(ctx, power.0, power.1),
        ]
        .spacing(6),
    )
    .padding(10)
    .style(container::rounded_box)
    .width(Fill)
    .into()
}
