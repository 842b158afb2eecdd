//! The four-eyes rule, shared by both backends.

use super::{Approval, ApprovalState, StoreError};

/// A new pending approval.
pub fn requested(operator: &str, tournament: &str, version: &str, by: &str) -> Approval {
    Approval {
        operator: operator.to_string(),
        tournament: tournament.to_string(),
        version: version.to_string(),
        requested_by: by.to_string(),
        requested_at: super::now(),
        state: ApprovalState::Pending,
        decided_by: None,
        decided_at: None,
    }
}

/// The approval once `by` decided; refused unless it is pending and `by` is neither
/// who asked for it nor who wrote the version (`author`).
pub fn decide(
    current: Option<Approval>,
    author: &str,
    by: &str,
    approve: bool,
) -> Result<Approval, StoreError> {
    let Some(mut a) = current else {
        return Err(StoreError::NotFound("approval request".to_string()));
    };
    if a.state != ApprovalState::Pending {
        return Err(StoreError::Refused(format!(
            "this version was already {} by {}",
            a.state.as_str(),
            a.decided_by.as_deref().unwrap_or("someone")
        )));
    }
    if by == a.requested_by {
        return Err(StoreError::FourEyes(format!(
            "{by} asked for this approval; another person must decide"
        )));
    }
    if by == author {
        return Err(StoreError::FourEyes(format!(
            "{by} wrote this version; another person must decide"
        )));
    }
    a.state = if approve {
        ApprovalState::Approved
    } else {
        ApprovalState::Rejected
    };
    a.decided_by = Some(by.to_string());
    a.decided_at = Some(super::now());
    Ok(a)
}

/// The latest state of each approval, keeping those pending, oldest first.
pub fn pending(log: impl Iterator<Item = Approval>) -> Vec<Approval> {
    let mut latest: Vec<Approval> = Vec::new();
    let mut at: std::collections::HashMap<(String, String), usize> = Default::default();
    for a in log {
        let key = (a.tournament.clone(), a.version.clone());
        match at.get(&key) {
            Some(&i) => latest[i] = a,
            None => {
                at.insert(key, latest.len());
                latest.push(a);
            }
        }
    }
    let mut out: Vec<Approval> = latest
        .into_iter()
        .filter(|a| a.state == ApprovalState::Pending)
        .collect();
    out.sort_by_key(|a| a.requested_at);
    out
}
