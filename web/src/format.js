// Formatting of durations, times and counts for display.

/** A duration in microseconds, with a unit that suits its size: 850µs, 12.3ms, 4.52s, 3m 20s, 2h 5m, 3d 4h. */
export function formatDuration(us) {
  if (!Number.isFinite(us)) return '';
  const a = Math.abs(us);
  const sign = us < 0 ? '-' : '';
  if (a < 1000) return sign + Math.round(a) + 'µs';
  if (a < 1e6) return sign + trim(a / 1000) + 'ms';
  if (a < 60e6) return sign + trim(a / 1e6) + 's';
  const s = Math.round(a / 1e6);
  if (s < 3600) return sign + Math.floor(s / 60) + 'm' + (s % 60 ? ' ' + (s % 60) + 's' : '');
  if (s < 86400) return sign + Math.floor(s / 3600) + 'h' + (s % 3600 >= 60 ? ' ' + Math.floor((s % 3600) / 60) + 'm' : '');
  return sign + Math.floor(s / 86400) + 'd' + (s % 86400 >= 3600 ? ' ' + Math.floor((s % 86400) / 3600) + 'h' : '');
}

function trim(x) {
  const s = x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Microseconds since the epoch -> "2021-05-19 09:42:58.123Z" (UTC, as Kubernetes writes times). */
export function formatTime(us, withMs = true) {
  if (!Number.isFinite(us)) return '';
  const d = new Date(Math.floor(us / 1000));
  const iso = d.toISOString(); // 2021-05-19T09:42:58.123Z
  return iso.slice(0, 10) + ' ' + iso.slice(11, withMs ? 23 : 19) + 'Z';
}

/** Nanosecond decimal string -> full-precision RFC 3339 UTC text. */
export function formatNs(ns) {
  if (typeof ns !== 'string' || !/^\d+$/.test(ns)) return '';
  const padded = ns.padStart(10, '0');
  const secs = Number(padded.slice(0, -9));
  const frac = padded.slice(-9);
  return new Date(secs * 1000).toISOString().slice(0, 19) + '.' + frac + 'Z';
}

const nf = new Intl.NumberFormat('en-US');
export function formatCount(n) {
  return Number.isFinite(n) ? nf.format(n) : '';
}

export function plural(n, one, many = one + 's') {
  return formatCount(n) + ' ' + (n === 1 ? one : many);
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '';
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  if (n < 1024 ** 3) return (n / 1024 / 1024).toFixed(1) + ' MiB';
  return (n / 1024 ** 3).toFixed(2) + ' GiB';
}
