//! What a player sees of the other players: the tournament's `display` rule.
//!
//! The masking rule, counted in characters (Unicode scalar values, so a multi-byte
//! character is never split):
//!
//! | id length      | shown                                  | example              |
//! |----------------|----------------------------------------|----------------------|
//! | 8 or more      | first 2, `***`, last 2                 | `player49` → `pl***49` |
//! | 6 or 7         | first 1, `***`, last 1                 | `abc123` → `a***3`   |
//! | 5 or fewer     | `***` only                             | `p42` → `***`        |
//!
//! At least four characters, and at least half of the id, are always hidden, and the
//! mask is always three stars whatever it hides, so the length of a long id is not
//! shown either.

use crate::ir::Display;

/// The mask standing for the hidden middle of an id.
pub const MASK: &str = "***";

/// Longest display name kept, in characters; longer names are cut.
pub const MAX_NAME_CHARS: usize = 64;

/// How `player_id` (whose latest display name is `name`, if any) is shown to other
/// players under `display`. A missing or blank name falls back to the masked id.
pub fn shown_player(display: &Display, player_id: &str, name: Option<&str>) -> String {
    match display {
        Display::Id => player_id.to_owned(),
        Display::Name => match name.and_then(clean_name) {
            Some(name) => name,
            None => masked(player_id),
        },
        Display::Masked => masked(player_id),
    }
}

/// `player_id` with its middle masked (the rule in the module documentation).
pub fn masked(player_id: &str) -> String {
    let chars = player_id.chars().count();
    let keep = match chars {
        8.. => 2,
        6 | 7 => 1,
        _ => 0,
    };
    if keep == 0 {
        return MASK.to_owned();
    }
    let head: String = player_id.chars().take(keep).collect();
    let tail: String = player_id.chars().skip(chars - keep).collect();
    format!("{head}{MASK}{tail}")
}

/// A display name as kept: surrounding white space trimmed, control characters
/// dropped, cut to [`MAX_NAME_CHARS`]; `None` when nothing is left.
pub fn clean_name(raw: &str) -> Option<String> {
    let name: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    let name = name.trim_end();
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_ids_keep_two_characters_at_each_end() {
        assert_eq!(masked("player49"), "pl***49");
        assert_eq!(masked("player-000123"), "pl***23");
    }

    #[test]
    fn the_mask_does_not_show_the_length() {
        assert_eq!(masked("ab1234cd"), masked("ab999999999999cd"));
    }

    #[test]
    fn medium_ids_keep_one_character_at_each_end() {
        assert_eq!(masked("abc123"), "a***3");
        assert_eq!(masked("abcd123"), "a***3");
    }

    #[test]
    fn short_ids_are_hidden_entirely() {
        for id in ["", "p", "p4", "p42", "p420", "p4201"] {
            assert_eq!(masked(id), MASK, "{id}");
        }
    }

    #[test]
    fn at_least_four_characters_and_half_are_hidden() {
        for len in 0..40 {
            let id = "x".repeat(len);
            let shown = masked(&id).chars().filter(|c| *c == 'x').count();
            let hidden = len - shown;
            assert!(hidden >= len.min(4), "length {len}: {hidden} hidden");
            assert!(hidden * 2 >= len, "length {len}: {hidden} hidden");
        }
    }

    #[test]
    fn multi_byte_ids_are_cut_between_characters() {
        assert_eq!(masked("ñandú-éxito"), "ña***to");
        assert_eq!(masked("日本語のプレイヤー"), "日本***ヤー");
        assert_eq!(masked("🎰🎲🃏🎯🎳🎮"), "🎰***🎮");
        assert_eq!(masked("ü1234"), MASK);
    }

    #[test]
    fn name_mode_shows_the_name_and_falls_back_to_the_mask() {
        assert_eq!(
            shown_player(&Display::Name, "player49", Some("Lucky Ann")),
            "Lucky Ann"
        );
        assert_eq!(shown_player(&Display::Name, "player49", None), "pl***49");
        assert_eq!(
            shown_player(&Display::Name, "player49", Some("  \t ")),
            "pl***49"
        );
    }

    #[test]
    fn masked_mode_ignores_the_name_and_id_mode_shows_the_id() {
        assert_eq!(
            shown_player(&Display::Masked, "player49", Some("Ann")),
            "pl***49"
        );
        assert_eq!(
            shown_player(&Display::Id, "player49", Some("Ann")),
            "player49"
        );
    }

    #[test]
    fn names_are_trimmed_cleaned_and_cut() {
        assert_eq!(clean_name("  Ann\u{7}ie \n").as_deref(), Some("Annie"));
        let long = "é".repeat(MAX_NAME_CHARS + 10);
        let kept = clean_name(&long).unwrap_or_default();
        assert_eq!(kept.chars().count(), MAX_NAME_CHARS);
        assert_eq!(clean_name("\u{0}\u{1b}"), None);
    }
}
