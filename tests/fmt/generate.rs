//! Random well-formed `.tourney` files for property tests.
//!
//! A file is generated as a list of tokens, then joined with random separators: spaces,
//! tabs, newlines, blank lines, and comments of every kind (each one numbered, so a lost
//! or duplicated comment shows). Strings hold hostile characters, written either with
//! as few escapes as possible or with `\u{..}` escapes for everything.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

type Toks = Vec<String>;

fn one(token: &str) -> Toks {
    vec![token.to_string()]
}

fn cat(parts: Vec<Toks>) -> Toks {
    parts.into_iter().flatten().collect()
}

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    select(options).prop_map(String::from)
}

fn field() -> impl Strategy<Value = String> {
    pick(&[
        "wager.amount",
        "game.category",
        "player.country",
        "win.amount",
        "a",
        "bonus.id",
        "x_1.y_2",
    ])
}

fn ident() -> impl Strategy<Value = String> {
    pick(&[
        "sum",
        "max",
        "first_to_reach",
        "most_wagers",
        "b_c1",
        "amount",
    ])
}

fn number() -> impl Strategy<Value = String> {
    pick(&["0", "10", "-3", "10.50", "1.5", "5000", "007"])
}

fn currency() -> impl Strategy<Value = String> {
    pick(&["EUR", "USD", "GBP"])
}

fn duration() -> impl Strategy<Value = String> {
    pick(&["10s", "30m", "1h", "500ms", "2d", "1w", "007s"])
}

fn timestamp() -> impl Strategy<Value = String> {
    pick(&[
        "2024-11-15T00:00:00Z",
        "2024-11-15T10:30",
        "2024-02-29T23:59:59.123+01:00",
        "2025-01-01T00:00-05:00",
    ])
}

const HOSTILE: &[char] = &[
    'a', 'Z', '0', ' ', '"', '\\', '\n', '\t', '\r', '\u{0}', '\u{1}', '\u{7f}', '\u{85}', '€',
    '🎰', 'é', '/', '*', '{', '}', '(', ',', 'u',
];

/// A string literal as it could be written in a source file.
fn text() -> impl Strategy<Value = String> {
    (vec(select(HOSTILE), 0..8), any::<bool>()).prop_map(|(chars, all)| {
        let mut out = String::from("\"");
        for c in chars {
            match c {
                c if all && !c.is_alphanumeric() => {
                    out.push_str(&format!("\\u{{{:X}}}", u32::from(c)))
                }
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    })
}

fn value() -> impl Strategy<Value = Toks> {
    prop_oneof![
        number().prop_map(|n| vec![n]),
        (number(), currency()).prop_map(|(n, c)| vec![n, c]),
        timestamp().prop_map(|t| vec![t]),
        text().prop_map(|t| vec![t]),
    ]
}

fn prize_value() -> impl Strategy<Value = Toks> {
    prop_oneof![
        (number(), currency()).prop_map(|(n, c)| vec![n, c]),
        text().prop_map(|t| vec![t])
    ]
}

fn comparison() -> impl Strategy<Value = Toks> {
    let op = pick(&["=", "!=", "<", "<=", ">", ">="]);
    (field(), op, value()).prop_map(|(f, op, v)| cat(vec![vec![f, op], v]))
}

fn in_list() -> impl Strategy<Value = Toks> {
    (field(), any::<bool>(), vec(value(), 1..4), any::<bool>()).prop_map(
        |(f, not, values, comma)| {
            let mut toks = vec![f];
            if not {
                toks.push("not".into());
            }
            toks.extend(["in".to_string(), "(".to_string()]);
            for (i, v) in values.into_iter().enumerate() {
                if i > 0 {
                    toks.push(",".into());
                }
                toks.extend(v);
            }
            if comma {
                toks.push(",".into());
            }
            toks.push(")".into());
            toks
        },
    )
}

fn between() -> impl Strategy<Value = Toks> {
    (field(), any::<bool>(), value(), value()).prop_map(|(f, not, low, high)| {
        let head = if not { vec![f, "not".into()] } else { vec![f] };
        cat(vec![head, one("between"), low, one("and"), high])
    })
}

fn presence() -> impl Strategy<Value = Toks> {
    (field(), pick(&["present", "missing"])).prop_map(|(f, what)| vec![f, "is".into(), what])
}

fn join(parts: Vec<Toks>, sep: &str) -> Toks {
    let mut toks = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            toks.push(sep.to_string());
        }
        toks.extend(part);
    }
    toks
}

