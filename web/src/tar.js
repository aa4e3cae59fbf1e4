// A streaming reader of tar archives (POSIX ustar, GNU long names, PAX path headers).
// Push any chunks; it calls back for each regular file's header, data and end.

const BLOCK = 512;
const decoder = new TextDecoder();

function cstring(b, off, len) {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return decoder.decode(b.subarray(off, end));
}

function number(b, off, len) {
  if (b[off] & 0x80) { // GNU base-256 for sizes of 8 GiB and more
    let n = b[off] & 0x7f;
    for (let i = 1; i < len; i++) n = n * 256 + b[off + i];
    return n;
  }
  let n = 0;
  for (let i = off; i < off + len; i++) {
    const c = b[i];
    if (c >= 0x30 && c <= 0x37) n = n * 8 + (c - 0x30);
    else if (n > 0 && (c === 0 || c === 0x20)) break;
  }
  return n;
}

function isZeroBlock(b) {
  for (let i = 0; i < BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

/** Parses "LEN key=value\n" records of a PAX header (LEN counts bytes, the record included). */
export function parsePax(bytes) {
  const out = {};
  let i = 0;
  while (i < bytes.length) {
    let sp = i;
    while (sp < bytes.length && bytes[sp] !== 0x20) sp++;
    const len = parseInt(decoder.decode(bytes.subarray(i, sp)), 10);
    if (!(len > 0) || i + len > bytes.length) break;
    const rec = decoder.decode(bytes.subarray(sp + 1, i + len - 1));
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

export class TarReader {
  /**
   * @param {{onFile: (entry: {path: string, size: number}) => boolean,
   *          onData: (bytes: Uint8Array) => void, onFileEnd: () => void}} sink
   *   onFile returns whether it wants the file's data.
   */
  constructor(sink) {
    this.sink = sink;
    this.header = new Uint8Array(BLOCK);
    this.headerFill = 0;
    this.remaining = 0; // data bytes of the current entry still to come
    this.padding = 0; // bytes after the data up to the next block
    this.mode = 'header'; // header | data | meta | done
    this.wanted = false;
    this.meta = null; // {type, chunks[]} for GNU long names and PAX headers
    this.nextPath = null; // path given by a preceding long-name or PAX header
    this.entries = 0;
    this.zeroBlocks = 0;
    this.pad = 0;
  }

  push(chunk) {
    let i = 0;
    while (i < chunk.length && this.mode !== 'done') {
      if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.length - i);
        this.padding -= n;
        i += n;
        continue;
      }
      if (this.mode === 'header') {
        const n = Math.min(BLOCK - this.headerFill, chunk.length - i);
        this.header.set(chunk.subarray(i, i + n), this.headerFill);
        this.headerFill += n;
        i += n;
        if (this.headerFill === BLOCK) {
          this.headerFill = 0;
          this.onHeader();
        }
        continue;
      }
      // data or meta
      const n = Math.min(this.remaining, chunk.length - i);
      const part = chunk.subarray(i, i + n);
      i += n;
      this.remaining -= n;
      if (this.mode === 'meta') this.meta.chunks.push(part.slice());
      else if (this.wanted && n) this.sink.onData(part);
      if (this.remaining === 0) this.onEntryEnd();
    }
  }

  onHeader() {
    const h = this.header;
    if (isZeroBlock(h)) {
      if (++this.zeroBlocks >= 2) this.mode = 'done';
      return;
    }
    this.zeroBlocks = 0;
    const type = String.fromCharCode(h[156] || 0x30);
    const size = number(h, 124, 12);
    let name = cstring(h, 0, 100);
    if (cstring(h, 257, 5) === 'ustar') {
      const prefix = cstring(h, 345, 155);
      if (prefix) name = prefix + '/' + name;
    }
    this.remaining = size;
    this.padding = 0;
    this.pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'L' || type === 'x' || type === 'g') {
      this.mode = 'meta';
      this.meta = { type, chunks: [] };
    } else {
      const path = this.nextPath ?? name;
      this.nextPath = null;
      const regular = type === '0' || type === '\0' || type === '7';
      this.entries++;
      this.wanted = regular ? !!this.sink.onFile({ path, size }) : false;
      this.mode = 'data';
    }
    if (size === 0) this.onEntryEnd();
  }

  onEntryEnd() {
    if (this.mode === 'meta') {
      const total = this.meta.chunks.reduce((a, c) => a + c.length, 0);
      const all = new Uint8Array(total);
      let o = 0;
      for (const c of this.meta.chunks) { all.set(c, o); o += c.length; }
      if (this.meta.type === 'L') this.nextPath = cstring(all, 0, all.length);
      else if (this.meta.type === 'x') {
        const pax = parsePax(all);
        if (pax.path) this.nextPath = pax.path;
      }
      this.meta = null;
    } else if (this.wanted) {
      this.sink.onFileEnd();
    }
    this.wanted = false;
    this.mode = 'header';
    this.padding = this.pad;
  }

  /** Call after the last chunk; returns true when the archive ended cleanly. */
  end() {
    const truncated = this.mode === 'data' || this.mode === 'meta' || this.headerFill > 0;
    if (this.mode === 'data' && this.wanted) this.sink.onFileEnd();
    return !truncated;
  }
}
