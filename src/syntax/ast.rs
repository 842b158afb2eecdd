//! The syntax tree: what the file says, with spans, before any checking.
//!
//! The tree keeps every item in source order (the formatter needs that) and holds
//! values as written (decimal text, timestamps as text), so the checker can give a
//! precise diagnostic for each malformed value.

use super::span::{Span, Spanned};
use serde::Serialize;

/// One parsed `.tourney` file.
#[derive(Debug, Clone, Serialize)]
pub struct File {
    pub blocks: Vec<Block>,
    /// Lines the grammar could not read at all, reported by the checker.
    pub bad: Vec<BadLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Tournament,
    Template,
}

/// A `tournament` or `template` block.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub name: Spanned<String>,
    pub from: Option<Spanned<String>>,
    pub items: Vec<Item>,
    pub span: Span,
}

/// A line the grammar could not read, with the context it was found in.
#[derive(Debug, Clone, Serialize)]
pub struct BadLine {
    pub context: BadContext,
    pub text: String,
    pub span: Span,
}

/// Where an unreadable line was found; decides the wording of the diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BadContext {
    File,
    Tournament,
    Metadata,
    Eligibility,
    Score,
    Currency,
    Leaderboard,
    Prizes,
    Test,
    Wager,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    Title(Spanned<String>),
    Operator(Spanned<String>),
    Description(Spanned<String>),
    Metadata(Metadata),
    Runs(Runs),
    Timezone(Spanned<String>),
    Prewarm(Spanned<Duration>),
    Eligible(Eligible),
    Score(Score),
    Leaderboard(Leaderboard),
    Test(TestCase),
    Bad(BadLine),
}

impl Item {
    /// The keyword that starts the item, used in messages and for template overrides.
    pub fn keyword(&self) -> &'static str {
        match self {
            Item::Title(_) => "title",
            Item::Operator(_) => "operator",
            Item::Description(_) => "description",
            Item::Metadata(_) => "metadata",
            Item::Runs(_) => "runs",
            Item::Timezone(_) => "timezone",
            Item::Prewarm(_) => "prewarm",
            Item::Eligible(_) => "eligible",
            Item::Score(_) => "score",
            Item::Leaderboard(_) => "leaderboard",
            Item::Test(_) => "test",
            Item::Bad(_) => "",
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Item::Title(s) | Item::Operator(s) | Item::Description(s) | Item::Timezone(s) => s.span,
            Item::Prewarm(d) => d.span,
            Item::Metadata(m) => m.span,
            Item::Runs(r) => r.span,
            Item::Eligible(e) => e.span,
            Item::Score(s) => s.span,
            Item::Leaderboard(l) => l.span,
            Item::Test(t) => t.span,
            Item::Bad(b) => b.span,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Metadata {
    pub entries: Vec<MetaEntry>,
    pub bad: Vec<BadLine>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetaEntry {
    pub key: Spanned<String>,
    pub value: Spanned<String>,
    pub span: Span,
}

/// `runs START .. END` (end excluded) or `runs START ..= END` (end included).
#[derive(Debug, Clone, Serialize)]
pub struct Runs {
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub end_inclusive: bool,
    pub span: Span,
}

/// A duration as written: a whole number and a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Duration {
    pub amount: u64,
    pub unit: DurationUnit,
    /// Written too long to hold (reported as T0006; `amount` is then 0): checks of
    /// the value say nothing more.
    #[serde(skip)]
    pub out_of_range: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Millis,
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl DurationUnit {
    pub fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Millis => "ms",
            DurationUnit::Seconds => "s",
            DurationUnit::Minutes => "m",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
            DurationUnit::Weeks => "w",
        }
    }

    pub fn millis(self) -> u64 {
        match self {
            DurationUnit::Millis => 1,
            DurationUnit::Seconds => 1_000,
            DurationUnit::Minutes => 60_000,
            DurationUnit::Hours => 3_600_000,
            DurationUnit::Days => 86_400_000,
            DurationUnit::Weeks => 604_800_000,
        }
    }
}

impl Duration {
    /// Milliseconds, saturating: the checker rejects durations that overflow.
    pub fn millis(self) -> u64 {
        self.amount.saturating_mul(self.unit.millis())
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.suffix())
    }
}

/// `eligible when { ... }`: every condition must hold.
#[derive(Debug, Clone, Serialize)]
pub struct Eligible {
    pub conditions: Vec<Cond>,
    pub bad: Vec<BadLine>,
    pub span: Span,
}

/// A boolean condition over event fields.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cond {
    And(Vec<Cond>, Span),
    Or(Vec<Cond>, Span),
    Not(Box<Cond>, Span),
    /// `any { ... }`: at least one line holds.
    Any(Vec<Cond>, Span),
    /// `all { ... }`: every line holds.
    All(Vec<Cond>, Span),
    Compare(Compare),
    In(InList),
    Between(Between),
    Presence(Presence),
}

