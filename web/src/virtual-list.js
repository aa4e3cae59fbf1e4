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
    const fresh = [];
    for (let i = first; i <= last; i++) {
      let el = byIndex.get(i);
      const isFresh = !el;
      if (isFresh) {
        el = free.pop();
        fresh.push(el);
      }
      if (isFresh || force) {
        el._index = i;
        el.style.transform = `translateY(${i * h}px)`;
        el.hidden = false;
        this.renderRow(el, i);
      }
    }
    for (const el of free) {
      if (el._index === -1) continue;
      el._index = -1;
      el.hidden = true;
    }
    // Keep the DOM in row order (screen readers and tests read it in that order), moving only
    // the rows that came into view: before the first kept row, or after the last.
    if (fresh.length) this.place(fresh, byIndex);
  }

  place(fresh, kept) {
    if (!kept.size) {
      this.spacer.prepend(...fresh); // fresh is in index order; hidden rows go after it
      return;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const i of kept.keys()) { if (i < lo) lo = i; if (i > hi) hi = i; }
    const before = fresh.filter((el) => el._index < lo);
    const after = fresh.filter((el) => el._index > hi);
    if (before.length + after.length !== fresh.length) {
      // A fresh row between kept ones (a changed count): order them all.
      const live = this.pool.filter((el) => el._index >= 0).sort((a, b) => a._index - b._index);
      this.spacer.prepend(...live);
      return;
    }
    if (before.length) kept.get(lo).before(...before);
    if (after.length) kept.get(hi).after(...after);
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
