// One open trace: its header and legend, the minimap, the waterfall and the span details.
// Owns the view state (collapsed spans, selection, time window) and the keyboard.
import { h, clear } from './dom.js';
import { serviceColor } from './colors.js';
import { formatDuration, formatTime, formatCount, plural } from './format.js';
import { visibleRows, hasChildren, reveal, allParents } from './rows.js';
import { Waterfall } from './waterfall.js';
import { Minimap } from './minimap.js';
import { renderDetails } from './details.js';
import { formatHash } from './url-state.js';

export class TraceView {
  /**
   * @param {HTMLElement} root
   * @param {{onBack: () => void, onSelectSpan: (traceId: string, spanId: string) => void,
   *          onGoto: (traceId: string, spanId: string) => void, spanById: Function}} cb
   */
  constructor(root, cb) {
    this.root = root;
    this.cb = cb;
    this.trace = null;
    this.model = null;
    this.collapsed = new Set();
    this.rows = new Int32Array(0);
    this.rowOf = new Int32Array(0);
    this.selected = -1;
    this.detailsOpen = false;

    this.title = h('h2', { class: 'tv-title' });
    this.meta = h('div', { class: 'tv-meta' });
    this.legend = h('div', { class: 'legend', attrs: { 'aria-label': 'Services' } });
    const back = h('button', { class: 'btn back', text: '← Traces', attrs: { title: 'Back to the trace list (Esc)' },
      on: { click: () => cb.onBack() } });
    const expand = h('button', { class: 'btn small', text: 'Expand all', on: { click: () => this.setCollapsed(new Set()) } });
    const collapse = h('button', { class: 'btn small', text: 'Collapse all',
      on: { click: () => this.setCollapsed(allParents(this.trace.spans)) } });
    this.find = h('input', { type: 'search', class: 'tv-find', placeholder: 'Find in trace…',
      attrs: { 'aria-label': 'Find spans in this trace' },
      on: { input: () => this.runFind(), keydown: (e) => this.onFindKey(e) } });
    this.findCount = h('span', { class: 'tv-find-count', attrs: { 'aria-live': 'polite' } });
    this.resetZoom = h('button', { class: 'btn small', text: 'Reset zoom', on: { click: () => this.setWindow(0, this.trace.duration) } });
    this.header = h('header', { class: 'tv-header' },
      h('div', { class: 'tv-top' }, back, h('div', { class: 'tv-heading' }, this.title, this.meta),
        h('div', { class: 'tv-tools' }, this.find, this.findCount, expand, collapse, this.resetZoom)),
      this.legend);
    const mm = h('div', { class: 'minimap' });
    const wf = h('div', { class: 'waterfall' });
    this.details = h('aside', { class: 'details', attrs: { 'aria-label': 'Span details' } });
    this.details.hidden = true;
    this.splitter = h('div', { class: 'name-splitter', attrs: { title: 'Drag to resize the names column' } });
    root.append(this.header, mm, h('div', { class: 'tv-main' }, h('div', { class: 'tv-timeline' }, wf, this.splitter), this.details));

    this.minimap = new Minimap(mm, (a, b) => this.setWindow(a, b));
    this.waterfall = new Waterfall(wf, {
      onSelect: (i) => { this.select(i, false); this.openDetails(true); },
      onToggle: (i) => this.toggle(i),
      onActivate: (i) => this.select(i, false),
    });
    this.waterfall.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.initSplitter(root);
  }

  /** Opens a trace, fully expanded, with span spanId selected (or none). */
  open(model, trace, spanId) {
    this.model = model;
    this.trace = trace;
    this.collapsed = new Set();
    this.selected = -1;
    this.spanIndex = new Map(trace.spans.map((s, i) => [s.id, i]));
    this.find.value = '';
    this.matches = [];
    this.findCount.textContent = '';
    this.renderHeader();
    this.waterfall.setTrace(trace, model.services);
    this.minimap.setTrace(trace, model.services);
    this.setWindow(0, trace.duration);
    this.updateRows();
    const i = spanId ? this.spanIndex.get(spanId) : undefined;
    if (i !== undefined) {
      this.select(i, true);
      this.openDetails(true);
    } else {
      this.openDetails(false);
    }
    this.waterfall.focus();
  }

