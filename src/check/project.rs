//! A run of the checker over several files: templates, tournaments, cross-file checks.

use super::builtin::BUILTIN_TEMPLATES;
use super::merge::{duplicates, Templates};
use super::topics::{topic_collisions, Owner};
use super::tournament::check_tournament;
use super::{report, At};
use crate::diagnostics::{
    decode_source, without_bom, Code, Diagnostic, Diagnostics, NotUtf8, SourceFile, SourceId,
    SourceMap,
};
use crate::ir::Tournament;
use crate::syntax::ast::{BlockKind, File};
use crate::syntax::build::explain_bad_line;
use crate::syntax::{parse, Span};
use std::collections::BTreeMap;

/// The files of one run: the operator's files and template files.
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub sources: SourceMap,
    files: Vec<SourceId>,
    template_files: Vec<SourceId>,
    builtin_files: Vec<SourceId>,
    /// Files that are not UTF-8, with the offset of the first bad byte: reported, not
    /// checked.
    unreadable: Vec<(SourceId, NotUtf8)>,
}

impl Project {
    /// A project that knows the built-in templates.
    pub fn new() -> Self {
        let mut p = Project::default();
        for (name, text) in BUILTIN_TEMPLATES {
            let id = p.sources.add(SourceFile::new(
                format!("templates/tournaments/{name}.tourney"),
                *text,
            ));
            p.builtin_files.push(id);
        }
        p
    }

    /// Adds a file whose tournaments are checked and compiled.
    pub fn add_file(&mut self, name: impl Into<String>, text: impl Into<String>) -> SourceId {
        let id = self
            .sources
            .add(SourceFile::new(name, without_bom(text.into())));
        self.files.push(id);
        id
    }

    /// Adds a file as read from disk: bytes that are not UTF-8 are reported (T0007).
    pub fn add_file_bytes(&mut self, name: impl Into<String>, bytes: Vec<u8>) -> SourceId {
        match decode_source(bytes) {
            Ok(text) => self.add_file(name, text),
            Err(bad) => self.add_unreadable(name.into(), bad),
        }
    }

    /// [`Project::add_template_file`] from bytes.
    pub fn add_template_file_bytes(&mut self, name: impl Into<String>, bytes: Vec<u8>) -> SourceId {
        match decode_source(bytes) {
            Ok(text) => self.add_template_file(name, text),
            Err(bad) => self.add_unreadable(name.into(), bad),
        }
    }

    fn add_unreadable(&mut self, name: String, bad: NotUtf8) -> SourceId {
        let id = self.sources.add(SourceFile::new(name, bad.lossy.clone()));
        self.unreadable.push((id, bad));
        id
    }

    /// Adds a file that only provides templates.
    pub fn add_template_file(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> SourceId {
        let id = self
            .sources
            .add(SourceFile::new(name, without_bom(text.into())));
        self.template_files.push(id);
        id
    }

    pub fn files(&self) -> &[SourceId] {
        &self.files
    }
}

/// The tournaments of one checked file.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub file: SourceId,
    pub tournaments: Vec<Tournament>,
}

#[derive(Debug, Clone)]
pub struct CheckedProject {
    pub files: Vec<CheckedFile>,
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckedProject {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn tournaments(&self) -> impl Iterator<Item = &Tournament> {
        self.files.iter().flat_map(|f| f.tournaments.iter())
    }
}

/// Checks every file of the project and returns what could be checked.
pub fn check_project(project: &Project) -> CheckedProject {
    let mut diags = Diagnostics::new();
    let own: Vec<(SourceId, File)> = project
        .template_files
        .iter()
        .chain(project.files.iter())
        .filter_map(|id| Some((*id, parse_file(project, *id, &mut diags)?)))
        .collect();
    not_utf8(project, &mut diags);
    let mut parsed = builtins_used(project, &own, &mut diags);
    parsed.extend(own);
    let mut templates = Templates::default();
    for (id, file) in &parsed {
        for block in file.blocks.iter().filter(|b| b.kind == BlockKind::Template) {
            duplicates(At::new(*id, block), &mut diags);
            if project.builtin_files.contains(id) {
                templates.add_builtin(At::new(*id, block));
            } else {
                templates.add(At::new(*id, block), &mut diags);
            }
        }
    }
    let mut files = Vec::new();
    let mut spans = Vec::new();
    let mut ids: BTreeMap<(String, String), (SourceId, Span)> = BTreeMap::new();
    for (id, file) in parsed.iter().filter(|(id, _)| project.files.contains(id)) {
        let mut tournaments = Vec::new();
        for block in file
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Tournament)
        {
            let at = At::new(*id, block);
            duplicates(at, &mut diags);
            let checked = check_tournament(at, &templates, &project.sources, &mut diags);
            let operator = checked
                .as_ref()
                .map(|t| t.operator.clone())
                .or_else(|| own_operator(block));
            if let Some(operator) = operator {
                duplicate_id(at, operator, &mut ids, &mut diags);
            }
            if checked.is_some() {
                spans.push((*id, block.name.span));
            }
            tournaments.extend(checked);
        }
        files.push(CheckedFile {
            file: *id,
            tournaments,
        });
    }
    let owners: Vec<Owner<'_>> = files
        .iter()
        .flat_map(|f| f.tournaments.iter())
        .zip(&spans)
        .map(|(tournament, &(file, span))| Owner {
            file,
            span,
            tournament,
        })
        .collect();
    topic_collisions(&owners, &mut diags);
    CheckedProject {
        files,
        diagnostics: diags.into_sorted(),
    }
}

