//! "Did you mean": the closest known name to a misspelled one.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for cand in candidates {
        let score = strsim::jaro_winkler(&input_lower, &cand.to_lowercase());
        let edits = strsim::levenshtein(&input_lower, &cand.to_lowercase());
        let close = score >= 0.85 || edits <= 2.max(cand.len() / 4);
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// A help line `did you mean `x`?` for the closest candidate, if any.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    suggest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_close_name() {
        assert_eq!(
            suggest("game.catgory", ["game.category", "game.id"]),
            Some("game.category")
        );
    }

    #[test]
    fn ignores_far_names() {
        assert_eq!(suggest("banana", ["game.category", "game.id"]), None);
    }
}
