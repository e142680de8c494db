//! Every finding code has a scenario under `tests/fixtures/codes/<code>/` (made by
//! `tests/fixtures/make-code-fixtures.sh`) and this test proves the scenario produces it.
//!
//! A scenario directory holds its input files, `options.json` (inputs in order, purpose, flow,
//! time, trust store and custom roots, extra options) and `expect.json` (findings that must
//! appear, each with the SHA-256 of certificates it must name; the verdict when it is fixed;
//! the `headline` code that must be ranked first; `absent` codes that would be false claims;
//! `no_error_findings` for scenarios whose chain is valid).
//!
//! Handshake scenarios (pasted `openssl s_client` output, or `handshakes`: JSON handshake facts as
//! the CLI's probe fills them) are checked on every finding of the report: the user's, each
//! handshake's and each server chain's; `handshake_headline` is the first handshake's first finding.

use certchain_core::handshake::HandshakeFacts;
use certchain_core::time::UnixTime;
use certchain_core::{
    Code, Finding, Input, Options, PeerName, Purpose, Report, Severity, TrustChoice, analyze_with_handshakes,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Codes whose scenario does not pass yet because the engine does not produce them yet. The
/// test reports them loudly and FAILS when a listed code starts passing, so this list only
/// shrinks: remove a code as soon as its check lands.
const NOT_YET_IMPLEMENTED: &[&str] = &[];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/codes")
}

/// Every finding code (`Code::ALL`), so a new code without a fixture fails this test rather than
/// going unnoticed.
fn all_codes() -> Vec<String> {
    Code::ALL.iter().map(|code| code.as_str().to_string()).collect()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

fn str_field<'a>(json: &'a Value, key: &str, dir: &Path) -> &'a str {
    json.get(key).and_then(Value::as_str).unwrap_or_else(|| panic!("{}: options.json needs \"{key}\"", dir.display()))
}

fn load_input(dir: &Path, entry: &Value) -> Input {
    let (file, password) = match entry {
        Value::String(file) => (file.as_str(), None),
        Value::Object(map) => (
            map.get("file").and_then(Value::as_str).expect("input object needs \"file\""),
            map.get("password").and_then(Value::as_str),
        ),
        other => panic!("{}: bad input entry {other}", dir.display()),
    };
    let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("read {}/{file}: {e}", dir.display()));
    let input = Input::new(file, bytes);
    match password {
        Some(password) => input.with_password(password),
        None => input,
    }
}

/// Inputs, handshake facts and options of a scenario directory.
fn load_scenario(dir: &Path) -> (Vec<Input>, Vec<HandshakeFacts>, Options) {
    let json = read_json(&dir.join("options.json"));
    let at = UnixTime::parse_rfc3339(str_field(&json, "at", dir)).expect("options.json: bad \"at\"");
    let mut options = Options::new(at);
    options.purpose = match str_field(&json, "purpose", dir) {
        "client" => Purpose::Client,
        "server" => Purpose::Server,
        "any" => Purpose::Any,
        other => panic!("{}: unknown purpose {other}", dir.display()),
    };
    options.flow = match str_field(&json, "flow", dir) {
        "inbound" => certchain_core::Flow::Inbound,
        "outbound" => certchain_core::Flow::Outbound,
        "csr_upload" => certchain_core::Flow::CsrUpload,
        "keystore" => certchain_core::Flow::Keystore,
        "generic" => certchain_core::Flow::Generic,
        other => panic!("{}: unknown flow {other}", dir.display()),
    };
    options.trust = match str_field(&json, "trust", dir) {
        "custom" => TrustChoice::Custom,
        // The roots files as the org's own list (/cacerts.jsp): a passing chain is then valid in a
        // Salesforce flow, where a custom root leaves it at "cannot confirm".
        "org_list" => TrustChoice::OrgList,
        "salesforce" => TrustChoice::Salesforce,
        "mozilla" => TrustChoice::Mozilla,
        other => panic!("{}: unknown trust {other}", dir.display()),
    };
    let list = |key: &str| json.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    options.custom_roots = list("roots").iter().map(|root| load_input(dir, root)).collect();
    options.peer_names = list("peer_names")
        .iter()
        .map(|name| {
            let value = name.get("value").and_then(Value::as_str).expect("peer name value").to_string();
            match name.get("kind").and_then(Value::as_str) {
                Some("dns") => PeerName::Dns(value),
                Some("ip") => PeerName::Ip(value),
                Some("email") => PeerName::Email(value),
                other => panic!("{}: unknown peer name kind {other:?}", dir.display()),
            }
        })
        .collect();
    let strings =
        |key: &str| -> Vec<String> { list(key).iter().map(|v| v.as_str().expect("a string").to_string()).collect() };
    options.required_eku = strings("required_eku");
    options.required_key_usage = strings("required_key_usage");
    if let Some(depth) = json.get("max_chain_depth").and_then(Value::as_u64) {
        options.max_chain_depth = Some(u32::try_from(depth).expect("max_chain_depth fits u32"));
    }
    if let Some(days) = json.get("expiring_soon_days").and_then(Value::as_i64) {
        options.expiring_soon_days = days;
    }
    let inputs = list("inputs").iter().map(|entry| load_input(dir, entry)).collect();
    let handshakes = list("handshakes")
        .iter()
        .map(|file| {
            let file = file.as_str().expect("a handshake facts file name");
            serde_json::from_value(read_json(&dir.join(file)))
                .unwrap_or_else(|e| panic!("{}/{file}: not handshake facts: {e}", dir.display()))
        })
        .collect();
    (inputs, handshakes, options)
}

