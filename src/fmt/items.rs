//! The file, its `tournament` and `template` blocks and their items.

use super::cond::lines;
use super::leaderboard::leaderboard;
use super::printer::Printer;
use super::score::score;
use super::text::{quote, value};
use crate::syntax::ast::{
    Block, BlockKind, Expect, ExpectKind, File, Item, Metadata, TestCase, TestEntry, WagerLit,
};

/// The whole file, one blank line between blocks.
pub(super) fn file(source: &str, file: &File) -> String {
    let mut p = Printer::new(source);
    for (i, b) in file.blocks.iter().enumerate() {
        if i > 0 {
            p.force_blank();
        }
        p.line_item(b.span.start, b.span.end, |p| block(p, b));
    }
    p.finish()
}

fn block(p: &mut Printer<'_>, b: &Block) {
    let keyword = match b.kind {
        BlockKind::Tournament => "tournament",
        BlockKind::Template => "template",
    };
    p.word(&format!("{keyword} {}", quote(&b.name.value)));
    let mut head_end = b.name.span.end;
    if let Some(from) = &b.from {
        p.word(&format!(" from {}", quote(&from.value)));
        head_end = from.span.end;
    }
    let brace = p.src().brace_after(head_end);
    p.block(brace, b.span.end.saturating_sub(1), &b.items, |p, it| {
        let start = item_start(p, it);
        p.line_item(start, it.span().end, |p| item(p, it));
    });
}

/// Where an item begins. Items holding one value are spanned by that value alone.
fn item_start(p: &Printer<'_>, it: &Item) -> usize {
    match it {
        Item::Title(_)
        | Item::Operator(_)
        | Item::Description(_)
        | Item::Timezone(_)
        | Item::Prewarm(_) => p.src().keyword_start(it.span().start),
        _ => it.span().start,
    }
}

fn item(p: &mut Printer<'_>, it: &Item) {
    match it {
        Item::Title(s) => p.word(&format!("title {}", quote(&s.value))),
        Item::Operator(s) => p.word(&format!("operator {}", quote(&s.value))),
        Item::Description(s) => p.word(&format!("description {}", quote(&s.value))),
        Item::Timezone(s) => p.word(&format!("timezone {}", quote(&s.value))),
        Item::Prewarm(d) => p.word(&format!("prewarm {}", d.value)),
        Item::Runs(r) => {
            let op = if r.end_inclusive { "..=" } else { ".." };
            p.word(&format!("runs {} {op} {}", r.start.value, r.end.value));
        }
        Item::Metadata(m) => metadata(p, m),
        Item::Eligible(e) => {
            p.word("eligible when");
            let brace = p.src().brace_after(e.span.start);
            lines(p, brace, e.span.end.saturating_sub(1), &e.conditions);
        }
        Item::Score(s) => score(p, s),
        Item::Leaderboard(l) => leaderboard(p, l),
        Item::Test(t) => test_case(p, t),
        Item::Bad(bad) => p.word(&bad.text),
    }
}

fn metadata(p: &mut Printer<'_>, m: &Metadata) {
    p.word("metadata");
    let brace = p.src().brace_after(m.span.start);
    p.block(brace, m.span.end.saturating_sub(1), &m.entries, |p, e| {
        p.line_item(e.span.start, e.span.end, |p| {
            p.word(&format!("{} {}", e.key.value, quote(&e.value.value)));
        });
    });
}

fn test_case(p: &mut Printer<'_>, t: &TestCase) {
    p.word(&format!("test {}", quote(&t.name.value)));
    let brace = p.src().brace_after(t.name.span.end);
    p.block(brace, t.span.end.saturating_sub(1), &t.entries, |p, e| {
        let span = match e {
            TestEntry::Wager(w) => w.span,
            TestEntry::Expect(x) => x.span,
            TestEntry::Bad(b) => b.span,
        };
        p.line_item(span.start, span.end, |p| match e {
            TestEntry::Wager(w) => p.word(&wager(w)),
            TestEntry::Expect(x) => p.word(&expect(x)),
            TestEntry::Bad(b) => p.word(&b.text),
        });
    });
}

/// A sample wager on one line, its fields two spaces apart.
fn wager(w: &WagerLit) -> String {
    let fields: Vec<String> = w
        .fields
        .iter()
        .map(|f| format!("{} {}", f.key.value, value(&f.value)))
        .collect();
    if fields.is_empty() {
        format!("wager {} {{}}", quote(&w.id.value))
    } else {
        format!("wager {} {{ {} }}", quote(&w.id.value), fields.join("  "))
    }
}

fn expect(x: &Expect) -> String {
    match &x.kind {
        ExpectKind::Eligible(w) => format!("expect eligible {}", quote(&w.value)),
        ExpectKind::Ineligible(w) => format!("expect ineligible {}", quote(&w.value)),
        ExpectKind::Score(who, n) => format!("expect score {} = {}", quote(&who.value), n.value),
        ExpectKind::Rank(who, n) => format!("expect rank {} = {}", quote(&who.value), n.value),
        ExpectKind::Prize(who, prize) => {
            format!("expect prize {} = {}", quote(&who.value), value(prize))
        }
        ExpectKind::NoPrize(who) => format!("expect no prize {}", quote(&who.value)),
    }
}
