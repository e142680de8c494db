//! The page's analysis off the main thread, in a Web Worker running this same wasm.
//!
//! Why: a 5 MB paste of 2,000 certificates takes the core about 0.6 s, one task that froze the
//! page (no typing, no scrolling, no paint). Now `web/boot.js` starts `web/worker.js` and hands it
//! to [`use_analysis_worker`], which sends the worker this wasm's compiled `WebAssembly.Module`
//! (nothing is downloaded or compiled twice; the worker fetches nothing). A job travels as a JSON
//! of the settings plus the inputs' bytes as transferred `ArrayBuffer`s; the worker runs the core's
//! `analyze_full` + `emit` ([`analyze_in_worker`]) and answers with `(Report, Emitted)` as JSON
//! plus each output file's bytes, transferred too. The page reads the JSON back and renders.
//!
//! One job runs at a time; while it runs, each analyzer keeps only its newest waiting job (older
//! ones are stale), and a reply whose analyzer has moved on is dropped unread. Without a worker —
//! the host page started none (the embedding API), the browser refused it (`file://`), or it
//! failed — the same job runs on the main thread, as it always did.

use crate::browser;
use certchain_core::outputs::{EmitRequest, Emitted, emit};
use certchain_core::time::UnixTime;
use certchain_core::{Flow, Input, Options, PeerName, Purpose, Report, TrustChoice, analyze_full};
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Everything one analysis needs: exactly what the core's `analyze_full` and `emit` take.
pub struct Job {
    pub inputs: Vec<Input>,
    pub options: Options,
    pub emit: EmitRequest,
}

/// A finished analysis.
pub struct Done {
    pub report: Report,
    pub emitted: Emitted,
    pub timing: Timing,
}

/// Where an analysis ran and where its time went (shown as `data-*` attributes for measuring).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timing {
    /// `analyze_full` + `emit`, wherever they ran.
    pub analysis_ms: f64,
    pub in_worker: bool,
    /// Worker only: the page posting the job → the reply arriving (analysis, the worker writing
    /// JSON, both transfers).
    pub round_trip_ms: f64,
    /// Worker only: the worker writing the reply's JSON.
    pub serialize_ms: f64,
    /// Worker only: the page reading the reply back (main thread).
    pub decode_ms: f64,
    /// `performance.now()` when the result was handed to the page (rendering starts then).
    pub finished_at: f64,
}

/// The job's settings as they cross to the worker; the bytes travel beside them.
#[derive(Serialize, Deserialize)]
struct Settings {
    names: Vec<String>,
    passwords: Vec<Option<String>>,
    root_names: Vec<String>,
    root_passwords: Vec<Option<String>>,
    purpose: Purpose,
    flow: Flow,
    at: i64,
    trust: TrustChoice,
    peer_names: Vec<PeerName>,
    required_key_usage: Vec<String>,
    required_eku: Vec<String>,
    max_chain_depth: Option<u32>,
    expiring_soon_days: i64,
    alias: Option<String>,
    keystore_password: Option<String>,
    entropy: [u8; 32],
}

/// Runs a job here, on the calling thread.
fn run(job: &Job) -> (Report, Emitted, f64) {
    let start = browser::now_ms();
    let analysis = analyze_full(&job.inputs, &job.options);
    let emitted = emit(&analysis, &job.emit);
    (analysis.report, emitted, browser::now_ms() - start)
}

