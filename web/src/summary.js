// The load summary: what was read, what it became, and every skip and repair with its
// reason, file and line, so that bad input is visible.
import { h } from './dom.js';
import { formatBytes, formatCount, plural } from './format.js';
import { RULES } from './explain.js';

/**
 * @param {HTMLElement} root the element with data-testid="load-summary"
 * @param {object} summary the core's summary JSON
 * @param {object} viewer the worker's own counters (OTLP files, archives, passed over)
 * @param {{traces: object[]}} model
 */
export function renderSummary(root, summary, viewer, model) {
  const s = summary ?? {};
  const spans = model.traces.reduce((a, t) => a + t.spanCount, 0);
  const warnings = model.traces.reduce((a, t) => a + t.warningCount, 0);
  const skipped = [...(s.skipped ?? []).map((x) => ({ ...x, by: 'core' })), ...(viewer.skipped ?? []).map((x) => ({ ...x, by: 'viewer' }))];
  const repaired = s.repaired ?? [];
  const limited = s.limited ?? [];
  const sources = [...(s.sources ?? []), ...(viewer.sources ?? [])];
  const badSources = sources.filter((x) => x.error);
  const passedOver = (s.files_passed_over ?? 0) + (viewer.passedOver ?? 0);
  const skipCount = skipped.reduce((a, x) => a + (x.count ?? 0), 0);
  const repairCount = repaired.reduce((a, x) => a + (x.count ?? 0), 0);
  const limitCount = limited.reduce((a, x) => a + (x.count ?? 0), 0);

  const stat = (n, label, testid, cls = '') =>
    h('div', { class: 'stat ' + cls, dataset: testid ? { stat: testid } : undefined },
      h('span', { class: 'n', text: formatCount(n ?? 0) }), h('span', { class: 'l', text: label }));

  const headline = h('div', { class: 'sum-stats' },
    stat(viewer.files, viewer.files === 1 ? 'file' : 'files', 'files'),
    stat(s.records, 'records', 'records'),
    stat(s.events, 'events', 'events'),
    stat(s.objects, 'objects', 'objects'),
    h('span', { class: 'arrow', text: '→', attrs: { 'aria-hidden': 'true' } }),
    stat(spans, 'spans', 'spans'),
    stat(model.traces.length, 'traces', 'traces'),
    stat(warnings, 'warnings', 'warnings', warnings ? 'warn' : ''),
    stat(skipCount, 'skipped', 'skipped', skipCount ? 'bad' : ''),
    repairCount ? stat(repairCount, 'repaired', 'repaired', 'notice') : null,
    limitCount ? stat(limitCount, 'at a memory limit', 'limited', 'warn') : null,
    passedOver ? stat(passedOver, 'files passed over', 'passed-over', 'notice') : null);

  const notes = [];
  if (s.mock) {
    notes.push(h('p', { class: 'note bad', text: 'The WebAssembly core was not built: these spans come from a rough ' +
      'stand-in written in JavaScript, not from kspan\'s correlation rules.' }));
  }
  const extra = [];
  if (s.roots_synthesised) extra.push(plural(s.roots_synthesised, 'root') + ' made by kspan');
  if (viewer.otlpSpans) extra.push(plural(viewer.otlpSpans, 'span') + ' from OTLP files, shown as they are');
  if (s.late) extra.push(plural(s.late, 'late event'));
  if (s.skewed) extra.push(plural(s.skewed, 'event') + ' with a clock ahead (skewed)');
  if (s.pending) extra.push(plural(s.pending, 'event') + ' still pending');
  if (viewer.duplicates) extra.push(plural(viewer.duplicates, 'duplicate span') + ' dropped');
  if (viewer.orphans) extra.push(plural(viewer.orphans, 'span') + ' whose parent is not loaded');
  if (viewer.report) extra.push('converted by kspan into this report from ' + formatBytes(viewer.bytes ?? 0));
  else extra.push(formatBytes(viewer.bytes ?? 0) + ' read in ' + ((viewer.elapsedMs ?? 0) / 1000).toFixed(1) + ' s');
  notes.push(h('p', { class: 'sum-extra', text: extra.join(' · ') }));

  const problems = [];
  if (skipped.length) problems.push(problemTable('Skipped', 'skipped', skipped));
  if (badSources.length) {
    problems.push(h('div', { class: 'problem' }, h('h3', { text: 'Files not read' }), h('ul', {}, badSources.map((x) =>
      h('li', {}, h('code', { text: x.name }), ': ', x.error)))));
  }
  if (repaired.length) problems.push(problemTable('Repaired (kept, with a field read as absent)', 'repaired', repaired));
  if (limited.length) problems.push(problemTable('Memory limits reached (no event lost; raise them in Settings)', 'limited', limited));
  if (viewer.passedOver) {
    problems.push(h('details', { class: 'problem quiet' },
      h('summary', { text: plural(viewer.passedOver, 'file') + ' passed over (not cluster resources: logs, host data…)' }),
      h('ul', {}, (viewer.passedOverExamples ?? []).map((x) => h('li', {}, h('code', { text: x.path }),
        x.source ? ' in ' + x.source : '')), viewer.passedOver > (viewer.passedOverExamples ?? []).length ? h('li', { text: '…' }) : null)));
  }

  const more = h('details', { class: 'sum-more' }, h('summary', { text: 'Sources and parent rules' }),
    h('div', { class: 'sum-cols' },
      h('div', {}, h('h3', { text: 'Sources' }), h('table', { class: 'sum-table' },
        h('thead', {}, h('tr', {}, ['File', 'Format', 'Size', 'Records'].map((x) => h('th', { text: x })))),
        h('tbody', {}, sources.map((x) => h('tr', { class: x.error ? 'bad' : '' },
          h('td', { class: 'path', text: x.name }), h('td', { text: x.format || '' }),
          h('td', { class: 'num', text: formatBytes(x.bytes) }), h('td', { class: 'num', text: formatCount(x.records) })))))),
      h('div', {}, h('h3', { text: 'How parents were chosen' }), h('table', { class: 'sum-table' },
        h('tbody', {}, Object.entries(s.parent_rules ?? {}).sort((a, b) => b[1] - a[1]).map(([rule, n]) =>
          h('tr', {}, h('td', { text: RULES[rule]?.title ?? rule, attrs: { title: rule } }),
            h('td', { class: 'num', text: formatCount(n) }))))))));

  root.replaceChildren(h('div', { class: 'sum-main' }, headline, notes), ...problems, more);
  root.classList.toggle('has-problems', skipped.length > 0 || badSources.length > 0);
}

