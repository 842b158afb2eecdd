//! The board table shared by `dry-run` and `run`.

use super::out::Stdout;
use super::CliError;
use crate::engine::Standing;
use crate::ir::Prize;

fn prize(p: &Option<Prize>) -> String {
    match p {
        None => String::new(),
        Some(Prize::Text { text }) => text.clone(),
        Some(Prize::Money { amount, currency }) => format!("{amount} {currency}"),
    }
}

/// Prints the first `top` places with a header line.
pub fn print_board(out: &mut Stdout, board: &[Standing], top: usize) -> Result<(), CliError> {
    writeln!(
        out,
        "{:>6}  {:<24} {:>18} {:>7}  prize",
        "place", "player", "score", "wagers"
    )?;
    for s in board.iter().take(top) {
        writeln!(
            out,
            "{:>6}  {:<24} {:>18} {:>7}  {}",
            s.place,
            s.player_id,
            s.score.to_string(),
            s.wagers,
            prize(&s.prize)
        )?;
    }
    Ok(())
}
