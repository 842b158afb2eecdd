//! Can a wager ever pass? A small decision procedure over the eligibility predicate:
//! the comparisons common to every case are checked once, the alternatives are expanded
//! to disjunctive normal form under a work budget (see `dnf`), and each case is checked
//! field by field over the common ones (allowed and excluded text values, numeric and
//! time intervals, presence), copying only the fields it changes.
//! It finds the contradictions operators write by accident: a minimum above a
//! maximum, two different currencies, a time condition outside the schedule.

use super::dnf::{self, Budget, Term};
use super::eligibility::SPred;
use crate::diagnostics::SourceId;
use crate::ir::{Field, Literal, Pred};
use crate::syntax::ast::CmpOp;
use crate::syntax::Span;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Where a comparison was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Loc {
    pub file: SourceId,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConflictKind {
    /// Two money comparisons in different currencies.
    Currency,
    /// A lower bound above an upper bound.
    MinAboveMax,
    /// Anything else (disjoint value sets, missing and compared, ...).
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Conflict {
    pub kind: ConflictKind,
    pub first: Loc,
    pub second: Loc,
}

pub(crate) enum Verdict {
    /// Some wager can pass. `currencies` is the set of currencies a passing wager can be
    /// in, `None` when unconstrained.
    Satisfiable {
        currencies: Option<BTreeSet<String>>,
    },
    /// No wager can pass; the conflict of the first conjunction.
    Never(Conflict),
    /// Too large to decide.
    Unknown,
}

/// Decides the conjunction of `rules`.
pub(crate) fn analyze(rules: &[(SourceId, &SPred)]) -> Verdict {
    analyze_counted(rules, &mut Budget::default())
}

/// [`analyze`], counting its work in `budget`.
fn analyze_counted(rules: &[(SourceId, &SPred)], budget: &mut Budget) -> Verdict {
    let Some(split) = dnf::split(rules, budget) else {
        return Verdict::Unknown;
    };
    let mut common = Fields::default();
    for (pred, loc) in &split.common {
        if let Err(c) = apply(&mut common, pred, *loc) {
            return Verdict::Never(c);
        }
    }
    let mut first_conflict = None;
    let mut currencies: Option<BTreeSet<String>> = Some(BTreeSet::new());
    let mut any_sat = false;
    for case in &split.cases {
        let mut fields = Fields::over(&common);
        let checked = check_case(&mut fields, case);
        if budget.spend(fields.copied).is_none() {
            return Verdict::Unknown;
        }
        match checked {
            Ok(cur) => {
                any_sat = true;
                currencies = match (currencies, cur) {
                    (Some(mut acc), Some(c)) => {
                        acc.extend(c);
                        Some(acc)
                    }
                    _ => None,
                };
            }
            Err(c) => {
                first_conflict.get_or_insert(c);
            }
        }
    }
    match (any_sat, first_conflict) {
        (true, _) => Verdict::Satisfiable { currencies },
        (false, Some(c)) => Verdict::Never(c),
        (false, None) => Verdict::Unknown,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    F(Field),
    Net,
    Ratio,
}

/// The text values a field may still take.
#[derive(Clone)]
struct Allowed {
    values: BTreeSet<String>,
    first: Loc,
    /// How many of `values` are not excluded.
    left: usize,
}

#[derive(Default, Clone)]
struct State {
    present: Option<Loc>,
    missing: Option<Loc>,
    allowed: Option<Allowed>,
    excluded: BTreeMap<String, Loc>,
    lo: Option<(Decimal, bool, Loc)>,
    hi: Option<(Decimal, bool, Loc)>,
    not_equal: BTreeMap<Decimal, Loc>,
}

impl State {
    /// Values held, a measure of the work of copying it.
    fn size(&self) -> usize {
        let allowed = self.allowed.as_ref().map_or(0, |a| a.values.len());
        1 + allowed + self.excluded.len() + self.not_equal.len()
    }
}

/// What one conjunction says of each field: the states it changed, over the states of
/// the comparisons common to every case (copied on first change).
#[derive(Default)]
struct Fields<'c> {
    common: Option<&'c Fields<'c>>,
    own: BTreeMap<Key, State>,
    /// Values copied from the common states.
    copied: usize,
}

impl<'c> Fields<'c> {
    fn over(common: &'c Fields<'c>) -> Self {
        Fields {
            common: Some(common),
            own: BTreeMap::new(),
            copied: 0,
        }
    }

    fn get(&self, key: Key) -> Option<&State> {
        self.own
            .get(&key)
            .or_else(|| self.common.and_then(|c| c.get(key)))
    }

    fn slot(&mut self, key: Key) -> &mut State {
        if !self.own.contains_key(&key) {
            let copy = self
                .common
                .and_then(|c| c.get(key))
                .cloned()
                .unwrap_or_default();
            self.copied = self.copied.saturating_add(copy.size());
            self.own.insert(key, copy);
        }
        self.own.entry(key).or_default()
    }
}

/// Checks one conjunction; on success, the currencies it allows (None if any).
fn check_case(
    fields: &mut Fields<'_>,
    case: &Term<'_>,
) -> Result<Option<BTreeSet<String>>, Conflict> {
    for (pred, loc) in case {
        apply(fields, pred, *loc)?;
    }
    let cur = fields.get(Key::F(Field::Currency)).and_then(|st| {
        st.allowed.as_ref().map(|a| {
            a.values
                .iter()
                .filter(|c| !st.excluded.contains_key(*c))
                .cloned()
                .collect()
        })
    });
    Ok(cur)
}

fn apply(fields: &mut Fields<'_>, pred: &Pred, loc: Loc) -> Result<(), Conflict> {
    let other = |first: Loc| Conflict {
        kind: ConflictKind::Other,
        first,
        second: loc,
    };
    match pred {
        Pred::True | Pred::And { .. } | Pred::Or { .. } => Ok(()),
        Pred::False => Err(other(loc)),
        Pred::Present { field } => presence(fields.slot(Key::F(*field)), true, loc),
        Pred::Missing { field } => presence(fields.slot(Key::F(*field)), false, loc),
        Pred::In { field, values } => {
            let set = values.iter().filter_map(text).collect();
            allow(fields.slot(Key::F(*field)), *field, set, loc)
        }
        Pred::NotIn { field, values } => {
            let st = fields.slot(Key::F(*field));
            presence(st, true, loc)?;
            for v in values.iter().filter_map(text) {
                exclude(st, *field, v, loc)?;
            }
            Ok(())
        }
        Pred::Cmp { field, cmp, value } => {
            compare(fields, Key::F(*field), *field, *cmp, value, loc)
        }
        Pred::Net { cmp, value } => {
            both_amounts(fields, loc)?;
            bound(fields.slot(Key::Net), *cmp, *value, loc)
        }
        Pred::Ratio { cmp, value } => {
            both_amounts(fields, loc)?;
            bound(fields.slot(Key::Ratio), *cmp, *value, loc)
        }
    }
}

fn both_amounts(fields: &mut Fields<'_>, loc: Loc) -> Result<(), Conflict> {
    presence(fields.slot(Key::F(Field::WinAmount)), true, loc)?;
    presence(fields.slot(Key::F(Field::WagerAmount)), true, loc)
}

fn text(l: &Literal) -> Option<String> {
    match l {
        Literal::Text(s) => Some(s.clone()),
        _ => None,
    }
}

fn compare(
    fields: &mut Fields<'_>,
    key: Key,
    field: Field,
    cmp: CmpOp,
    value: &Literal,
    loc: Loc,
) -> Result<(), Conflict> {
    let st = fields.slot(key);
    match value {
        Literal::Text(s) => match cmp {
            CmpOp::Eq => allow(st, field, BTreeSet::from([s.clone()]), loc),
            _ => {
                presence(st, true, loc)?;
                exclude(st, field, s.clone(), loc)
            }
        },
        Literal::Decimal(d) => bound(st, cmp, *d, loc),
        Literal::Time(ms) => bound(st, cmp, Decimal::from(*ms), loc),
    }
}

fn presence(st: &mut State, present: bool, loc: Loc) -> Result<(), Conflict> {
    let clash = if present { st.missing } else { st.present };
    if let Some(first) = clash {
        return Err(Conflict {
            kind: ConflictKind::Other,
            first,
            second: loc,
        });
    }
    if present {
        st.present.get_or_insert(loc);
    } else {
        st.missing.get_or_insert(loc);
    }
    Ok(())
}

fn kind_for(field: Field) -> ConflictKind {
    if field == Field::Currency {
        ConflictKind::Currency
    } else {
        ConflictKind::Other
    }
}

fn allow(st: &mut State, field: Field, set: BTreeSet<String>, loc: Loc) -> Result<(), Conflict> {
    presence(st, true, loc)?;
    let (values, first) = match st.allowed.take() {
        Some(prev) => (
            prev.values
                .intersection(&set)
                .cloned()
                .collect::<BTreeSet<_>>(),
            prev.first,
        ),
        None => (set, loc),
    };
    if values.is_empty() {
        return Err(Conflict {
            kind: kind_for(field),
            first,
            second: loc,
        });
    }
    let left = values
        .iter()
        .filter(|v| !st.excluded.contains_key(*v))
        .count();
    if left == 0 {
        if let Some(ex_loc) = st.excluded.values().next().copied() {
            return Err(Conflict {
                kind: kind_for(field),
                first: ex_loc,
                second: loc,
            });
        }
    }
    st.allowed = Some(Allowed {
        values,
        first,
        left,
    });
    Ok(())
}

fn exclude(st: &mut State, field: Field, value: String, loc: Loc) -> Result<(), Conflict> {
    if st.excluded.contains_key(&value) {
        return Ok(());
    }
    let was_allowed = st
        .allowed
        .as_ref()
        .is_some_and(|a| a.values.contains(&value));
    st.excluded.insert(value, loc);
    match &mut st.allowed {
        Some(a) if was_allowed => {
            a.left = a.left.saturating_sub(1);
            if a.left == 0 {
                return Err(Conflict {
                    kind: kind_for(field),
                    first: a.first,
                    second: loc,
                });
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn bound(st: &mut State, cmp: CmpOp, v: Decimal, loc: Loc) -> Result<(), Conflict> {
    presence(st, true, loc)?;
    match cmp {
        CmpOp::Eq => {
            tighten_lo(st, v, true, loc);
            tighten_hi(st, v, true, loc);
        }
        CmpOp::Ne => {
            st.not_equal.entry(v).or_insert(loc);
        }
        CmpOp::Gt => tighten_lo(st, v, false, loc),
        CmpOp::Ge => tighten_lo(st, v, true, loc),
        CmpOp::Lt => tighten_hi(st, v, false, loc),
        CmpOp::Le => tighten_hi(st, v, true, loc),
    }
    interval_ok(st)
}

fn tighten_lo(st: &mut State, v: Decimal, incl: bool, loc: Loc) {
    let tighter = match st.lo {
        Some((cur, cur_incl, _)) => v > cur || (v == cur && cur_incl && !incl),
        None => true,
    };
    if tighter {
        st.lo = Some((v, incl, loc));
    }
}

fn tighten_hi(st: &mut State, v: Decimal, incl: bool, loc: Loc) {
    let tighter = match st.hi {
        Some((cur, cur_incl, _)) => v < cur || (v == cur && cur_incl && !incl),
        None => true,
    };
    if tighter {
        st.hi = Some((v, incl, loc));
    }
}

fn interval_ok(st: &State) -> Result<(), Conflict> {
    let (Some((lo, lo_incl, lo_loc)), Some((hi, hi_incl, hi_loc))) = (st.lo, st.hi) else {
        return Ok(());
    };
    let empty = lo > hi || (lo == hi && !(lo_incl && hi_incl));
    if empty {
        let kind = if lo_loc == hi_loc {
            ConflictKind::Other
        } else {
            ConflictKind::MinAboveMax
        };
        return Err(Conflict {
            kind,
            first: lo_loc,
            second: hi_loc,
        });
    }
    if lo == hi {
        if let Some(ne_loc) = st.not_equal.get(&lo) {
            return Err(Conflict {
                kind: ConflictKind::Other,
                first: lo_loc,
                second: *ne_loc,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "satisfiable_tests.rs"]
mod tests;
