// Starts the wasm app. A separate file (not Trunk's inline loader) so the CSP needs no 'unsafe-inline'.
// The wasm arrives inside certchain-wasm.js (scripts/pack-wasm): the CSP's connect-src 'none' forbids
// fetching it, the page's own file included.
import init, { useAnalysisWorker, useIntermediatesLoader, useRootsLoader } from './certchain-web.js';
import { wasmModule } from './certchain-wasm.js';

wasmModule()
  .then((module) => init({ module_or_path: module }))
  .then(() => {
    // The bundled root certificates are not part of the first load: imported when the first
    // analysis needs them (crates/web/src/roots.rs).
    useRootsLoader(() => import('./certchain-roots.js').then((roots) => roots.rootsBytes()));
    // The CCADB snapshot of intermediates (2 MB): imported, as one whole file, only when an
    // analysis finds an issuer missing (crates/web/src/intermediates.rs).
    useIntermediatesLoader(() => import('./certchain-intermediates.js').then((m) => m.intermediatesBytes()));
  })
  .then(startWorker)
  .catch((error) => {
    document.body.textContent = 'certchain could not start: ' + error;
  });

// The analysis runs in a worker (web/worker.js) so that a large paste never freezes the page. If
// the browser refuses one, the page analyses on its own thread as before (crates/web/src/worker.rs).
function startWorker() {
  let worker;
  try {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'certchain analysis' });
  } catch (error) {
    console.warn('certchain: no analysis worker (' + error + '); analysing on the page');
    return;
  }
  useAnalysisWorker(worker);
}
