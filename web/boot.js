// Starts the wasm app. A separate file (not Trunk's inline loader) so the CSP needs no 'unsafe-inline'.
// The wasm arrives inside certchain-wasm.js (scripts/pack-wasm): the CSP's connect-src 'none' forbids
// fetching it, the page's own file included.
import init from './certchain-web.js';
import { wasmModule } from './certchain-wasm.js';

wasmModule()
  .then((module) => init({ module_or_path: module }))
  .catch((error) => {
    document.body.textContent = 'certchain could not start: ' + error;
  });
