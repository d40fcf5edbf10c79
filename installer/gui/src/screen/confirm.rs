//! Setup mode's last page: the answers in plain words, and "Finish setup". Nothing is
//! erased in setup mode, so the button itself is the confirmation.

use iced::widget::{column, container, row, text};
use iced::{Element, Fill};

use super::{Ctx, hint, para, title};
use crate::answers::Draft;

/// The rows of the page: (label, value).
pub fn rows(ctx: &Ctx<'_>, d: &Draft) -> Vec<(String, String)> {
    let tr = ctx.tr;
    let keyboard = match &d.keyboard_variant {
        Some(v) => format!("{} ({v})", d.keyboard_layout),
        None => d.keyboard_layout.clone(),
    };
    let user = if d.full_name.is_empty() {
        d.user_name.clone()
    } else {
        format!("{} ({})", d.full_name, d.user_name)
    };
    vec![
        (tr.t("setup-summary-locale"), d.locale.clone()),
        (tr.t("setup-summary-timezone"), d.timezone.clone()),
        (tr.t("setup-summary-keyboard"), keyboard),
        (tr.t("setup-summary-user"), user),
        (tr.t("setup-summary-hostname"), d.hostname.clone()),
        (
            tr.t("setup-summary-root"),
            tr.t(if d.root_same_password {
                "setup-summary-root-same"
            } else {
                "setup-summary-root-locked"
            }),
        ),
    ]
}

pub fn view<'a, M: 'a>(ctx: &Ctx<'a>, d: &Draft) -> Element<'a, M> {
    let tr = ctx.tr;
    let mut list = column![].spacing(8);
    for (name, value) in rows(ctx, d) {
        let name = text(name).size(15).width(220).align_x(ctx.align());
        let value = text(value).size(15).width(Fill).align_x(ctx.align());
        list = list.push(if tr.rtl {
            row![value, name]
        } else {
            row![name, value]
        });
    }
    column![
        title(ctx, tr.t("setup-summary-title")),
        para(ctx, tr.t("setup-summary-body")),
        container(list.spacing(10))
            .padding(12)
            .style(container::rounded_box)
            .width(Fill),
        hint(ctx, tr.t("keys-setup-summary")),
    ]
    .spacing(14)
    .into()
}