impl Cond {
    pub fn span(&self) -> Span {
        match self {
            Cond::And(_, s)
            | Cond::Or(_, s)
            | Cond::Not(_, s)
            | Cond::Any(_, s)
            | Cond::All(_, s) => *s,
            Cond::Compare(c) => c.span,
            Cond::In(c) => c.span,
            Cond::Between(c) => c.span,
            Cond::Presence(c) => c.span,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The operator that holds exactly when this one does not (for present values).
    pub fn negated(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Compare {
    pub field: Spanned<String>,
    pub op: Spanned<CmpOp>,
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct InList {
    pub field: Spanned<String>,
    pub negated: bool,
    pub values: Vec<Value>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Between {
    pub field: Spanned<String>,
    pub negated: bool,
    pub low: Value,
    pub high: Value,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Presence {
    pub field: Spanned<String>,
    pub present: bool,
    pub span: Span,
}

/// A literal value as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum ValueKind {
    Text(String),
    /// Decimal text, e.g. `10.00` or `-3`.
    Number(String),
    /// Decimal text and a currency code.
    Money(String, String),
    /// An RFC 3339-like timestamp, possibly without offset.
    Timestamp(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

/// `score { ... }`
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub entries: Vec<ScoreEntry>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreEntry {
    Points(Expr, Span),
    Multiplier {
        factor: Spanned<String>,
        when: Cond,
        span: Span,
    },
    OnlyWins(Span),
    Aggregate(Spanned<String>, Span),
    Cap {
        points: Spanned<String>,
        per: Spanned<Duration>,
        span: Span,
    },
    Currency(CurrencyEntry),
    Bad(BadLine),
}

impl ScoreEntry {
    pub fn span(&self) -> Span {
        match self {
            ScoreEntry::Points(_, s)
            | ScoreEntry::Multiplier { span: s, .. }
            | ScoreEntry::OnlyWins(s)
            | ScoreEntry::Aggregate(_, s)
            | ScoreEntry::Cap { span: s, .. } => *s,
            ScoreEntry::Currency(c) => c.span,
            ScoreEntry::Bad(b) => b.span,
        }
    }
}

/// `currency EUR { USD 0.92 }`: the scoring currency and conversion rates into it.
#[derive(Debug, Clone, Serialize)]
pub struct CurrencyEntry {
    pub code: Spanned<String>,
    pub rates: Vec<Rate>,
    pub has_block: bool,
    pub bad: Vec<BadLine>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rate {
    pub code: Spanned<String>,
    pub rate: Spanned<String>,
    pub span: Span,
}

/// An arithmetic expression for points.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    Number(Spanned<String>),
    Field(Spanned<String>),
    /// `first op operand op operand ...` at one precedence level, left to right. A long
    /// sum is one flat list, so it nests no deeper than a short one.
    Chain {
        first: Box<Expr>,
        rest: Vec<(ArithOp, Expr)>,
        span: Span,
    },
    /// Parentheses as written, kept so the formatter can reproduce them.
    Group(Box<Expr>, Span),
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Number(s) | Expr::Field(s) => s.span,
            Expr::Chain { span, .. } | Expr::Group(_, span) => *span,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }
}

/// `leaderboard { ... }`
#[derive(Debug, Clone, Serialize)]
pub struct Leaderboard {
    pub entries: Vec<LeaderboardEntry>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaderboardEntry {
    /// `update realtime` (None) or `update every 10s`.
    Update(Option<Spanned<Duration>>, Span),
    Ties(Vec<Spanned<String>>, Span),
    Size(Spanned<String>, Span),
    /// `public` or `private` (also read as `visibility <word>`): the word.
    Visibility(Spanned<String>, Span),
    /// `display masked`: the mode as written.
    Display(Spanned<String>, Span),
    Prizes(Prizes),
    Bad(BadLine),
}

impl LeaderboardEntry {
    pub fn span(&self) -> Span {
        match self {
            LeaderboardEntry::Update(_, s)
            | LeaderboardEntry::Ties(_, s)
            | LeaderboardEntry::Size(_, s)
            | LeaderboardEntry::Visibility(_, s)
            | LeaderboardEntry::Display(_, s) => *s,
            LeaderboardEntry::Prizes(p) => p.span,
            LeaderboardEntry::Bad(b) => b.span,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Prizes {
    pub entries: Vec<PrizeEntry>,
    pub bad: Vec<BadLine>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrizeEntry {
    pub places: Places,
    pub prize: Value,
    pub span: Span,
}

/// Which places a prize entry covers, numbers as written.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Places {
    One(Spanned<String>),
    Range(Spanned<String>, Spanned<String>),
    Top(Spanned<String>),
    TopPercent(Spanned<String>),
}

impl Places {
    pub fn span(&self) -> Span {
        match self {
            Places::One(s) | Places::Top(s) | Places::TopPercent(s) => s.span,
            Places::Range(a, b) => a.span.join(b.span),
        }
    }
}

/// `test "name" { ... }`
#[derive(Debug, Clone, Serialize)]
pub struct TestCase {
    pub name: Spanned<String>,
    pub entries: Vec<TestEntry>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestEntry {
    Wager(WagerLit),
    Expect(Expect),
    Bad(BadLine),
}

/// A sample wager in a test: `wager "w1" { player "p1" amount 10 EUR ... }`.
#[derive(Debug, Clone, Serialize)]
pub struct WagerLit {
    pub id: Spanned<String>,
    pub fields: Vec<WagerField>,
    pub bad: Vec<BadLine>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct WagerField {
    pub key: Spanned<String>,
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Expect {
    pub kind: ExpectKind,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpectKind {
    Eligible(Spanned<String>),
    Ineligible(Spanned<String>),
    Score(Spanned<String>, Spanned<String>),
    Rank(Spanned<String>, Spanned<String>),
    Prize(Spanned<String>, Value),
    NoPrize(Spanned<String>),
}
