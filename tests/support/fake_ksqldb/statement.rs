//! The statements the fake understands, parsed from their tokens.

use super::expr::{self, Expr, P};
use super::lex::{lex, Tok};
use std::collections::BTreeMap;

/// A `SELECT` item: `*`, or an expression with its alias.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    All,
    Expr(Expr, String),
}

/// `SELECT items FROM source [WHERE filter] EMIT CHANGES`.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    pub items: Vec<Item>,
    pub source: String,
    pub filter: Option<Expr>,
}

/// A `WITH` value: a string or a number/word, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Raw(String),
}

impl Value {
    pub fn text(&self) -> &str {
        match self {
            Value::Str(s) | Value::Raw(s) => s,
        }
    }
    pub fn printed(&self) -> String {
        match self {
            Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
            Value::Raw(s) => s.clone(),
        }
    }
}

pub type With = BTreeMap<String, Value>;

/// A statement the fake understands.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    ShowStreams {
        extended: bool,
    },
    ShowQueries {
        extended: bool,
    },
    ShowTopics,
    /// `CREATE [OR REPLACE] STREAM [IF NOT EXISTS] NAME (cols) WITH (...)`.
    CreateSource {
        name: String,
        columns: Vec<(String, String)>,
        with: With,
        if_not_exists: bool,
        or_replace: bool,
    },
    /// `CREATE [OR REPLACE] STREAM NAME [WITH (...)] AS SELECT ...`.
    CreateAs {
        name: String,
        with: With,
        select: Select,
        or_replace: bool,
    },
    /// `INSERT INTO NAME [WITH (QUERY_ID='..')] SELECT ...`.
    Insert {
        name: String,
        with: With,
        select: Select,
    },
    Drop {
        name: String,
        if_exists: bool,
        delete_topic: bool,
    },
    Terminate {
        id: String,
    },
    Pause {
        id: String,
    },
    Resume {
        id: String,
    },
}

impl Stmt {
    pub fn is_read(&self) -> bool {
        matches!(
            self,
            Stmt::ShowStreams { .. } | Stmt::ShowQueries { .. } | Stmt::ShowTopics
        )
    }

    /// The stream or query a write names.
    pub fn target(&self) -> String {
        match self {
            Stmt::CreateSource { name, .. }
            | Stmt::CreateAs { name, .. }
            | Stmt::Insert { name, .. }
            | Stmt::Drop { name, .. } => name.clone(),
            Stmt::Terminate { id } | Stmt::Pause { id } | Stmt::Resume { id } => id.clone(),
            _ => String::new(),
        }
    }
}

/// Parses one statement (with or without its `;`).
pub fn parse(s: &str) -> Result<Stmt, String> {
    let toks = lex(s).map_err(|e| format!("line 1:1: Syntax Error\n{e}"))?;
    let mut p = P { toks: &toks, at: 0 };
    let stmt = statement(&mut p)?;
    if p.peek().is_some() {
        return Err(p.unexpected("';'"));
    }
    Ok(stmt)
}

fn statement(p: &mut P) -> Result<Stmt, String> {
    let first = match p.next() {
        Some(Tok::Word(w)) => w.clone(),
        _ => return Err("line 1:1: Syntax Error\nUnknown statement".into()),
    };
    match first.as_str() {
        "SHOW" | "LIST" => {
            let what = p.name()?;
            let extended = p.word("EXTENDED");
            match what.as_str() {
                "STREAMS" => Ok(Stmt::ShowStreams { extended }),
                "QUERIES" => Ok(Stmt::ShowQueries { extended }),
                "TOPICS" => Ok(Stmt::ShowTopics),
                _ => Err(p.unexpected("STREAMS, QUERIES or TOPICS")),
            }
        }
        "DROP" => {
            p.expect_word("STREAM")?;
            let if_exists = p.word("IF");
            if if_exists {
                p.expect_word("EXISTS")?;
            }
            let name = p.name()?;
            let delete_topic = p.word("DELETE");
            if delete_topic {
                p.expect_word("TOPIC")?;
            }
            Ok(Stmt::Drop {
                name,
                if_exists,
                delete_topic,
            })
        }
        "TERMINATE" => Ok(Stmt::Terminate { id: p.name()? }),
        "PAUSE" => Ok(Stmt::Pause { id: p.name()? }),
        "RESUME" => Ok(Stmt::Resume { id: p.name()? }),
        "CREATE" => create(p),
        "INSERT" => {
            p.expect_word("INTO")?;
            let name = p.name()?;
            let with = if p.word("WITH") {
                with(p)?
            } else {
                With::new()
            };
            let select = select(p)?;
            Ok(Stmt::Insert { name, with, select })
        }
        other => Err(format!(
            "line 1:1: Syntax Error\nUnknown statement '{other}'"
        )),
    }
}

