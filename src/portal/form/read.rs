//! From the syntax tree to the form: values as written, and the list of what the
//! form cannot show.

use super::layout::{Container, Key, Layout};
use super::model::{Field, Form, FormRead, Kept, Kind};
use super::text;
use crate::diagnostics::Diagnostics;
use crate::syntax::ast::{Block, BlockKind, Item};
use crate::syntax::{comments, parse, Span, Spanned};

/// A source read into the form, with where each field lives (`None` when the file
/// has no block to edit).
pub(super) struct Read {
    pub read: FormRead,
    pub layout: Option<Layout>,
}

/// Fills a form and its layout from one block.
pub(super) struct Reader<'a> {
    pub src: &'a str,
    pub form: Form,
    pub kept: Vec<Kept>,
    pub layout: Layout,
}

const FIELDS_ELIGIBILITY: [Field; 7] = [
    Field::GameIds,
    Field::Categories,
    Field::MinBet,
    Field::MaxBet,
    Field::Segments,
    Field::JurisdictionsAllowed,
    Field::JurisdictionsExcluded,
];
pub(super) const FIELDS_SCORING: [Field; 6] = [
    Field::Points,
    Field::Aggregate,
    Field::OnlyWins,
    Field::Multipliers,
    Field::Caps,
    Field::Currency,
];
const FIELDS_BOARD: [Field; 4] = [Field::Update, Field::Ties, Field::Size, Field::Prizes];

/// Reads `src`; never fails (what cannot be read is listed in `problems`).
pub(super) fn read_source(src: &str) -> Read {
    let mut diags = Diagnostics::new();
    let file = parse(src, &mut diags);
    let mut problems: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    for bad in file.bad_lines() {
        problems.push(format!(
            "line {}: `{}` cannot be read",
            line_number(src, bad.span.start),
            shorten(&bad.text)
        ));
    }
    let Some(first) = file.blocks.first() else {
        problems.push("the source holds no tournament or template block".into());
        let read = FormRead {
            problems,
            ..FormRead::default()
        };
        return Read { read, layout: None };
    };
    let mut reader = Reader {
        src,
        form: Form::default(),
        kept: Vec::new(),
        layout: Layout::default(),
    };
    reader.block(first);
    for other in &file.blocks[1..] {
        let what = format!("the {} \"{}\"", kind_word(other.kind), other.name.value);
        reader.keep(other.span, what, &[]);
    }
    for comment in comments::comments(src) {
        reader.keep(comment.span, "a comment".into(), &[]);
    }
    reader.finish(problems)
}

fn kind_word(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Tournament => "tournament",
        BlockKind::Template => "template",
    }
}

fn line_number(src: &str, pos: usize) -> usize {
    src[..pos.min(src.len())].matches('\n').count() + 1
}

/// At most 60 characters of `text`, on one line.
pub(super) fn shorten(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(60) {
        Some((i, _)) => format!("{}...", &flat[..i]),
        None => flat,
    }
}

impl<'a> Reader<'a> {
    /// Lists `span` as kept, locking `fields`.
    pub(super) fn keep(&mut self, span: Span, what: String, fields: &[Field]) {
        self.kept.push(Kept {
            start: span.start,
            end: span.end,
            what,
            fields: fields.to_vec(),
        });
    }

    /// `span` without the blanks the grammar may leave at its end.
    /// `span` without the blanks and comments it ends with.
    pub(super) fn trim(&self, span: Span) -> Span {
        Span::new(
            span.start,
            text::end_of_tokens(self.src, span.start, span.end),
        )
    }

