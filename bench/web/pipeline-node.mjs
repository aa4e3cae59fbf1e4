// The worker's load pipeline (web/src/load-job.js) under node, on one dump, for profiling:
//   node --cpu-prof --cpu-prof-dir DIR bench/web/pipeline-node.mjs DUMP
// Prints the phases as one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runLoad } from '../../web/src/load-job.js';
import { yamlToJson } from '../../web/src/yaml-bridge.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
globalThis.kspanYamlToJson = yamlToJson;
const K = await createRequire(import.meta.url)(path.join(REPO, 'build', 'wasm', 'kspan_wasm.js'))();
const file = process.argv[2];
const blob = new Blob([fs.readFileSync(file)]);
const t = performance.now();
const result = await runLoad(K, [{ file: blob, path: path.basename(file), bundle: false }], {}, () => {});
const totalMs = Math.round(performance.now() - t);
const t1 = performance.now();
result.release();
console.log(JSON.stringify({ totalMs, traces: result.model.traces.length, ...result.viewer.phases,
  releaseMs: Math.round(performance.now() - t1) }));
