// The core alone under node, as the worker drives it: one Session, the dump pushed in 1 MiB
// slices, finish(), then the OTLP/JSON text and the summary. Prints one JSON line of timings.
//
//   node bench/web/core-node.mjs DUMP [--parse]   (--parse also times JSON.parse of the OTLP text)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const file = process.argv[2];
if (!file) throw new Error('usage: core-node.mjs DUMP [--parse]');

const t0 = performance.now();
const createKspan = require(path.join(REPO, 'build', 'wasm', 'kspan_wasm.js'));
const K = await createKspan();
const tInit = performance.now();

const bytes = fs.readFileSync(file);
const tRead = performance.now();
const session = new K.Session('{}');
session.beginSource(path.basename(file));
const SLICE = 1 << 20;
for (let off = 0; off < bytes.length; off += SLICE) session.push(bytes.subarray(off, Math.min(bytes.length, off + SLICE)));
session.endSource();
const tPush = performance.now();
session.finish();
const tFinish = performance.now();
const otlp = session.otlpJson();
const tOtlp = performance.now();
const summary = session.summaryJson();
const tSummary = performance.now();
let tParse = tSummary;
if (process.argv.includes('--parse')) {
  JSON.parse(otlp);
  tParse = performance.now();
}
const wasmBytes = K.HEAPU8?.buffer?.byteLength ?? (K.wasmMemory?.buffer?.byteLength ?? 0);
session.delete();

console.log(JSON.stringify({
  bytes: bytes.length,
  initMs: tInit - t0,
  pushMs: tPush - tRead,
  finishMs: tFinish - tPush,
  otlpMs: tOtlp - tFinish,
  summaryMs: tSummary - tOtlp,
  coreMs: tSummary - tRead, // push + finish + OTLP text + summary: what native convert does
  parseMs: tParse - tSummary,
  otlpChars: otlp.length,
  wasmMemoryBytes: wasmBytes,
  summary: JSON.parse(summary).totals ?? null,
}));
