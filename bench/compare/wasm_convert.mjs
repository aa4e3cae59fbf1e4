// The wasm build of the core under node, as the viewer drives it (wasm/bridge.cpp's Session):
// the file pushed in 1 MiB slices, then the OTLP/JSON text taken out. Prints the span count.
// Usage: node wasm_convert.mjs KSPAN_WASM_JS FILE
import { openSync, readSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [wasmJs, file] = process.argv.slice(2);
const createKspan = createRequire(import.meta.url)(path.resolve(wasmJs));
const K = await createKspan();
const session = new K.Session(JSON.stringify({}));
session.beginSource(path.basename(file));
const fd = openSync(file, 'r');
const chunk = Buffer.allocUnsafe(1 << 20);
for (;;) {
  const n = readSync(fd, chunk, 0, chunk.length, null);
  if (n === 0) break;
  session.push(chunk.subarray(0, n));
}
closeSync(fd);
session.endSource();
session.finish();
const otlp = session.otlpJson();
const summary = JSON.parse(session.summaryJson());
session.delete();
console.log(`${summary.spans} spans, ${otlp.length} chars of OTLP/JSON`);
