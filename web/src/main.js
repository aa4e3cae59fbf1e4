// The page: wires file loading, the worker, the trace list, the trace view and the URL.
import { $, h, setText } from './dom.js';
import { itemsFromDrop, itemsFromFileList, itemsFromOpenJson } from './load-files.js';
import { TraceList } from './trace-list.js';
import { TraceView } from './trace-view.js';
import { renderSummary } from './summary.js';
import { readHash, writeHash } from './url-state.js';
import { initTheme } from './theme.js';
import { formatBytes } from './format.js';
import { initSettings, DEFAULT_SETTINGS } from './settings.js';
import { parseOtlpText } from './otlp.js';
import { buildModel } from './trace-model.js';
import { TraceStore } from './trace-store.js';

const state = {
  model: null,
  summary: null,
  viewer: null,
  otlp: null,
  items: null,
  loadId: 0,
  traceById: new Map(), // trace summaries of the current load
  spans: new Map(), // traces whose spans the worker sent, by id (the few opened last)
  openTraceId: '',
  requests: new Map(), // request id -> resolve
  nextRequest: 0,
  settings: { ...DEFAULT_SETTINGS },
};

// A self-contained report (`kspan convert --format html`) carries its traces and summary in two
// JSON script elements; it has no worker and makes no request. Else the worker does the work.
const embedded = readEmbedded();
const localStore = { current: null }; // the report's traces, answered in the page
const worker = embedded ? null : new Worker('worker.js');
const listView = $('#list-view');
const traceViewEl = $('#trace-view');
const summaryEl = $('[data-testid="load-summary"]');
const progress = $('#progress');
const progressBar = $('#progress .progress-fill');
const progressLabel = $('#progress .progress-label');
const statusEl = $('#status');

const traceList = new TraceList($('#trace-list'), {
  onOpen: (id) => openTrace(id, '', true),
  search: (text) => ask({ type: 'search', text }).then((m) => (m ? new Set(m.ids) : null)),
});
const traceView = new TraceView(traceViewEl, {
  onBack: () => showList(true),
  onSelectSpan: (traceId, spanId) => writeHash({ trace: traceId, span: spanId }, false),
  onGoto: (traceId, spanId) => openTrace(traceId, spanId, traceId !== state.openTraceId),
  spanById: (traceId, spanId) => state.spans.get(traceId)?.spans.find((s) => s.id === spanId) ?? null,
});

initTheme($('#theme-btn'));
initSettings($('#settings-btn'), $('#settings-dialog'), state.settings, (s) => {
  state.settings = s;
  if (state.items) load(state.items, 'Applying settings');
});

// ---- loading -------------------------------------------------------------------------------

function load(items, label) {
  if (!items.length || !worker) return;
  state.items = items;
  state.loadStart = performance.now();
  const id = ++state.loadId;
  showProgress(0, items.reduce((a, it) => a + (it.file ? it.file.size : it.size || 0), 0), label);
  worker.postMessage({ type: 'load', id, items, settings: state.settings });
}

/** Asks the worker about the current load; resolves with its answer, or null when outdated. */
function ask(msg) {
  if (!worker) {
    const store = localStore.current;
    if (!store) return Promise.resolve(null);
    return Promise.resolve(msg.type === 'trace' ? { trace: store.trace(msg.traceId) } : { ids: store.search(msg.text) });
  }
  const id = 'q' + ++state.nextRequest;
  return new Promise((resolve) => {
    state.requests.set(id, resolve);
    worker.postMessage({ ...msg, id, load: state.loadId });
  });
}