/// Every finding of a report: the user's files', each handshake's and each server chain's.
fn all_findings(report: &Report) -> Vec<&Finding> {
    let mut all: Vec<&Finding> = report.findings.iter().collect();
    for h in &report.handshakes {
        all.extend(h.findings.iter());
        all.extend(h.server.iter().flat_map(|s| s.findings.iter()));
    }
    all
}

fn code_name(code: Code) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).expect("Code serializes to a string")
}

fn summarize(report: &Report) -> String {
    let list: Vec<String> = all_findings(report)
        .into_iter()
        .map(|f| format!("{}({:?}, {} certs)", code_name(f.code), f.severity, f.certs.len()))
        .collect();
    format!("valid={} findings=[{}]", report.valid, list.join(", "))
}

/// Check one scenario against its `expect.json`; `Err` says what is missing.
fn check_scenario(dir: &Path) -> Result<String, String> {
    let (inputs, handshakes, options) = load_scenario(dir);
    let report = analyze_with_handshakes(&inputs, handshakes, &options);
    let every = all_findings(&report);
    let expect = read_json(&dir.join("expect.json"));
    let summary = summarize(&report);
    let mut problems = Vec::new();
    let expected = expect.get("findings").and_then(Value::as_array).cloned().unwrap_or_default();
    for wanted in &expected {
        let code = wanted.get("code").and_then(Value::as_str).expect("expected finding needs \"code\"");
        let certs: Vec<&str> =
            wanted.get("certs").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let with_code: Vec<_> = every.iter().filter(|f| code_name(f.code) == code).collect();
        if with_code.is_empty() {
            problems.push(format!("no `{code}` finding"));
        } else if !with_code.iter().any(|f| certs.iter().all(|c| f.certs.iter().any(|have| have == c))) {
            let about = wanted.get("about").and_then(Value::as_str).unwrap_or("");
            problems.push(format!(
                "`{code}` does not name {about} ({certs:?}); it names {:?}",
                with_code.iter().map(|f| &f.certs).collect::<Vec<_>>()
            ));
        }
    }
    if let Some(valid) = expect.get("valid").and_then(Value::as_bool)
        && report.valid != valid
    {
        problems.push(format!("verdict valid={} but expected {valid}", report.valid));
    }
    if expect.get("no_error_findings").and_then(Value::as_bool) == Some(true) {
        let errors: Vec<String> =
            report.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| code_name(f.code)).collect();
        if !errors.is_empty() {
            problems.push(format!("unexpected error findings {errors:?}"));
        }
    }
    if let Some(headline) = expect.get("handshake_headline").and_then(Value::as_str) {
        let first = report.handshakes.first().and_then(|h| h.findings.first()).map(|f| code_name(f.code));
        if first.as_deref() != Some(headline) {
            problems.push(format!("handshake headline is {first:?}, expected `{headline}`"));
        }
    }
    if let Some(headline) = expect.get("headline").and_then(Value::as_str) {
        let first = report.findings.first().map(|f| code_name(f.code));
        if first.as_deref() != Some(headline) {
            problems.push(format!("headline is {first:?}, expected `{headline}`"));
        }
    }
    for absent in expect.get("absent").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if every.iter().any(|f| code_name(f.code) == absent) {
            problems.push(format!("unexpected `{absent}` finding"));
        }
    }
    // Every finding explains itself: a title, a detail and, unless informational, a fix.
    for finding in &every {
        let code = code_name(finding.code);
        if finding.title.trim().is_empty() || finding.detail.trim().is_empty() {
            problems.push(format!("`{code}` finding without title or detail"));
        }
        if finding.severity != Severity::Info && finding.fix.trim().is_empty() {
            problems.push(format!("`{code}` finding without a fix"));
        }
    }
    // Every certificate a finding names is one the report lists (input, chain or root, or the
    // chain completed from the CCADB snapshot), so a reader can find it.
    let completion = report.completion.iter();
    let listed: BTreeSet<&str> = report
        .certificates
        .iter()
        .map(|c| c.summary.sha256.as_str())
        .chain(report.chain.iter().map(|c| c.sha256.as_str()))
        .chain(report.root.iter().map(|c| c.sha256.as_str()))
        .chain(
            report
                .handshakes
                .iter()
                .flat_map(|h| h.server.iter())
                .flat_map(|s| s.sent.iter().chain(s.chain.iter()).chain(s.root.iter()).map(|c| c.sha256.as_str())),
        )
        .chain(completion.flat_map(|c| c.chain.iter().chain(c.root.iter())).map(|c| c.sha256.as_str()))
        .collect();
    for finding in &every {
        if let Some(unknown) = finding.certs.iter().find(|c| !listed.contains(c.as_str())) {
            problems.push(format!(
                "`{}` names certificate {unknown}, which the report does not list",
                code_name(finding.code)
            ));
        }
    }
    // A failing chain never carries the "valid" headline.
    let has_valid_chain = report.findings.iter().any(|f| code_name(f.code) == "valid_chain");
    if !report.valid && has_valid_chain {
        problems.push("`valid_chain` finding on an invalid chain".to_string());
    }
    if problems.is_empty() { Ok(summary) } else { Err(format!("{}\n      got {summary}", problems.join("; "))) }
}