/// The job as a message: `{settings, inputs, roots}` (JSON text, arrays of `Uint8Array`), and the
/// buffers to transfer.
fn encode_job(job: &Job) -> Result<(Object, Array), String> {
    // Destructured in full so that a new option cannot be forgotten here.
    let Options {
        purpose,
        flow,
        at,
        trust,
        custom_roots,
        peer_names,
        required_key_usage,
        required_eku,
        max_chain_depth,
        expiring_soon_days,
    } = &job.options;
    let settings = Settings {
        names: job.inputs.iter().map(|i| i.name.clone()).collect(),
        passwords: job.inputs.iter().map(|i| i.password.clone()).collect(),
        root_names: custom_roots.iter().map(|i| i.name.clone()).collect(),
        root_passwords: custom_roots.iter().map(|i| i.password.clone()).collect(),
        purpose: *purpose,
        flow: *flow,
        at: at.0,
        trust: trust.clone(),
        peer_names: peer_names.clone(),
        required_key_usage: required_key_usage.clone(),
        required_eku: required_eku.clone(),
        max_chain_depth: *max_chain_depth,
        expiring_soon_days: *expiring_soon_days,
        alias: job.emit.alias.clone(),
        keystore_password: job.emit.password.clone(),
        entropy: job.emit.entropy,
    };
    let text = serde_json::to_string(&settings).map_err(|e| format!("could not write the job's settings: {e}"))?;
    let transfer = Array::new();
    let buffers = |inputs: &[Input]| {
        let list = Array::new();
        for input in inputs {
            let bytes = Uint8Array::from(input.bytes.as_slice());
            transfer.push(&bytes.buffer());
            list.push(&bytes);
        }
        list
    };
    let message = Object::new();
    set(&message, "settings", &JsValue::from_str(&text))?;
    set(&message, "inputs", &buffers(&job.inputs))?;
    set(&message, "roots", &buffers(custom_roots))?;
    Ok((message, transfer))
}

fn decode_job(message: &JsValue) -> Result<Job, String> {
    let text = get(message, "settings")?.as_string().ok_or("the job's settings are not text")?;
    let s: Settings = serde_json::from_str(&text).map_err(|e| format!("could not read the job's settings: {e}"))?;
    let read = |field: &str, names: Vec<String>, passwords: Vec<Option<String>>| -> Result<Vec<Input>, String> {
        let list: Array = get(message, field)?.dyn_into().map_err(|_| format!("the job's {field} are not a list"))?;
        if list.length() as usize != names.len() || passwords.len() != names.len() {
            return Err(format!("the job has {} {field} buffers for {} names", list.length(), names.len()));
        }
        let mut inputs = Vec::with_capacity(names.len());
        for ((index, name), password) in names.into_iter().enumerate().zip(passwords) {
            let bytes: Uint8Array =
                list.get(index as u32).dyn_into().map_err(|_| format!("the job's {field} #{index} is not bytes"))?;
            inputs.push(Input { name, bytes: bytes.to_vec(), password });
        }
        Ok(inputs)
    };
    let inputs = read("inputs", s.names, s.passwords)?;
    let custom_roots = read("roots", s.root_names, s.root_passwords)?;
    let options = Options {
        purpose: s.purpose,
        flow: s.flow,
        at: UnixTime(s.at),
        trust: s.trust,
        custom_roots,
        peer_names: s.peer_names,
        required_key_usage: s.required_key_usage,
        required_eku: s.required_eku,
        max_chain_depth: s.max_chain_depth,
        expiring_soon_days: s.expiring_soon_days,
    };
    let emit = EmitRequest { alias: s.alias, password: s.keystore_password, entropy: s.entropy };
    Ok(Job { inputs, options, emit })
}

/// The worker's side (called by `web/worker.js`): analyses one job and returns `{json, files,
/// analysisMs, serializeMs, transfer}` — `json` is `(Report, Emitted)` as UTF-8 JSON, `files`
/// the output files' bytes in `Emitted.files` order, `transfer` the buffers to post without a copy.
#[wasm_bindgen(js_name = analyzeInWorker)]
pub fn analyze_in_worker(job: JsValue) -> Result<JsValue, JsError> {
    let job = decode_job(&job).map_err(|e| JsError::new(&e))?;
    let (report, emitted, analysis_ms) = run(&job);
    let start = browser::now_ms();
    let json = serde_json::to_vec(&(&report, &emitted))
        .map_err(|e| JsError::new(&format!("could not write the report: {e}")))?;
    let json = Uint8Array::from(json.as_slice());
    let serialize_ms = browser::now_ms() - start;
    let transfer = Array::of1(&json.buffer());
    let files = Array::new();
    for file in &emitted.files {
        let bytes = Uint8Array::from(file.bytes.as_slice());
        transfer.push(&bytes.buffer());
        files.push(&bytes);
    }
    let reply = Object::new();
    let fill = || -> Result<(), String> {
        set(&reply, "json", &json)?;
        set(&reply, "files", &files)?;
        set(&reply, "analysisMs", &JsValue::from_f64(analysis_ms))?;
        set(&reply, "serializeMs", &JsValue::from_f64(serialize_ms))?;
        set(&reply, "transfer", &transfer)
    };
    fill().map_err(|e| JsError::new(&e))?;
    Ok(reply.into())
}