  /** Selects a span of this trace by id (deep link, link click). */
  selectById(spanId) {
    const i = this.spanIndex?.get(spanId);
    if (i === undefined) return false;
    this.select(i, true);
    this.openDetails(true);
    return true;
  }

  renderHeader() {
    const t = this.trace;
    const svc = this.model.services;
    clear(this.title).append(
      h('span', { class: 'swatch', style: { background: serviceColor(this.model.services[t.rootService]) } }),
      h('span', { class: 'tv-svc', text: svc[t.rootService] }), ' ', h('span', { text: t.rootName }));
    const obj = [t.objectKind, [t.namespace, t.objectName].filter(Boolean).join('/')].filter(Boolean).join(' ');
    clear(this.meta).append(...[
      ...[obj, formatTime(t.start), formatDuration(t.duration), plural(t.spanCount, 'span'),
        'depth ' + formatCount(t.maxDepth + 1)]
        .filter(Boolean).map((x) => h('span', { text: x })),
      t.warningCount ? h('span', { class: 'warn-text', text: plural(t.warningCount, 'warning') }) : null,
      t.orphans ? h('span', { class: 'warn-text', text: plural(t.orphans, 'span') + ' whose parent is not loaded' }) : null,
    ].filter(Boolean));
    clear(this.legend).append(...t.services.map((s) => h('span', { class: 'legend-item' },
      h('span', { class: 'swatch', style: { background: serviceColor(svc[s]) } }), svc[s])));
  }

  updateRows() {
    this.rows = visibleRows(this.trace.spans, this.collapsed);
    this.rowOf = new Int32Array(this.trace.spans.length).fill(-1);
    for (let r = 0; r < this.rows.length; r++) this.rowOf[this.rows[r]] = r;
    this.waterfall.setRows(this.rows, this.collapsed);
  }

  setCollapsed(c) {
    this.collapsed = c;
    if (this.selected >= 0 && this.rowOf && c.size) {
      // Keep the selection visible: move it to its nearest visible ancestor.
      const rows = visibleRows(this.trace.spans, c);
      const vis = new Set(rows);
      let i = this.selected;
      while (i >= 0 && !vis.has(i)) i = this.trace.spans[i].parent;
      this.selected = i;
      this.waterfall.selected = i;
    }
    this.updateRows();
  }

  toggle(i) {
    const s = this.trace.spans[i];
    if (!hasChildren(this.trace.spans, i)) return;
    const c = new Set(this.collapsed);
    if (c.has(s.id)) c.delete(s.id);
    else c.add(s.id);
    this.setCollapsed(c);
  }

  select(i, center) {
    if (i < 0) return;
    if (this.rowOf[i] < 0) {
      this.collapsed = reveal(this.trace.spans, this.collapsed, i);
      this.updateRows();
    }
    this.selected = i;
    this.waterfall.setSelected(i);
    this.waterfall.scrollToRow(this.rowOf[i], center);
    if (this.detailsOpen) this.renderDetails();
    this.cb.onSelectSpan(this.trace.id, this.trace.spans[i].id);
  }

  openDetails(open) {
    this.detailsOpen = open && this.selected >= 0;
    this.details.hidden = !this.detailsOpen;
    if (this.detailsOpen) this.renderDetails();
    this.waterfall.syncScrollbar();
  }

  renderDetails() {
    const s = this.trace.spans[this.selected];
    this.details.replaceChildren(renderDetails(s, {
      trace: this.trace,
      services: this.model.services,
      resources: this.model.resources,
      spanById: this.cb.spanById,
      onGoto: (t, sp) => this.cb.onGoto(t, sp),
      onClose: () => { this.openDetails(false); this.waterfall.focus(); },
      linkFor: (t, sp) => formatHash({ trace: t.id, span: sp.id }),
    }));
    this.details.scrollTop = 0;
  }

