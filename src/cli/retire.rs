//! `tourney retire ID --operator OP --ksqldb URL`: terminate the tournament's query,
//! drop its stream (and topic, with `--delete-topic`), and finish its worker.
//! Idempotent: retiring a retired tournament changes nothing.

use super::exit::Exit;
use super::ksqldb::{runtime, KsqldbArgs};
use super::out::say;
use super::workers::WorkerArgs;
use super::CliError;
use crate::deploy::retire::{retire, RetireError, Retired};

#[derive(Debug, Clone, clap::Args)]
pub struct RetireArgs {
    /// The tournament id.
    pub id: String,
    /// The operator the tournament belongs to; nothing of another operator is touched.
    #[arg(long)]
    pub operator: String,
    /// Delete the stream's Kafka topic too.
    #[arg(long)]
    pub delete_topic: bool,
    #[command(flatten)]
    pub ksqldb: KsqldbArgs,
    #[command(flatten)]
    pub workers: WorkerArgs,
}

pub fn run(args: &RetireArgs) -> Result<Exit, CliError> {
    let client = args.ksqldb.client()?;
    let done = runtime()?.block_on(retire(&client, &args.operator, &args.id, args.delete_topic));
    let r = match done {
        Ok(r) => r,
        Err(e) => {
            let mut out = super::out::stdout();
            if let RetireError::Ksql { done, .. } = &e {
                print_done(&mut out, done)?;
            }
            out.finish()?;
            say!("error: retiring {}/{} failed: {e}", args.operator, args.id);
            if matches!(e, RetireError::Ksql { .. }) {
                say!("  = the retire is incomplete; run retire again to finish it");
            }
            return Ok(Exit::Failed);
        }
    };
    let mut out = super::out::stdout();
    print_done(&mut out, &r)?;
    if r.terminated.is_empty() && !r.dropped {
        writeln!(
            out,
            "stream {} is not deployed; nothing to do on ksqlDB",
            r.stream
        )?;
    }
    for line in args.workers.finish(&args.operator, &args.id)? {
        writeln!(out, "{line}")?;
    }
    out.finish()?;
    Ok(Exit::Ok)
}

fn print_done(out: &mut super::out::Stdout, r: &Retired) -> Result<(), CliError> {
    for q in &r.terminated {
        writeln!(out, "terminated query {q}")?;
    }
    if r.dropped {
        let topic = if r.topic_deleted {
            " and its topic"
        } else {
            ""
        };
        writeln!(out, "dropped stream {}{topic}", r.stream)?;
    }
    Ok(())
}
