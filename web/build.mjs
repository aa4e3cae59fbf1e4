// npm run build: bundles the viewer into build/web/ (index.html, app.js, worker.js, CSS,
// the core as kspan_wasm.js, and a sample dump). Works from any static file server.
//   --mock   use the JavaScript stand-in for the core even when build/wasm exists
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(web, '..');
const out = path.join(repo, 'build', 'web');
const src = path.join(web, 'src');
const forceMock = process.argv.includes('--mock') || process.env.KSPAN_WEB_CORE === 'mock';

// The sample shown when the page opens: a support bundle, a kspan capture and an events-only dump.
const SAMPLE = [
  'support-bundle-velero/cluster-resources/events/velero.json',
  'support-bundle-velero/cluster-resources/pods/velero.json',
  'support-bundle-velero/cluster-resources/replicasets/velero.json',
  'support-bundle-velero/cluster-resources/deployments/velero.json',
  'kspan/deployment-2-pods.capture.yaml',
  'troubleshoot/failed-mount-crashloop-events.json',
];

function fixturesDir() {
  const candidates = [path.join(repo, 'tests', 'fixtures'), path.resolve(repo, '..', 'shared', 'fixtures'), '/work/shared/fixtures'];
  return candidates.find((d) => SAMPLE.every((f) => fs.existsSync(path.join(d, f))));
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const common = {
  bundle: true, format: 'iife', target: ['chrome110', 'firefox115', 'safari16.4'],
  minify: !process.argv.includes("--dev"), sourcemap: true, legalComments: 'linked', logLevel: 'warning',
};
await build({ ...common, entryPoints: [path.join(src, 'main.js')], outfile: path.join(out, 'app.js') });
await build({ ...common, entryPoints: [path.join(src, 'worker.js')], outfile: path.join(out, 'worker.js') });

for (const f of ['index.html', 'theme.css', 'app.css', 'favicon.svg']) fs.copyFileSync(path.join(src, f), path.join(out, f));

const realCore = path.join(repo, 'build', 'wasm', 'kspan_wasm.js');
const core = !forceMock && fs.existsSync(realCore) ? 'wasm' : 'mock';
fs.copyFileSync(core === 'wasm' ? realCore : path.join(web, 'mock', 'kspan-mock.js'), path.join(out, 'kspan_wasm.js'));

const fixtures = fixturesDir();
const files = [];
if (fixtures) {
  for (const f of SAMPLE) {
    const to = path.join(out, 'sample', f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(fixtures, f), to);
    files.push({ name: f, size: fs.statSync(to).size });
  }
}
// What the page opens at start is named by open.json beside it: `kspan view` serves its own
// (the files it was given); the built site's names the sample. sample/open.json names the
// sample too, for the Sample button and for a server that has no open.json.
fs.mkdirSync(path.join(out, 'sample'), { recursive: true });
const describe = (prefix) => JSON.stringify({ files: files.map((f) => ({ name: f.name, url: prefix + f.name, size: f.size })) }, null, 1) + '\n';
fs.writeFileSync(path.join(out, 'open.json'), describe('sample/'));
fs.writeFileSync(path.join(out, 'sample', 'open.json'), describe(''));
// The page's Content-Security-Policy has no 'unsafe-eval': a core that needs it cannot run.
const coreUsesEval = /new Function\(|new_\(Function/.test(fs.readFileSync(path.join(out, 'kspan_wasm.js'), 'utf8'));
if (coreUsesEval) {
  console.error('error: build/wasm/kspan_wasm.js uses new Function(), which the viewer\'s Content-Security-Policy ' +
    'forbids: link it with -sDYNAMIC_EXECUTION=0 (wasm/CMakeLists.txt does), or build with --mock');
  process.exit(1);
}
fs.writeFileSync(path.join(out, 'build-info.json'),
  JSON.stringify({ core, sample: files.length, fixtures: fixtures ?? null }, null, 1) + '\n');

console.log(`built ${path.relative(process.cwd(), out) || out}: core=${core}` +
  (core === 'mock' ? ' (JavaScript stand-in: build/wasm/kspan_wasm.js not found)' : '') +
  `, sample=${files.length} files${fixtures ? ' from ' + fixtures : ' (no fixtures found)'}`);
