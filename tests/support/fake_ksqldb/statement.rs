//! Just enough parsing of the statements `tourney` sends to keep the fake's state.

/// A statement the fake understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stmt {
    ShowStreams,
    ShowQueries,
    /// `CREATE STREAM [IF NOT EXISTS] NAME (...) WITH (KAFKA_TOPIC='t', ...)`.
    CreateSource {
        name: String,
        topic: String,
        if_not_exists: bool,
    },
    /// `CREATE [OR REPLACE] STREAM NAME WITH (KAFKA_TOPIC='t') AS SELECT ... FROM SRC ...`.
    CreateAs {
        name: String,
        topic: String,
        source: String,
        or_replace: bool,
    },
    Drop {
        name: String,
        if_exists: bool,
    },
    Terminate {
        id: String,
    },
    Unknown(String),
}

impl Stmt {
    pub fn is_read(&self) -> bool {
        matches!(self, Stmt::ShowStreams | Stmt::ShowQueries)
    }
}

/// The stream or query a write names.
pub fn target(stmt: &Stmt) -> String {
    match stmt {
        Stmt::CreateSource { name, .. } | Stmt::CreateAs { name, .. } | Stmt::Drop { name, .. } => {
            name.clone()
        }
        Stmt::Terminate { id } => id.clone(),
        _ => String::new(),
    }
}

/// Splits a request into statements on `;` outside string literals.
pub fn split(ksql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for ch in ksql.chars() {
        cur.push(ch);
        if ch == '\'' {
            quoted = !quoted;
        } else if ch == ';' && !quoted {
            out.push(cur.trim().to_owned());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_owned());
    }
    out
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == ';' || c == '(' || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect()
}

fn topic(s: &str) -> String {
    let upper = s.to_ascii_uppercase();
    let Some(i) = upper.find("KAFKA_TOPIC='") else {
        return String::new();
    };
    let rest = &s[i + "KAFKA_TOPIC='".len()..];
    rest.split('\'').next().unwrap_or_default().to_owned()
}

pub fn parse(s: &str) -> Stmt {
    let w = words(s);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    match w.as_slice() {
        ["SHOW" | "LIST", "STREAMS", ..] => Stmt::ShowStreams,
        ["SHOW" | "LIST", "QUERIES", ..] => Stmt::ShowQueries,
        ["DROP", "STREAM", "IF", "EXISTS", name, ..] => Stmt::Drop {
            name: (*name).to_owned(),
            if_exists: true,
        },
        ["DROP", "STREAM", name, ..] => Stmt::Drop {
            name: (*name).to_owned(),
            if_exists: false,
        },
        ["TERMINATE", id, ..] => Stmt::Terminate {
            id: (*id).to_owned(),
        },
        ["CREATE", rest @ ..] => create(s, rest),
        _ => Stmt::Unknown(w.first().copied().unwrap_or_default().to_owned()),
    }
}

fn create(s: &str, rest: &[&str]) -> Stmt {
    let (or_replace, rest) = match rest {
        ["OR", "REPLACE", r @ ..] => (true, r),
        r => (false, r),
    };
    let (if_not_exists, name) = match rest {
        ["STREAM", "IF", "NOT", "EXISTS", name, ..] => (true, *name),
        ["STREAM", name, ..] => (false, *name),
        _ => return Stmt::Unknown("CREATE".into()),
    };
    let upper = s.to_ascii_uppercase();
    match upper.find(" AS SELECT ") {
        Some(i) => {
            let after = words(&upper[i..]);
            let source = after
                .iter()
                .position(|w| w == "FROM")
                .and_then(|p| after.get(p + 1))
                .cloned()
                .unwrap_or_default();
            Stmt::CreateAs {
                name: name.to_owned(),
                topic: topic(s),
                source,
                or_replace,
            }
        }
        None => Stmt::CreateSource {
            name: name.to_owned(),
            topic: topic(s),
            if_not_exists,
        },
    }
}
