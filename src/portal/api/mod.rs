//! The portal's JSON API: one file per area, every handler a thin layer over library
//! functions (the checker, the emitter, the dry-run, the deployer, the store).
//!
//! Every route but `POST /v1/session` needs a [`Principal`](super::auth::Principal);
//! every lookup of a tournament goes through the principal's operator, so another
//! operator's tournament answers 404 like one that does not exist.

mod analytics;
mod approvals;
mod audit;
mod check;
mod dry_run;
mod error;
mod form;
mod live;
mod preview;
mod session;
mod source;
mod templates;
mod tournaments;
mod versions;

pub use error::{joined, PortalError};
pub use source::{compile, Compiled};

use super::activate::Activator;
use super::auth::{Principal, Sessions, Users};
use super::store::{AuditEntry, Store, StoreError};
use crate::serve::ApiState;
use axum::handler::Handler;
use axum::routing::{delete, get, post, put, MethodRouter};
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;

/// What every portal handler shares.
#[derive(Clone)]
pub struct PortalState {
    /// The read API's state: live tournaments, tokens, metrics.
    pub api: ApiState,
    pub users: Arc<Users>,
    pub sessions: Arc<Sessions>,
    pub store: Arc<dyn Store>,
    /// The workspace folder: `<workspace>/<operator>/templates/` holds the operator's
    /// own templates.
    pub workspace: Option<PathBuf>,
    pub activator: Arc<Activator>,
    /// Mark the session cookie `Secure` (when the portal is served over https).
    pub secure_cookie: bool,
}

/// Routes and the list of what they serve, so the OpenAPI document can be checked
/// against the very router.
struct Routes {
    router: Router<PortalState>,
    served: Vec<(&'static str, String)>,
}

impl Routes {
    fn add(mut self, method: &'static str, path: &str, route: MethodRouter<PortalState>) -> Self {
        self.router = self.router.route(path, route);
        self.served.push((method, path.to_string()));
        self
    }

    fn get<H: Handler<T, PortalState>, T: 'static>(self, path: &str, h: H) -> Self {
        self.add("get", path, get(h))
    }

    fn post<H: Handler<T, PortalState>, T: 'static>(self, path: &str, h: H) -> Self {
        self.add("post", path, post(h))
    }

    fn put<H: Handler<T, PortalState>, T: 'static>(self, path: &str, h: H) -> Self {
        self.add("put", path, put(h))
    }

    fn delete<H: Handler<T, PortalState>, T: 'static>(self, path: &str, h: H) -> Self {
        self.add("delete", path, delete(h))
    }
}

/// The portal API's routes (the pages and the read API are added by the server), and
/// every `(method, path)` they serve.
pub fn routes() -> (Router<PortalState>, Vec<(&'static str, String)>) {
    let t = |rest: &str| format!("/v1/portal/tournaments/{{id}}{rest}");
    let r = Routes {
        router: Router::new(),
        served: Vec::new(),
    }
    .post("/v1/session", session::sign_in)
    .get("/v1/session", session::current)
    .delete("/v1/session", session::sign_out)
    .get("/v1/portal/templates", templates::list)
    .post("/v1/portal/check", check::check)
    .post("/v1/portal/form/read", form::read)
    .post("/v1/portal/form/write", form::write)
    .post("/v1/portal/preview", preview::preview)
    .post("/v1/portal/dry-run", dry_run::dry_run)
    .get("/v1/portal/tournaments", tournaments::list)
    .post("/v1/portal/tournaments", tournaments::create)
    .get(&t(""), tournaments::get)
    .put(&t(""), tournaments::update)
    .get(&t("/versions"), versions::list)
    .get(&t("/versions/{hash}"), versions::one)
    .get(&t("/diff"), versions::diff)
    .get(&t("/schedule"), versions::schedule)
    .post(&t("/plan"), live::plan)
    .post(&t("/approvals"), approvals::request)
    .post(&t("/approvals/{hash}/approve"), approvals::approve)
    .post(&t("/approvals/{hash}/reject"), approvals::reject)
    .post(&t("/activate"), live::activate)
    .post(&t("/retire"), live::retire)
    .get(&t("/analytics"), analytics::analytics)
    .get("/v1/portal/approvals", approvals::pending)
    .get("/v1/portal/audit", audit::export);
    (r.router, r.served)
}

/// Runs a store call on the blocking pool.
pub async fn store<T: Send + 'static>(
    state: &PortalState,
    f: impl FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, PortalError> {
    let store = state.store.clone();
    joined(tokio::task::spawn_blocking(move || f(store.as_ref())).await)?.map_err(store_error)
}

/// A store failure as the API answers it.
pub fn store_error(e: StoreError) -> PortalError {
    use axum::http::StatusCode;
    let code = e.code();
    match e {
        StoreError::NotFound(what) => {
            PortalError::new(StatusCode::NOT_FOUND, code, format!("{what} not found"))
        }
        StoreError::Conflict { current } => PortalError::new(
            StatusCode::CONFLICT,
            code,
            "the tournament was changed meanwhile: load the current version and edit from it",
        )
        .with(serde_json::json!({ "current": current })),
        StoreError::InvalidName { .. } => {
            PortalError::new(StatusCode::NOT_FOUND, "not_found", e.to_string())
        }
        StoreError::FourEyes(m) => PortalError::new(StatusCode::FORBIDDEN, code, m),
        StoreError::Refused(m) => PortalError::new(StatusCode::CONFLICT, code, m),
        StoreError::Backend(_) => {
            PortalError::new(StatusCode::INTERNAL_SERVER_ERROR, code, e.to_string())
        }
    }
}

/// Appends one audit entry; a failure to write it is logged, never hidden from the
/// logs, and does not undo what was done.
pub async fn audit(
    state: &PortalState,
    who: &Principal,
    action: &str,
    tournament: Option<&str>,
    version: Option<&str>,
    result: &str,
    detail: String,
) {
    let entry = AuditEntry {
        at: chrono::Utc::now(),
        operator: who.operator.clone(),
        user: who.user.clone(),
        action: action.to_string(),
        tournament: tournament.map(str::to_string),
        version: version.map(str::to_string),
        result: result.to_string(),
        detail,
    };
    if let Err(e) = store(state, move |s| s.append_audit(&entry)).await {
        tracing::error!(error = e.message, action, "cannot write the audit log");
    }
}
