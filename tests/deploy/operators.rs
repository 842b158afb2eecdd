//! One operator's deploy never touches another operator's streams, even with --prune.

use super::*;

#[test]
fn another_operators_streams_are_never_touched_even_with_prune() {
    let fake = FakeKsqlDb::start();
    let b = files(&[("b.tourney", tournament("op-b", "b-cup", "slots"))]);
    deploy_ok(b.path(), &fake);
    let b_stream = stream("op-b", "b-cup");
    let before = fake.writes().len();
    let a = two();
    let out = run("plan", a.path(), &fake)
        .arg("--prune")
        .output()
        .unwrap();
    assert!(!stdout(&out).contains("op-b"), "{}", stdout(&out));
    run("deploy", a.path(), &fake)
        .arg("--prune")
        .assert()
        .code(0);
    let writes = fake.writes();
    assert!(
        writes[before..].iter().all(|w| !w.contains(&b_stream)),
        "{writes:#?}"
    );
    assert!(fake.running().contains(&b_stream));
}

#[test]
fn a_longer_operator_id_with_the_same_prefix_is_not_taken_for_an_orphan() {
    // `a` has stream prefix TOURNEY_A_, which also starts the streams of `a_b`.
    let fake = FakeKsqlDb::start();
    let ab = files(&[("ab.tourney", tournament("a_b", "cup", "slots"))]);
    deploy_ok(ab.path(), &fake);
    let ab_stream = stream("a_b", "cup");
    assert!(ab_stream.starts_with("TOURNEY_A_"));
    let a = files(&[("a.tourney", tournament("a", "other", "slots"))]);
    let out = run("plan", a.path(), &fake)
        .arg("--prune")
        .output()
        .unwrap();
    assert!(!stdout(&out).contains(&ab_stream), "{}", stdout(&out));
    run("deploy", a.path(), &fake)
        .arg("--prune")
        .assert()
        .code(0);
    assert!(fake.running().contains(&ab_stream));
}

#[test]
fn prune_drops_the_operators_own_streams_that_no_file_defines() {
    let fake = FakeKsqlDb::start();
    let dir = two();
    deploy_ok(dir.path(), &fake);
    std::fs::remove_file(path(&dir, "live.tourney")).unwrap();
    let live = stream("op-a", "live-race");
    let out = run("plan", dir.path(), &fake).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "unmanaged is not a change");
    assert!(
        stdout(&out).contains(
            "? unmanaged     op-a/live-race: deployed but defined by no file; --prune drops it"
        ),
        "{}",
        stdout(&out)
    );
    let out = run("plan", dir.path(), &fake)
        .arg("--prune")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("- drop          op-a/live-race: deployed but defined by no file")
    );
    run("deploy", dir.path(), &fake)
        .args(["--prune", "--delete-topic"])
        .assert()
        .code(0);
    assert!(!fake.stream_names().contains(&live));
    assert_eq!(
        fake.writes().last().unwrap(),
        &format!("DROP STREAM IF EXISTS {live} DELETE TOPIC;")
    );
}
