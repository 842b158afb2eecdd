//! Expressions of `WHERE` and `SELECT`, and how ksqlDB prints them again
//! (ExpressionFormatter): every comparison, AND, OR, NOT, IN, IS NULL, BETWEEN and
//! arithmetic in its own parentheses, every column qualified by its source.

use super::lex::Tok;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A column, upper-cased unless it was back-quoted.
    Col(String),
    /// A literal as ksqlDB prints it.
    Lit(String),
    /// Comparison, AND/OR or arithmetic.
    Bin(String, Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    In(Box<Expr>, Vec<Expr>, bool),
    IsNull(Box<Expr>, bool),
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    Func(String, Vec<Expr>),
    Neg(Box<Expr>),
}

/// A cursor over the tokens of one statement.
pub struct P<'a> {
    pub toks: &'a [Tok],
    pub at: usize,
}

impl<'a> P<'a> {
    pub fn peek(&self) -> Option<&'a Tok> {
        self.toks.get(self.at)
    }
    pub fn next(&mut self) -> Option<&'a Tok> {
        let t = self.toks.get(self.at);
        self.at += 1;
        t
    }
    pub fn word(&mut self, w: &str) -> bool {
        if self.peek().is_some_and(|t| t.is_word(w)) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    pub fn sym(&mut self, s: &str) -> bool {
        if self.peek().is_some_and(|t| t.is_sym(s)) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    pub fn expect_word(&mut self, w: &str) -> Result<(), String> {
        if self.word(w) {
            Ok(())
        } else {
            Err(self.unexpected(w))
        }
    }
    pub fn expect_sym(&mut self, s: &str) -> Result<(), String> {
        if self.sym(s) {
            Ok(())
        } else {
            Err(self.unexpected(s))
        }
    }
    pub fn unexpected(&self, wanted: &str) -> String {
        let near = match self.peek() {
            Some(Tok::Word(w) | Tok::Quoted(w) | Tok::Num(w) | Tok::Sym(w)) => w.clone(),
            Some(Tok::Str(s)) => format!("'{s}'"),
            None => "<EOF>".into(),
        };
        format!("line 1:1: Syntax Error\nmismatched input '{near}' expecting {wanted}")
    }
    /// A name: a word or a back-quoted name.
    pub fn name(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Tok::Word(w)) | Some(Tok::Quoted(w)) => Ok(w.clone()),
            _ => {
                self.at -= 1;
                Err(self.unexpected("an identifier"))
            }
        }
    }
}

const STOP: &[&str] = &[
    "AND",
    "OR",
    "EMIT",
    "FROM",
    "AS",
    "WHERE",
    "PARTITION",
    "THEN",
];

pub fn parse(p: &mut P) -> Result<Expr, String> {
    let mut left = and(p)?;
    while p.word("OR") {
        left = Expr::Bin("OR".into(), Box::new(left), Box::new(and(p)?));
    }
    Ok(left)
}

fn and(p: &mut P) -> Result<Expr, String> {
    let mut left = not(p)?;
    while p.word("AND") {
        left = Expr::Bin("AND".into(), Box::new(left), Box::new(not(p)?));
    }
    Ok(left)
}

fn not(p: &mut P) -> Result<Expr, String> {
    if p.word("NOT") {
        return Ok(Expr::Not(Box::new(not(p)?)));
    }
    predicate(p)
}

fn predicate(p: &mut P) -> Result<Expr, String> {
    let left = additive(p)?;
    for op in ["=", "<>", ">=", "<=", "<", ">"] {
        if p.sym(op) {
            return Ok(Expr::Bin(op.into(), Box::new(left), Box::new(additive(p)?)));
        }
    }
    if p.word("IS") {
        let negated = p.word("NOT");
        p.expect_word("NULL")?;
        return Ok(Expr::IsNull(Box::new(left), negated));
    }
    let negated = p.word("NOT");
    if p.word("IN") {
        p.expect_sym("(")?;
        let mut list = vec![additive(p)?];
        while p.sym(",") {
            list.push(additive(p)?);
        }
        p.expect_sym(")")?;
        return Ok(Expr::In(Box::new(left), list, negated));
    }
    if p.word("BETWEEN") {
        let low = additive(p)?;
        p.expect_word("AND")?;
        let high = additive(p)?;
        let b = Expr::Between(Box::new(left), Box::new(low), Box::new(high));
        return Ok(if negated { Expr::Not(Box::new(b)) } else { b });
    }
    if negated {
        return Err(p.unexpected("IN or BETWEEN"));
    }
    Ok(left)
}