function problemTable(title, kind, entries) {
  return h('div', { class: 'problem ' + kind, dataset: { problem: kind } },
    h('h3', { text: title }),
    h('table', { class: 'sum-table' },
      h('thead', {}, h('tr', {}, ['Reason', 'Count', 'Where', 'Detail'].map((x) => h('th', { text: x })))),
      h('tbody', {}, entries.flatMap((e) => {
        const ex = e.examples?.length ? e.examples : [{}];
        return ex.map((x, k) => h('tr', {},
          k === 0 ? h('td', { class: 'reason', attrs: { rowspan: ex.length } },
            h('code', { text: e.reason }), h('div', { class: 'desc', text: e.description ?? '' })) : null,
          k === 0 ? h('td', { class: 'num', attrs: { rowspan: ex.length }, text: formatCount(e.count) }) : null,
          h('td', { class: 'where', text: where(x) }),
          h('td', { class: 'detail', text: [x.object, x.detail].filter(Boolean).join(' — ') })));
      }))));
}

/** "file.json line 3", or "file.json byte 120" for a file without lines. */
export function where(x) {
  if (!x || !x.source) return '';
  if (x.line) return x.source + ' line ' + x.line;
  if (x.offset) return x.source + ' byte ' + x.offset;
  return x.source;
}