/// Reads a worker's reply back into the report and the files (the bytes beside the JSON).
fn decode_reply(reply: &JsValue) -> Result<(Report, Emitted, f64, f64), String> {
    let json: Uint8Array = get(reply, "json")?.dyn_into().map_err(|_| "the reply has no JSON bytes")?;
    let (report, mut emitted): (Report, Emitted) =
        serde_json::from_slice(&json.to_vec()).map_err(|e| format!("could not read the worker's report: {e}"))?;
    let files: Array = get(reply, "files")?.dyn_into().map_err(|_| "the reply's files are not a list")?;
    if files.length() as usize != emitted.files.len() {
        return Err(format!("the reply has {} file buffers for {} files", files.length(), emitted.files.len()));
    }
    for (index, file) in emitted.files.iter_mut().enumerate() {
        let bytes: Uint8Array =
            files.get(index as u32).dyn_into().map_err(|_| format!("the reply's file {} is not bytes", file.name))?;
        file.bytes = bytes.to_vec();
    }
    let number = |field: &str| get(reply, field).map(|v| v.as_f64().unwrap_or(0.0));
    Ok((report, emitted, number("analysisMs")?, number("serializeMs")?))
}

/// A job waiting for, or in, the worker.
struct Ticket {
    /// Which analyzer asked: each keeps only its newest waiting job.
    owner: u64,
    /// False once the analyzer has moved on: the reply is then dropped unread.
    is_current: Box<dyn Fn() -> bool>,
    done: Box<dyn FnOnce(Done)>,
}

