//! Install: progress bar, current step, an expandable log, the branding slideshow.

use iced::widget::{button, column, container, progress_bar, scrollable, text};
use iced::{Element, Fill};

use super::{Ctx, para, title};

/// Log lines kept in memory.
const LOG_LINES: usize = 500;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    ToggleLog,
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub job: Option<u64>,
    pub fraction: f32,
    pub step: String,
    pub message: String,
    pub log: Vec<String>,
    pub show_log: bool,
    pub slide: usize,
    pub cancelling: bool,
}

impl State {
    pub fn update(&mut self, message: Message) {
        match message {
            Message::ToggleLog => self.show_log = !self.show_log,
        }
    }

    pub fn progress(&mut self, step: String, fraction: f64, message: String) {
        self.step = step;
        self.fraction = fraction.clamp(0.0, 1.0) as f32;
        if !message.is_empty() {
            self.message = message;
        }
    }

    pub fn push_log(&mut self, level: &str, message: &str) {
        self.log.push(format!("[{level}] {message}"));
        if self.log.len() > LOG_LINES {
            let extra = self.log.len() - LOG_LINES;
            self.log.drain(..extra);
        }
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let tr = ctx.tr;
        let slides = &ctx.branding.slideshow;
        let slide = if slides.is_empty() {
            String::new()
        } else {
            tr.t(&slides[self.slide % slides.len()])
        };
        let mut c = column![
            title(ctx, tr.t("install-title")),
            container(if tr.rtl {
                // Shrunk and centred by the container: see `Ctx::align`.
                container(text(slide).size(20).align_x(ctx.align())).center_x(Fill)
            } else {
                container(text(slide).size(20).width(Fill).center())
            })
            .padding(30)
            .width(Fill)
            .style(container::rounded_box),
            progress_bar(0.0..=1.0, self.fraction),
            para(
                ctx,
                format!("{:.0}%  ·  {}", self.fraction * 100.0, self.step)
            ),
            para(ctx, self.message.clone()),
        ]
        .spacing(14);
        if self.cancelling {
            c = c.push(para(ctx, tr.t("install-cancelling")));
        }
        let toggle = if self.show_log {
            tr.t("install-hide-log")
        } else {
            tr.t("install-show-log")
        };
        c = c.push(
            button(text(toggle))
                .style(button::text)
                .on_press(Message::ToggleLog),
        );
        if self.show_log {
            c = c.push(
                scrollable(column(
                    self.log.iter().map(|l| text(l.clone()).size(12).into()),
                ))
                .height(160)
                .width(Fill),
            );
        }
        c.into()
    }
}
