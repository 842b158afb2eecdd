//! Can a wager ever pass? A small decision procedure over the eligibility predicate:
//! expand to disjunctive normal form (bounded), then check each conjunction field by
//! field (allowed and excluded text values, numeric and time intervals, presence).
//! It finds the contradictions operators write by accident: a minimum above a
//! maximum, two different currencies, a time condition outside the schedule.

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

const MAX_TERMS: usize = 512;

type Term<'a> = Vec<(&'a Pred, Loc)>;

fn dnf<'a>(p: &'a SPred, file: SourceId) -> Option<Vec<Term<'a>>> {
    match p {
        SPred::Atom(pred, span) => Some(vec![vec![(pred, Loc { file, span: *span })]]),
        SPred::Or(parts) => {
            let mut out = Vec::new();
            for part in parts {
                out.extend(dnf(part, file)?);
                if out.len() > MAX_TERMS {
                    return None;
                }
            }
            Some(out)
        }
        SPred::And(parts) => {
            let mut acc: Vec<Term<'a>> = vec![Vec::new()];
            for part in parts {
                acc = product(acc, dnf(part, file)?)?;
            }
            Some(acc)
        }
    }
}

fn product<'a>(left: Vec<Term<'a>>, right: Vec<Term<'a>>) -> Option<Vec<Term<'a>>> {
    if left.len().saturating_mul(right.len()) > MAX_TERMS {
        return None;
    }
    let mut out = Vec::with_capacity(left.len() * right.len());
    for l in &left {
        for r in &right {
            out.push(l.iter().chain(r.iter()).copied().collect());
        }
    }
    Some(out)
}

/// Decides the conjunction of `rules`.
pub(crate) fn analyze(rules: &[(SourceId, &SPred)]) -> Verdict {
    let mut terms: Vec<Term<'_>> = vec![Vec::new()];
    for (file, rule) in rules {
        let Some(d) = dnf(rule, *file) else {
            return Verdict::Unknown;
        };
        let Some(t) = product(terms, d) else {
            return Verdict::Unknown;
        };
        terms = t;
    }
    let mut first_conflict = None;
    let mut currencies: Option<BTreeSet<String>> = Some(BTreeSet::new());
    let mut any_sat = false;
    for term in &terms {
        match check_term(term) {
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

#[derive(Default)]
struct State {
    present: Option<Loc>,
    missing: Option<Loc>,
    allowed: Option<(BTreeSet<String>, Loc)>,
    excluded: BTreeMap<String, Loc>,
    lo: Option<(Decimal, bool, Loc)>,
    hi: Option<(Decimal, bool, Loc)>,
    not_equal: Vec<(Decimal, Loc)>,
}

/// Checks one conjunction; on success, the currencies it allows (None if any).
fn check_term(term: &Term<'_>) -> Result<Option<BTreeSet<String>>, Conflict> {
    let mut fields: BTreeMap<Key, State> = BTreeMap::new();
    for (pred, loc) in term {
        apply(&mut fields, pred, *loc)?;
    }
    let cur = fields
        .get(&Key::F(Field::Currency))
        .and_then(|s| s.allowed.as_ref())
        .map(|(set, loc)| {
            let excluded = &fields[&Key::F(Field::Currency)].excluded;
            let _ = loc;
            set.iter()
                .filter(|c| !excluded.contains_key(*c))
                .cloned()
                .collect()
        });
    Ok(cur)
}

fn apply(fields: &mut BTreeMap<Key, State>, pred: &Pred, loc: Loc) -> Result<(), Conflict> {
    let other = |first: Loc| Conflict {
        kind: ConflictKind::Other,
        first,
        second: loc,
    };
    match pred {
        Pred::True | Pred::And { .. } | Pred::Or { .. } => Ok(()),
        Pred::False => Err(other(loc)),
        Pred::Present { field } => presence(fields.entry(Key::F(*field)).or_default(), true, loc),
        Pred::Missing { field } => presence(fields.entry(Key::F(*field)).or_default(), false, loc),
        Pred::In { field, values } => {
            let set = values.iter().filter_map(text).collect();
            allow(fields.entry(Key::F(*field)).or_default(), *field, set, loc)
        }
        Pred::NotIn { field, values } => {
            let st = fields.entry(Key::F(*field)).or_default();
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
            bound(fields.entry(Key::Net).or_default(), *cmp, *value, loc)
        }
        Pred::Ratio { cmp, value } => {
            both_amounts(fields, loc)?;
            bound(fields.entry(Key::Ratio).or_default(), *cmp, *value, loc)
        }
    }
}

fn both_amounts(fields: &mut BTreeMap<Key, State>, loc: Loc) -> Result<(), Conflict> {
    presence(
        fields.entry(Key::F(Field::WinAmount)).or_default(),
        true,
        loc,
    )?;
    presence(
        fields.entry(Key::F(Field::WagerAmount)).or_default(),
        true,
        loc,
    )
}

fn text(l: &Literal) -> Option<String> {
    match l {
        Literal::Text(s) => Some(s.clone()),
        _ => None,
    }
}

fn compare(
    fields: &mut BTreeMap<Key, State>,
    key: Key,
    field: Field,
    cmp: CmpOp,
    value: &Literal,
    loc: Loc,
) -> Result<(), Conflict> {
    let st = fields.entry(key).or_default();
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
    let (merged, first) = match st.allowed.take() {
        Some((prev, first)) => (
            prev.intersection(&set).cloned().collect::<BTreeSet<_>>(),
            first,
        ),
        None => (set, loc),
    };
    if merged.is_empty() {
        return Err(Conflict {
            kind: kind_for(field),
            first,
            second: loc,
        });
    }
    if let Some(ex_loc) = merged
        .iter()
        .all(|v| st.excluded.contains_key(v))
        .then(|| st.excluded.values().next().copied())
        .flatten()
    {
        return Err(Conflict {
            kind: kind_for(field),
            first: ex_loc,
            second: loc,
        });
    }
    st.allowed = Some((merged, first));
    Ok(())
}

fn exclude(st: &mut State, field: Field, value: String, loc: Loc) -> Result<(), Conflict> {
    st.excluded.entry(value).or_insert(loc);
    if let Some((set, first)) = &st.allowed {
        if set.iter().all(|v| st.excluded.contains_key(v)) {
            return Err(Conflict {
                kind: kind_for(field),
                first: *first,
                second: loc,
            });
        }
    }
    Ok(())
}

fn bound(st: &mut State, cmp: CmpOp, v: Decimal, loc: Loc) -> Result<(), Conflict> {
    presence(st, true, loc)?;
    match cmp {
        CmpOp::Eq => {
            tighten_lo(st, v, true, loc);
            tighten_hi(st, v, true, loc);
        }
        CmpOp::Ne => st.not_equal.push((v, loc)),
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
        if let Some((_, ne_loc)) = st.not_equal.iter().find(|(v, _)| *v == lo) {
            return Err(Conflict {
                kind: ConflictKind::Other,
                first: lo_loc,
                second: *ne_loc,
            });
        }
    }
    Ok(())
}
