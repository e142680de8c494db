//! The JavaScript API over the core (wrapped by `web/embed/certchain.js`, typed by
//! `web/embed/certchain.d.ts`): `analyze`, `emit`, `explain` and `commands`, taking the CLI's
//! options.
//!
//! Results are the CLI's `--json` output exactly: serialized with serde_json here and handed to
//! `JSON.parse`, so maps stay plain objects and numbers stay numbers (serde-wasm-bindgen's own
//! mapping would make `Map`s and `BigInt`s). Arguments are read with `js_sys::Reflect`, which adds
//! no deserializer to the wasm. Every bad argument throws an `Error` naming the field and what it
//! expected. No chain logic lives here: everything is the core's.

use certchain_core::commands::{CommandOptions, commands as core_commands};
use certchain_core::outputs::{EmitRequest, emit as core_emit};
use certchain_core::time::UnixTime;
use certchain_core::{Flow, Input, Options, PeerName, Purpose, TrustChoice, analyze_full};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

type Result<T> = std::result::Result<T, JsError>;

/// The option names every function takes (as the CLI's analyze options).
const ANALYZE_OPTIONS: &[&str] = &["flow", "purpose", "time", "trust", "host", "password", "complete"];

/// Analyse inputs as `certchain analyze --json` does; returns the report object.
#[wasm_bindgen]
pub fn analyze(inputs: JsValue, options: JsValue) -> Result<JsValue> {
    let (inputs, options) = read_call(&inputs, &options, &[])?;
    to_js(json(&analyze_full(&inputs, &options).report))
}

/// Analyse, then build every output file the core can (`certchain emit`): `{report, files,
/// skipped, notes}`. Each file has `text` (PEM, JSON, Markdown) or `bytes` (keystores, a Uint8Array).
#[wasm_bindgen]
pub fn emit(inputs: JsValue, options: JsValue) -> Result<JsValue> {
    let (inputs, core_options) = read_call(&inputs, &options, &["alias", "keystorePassword"])?;
    let alias = opt_string(&options, "alias")?;
    // As in the CLI: `password` opens the inputs and protects the keystores unless
    // `keystorePassword` gives another one.
    let password = match opt_string(&options, "keystorePassword")? {
        Some(p) => Some(p),
        None => opt_string(&options, "password")?,
    };
    let entropy = if password.as_deref().is_some_and(|p| !p.is_empty()) { entropy()? } else { [0; 32] };
    let analysis = analyze_full(&inputs, &core_options);
    let emitted = core_emit(&analysis, &EmitRequest { alias, password, entropy });

    let result = Object::new();
    set(&result, "report", &to_js(json(&analysis.report))?)?;
    let files = Array::new();
    for file in &emitted.files {
        let object = to_js(json(file))?;
        let textual = file.media_type.starts_with("text/")
            || matches!(file.media_type.as_str(), "application/x-pem-file" | "application/json");
        match std::str::from_utf8(&file.bytes) {
            Ok(text) if textual => set(&object, "text", &JsValue::from_str(text))?,
            _ => set(&object, "bytes", &Uint8Array::from(file.bytes.as_slice()))?,
        }
        files.push(&object);
    }
    set(&result, "files", &files)?;
    set(&result, "skipped", &to_js(json(&emitted.skipped))?)?;
    set(&result, "notes", &to_js(json(&emitted.notes))?)?;
    Ok(result.into())
}

/// Explain an error message (`certchain explain --json`): `{explanations, report?}`. With inputs,
/// they are analysed with the options and the explanations point at the cause in them.
#[wasm_bindgen]
pub fn explain(message: JsValue, inputs: JsValue, options: JsValue) -> Result<JsValue> {
    let message =
        message.as_string().ok_or_else(|| JsError::new("message must be a string: the error text to explain"))?;
    let report = if inputs.is_undefined() || inputs.is_null() {
        check_options(&options, &[])?;
        None
    } else {
        let (inputs, options) = read_call(&inputs, &options, &[])?;
        Some(analyze_full(&inputs, &options).report)
    };
    let explanations = certchain_core::explain::explain(&message, report.as_ref());
    // The CLI's shape: `report` only when there were inputs.
    let result = Object::new();
    set(&result, "explanations", &to_js(json(&explanations))?)?;
    if let Some(report) = &report {
        set(&result, "report", &to_js(json(report))?)?;
    }
    Ok(result.into())
}

/// Ready-to-run commands for the inputs and flow (`certchain commands --json`).
#[wasm_bindgen]
pub fn commands(inputs: JsValue, options: JsValue) -> Result<JsValue> {
    const OWN: &[&str] = &["myDomain", "apiVersion", "alias", "root", "server"];
    let (inputs, core_options) = read_call(&inputs, &options, OWN)?;
    let report = analyze_full(&inputs, &core_options).report;
    let defaults = CommandOptions::for_report(&report);
    // As in the CLI: the server defaults to the first host, the root file to the one custom root.
    let server_host = match opt_string(&options, "server")? {
        Some(s) => Some(s),
        None => core_options.peer_names.iter().find_map(|p| match p {
            PeerName::Dns(h) | PeerName::Ip(h) => Some(h.clone()),
            PeerName::Email(_) => None,
        }),
    };
    let root = match opt_string(&options, "root")? {
        Some(r) => Some(r),
        None if core_options.custom_roots.len() == 1 => core_options.custom_roots.first().map(|r| r.name.clone()),
        None => None,
    };
    let command_options = CommandOptions {
        my_domain: opt_string(&options, "myDomain")?,
        api_version: opt_string(&options, "apiVersion")?.unwrap_or(defaults.api_version.clone()),
        alias: opt_string(&options, "alias")?.unwrap_or(defaults.alias.clone()),
        root,
        server_host,
        ..defaults
    };
    to_js(json(&core_commands(&report, &command_options)))
}

