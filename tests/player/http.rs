//! Player tokens and the JSON routes: who may read what, and the cache validators.

use super::harness::{keys, token, Server, Setup, TOKEN_A};
use tourney::ir::{Display, Visibility};
use tourney::serve::player::token::{verify, TokenError};
use tourney::serve::player::PlayerKeys;

async fn status_of(s: &Server, path: &str, token: Option<&str>) -> u16 {
    s.get(path, token).await.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_player_token_reads_its_own_place_and_nothing_else() {
    let mut s = Server::start(Setup::default()).await;
    s.bet("operator-a", "player-0001", 5);
    s.bet("operator-b", "player-b-0001", 9);
    let me = token("operator-a", "race", "player-0001", "k1", 900);
    let res = s.get("/v1/play/operator-a/race/me", Some(&me)).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["player"], "player-0001");
    assert_eq!(body["place"], 1);
    assert_eq!(body["score"], "5");
    // Another tournament of the same operator, another operator: refused, not found.
    assert_eq!(
        status_of(&s, "/v1/play/operator-a/other/me", Some(&me)).await,
        403
    );
    assert_eq!(
        status_of(&s, "/v1/play/operator-b/race/me", Some(&me)).await,
        403
    );
    assert_eq!(
        status_of(&s, "/v1/play/operator-b/race/board", Some(&me)).await,
        403
    );
    // The operator API does not take a player token.
    assert_eq!(status_of(&s, "/v1/tournaments/race", Some(&me)).await, 401);
    assert_eq!(
        status_of(&s, "/v1/tournaments/race", Some(TOKEN_A)).await,
        200
    );
    // No token, an expired one, a forged one.
    assert_eq!(
        status_of(&s, "/v1/play/operator-a/race/me", None).await,
        401
    );
    let expired = token("operator-a", "race", "player-0001", "k1", 5);
    assert_eq!(
        status_of(&s, "/v1/play/operator-a/race/me", Some(&expired)).await,
        401
    );
    let (payload, _) = me.split_once('.').unwrap();
    let (_, other_sig) = token("operator-a", "race", "player-0002", "k1", 900)
        .split_once('.')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap();
    let forged = format!("{payload}.{other_sig}");
    assert_eq!(
        status_of(&s, "/v1/play/operator-a/race/me", Some(&forged)).await,
        401
    );
}

