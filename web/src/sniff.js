// Detects what a stream of bytes is from its first bytes, never from its name.

export const GZIP = 'gzip';
export const TAR = 'tar';
export const OTLP = 'otlp-json';
export const DUMP = 'dump'; // anything else: handed to the core, which detects its format itself

/** Bytes needed before detect() can decide (a tar header is 512 bytes). */
export const SNIFF_BYTES = 4096;

export function isGzip(b) {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** A POSIX/GNU tar header: "ustar" at offset 257 and a valid header checksum. */
export function isTar(b) {
  if (b.length < 512) return false;
  const magic = String.fromCharCode(b[257], b[258], b[259], b[260], b[261]);
  if (magic !== 'ustar') return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : b[i];
  let stored = 0;
  for (let i = 148; i < 156; i++) {
    const c = b[i];
    if (c >= 0x30 && c <= 0x37) stored = stored * 8 + (c - 0x30);
    else if (c === 0 || c === 0x20) { if (stored) break; }
    else return false;
  }
  return stored === sum;
}

/**
 * OTLP/JSON: the first value is an object whose first key is "resourceSpans"
 * (one ExportTraceServiceRequest, pretty or not, or the first of JSON Lines).
 */
export function isOtlpJson(b) {
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3; // UTF-8 BOM
  const ws = (c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  while (i < b.length && ws(b[i])) i++;
  if (b[i] !== 0x7b) return false; // {
  i++;
  while (i < b.length && ws(b[i])) i++;
  const key = '"resourceSpans"';
  for (let k = 0; k < key.length; k++) if (b[i + k] !== key.charCodeAt(k)) return false;
  return true;
}

/** What the (already decompressed) bytes are. */
export function detect(b) {
  if (isGzip(b)) return GZIP;
  if (isTar(b)) return TAR;
  if (isOtlpJson(b)) return OTLP;
  return DUMP;
}
