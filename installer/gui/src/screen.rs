//! One module per page: its state, `Message`, `update` and `view`. Views are pure
//! functions of state and take a [`Ctx`] with the translator and the probe.

use iced::widget::{column, container, text};
use iced::{Element, Fill};
use lainos_dbus_api::ProbeDto;

use crate::branding::Branding;
use crate::i18n::Tr;

pub mod confirm;
pub mod disk;
pub mod done;
pub mod install;
pub mod keyboard;
pub mod location;
pub mod summary;
pub mod users;
pub mod welcome;

/// What a view may read besides its own state.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub tr: &'a Tr,
    pub branding: &'a Branding,
    pub probe: Option<&'a ProbeDto>,
}

impl Ctx<'_> {
    /// Right-to-left paragraphs keep the shaper's own alignment (to the right edge of
    /// the text box): asking iced for `Right` as well shifts them out of view.
    pub fn align(&self) -> iced::widget::text::Alignment {
        if self.tr.rtl {
            iced::widget::text::Alignment::Default
        } else {
            iced::widget::text::Alignment::Left
        }
    }
}

/// A page title.
pub fn title<'a, M: 'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, M> {
    aligned(ctx, text(s).size(28))
}

/// A text placed at the start of the line for the reading direction: in right-to-left
/// languages the (shrunk) text box sits at the right edge.
pub fn aligned<'a, M: 'a>(ctx: &Ctx<'_>, t: iced::widget::Text<'a>) -> Element<'a, M> {
    if ctx.tr.rtl {
        container(t.align_x(ctx.align()))
            .width(Fill)
            .align_x(iced::alignment::Horizontal::Right)
            .into()
    } else {
        t.width(Fill).align_x(ctx.align()).into()
    }
}

/// A paragraph, aligned for the reading direction.
pub fn para<'a, M: 'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, M> {
    aligned(ctx, text(s).size(16))
}

/// A field label.
pub fn label<'a, M: 'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, M> {
    aligned(ctx, text(s).size(14))
}

/// An explanation next to an invalid field, in the danger colour.
pub fn field_error<'a, M: 'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, M> {
    aligned(ctx, text(s).size(13).style(text::danger))
}

/// A labelled field: label, widget, optional error below.
pub fn field<'a, M: 'a>(
    ctx: &Ctx<'_>,
    name: String,
    widget: impl Into<Element<'a, M>>,
    error: Option<String>,
) -> Element<'a, M> {
    let mut c = column![label(ctx, name), widget.into()].spacing(4);
    if let Some(e) = error {
        c = c.push(field_error(ctx, e));
    }
    container(c).width(Fill).into()
}

/// A keyboard move in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
}

/// Rows a Page Up/Page Down moves.
pub const PAGE: usize = 10;

/// The index a keyboard move lands on in a list of `len` rows, from `current` (none
/// selected: Down and Page Down start at the top, Up and Page Up at the bottom).
pub fn step_index(len: usize, current: Option<usize>, step: Step) -> Option<usize> {
    let last = len.checked_sub(1)?;
    let i = match (current.filter(|c| *c <= last), step) {
        (_, Step::First) => 0,
        (_, Step::Last) => last,
        (None, Step::Down | Step::PageDown) => 0,
        (None, Step::Up | Step::PageUp) => last,
        (Some(c), Step::Up) => c.saturating_sub(1),
        (Some(c), Step::Down) => (c + 1).min(last),
        (Some(c), Step::PageUp) => c.saturating_sub(PAGE),
        (Some(c), Step::PageDown) => (c + PAGE).min(last),
    };
    Some(i)
}

/// The `shown` rows of `items` around position `at`, so that a row chosen with the
/// keyboard is among the rows drawn: (first index, rows).
pub fn window<T>(items: &[T], at: Option<usize>, shown: usize) -> (usize, &[T]) {
    let start = match at {
        Some(i) if i >= shown => (i - shown / 2).min(items.len().saturating_sub(shown)),
        _ => 0,
    };
    let end = (start + shown).min(items.len());
    (start, &items[start..end])
}

/// The relative scroll offset that brings row `index` of `len` rows into view.
pub fn offset_of(index: usize, len: usize) -> f32 {
    if len <= 1 {
        0.0
    } else {
        index as f32 / (len - 1) as f32
    }
}

/// The style of the list a keyboard user is moving in: a primary-coloured border.
pub fn active_list(theme: &iced::Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style::default().border(iced::Border {
        color: p.primary.strong.color,
        width: 2.0,
        radius: 4.0.into(),
    })
}

/// A small line of keyboard hints under a page's content.
pub fn hint<'a, M: 'a>(ctx: &Ctx<'_>, s: String) -> Element<'a, M> {
    aligned(ctx, text(s).size(12).style(text::secondary))
}