if (worker) worker.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'trace' || m.type === 'search' || m.type === 'otlp') {
    const resolve = state.requests.get(m.id);
    state.requests.delete(m.id);
    resolve?.(m.load === state.loadId ? m : null);
    return;
  }
  if (m.id !== state.loadId) return; // an older load, overtaken by a newer one
  if (m.type === 'progress') showProgress(m.loaded, m.total, m.phase === 'correlating' ? 'Correlating…' : m.name);
  else if (m.type === 'done') loaded(m);
  else if (m.type === 'failed') {
    hideProgress();
    status('Could not load: ' + m.message, true);
  }
};
if (worker) worker.onerror = (e) => {
  hideProgress();
  status('The worker failed: ' + (e.message || 'unknown error'), true);
};

function loaded({ model, summary, viewer, otlp = null }) {
  const received = performance.now();
  hideProgress();
  state.model = model;
  state.summary = summary;
  state.viewer = viewer;
  state.otlp = otlp;
  state.traceById = new Map(model.traces.map((t) => [t.id, t]));
  state.spans = new Map();
  state.openTraceId = '';
  renderSummary(summaryEl, summary, viewer, model);
  traceList.setModel(model);
  $('#download-btn').disabled = model.traces.length === 0;
  // How long each step took (the benchmark in bench/web reads these).
  summaryEl.dataset.phases = JSON.stringify({ ...viewer.phases, renderMs: Math.round(performance.now() - received),
    totalMs: Math.round(performance.now() - state.loadStart) });
  document.body.dataset.loaded = String(state.loadId);
  status('');
  route();
}

function showProgress(loaded, total, name) {
  progress.hidden = false;
  const pct = total ? Math.min(100, (loaded / total) * 100) : 0;
  progressBar.style.width = pct.toFixed(1) + '%';
  progress.setAttribute('aria-valuenow', pct.toFixed(0));
  setText(progressLabel, (name ? name + ' — ' : '') + formatBytes(loaded) + ' of ' + formatBytes(total));
}

function hideProgress() {
  progress.hidden = true;
}

function status(text, bad) {
  setText(statusEl, text);
  statusEl.hidden = !text;
  statusEl.classList.toggle('bad', !!bad);
}

$('#file-input').addEventListener('change', (e) => {
  load(itemsFromFileList(e.target.files), 'Reading');
  e.target.value = '';
});
$('#folder-input').addEventListener('change', (e) => {
  load(itemsFromFileList(e.target.files), 'Reading');
  e.target.value = '';
});

// Drop anywhere on the page.
const overlay = $('#drop-overlay');
let dragDepth = 0;
window.addEventListener('dragenter', (e) => {
  if (!worker) return;
  if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
  dragDepth++;
  overlay.hidden = false;
});
window.addEventListener('dragleave', () => {
  if (--dragDepth <= 0) { dragDepth = 0; overlay.hidden = true; }
});
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', async (e) => {
  e.preventDefault();
  dragDepth = 0;
  overlay.hidden = true;
  if (worker) load(await itemsFromDrop(e.dataTransfer), 'Reading');
});

// The worker writes the OTLP/JSON when it is first asked for (a report has its own).
$('#download-btn').addEventListener('click', async () => {
  const btn = $('#download-btn');
  let blob = state.otlp;
  if (!blob && worker && state.model) {
    btn.disabled = true;
    status('Writing OTLP JSON…');
    const m = await ask({ type: 'otlp' });
    btn.disabled = !state.model?.traces.length;
    status(m?.message ? 'Could not write OTLP JSON: ' + m.message : '', !!m?.message);
    blob = m?.blob ?? null;
  }
  if (!blob) return;
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: 'kspan-traces.otlp.json' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
});

$('#sample-btn').addEventListener('click', () => openDescribed('sample/open.json', 'Sample'));

/**
 * Opens the files an open.json names (same origin), through the worker like any other files.
 * Resolves false when there is no such file (404) or it names none.
 */
async function openDescribed(url, label) {
  try {
    const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const { items, refused } = itemsFromOpenJson(await res.json(), res.url || new URL(url, location.href).href);
    if (refused.length) status(`${url} names files that are no URL: ${refused.join(', ')}`, true);
    if (!items.length) return false;
    load(items, label);
    return true;
  } catch (e) {
    status('Could not open ' + url + ': ' + e.message, true);
    return true;
  }
}

