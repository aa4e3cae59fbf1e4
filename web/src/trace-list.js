// The trace list: one row per trace, sortable columns, filters; virtualized like the waterfall.
import { h, setText } from './dom.js';
import { VirtualList } from './virtual-list.js';
import { serviceColor } from './colors.js';
import { formatDuration, formatTime, formatCount, plural } from './format.js';
import { EMPTY_FILTER, filterOptions, filterTraces, sortTraces } from './trace-filter.js';

const ROW_HEIGHT = 44;
const COLUMNS = [
  { key: 'name', label: 'Root span' },
  { key: 'namespace', label: 'Namespace' },
  { key: 'object', label: 'Object' },
  { key: 'start', label: 'Start (UTC)' },
  { key: 'duration', label: 'Duration' },
  { key: 'spans', label: 'Spans', num: true },
  { key: 'warnings', label: 'Warnings', num: true },
];

export class TraceList {
  /**
   * @param {{onOpen: (traceId: string) => void,
   *          search: (text: string) => Promise<Set<string> | null>}} cb search: ids of the traces
   *   whose spans contain the text (the worker holds the spans), or null when outdated
   */
  constructor(root, cb) {
    this.cb = cb;
    this.model = null;
    this.filter = { ...EMPTY_FILTER };
    this.sort = { key: 'start', desc: false };
    this.shown = [];
    this.textIds = null; // ids matching filter.text, once the worker answered
    this.searchTimer = 0;
    this.cursor = 0;

    this.text = h('input', { type: 'search', class: 'f-text', placeholder: 'Search names, objects, messages, ids…',
      attrs: { 'aria-label': 'Search' }, on: { input: () => this.onText() } });
    this.ns = this.select('All namespaces', 'namespace');
    this.kind = this.select('All kinds', 'kind');
    this.reason = this.select('All reasons', 'reason');
    this.service = this.select('All services', 'service');
    this.warn = h('input', { type: 'checkbox', on: { change: () => { this.filter.warningsOnly = this.warn.checked; this.apply(); } } });
    this.count = h('span', { class: 'f-count', attrs: { 'aria-live': 'polite' } });
    const reset = h('button', { class: 'btn small', text: 'Clear', on: { click: () => this.resetFilter() } });
    root.append(h('div', { class: 'filters' }, this.text, this.ns, this.kind, this.reason, this.service,
      h('label', { class: 'f-warn' }, this.warn, ' Warnings only'), reset, this.count));

    this.headCells = COLUMNS.map((c) => h('button', {
      class: 'th' + (c.num ? ' num' : ''), dataset: { sort: c.key }, text: c.label,
      attrs: { title: 'Sort by ' + c.label.toLowerCase() }, on: { click: () => this.sortBy(c.key) },
    }));
    this.viewport = h('div', { class: 'tl-list', attrs: { tabindex: '0', role: 'grid', 'aria-label': 'Traces' } });
    this.empty = h('div', { class: 'empty' });
    root.append(h('div', { class: 'trace-table' },
      h('div', { class: 'thead trace-grid', attrs: { role: 'row' } }, this.headCells), this.viewport, this.empty));
    this.list = new VirtualList(this.viewport, {
      rowHeight: ROW_HEIGHT, overscan: 12,
      createRow: () => this.createRow(), renderRow: (el, i) => this.renderRow(el, i),
    });
    this.viewport.addEventListener('click', (e) => {
      const row = e.target.closest('.trace-row');
      if (row) this.cb.onOpen(row._trace.id);
    });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
  }

  select(all, key) {
    const el = h('select', { attrs: { 'aria-label': all }, on: { change: () => {
      this.filter[key] = key === 'service' ? Number(el.value) : el.value;
      this.apply();
    } } });
    el._all = all;
    return el;
  }

