//! Who may read the board and how players are shown: `public` / `private` and
//! `display masked | name | id` in the `leaderboard` block.

use super::{report, At};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics, SourceId};
use crate::ir::{Display, LeaderboardSpec, Visibility};
use crate::syntax::ast::{Leaderboard, LeaderboardEntry};
use crate::syntax::{Span, Spanned};

/// Reads the visibility and display entries of `lb` into `spec`; false when one of
/// them is wrong (reported).
pub(crate) fn audience(
    lb: At<'_, Leaderboard>,
    spec: &mut LeaderboardSpec,
    diags: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    let mut visibility: Option<Span> = None;
    let mut display: Option<Span> = None;
    for entry in &lb.node.entries {
        match entry {
            LeaderboardEntry::Visibility(word, span) => {
                ok &= once(lb.file, "the visibility", *span, &mut visibility, diags);
                match Visibility::from_name(&word.value) {
                    Some(v) => spec.visibility = v,
                    None => ok &= unknown_visibility(lb.file, word, diags),
                }
            }
            LeaderboardEntry::Display(mode, span) => {
                ok &= once(lb.file, "`display`", *span, &mut display, diags);
                match Display::from_name(&mode.value) {
                    Some(d) => spec.display = d,
                    None => ok &= unknown_display(lb.file, mode, diags),
                }
            }
            _ => {}
        }
    }
    ok
}

/// Records the first `span` of a setting; reports a second one (T0414).
fn once(
    file: SourceId,
    what: &str,
    span: Span,
    first: &mut Option<Span>,
    diags: &mut Diagnostics,
) -> bool {
    let Some(earlier) = *first else {
        *first = Some(span);
        return true;
    };
    let d = Diagnostic::error(
        Code::AudienceTwice,
        format!("{what} of the leaderboard is given more than once"),
    )
    .with_label(span, "given again here")
    .with_label(earlier, "first given here")
    .with_help("keep one; the board has a single visibility and a single display rule");
    report(diags, file, d);
    false
}

fn unknown_visibility(file: SourceId, word: &Spanned<String>, diags: &mut Diagnostics) -> bool {
    let help = did_you_mean(&word.value, Visibility::NAMES.iter().copied()).unwrap_or_else(|| {
        "write `public` (anyone may read the board) or `private` (players need a player token)"
            .to_owned()
    });
    let d = Diagnostic::error(
        Code::UnknownVisibility,
        format!("unknown visibility `{}`", word.value.escape_debug()),
    )
    .with_label(word.span, "not a visibility")
    .with_help(help);
    report(diags, file, d);
    false
}

fn unknown_display(file: SourceId, mode: &Spanned<String>, diags: &mut Diagnostics) -> bool {
    let help = did_you_mean(&mode.value, Display::NAMES.iter().copied())
        .unwrap_or_else(|| format!("choose from {}", Display::NAMES.join(", ")));
    let d = Diagnostic::error(
        Code::UnknownDisplay,
        format!("unknown display mode `{}`", mode.value.escape_debug()),
    )
    .with_label(mode.span, "not a display mode")
    .with_help(help);
    report(diags, file, d);
    false
}

#[cfg(test)]
mod tests {
    use crate::check::{check_project, Project};
    use crate::diagnostics::Code;
    use crate::ir::{Display, LeaderboardSpec, Visibility};

    fn with_board(board: &str) -> (Option<LeaderboardSpec>, Vec<Code>) {
        let text = format!(
            "tournament \"t\" {{\n  title \"T\"\n  operator \"op\"\n  runs 2031-03-01T00:00:00Z .. 2031-03-08T00:00:00Z\n  score {{\n    points = 1\n  }}\n  leaderboard {{\n{board}\n  }}\n}}\n"
        );
        let mut project = Project::new();
        project.add_file("t.tourney", text);
        let checked = check_project(&project);
        let codes = checked.diagnostics.iter().map(|d| d.code).collect();
        let spec = checked.tournaments().next().map(|t| t.leaderboard.clone());
        (spec, codes)
    }

    #[test]
    fn defaults_are_public_and_masked() {
        let (spec, codes) = with_board("    size 10");
        assert!(codes.is_empty(), "{codes:?}");
        let spec = spec.unwrap_or_else(|| unreachable!("checks"));
        assert_eq!(spec.visibility, Visibility::Public);
        assert_eq!(spec.display, Display::Masked);
    }

    #[test]
    fn every_spelling_is_read() {
        for (board, visibility, display) in [
            ("private\ndisplay name", Visibility::Private, Display::Name),
            ("public\ndisplay id", Visibility::Public, Display::Id),
            ("visibility private", Visibility::Private, Display::Masked),
            ("display masked", Visibility::Public, Display::Masked),
        ] {
            let (spec, codes) = with_board(board);
            assert!(codes.is_empty(), "{board}: {codes:?}");
            let spec = spec.unwrap_or_else(|| unreachable!("{board} checks"));
            assert_eq!(
                (spec.visibility, spec.display),
                (visibility, display),
                "{board}"
            );
        }
    }

    #[test]
    fn wrong_words_and_repeats_are_reported() {
        for (board, code) in [
            ("display nickname", Code::UnknownDisplay),
            ("display Name", Code::UnknownDisplay),
            ("visibility secret", Code::UnknownVisibility),
            ("public\nprivate", Code::AudienceTwice),
            ("private\nvisibility private", Code::AudienceTwice),
            ("display name\ndisplay name", Code::AudienceTwice),
        ] {
            let (spec, codes) = with_board(board);
            assert_eq!(codes, [code], "{board}");
            assert_eq!(spec, None, "{board}");
        }
    }

    #[test]
    fn a_misspelled_visibility_word_is_an_unknown_setting_with_a_suggestion() {
        let mut project = Project::new();
        project.add_file(
            "t.tourney",
            "tournament \"t\" {\n  operator \"op\"\n  leaderboard {\n    pirvate\n  }\n}\n",
        );
        let checked = check_project(&project);
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.code == Code::UnknownItem);
        let help = d.and_then(|d| d.help.clone()).unwrap_or_default();
        assert!(help.contains("`private`"), "{help}");
    }
}
