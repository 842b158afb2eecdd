//! What the portal's tests start from: users files (every password is `pw-<user>`;
//! hash them once per test binary, Argon2id is slow on purpose) and a workspace
//! tournament.
#![allow(dead_code)] // reason: each test file uses its own subset
#![allow(
    clippy::expect_used,
    reason = "test code: a fixture that cannot be built ends the test"
)]

use tourney::portal::auth::password;

/// The `[[users]]` entries of `users`, each `(operator, name, role)`.
pub fn users_toml(users: &[(&str, &str, &str)]) -> String {
    let mut out = String::new();
    for (op, name, role) in users {
        let hash = password::hash(&format!("pw-{name}")).expect("a password hash");
        out.push_str(&format!(
            "\n[[users]]\noperator = \"{op}\"\nname = \"{name}\"\nrole = \"{role}\"\npassword_hash = \"{hash}\"\n"
        ));
    }
    out
}

/// Tournament `id` of operator `op` as a workspace file holds it: a slots race in 2030
/// (Malta time) with a board of 10; `extra` lines go after its schedule, `tail` (a
/// test block, say) at the end of its block.
pub fn race_source(id: &str, op: &str, extra: &str, tail: &str) -> String {
    format!(
        r#"// {id}: a slots race.
tournament "{id}" {{
  title "Race {id}"
  operator "{op}"
  runs 2030-01-04T00:00:00Z .. 2030-01-07T00:00:00Z
  timezone "Europe/Malta"
  prewarm 2h
{extra}
  eligible when {{
    game.category = "slots"
    wager.amount >= 0.10 EUR
  }}

  score {{
    points = wager.amount
  }}

  leaderboard {{
    update realtime
    size 10
    prizes {{
      1: "€100"
      2..3: "€10"
    }}
  }}
{tail}}}
"#
    )
}
