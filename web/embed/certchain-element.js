// <certchain-analyzer flow="inbound" trust="salesforce" compact></certchain-analyzer>
//
// The certchain analyzer inside a docs page: one <script type="module" src=".../certchain-element.js">
// defines the element. It renders in its own shadow root with the analyzer's stylesheet linked
// there, so the page's CSS cannot restyle it and its CSS does not reach the page. It needs no
// inline script or style and makes no network request beyond its own files (see docs/embedding.md
// for the CSP). Attributes are read when the element is connected to the page:
//   flow     inbound (default) | outbound | csr | keystore | generic
//   trust    salesforce (default) | mozilla | custom
//   compact  paste box, headline and findings only (toggling it later applies at once)
// Events (bubbling, composed): `certchain-ready` once mounted, `certchain-error` ({detail: message})
// when it cannot start.
import { init } from './certchain.js';
import { mountAnalyzer, useAnalysisWorker } from './certchain-web.js';

const asset = (file) => new URL(file, import.meta.url).href;

// One analysis worker (worker.js, beside this file) for every element on the page, as on the
// certchain page: a large paste is analysed off the host page's main thread. If the host's CSP or
// browser refuses it, the analyzers work on the main thread (crates/web/src/worker.rs).
let workerStarted = false;
function startWorker() {
  if (workerStarted) return;
  workerStarted = true;
  let worker;
  try {
    worker = new Worker(asset('worker.js'), { type: 'module', name: 'certchain analysis' });
  } catch (error) {
    console.warn('certchain: no analysis worker (' + error + '); analysing on the page');
    return;
  }
  useAnalysisWorker(worker);
}

/** A stylesheet link that resolves once loaded (or failed: the analyzer still works unstyled). */
function stylesheet(href) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  const loaded = new Promise((resolve) => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', resolve, { once: true });
  });
  return { link, loaded };
}

class CertchainAnalyzer extends HTMLElement {
  static observedAttributes = ['compact'];

  #root;
  #container;
  #styled;
  #mounted = null;
  // Bumped on every connect and disconnect: a start that finishes late does not mount.
  #generation = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    // The element's own rules first (isolation, compact mode), then the page's stylesheet.
    const own = stylesheet(asset('certchain-element.css'));
    const page = stylesheet(asset('style.css'));
    this.#styled = Promise.all([own.loaded, page.loaded]);
    this.#container = document.createElement('div');
    this.#container.className = 'certchain-embed';
    this.#root.append(own.link, page.link, this.#container);
    this.#applyCompact();
  }

  attributeChangedCallback() {
    this.#applyCompact();
  }

  connectedCallback() {
    this.#start(++this.#generation);
  }

  disconnectedCallback() {
    this.#generation++;
    // Unmounting drops the inputs (and any private key) from memory.
    this.#mounted?.unmount();
    this.#mounted = null;
  }

  #applyCompact() {
    this.#container.classList.toggle('compact', this.hasAttribute('compact'));
  }

  async #start(generation) {
    try {
      await Promise.all([init(), this.#styled]);
      if (generation !== this.#generation || this.#mounted) return;
      startWorker();
      this.#container.replaceChildren();
      this.#mounted = mountAnalyzer(
        this.#container,
        this.getAttribute('flow') ?? undefined,
        this.getAttribute('trust') ?? undefined,
      );
      this.dispatchEvent(new CustomEvent('certchain-ready', { bubbles: true, composed: true }));
    } catch (error) {
      if (generation !== this.#generation) return;
      const message = `certchain could not start: ${error?.message ?? error}`;
      const p = document.createElement('p');
      p.className = 'certchain-error';
      p.setAttribute('role', 'alert');
      p.textContent = message;
      this.#container.replaceChildren(p);
      this.dispatchEvent(new CustomEvent('certchain-error', { bubbles: true, composed: true, detail: message }));
    }
  }
}

if (!customElements.get('certchain-analyzer')) {
  customElements.define('certchain-analyzer', CertchainAnalyzer);
}