/// A flow by its CLI name (`csr_upload`, the report's spelling, too); `field` names it in errors.
pub fn flow_named(name: &str, field: &str) -> Result<Flow> {
    name.parse().map_err(|e| JsError::new(&format!("{field} {e}")))
}

/// Reads a trust store name; `custom` only where roots can be given some other way (the page).
pub fn trust_named(name: &str, field: &str, custom_allowed: bool) -> Result<TrustChoice> {
    match name {
        "salesforce" => Ok(TrustChoice::Salesforce),
        "mozilla" => Ok(TrustChoice::Mozilla),
        "custom" if custom_allowed => Ok(TrustChoice::Custom),
        "custom" => Err(JsError::new(&format!(
            "{field} 'custom' needs the roots themselves: pass an array of {{name, bytes|text}} root files"
        ))),
        _ => Err(JsError::new(&format!(
            "{field} '{name}' is not a trust store: expected salesforce, mozilla{}",
            if custom_allowed { " or custom" } else { ", or an array of {name, bytes|text} root files" }
        ))),
    }
}

/// Inputs and core options of one call; `extra` are the function's own option names.
fn read_call(inputs: &JsValue, options: &JsValue, extra: &[&str]) -> Result<(Vec<Input>, Options)> {
    // Without the bundled root certificates every store would be empty and every verdict wrong:
    // certchain.js's init() provides them (crate::roots).
    if !certchain_core::trust::snapshot_available() {
        return Err(JsError::new(
            "certchain: the bundled root certificates are not loaded: await init() from certchain.js before analysing",
        ));
    }
    check_options(options, extra)?;
    let mut inputs = read_inputs(inputs, "inputs")?;
    let time = match field(options, "time")? {
        None => UnixTime((js_sys::Date::now() / 1000.0).floor() as i64),
        Some(v) => read_time(&v)?,
    };
    let flow = opt_string(options, "flow")?.map(|f| flow_named(&f, "options.flow")).transpose()?;
    let purpose = opt_string(options, "purpose")?
        .map(|p| p.parse::<Purpose>().map_err(|e| JsError::new(&format!("options.purpose {e}"))))
        .transpose()?;
    // Each of flow and purpose defaults from the other, as in the CLI; with neither, inbound.
    let mut core = Options::for_flow(time, flow, purpose);
    match field(options, "trust")? {
        None => {}
        Some(v) if Array::is_array(&v) => {
            core.trust = TrustChoice::Custom;
            core.custom_roots = read_inputs(&v, "options.trust")?;
        }
        Some(v) => {
            let name = v.as_string().ok_or_else(|| {
                JsError::new(
                    "options.trust must be 'salesforce', 'mozilla' or an array of {name, bytes|text} root files",
                )
            })?;
            core.trust = trust_named(&name, "options.trust", false)?;
        }
    }
    core.peer_names = match field(options, "host")? {
        None => Vec::new(),
        Some(v) if Array::is_array(&v) => Array::from(&v)
            .iter()
            .enumerate()
            .map(|(i, h)| peer_name(&h, &format!("options.host[{i}]")))
            .collect::<Result<_>>()?,
        Some(v) => vec![peer_name(&v, "options.host")?],
    };
    // Completion from the CCADB snapshot (on unless `complete: false`, as the CLI's --no-complete).
    if let Some(v) = field(options, "complete")? {
        core.complete = v.as_bool().ok_or_else(|| JsError::new("options.complete must be true or false"))?;
    }
    // One password for every input without its own, as the CLI's --password.
    if let Some(password) = opt_string(options, "password")? {
        for input in inputs.iter_mut().chain(core.custom_roots.iter_mut()) {
            input.password.get_or_insert_with(|| password.clone());
        }
    }
    Ok((inputs, core))
}

/// `undefined`/`null` or a plain object whose keys are all known.
fn check_options(options: &JsValue, extra: &[&str]) -> Result<()> {
    if options.is_undefined() || options.is_null() {
        return Ok(());
    }
    if !options.is_object() || Array::is_array(options) {
        return Err(JsError::new("options must be an object such as {flow: 'inbound', trust: 'salesforce'}"));
    }
    for key in Object::keys(options.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !ANALYZE_OPTIONS.contains(&key.as_str()) && !extra.contains(&key.as_str()) {
            let known: Vec<&str> = ANALYZE_OPTIONS.iter().chain(extra).copied().collect();
            return Err(JsError::new(&format!("unknown option '{key}': expected one of {}", known.join(", "))));
        }
    }
    Ok(())
}

