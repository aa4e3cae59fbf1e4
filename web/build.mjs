// npm run build: bundles the viewer into build/web/ (index.html, app.js, worker.js, CSS,
// the core as kspan_wasm.js, and a sample dump). Works from any static file server.
//   --mock   use the JavaScript stand-in for the core even when build/wasm exists
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
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

// The self-contained report: index.html with the app and its CSS inside, no worker, and two
// placeholders that `kspan convert --format html` replaces with OTLP/JSON and the summary JSON
// (every "</" written "<\/"). A strict policy by hash: the report can make no request at all.
export const TRACES_PLACEHOLDER = '/*KSPAN_TRACES*/';
export const SUMMARY_PLACEHOLDER = '/*KSPAN_SUMMARY*/';
function reportTemplate() {
  const html = fs.readFileSync(path.join(src, 'index.html'), 'utf8');
  const css = ['theme.css', 'app.css'].map((f) => fs.readFileSync(path.join(src, f), 'utf8')).join('\n');
  const js = fs.readFileSync(path.join(out, 'app.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  for (const [name, text, end] of [['app.js', js, '</script'], ['CSS', css, '</style']]) {
    if (text.toLowerCase().includes(end)) throw new Error(`${name} contains "${end}": it cannot be inlined`);
    if (text.includes(TRACES_PLACEHOLDER) || text.includes(SUMMARY_PLACEHOLDER)) throw new Error(`${name} contains a placeholder`);
  }
  const hash = (t) => `'sha256-${crypto.createHash('sha256').update(t, 'utf8').digest('base64')}'`;
  const icon = 'data:image/svg+xml;base64,' + fs.readFileSync(path.join(src, 'favicon.svg')).toString('base64');
  const csp = `default-src 'none'; script-src ${hash(js)}; style-src ${hash(css)}; img-src data: blob:; ` +
    "connect-src 'none'; worker-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
  const swap = (text, from, to) => {
    if (!text.includes(from)) throw new Error('index.html has no ' + from);
    return text.replace(from, () => to);
  };
  let t = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  if (t === html) throw new Error('index.html has no Content-Security-Policy meta tag');
  t = swap(t, '<link rel="icon" href="favicon.svg" type="image/svg+xml">', `<link rel="icon" href="${icon}" type="image/svg+xml">`);
  t = swap(t, '<img src="favicon.svg"', `<img src="${icon}"`);
  t = swap(t, '<link rel="stylesheet" href="theme.css">\n<link rel="stylesheet" href="app.css">', `<style>${css}</style>`);
  t = swap(t, '<script src="app.js" defer></script>\n', '');
  t = swap(t, '</body>', `<script id="kspan-traces" type="application/json">${TRACES_PLACEHOLDER}</script>\n` +
    `<script id="kspan-summary" type="application/json">${SUMMARY_PLACEHOLDER}</script>\n<script>${js}</script>\n</body>`);
  t = t.replace('<title>kspan — Kubernetes events as traces</title>', '<title>kspan report — Kubernetes events as traces</title>');
  for (const p of [TRACES_PLACEHOLDER, SUMMARY_PLACEHOLDER]) {
    if (t.split(p).length !== 2) throw new Error(`the report template must hold ${p} exactly once`);
  }
  if (/\s(src|href)="(?!data:|#)/.test(t)) throw new Error('the report template refers to another file');
  return t;
}
fs.writeFileSync(path.join(out, 'report-template.html'), reportTemplate());

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