fn braced(head: Toks, body: Vec<Toks>) -> Toks {
    cat(vec![
        head,
        one("{"),
        body.into_iter().flatten().collect(),
        one("}"),
    ])
}

/// A condition, possibly with `and`, `or`, `not`, parentheses and `any`/`all` blocks.
fn condition() -> impl Strategy<Value = Toks> {
    let leaf = prop_oneof![comparison(), in_list(), between(), presence()];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 2..4).prop_map(|cs| join(cs, "and")),
            vec(inner.clone(), 2..4).prop_map(|cs| join(cs, "or")),
            inner.clone().prop_map(|c| cat(vec![one("not"), c])),
            inner.clone().prop_map(|c| cat(vec![one("("), c, one(")")])),
            (pick(&["any", "all"]), vec(inner, 0..3)).prop_map(|(k, cs)| braced(vec![k], cs)),
        ]
    })
}

fn expr() -> impl Strategy<Value = Toks> {
    let leaf = prop_oneof![
        number().prop_map(|n| vec![n]),
        field().prop_map(|f| vec![f])
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            (inner.clone(), pick(&["+", "-", "*", "/"]), inner.clone())
                .prop_map(|(l, op, r)| cat(vec![l, vec![op], r])),
            inner.prop_map(|e| cat(vec![one("("), e, one(")")])),
        ]
    })
}

fn score_entry() -> impl Strategy<Value = Toks> {
    let rate = (currency(), number()).prop_map(|(c, n)| vec![c, n]);
    prop_oneof![
        expr().prop_map(|e| cat(vec![one("points"), one("="), e])),
        (pick(&["x2", "x1.5", "x10"]), condition())
            .prop_map(|(x, c)| cat(vec![vec![x, "when".into()], c])),
        Just(vec!["only".to_string(), "wins".to_string()]),
        ident().prop_map(|i| vec!["aggregate".into(), i]),
        (number(), duration()).prop_map(|(n, d)| vec!["cap".into(), n, "per".into(), d]),
        currency().prop_map(|c| vec!["currency".into(), c]),
        (currency(), vec(rate, 0..3))
            .prop_map(|(c, rates)| braced(vec!["currency".into(), c], rates)),
    ]
}

fn prize() -> impl Strategy<Value = Toks> {
    let places = prop_oneof![
        number().prop_map(|n| vec![n]),
        (number(), number()).prop_map(|(a, b)| vec![a, "..".into(), b]),
        number().prop_map(|n| vec!["top".into(), n]),
        number().prop_map(|n| vec!["top".into(), n, "%".into()]),
    ];
    (places, prize_value()).prop_map(|(p, v)| cat(vec![p, one(":"), v]))
}

fn leaderboard_entry() -> impl Strategy<Value = Toks> {
    prop_oneof![
        Just(vec!["update".to_string(), "realtime".to_string()]),
        duration().prop_map(|d| vec!["update".into(), "every".into(), d]),
        vec(ident(), 1..4).prop_map(|names| cat(vec![
            one("ties"),
            join(names.into_iter().map(|n| vec![n]).collect(), ",")
        ])),
        number().prop_map(|n| vec!["size".into(), n]),
        vec(prize(), 0..4).prop_map(|ps| braced(one("prizes"), ps)),
    ]
}

fn test_entry() -> impl Strategy<Value = Toks> {
    let wager_field = (
        pick(&["player", "amount", "game_id", "at", "note"]),
        value(),
    );
    let wager_field = wager_field.prop_map(|(k, v)| cat(vec![vec![k], v]));
    prop_oneof![
        (text(), vec(wager_field, 0..4)).prop_map(|(id, fs)| braced(vec!["wager".into(), id], fs)),
        (pick(&["eligible", "ineligible"]), text()).prop_map(|(k, w)| vec!["expect".into(), k, w]),
        (pick(&["score", "rank"]), text(), number()).prop_map(|(k, w, n)| vec![
            "expect".into(),
            k,
            w,
            "=".into(),
            n
        ]),
        (text(), prize_value()).prop_map(|(w, v)| cat(vec![
            vec!["expect".into(), "prize".into(), w, "=".into()],
            v
        ])),
        text().prop_map(|w| vec!["expect".into(), "no".into(), "prize".into(), w]),
    ]
}

