// Deep links: the URL hash names the open trace and the selected span: #trace=<hex>&span=<hex>.

export function readHash(hash = location.hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const hex = (v) => (v && /^[0-9a-fA-F]{1,64}$/.test(v) ? v.toLowerCase() : '');
  return { trace: hex(p.get('trace')), span: hex(p.get('span')) };
}

export function formatHash({ trace, span }) {
  if (!trace) return '';
  return '#trace=' + trace + (span ? '&span=' + span : '');
}

/** Writes the hash. push: a new history entry (opening a trace); otherwise replace (selecting a span). */
export function writeHash(state, push) {
  const h = formatHash(state);
  if (h === location.hash || (!h && !location.hash)) return;
  const url = location.pathname + location.search + h;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}
