//! Activation through ksqlDB: the plan and the apply of `tourney deploy`, the workers
//! launched as `deploy` launches them, and the retire of `tourney retire`.

use super::{Planned, Step};
use crate::cli::plan::{label, read_and_plan};
use crate::cli::workers::WorkerArgs;
use crate::deploy::apply::{apply, ApplyOptions, Outcome};
use crate::deploy::retire::retire;
use crate::deploy::{Client, PlanOptions, Target};
use crate::ir::Tournament;
use std::time::Duration;

/// A ksqlDB server and where the workers run.
pub struct Cluster {
    pub client: Client,
    pub workers: WorkerArgs,
    /// How long each new query has to be RUNNING.
    pub running_timeout: Duration,
}

impl Cluster {
    pub fn url(&self) -> String {
        self.client.url().to_string()
    }

    fn target(t: &Tournament, source: &str) -> Result<Target, String> {
        Target::new(t, None, source.to_string())
            .map_err(|e| format!("cannot compile `{}`: {e}", t.id))
    }

    fn options() -> PlanOptions {
        PlanOptions {
            now_ms: chrono::Utc::now().timestamp_millis(),
            force: false,
            prune: false,
            delete_topic: false,
        }
    }

    /// What deploying the version would change, read from the cluster.
    pub async fn plan(&self, t: &Tournament, source: &str) -> Result<Vec<Planned>, String> {
        let targets = vec![Self::target(t, source)?];
        let recorded = self.workers.recorded(&targets);
        let plan = read_and_plan(&self.client, &targets, &Self::options(), &recorded).await?;
        Ok(plan
            .actions
            .iter()
            .map(|a| Planned {
                kind: label(a.kind).1.to_string(),
                object: a.stream.clone(),
                reason: a.reason.clone(),
            })
            .collect())
    }

    /// Plans, applies and launches the workers; every step with its state.
    pub async fn activate(&self, t: &Tournament, source: &str) -> Vec<Step> {
        let target = match Self::target(t, source) {
            Ok(target) => target,
            Err(e) => return vec![Step::failed("compile", e)],
        };
        let targets = vec![target];
        let recorded = self.workers.recorded(&targets);
        let plan = match read_and_plan(&self.client, &targets, &Self::options(), &recorded).await {
            Ok(p) => p,
            Err(e) => {
                return vec![
                    Step::failed("plan", e),
                    Step::not_run("apply"),
                    Step::not_run("launch the workers"),
                ]
            }
        };
        let mut steps = vec![Step::done(
            "plan",
            format!("{} actions", plan.actions.len()),
        )];
        for a in plan.refused() {
            steps.push(Step::failed(
                format!("refused {}", a.stream),
                a.reason.clone(),
            ));
        }
        let opts = ApplyOptions {
            running_deadline: self.running_timeout,
            ..ApplyOptions::default()
        };
        let report = apply(&self.client, &plan, &opts).await;
        for s in &report.steps {
            let name = format!("{} {}", label(s.kind).1, s.stream);
            steps.push(match &s.outcome {
                Outcome::Done => Step::done(name, ""),
                Outcome::Confirmed(why) => Step::done(name, why.clone()),
                Outcome::Failed(why) => Step::failed(name, why.clone()),
                Outcome::NotRun => Step::not_run(name),
            });
        }
        if !super::complete(&steps) {
            steps.push(Step::not_run("launch the workers"));
            return steps;
        }
        let changed = report.changed_streams();
        steps.push(match self.workers.launch(&targets, &changed) {
            Ok(lines) => Step::done("launch the workers", lines.join("; ")),
            Err(e) => Step::failed("launch the workers", e.to_string()),
        });
        steps
    }

    /// Terminates the query, drops the stream, finishes the workers.
    pub async fn retire(&self, operator: &str, id: &str) -> Vec<Step> {
        match retire(&self.client, operator, id, false).await {
            Ok(r) => {
                let detail = format!(
                    "terminated {}; dropped: {}",
                    r.terminated.join(", "),
                    r.dropped
                );
                let mut steps = vec![Step::done(format!("retire {}", r.stream), detail)];
                steps.push(match self.workers.finish(operator, id) {
                    Ok(lines) => Step::done("finish the workers", lines.join("; ")),
                    Err(e) => Step::failed("finish the workers", e.to_string()),
                });
                steps
            }
            Err(e) => vec![
                Step::failed("retire", e.to_string()),
                Step::not_run("finish the workers"),
            ],
        }
    }
}
