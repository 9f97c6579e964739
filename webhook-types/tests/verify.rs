//! Standard Webhooks signature verification: reference vectors and every rejection path.
#![cfg(feature = "verify")]
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use webhook_types::{HeaderSource, SecretError, VerifyError, Webhook};

// The Standard Webhooks reference vector (shared by the official libraries' test suites).
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const MSG_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS: i64 = 1614265330;
const TS_TEXT: &str = "1614265330";
const BODY: &[u8] = br#"{"test": 2432232314}"#;
const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn webhook() -> Webhook {
    Webhook::new(SECRET).unwrap()
}

fn headers<'a>(id: &'a str, ts: &'a str, sig: &'a str) -> [(&'static str, &'a str); 3] {
    [
        ("webhook-id", id),
        ("webhook-timestamp", ts),
        ("webhook-signature", sig),
    ]
}

fn verify_sig(sig: &str) -> Result<(), VerifyError> {
    webhook().verify_at(BODY, headers(MSG_ID, TS_TEXT, sig), TS)
}

/// `v1,` + base64 of a MAC that is well-formed but wrong.
fn decoy(seed: u8) -> String {
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode([seed; 32])
    )
}

#[test]
fn reference_vector_sign() {
    assert_eq!(webhook().sign(MSG_ID, TS, BODY), SIGNATURE);
}

#[test]
fn reference_vector_verify() {
    assert_eq!(verify_sig(SIGNATURE), Ok(()));
}

#[test]
fn verify_uses_the_system_clock() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let now = i64::try_from(now).unwrap();
    let wh = webhook();
    let sig = wh.sign("msg_now", now, BODY);
    let ts = now.to_string();
    assert_eq!(wh.verify(BODY, headers("msg_now", &ts, &sig)), Ok(()));
    // The reference vector is from 2021: far too old for the real clock.
    assert!(matches!(
        wh.verify(BODY, headers(MSG_ID, TS_TEXT, SIGNATURE)),
        Err(VerifyError::TooOld { timestamp: TS, .. })
    ));
}

#[test]
fn wrong_id_fails() {
    let err = webhook()
        .verify_at(BODY, headers("msg_other", TS_TEXT, SIGNATURE), TS)
        .unwrap_err();
    assert_eq!(err, VerifyError::NoMatchingSignature);
}

#[test]
fn timestamp_zero_is_too_old() {
    let wh = webhook();
    // Even correctly signed for timestamp 0.
    let sig = wh.sign(MSG_ID, 0, BODY);
    let err = wh
        .verify_at(BODY, headers(MSG_ID, "0", &sig), TS)
        .unwrap_err();
    assert_eq!(
        err,
        VerifyError::TooOld {
            timestamp: 0,
            now: TS
        }
    );
}

#[test]
fn tolerance_is_300_seconds_both_ways() {
    let wh = webhook();
    let h = headers(MSG_ID, TS_TEXT, SIGNATURE);
    assert_eq!(wh.verify_at(BODY, h, TS + 300), Ok(()));
    assert_eq!(wh.verify_at(BODY, h, TS - 300), Ok(()));

    let old = wh.verify_at(BODY, h, TS + 301).unwrap_err();
    assert_eq!(
        old,
        VerifyError::TooOld {
            timestamp: TS,
            now: TS + 301
        }
    );
    assert!(
        old.to_string().starts_with(
            "timestamp is 301 s older than now: replayed delivery, or the server clock is wrong"
        ),
        "{old}"
    );

    let new = wh.verify_at(BODY, h, TS - 301).unwrap_err();
    assert_eq!(
        new,
        VerifyError::TooNew {
            timestamp: TS,
            now: TS - 301
        }
    );
    assert!(new.to_string().contains("301 s ahead of now"), "{new}");
}

