//! The page's analysis off the main thread, in a Web Worker running this same wasm.
//!
//! Why: a 5 MB paste of 2,000 certificates takes the core about 0.6 s, one task that froze the
//! page (no typing, no scrolling, no paint). Now `web/boot.js` starts `web/worker.js` and hands it
//! to [`use_analysis_worker`], which sends the worker this wasm's compiled `WebAssembly.Module`
//! (nothing is downloaded or compiled twice; the worker fetches nothing). A job travels as one
//! buffer in `crate::wire`'s compact form (inputs, options, keystore request), transferred, not
//! copied; the worker runs the core's `analyze_full` + `emit` ([`analyze_in_worker`]) and answers
//! with `(Report, Emitted)` in the same form. The page reads it back and renders.
//!
//! One job runs at a time; while it runs, each analyzer keeps only its newest waiting job (older
//! ones are stale), and a reply whose analyzer has moved on is dropped unread. Without a worker —
//! the host page started none (the embedding API), the browser refused it (`file://`), or it
//! failed — the same job runs on the main thread, as it always did.

use crate::browser;
use crate::wire::{self, Wire};
use certchain_core::outputs::{EmitRequest, Emitted, emit};
use certchain_core::{Input, Options, Report, analyze_full};
use js_sys::{Object, Reflect, Uint8Array};
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

/// Runs a job here, on the calling thread.
fn run(job: &Job) -> (Report, Emitted, f64) {
    let start = browser::now_ms();
    let analysis = analyze_full(&job.inputs, &job.options);
    let emitted = emit(&analysis, &job.emit);
    (analysis.report, emitted, browser::now_ms() - start)
}

/// The job as one buffer (`crate::wire`), transferred to the worker without a copy.
fn encode_job(job: &Job) -> Uint8Array {
    let (inputs, options, emit) = (&job.inputs, &job.options, &job.emit);
    let mut out = Vec::new();
    inputs.put(&mut out);
    options.put(&mut out);
    emit.put(&mut out);
    Uint8Array::from(out.as_slice())
}

fn decode_job(message: &JsValue) -> Result<Job, String> {
    let bytes: Uint8Array = message.clone().dyn_into().map_err(|_| "the job is not bytes".to_string())?;
    let (inputs, options, emit) = wire::decode::<(Vec<Input>, Options, EmitRequest)>(&bytes.to_vec())
        .map_err(|e| format!("could not read the job: {e}"))?;
    Ok(Job { inputs, options, emit })
}

/// The worker's side (called by `web/worker.js`): analyses one job and returns `{wire,
/// analysisMs, serializeMs}` — `wire` is `(Report, Emitted)` in `crate::wire`'s form, the output
/// files' bytes included; its buffer is to be transferred, not copied.
#[wasm_bindgen(js_name = analyzeInWorker)]
pub fn analyze_in_worker(job: JsValue) -> Result<JsValue, JsError> {
    let job = decode_job(&job).map_err(|e| JsError::new(&e))?;
    let (report, emitted, analysis_ms) = run(&job);
    let start = browser::now_ms();
    let bytes = Uint8Array::from(wire::encode(&(report, emitted)).as_slice());
    let serialize_ms = browser::now_ms() - start;
    let reply = Object::new();
    let fill = || -> Result<(), String> {
        set(&reply, "wire", &bytes)?;
        set(&reply, "analysisMs", &JsValue::from_f64(analysis_ms))?;
        set(&reply, "serializeMs", &JsValue::from_f64(serialize_ms))
    };
    fill().map_err(|e| JsError::new(&e))?;
    Ok(reply.into())
}

/// Reads a worker's reply back into the report and the files.
fn decode_reply(reply: &JsValue) -> Result<(Report, Emitted, f64, f64), String> {
    let bytes: Uint8Array = get(reply, "wire")?.dyn_into().map_err(|_| "the reply has no bytes")?;
    let (report, emitted) = wire::decode::<(Report, Emitted)>(&bytes.to_vec())
        .map_err(|e| format!("could not read the worker's report: {e}"))?;
    let number = |field: &str| get(reply, field).map(|v| v.as_f64().unwrap_or(0.0));
    Ok((report, emitted, number("analysisMs")?, number("serializeMs")?))
}

/// A job waiting for, or in, the worker.
struct Ticket {
    /// Which analyzer asked: each keeps only its newest waiting job.
    owner: u64,
    /// False once the analyzer has moved on: the reply is then dropped unread.
    is_current: Box<dyn Fn() -> bool>,
    /// The result, or why the analysis itself failed (a bug: the wasm trapped in the worker).
    done: Box<dyn FnOnce(Result<Done, String>)>,
}

