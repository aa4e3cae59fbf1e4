// The Web Worker: loads the correlation core (WebAssembly), runs loads off the page's thread,
// and keeps the loaded traces. The page gets the trace list; it asks for a trace's spans when it
// opens one, and for free-text search, so it never holds more than it shows.
import { yamlToJson } from './yaml-bridge.js';
import { guardNetwork } from './network-guard.js';
import { runLoad } from './load-job.js';
import { TraceStore } from './trace-store.js';

guardNetwork(self);
// The core calls this for each YAML document it frames.
self.kspanYamlToJson = yamlToJson;

let core = null;
function loadCore() {
  if (!core) {
    core = (async () => {
      self.importScripts(new URL('kspan_wasm.js', self.location.href).href);
      if (typeof self.createKspan !== 'function') throw new Error('kspan_wasm.js does not define createKspan');
      return self.createKspan();
    })();
  }
  return core;
}

/** The last load: {id, store, otlp: () => Blob (written when first asked)}. */
let current = null;

let queue = Promise.resolve();
self.onmessage = (e) => {
  const msg = e.data;
  if (msg?.type === 'load') queue = queue.then(() => handleLoad(msg));
  else if (msg?.type === 'trace') queue = queue.then(() => handleTrace(msg));
  else if (msg?.type === 'search') queue = queue.then(() => handleSearch(msg));
  else if (msg?.type === 'otlp') queue = queue.then(() => handleOtlp(msg));
};

async function handleLoad({ id, items, settings }) {
  try {
    const K = await loadCore();
    current = null; // the last load's traces go before this one is built
    const { model, summary, viewer, otlp, release } = await runLoad(K, items, settings,
      (p) => self.postMessage({ type: 'progress', id, ...p }));
    const store = new TraceStore(model);
    current = { id, store, otlp };
    self.postMessage({ type: 'done', id, summary, viewer, model: store.list() });
    release(); // the core's session, freed while the page draws the list
  } catch (e) {
    self.postMessage({ type: 'failed', id, message: String(e?.message ?? e) });
  }
}

function handleTrace({ id, load, traceId }) {
  const trace = current?.id === load ? current.store.trace(traceId) : null;
  self.postMessage({ type: 'trace', id, load, trace });
}

function handleSearch({ id, load, text }) {
  if (current?.id !== load) return;
  self.postMessage({ type: 'search', id, load, text, ids: current.store.search(text) });
}

/** Download: the load's OTLP/JSON as a Blob (cheap to post: the page gets a handle). */
function handleOtlp({ id, load }) {
  let blob = null;
  let message = '';
  try {
    if (current?.id === load) blob = current.otlp();
  } catch (e) {
    message = String(e?.message ?? e);
  }
  self.postMessage({ type: 'otlp', id, load, blob, message });
}

loadCore().catch(() => {}); // start compiling the core while the page sets up