fn scenario_dirs() -> Vec<(String, PathBuf)> {
    let mut dirs: Vec<(String, PathBuf)> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/codes exists (run tests/fixtures/make-code-fixtures.sh)")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_code_has_a_fixture() {
    let codes: BTreeSet<String> = all_codes().into_iter().collect();
    let dirs: BTreeSet<String> = scenario_dirs().into_iter().map(|(name, _)| name).collect();
    let missing: Vec<_> = codes.difference(&dirs).collect();
    assert!(missing.is_empty(), "codes without a fixture in tests/fixtures/codes/: {missing:?}");
    let stray: Vec<_> = dirs.difference(&codes).collect();
    assert!(stray.is_empty(), "fixture directories that name no code: {stray:?}");
    for (name, dir) in scenario_dirs() {
        assert!(dir.join("options.json").is_file(), "{name}: options.json missing");
        let expect = read_json(&dir.join("expect.json"));
        let listed: Vec<&str> = expect
            .get("findings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|f| f.get("code").and_then(Value::as_str))
            .collect();
        // A code no generated chain can produce (client_auth_cutover needs a real public root)
        // names the test that covers it in `covered_by`, and its scenario must not claim it.
        let covered_by = expect.get("covered_by").and_then(Value::as_str).is_some();
        let absent =
            expect.get("absent").and_then(Value::as_array).is_some_and(|a| a.iter().any(|c| c == name.as_str()));
        assert!(
            listed.contains(&name.as_str()) || (covered_by && absent),
            "{name}/expect.json does not expect its own code (nor names a `covered_by` test and lists it as `absent`)"
        );
    }
    for pending in NOT_YET_IMPLEMENTED {
        assert!(codes.contains(*pending), "NOT_YET_IMPLEMENTED lists unknown code {pending}");
    }
}

#[test]
fn every_fixture_produces_its_code() {
    let mut failures = Vec::new();
    let mut pending_failing = Vec::new();
    let mut pending_passing = Vec::new();
    for (name, dir) in scenario_dirs() {
        let result = check_scenario(&dir);
        let pending = NOT_YET_IMPLEMENTED.contains(&name.as_str());
        match (result, pending) {
            (Ok(summary), false) => eprintln!("ok       {name}: {summary}"),
            (Ok(_), true) => pending_passing.push(name),
            (Err(why), false) => failures.push(format!("{name}: {why}")),
            (Err(why), true) => {
                eprintln!("PENDING  {name}: {why}");
                pending_failing.push(name);
            }
        }
    }
    if !pending_failing.is_empty() {
        eprintln!(
            "\n*** {} finding code(s) NOT YET IMPLEMENTED (listed in NOT_YET_IMPLEMENTED in tests/codes.rs): {}\n",
            pending_failing.len(),
            pending_failing.join(", ")
        );
    }
    assert!(
        pending_passing.is_empty(),
        "these codes now pass: remove them from NOT_YET_IMPLEMENTED in tests/codes.rs: {pending_passing:?}"
    );
    assert!(failures.is_empty(), "{} scenario(s) fail:\n  {}", failures.len(), failures.join("\n  "));
}

/// Whatever flow the user is in, every warning and error tells them what to do.
#[test]
fn every_finding_has_a_fix_in_every_flow() {
    use certchain_core::Flow;
    let mut missing = BTreeSet::new();
    for (_, dir) in scenario_dirs() {
        let (inputs, handshakes, mut options) = load_scenario(&dir);
        for flow in [Flow::Inbound, Flow::Outbound, Flow::CsrUpload, Flow::Keystore, Flow::Generic] {
            options.flow = flow;
            let report = analyze_with_handshakes(&inputs, handshakes.clone(), &options);
            for finding in all_findings(&report).into_iter().cloned() {
                if finding.severity != Severity::Info && finding.fix.trim().is_empty() {
                    missing.insert(format!("{} in flow {flow:?}", code_name(finding.code)));
                }
            }
        }
    }
    assert!(missing.is_empty(), "findings without a fix: {missing:?}");
}