/// Parses the built-in templates that `files` start from, directly or through other
/// built-in templates; the others are never read, which keeps one-file runs fast.
fn builtins_used(
    project: &Project,
    files: &[(SourceId, File)],
    diags: &mut Diagnostics,
) -> Vec<(SourceId, File)> {
    let mut wanted: Vec<String> = files.iter().flat_map(|(_, f)| froms(f)).collect();
    let mut out: Vec<(SourceId, File)> = Vec::new();
    while let Some(name) = wanted.pop() {
        let path = format!("templates/tournaments/{name}.tourney");
        let Some(id) = project
            .builtin_files
            .iter()
            .copied()
            .find(|id| project.sources.get(*id).is_some_and(|f| f.name == path))
        else {
            continue;
        };
        if out.iter().any(|(done, _)| *done == id) {
            continue;
        }
        if let Some(file) = parse_file(project, id, diags) {
            wanted.extend(froms(&file));
            out.push((id, file));
        }
    }
    out.sort_by_key(|(id, _)| *id);
    out
}

fn froms(file: &File) -> Vec<String> {
    file.blocks
        .iter()
        .filter_map(|b| b.from.as_ref().map(|f| f.value.clone()))
        .collect()
}

fn parse_file(project: &Project, id: SourceId, diags: &mut Diagnostics) -> Option<File> {
    let source = project.sources.get(id)?;
    let mut local = Diagnostics::for_file(id);
    let file = parse(&source.text, &mut local);
    for bad in file.bad_lines() {
        local.push(explain_bad_line(bad));
    }
    // A file refused whole (nested too deep) already has its error.
    let refused = !local.is_empty();
    if file.blocks.is_empty() && file.bad.is_empty() && !refused && project.files.contains(&id) {
        local.push(
            Diagnostic::new(
                Code::EmptyFile,
                format!("`{}` defines no tournament or template", source.name),
            )
            .with_help("start with `tournament \"my-tournament\" { ... }`"),
        );
    }
    diags.extend(local);
    Some(file)
}

/// T0007 for each file that is not UTF-8, at its first bad byte.
fn not_utf8(project: &Project, diags: &mut Diagnostics) {
    for (id, bad) in &project.unreadable {
        let Some(source) = project.sources.get(*id) else {
            continue;
        };
        let (line, column) = source.line_col(bad.offset);
        let end = bad.offset + '\u{fffd}'.len_utf8();
        let mut local = Diagnostics::for_file(*id);
        local.push(
            Diagnostic::error(
                Code::NotUtf8,
                format!(
                    "`{}` is not valid UTF-8: byte 0x{:02x} at line {line}, column {column}",
                    source.name, bad.byte
                ),
            )
            .with_label(Span::new(bad.offset, end), "not UTF-8")
            .with_help("save the file as UTF-8; nothing else of it is checked until then"),
        );
        diags.extend(local);
    }
}

/// The operator written in the block itself, for a tournament that did not check.
fn own_operator(block: &crate::syntax::ast::Block) -> Option<String> {
    block.items.iter().find_map(|item| match item {
        crate::syntax::ast::Item::Operator(op) => Some(op.value.clone()),
        _ => None,
    })
}

/// A tournament is identified by its operator and its id: the same id twice for one
/// operator is an error, two operators may each use it.
fn duplicate_id(
    block: At<'_, crate::syntax::ast::Block>,
    operator: String,
    ids: &mut BTreeMap<(String, String), (SourceId, Span)>,
    diags: &mut Diagnostics,
) {
    let name = &block.node.name;
    let key = (operator, name.value.clone());
    match ids.get(&key) {
        Some((file, span)) => {
            let mut d = Diagnostic::error(
                Code::DuplicateTournament,
                format!(
                    "tournament `{}` is defined more than once for operator `{}`",
                    name.value, key.0
                ),
            )
            .with_label(name.span, "defined again here")
            .with_help("give it another id: an operator's ids name its topics and streams");
            d = if *file == block.file {
                d.with_label(*span, "first defined here")
            } else {
                d.with_label_in(*file, *span, "first defined here")
            };
            report(diags, block.file, d);
        }
        None => {
            ids.insert(key, (block.file, name.span));
        }
    }
}