#[test]
fn each_refusal_says_why() {
    let k = keys(true);
    let now = tourney::serve::player::token::now_s();
    let cases = [
        (
            token("operator-a", "race", "p", "k1", 5),
            Err(TokenError::Expired),
        ),
        (
            token("operator-a", "race", "p", "nope", 900),
            Err(TokenError::UnknownKey),
        ),
        ("not-a-token".to_string(), Err(TokenError::Malformed)),
    ];
    for (t, want) in cases {
        assert_eq!(verify(&t, &k, now).map(|_| ()), want);
    }
    // A token claiming operator-b but signed with operator-a's key.
    let t = token("operator-b", "race", "p", "k1", 900);
    assert_eq!(verify(&t, &k, now).map(|_| ()), Err(TokenError::UnknownKey));
    let signed_by_a = {
        let claims = tourney::serve::player::Claims {
            kid: "kb".into(),
            operator: "operator-b".into(),
            tournament: "race".into(),
            player: "p".into(),
            iat: now,
            exp: now + 60,
        };
        tourney::serve::player::token::mint(&claims, super::harness::KEY_A1.as_bytes()).unwrap()
    };
    assert_eq!(
        verify(&signed_by_a, &k, now).map(|_| ()),
        Err(TokenError::BadSignature)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_key_stays_valid_while_listed_and_is_refused_once_removed() {
    let old = token("operator-a", "race", "player-0001", "k1", 900);
    let new = token("operator-a", "race", "player-0001", "k2", 900);
    let both = Server::start(Setup::default()).await;
    for t in [&old, &new] {
        assert_eq!(
            status_of(&both, "/v1/play/operator-a/race/me", Some(t)).await,
            200
        );
    }
    // The next keys file lists only k2.
    let only_new = PlayerKeys::parse(&format!(
        "[operator-a]\nkeys = {{ k2 = \"{}\" }}\n",
        super::harness::KEY_A2
    ))
    .unwrap();
    let now = tourney::serve::player::token::now_s();
    assert_eq!(
        verify(&old, &only_new, now).map(|_| ()),
        Err(TokenError::UnknownKey)
    );
    assert!(verify(&new, &only_new, now).is_ok());
    let s = Server::start(Setup {
        both_keys: false,
        ..Setup::default()
    })
    .await;
    assert_eq!(
        status_of(&s, "/v1/play/operator-a/race/me", Some(&old)).await,
        200
    );
    assert_eq!(
        status_of(&s, "/v1/play/operator-a/race/me", Some(&new)).await,
        401
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_answers_304_until_it_changes() {
    let mut s = Server::start(Setup::default()).await;
    s.bet("operator-a", "player-0001", 5);
    let first = s.get("/v1/play/operator-a/race/board", None).await;
    assert_eq!(first.status(), 200);
    let tag = first.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(first.headers()["cache-control"], "public, max-age=1");
    let again = s
        .get_if("/v1/play/operator-a/race/board", None, Some(&tag))
        .await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
    s.bet("operator-a", "player-0002", 7);
    let changed = s
        .get_if("/v1/play/operator-a/race/board", None, Some(&tag))
        .await;
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), tag);
    let me = token("operator-a", "race", "player-0001", "k1", 900);
    let mine = s.get("/v1/play/operator-a/race/me", Some(&me)).await;
    assert_eq!(mine.headers()["cache-control"], "private, max-age=1");
    let mine_tag = mine.headers()["etag"].to_str().unwrap().to_string();
    let mine_again = s
        .get_if("/v1/play/operator-a/race/me", Some(&me), Some(&mine_tag))
        .await;
    assert_eq!(mine_again.status(), 304);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_players_raw_ids_stay_on_the_server_unless_the_rule_allows_them() {
    for (display, raw_shown) in [(Display::Masked, false), (Display::Id, true)] {
        let mut s = Server::start(Setup {
            display,
            ..Setup::default()
        })
        .await;
        s.bet("operator-a", "player-0001", 5);
        s.bet("operator-a", "player-0002", 9);
        let board = s
            .get("/v1/play/operator-a/race/board", None)
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(board.contains("player-0002"), raw_shown, "{board}");
        if !raw_shown {
            assert!(board.contains("pl***02"), "{board}");
            assert!(!board.contains("VIP") && !board.contains("MT"), "{board}");
        }
        let me = token("operator-a", "race", "player-0001", "k1", 900);
        let mine = s
            .get("/v1/play/operator-a/race/me", Some(&me))
            .await
            .text()
            .await
            .unwrap();
        assert!(mine.contains("\"player\":\"player-0001\""), "{mine}");
        assert_eq!(mine.contains("player-0002"), raw_shown, "{mine}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_board_needs_a_player_token() {
    let mut s = Server::start(Setup {
        visibility: Visibility::Private,
        ..Setup::default()
    })
    .await;
    s.bet("operator-a", "player-0001", 5);
    assert_eq!(
        status_of(&s, "/v1/play/operator-a/race/board", None).await,
        401
    );
    let me = token("operator-a", "race", "player-0001", "k1", 900);
    let res = s.get("/v1/play/operator-a/race/board", Some(&me)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "private, max-age=1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_framed_only_by_the_operators_origins() {
    let s = Server::start(Setup::default()).await;
    let page = s.get("/play/operator-a/race", None).await;
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("frame-ancestors 'self' https://casino-a.example"),
        "{csp}"
    );
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let b = s.get("/play/operator-b/race", None).await;
    let csp_b = b.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp_b.ends_with("frame-ancestors 'self'"), "{csp_b}");
    assert_eq!(s.get("/play/operator-a/nope", None).await.status(), 404);
    let js = s.get("/play/embed.js", None).await;
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(s.get("/play/assets/player.css", None).await.status(), 200);
}