fn additive(p: &mut P) -> Result<Expr, String> {
    let mut left = multiplicative(p)?;
    loop {
        let op = if p.sym("+") {
            "+"
        } else if p.sym("-") {
            "-"
        } else {
            return Ok(left);
        };
        left = Expr::Bin(op.into(), Box::new(left), Box::new(multiplicative(p)?));
    }
}

fn multiplicative(p: &mut P) -> Result<Expr, String> {
    let mut left = unary(p)?;
    loop {
        let op = ["*", "/", "%"].into_iter().find(|op| p.sym(op));
        let Some(op) = op else {
            return Ok(left);
        };
        left = Expr::Bin(op.into(), Box::new(left), Box::new(unary(p)?));
    }
}

fn unary(p: &mut P) -> Result<Expr, String> {
    if p.sym("-") {
        return Ok(Expr::Neg(Box::new(unary(p)?)));
    }
    primary(p)
}

fn primary(p: &mut P) -> Result<Expr, String> {
    if p.sym("(") {
        let e = parse(p)?;
        p.expect_sym(")")?;
        return Ok(e);
    }
    match p.next() {
        Some(Tok::Num(n)) => Ok(Expr::Lit(n.clone())),
        Some(Tok::Str(s)) => Ok(Expr::Lit(format!("'{}'", s.replace('\'', "''")))),
        Some(Tok::Word(w)) if w == "TRUE" || w == "FALSE" || w == "NULL" => {
            Ok(Expr::Lit(w.to_ascii_lowercase()))
        }
        Some(Tok::Word(w)) if STOP.contains(&w.as_str()) => {
            p.at -= 1;
            Err(p.unexpected("an expression"))
        }
        Some(Tok::Word(w)) | Some(Tok::Quoted(w)) => {
            let w = w.clone();
            if p.sym("(") {
                let mut args = Vec::new();
                if !p.sym(")") {
                    args.push(parse(p)?);
                    while p.sym(",") {
                        args.push(parse(p)?);
                    }
                    p.expect_sym(")")?;
                }
                return Ok(Expr::Func(w, args));
            }
            if p.sym(".") {
                // a qualified column: the qualifier is the source, checked by the caller
                return Ok(Expr::Col(p.name()?));
            }
            Ok(Expr::Col(w))
        }
        _ => {
            p.at -= 1;
            Err(p.unexpected("an expression"))
        }
    }
}

/// A column name as ksqlDB prints it: back-quoted unless it is an upper-case word.
pub fn ident(name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && name.starts_with(|c: char| c.is_ascii_uppercase());
    if plain {
        name.to_owned()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

/// The printed expression, columns qualified by `source`.
pub fn format(e: &Expr, source: &str) -> String {
    let f = |e: &Expr| format(e, source);
    match e {
        Expr::Col(c) => format!("{source}.{}", ident(c)),
        Expr::Lit(l) => l.clone(),
        Expr::Bin(op, a, b) => format!("({} {op} {})", f(a), f(b)),
        Expr::Not(a) => format!("(NOT {})", f(a)),
        Expr::In(a, list, negated) => format!(
            "({} {}IN ({}))",
            f(a),
            if *negated { "NOT " } else { "" },
            list.iter().map(f).collect::<Vec<_>>().join(", ")
        ),
        Expr::IsNull(a, negated) => {
            format!("({} IS {}NULL)", f(a), if *negated { "NOT " } else { "" })
        }
        Expr::Between(a, l, h) => format!("({} BETWEEN {} AND {})", f(a), f(l), f(h)),
        Expr::Func(n, args) => {
            format!("{n}({})", args.iter().map(f).collect::<Vec<_>>().join(", "))
        }
        Expr::Neg(a) => format!("-{}", f(a)),
    }
}

/// Every column the expression reads.
pub fn columns<'e>(e: &'e Expr, out: &mut Vec<&'e str>) {
    match e {
        Expr::Col(c) => out.push(c),
        Expr::Lit(_) => {}
        Expr::Bin(_, a, b) => {
            columns(a, out);
            columns(b, out);
        }
        Expr::Not(a) | Expr::Neg(a) | Expr::IsNull(a, _) => columns(a, out),
        Expr::In(a, list, _) => {
            columns(a, out);
            list.iter().for_each(|x| columns(x, out));
        }
        Expr::Between(a, l, h) => {
            columns(a, out);
            columns(l, out);
            columns(h, out);
        }
        Expr::Func(_, args) => args.iter().for_each(|x| columns(x, out)),
    }
}
