// A virtualized list: only the rows in (and just around) the viewport exist in the DOM,
// recycled as the list scrolls, so 50,000 rows cost what 40 do.

export class VirtualList {
  /**
   * @param {HTMLElement} viewport the scrolling element
   * @param {{rowHeight: number, createRow: () => HTMLElement,
   *          renderRow: (el: HTMLElement, index: number) => void, overscan?: number}} opts
   */
  constructor(viewport, { rowHeight, createRow, renderRow, overscan = 8 }) {
    this.viewport = viewport;
    this.rowHeight = rowHeight;
    this.createRow = createRow;
    this.renderRow = renderRow;
    this.overscan = overscan;
    this.count = 0;
    this.pool = [];
    this.spacer = document.createElement('div');
    this.spacer.className = 'vl-spacer';
    viewport.append(this.spacer);
    this.frame = 0;
    viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(viewport);
  }

  setCount(n) {
    this.count = n;
    this.spacer.style.height = n * this.rowHeight + 'px';
    this.render(true);
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render(false);
    });
  }

  /** Renders the rows in view; force re-renders rows whose index did not change too. */
  render(force) {
    const h = this.rowHeight;
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / h) - this.overscan);
    const last = Math.min(this.count - 1, Math.ceil((top + height) / h) + this.overscan);
    const need = Math.max(0, last - first + 1);
    while (this.pool.length < need) {
      const el = this.createRow();
      el.style.position = 'absolute';
      el.style.left = '0';
      el.style.right = '0';
      el.style.height = h + 'px';
      el._index = -1;
      this.spacer.append(el);
      this.pool.push(el);
    }
    // Keep each element on its index when it stays in range: fewer DOM writes.
    const byIndex = new Map();
    const free = [];
    for (const el of this.pool) {
      if (el._index >= first && el._index <= last && !byIndex.has(el._index)) byIndex.set(el._index, el);
      else free.push(el);
    }
    for (let i = first; i <= last; i++) {
      let el = byIndex.get(i);
      const fresh = !el;
      if (fresh) el = free.pop();
      if (fresh || force) {
        el._index = i;
        el.style.transform = `translateY(${i * h}px)`;
        el.hidden = false;
        this.renderRow(el, i);
      }
    }
    for (const el of free) {
      el._index = -1;
      el.hidden = true;
    }
    // Keep the DOM in row order (screen readers and tests read it in that order).
    let ordered = true;
    let prev = -1;
    for (const el of this.spacer.children) {
      if (el._index < 0) continue;
      if (el._index < prev) { ordered = false; break; }
      prev = el._index;
    }
    if (!ordered) {
      const live = this.pool.filter((el) => el._index >= 0).sort((a, b) => a._index - b._index);
      this.spacer.append(...live);
    }
  }

  /** Scrolls so that row i is in view (nearest edge), or centred when far away. */
  scrollToIndex(i, center = false) {
    const h = this.rowHeight;
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight;
    const y = i * h;
    if (center) this.viewport.scrollTop = Math.max(0, y - height / 2 + h / 2);
    else if (y < top) this.viewport.scrollTop = y;
    else if (y + h > top + height) this.viewport.scrollTop = y + h - height;
    this.render(false);
  }

  firstVisibleIndex() {
    return Math.floor(this.viewport.scrollTop / this.rowHeight);
  }

  pageSize() {
    return Math.max(1, Math.floor(this.viewport.clientHeight / this.rowHeight) - 1);
  }
}
