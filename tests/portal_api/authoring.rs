//! From a template to a checked, previewed and dry-run source: the gallery, the checker's
//! diagnostics, the form, the preview and the dry-run, compared with the command line.

use super::harness::{source, Portal, Who, TOKEN_A};
use assert_cmd::Command;
use serde_json::{json, Value};
use tourney::gen::{GenOptions, Generator};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gallery_lists_the_built_in_templates_and_the_operators_own() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let (status, list) = p.get("/v1/portal/templates", &ann).await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    let slots = list.iter().find(|t| t["name"] == "slots-race").unwrap();
    assert_eq!(
        (slots["origin"].as_str(), slots["title"].as_str()),
        (Some("built-in"), Some("Slots Race"))
    );
    assert!(
        slots["summary"].as_str().unwrap().contains("wagering race"),
        "{slots}"
    );
    let house = list.iter().find(|t| t["name"] == "house-race").unwrap();
    assert_eq!(house["origin"], "workspace");
    // The source starts from the template and checks clean, for the operator.
    let (_, checked) = p
        .post("/v1/portal/check", &ann, json!({"source": house["source"]}))
        .await;
    assert_eq!(checked["diagnostics"], json!([]), "{checked}");
    assert_eq!(checked["tournament"]["operator"], "op-a");
    // Another operator does not see op-a's own templates.
    let bob = p.sign_in("op-b", "bob").await;
    let (_, list) = p.get("/v1/portal/templates", &bob).await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["origin"] == "built-in"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_are_placed_in_utf16_units_and_link_their_book_page() {
    let p = Portal::start().await;
    let text = source("race", "op-a", "")
        .replace("Race race", "Course €😀")
        .replace("size 10", "size 0");
    let (status, checked) = p
        .post(
            "/v1/portal/check",
            &Who::Bearer(TOKEN_A),
            json!({"source": text}),
        )
        .await;
    assert_eq!(status, 200);
    let d = &checked["diagnostics"][0];
    assert_eq!(d["severity"], "error", "{checked}");
    let code = d["code"].as_str().unwrap();
    assert_eq!(d["url"], format!("/book/diagnostics/{code}.html"));
    let from = d["from"].as_u64().unwrap() as usize;
    let to = d["to"].as_u64().unwrap() as usize;
    let units: Vec<u16> = text.encode_utf16().collect();
    let under = String::from_utf16(&units[from..to]).unwrap();
    assert!(under.contains('0'), "the span covers `{under}`");
    assert!(
        "size 0".ends_with(under.as_str()),
        "the span covers `{under}`"
    );
    let byte_from = text.find("size 0").unwrap() + "size 0".len() - under.len();
    assert_eq!(from, text[..byte_from].encode_utf16().count());
    assert!(
        from < byte_from,
        "UTF-16 offsets count `€` as 1 unit and the emoji as 2, not 3 and 4 bytes"
    );
    assert_eq!(d["line"], text[..byte_from].matches('\n').count() + 1);
    assert!(checked["tournament"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_reads_a_source_and_writes_it_back_unchanged() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let text = source("race", "op-a", "");
    let (status, read) = p
        .post("/v1/portal/form/read", &ann, json!({"source": text}))
        .await;
    assert_eq!(status, 200, "{read}");
    assert!(read["kept"].is_array(), "{read}");
    let (status, written) = p
        .post(
            "/v1/portal/form/write",
            &ann,
            json!({"source": text, "form": read["form"]}),
        )
        .await;
    assert_eq!(status, 200, "{written}");
    assert_eq!(written["source"].as_str(), Some(text.as_str()));
    let (status, err) = p
        .post(
            "/v1/portal/form/write",
            &ann,
            json!({"source": text, "form": 3}),
        )
        .await;
    assert_eq!(status, 422, "{err}");
    assert!(err["error"]["code"].is_string());
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_is_the_text_tourney_preview_prints() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let text = source("race", "op-a", "");
    let (status, preview) = p
        .post("/v1/portal/preview", &ann, json!({"source": text}))
        .await;
    assert_eq!(status, 200, "{preview}");
    // The portal names the source it is sent `tournament.tourney`: the CLI reads a file
    // of that name, so spans name the same file.
    write(p.dir.path(), "tournament.tourney", &text);
    let out = Command::cargo_bin("tourney")
        .unwrap()
        .current_dir(p.dir.path())
        .arg("preview")
        .arg("tournament.tourney")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        preview["text"].as_str().unwrap(),
        String::from_utf8(out.stdout).unwrap()
    );
    assert!(preview["statements"][0]["statement"]
        .as_str()
        .unwrap()
        .contains("CREATE STREAM"));
    assert!(preview["config"][0].is_object());
    let vic = p.sign_in("op-a", "vic").await;
    let (status, err) = p
        .post("/v1/portal/preview", &vic, json!({"source": text}))
        .await;
    assert_eq!(
        (status, err["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
}

fn events(op: &str) -> String {
    let opts = GenOptions {
        seed: 3,
        events: 3000,
        players: 40,
        operator: op.into(),
        start_ms: 1_893_715_200_000, // 2030-01-04T00:00:00Z
        duration_ms: 3 * 86_400_000,
        ..GenOptions::default()
    };
    Generator::new(&opts)
        .unwrap()
        .map(|l| l.text + "\n")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dry_run_gives_the_board_and_summary_of_tourney_dry_run() {
    let p = Portal::start().await;
    let ann = p.sign_in("op-a", "ann").await;
    let text = source("race", "op-a", "");
    let ndjson = events("op-a");
    let wager: Value = serde_json::from_str(ndjson.lines().nth(5).unwrap()).unwrap();
    let id = wager["wagerId"].as_str().unwrap();
    let (status, portal) = p
        .post(
            "/v1/portal/dry-run",
            &ann,
            json!({"source": text, "events": ndjson, "explain": id}),
        )
        .await;
    assert_eq!(status, 200, "{portal}");
    write(p.dir.path(), "tournament.tourney", &text);
    let ev = write(p.dir.path(), "events.ndjson", &ndjson);
    let out = Command::cargo_bin("tourney")
        .unwrap()
        .current_dir(p.dir.path())
        .args(["dry-run", "--format", "json", "--explain", id, "--events"])
        .arg(&ev)
        .arg("tournament.tourney")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(cli["board"].as_array().unwrap().len() > 3);
    assert_eq!(portal["board"], cli["board"]);
    assert_eq!(portal["summary"], cli["summary"]);
    assert_eq!(portal["explanation"], cli["explanation"]);
    assert!(portal["explanation"].is_object());

    let (status, generated) = p
        .post(
            "/v1/portal/dry-run",
            &ann,
            json!({"source": text, "generate": {"events": 500, "players": 20, "seed": 1}}),
        )
        .await;
    assert_eq!(status, 200, "{generated}");
    assert!(generated["summary"]["lines"].as_u64().unwrap() >= 500);
    let (status, _) = p
        .post("/v1/portal/dry-run", &ann, json!({"source": text}))
        .await;
    assert_eq!(status, 400, "neither events nor generate");
}
