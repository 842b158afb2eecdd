//! Prometheus alert rules shipped with the product (a source asset).

/// The rule file, as Prometheus loads it.
pub const ALERTS: &str = include_str!("alerts.yaml");

#[cfg(test)]
mod tests {
    use super::ALERTS;

    /// The metric names (`tourney_…`) a PromQL text names, histogram suffixes stripped.
    fn names(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(i) = rest.find("tourney_") {
            let tail = &rest[i..];
            let end = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            let name = &tail[..end];
            let name = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .unwrap_or(name);
            out.push(name.to_string());
            rest = &tail[end..];
        }
        out
    }

    fn exported() -> String {
        crate::serve::Metrics::new().render()
    }

    #[test]
    fn every_rule_names_only_exported_metrics() {
        let text = exported();
        let exprs: Vec<&str> = ALERTS
            .lines()
            .filter_map(|l| l.trim().strip_prefix("expr:"))
            .collect();
        assert_eq!(exprs.len(), 4);
        for expr in exprs {
            for name in names(expr) {
                assert!(text.contains(&format!("# TYPE {name} ")), "{name}");
            }
        }
    }

    #[test]
    fn every_rule_has_severity_summary_description_and_for() {
        let rules: Vec<&str> = ALERTS.split("- alert:").skip(1).collect();
        assert_eq!(rules.len(), 4);
        for rule in rules {
            for key in ["expr:", "severity:", "summary:", "description:"] {
                assert!(rule.contains(key), "{key} in {rule}");
            }
            let dur = rule
                .lines()
                .find_map(|l| l.trim().strip_prefix("for:"))
                .map(str::trim)
                .unwrap_or_default();
            let digits = dur.trim_end_matches(['s', 'm', 'h']);
            assert!(!digits.is_empty() && digits.len() < dur.len(), "{dur}");
            assert!(digits.chars().all(|c| c.is_ascii_digit()), "{dur}");
        }
    }
}