/**
 * At start: the files `kspan view` serves (open.json beside the page; the built site's own
 * open.json names the sample), else the sample.
 */
async function openAtStart() {
  if (await openDescribed('open.json', 'Opening')) return;
  if (await openDescribed('sample/open.json', 'Sample')) return;
  setText(summaryEl, 'Open files to see their traces.');
}

// ---- views and deep links ----------------------------------------------------------------

function openTrace(traceId, spanId, push) {
  writeHash({ trace: traceId, span: spanId }, push);
  route();
}

function showList(push) {
  writeHash({}, push);
  route();
}

/** A trace with its spans: from the few kept, else from the worker. */
async function fullTrace(traceId) {
  let t = state.spans.get(traceId);
  if (!t) {
    const m = await ask({ type: 'trace', traceId });
    if (!m?.trace) return null;
    t = m.trace;
    state.spans.set(traceId, t);
    while (state.spans.size > 6) state.spans.delete(state.spans.keys().next().value);
  }
  return t;
}

/** Shows what the URL names: a trace (and span), or the list. */
async function route() {
  if (!state.model) return;
  const { trace, span } = readHash();
  const known = trace && state.traceById.has(trace);
  const load = state.loadId;
  const t = known ? await fullTrace(trace) : null;
  if (load !== state.loadId || readHash().trace !== trace) return; // overtaken while waiting
  if (!t) {
    if (trace) status('The trace in the link (' + trace + ') is not in the loaded data.', true);
    state.openTraceId = '';
    traceViewEl.hidden = true;
    listView.hidden = false;
    traceList.apply();
    traceList.focus();
    return;
  }
  listView.hidden = true;
  traceViewEl.hidden = false;
  if (state.openTraceId !== t.id) {
    state.openTraceId = t.id;
    traceView.open(state.model, t, span);
  } else if (span) {
    traceView.selectById(span);
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !traceViewEl.hidden && !traceViewEl.contains(document.activeElement)) showList(true);
});

/** The report's embedded traces and summary, or null when this page is no report (or empty). */
function readEmbedded() {
  const traces = document.getElementById('kspan-traces')?.textContent.trim() ?? '';
  // Filled in, the element holds JSON (an object); as built, a placeholder comment.
  if (!traces.startsWith('{')) return null;
  const summaryText = document.getElementById('kspan-summary')?.textContent.trim() ?? '';
  let summary = {};
  try {
    summary = summaryText.startsWith('{') ? JSON.parse(summaryText) : {};
  } catch {
    summary = {};
  }
  return { traces, summary };
}

/** Shows the embedded traces: as OTLP files are shown, with the core's summary. */
function openEmbedded() {
  document.body.classList.add('report');
  setText($('.tagline'), 'A kspan report: the traces are inside this file');
  const t0 = performance.now();
  const { requests, errors } = parseOtlpText(embedded.traces);
  const model = buildModel(requests);
  localStore.current = new TraceStore(model);
  const s = embedded.summary;
  const viewer = {
    sources: [], passedOver: 0, duplicates: model.duplicates, orphans: model.orphans,
    skipped: errors.length ? [{ reason: 'invalid-otlp-json', description: 'The embedded traces are not OTLP/JSON',
      count: errors.length, examples: errors.slice(0, 5).map((e) => ({ source: 'this report', line: e.line, detail: e.message })) }] : [],
    files: (s.sources ?? []).length, bytes: (s.sources ?? []).reduce((a, x) => a + (x.bytes || 0), 0),
    report: true, phases: { modelMs: Math.round(performance.now() - t0) },
  };
  state.loadStart = t0;
  state.loadId = 1;
  loaded({ model: localStore.current.list(), summary: s, viewer, otlp: new Blob([embedded.traces], { type: 'application/json' }) });
}

if (embedded) openEmbedded();
else openAtStart();