fn create(p: &mut P) -> Result<Stmt, String> {
    let or_replace = p.word("OR");
    if or_replace {
        p.expect_word("REPLACE")?;
    }
    p.expect_word("STREAM")?;
    let if_not_exists = p.word("IF");
    if if_not_exists {
        p.expect_word("NOT")?;
        p.expect_word("EXISTS")?;
    }
    let name = p.name()?;
    if p.sym("(") {
        let columns = columns(p)?;
        p.expect_word("WITH")?;
        let with = with(p)?;
        return Ok(Stmt::CreateSource {
            name,
            columns,
            with,
            if_not_exists,
            or_replace,
        });
    }
    let with = if p.word("WITH") {
        with(p)?
    } else {
        With::new()
    };
    p.expect_word("AS")?;
    let select = select(p)?;
    Ok(Stmt::CreateAs {
        name,
        with,
        select,
        or_replace,
    })
}

/// `NAME TYPE, ...)`: types as written, upper-cased, `DECIMAL(18, 4)` spaced so.
fn columns(p: &mut P) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    loop {
        let name = p.name()?;
        let mut ty = p.name()?;
        if p.sym("(") {
            let mut args = Vec::new();
            loop {
                match p.next() {
                    Some(Tok::Num(n)) => args.push(n.clone()),
                    _ => return Err(p.unexpected("a number")),
                }
                if !p.sym(",") {
                    break;
                }
            }
            p.expect_sym(")")?;
            ty = format!("{ty}({})", args.join(", "));
        }
        out.push((name, ty));
        if p.sym(")") {
            return Ok(out);
        }
        p.expect_sym(",")?;
    }
}

fn with(p: &mut P) -> Result<With, String> {
    p.expect_sym("(")?;
    let mut out = With::new();
    loop {
        let key = p.name()?.to_ascii_uppercase();
        p.expect_sym("=")?;
        let value = match p.next() {
            Some(Tok::Str(s)) => Value::Str(s.clone()),
            Some(Tok::Num(n)) => Value::Raw(n.clone()),
            Some(Tok::Word(w)) => Value::Raw(w.clone()),
            _ => return Err(p.unexpected("a value")),
        };
        out.insert(key, value);
        if p.sym(")") {
            return Ok(out);
        }
        p.expect_sym(",")?;
    }
}

fn select(p: &mut P) -> Result<Select, String> {
    p.expect_word("SELECT")?;
    let mut items = Vec::new();
    loop {
        if p.sym("*") {
            items.push(Item::All);
        } else {
            let e = expr::parse(p)?;
            p.word("AS");
            let alias = match (p.peek(), &e) {
                (Some(Tok::Word(w)), _) if w != "FROM" => p.name()?,
                (Some(Tok::Quoted(_)), _) => p.name()?,
                (_, Expr::Col(c)) => c.clone(),
                _ => format!("KSQL_COL_{}", items.len()),
            };
            items.push(Item::Expr(e, alias));
        }
        if !p.sym(",") {
            break;
        }
    }
    p.expect_word("FROM")?;
    let source = p.name()?;
    if let Some(Tok::Word(w)) = p.peek() {
        if w != "WHERE" && w != "EMIT" {
            p.name()?; // an alias of the source
        }
    }
    let filter = if p.word("WHERE") {
        Some(expr::parse(p)?)
    } else {
        None
    };
    p.expect_word("EMIT")?;
    p.expect_word("CHANGES")?;
    Ok(Select {
        items,
        source,
        filter,
    })
}
