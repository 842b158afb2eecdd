//! The users file (TOML): operators with their settings, and the people who sign in.
//!
//! ```text
//! [operators.operator-123]
//! four_eyes = true
//!
//! [[users]]
//! operator = "operator-123"
//! name = "alice"
//! role = "editor"
//! password_hash = "$argon2id$v=19$..."
//! ```

use super::password;
use super::Role;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// An operator's portal settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorSettings {
    /// A version goes live only after a second user approves it.
    #[serde(default)]
    pub four_eyes: bool,
}

/// One person who signs in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub operator: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    operators: BTreeMap<String, OperatorSettings>,
    #[serde(default)]
    users: Vec<User>,
}

/// Every user by (operator, name), and the operators' settings.
#[derive(Debug, Default, Clone)]
pub struct Users {
    operators: BTreeMap<String, OperatorSettings>,
    users: HashMap<(String, String), User>,
}

impl Users {
    /// Reads a users file; a user given twice, an unknown role or a hash that is not an
    /// argon2 PHC string is refused with the user it concerns.
    pub fn parse(text: &str) -> Result<Users, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().trim_end().to_string())?;
        let mut users = HashMap::new();
        for u in file.users {
            if !crate::check::valid_operator(&u.operator) {
                return Err(format!(
                    "user `{}`: `{}` is not an operator id",
                    u.name, u.operator
                ));
            }
            if u.name.trim().is_empty() || u.name.len() > 100 {
                return Err(format!(
                    "operator `{}`: a user has an empty or overlong name",
                    u.operator
                ));
            }
            password::parse(&u.password_hash)
                .map_err(|e| format!("user `{}/{}`: password_hash: {e}", u.operator, u.name))?;
            let key = (u.operator.clone(), u.name.clone());
            if users.insert(key, u.clone()).is_some() {
                return Err(format!("user `{}/{}` is given twice", u.operator, u.name));
            }
        }
        Ok(Users {
            operators: file.operators,
            users,
        })
    }

    /// The user `name` of `operator` if `password` is theirs. Unknown users cost as
    /// much time as a wrong password.
    pub fn authenticate(&self, operator: &str, name: &str, password: &str) -> Option<&User> {
        match self.users.get(&(operator.to_string(), name.to_string())) {
            Some(u) => password::verify(password, &u.password_hash).then_some(u),
            None => {
                password::verify(password, password::decoy());
                None
            }
        }
    }

    /// The settings of `operator` (the defaults when the file does not name it).
    pub fn settings(&self, operator: &str) -> OperatorSettings {
        self.operators.get(operator).cloned().unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.users.len()
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(hash: &str) -> String {
        format!(
            "[operators.op-a]\nfour_eyes = true\n\n[[users]]\noperator = \"op-a\"\nname = \"ann\"\nrole = \"editor\"\npassword_hash = \"{hash}\"\n"
        )
    }

    #[test]
    fn users_sign_in_with_their_password_and_operators_keep_their_settings() {
        let hash = password::hash("pw-ann").unwrap_or_default();
        let users = Users::parse(&file(&hash)).unwrap_or_default();
        let ann = users.authenticate("op-a", "ann", "pw-ann").map(|u| u.role);
        assert_eq!(ann, Some(Role::Editor));
        assert!(users.authenticate("op-a", "ann", "pw-bob").is_none());
        assert!(users.authenticate("op-b", "ann", "pw-ann").is_none());
        assert!(users.settings("op-a").four_eyes);
        assert!(!users.settings("op-b").four_eyes);
    }

    #[test]
    fn a_plain_password_or_an_unknown_role_is_refused() {
        let err = Users::parse(&file("hunter2")).err().unwrap_or_default();
        assert!(err.contains("op-a/ann"), "{err}");
        let hash = password::hash("x").unwrap_or_default();
        let bad_role = file(&hash).replace("editor", "owner");
        assert!(Users::parse(&bad_role).is_err());
    }
}