  /** Marks the spans whose service, name, object or message contain every word typed. */
  runFind() {
    const words = this.find.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const svc = this.model.services;
    const matches = [];
    if (words.length) {
      this.trace.spans.forEach((s, i) => {
        const text = (svc[s.service] + ' ' + s.name + ' ' + s.objectName + ' ' + s.subjectName + ' ' + s.message + ' ' + s.id).toLowerCase();
        if (words.every((w) => text.includes(w))) matches.push(i);
      });
    }
    this.matches = matches;
    this.waterfall.setMatches(words.length ? new Set(matches) : null);
    this.findCount.textContent = words.length ? (matches.length ? matches.length + ' found' : 'none') : '';
  }

  onFindKey(e) {
    if (e.key === 'Escape') {
      this.find.value = '';
      this.runFind();
      this.waterfall.focus();
      e.preventDefault();
      e.stopPropagation();
    } else if (e.key === 'Enter' && this.matches.length) {
      // Next (Shift: previous) match after the selected span, in tree order.
      const cur = this.selected;
      const m = this.matches;
      let k = e.shiftKey ? m.findLastIndex((i) => i < cur) : m.findIndex((i) => i > cur);
      if (k < 0) k = e.shiftKey ? m.length - 1 : 0;
      this.select(m[k], true);
      this.openDetails(true);
      this.findCount.textContent = (k + 1) + ' of ' + m.length;
      e.preventDefault();
    }
  }

  setWindow(from, to) {
    const d = Math.max(1, this.trace.duration);
    from = Math.max(0, Math.min(from, d));
    to = Math.max(from, Math.min(to, d));
    if (to - from < 1) { from = 0; to = d; }
    this.window = [from, to];
    this.waterfall.setWindow(from, to);
    this.minimap.setWindow(from, to);
    this.resetZoom.disabled = from === 0 && to >= d;
  }

  onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const spans = this.trace.spans;
    const r = this.selected >= 0 ? this.rowOf[this.selected] : -1;
    const go = (row) => {
      row = Math.max(0, Math.min(this.rows.length - 1, row));
      this.select(this.rows[row], false);
    };
    switch (e.key) {
      case 'ArrowDown': go(r < 0 ? this.waterfall.list.firstVisibleIndex() : r + 1); break;
      case 'ArrowUp': go(r < 0 ? this.waterfall.list.firstVisibleIndex() : r - 1); break;
      case 'PageDown': go(r + this.waterfall.pageSize()); break;
      case 'PageUp': go(r - this.waterfall.pageSize()); break;
      case 'Home': go(0); break;
      case 'End': go(this.rows.length - 1); break;
      case 'ArrowRight':
        if (this.selected < 0) go(0);
        else if (hasChildren(spans, this.selected)) {
          if (this.collapsed.has(spans[this.selected].id)) this.toggle(this.selected);
          else go(r + 1);
        }
        break;
      case 'ArrowLeft':
        if (this.selected < 0) break;
        if (hasChildren(spans, this.selected) && !this.collapsed.has(spans[this.selected].id)) this.toggle(this.selected);
        else if (spans[this.selected].parent >= 0) this.select(spans[this.selected].parent, false);
        break;
      case 'Enter':
      case ' ':
        if (this.selected < 0) go(0);
        this.openDetails(!this.detailsOpen);
        break;
      case 'Escape':
        if (this.detailsOpen) this.openDetails(false);
        else this.cb.onBack();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  initSplitter(root) {
    let startX = 0;
    let startW = 0;
    const move = (e) => {
      const w = Math.max(180, Math.min(startW + e.clientX - startX, root.clientWidth * 0.7));
      root.style.setProperty('--name-w', w + 'px');
    };
    this.splitter.addEventListener('pointerdown', (e) => {
      startX = e.clientX;
      startW = this.waterfall.head.querySelector('.tl-name-head').offsetWidth;
      this.splitter.setPointerCapture(e.pointerId);
      this.splitter.addEventListener('pointermove', move);
      this.splitter.addEventListener('pointerup', () => this.splitter.removeEventListener('pointermove', move), { once: true });
    });
  }
}