struct Client {
    worker: web_sys::Worker,
    /// The job in the worker (kept to rerun here if the worker dies) and when it was posted.
    busy: Option<(Ticket, Job, f64)>,
    waiting: Vec<(Ticket, Job)>,
    // Kept alive as long as the worker is in use.
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// Called by `web/boot.js` with the worker it started (`web/worker.js`, a module worker): from
/// now on the page's analyses run there. The worker gets this wasm's compiled module at once.
#[wasm_bindgen(js_name = useAnalysisWorker)]
pub fn use_analysis_worker(worker: web_sys::Worker) -> Result<(), JsError> {
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
        let data = event.data();
        match get(&data, "type").ok().and_then(|t| t.as_string()).as_deref() {
            Some("result") => finish(Ok(data)),
            Some("failed") => {
                let why = get(&data, "message").ok().and_then(|m| m.as_string()).unwrap_or_default();
                finish(Err(why));
            }
            _ => {} // "ready": nothing to do, jobs may be posted before it.
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        // Loading failed (e.g. module workers refused from file://) or the worker threw.
        let why = event.dyn_ref::<web_sys::ErrorEvent>().map(|e| e.message()).unwrap_or_default();
        abandon(&format!("the analysis worker stopped ({why}); analysing on the page instead"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let init = Object::new();
    set(&init, "type", &JsValue::from_str("init")).map_err(|e| JsError::new(&e))?;
    set(&init, "module", &wasm_bindgen::module()).map_err(|e| JsError::new(&e))?;
    worker.post_message(&init).map_err(|e| JsError::new(&format!("could not start the analysis worker: {e:?}")))?;
    let previous = CLIENT.with(|c| {
        c.borrow_mut().replace(Client {
            worker,
            busy: None,
            waiting: Vec::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    });
    if let Some(previous) = previous {
        previous.worker.terminate();
    }
    Ok(())
}

/// Analyses `job` for `owner` and calls `done` with the result — at once on the main thread when
/// there is no worker, else when the worker answers, unless `is_current` says by then that the
/// analyzer has moved on.
pub fn analyse(owner: u64, job: Job, is_current: impl Fn() -> bool + 'static, done: impl FnOnce(Done) + 'static) {
    let ticket = Ticket { owner, is_current: Box::new(is_current), done: Box::new(done) };
    let local = CLIENT.with(|c| {
        let mut client = c.borrow_mut();
        let Some(client) = client.as_mut() else { return Some((ticket, job)) };
        if client.busy.is_some() {
            client.waiting.retain(|(t, _)| t.owner != owner);
            client.waiting.push((ticket, job));
        } else {
            post(client, ticket, job);
        }
        None
    });
    if let Some((ticket, job)) = local {
        run_here(ticket, &job);
    }
}

fn run_here(ticket: Ticket, job: &Job) {
    if !(ticket.is_current)() {
        return;
    }
    let (report, emitted, analysis_ms) = run(job);
    let timing = Timing { analysis_ms, finished_at: browser::now_ms(), ..Timing::default() };
    (ticket.done)(Done { report, emitted, timing });
}

/// Posts a job; if the browser refuses the message, the job waits for [`abandon`] to run it here.
fn post(client: &mut Client, ticket: Ticket, job: Job) {
    match encode_job(&job).and_then(|(message, transfer)| {
        let envelope = Object::new();
        set(&envelope, "type", &JsValue::from_str("job"))?;
        set(&envelope, "job", &message)?;
        client.worker.post_message_with_transfer(&envelope, &transfer).map_err(|e| format!("{e:?}"))
    }) {
        Ok(()) => client.busy = Some((ticket, job, browser::now_ms())),
        Err(why) => {
            // Back in the queue; the caller's turn ends and a zero-delay task falls back.
            client.waiting.insert(0, (ticket, job));
            let message = format!("could not send the analysis to the worker ({why}); analysing on the page instead");
            leptos::prelude::set_timeout(move || abandon(&message), std::time::Duration::ZERO);
        }
    }
}

/// A reply (or a failure) for the job in the worker.
fn finish(outcome: Result<JsValue, String>) {
    let arrived = browser::now_ms();
    let reply = match outcome {
        Ok(reply) => reply,
        Err(why) => return abandon(&format!("the analysis worker failed ({why}); analysing on the page instead")),
    };
    // Start the next job before reading this reply, so the worker is not idle meanwhile.
    let finished = CLIENT.with(|c| {
        let mut client = c.borrow_mut();
        let client = client.as_mut()?;
        let finished = client.busy.take();
        if !client.waiting.is_empty() {
            let (ticket, job) = client.waiting.remove(0);
            post(client, ticket, job);
        }
        finished
    });
    let Some((ticket, _, posted)) = finished else { return };
    if !(ticket.is_current)() {
        return;
    }
    let start = browser::now_ms();
    match decode_reply(&reply) {
        Ok((report, emitted, analysis_ms, serialize_ms)) => {
            let now = browser::now_ms();
            let timing = Timing {
                analysis_ms,
                in_worker: true,
                round_trip_ms: arrived - posted,
                serialize_ms,
                decode_ms: now - start,
                finished_at: now,
            };
            (ticket.done)(Done { report, emitted, timing });
        }
        Err(why) => web_sys::console::warn_1(&JsValue::from_str(&format!("certchain: {why}"))),
    }
}

/// Stops using the worker: the job it had and every waiting job run here, in order.
fn abandon(why: &str) {
    let Some(client) = CLIENT.with(|c| c.borrow_mut().take()) else { return };
    web_sys::console::warn_1(&JsValue::from_str(&format!("certchain: {why}")));
    client.worker.terminate();
    let Client { busy, waiting, .. } = client;
    for (ticket, job) in busy.map(|(ticket, job, _)| (ticket, job)).into_iter().chain(waiting) {
        run_here(ticket, &job);
    }
}

fn get(object: &JsValue, field: &str) -> Result<JsValue, String> {
    Reflect::get(object, &JsValue::from_str(field)).map_err(|_| format!("no {field} in the message"))
}

fn set(object: &Object, field: &str, value: &JsValue) -> Result<(), String> {
    Reflect::set(object, &JsValue::from_str(field), value).map(|_| ()).map_err(|_| format!("could not set {field}"))
}