#[test]
fn custom_tolerance() {
    let wh = webhook().with_tolerance(Duration::from_secs(10));
    assert_eq!(wh.tolerance(), Duration::from_secs(10));
    let h = headers(MSG_ID, TS_TEXT, SIGNATURE);
    assert_eq!(wh.verify_at(BODY, h, TS + 10), Ok(()));
    assert!(matches!(
        wh.verify_at(BODY, h, TS + 11),
        Err(VerifyError::TooOld { .. })
    ));
    // A huge tolerance must not overflow.
    let lax = webhook().with_tolerance(Duration::MAX);
    let sig = lax.sign(MSG_ID, i64::MIN, BODY);
    let ts = i64::MIN.to_string();
    assert_eq!(
        lax.verify_at(BODY, headers(MSG_ID, &ts, &sig), i64::MAX),
        Ok(())
    );
}

#[test]
fn timestamp_outside_i64_or_not_integer_is_invalid() {
    for ts in [
        "abc",
        "1614265330.5",
        "1e9",
        "",
        "99999999999999999999",
        "0x10",
    ] {
        let result = webhook().verify_at(BODY, headers(MSG_ID, ts, SIGNATURE), TS);
        let expected = if ts.is_empty() {
            VerifyError::MissingHeader("webhook-timestamp")
        } else {
            VerifyError::InvalidTimestamp
        };
        assert_eq!(result, Err(expected), "timestamp {ts:?}");
    }
}

#[test]
fn timestamp_is_normalised_like_the_reference_libraries() {
    // The signed content uses the integer, as the reference implementations do.
    assert_eq!(verify_sig(SIGNATURE), Ok(()));
    for ts in [" 1614265330", "+1614265330", "1614265330 "] {
        assert_eq!(
            webhook().verify_at(BODY, headers(MSG_ID, ts, SIGNATURE), TS),
            Ok(()),
            "timestamp {ts:?}"
        );
    }
}

#[test]
fn signature_over_other_data_fails() {
    let wh = webhook();
    let other = wh.sign(MSG_ID, TS, br#"{"test": 2432232315}"#);
    assert_eq!(verify_sig(&other), Err(VerifyError::NoMatchingSignature));
    // Tampered body with the genuine signature.
    assert_eq!(
        wh.verify_at(b"{\"test\": 1}", headers(MSG_ID, TS_TEXT, SIGNATURE), TS),
        Err(VerifyError::NoMatchingSignature)
    );
    // Signed for another timestamp, sent with this one.
    let shifted = wh.sign(MSG_ID, TS + 1, BODY);
    assert_eq!(verify_sig(&shifted), Err(VerifyError::NoMatchingSignature));
}

#[test]
fn wrong_key_fails() {
    let other = Webhook::new("whsec_c2VjcmV0Cg==").unwrap();
    let err = other
        .verify_at(BODY, headers(MSG_ID, TS_TEXT, SIGNATURE), TS)
        .unwrap_err();
    assert_eq!(err, VerifyError::NoMatchingSignature);
    assert!(err.to_string().contains("signing secret is wrong"), "{err}");
}

#[test]
fn each_missing_header_is_named() {
    let all = headers(MSG_ID, TS_TEXT, SIGNATURE);
    for (skip, name) in all.iter().enumerate() {
        let partial: Vec<(&str, &str)> = all
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, pair)| *pair)
            .collect();
        let err = webhook().verify_at(BODY, &partial, TS).unwrap_err();
        assert_eq!(err, VerifyError::MissingHeader(name.0));

        // An empty value counts as missing too.
        let mut empty = all;
        empty[skip].1 = "";
        assert_eq!(
            webhook().verify_at(BODY, empty, TS),
            Err(VerifyError::MissingHeader(name.0))
        );
    }
    let err = VerifyError::MissingHeader("webhook-signature");
    assert_eq!(
        err.to_string(),
        "missing header `webhook-signature`: is the request coming from the webhook sender, and \
         does your proxy forward it?"
    );
}

