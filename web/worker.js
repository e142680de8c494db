// The page's analysis worker (crates/web/src/worker.rs explains the protocol). It runs the same
// wasm as the page: the page posts the compiled WebAssembly.Module first, so nothing is fetched
// or compiled twice, then one job at a time; each reply's buffers are transferred, not copied.
// The wasm's start function mounts nothing here (there is no document).
import init, { analyzeInWorker, provideIntermediates, provideRoots } from './certchain-web.js';

let started = null;
// The bundled root certificates, sent by the page before its first job (crates/web/src/roots.rs).
let rootsGiven = null;
// The CCADB snapshot of intermediates, sent once the page loaded it (crates/web/src/intermediates.rs).
let intermediatesGiven = null;

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    started = init({ module_or_path: data.module });
    try {
      await started;
      self.postMessage({ type: 'ready' });
    } catch (error) {
      self.postMessage({ type: 'failed', message: 'could not start: ' + describe(error) });
    }
    return;
  }
  if (data.type === 'roots') {
    rootsGiven = (started ?? Promise.reject(new Error('the root certificates arrived before the wasm module')))
      .then(() => provideRoots(data.bytes));
    return;
  }
  if (data.type === 'intermediates') {
    intermediatesGiven = (started ?? Promise.reject(new Error('the intermediates arrived before the wasm module')))
      .then(() => provideIntermediates(data.bytes));
    return;
  }
  if (data.type !== 'job') return;
  try {
    if (!started) throw new Error('a job arrived before the wasm module');
    await started;
    await rootsGiven;
    await intermediatesGiven;
    const reply = analyzeInWorker(data.job);
    self.postMessage({ type: 'result', ...reply }, [reply.wire.buffer]);
  } catch (error) {
    // A trap (a panic in the wasm — a bug) leaves this instance unusable, and the same job would
    // trap the page's wasm too: 'crashed' tells the page not to rerun it (crates/web/src/worker.rs).
    const type = error instanceof WebAssembly.RuntimeError ? 'crashed' : 'failed';
    self.postMessage({ type, message: describe(error) });
  }
};

function describe(error) {
  return error && error.message ? error.message : String(error);
}
