//! Tokens of the statements the fake reads, and splitting a request into statements.

/// A token: its text, and what kind it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// An unquoted word, upper-cased (keywords and names).
    Word(String),
    /// A back-quoted name, case kept.
    Quoted(String),
    /// A string literal's value (quotes removed, `''` read as `'`).
    Str(String),
    /// A number as written.
    Num(String),
    /// An operator or punctuation: `(`, `)`, `,`, `=`, `>=`, `*`, `.`, ...
    Sym(String),
}

impl Tok {
    pub fn is_word(&self, w: &str) -> bool {
        matches!(self, Tok::Word(x) if x == w)
    }
    pub fn is_sym(&self, s: &str) -> bool {
        matches!(self, Tok::Sym(x) if x == s)
    }
}

/// Splits a request into statements on `;` outside literals; each statement keeps
/// its `;`. The second value is the text after the last `;` (a statement without
/// one, which ksqlDB refuses).
pub fn split(ksql: &str) -> (Vec<String>, String) {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for ch in ksql.chars() {
        cur.push(ch);
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == '\'' || ch == '`' => quote = Some(ch),
            None if ch == ';' => {
                out.push(cur.trim().to_owned());
                cur.clear();
            }
            None => {}
        }
    }
    (out, cur.trim().to_owned())
}

/// The tokens of one statement, or the message of a lexical error.
pub fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() || c == ';' {
            i += 1;
        } else if c == '\'' || c == '`' {
            let mut text = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("unterminated {c}")),
                    Some(&d) if d == c && chars.get(i + 1) == Some(&c) => {
                        text.push(c);
                        i += 2;
                    }
                    Some(&d) if d == c => {
                        i += 1;
                        break;
                    }
                    Some(&d) => {
                        text.push(d);
                        i += 1;
                    }
                }
            }
            out.push(if c == '\'' {
                Tok::Str(text)
            } else {
                Tok::Quoted(text)
            });
        } else if c.is_ascii_digit() {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|d| d.is_ascii_digit() || *d == '.')
            {
                i += 1;
            }
            out.push(Tok::Num(chars[start..i].iter().collect()));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|d| d.is_ascii_alphanumeric() || *d == '_')
            {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            out.push(Tok::Word(w.to_ascii_uppercase()));
        } else {
            let two: String = chars.get(i..i + 2).unwrap_or_default().iter().collect();
            if matches!(two.as_str(), ">=" | "<=" | "<>" | "!=") {
                out.push(Tok::Sym(if two == "!=" { "<>".into() } else { two }));
                i += 2;
            } else if "(),=<>*+-/.%".contains(c) {
                out.push(Tok::Sym(c.to_string()));
                i += 1;
            } else {
                return Err(format!("extraneous input '{c}'"));
            }
        }
    }
    Ok(out)
}