  onText() {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.search(), 120);
  }

  async search() {
    const text = this.text.value.trim();
    if (!text) {
      this.filter.text = '';
      this.textIds = null;
      this.apply();
      return;
    }
    const ids = await this.cb.search(text);
    if (ids === null || this.text.value.trim() !== text) return; // a newer search or load is on its way
    this.filter.text = text;
    this.textIds = ids;
    this.apply();
  }

  setModel(model) {
    this.model = model;
    this.textIds = null; // ids of the last load; asked again below
    const o = filterOptions(model.traces);
    const fill = (el, values, label = (v) => v) => {
      const keep = el.value;
      el.replaceChildren(h('option', { value: el === this.service ? '-1' : '', text: el._all }),
        ...values.map((v) => h('option', { value: String(v), text: label(v) })));
      el.value = [...el.options].some((op) => op.value === keep) ? keep : el.options[0].value;
    };
    fill(this.ns, o.namespaces);
    fill(this.kind, o.kinds);
    fill(this.reason, o.reasons);
    fill(this.service, o.services, (i) => model.services[i]);
    this.filter.namespace = this.ns.value;
    this.filter.kind = this.kind.value;
    this.filter.reason = this.reason.value;
    this.filter.service = Number(this.service.value);
    this.maxDuration = model.traces.reduce((a, t) => Math.max(a, t.duration), 1);
    this.apply();
    if (this.text.value.trim()) this.search();
  }

  resetFilter() {
    this.filter = { ...EMPTY_FILTER };
    this.textIds = null;
    this.text.value = '';
    for (const el of [this.ns, this.kind, this.reason, this.service]) el.value = el.options[0]?.value ?? '';
    this.warn.checked = false;
    this.apply();
  }

  sortBy(key) {
    this.sort = { key, desc: this.sort.key === key ? !this.sort.desc : key === 'duration' || key === 'spans' || key === 'warnings' };
    this.apply();
  }

  apply() {
    if (!this.model) return;
    const ids = this.textIds;
    const filtered = filterTraces(this.model.traces, this.filter, this.filter.text && ids ? (t) => ids.has(t.id) : null);
    this.shown = sortTraces(filtered, this.sort.key, this.sort.desc, this.model.services);
    for (const c of this.headCells) {
      const on = c.dataset.sort === this.sort.key;
      c.classList.toggle('sorted', on);
      c.dataset.dir = on ? (this.sort.desc ? 'desc' : 'asc') : '';
      c.setAttribute('aria-sort', on ? (this.sort.desc ? 'descending' : 'ascending') : 'none');
    }
    const total = this.model.traces.length;
    setText(this.count, this.shown.length === total ? plural(total, 'trace')
      : formatCount(this.shown.length) + ' of ' + plural(total, 'trace'));
    this.empty.hidden = this.shown.length > 0;
    setText(this.empty, total ? 'No trace matches these filters.' : 'No traces: open files to see their traces.');
    this.cursor = Math.min(this.cursor, Math.max(0, this.shown.length - 1));
    this.list.setCount(this.shown.length);
  }

  createRow() {
    const el = h('div', { class: 'trace-row trace-grid', dataset: { testid: 'trace-row' }, attrs: { role: 'row' } });
    el._swatch = h('span', { class: 'swatch' });
    el._svc = h('span', { class: 'svc' });
    el._name = h('span', { class: 'op' });
    el._id = h('span', { class: 'trace-id' });
    el._ns = h('div', { class: 'cell ns' });
    el._obj = h('div', { class: 'cell obj' });
    el._start = h('div', { class: 'cell start' });
    el._durBar = h('span', { class: 'dur-bar' });
    el._durText = h('span', { class: 'dur-text' });
    el._spans = h('div', { class: 'cell num' });
    el._warns = h('div', { class: 'cell num warns' });
    el.append(
      h('div', { class: 'cell root' }, h('div', { class: 'root-line' }, el._swatch, el._svc, el._name), el._id),
      el._ns, el._obj, el._start, h('div', { class: 'cell duration' }, el._durText, el._durBar), el._spans, el._warns);
    return el;
  }

  renderRow(el, i) {
    const t = this.shown[i];
    const svc = this.model.services;
    el._trace = t;
    el.dataset.traceId = t.id;
    el.dataset.spans = String(t.spanCount);
    el.dataset.warnings = String(t.warningCount);
    el.classList.toggle('cursor', i === this.cursor);
    el._swatch.style.background = serviceColor(svc[t.rootService]);
    setText(el._svc, svc[t.rootService]);
    setText(el._name, t.rootName);
    setText(el._id, t.id);
    setText(el._ns, t.namespace || '—');
    setText(el._obj, t.objectKind || t.objectName ? t.objectKind + ' ' + t.objectName : '—');
    el._obj.title = el._obj.textContent;
    setText(el._start, formatTime(t.start, false));
    setText(el._durText, formatDuration(t.duration));
    el._durBar.style.width = Math.max(1, (t.duration / this.maxDuration) * 100) + '%';
    setText(el._spans, formatCount(t.spanCount));
    setText(el._warns, t.warningCount ? formatCount(t.warningCount) : '');
    el._warns.classList.toggle('has', t.warningCount > 0);
  }

  onKey(e) {
    const n = this.shown.length;
    if (!n) return;
    let c = this.cursor;
    if (e.key === 'ArrowDown') c++;
    else if (e.key === 'ArrowUp') c--;
    else if (e.key === 'PageDown') c += this.list.pageSize();
    else if (e.key === 'PageUp') c -= this.list.pageSize();
    else if (e.key === 'Home') c = 0;
    else if (e.key === 'End') c = n - 1;
    else if (e.key === 'Enter') { this.cb.onOpen(this.shown[this.cursor].id); e.preventDefault(); return; }
    else return;
    e.preventDefault();
    this.cursor = Math.max(0, Math.min(n - 1, c));
    this.list.scrollToIndex(this.cursor);
    this.list.render(true);
  }

  focus() {
    this.viewport.focus({ preventScroll: true });
  }
}
