//! A small tokenizer for ksqlDB SQL, written from ksqlDB's lexer rules, used to
//! check emitted statements independently of the code that emitted them.

/// One token of a ksqlDB statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// `'...'`, decoded (`''` → `'`).
    Str(String),
    /// `` `...` ``, decoded (` `` ` → `` ` ``).
    Backquoted(String),
    /// `"..."`, decoded (`""` → `"`).
    DoubleQuoted(String),
    /// `${name}`
    Variable(String),
    /// An unquoted word: keyword or identifier, as written.
    Word(String),
    /// Digits, optionally with a dot and an exponent, as written.
    Number(String),
    /// Operators and punctuation (`<>`, `(`, `,`, `*`, ...), as written.
    Punct(String),
    /// `;`
    Semicolon,
    /// `-- ...` up to the end of the line.
    LineComment(String),
    /// `/* ... */`
    BlockComment(String),
}

/// Splits `sql` into tokens; an unterminated quote or an unknown character is an error.
pub fn tokenize(sql: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (tok, len) = match c {
            ' ' | '\t' | '\r' | '\n' => {
                i += 1;
                continue;
            }
            '\'' => quoted(&chars[i..], '\'').map(|(s, n)| (Tok::Str(s), n))?,
            '`' => quoted(&chars[i..], '`').map(|(s, n)| (Tok::Backquoted(s), n))?,
            '"' => quoted(&chars[i..], '"').map(|(s, n)| (Tok::DoubleQuoted(s), n))?,
            '-' if next == Some('-') => line_comment(&chars[i..]),
            '/' if next == Some('*') => block_comment(&chars[i..])?,
            '$' if next == Some('{') => variable(&chars[i..])?,
            ';' => (Tok::Semicolon, 1),
            c if c.is_ascii_alphabetic() || c == '_' => word(&chars[i..]),
            c if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) => {
                number(&chars[i..])
            }
            _ => punct(&chars[i..])?,
        };
        toks.push(tok);
        i += len;
    }
    Ok(toks)
}

fn quoted(chars: &[char], q: char) -> Result<(String, usize), String> {
    let mut out = String::new();
    let mut i = 1;
    loop {
        match chars.get(i) {
            None => return Err(format!("unterminated {q}-quoted token")),
            Some(&c) if c == q => {
                if chars.get(i + 1) == Some(&q) {
                    out.push(q);
                    i += 2;
                } else {
                    return Ok((out, i + 1));
                }
            }
            Some(&c) => {
                out.push(c);
                i += 1;
            }
        }
    }
}

fn line_comment(chars: &[char]) -> (Tok, usize) {
    let len = chars
        .iter()
        .position(|&c| c == '\n')
        .map_or(chars.len(), |p| p + 1);
    (Tok::LineComment(chars[..len].iter().collect()), len)
}

fn block_comment(chars: &[char]) -> Result<(Tok, usize), String> {
    let end = (2..chars.len().saturating_sub(1))
        .find(|&i| chars[i] == '*' && chars[i + 1] == '/')
        .ok_or("unterminated block comment")?;
    Ok((
        Tok::BlockComment(chars[..end + 2].iter().collect()),
        end + 2,
    ))
}

fn variable(chars: &[char]) -> Result<(Tok, usize), String> {
    let end = chars
        .iter()
        .position(|&c| c == '}')
        .ok_or("unterminated variable")?;
    Ok((Tok::Variable(chars[..=end].iter().collect()), end + 1))
}

fn word(chars: &[char]) -> (Tok, usize) {
    let len = chars
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '@'))
        .unwrap_or(chars.len());
    (Tok::Word(chars[..len].iter().collect()), len)
}

fn number(chars: &[char]) -> (Tok, usize) {
    let mut len = chars
        .iter()
        .position(|c| !(c.is_ascii_digit() || *c == '.'))
        .unwrap_or(chars.len());
    if matches!(chars.get(len), Some('e' | 'E')) {
        len += 1;
        if matches!(chars.get(len), Some('+' | '-')) {
            len += 1;
        }
        while chars.get(len).is_some_and(|c| c.is_ascii_digit()) {
            len += 1;
        }
    }
    (Tok::Number(chars[..len].iter().collect()), len)
}

fn punct(chars: &[char]) -> Result<(Tok, usize), String> {
    let two: String = chars.iter().take(2).collect();
    if ["<>", "!=", "<=", ">=", "||", ":=", "->", "=>"].contains(&two.as_str()) {
        return Ok((Tok::Punct(two), 2));
    }
    match chars[0] {
        c @ ('=' | '<' | '>' | '(' | ')' | ',' | '*' | '+' | '-' | '/' | '%' | '.' | '[' | ']') => {
            Ok((Tok::Punct(c.to_string()), 1))
        }
        c => Err(format!("unrecognized character {c:?}")),
    }
}

#[test]
fn tokenizer_reads_what_ksqldb_reads() -> Result<(), String> {
    let toks = tokenize("SELECT 'a''b', `c``d`, \"e\" -- x\n/* y */ 10.5 1e3 <> ${v};")?;
    assert_eq!(
        toks,
        vec![
            Tok::Word("SELECT".into()),
            Tok::Str("a'b".into()),
            Tok::Punct(",".into()),
            Tok::Backquoted("c`d".into()),
            Tok::Punct(",".into()),
            Tok::DoubleQuoted("e".into()),
            Tok::LineComment("-- x\n".into()),
            Tok::BlockComment("/* y */".into()),
            Tok::Number("10.5".into()),
            Tok::Number("1e3".into()),
            Tok::Punct("<>".into()),
            Tok::Variable("${v}".into()),
            Tok::Semicolon,
        ]
    );
    assert!(tokenize("'open").is_err());
    assert!(tokenize("/* open").is_err());
    assert!(tokenize("a ? b").is_err());
    Ok(())
}
