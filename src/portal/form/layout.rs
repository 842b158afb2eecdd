//! Where each form field lives in the source: the containers (`{ ... }` blocks) the
//! form edits, and their children in source order with the field each one holds.

use super::model::Field;
use crate::syntax::Span;

/// What a child of a container holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Title,
    Operator,
    Description,
    Timezone,
    Runs,
    Prewarm,
    Eligible,
    Score,
    Leaderboard,
    /// A condition line of `eligible when` the form shows, and the field it fills.
    Cond(Field),
    Points,
    OnlyWins,
    Multiplier,
    Aggregate,
    Cap,
    Currency,
    Update,
    Ties,
    Size,
    Prizes,
    Prize,
    Rate,
    /// Something the form does not show, at the canonical rank it sits at.
    Kept(u8),
}

impl Key {
    /// The canonical order of items inside their container: new items go after the
    /// last item of a lower or equal rank.
    pub(super) fn rank(self) -> u8 {
        match self {
            Key::Title | Key::Points | Key::Update | Key::Prize | Key::Rate => 0,
            Key::Operator | Key::OnlyWins | Key::Ties => 1,
            Key::Description | Key::Multiplier | Key::Size => 2,
            Key::Aggregate | Key::Prizes => 3,
            Key::Timezone | Key::Cap => 4,
            Key::Runs | Key::Currency => 5,
            Key::Prewarm => 6,
            Key::Eligible => 7,
            Key::Score => 8,
            Key::Leaderboard => 9,
            Key::Cond(field) => cond_rank(field),
            Key::Kept(rank) => rank,
        }
    }
}

/// The canonical order of the condition lines the form writes.
pub(super) fn cond_rank(field: Field) -> u8 {
    match field {
        Field::Categories => 0,
        Field::GameIds => 1,
        Field::MinBet => 2,
        Field::MaxBet => 3,
        Field::Segments => 4,
        Field::JurisdictionsAllowed => 5,
        Field::JurisdictionsExcluded => 6,
        _ => u8::MAX,
    }
}

/// One item inside a container.
#[derive(Debug, Clone)]
pub(super) struct Child {
    pub key: Key,
    /// The whole item, from its keyword to its end.
    pub span: Span,
    /// The part a changed value replaces (the string of `title "..."`, say); the
    /// whole item for most items.
    pub value: Span,
}

/// A `{ ... }` block whose children the form edits.
#[derive(Debug, Clone, Default)]
pub(super) struct Container {
    /// The whole item, header included.
    pub span: Span,
    /// Just after the opening brace.
    pub open: usize,
    /// At the closing brace.
    pub close: usize,
    pub children: Vec<Child>,
}

impl Container {
    /// The first child holding `key`.
    pub(super) fn find(&self, key: Key) -> Option<usize> {
        self.children.iter().position(|c| c.key == key)
    }

    /// Every child holding `key`, in source order.
    pub(super) fn all(&self, key: Key) -> Vec<usize> {
        (0..self.children.len())
            .filter(|&i| self.children[i].key == key)
            .collect()
    }

    pub(super) fn push(&mut self, key: Key, span: Span, value: Span) {
        self.children.push(Child { key, span, value });
    }
}

/// The editable block of a file: its header and containers.
#[derive(Debug, Clone, Default)]
pub(super) struct Layout {
    /// `tournament` or `template`.
    pub keyword: Span,
    /// The name string.
    pub name: Span,
    /// The string of `from "..."`.
    pub from: Option<Span>,
    pub body: Container,
    pub eligible: Option<Container>,
    pub score: Option<Container>,
    pub board: Option<Container>,
    pub prizes: Option<Container>,
    /// The rates block of the scoring currency, when it has one.
    pub rates: Option<Container>,
    /// The code of the scoring currency.
    pub currency_code: Option<Span>,
}
