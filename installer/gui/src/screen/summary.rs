//! Summary: the plan in plain words, destructive actions set apart, one explicit
//! confirmation.

use iced::widget::{checkbox, column, container};
use iced::{Element, Fill};
use lainos_dbus_api::{IssueDto, PlanDto};

use super::{Ctx, field_error, hint, para, title};

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Confirm(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub enum PlanError {
    /// Problems with the answers, each with its field.
    Issues(Vec<IssueDto>),
    Other(String),
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub planning: bool,
    pub plan: Option<PlanDto>,
    pub error: Option<PlanError>,
    pub confirmed: bool,
}

impl State {
    pub fn start_planning(&mut self) {
        *self = State {
            planning: true,
            ..State::default()
        };
    }

    pub fn planned(&mut self, result: Result<PlanDto, PlanError>) {
        self.planning = false;
        self.confirmed = false;
        match result {
            Ok(p) => {
                self.plan = Some(p);
                self.error = None;
            }
            Err(e) => {
                self.plan = None;
                self.error = Some(e);
            }
        }
    }

    pub fn update(&mut self, message: Message) {
        match message {
            Message::Confirm(c) => self.confirmed = c && self.plan.is_some(),
        }
    }

    /// Install may start: a plan exists and the user confirmed it.
    pub fn can_install(&self) -> bool {
        self.plan.is_some() && self.confirmed && !self.planning
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let mut c = column![title(ctx, tr.t("summary-title"))].spacing(14);
        if self.planning {
            return c.push(para(ctx, tr.t("summary-planning"))).into();
        }
        if let Some(err) = &self.error {
            c = c.push(para(ctx, tr.t("summary-plan-failed")));
            match err {
                PlanError::Issues(issues) => {
                    for i in issues.iter().filter(|i| i.is_error()) {
                        c = c.push(field_error(ctx, i.to_string()));
                    }
                }
                PlanError::Other(m) => c = c.push(field_error(ctx, m.clone())),
            }
            return c.into();
        }
        let Some(plan) = &self.plan else {
            return c.into();
        };
        // The plan in the user's language (the service's English for unknown kinds).
        let lines = crate::plan_text::localize(tr, plan);
        c = c.push(para(ctx, tr.t("summary-actions")));
        c = c.push(bullets(ctx, column![], lines.summary));
        // What stays on the disk (alongside, kept partitions of a manual layout).
        let kept = crate::plan_text::kept(tr, plan);
        if !kept.is_empty() {
            c = c.push(bullets(ctx, column![para(ctx, tr.t("summary-kept"))], kept));
        }
        if !lines.destructive.is_empty() {
            let mut d = column![para(ctx, tr.t("summary-destructive"))].spacing(6);
            for line in lines.destructive {
                d = d.push(para(ctx, format!("⚠  {line}")));
            }
            c = c.push(
                container(d)
                    .padding(12)
                    .width(Fill)
                    .style(container::danger),
            );
        }
        c.push(
            checkbox(self.confirmed)
                .label(tr.t("summary-confirm"))
                .on_toggle(Message::Confirm),
        )
        .push(hint(ctx, tr.t("keys-summary")))
        .into()
    }
}

/// `lines` as bullets below `head`, in a rounded box.
fn bullets<'a, M: 'a>(
    ctx: &Ctx<'_>,
    head: iced::widget::Column<'a, M>,
    lines: Vec<String>,
) -> Element<'a, M> {
    let list = lines.into_iter().fold(head.spacing(4), |col, line| {
        col.push(para(ctx, format!("•  {line}")))
    });
    container(list)
        .padding(10)
        .width(Fill)
        .style(container::rounded_box)
        .into()
}
