// The minimap: the whole trace drawn small (one line per span, in tree order), with the
// time window of the waterfall shaded. Drag across it to zoom; double-click to see it all.
import { h } from './dom.js';
import { serviceColor } from './colors.js';
import { ticks } from './time-axis.js';
import { formatDuration } from './format.js';

const HEIGHT = 56;
const MIN_DRAG_PX = 4;

export class Minimap {
  /** @param {(from: number, to: number) => void} onWindow window in µs from the trace start */
  constructor(root, onWindow) {
    this.onWindow = onWindow;
    this.canvas = h('canvas', { class: 'mm-canvas', attrs: { 'aria-hidden': 'true' } });
    this.shadeL = h('div', { class: 'mm-shade left' });
    this.shadeR = h('div', { class: 'mm-shade right' });
    this.sel = h('div', { class: 'mm-drag' });
    this.sel.hidden = true;
    this.labels = h('div', { class: 'mm-ticks', attrs: { 'aria-hidden': 'true' } });
    this.area = h('div', {
      class: 'mm-area',
      attrs: { title: 'Drag to zoom into a time range; double-click to see the whole trace' },
    }, this.canvas, this.shadeL, this.shadeR, this.sel);
    root.append(this.area, this.labels);
    this.trace = null;
    this.from = 0;
    this.to = 1;
    this.area.addEventListener('pointerdown', (e) => this.onDown(e));
    this.area.addEventListener('dblclick', () => this.onWindow(0, this.duration()));
    new ResizeObserver(() => this.draw()).observe(this.area);
    window.addEventListener('kspan-theme', () => this.draw());
  }

  duration() {
    return Math.max(1, this.trace?.duration ?? 1);
  }

  setTrace(trace, services) {
    this.trace = trace;
    this.services = services;
    this.draw();
  }

  setWindow(from, to) {
    this.from = from;
    this.to = to;
    const d = this.duration();
    this.shadeL.style.width = (from / d) * 100 + '%';
    this.shadeR.style.width = Math.max(0, (1 - to / d) * 100) + '%';
  }

  draw() {
    const t = this.trace;
    if (!t) return;
    const w = this.area.clientWidth;
    if (!w) return;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(HEIGHT * dpr);
    this.canvas.style.width = w + 'px';
    this.canvas.style.height = HEIGHT + 'px';
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, HEIGHT);
    const css = getComputedStyle(document.documentElement);
    const errColor = css.getPropertyValue('--warn').trim() || '#d62728';
    const n = t.spans.length;
    const d = this.duration();
    const pitch = (HEIGHT - 4) / n;
    const lineH = Math.max(1, Math.min(8, pitch - (pitch > 3 ? 1 : 0)));
    // One pass per colour keeps fillStyle changes few even for 100,000 spans.
    const byColor = new Map();
    for (let i = 0; i < n; i++) {
      const s = t.spans[i];
      const key = s.error ? -1 : s.service;
      let list = byColor.get(key);
      if (!list) byColor.set(key, (list = []));
      list.push(i);
    }
    for (const [key, list] of byColor) {
      ctx.fillStyle = key === -1 ? errColor : serviceColor(this.services[key]);
      for (const i of list) {
        const s = t.spans[i];
        const x = ((s.start - t.start) / d) * w;
        const x2 = ((s.end - t.start) / d) * w;
        const y = 2 + i * pitch;
        ctx.fillRect(Math.min(x, w - 2), y, Math.max(2, x2 - x), lineH);
      }
    }
    this.labels.replaceChildren();
    for (const tk of ticks(0, d, Math.max(2, Math.floor(w / 110)))) {
      const l = h('span', { class: 'mm-tick', text: tk.at === 0 ? '0' : formatDuration(tk.at) });
      l.style.left = tk.frac * 100 + '%';
      if (tk.frac > 0.97) l.classList.add('end');
      this.labels.append(l);
    }
  }

  onDown(e) {
    if (e.button !== 0) return;
    const rect = this.area.getBoundingClientRect();
    const x0 = e.clientX - rect.left;
    this.area.setPointerCapture(e.pointerId);
    const move = (ev) => {
      const x = Math.max(0, Math.min(rect.width, ev.clientX - rect.left));
      this.sel.hidden = Math.abs(x - x0) < MIN_DRAG_PX;
      this.sel.style.left = Math.min(x, x0) + 'px';
      this.sel.style.width = Math.abs(x - x0) + 'px';
    };
    const up = (ev) => {
      this.area.removeEventListener('pointermove', move);
      this.area.removeEventListener('pointerup', up);
      this.sel.hidden = true;
      const x = Math.max(0, Math.min(rect.width, ev.clientX - rect.left));
      if (Math.abs(x - x0) < MIN_DRAG_PX) return;
      const d = this.duration();
      this.onWindow((Math.min(x, x0) / rect.width) * d, (Math.max(x, x0) / rect.width) * d);
    };
    this.area.addEventListener('pointermove', move);
    this.area.addEventListener('pointerup', up);
  }
}
