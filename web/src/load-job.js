// One load in the worker: every file through detection (gzip, tar, OTLP, dump) into one
// core session, then the model the page draws. Bad input is counted and reported, never thrown.
import { blobChunks, urlChunks, gunzip, PeekableSource } from './byte-source.js';
import { detect, GZIP, TAR, OTLP, SNIFF_BYTES } from './sniff.js';
import { TarReader } from './tar.js';
import { parseOtlpText, countSpans, mergeRequests } from './otlp.js';
import { buildModel, mergeModels } from './trace-model.js';
import { tableModel } from './span-table.js';

/** Viewer-side counters, shown beside the core's. */
class ViewerCounters {
  constructor() {
    this.sources = []; // {name, format, bytes, records, error}
    this.skipped = new Map(); // reason -> {reason, description, count, examples}
    this.passedOver = 0;
    this.passedOverExamples = [];
  }

  skip(reason, description, example) {
    let s = this.skipped.get(reason);
    if (!s) this.skipped.set(reason, (s = { reason, description, count: 0, examples: [] }));
    s.count++;
    if (s.examples.length < 5) s.examples.push(example);
  }

  passOver(path, source) {
    this.passedOver++;
    if (this.passedOverExamples.length < 5) this.passedOverExamples.push({ source, path });
  }

  toJSON() {
    return {
      sources: this.sources,
      skipped: [...this.skipped.values()],
      passedOver: this.passedOver,
      passedOverExamples: this.passedOverExamples,
    };
  }
}

/** The size of an item: a Blob's, else what its URL's description said (0 when unknown). */
export function itemSize(it) {
  return it.file ? it.file.size : Math.max(0, Number(it.size) || 0);
}

/**
 * @param {object} K the core module (createKspan())
 * @param {{file?: Blob, url?: string, size?: number, path: string, bundle: boolean}[]} items a File,
 *   or a same-origin URL (the files of open.json), each read as a stream
 * @param {object} settings
 * @param {(p: {loaded: number, total: number, name: string}) => void} onProgress
 * @returns {Promise<{model, summary, viewer, otlp: () => Blob, release: () => void}>} call release()
 *   when the result has been handed on: it frees the core's session
 */
export async function runLoad(K, items, settings, onProgress) {
  const t0 = Date.now();
  let total = items.reduce((a, it) => a + itemSize(it), 0);
  let loaded = 0;
  let current = '';
  let lastPost = 0;
  const progress = (n) => {
    loaded += n;
    const now = Date.now();
    if (now - lastPost > 40 || loaded === total) {
      lastPost = now;
      onProgress({ loaded, total, name: current });
    }
  };

  const viewer = new ViewerCounters();
  const otlpRequests = [];
  // The core's span table when it has one (no OTLP text: Download writes it from the table).
  const useTable = typeof K.Session?.prototype?.spanTable === 'function';
  const session = new K.Session(JSON.stringify(useTable ? { ...settings, table: true, otlp: false } : settings));
  let deleted = false;
  let release = () => {};
  try {
    for (const it of items) {
      current = it.path;
      onProgress({ loaded, total, name: current });
      if (it.refused) {
        viewer.skip('foreign-url', 'open.json named a file on another origin; the viewer fetches only from its own',
          { source: it.path, line: 0, offset: 0, object: '', detail: it.refused });
        continue;
      }
      if (it.bundle && !K.isBundleResource(it.path)) {
        viewer.passOver(it.path, '');
        progress(itemSize(it));
        continue;
      }
      let read = 0;
      let size = itemSize(it);
      const onBytes = (n) => { read += n; progress(n); };
      // A URL whose size open.json did not give: counted once the response says it.
      const onSize = (n) => { if (!size) { size = n; total += n; } };
      const src = new PeekableSource(it.file ? blobChunks(it.file, onBytes) : urlChunks(it.url, onBytes, onSize));
      try {
        await route(K, session, it.path, src, viewer, otlpRequests, 0);
      } catch (e) {
        viewer.skip('unreadable-file', 'A file could not be read to its end',
          { source: it.path, line: 0, offset: read, object: '', detail: String(e?.message ?? e) });
        progress(Math.max(0, size - read));
      }
    }
    const phases = { readMs: Date.now() - t0 };
    let mark = Date.now();
    const lap = (name) => { const now = Date.now(); phases[name] = now - mark; mark = now; };
    onProgress({ loaded: total, total, name: '', phase: 'correlating' });
    session.finish();
    lap('finishMs');
    const summary = JSON.parse(session.summaryJson());
    let model;
    let otlp;
    if (useTable) {
      const table = session.spanTable();
      lap('tableMs');
      // Freeing the core's session takes a while (every object and event it kept): the caller
      // does it once the page has the list (release()).
      deleted = true;
      release = once(() => session.delete());
      model = tableModel(table);
      lap('modelMs');
      if (otlpRequests.length) {
        model = mergeModels(model, buildModel(otlpRequests));
        lap('mergeMs');
      }
      const version = typeof K.version === 'function' ? K.version() : '';
      otlp = () => otlpFromTable(model.table, version, otlpRequests);
    } else {
      ({ model, otlp } = otlpTextModel(session, otlpRequests, lap));
    }
    phases.wasmBytes = K.HEAPU8?.buffer?.byteLength ?? 0;
    return {
      model,
      summary,
      viewer: { ...viewer.toJSON(), otlpSpans: countSpans(otlpRequests), duplicates: model.duplicates,
        orphans: model.orphans, files: items.length, bytes: Math.max(total, loaded), elapsedMs: Date.now() - t0, phases },
      otlp: once(otlp),
      release,
    };
  } catch (e) {
    release();
    throw e;
  } finally {
    if (!deleted) session.delete();
  }
}

