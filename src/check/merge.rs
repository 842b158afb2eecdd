//! Templates: gathering them, following `from` chains, and merging a tournament's items
//! over its template's. An item the tournament writes replaces the template's item with
//! the same keyword; tests are never inherited.

use super::{report, At};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::syntax::ast::{Block, BlockKind, Item};
use std::collections::BTreeMap;

/// Every template by name, with the file it came from.
#[derive(Default)]
pub(crate) struct Templates<'a> {
    by_name: BTreeMap<String, At<'a, Block>>,
    /// Names still held by a built-in template, which a user's template may replace.
    builtin: std::collections::BTreeSet<String>,
}

impl<'a> Templates<'a> {
    /// Registers a built-in template.
    pub fn add_builtin(&mut self, block: At<'a, Block>) {
        self.builtin.insert(block.node.name.value.clone());
        self.by_name.insert(block.node.name.value.clone(), block);
    }

    /// Registers a user's template, which replaces a built-in one of the same name; a
    /// second user template of the same name is T0503.
    pub fn add(&mut self, block: At<'a, Block>, diags: &mut Diagnostics) {
        let name = block.node.name.value.clone();
        if self.builtin.remove(&name) {
            self.by_name.insert(name, block);
            return;
        }
        if let Some(first) = self.by_name.get(&name) {
            let d = Diagnostic::error(
                Code::DuplicateTemplate,
                format!("template `{name}` is defined twice"),
            )
            .with_label(block.node.name.span, "defined again here")
            .with_label_in(first.file, first.node.name.span, "first defined here")
            .with_help("rename one of them");
            report(diags, block.file, d);
            return;
        }
        self.by_name.insert(name, block);
    }

    pub fn get(&self, name: &str) -> Option<At<'a, Block>> {
        self.by_name.get(name).copied()
    }

    /// Every template name a file may start from: the registered ones and every
    /// built-in one (built-ins are parsed only when used).
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.by_name.keys().map(String::as_str).collect();
        names.extend(super::BUILTIN_TEMPLATES.iter().map(|(n, _)| *n));
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// A block with its template chain applied.
pub(crate) struct Merged<'a> {
    pub items: Vec<At<'a, Item>>,
    /// The template the block starts from, if any.
    pub template: Option<String>,
}

/// Merges `block` over its chain of templates. Returns `None` after reporting an unknown
/// template (T0501) or a cycle (T0502).
pub(crate) fn merge<'a>(
    block: At<'a, Block>,
    templates: &Templates<'a>,
    diags: &mut Diagnostics,
) -> Option<Merged<'a>> {
    let mut chain = vec![block];
    let mut current = block;
    while let Some(from) = &current.node.from {
        let Some(parent) = templates.get(&from.value) else {
            let help = did_you_mean(&from.value, templates.names())
                .unwrap_or_else(|| format!("known templates: {}", templates.names().join(", ")));
            let d = Diagnostic::error(
                Code::UnknownTemplate,
                format!("there is no template `{}`", from.value),
            )
            .with_label(from.span, "unknown template")
            .with_help(help);
            report(diags, current.file, d);
            return None;
        };
        if chain
            .iter()
            .any(|b| b.node.kind == BlockKind::Template && std::ptr::eq(b.node, parent.node))
        {
            let d = Diagnostic::error(
                Code::TemplateCycle,
                format!("template `{}` extends itself through `from`", from.value),
            )
            .with_label(from.span, "this closes the cycle")
            .with_help("remove one of the `from` clauses in the cycle");
            report(diags, current.file, d);
            return None;
        }
        chain.push(parent);
        current = parent;
    }
    let template = block.node.from.as_ref().map(|f| f.value.clone());
    Some(Merged {
        items: overlay(&chain),
        template,
    })
}

/// Items of the chain, most specific first winning per keyword. Tests come only from
/// the block itself.
fn overlay<'a>(chain: &[At<'a, Block>]) -> Vec<At<'a, Item>> {
    let mut out: Vec<At<'a, Item>> = Vec::new();
    for (depth, block) in chain.iter().enumerate() {
        for item in &block.node.items {
            let kw = item.keyword();
            let inherited = depth > 0;
            if inherited && (kw == "test" || kw.is_empty()) {
                continue;
            }
            if inherited && out.iter().any(|o| o.node.keyword() == kw) {
                continue;
            }
            out.push(At::new(block.file, item));
        }
    }
    out
}

/// Reports the second and later occurrence of a keyword within one block (T0004).
pub(crate) fn duplicates(block: At<'_, Block>, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Item> = BTreeMap::new();
    for item in &block.node.items {
        let kw = item.keyword();
        if kw.is_empty() || kw == "test" {
            continue;
        }
        if let Some(first) = seen.get(kw) {
            let d = Diagnostic::error(
                Code::DuplicateItem,
                format!("`{kw}` is given more than once"),
            )
            .with_label(item.span(), "given again here")
            .with_label(first.span(), "first given here")
            .with_help(format!("keep one `{kw}`"));
            report(diags, block.file, d);
        } else {
            seen.insert(kw, item);
        }
    }
}