struct Client {
    worker: web_sys::Worker,
    /// The job in the worker (kept to rerun here if the worker dies) and when it was posted.
    busy: Option<(Ticket, Job, f64)>,
    waiting: Vec<(Ticket, Job)>,
    /// The worker's wasm has the root certificates (sent with the first job).
    roots_sent: bool,
    /// The worker's wasm has the CCADB snapshot of intermediates (sent with the first job after
    /// this thread loaded it: crate::intermediates).
    intermediates_sent: bool,
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
            Some("crashed") => {
                let why = get(&data, "message").ok().and_then(|m| m.as_string()).unwrap_or_default();
                crashed(&why);
            }
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
            roots_sent: false,
            intermediates_sent: false,
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
pub fn analyse(
    owner: u64,
    job: Job,
    is_current: impl Fn() -> bool + 'static,
    done: impl FnOnce(Result<Done, String>) + 'static,
) {
    // Every analysis needs the bundled root certificates (the Salesforce store, and each anchor's
    // Salesforce status whatever the store): the first one waits for them (crate::roots).
    if !certchain_core::trust::snapshot_available() {
        leptos::task::spawn_local(async move {
            match crate::roots::ensure_roots().await {
                Ok(()) => analyse(owner, job, is_current, done),
                Err(why) if is_current() => done(Err(why)),
                Err(_) => {}
            }
        });
        return;
    }
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
    (ticket.done)(Ok(Done { report, emitted, timing }));
}

/// Posts a job; if the browser refuses the message, the job waits for [`abandon`] to run it here.
fn post(client: &mut Client, ticket: Ticket, job: Job) {
    let message = encode_job(&job);
    let sent = (|| {
        if !client.roots_sent {
            // The worker runs its own copy of the wasm: it gets this thread's root certificates
            // (a copy, transferred) instead of loading certchain-roots.js again.
            let der = certchain_core::trust::snapshot_der_bytes().ok_or("the root certificates are not loaded")?;
            let bytes = Uint8Array::from(der);
            let envelope = Object::new();
            set(&envelope, "type", &JsValue::from_str("roots"))?;
            set(&envelope, "bytes", &bytes)?;
            let transfer = js_sys::Array::of1(&bytes.buffer());
            client.worker.post_message_with_transfer(&envelope, &transfer).map_err(|e| format!("{e:?}"))?;
            client.roots_sent = true;
        }
        if !client.intermediates_sent
            && let Some(der) = certchain_core::intermediates::der_bytes()
        {
            // Loaded on this thread when an issuer was missing: the worker gets a copy.
            let bytes = Uint8Array::from(der);
            let envelope = Object::new();
            set(&envelope, "type", &JsValue::from_str("intermediates"))?;
            set(&envelope, "bytes", &bytes)?;
            let transfer = js_sys::Array::of1(&bytes.buffer());
            client.worker.post_message_with_transfer(&envelope, &transfer).map_err(|e| format!("{e:?}"))?;
            client.intermediates_sent = true;
        }
        let envelope = Object::new();
        set(&envelope, "type", &JsValue::from_str("job"))?;
        set(&envelope, "job", &message)?;
        let transfer = js_sys::Array::of1(&message.buffer());
        client.worker.post_message_with_transfer(&envelope, &transfer).map_err(|e| format!("{e:?}"))
    })();
    match sent {
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
    let Some((ticket, job, posted)) = finished else { return };
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
            (ticket.done)(Ok(Done { report, emitted, timing }));
        }
        Err(why) => {
            // Not expected (both ends are this wasm): say so in the console and analyse here.
            web_sys::console::warn_1(&JsValue::from_str(&format!("certchain: {why}; analysing on the page instead")));
            run_here(ticket, &job);
        }
    }
}

/// The wasm trapped in the worker while analysing (a panic: a bug in certchain, never expected).
/// That job is not rerun here — the same inputs would trap the page's own wasm and leave it
/// dead — but reported as failed; the worker's instance is unusable, so later jobs (a new edit
/// may have removed the cause) run on the page.
fn crashed(why: &str) {
    let Some(client) = CLIENT.with(|c| c.borrow_mut().take()) else { return };
    web_sys::console::error_1(&JsValue::from_str(&format!("certchain: the analysis crashed in the worker: {why}")));
    client.worker.terminate();
    let Client { busy, waiting, .. } = client;
    if let Some((ticket, _, _)) = busy
        && (ticket.is_current)()
    {
        (ticket.done)(Err(format!(
            "certchain hit an internal error while analysing these inputs ({why}). This is a bug in \
             certchain, not a verdict on your certificates; nothing was sent anywhere. Please report it, \
             saying which kinds of files you gave (never the private keys). Change or remove an input to \
             analyse again."
        )));
    }
    for (ticket, job) in waiting {
        run_here(ticket, &job);
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