async function route(K, session, name, src, viewer, otlpRequests, depth) {
  const head = await src.peek(SNIFF_BYTES);
  const kind = detect(head);
  if (kind === GZIP && depth < 3) {
    const inner = name.replace(/\.(gz|tgz)$/i, (m) => (m.toLowerCase() === '.tgz' ? '.tar' : ''));
    const gz = new PeekableSource(gunzip(src));
    try {
      await route(K, session, inner, gz, viewer, otlpRequests, depth + 1);
    } catch (e) {
      viewer.skip('invalid-gzip', 'A gzip file is corrupt or truncated; what came before the damage was read',
        { source: name, line: 0, offset: 0, object: '', detail: String(e?.message ?? e) });
    }
    return;
  }
  if (kind === TAR) return readTar(K, session, name, src, viewer);
  if (kind === OTLP) return readOtlp(name, src, viewer, otlpRequests);
  return pushDump(session, name, src);
}

async function pushDump(session, name, src) {
  session.beginSource(name);
  try {
    for await (const chunk of src) session.push(chunk);
  } finally {
    session.endSource();
  }
}

async function readTar(K, session, name, src, viewer) {
  let open = false;
  const tar = new TarReader({
    onFile: ({ path }) => {
      if (!K.isBundleResource(path)) {
        viewer.passOver(path, name);
        return false;
      }
      session.beginSource(name + ':' + path);
      open = true;
      return true;
    },
    onData: (bytes) => session.push(bytes),
    onFileEnd: () => {
      session.endSource();
      open = false;
    },
  });
  for await (const chunk of src) tar.push(chunk);
  if (!tar.end()) {
    viewer.skip('truncated-tar', 'A tar archive ends inside an entry; the entries before it were read',
      { source: name, line: 0, offset: 0, object: '', detail: '' });
  }
  if (open) session.endSource();
}

async function readOtlp(name, src, viewer, otlpRequests) {
  const dec = new TextDecoder();
  const parts = [];
  let bytes = 0;
  for await (const chunk of src) {
    bytes += chunk.length;
    parts.push(dec.decode(chunk, { stream: true }));
  }
  parts.push(dec.decode());
  const { requests, errors } = parseOtlpText(parts.join(''));
  for (const e of errors) {
    viewer.skip('invalid-otlp-json', 'A line of an OTLP/JSON file is not an ExportTraceServiceRequest',
      { source: name, line: e.line, offset: 0, object: '', detail: e.message });
  }
  otlpRequests.push(...requests);
  viewer.sources.push({ name, format: 'otlp-json', bytes, records: countSpans(requests),
    error: requests.length ? '' : 'no traces in this file' });
}

/** A function that calls fn once and then returns what it returned. */
function once(fn) {
  let done = false;
  let value;
  return () => {
    if (!done) { value = fn(); done = true; }
    return value;
  };
}

/**
 * Download's OTLP/JSON, written from the core's span table when the user asks for it: one
 * ExportTraceServiceRequest, the core's ResourceSpans first, then those of the OTLP files.
 */
export function otlpFromTable(table, version, otlpRequests) {
  const parts = ['{"resourceSpans":['];
  let n = table ? table.writeOtlpResourceSpans(version, (piece) => parts.push(piece)) : 0;
  for (const r of otlpRequests) {
    for (const rs of r.resourceSpans ?? []) parts.push((n++ ? ',' : '') + JSON.stringify(rs));
  }
  parts.push(']}\n');
  return new Blob(parts, { type: 'application/json' });
}

/** The model from the core's OTLP/JSON text: for a core without a span table (the stand-in). */
function otlpTextModel(session, otlpRequests, lap) {
  // Bytes when the core offers them (TextDecoder is faster than embind's string return).
  const coreText = typeof session.otlpJsonBytes === 'function'
    ? new TextDecoder().decode(session.otlpJsonBytes()) : session.otlpJson();
  lap('otlpTextMs');
  let coreRequest;
  try {
    coreRequest = JSON.parse(coreText);
  } catch (e) {
    throw new Error('the core wrote OTLP JSON that does not parse: ' + e.message);
  }
  lap('parseMs');
  const requests = [coreRequest, ...otlpRequests];
  const model = buildModel(requests);
  lap('modelMs');
  // Download gives the core's own text when it is all there is; merged requests otherwise.
  const text = otlpRequests.length ? JSON.stringify(mergeRequests(requests)) : coreText;
  return { model, otlp: () => new Blob([text], { type: 'application/json' }) };
}
