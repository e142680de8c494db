// Starts the wasm app. A separate file (not Trunk's inline loader) so the CSP needs no 'unsafe-inline'.
import init from './certchain-web.js';
init({ module_or_path: new URL('./certchain-web_bg.wasm', import.meta.url) }).catch((error) => {
  document.body.textContent = 'certchain could not start: ' + error;
});
