//! Install: progress bar, current step, an expandable log, the branding slideshow.

use iced::widget::{button, column, container, progress_bar, scrollable, text};
use iced::{Element, Fill, Theme};

use super::{Ctx, hint, para, title};

/// Log lines kept in memory.
const LOG_LINES: usize = 500;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    ToggleLog,
}

/// One `Progress` signal of the service.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Progress {
    pub step: String,
    /// 0.0–1.0 of the whole install.
    pub fraction: f64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub message: String,
}

/// How the bar is drawn for a reading direction: iced fills a progress bar from the
/// left, so in right-to-left languages it is drawn inverted (the part still to do, on
/// the left, in the track colour; the rest in the bar colour), which fills it from the
/// right. Returns the value given to the widget and whether the colours are swapped.
pub fn bar_fill(fraction: f32, rtl: bool) -> (f32, bool) {
    let f = fraction.clamp(0.0, 1.0);
    if rtl { (1.0 - f, true) } else { (f, false) }
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub job: Option<u64>,
    pub fraction: f32,
    pub step: String,
    pub message: String,
    /// Bytes of the current step (the copy of the system), when it reports them.
    pub bytes_done: u64,
    pub bytes_total: u64,
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

    pub fn progress(&mut self, p: Progress) {
        if p.step != self.step {
            // A new step: its bytes, if any, come with its own signals.
            self.bytes_done = 0;
            self.bytes_total = 0;
        }
        self.step = p.step;
        self.fraction = p.fraction.clamp(0.0, 1.0) as f32;
        if p.bytes_total > 0 {
            self.bytes_total = p.bytes_total;
            self.bytes_done = p.bytes_done.min(p.bytes_total);
        }
        if !p.message.is_empty() {
            self.message = p.message;
        }
    }

    /// "1.5 GiB of 3 GiB copied", in the user's language, while a step reports bytes.
    pub fn bytes_line(&self, tr: &crate::i18n::Tr) -> Option<String> {
        (self.bytes_total > 0).then(|| {
            tr.args(
                "install-bytes",
                &[
                    ("done", tr.size(self.bytes_done)),
                    ("total", tr.size(self.bytes_total)),
                ],
            )
        })
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
            bar(self.fraction, tr.rtl),
            para(
                ctx,
                format!("{:.0}%  ·  {}", self.fraction * 100.0, self.step)
            ),
            para(ctx, self.message.clone()),
        ]
        .spacing(14);
        if let Some(b) = self.bytes_line(tr) {
            c = c.push(para(ctx, b));
        }
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
        c = c.push(hint(ctx, tr.t("keys-install")));
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

/// The progress bar, filling from the start of the reading direction.
fn bar<'a>(fraction: f32, rtl: bool) -> Element<'a, Message> {
    let (value, swapped) = bar_fill(fraction, rtl);
    let b = progress_bar(0.0..=1.0, value);
    if swapped {
        b.style(|theme: &Theme| {
            let s = progress_bar::primary(theme);
            progress_bar::Style {
                background: s.bar,
                bar: s.background,
                border: s.border,
            }
        })
        .into()
    } else {
        b.into()
    }
}
