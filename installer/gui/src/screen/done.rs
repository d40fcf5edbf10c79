//! Finished: success (restart through login1, or stay), failure or cancellation.

use iced::widget::{column, container, scrollable, text};
use iced::{Element, Fill};

use super::{Ctx, field_error, para, title};

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Succeeded,
    Failed(String),
    Cancelled,
}

pub fn view<'a, M: 'a>(ctx: &Ctx<'a>, outcome: &'a Outcome, log: &'a [String]) -> Element<'a, M> {
    let tr = ctx.tr;
    match outcome {
        Outcome::Succeeded => column![title(ctx, tr.t("done-title")), para(ctx, tr.t("done-body"))]
            .spacing(14)
            .into(),
        Outcome::Cancelled => column![title(ctx, tr.t("cancelled-title"))].into(),
        Outcome::Failed(error) => column![
            title(ctx, tr.t("failed-title")),
            para(ctx, tr.t("failed-body")),
            field_error(ctx, error.clone()),
            container(
                scrollable(column(log.iter().map(|l| text(l.clone()).size(12).into())))
                    .height(200)
                    .width(Fill)
            )
            .padding(8)
            .style(container::rounded_box),
        ]
        .spacing(14)
        .into(),
    }
}