fn item() -> impl Strategy<Value = Toks> {
    let meta = (ident(), text()).prop_map(|(k, v)| vec![k, v]);
    prop_oneof![
        (
            pick(&["title", "operator", "description", "timezone"]),
            text()
        )
            .prop_map(|(k, t)| vec![k, t]),
        duration().prop_map(|d| vec!["prewarm".into(), d]),
        (timestamp(), pick(&["..", "..="]), timestamp()).prop_map(|(a, op, b)| vec![
            "runs".into(),
            a,
            op,
            b
        ]),
        vec(meta, 0..3).prop_map(|es| braced(one("metadata"), es)),
        vec(condition(), 0..4).prop_map(|cs| braced(vec!["eligible".into(), "when".into()], cs)),
        vec(score_entry(), 0..5).prop_map(|es| braced(one("score"), es)),
        vec(leaderboard_entry(), 0..4).prop_map(|es| braced(one("leaderboard"), es)),
        (text(), vec(test_entry(), 0..4))
            .prop_map(|(name, es)| braced(vec!["test".into(), name], es)),
    ]
}

fn block() -> impl Strategy<Value = Toks> {
    let kind = pick(&["tournament", "template"]);
    (
        kind,
        text(),
        proptest::option::of(text()),
        vec(item(), 0..8),
    )
        .prop_map(|(kind, name, from, items)| {
            let mut head = vec![kind, name];
            if let Some(from) = from {
                head.extend(["from".to_string(), from]);
            }
            braced(head, items)
        })
}

/// What goes between two tokens. `@` stands for a comment's number.
fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        8 => Just(" "),
        3 => Just("\n  "),
        1 => Just("\n\n"),
        1 => Just("\t"),
        1 => Just("  \n\n\n "),
        2 => Just(""),
        1 => Just(" /* c@ */ "),
        1 => Just("/*c@*/"),
        1 => Just(" // c@\n"),
        1 => Just("//c@\n"),
        1 => Just("\n/* c@\n   over { two \" lines */\n"),
        1 => Just(" /* c@ // { */"),
        1 => Just("\n\n// c@ \"x\" /* y\n\n"),
    ]
}

/// Whether two tokens may touch: one of them is punctuation or a string.
fn may_touch(prev: &str, next: &str) -> bool {
    let loose =
        |tok: &str| tok.starts_with('"') || tok.chars().all(|c| "{}(),=:%.<>!+-*/".contains(c));
    prev.is_empty() || next.is_empty() || loose(prev) || loose(next)
}

/// `sep` made safe between `prev` and `next`: tokens that would merge get a space, and
/// a comment never follows a `/` directly (it would read as `//`).
fn fit(sep: &str, prev: &str, next: &str) -> String {
    if sep.is_empty() && !may_touch(prev, next) {
        " ".to_string()
    } else if sep.starts_with('/') && prev.ends_with('/') {
        format!(" {sep}")
    } else {
        sep.to_string()
    }
}

/// A whole file: a few blocks, with comments and whitespace of all kinds around them.
pub fn file() -> impl Strategy<Value = String> {
    vec(block(), 0..4)
        .prop_map(|blocks| blocks.into_iter().flatten().collect::<Toks>())
        .prop_flat_map(|toks| {
            let n = toks.len() + 1;
            (Just(toks), vec(separator(), n))
        })
        .prop_map(|(toks, seps)| {
            let mut out = String::new();
            let mut count = 0;
            let mut prev = "";
            for (sep, tok) in seps.iter().zip(toks.iter().map(String::as_str).chain([""])) {
                if sep.contains('@') {
                    count += 1;
                }
                out.push_str(&fit(&sep.replace('@', &count.to_string()), prev, tok));
                out.push_str(tok);
                prev = tok;
            }
            out
        })
}
