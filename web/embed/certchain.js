// certchain's JavaScript API: the analysis of the certchain page and command line, run inside this
// page by WebAssembly. Nothing is fetched or sent: the wasm comes from certchain-wasm.js as bytes.
// Reference: docs/embedding.md; types: certchain.d.ts.
//
//   import { init, analyze } from './certchain.js';
//   await init();
//   const report = analyze([{ name: 'chain.pem', text: pem }], { flow: 'inbound' });
import initWasm, * as glue from './certchain-web.js';
import { wasmBytes } from './certchain-wasm.js';
// The bundled root certificates travel beside the wasm (the page loads them later; the API at once).
import { rootsBytes } from './certchain-roots.js';

let starting = null;
let ready = false;

/** Starts the wasm once; later calls return the same promise. Await it before anything else. */
export function init() {
  starting ??= (async () => {
    const [wasm, roots] = await Promise.all([wasmBytes(), rootsBytes()]);
    await initWasm({ module_or_path: wasm });
    glue.provideRoots(roots);
    ready = true;
  })();
  return starting;
}

/**
 * Loads certchain's CCADB snapshot of intermediates (one 2 MB file, once), so that an analysis
 * whose chain lacks a publicly disclosed intermediate reports the completed chain
 * (`report.completion`). Without it, `report.completion.status` is `snapshot_not_loaded`.
 */
export async function loadIntermediates() {
  const api = started('loadIntermediates');
  const { intermediatesBytes } = await import('./certchain-intermediates.js');
  api.provideIntermediates(await intermediatesBytes());
}

function started(name) {
  if (!ready) throw new Error(`certchain: await init() before calling ${name}()`);
  return glue;
}

/** Analyses the inputs; returns the report `certchain analyze --json` prints. */
export function analyze(inputs, options = {}) {
  return started('analyze').analyze(inputs, options);
}

/** Analyses, then builds the output files (`certchain emit`): `{report, files, skipped}`. */
export function emit(inputs, options = {}) {
  return started('emit').emit(inputs, options);
}

/** Explains an error message (`certchain explain --json`); with inputs, points at the cause. */
export function explain(message, inputs = undefined, options = {}) {
  return started('explain').explain(message, inputs, options);
}

/** Ready-to-run curl / openssl / keytool commands for the inputs (`certchain commands --json`). */
export function commands(inputs, options = {}) {
  return started('commands').commands(inputs, options);
}
