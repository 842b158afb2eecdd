//! The scoring-engine config validates against its own JSON Schema.

use super::fixtures;
use serde_json::Value;
use tourney::emit::{emit, json_schema, EmitOptions};

fn validator() -> jsonschema::Validator {
    let schema = json_schema();
    assert_eq!(
        schema.get("$schema").and_then(Value::as_str),
        Some("https://json-schema.org/draft/2020-12/schema")
    );
    match jsonschema::draft202012::new(&schema) {
        Ok(v) => v,
        Err(e) => panic!("the schema itself is invalid: {e}"),
    }
}

fn config_json(t: &tourney::ir::Tournament) -> Value {
    match emit(t, &EmitOptions::default()) {
        Ok(e) => serde_json::to_value(&e.config).unwrap_or(Value::Null),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn configs_of_the_fixtures_validate() {
    let validator = validator();
    for t in [
        fixtures::weekend_slots(),
        fixtures::big_win_hunt(),
        fixtures::open_count(),
    ] {
        let config = config_json(&t);
        let errors: Vec<String> = validator
            .iter_errors(&config)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", t.id);
    }
}

#[test]
fn schema_rejects_broken_configs() {
    let validator = validator();
    let good = config_json(&fixtures::weekend_slots());
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut c = good.clone();
        edit(&mut c);
        c
    };
    let cases = [
        broken(&|c| drop(c.as_object_mut().map(|o| o.remove("topics")))),
        broken(&|c| c["schema_version"] = Value::from("1")),
        broken(&|c| c["redis"]["ttl_after_end_s"] = Value::from(-1)),
        broken(&|c| c["scoring"]["aggregate"] = Value::from("median")),
        broken(&|c| c["eligibility"]["rules"][3]["pred"]["value"]["value"] = Value::from(10.5)),
    ];
    for (i, c) in cases.iter().enumerate() {
        assert!(!validator.is_valid(c), "case {i} validated");
    }
}

#[test]
fn decimals_are_strings_and_field_order_is_stable() {
    let c = config_json(&fixtures::weekend_slots());
    assert_eq!(
        c["eligibility"]["rules"][3]["pred"]["value"],
        serde_json::json!({"type": "decimal", "value": "10.00"})
    );
    assert_eq!(c["scoring"]["caps"][0]["points"], Value::from("5000"));
    let text = serde_json::to_string(&c).unwrap_or_default();
    let e = emit(&fixtures::weekend_slots(), &EmitOptions::default()).map_err(|e| e.to_string());
    let text = e
        .and_then(|e| serde_json::to_string(&e.config).map_err(|e| e.to_string()))
        .unwrap_or(text);
    let order = [
        "schema_version",
        "tournament",
        "topics",
        "ksql",
        "schedule",
        "eligibility",
        "scoring",
        "leaderboard",
        "redis",
    ];
    let positions: Vec<Option<usize>> = order
        .iter()
        .map(|k| text.find(&format!("\"{k}\":")))
        .collect();
    assert!(positions.iter().all(Option::is_some), "{positions:?}");
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn schema_snapshot() {
    let text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("emit__config_schema", text);
    });
}
