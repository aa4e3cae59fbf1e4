// The waterfall: a virtualized span tree beside bars on a time axis. Rows are given
// (rows.js computes them); this file draws them and reports clicks.
import { h, setText } from './dom.js';
import { VirtualList } from './virtual-list.js';
import { serviceColor } from './colors.js';
import { formatDuration } from './format.js';
import { hasChildren } from './rows.js';
import { ticks } from './time-axis.js';

export const ROW_HEIGHT = 26;
const INDENT = 14;
const MAX_INDENT_LEVELS = 30;

export class Waterfall {
  /**
   * @param {HTMLElement} root
   * @param {{onSelect: (i: number) => void, onToggle: (i: number) => void, onActivate: (i: number) => void}} cb
   */
  constructor(root, cb) {
    this.cb = cb;
    this.trace = null;
    this.services = [];
    this.rows = new Int32Array(0);
    this.collapsed = new Set();
    this.selected = -1;
    this.matches = null; // Set of span indices found, or null when not searching
    this.from = 0; // window, µs from the trace's start
    this.to = 1;

    this.tickHead = h('div', { class: 'tl-ticks', attrs: { 'aria-hidden': 'true' } });
    this.head = h('div', { class: 'tl-head' },
      h('div', { class: 'tl-name-head' }, 'Service & span'),
      this.tickHead);
    this.grid = h('div', { class: 'tl-grid', attrs: { 'aria-hidden': 'true' } });
    this.viewport = h('div', {
      class: 'tl-body',
      attrs: { tabindex: '0', role: 'tree', 'aria-label': 'Spans of the trace' },
    });
    root.append(this.head, h('div', { class: 'tl-body-wrap' }, this.viewport, this.grid));

    this.list = new VirtualList(this.viewport, {
      rowHeight: ROW_HEIGHT,
      overscan: 10,
      createRow: () => this.createRow(),
      renderRow: (el, r) => this.renderRow(el, r),
    });
    this.viewport.addEventListener('click', (e) => this.onClick(e));
    this.viewport.addEventListener('dblclick', (e) => {
      const row = e.target.closest('.span-row');
      if (row && !e.target.closest('.toggle')) this.cb.onToggle(row._span);
    });
    new ResizeObserver(() => this.syncScrollbar()).observe(this.viewport);
  }

  setTrace(trace, services) {
    this.trace = trace;
    this.services = services;
    this.selected = -1;
    this.matches = null;
    this.rows = new Int32Array(0); // the old trace's rows mean nothing for this one
    this.list.setCount(0);
    this.viewport.scrollTop = 0;
    this.from = 0;
    this.to = Math.max(1, trace.duration);
  }

  setRows(rows, collapsed) {
    this.rows = rows;
    this.collapsed = collapsed;
    this.list.setCount(rows.length);
    this.syncScrollbar();
  }

  setWindow(from, to) {
    this.from = from;
    this.to = Math.max(from + 1, to);
    this.drawTicks();
    this.list.render(true);
  }

  setMatches(matches) {
    this.matches = matches;
    this.list.render(true);
  }

  setSelected(i) {
    this.selected = i;
    this.list.render(true);
  }

  scrollToRow(r, center) {
    this.list.scrollToIndex(r, center);
  }

  focus() {
    this.viewport.focus({ preventScroll: true });
  }

  pageSize() {
    return this.list.pageSize();
  }

  /** The scrollbar of the body takes width from the bars: the head and grid leave the same room. */
  syncScrollbar() {
    const sb = this.viewport.offsetWidth - this.viewport.clientWidth;
    this.head.style.setProperty('--sbw', sb + 'px');
    this.grid.style.setProperty('--sbw', sb + 'px');
  }

  drawTicks() {
    const ts = ticks(this.from, this.to, 6);
    this.tickHead.replaceChildren();
    this.grid.replaceChildren();
    for (const t of ts) {
      const pct = (t.frac * 100).toFixed(3) + '%';
      const label = h('span', { class: 'tl-tick', text: t.at === 0 ? '0' : formatDuration(t.at) });
      label.style.left = pct;
      if (t.frac > 0.97) label.classList.add('end');
      this.tickHead.append(label);
      const line = h('div', { class: 'tl-line' });
      line.style.left = pct;
      this.grid.append(line);
    }
  }

  createRow() {
    const el = h('div', { class: 'span-row', dataset: { testid: 'span-row' }, attrs: { role: 'treeitem' } });
    el._guide = h('span', { class: 'indent' });
    el._toggle = h('button', { class: 'toggle', attrs: { tabindex: '-1', 'aria-label': 'Collapse or expand' } });
    el._swatch = h('span', { class: 'swatch' });
    el._svc = h('span', { class: 'svc' });
    el._op = h('span', { class: 'op' });
    el._warn = h('span', { class: 'warn-icon', text: '!', attrs: { title: 'Warning' } });
    el._hidden = h('span', { class: 'hidden-count' });
    el._name = h('div', { class: 'name-cell' }, el._guide, el._toggle, el._swatch,
      h('span', { class: 'label' }, el._svc, el._op), el._hidden, el._warn);
    el._bar = h('div', { class: 'bar' });
    el._own = h('div', { class: 'own-moment', attrs: { title: "The event's own moment" } });
    el._instant = h('div', { class: 'instant' });
    el._dur = h('span', { class: 'dur' });
    el._track = h('div', { class: 'bar-cell' }, el._bar, el._own, el._instant, el._dur);
    el.append(el._name, el._track);
    return el;
  }

