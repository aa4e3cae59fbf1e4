// The Web Worker: loads the correlation core (WebAssembly) and runs loads off the page's thread.
import { yamlToJson } from './yaml-bridge.js';
import { guardNetwork } from './network-guard.js';
import { runLoad } from './load-job.js';

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

let queue = Promise.resolve();
self.onmessage = (e) => {
  const msg = e.data;
  if (msg?.type !== 'load') return;
  queue = queue.then(() => handleLoad(msg));
};

async function handleLoad({ id, items, settings }) {
  try {
    const K = await loadCore();
    const result = await runLoad(K, items, settings, (p) => self.postMessage({ type: 'progress', id, ...p }));
    self.postMessage({ type: 'done', id, ...result });
  } catch (e) {
    self.postMessage({ type: 'failed', id, message: String(e?.message ?? e) });
  }
}

loadCore().catch(() => {}); // start compiling the core while the page sets up
