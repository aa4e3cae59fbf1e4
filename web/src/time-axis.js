// Tick positions for a time axis: round steps (1, 2, 5 x 10^n microseconds, or minutes/hours)
// so that about `target` ticks fit the window.

const STEPS_US = [];
for (let p = 0; p <= 6; p++) for (const m of [1, 2, 5]) STEPS_US.push(m * 10 ** p); // 1µs .. 5s
STEPS_US.push(10e6, 15e6, 30e6, 60e6, 120e6, 300e6, 600e6, 900e6, 1800e6, 3600e6, 7200e6,
  10800e6, 21600e6, 43200e6, 86400e6, 172800e6, 604800e6);

/** The smallest round step that gives at most `target` intervals over `span` µs. */
export function tickStep(span, target) {
  const want = span / Math.max(1, target);
  for (const s of STEPS_US) if (s >= want) return s;
  return Math.ceil(want / 604800e6) * 604800e6;
}

/**
 * Ticks for the window [from, to] (µs relative to the trace start).
 * @returns {{at: number, frac: number}[]} at = offset from trace start, frac = position in the window 0..1
 */
export function ticks(from, to, target = 6) {
  const span = to - from;
  if (!(span > 0)) return [{ at: from, frac: 0 }];
  const step = tickStep(span, target);
  const out = [];
  for (let at = Math.ceil(from / step) * step; at <= to + 1e-9; at += step) out.push({ at, frac: (at - from) / span });
  return out;
}