#[test]
fn bare_v1_prefix_is_malformed() {
    assert_eq!(
        verify_sig("v1,"),
        Err(VerifyError::MalformedSignatureHeader)
    );
    assert_eq!(verify_sig("v1"), Err(VerifyError::MalformedSignatureHeader));
    assert_eq!(
        verify_sig("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        Err(VerifyError::MalformedSignatureHeader)
    );
}

#[test]
fn truncated_signature_is_malformed() {
    let truncated = &SIGNATURE[..SIGNATURE.len() - 1];
    assert_eq!(
        verify_sig(truncated),
        Err(VerifyError::MalformedSignatureHeader)
    );
    let half = &SIGNATURE[..20];
    assert_eq!(verify_sig(half), Err(VerifyError::MalformedSignatureHeader));
    // One extra character is malformed too (signatures are compared as text).
    let long = format!("{SIGNATURE}A");
    assert_eq!(
        verify_sig(&long),
        Err(VerifyError::MalformedSignatureHeader)
    );
}

#[test]
fn only_decoys_fail() {
    let header = format!("{} {} {}", decoy(0), decoy(1), decoy(0xff));
    assert_eq!(verify_sig(&header), Err(VerifyError::NoMatchingSignature));
}

#[test]
fn valid_among_decoys_passes() {
    for header in [
        format!("{} {SIGNATURE}", decoy(1)),
        format!("{SIGNATURE} {}", decoy(2)),
        format!("{} {}  {SIGNATURE} {}", decoy(3), decoy(4), decoy(5)),
        format!("v1,short {SIGNATURE}"),
    ] {
        assert_eq!(verify_sig(&header), Ok(()), "{header}");
    }
}

#[test]
fn other_versions_are_skipped() {
    let v1a = SIGNATURE.replacen("v1,", "v1a,", 1);
    assert_eq!(
        verify_sig(&format!("{v1a} {SIGNATURE}")),
        Ok(()),
        "a v1a entry before the v1 one is skipped"
    );
    assert_eq!(
        verify_sig(&v1a),
        Err(VerifyError::MalformedSignatureHeader),
        "v1a alone is never accepted as v1"
    );
    let v2 = SIGNATURE.replacen("v1,", "v2,", 1);
    assert_eq!(
        verify_sig(&format!("{v1a} {v2}")),
        Err(VerifyError::MalformedSignatureHeader)
    );
}

#[test]
fn absurdly_long_signature_header_is_rejected() {
    let header = format!("{SIGNATURE} ").repeat(200);
    assert!(header.len() > Webhook::MAX_SIGNATURE_HEADER_LEN);
    assert_eq!(
        verify_sig(&header),
        Err(VerifyError::SignatureHeaderTooLong { len: header.len() })
    );
    // Just under the limit, with the valid one last, still verifies.
    let mut header = String::new();
    while header.len() + 2 * (SIGNATURE.len() + 1) <= Webhook::MAX_SIGNATURE_HEADER_LEN {
        header.push_str(&decoy(7));
        header.push(' ');
    }
    header.push_str(SIGNATURE);
    assert_eq!(verify_sig(&header), Ok(()));
}

#[test]
fn secret_forms_are_equivalent() {
    let raw = base64::engine::general_purpose::STANDARD
        .decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .unwrap();
    let forms = [
        Webhook::new(SECRET).unwrap(),
        Webhook::new("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap(),
        Webhook::new(&format!("  {SECRET}\n")).unwrap(),
        Webhook::from_bytes(&raw).unwrap(),
    ];
    for wh in &forms {
        assert_eq!(wh.sign(MSG_ID, TS, BODY), SIGNATURE);
    }

    // Padded and unpadded.
    let forms = [
        Webhook::new("whsec_c2VjcmV0Cg==").unwrap(),
        Webhook::new("whsec_c2VjcmV0Cg").unwrap(),
        Webhook::new("c2VjcmV0Cg==").unwrap(),
        Webhook::new("c2VjcmV0Cg").unwrap(),
        Webhook::from_bytes(b"secret\n").unwrap(),
    ];
    let expected = forms[0].sign("1", 1, b"{}");
    for wh in &forms {
        assert_eq!(wh.sign("1", 1, b"{}"), expected);
    }
}

#[test]
fn bad_secrets_are_rejected() {
    for secret in ["", "whsec_", "   ", "whsec_ \n"] {
        assert_eq!(
            Webhook::new(secret).unwrap_err(),
            SecretError::Empty,
            "{secret:?}"
        );
    }
    assert_eq!(Webhook::from_bytes(&[]).unwrap_err(), SecretError::Empty);

    // `!` is not base64: offset is within the string given.
    let err = Webhook::new("whsec_ab!d").unwrap_err();
    assert_eq!(err, SecretError::InvalidBase64 { offset: Some(8) });
    assert!(err.to_string().contains("not valid base64"), "{err}");
    // URL-safe alphabet is not the standard one.
    assert!(matches!(
        Webhook::new("whsec_ab-_"),
        Err(SecretError::InvalidBase64 { offset: Some(8) })
    ));
    // An API key pasted by mistake.
    assert!(matches!(
        Webhook::new("sk-ant-api03-xxxx"),
        Err(SecretError::InvalidBase64 { .. })
    ));
    // Truncated (impossible length).
    assert_eq!(
        Webhook::new("whsec_c2VjcmV0C").unwrap_err(),
        SecretError::InvalidBase64 { offset: None }
    );
    // Errors never echo the secret.
    let err = Webhook::new("whsec_c2VjcmV0C").unwrap_err();
    assert!(!format!("{err} {err:?}").contains("c2VjcmV0"));
}

#[test]
fn debug_never_shows_the_key() {
    let wh = Webhook::new("whsec_c2VjcmV0Cg==").unwrap();
    let debug = format!("{wh:?} {wh:#?}");
    for needle in ["c2VjcmV0", "secret", "whsec", "115, 101, 99"] {
        assert!(!debug.contains(needle), "{debug} contains {needle}");
    }
    assert!(debug.contains("redacted"), "{debug}");
}

/// The official SDKs' webhook test: secret `whsec_c2VjcmV0Cg==`, id `1`, a JSON body.
#[test]
fn official_sdk_case() {
    let wh = Webhook::new("whsec_c2VjcmV0Cg==").unwrap();
    let body = br#"{"id":"evt_1","created_at":"2025-01-01T00:00:00Z","type":"event","data":{"type":"session.created","id":"sesn_1","organization_id":"org_1","workspace_id":"wrkspc_1"}}"#;
    let ts = 1_735_689_600;
    let sig = wh.sign("1", ts, body);
    let h = headers("1", "1735689600", &sig);
    assert_eq!(wh.verify_at(body, h, ts), Ok(()));

    for i in 0..body.len() {
        let mut tampered = body.to_vec();
        tampered[i] ^= 0x01;
        assert_eq!(
            wh.verify_at(&tampered, h, ts),
            Err(VerifyError::NoMatchingSignature),
            "byte {i}"
        );
    }
    let mut longer = body.to_vec();
    longer.push(b'\n');
    assert_eq!(
        wh.verify_at(&longer, h, ts),
        Err(VerifyError::NoMatchingSignature)
    );
}

#[test]
fn header_lookup_is_case_insensitive() {
    let h = [
        ("Webhook-Id", MSG_ID),
        ("WEBHOOK-TIMESTAMP", TS_TEXT),
        ("Webhook-Signature", SIGNATURE),
    ];
    assert_eq!(webhook().verify_at(BODY, h, TS), Ok(()));
    assert_eq!(webhook().verify_at(BODY, &h[..], TS), Ok(()));
}

#[test]
fn every_header_source_works() {
    let pairs = [
        ("Webhook-Id", MSG_ID),
        ("webhook-timestamp", TS_TEXT),
        ("WEBHOOK-SIGNATURE", SIGNATURE),
    ];
    let owned: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let hash: HashMap<String, String> = owned.iter().cloned().collect();
    let tree: BTreeMap<String, String> = owned.iter().cloned().collect();
    let wh = webhook();

    assert_eq!(wh.verify_at(BODY, pairs, TS), Ok(()));
    assert_eq!(wh.verify_at(BODY, &pairs[..], TS), Ok(()));
    assert_eq!(wh.verify_at(BODY, &owned, TS), Ok(()));
    assert_eq!(wh.verify_at(BODY, owned.clone(), TS), Ok(()));
    assert_eq!(wh.verify_at(BODY, &hash, TS), Ok(()));
    assert_eq!(wh.verify_at(BODY, &tree, TS), Ok(()));
    let dynamic: &dyn HeaderSource = &hash;
    assert_eq!(wh.verify_at(BODY, dynamic, TS), Ok(()));
}

#[test]
fn errors_are_std_errors() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<VerifyError>();
    assert_error::<SecretError>();
    let boxed: Box<dyn std::error::Error> = Box::new(VerifyError::NoMatchingSignature);
    assert!(!boxed.to_string().is_empty());
}

#[test]
fn from_env_reads_the_documented_variable() {
    const CHILD: &str = "WEBHOOK_TYPES_FROM_ENV_CHILD";
    if std::env::var_os(CHILD).is_some() {
        // Child process: the parent set (or removed) the variable.
        match std::env::var(CHILD).unwrap().as_str() {
            "set" => assert_eq!(
                Webhook::from_env().unwrap().sign(MSG_ID, TS, BODY),
                SIGNATURE
            ),
            _ => {
                let err = Webhook::from_env().unwrap_err();
                assert_eq!(
                    err,
                    SecretError::MissingEnv {
                        var: "ANTHROPIC_WEBHOOK_SIGNING_KEY"
                    }
                );
                assert!(err.to_string().contains("ANTHROPIC_WEBHOOK_SIGNING_KEY"));
            }
        }
        return;
    }
    // Environment variables cannot be set safely in a multi-threaded test process (and
    // `unsafe` is forbidden here), so run this test again in a child process.
    let exe = std::env::current_exe().unwrap();
    for mode in ["set", "unset"] {
        let mut cmd = std::process::Command::new(&exe);
        cmd.args([
            "--exact",
            "from_env_reads_the_documented_variable",
            "--test-threads=1",
        ])
        .env(CHILD, mode);
        if mode == "set" {
            cmd.env(Webhook::SECRET_ENV_VAR, SECRET);
        } else {
            cmd.env_remove(Webhook::SECRET_ENV_VAR);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "child ({mode}) failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // Make sure the child actually ran the test rather than filtering it out.
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("1 passed"),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[cfg(feature = "http")]
mod http_header_map {
    use super::*;
    use http::{HeaderMap, HeaderValue};

    fn map() -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert("Webhook-Id", HeaderValue::from_static(MSG_ID));
        map.insert("webhook-timestamp", HeaderValue::from_static(TS_TEXT));
        map.insert("WEBHOOK-SIGNATURE", HeaderValue::from_static(SIGNATURE));
        map
    }

    #[test]
    fn header_map_source() {
        let map = map();
        assert_eq!(map.header("webhook-id"), Some(MSG_ID));
        assert_eq!(webhook().verify_at(BODY, &map, TS), Ok(()));
        assert_eq!(webhook().verify_at(BODY, map, TS), Ok(()));
    }

    #[test]
    fn non_utf8_value_counts_as_missing() {
        let mut map = map();
        map.insert(
            "webhook-id",
            HeaderValue::from_bytes(b"msg_\xff\xfe").unwrap(),
        );
        assert_eq!(
            webhook().verify_at(BODY, &map, TS),
            Err(VerifyError::MissingHeader("webhook-id"))
        );
    }

    #[test]
    fn first_of_repeated_values_is_used() {
        let mut map = map();
        map.append("webhook-signature", HeaderValue::from_static("v1,"));
        assert_eq!(webhook().verify_at(BODY, &map, TS), Ok(()));
    }
}