    /// The text of `span`.
    pub(super) fn slice(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// A container from its item span: the braces found in the text.
    pub(super) fn container(&self, span: Span) -> Container {
        let close = span.end.saturating_sub(1);
        Container {
            span,
            open: text::open_brace(self.src, span.start)
                .unwrap_or(close)
                .min(close),
            close,
            children: Vec::new(),
        }
    }

    fn finish(mut self, problems: Vec<String>) -> Read {
        self.kept.sort_by_key(|k| (k.start, k.end));
        let mut read_only: Vec<Field> = self.kept.iter().flat_map(|k| k.fields.clone()).collect();
        read_only.sort();
        read_only.dedup();
        let read = FormRead {
            form: self.form,
            kept: self.kept,
            read_only,
            problems,
        };
        Read {
            read,
            layout: Some(self.layout),
        }
    }

    fn block(&mut self, block: &Block) {
        let (kind, word) = match block.kind {
            BlockKind::Tournament => (Kind::Tournament, "tournament"),
            BlockKind::Template => (Kind::Template, "template"),
        };
        self.form.kind = kind;
        self.form.id = block.name.value.clone();
        self.form.from = block.from.as_ref().map(|f| f.value.clone());
        self.layout.keyword = Span::new(block.span.start, block.span.start + word.len());
        self.layout.name = block.name.span;
        self.layout.from = block.from.as_ref().map(|f| f.span);
        let header_end = self.layout.from.unwrap_or(block.name.span).end;
        let close = block.span.end.saturating_sub(1);
        self.layout.body = Container {
            span: block.span,
            open: text::open_brace(self.src, header_end)
                .unwrap_or(close)
                .min(close),
            close,
            children: Vec::new(),
        };
        for item in &block.items {
            self.item(item);
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Title(s) => self.string_item(s, Key::Title, Field::Title, "title"),
            Item::Operator(s) => self.string_item(s, Key::Operator, Field::Operator, "operator"),
            Item::Description(s) => {
                self.string_item(s, Key::Description, Field::Description, "description")
            }
            Item::Timezone(s) => self.string_item(s, Key::Timezone, Field::Timezone, "timezone"),
            Item::Prewarm(d) => {
                let value = Spanned::new(self.slice(d.span).to_string(), d.span);
                self.string_item(&value, Key::Prewarm, Field::Prewarm, "prewarm");
            }
            Item::Runs(runs) => {
                if self.layout.body.find(Key::Runs).is_some() {
                    return self.duplicate(runs.span, "runs", &[Field::Runs], 5);
                }
                let schedule = &mut self.form.schedule;
                schedule.start = Some(runs.start.value.clone());
                schedule.end = Some(runs.end.value.clone());
                schedule.end_inclusive = runs.end_inclusive;
                self.layout.body.push(Key::Runs, runs.span, runs.span);
            }
            Item::Metadata(m) => self.kept_item(m.span, "the metadata block".into(), 3),
            Item::Test(t) => self.kept_item(t.span, format!("the test \"{}\"", t.name.value), 10),
            Item::Eligible(e) => {
                if self.layout.eligible.is_some() {
                    return self.duplicate(e.span, "eligible when", &FIELDS_ELIGIBILITY, 7);
                }
                super::eligible::read(self, e);
                self.layout.body.push(Key::Eligible, e.span, e.span);
            }
            Item::Score(s) => {
                if self.layout.score.is_some() {
                    return self.duplicate(s.span, "score", &FIELDS_SCORING, 8);
                }
                super::score::read(self, s);
                self.layout.body.push(Key::Score, s.span, s.span);
            }
            Item::Leaderboard(l) => {
                if self.layout.board.is_some() {
                    return self.duplicate(l.span, "leaderboard", &FIELDS_BOARD, 9);
                }
                super::board::read(self, l);
                self.layout.body.push(Key::Leaderboard, l.span, l.span);
            }
            Item::Bad(b) => self.kept_item(b.span, "a line that cannot be read".into(), u8::MAX),
        }
    }

    fn kept_item(&mut self, span: Span, what: String, rank: u8) {
        self.keep(span, what, &[]);
        self.layout.body.push(Key::Kept(rank), span, span);
    }

    /// A second item of a keyword that appears once: kept, and its fields locked.
    fn duplicate(&mut self, span: Span, keyword: &str, fields: &[Field], rank: u8) {
        self.keep(span, format!("a second `{keyword}`"), fields);
        self.layout.body.push(Key::Kept(rank), span, span);
    }

    /// `keyword "value"` (or `prewarm 45m`): `value` spans the value only.
    fn string_item(&mut self, value: &Spanned<String>, key: Key, field: Field, keyword: &str) {
        let rank = key.rank();
        let start = text::keyword_before(self.src, value.span.start, keyword);
        let (Some(start), None) = (start, self.layout.body.find(key)) else {
            let span = Span::new(start.unwrap_or(value.span.start), value.span.end);
            return self.duplicate(span, keyword, &[field], rank);
        };
        let slot = match key {
            Key::Title => &mut self.form.title,
            Key::Operator => &mut self.form.operator,
            Key::Description => &mut self.form.description,
            Key::Timezone => &mut self.form.schedule.timezone,
            _ => &mut self.form.schedule.prewarm,
        };
        *slot = Some(value.value.clone());
        self.layout
            .body
            .push(key, Span::new(start, value.span.end), value.span);
    }
}
