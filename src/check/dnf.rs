//! The conjunction of the eligibility rules, split for the satisfiability analysis: the
//! comparisons that hold in every case (checked once), and the alternatives (`or`,
//! `any`) expanded to disjunctive normal form. The expansion is bounded by a work
//! budget, so the analysis stays near-linear in the size of the rules and gives up
//! (an unknown verdict) rather than grow without bound.

use super::eligibility::SPred;
use super::satisfiable::Loc;
use crate::diagnostics::SourceId;
use crate::ir::Pred;

/// Most alternatives followed; more make the verdict unknown.
pub(crate) const MAX_CASES: usize = 512;

/// Most work for one analysis: comparisons copied into cases, plus field states copied
/// to check them. Past it the verdict is unknown.
pub(crate) const MAX_WORK: usize = 1 << 20;

/// A comparison and where it was written.
pub(crate) type Atom<'a> = (&'a Pred, Loc);

/// A conjunction of comparisons.
pub(crate) type Term<'a> = Vec<Atom<'a>>;

/// Work done so far, against [`MAX_WORK`].
#[derive(Debug, Default)]
pub(crate) struct Budget {
    pub spent: usize,
}

impl Budget {
    /// Counts `n` units of work; `None` once the budget is exceeded.
    pub fn spend(&mut self, n: usize) -> Option<()> {
        self.spent = self.spent.saturating_add(n);
        (self.spent <= MAX_WORK).then_some(())
    }
}

/// The rules as comparisons common to every case, and the cases (each one conjunction
/// of the comparisons inside the alternatives; one empty case when there are none).
pub(crate) struct Split<'a> {
    pub common: Term<'a>,
    pub cases: Vec<Term<'a>>,
}

/// Splits the conjunction of `rules`, in source order; `None` past the budget.
pub(crate) fn split<'a>(rules: &[(SourceId, &'a SPred)], budget: &mut Budget) -> Option<Split<'a>> {
    let mut common = Vec::new();
    let mut cases: Vec<Term<'a>> = vec![Vec::new()];
    let mut stack: Vec<(SourceId, &'a SPred)> = rules.iter().rev().copied().collect();
    while let Some((file, p)) = stack.pop() {
        match p {
            SPred::Atom(pred, span) => {
                budget.spend(1)?;
                common.push((pred, Loc { file, span: *span }));
            }
            SPred::And(parts) => stack.extend(parts.iter().rev().map(|q| (file, q))),
            SPred::Or(_) => cases = product(cases, dnf(p, file, budget)?, budget)?,
        }
    }
    Some(Split { common, cases })
}

/// Disjunctive normal form of `p`. Recursive over `and`/`or`, whose depth the nesting
/// limit (T0008) bounds.
fn dnf<'a>(p: &'a SPred, file: SourceId, budget: &mut Budget) -> Option<Vec<Term<'a>>> {
    match p {
        SPred::Atom(pred, span) => {
            budget.spend(1)?;
            Some(vec![vec![(pred, Loc { file, span: *span })]])
        }
        SPred::Or(parts) => {
            let mut out = Vec::new();
            for part in parts {
                out.extend(dnf(part, file, budget)?);
                if out.len() > MAX_CASES {
                    return None;
                }
            }
            Some(out)
        }
        SPred::And(parts) => {
            let mut acc: Vec<Term<'a>> = vec![Vec::new()];
            for part in parts {
                acc = product(acc, dnf(part, file, budget)?, budget)?;
            }
            Some(acc)
        }
    }
}

/// Every case of `left` with every case of `right`. A single right case extends the
/// left ones in place, so a long run of plain comparisons costs its length, once.
fn product<'a>(
    mut left: Vec<Term<'a>>,
    right: Vec<Term<'a>>,
    budget: &mut Budget,
) -> Option<Vec<Term<'a>>> {
    if left.len().saturating_mul(right.len()) > MAX_CASES {
        return None;
    }
    if let [only] = right.as_slice() {
        budget.spend(left.len().saturating_mul(only.len()))?;
        for l in &mut left {
            l.extend_from_slice(only);
        }
        return Some(left);
    }
    let left_atoms: usize = left.iter().map(Vec::len).sum();
    let right_atoms: usize = right.iter().map(Vec::len).sum();
    budget.spend(
        left_atoms
            .saturating_mul(right.len())
            .saturating_add(right_atoms.saturating_mul(left.len())),
    )?;
    let mut out = Vec::with_capacity(left.len() * right.len());
    for l in &left {
        for r in &right {
            out.push(l.iter().chain(r.iter()).copied().collect());
        }
    }
    Some(out)
}
