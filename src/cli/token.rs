//! `tourney token`: mints a player token with a key of the player keys file, for tests
//! and development (production tokens come from the operator's own backend, signed the
//! same way: see the book's "Player view" chapter).

use super::exit::Exit;
use super::out::data;
use super::CliError;
use crate::serve::player::token::{mint, now_s, Claims, MAX_TTL_S};
use crate::serve::player::PlayerKeys;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  tourney token --keys player-keys.toml --operator operator-1 --tournament weekend --player p-42 --key-id 2026-11
  tourney token --keys player-keys.toml --operator operator-1 --tournament weekend --player p-42 --key-id 2026-11 --ttl 2h

Prints the token on standard output. Open the player page with it in the fragment:
  http://127.0.0.1:8080/play/operator-1/weekend#token=<token>")]
pub struct TokenArgs {
    /// The player keys file (TOML or JSON: operator -> origins and keys).
    #[arg(long, value_name = "FILE")]
    pub keys: PathBuf,
    #[arg(long)]
    pub operator: String,
    #[arg(long)]
    pub tournament: String,
    #[arg(long)]
    pub player: String,
    /// The id of the operator's key to sign with.
    #[arg(long, value_name = "ID")]
    pub key_id: String,
    /// Lifetime: seconds, or a number with `s`, `m` or `h` (at most 24h).
    #[arg(long, value_name = "TTL", default_value = "15m", value_parser = parse_ttl)]
    pub ttl: i64,
}

/// `90`, `90s`, `15m`, `2h` as seconds, from 1 second to a day.
pub fn parse_ttl(s: &str) -> Result<i64, String> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, "s"),
    };
    let n: i64 = digits
        .parse()
        .map_err(|_| format!("a lifetime is a number with `s`, `m` or `h`, not {s:?}"))?;
    let secs = match unit {
        "s" => Some(n),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        _ => None,
    };
    match secs {
        Some(v) if (1..=MAX_TTL_S).contains(&v) => Ok(v),
        _ => Err(format!(
            "a lifetime is from 1s to 24h with `s`, `m` or `h`, not {s:?}"
        )),
    }
}

pub fn run(args: &TokenArgs) -> Result<Exit, CliError> {
    let text = super::input::read(&args.keys)?;
    let keys = PlayerKeys::parse(&text)
        .map_err(|e| CliError::Usage(format!("`{}`: {e}", args.keys.display())))?;
    let Some(secret) = keys.secret(&args.operator, &args.key_id) else {
        return Err(CliError::Usage(format!(
            "`{}` has no key `{}` for operator `{}`",
            args.keys.display(),
            args.key_id,
            args.operator
        )));
    };
    let iat = now_s();
    let claims = Claims {
        kid: args.key_id.clone(),
        operator: args.operator.clone(),
        tournament: args.tournament.clone(),
        player: args.player.clone(),
        iat,
        exp: iat + args.ttl,
    };
    let token = mint(&claims, secret).map_err(|e| CliError::Usage(e.to_string()))?;
    let mut out = data();
    writeln!(out, "{token}")?;
    out.finish()?;
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::parse_ttl;

    #[test]
    fn lifetimes_read_with_their_unit() {
        assert_eq!(parse_ttl("15m"), Ok(900));
        assert_eq!(parse_ttl("90"), Ok(90));
        assert_eq!(parse_ttl("24h"), Ok(86_400));
        assert!(parse_ttl("25h").is_err());
        assert!(parse_ttl("0s").is_err());
        assert!(parse_ttl("5d").is_err());
    }
}