/// An array of `{name, bytes|text, password?}`; `what` names it in errors.
fn read_inputs(value: &JsValue, what: &str) -> Result<Vec<Input>> {
    if !Array::is_array(value) {
        return Err(JsError::new(&format!(
            "{what} must be an array of {{name, bytes|text}} objects (bytes a Uint8Array, text a string)"
        )));
    }
    let mut inputs = Vec::new();
    for (i, item) in Array::from(value).iter().enumerate() {
        let at = format!("{what}[{i}]");
        if !item.is_object() {
            return Err(JsError::new(&format!("{at} must be an object {{name, bytes|text}}")));
        }
        let name = opt_string(&item, "name")?
            .filter(|n| !n.is_empty())
            .ok_or_else(|| JsError::new(&format!("{at}.name must be a non-empty string (the file name)")))?;
        let bytes = match (field(&item, "bytes")?, field(&item, "text")?) {
            (Some(b), None) => {
                if let Some(array) = b.dyn_ref::<Uint8Array>() {
                    array.to_vec()
                } else if b.is_instance_of::<js_sys::ArrayBuffer>() {
                    Uint8Array::new(&b).to_vec()
                } else {
                    return Err(JsError::new(&format!("{at}.bytes must be a Uint8Array (or an ArrayBuffer)")));
                }
            }
            (None, Some(t)) => {
                t.as_string().ok_or_else(|| JsError::new(&format!("{at}.text must be a string")))?.into_bytes()
            }
            (Some(_), Some(_)) => return Err(JsError::new(&format!("{at} has both bytes and text: give one"))),
            (None, None) => return Err(JsError::new(&format!("{at} needs bytes (a Uint8Array) or text (a string)"))),
        };
        let mut input = Input::new(name, bytes);
        input.password = field(&item, "password")?
            .map(|p| p.as_string().ok_or_else(|| JsError::new(&format!("{at}.password must be a string"))))
            .transpose()?;
        inputs.push(input);
    }
    Ok(inputs)
}

/// `options.time`: an RFC 3339 / ISO-8601 string, unix seconds, or a `Date`.
fn read_time(value: &JsValue) -> Result<UnixTime> {
    if let Some(text) = value.as_string() {
        return UnixTime::parse_rfc3339(&text).map_err(|e| JsError::new(&format!("options.time: {e}")));
    }
    let seconds = match value.dyn_ref::<js_sys::Date>() {
        Some(date) => date.get_time() / 1000.0,
        None => value.as_f64().unwrap_or(f64::NAN),
    };
    if seconds.is_finite() {
        Ok(UnixTime(seconds.floor() as i64))
    } else {
        Err(JsError::new(
            "options.time must be an ISO-8601 time such as 2026-06-01T00:00:00Z, unix seconds, or a valid Date",
        ))
    }
}

/// A host name or IP literal (v6 optionally in brackets), as the CLI's `--host`.
fn peer_name(value: &JsValue, at: &str) -> Result<PeerName> {
    value
        .as_string()
        .and_then(|text| PeerName::parse(&text))
        .ok_or_else(|| JsError::new(&format!("{at} must be a non-empty host name or IP address")))
}

/// A property; `undefined` and `null` (and a non-object holder) read as absent.
fn field(object: &JsValue, key: &str) -> Result<Option<JsValue>> {
    if !object.is_object() {
        return Ok(None);
    }
    let value =
        Reflect::get(object, &JsValue::from_str(key)).map_err(|_| JsError::new(&format!("cannot read {key}")))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

fn opt_string(object: &JsValue, key: &str) -> Result<Option<String>> {
    field(object, key)?
        .map(|v| v.as_string().ok_or_else(|| JsError::new(&format!("{key} must be a string"))))
        .transpose()
}

fn set(object: &JsValue, key: &str, value: &JsValue) -> Result<()> {
    Reflect::set(object, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| JsError::new("cannot build the result"))
}

/// serde_json then `JSON.parse`: the exact JSON the CLI prints.
/// JSON text for the JS side. Pretty, as `report.json` (crate::outputs) is written: one
/// serializer in the wasm instead of two (serde_json monomorphises every report type per
/// formatter: the compact copy was ~25 KB of wasm); `JSON.parse` reads either the same.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    serde_json::to_string_pretty(value)
}

fn to_js(json: serde_json::Result<String>) -> Result<JsValue> {
    let json = json.map_err(|e| JsError::new(&format!("cannot serialize the result: {e}")))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("cannot parse the result"))
}

/// 32 random bytes for the keystores' salts and IVs, from `crypto.getRandomValues` (works in a
/// page and in a worker: it reads the global object, not `window`).
fn entropy() -> Result<[u8; 32]> {
    let unavailable = || JsError::new("crypto.getRandomValues is unavailable: keystores need random salts");
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(|_| unavailable())?;
    let crypto = crypto.dyn_into::<web_sys::Crypto>().map_err(|_| unavailable())?;
    let mut bytes = [0u8; 32];
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| unavailable())?;
    Ok(bytes)
}