  renderRow(el, r) {
    const t = this.trace;
    const i = this.rows[r];
    const s = t.spans[i];
    el._span = i;
    el.dataset.spanId = s.id;
    const parent = hasChildren(t.spans, i);
    const collapsed = parent && this.collapsed.has(s.id);
    el.classList.toggle('selected', i === this.selected);
    el.classList.toggle('warn', s.error);
    el.classList.toggle('match', !!this.matches && this.matches.has(i));
    el.classList.toggle('dim', !!this.matches && !this.matches.has(i));
    el.setAttribute('aria-level', String(s.depth + 1));
    el.setAttribute('aria-selected', String(i === this.selected));
    if (parent) el.setAttribute('aria-expanded', String(!collapsed));
    else el.removeAttribute('aria-expanded');

    const levels = Math.min(s.depth, MAX_INDENT_LEVELS);
    el._guide.style.width = levels * INDENT + 'px';
    el._guide.classList.toggle('deep', s.depth > MAX_INDENT_LEVELS);
    el._guide.title = s.depth > MAX_INDENT_LEVELS ? 'depth ' + s.depth : '';
    el._toggle.style.visibility = parent ? 'visible' : 'hidden';
    setText(el._toggle, collapsed ? '▸' : '▾');
    const color = serviceColor(this.services[s.service]);
    el._swatch.style.background = color;
    setText(el._svc, this.services[s.service]);
    setText(el._op, s.name);
    el._warn.hidden = !s.error;
    el._hidden.hidden = !collapsed;
    if (collapsed) setText(el._hidden, '+' + (s.subtreeEnd - i - 1));
    el._name.title = this.services[s.service] + ' ' + s.name + (s.message ? '\n' + s.message : '');

    // Bars in percent of the window, so they follow resizes without a redraw.
    const span = this.to - this.from;
    const a0 = ((s.start - t.start - this.from) / span) * 100;
    const b0 = ((s.end - t.start - this.from) / span) * 100;
    // Zoomed in, a bar is cut at the window's edges: it never reaches into the names column.
    const a = Math.max(0, Math.min(100, a0));
    const b = Math.max(0, Math.min(100, b0));
    const instant = s.end === s.start;
    const outside = b0 < 0 || a0 > 100;
    el._bar.hidden = instant || outside;
    el._instant.hidden = !instant || outside;
    el._bar.classList.toggle('cut-start', a0 < 0);
    el._bar.classList.toggle('cut-end', b0 > 100);
    el._bar.classList.toggle('err', s.error);
    el._instant.classList.toggle('err', s.error);
    if (instant) {
      el._instant.style.left = a + '%';
      el._instant.style.backgroundColor = color;
    } else {
      el._bar.style.left = a + '%';
      el._bar.style.width = Math.max(0, b - a) + '%';
      el._bar.style.backgroundColor = color;
    }
    const own = s.shiftUs > 0 ? ((s.start + s.shiftUs - t.start - this.from) / span) * 100 : -1;
    if (s.shiftUs > 0 && own >= 0 && own <= 100) {
      el._own.hidden = false;
      el._own.style.left = own + '%';
      el._own.title = "The event's own moment: the span was stretched back " + formatDuration(s.shiftUs) +
        ' to cover its children';
    } else {
      el._own.hidden = true;
    }
    setText(el._dur, instant || outside ? '' : formatDuration(s.end - s.start));
    // The duration label: after the bar, else before it, else inside its end.
    const where = b < 93 ? 'after' : a > 18 ? 'before' : 'inside';
    el._dur.classList.toggle('inside', where === 'inside');
    el._dur.style.left = where === 'after' ? `calc(${Math.max(a, b)}% + 6px)` : '';
    el._dur.style.right = where === 'before' ? `calc(${100 - Math.min(a, b)}% + 6px)`
      : where === 'inside' ? `calc(${100 - Math.min(100, b)}% + 6px)` : '';
    el._track.title = s.name + (instant ? ' (instant)' : ' — ' + formatDuration(s.end - s.start)) +
      (s.message ? '\n' + s.message : '');
  }

  onClick(e) {
    const row = e.target.closest('.span-row');
    if (!row) return;
    if (e.target.closest('.toggle')) {
      this.cb.onToggle(row._span);
      return;
    }
    this.cb.onSelect(row._span);
  }
}
