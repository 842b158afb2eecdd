//! Users files for the portal's tests: every password is `pw-<user>`, hashed once per
//! test binary (Argon2id is slow on purpose).
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
