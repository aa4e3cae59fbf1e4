// Byte streams for the worker: a File read in slices (with progress), gzip decompression,
// and a reader that can peek at the first bytes before handing the whole stream on.

export const SLICE = 1 << 20; // 1 MiB

/** Reads a Blob in slices, calling onBytes(n) after each. */
export async function* blobChunks(blob, onBytes, slice = SLICE) {
  const read = (off) => blob.slice(off, Math.min(blob.size, off + slice)).arrayBuffer();
  // The next slice is read while the consumer works on this one.
  let next = blob.size > 0 ? read(0) : null;
  for (let off = 0; off < blob.size; off += slice) {
    const buf = await next;
    next = off + slice < blob.size ? read(off + slice) : null;
    onBytes(buf.byteLength);
    yield new Uint8Array(buf);
  }
}

/**
 * Reads a URL (same origin: the network guard refuses others) as a stream, in chunks of about
 * `slice` bytes, calling onSize(bytes) once when the length is known and onBytes(n) per chunk.
 */
export async function* urlChunks(url, onBytes, onSize, slice = SLICE) {
  const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
  const length = Number(res.headers.get('Content-Length'));
  if (Number.isFinite(length) && length > 0 && !res.headers.get('Content-Encoding')) onSize(length);
  const reader = res.body.getReader();
  let parts = [];
  let size = 0;
  const take = () => {
    const out = parts.length === 1 ? parts[0] : new Uint8Array(size);
    if (parts.length > 1) { let o = 0; for (const p of parts) { out.set(p, o); o += p.length; } }
    parts = [];
    size = 0;
    return out;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      onBytes(value.length);
      // Network chunks are small: gathered into slices, each one call into the core.
      parts.push(value);
      size += value.length;
      if (size >= slice) yield take();
    }
    if (size) yield take();
  } finally {
    reader.releaseLock();
  }
}

/** Decompresses a gzip stream with the browser's DecompressionStream. */
export async function* gunzip(chunks) {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let writeError = null;
  const pump = (async () => {
    try {
      for await (const c of chunks) await writer.write(c);
      await writer.close();
    } catch (e) {
      writeError = e;
      await writer.abort(e).catch(() => {});
    }
  })();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
  await pump;
  if (writeError) throw writeError;
}

/** An async stream of Uint8Array chunks whose first bytes can be looked at first. */
export class PeekableSource {
  constructor(iterable) {
    this.it = iterable[Symbol.asyncIterator]();
    this.buffered = [];
    this.bufferedBytes = 0;
    this.ended = false;
  }

  /** At least n bytes from the start (fewer when the stream is shorter), without consuming them. */
  async peek(n) {
    while (this.bufferedBytes < n && !this.ended) {
      const { value, done } = await this.it.next();
      if (done) this.ended = true;
      else if (value.length) { this.buffered.push(value); this.bufferedBytes += value.length; }
    }
    if (this.buffered.length === 1) return this.buffered[0];
    const out = new Uint8Array(this.bufferedBytes);
    let o = 0;
    for (const b of this.buffered) { out.set(b, o); o += b.length; }
    return out;
  }

  async *[Symbol.asyncIterator]() {
    const first = this.buffered;
    this.buffered = [];
    this.bufferedBytes = 0;
    for (const b of first) yield b;
    if (this.ended) return;
    for (;;) {
      const { value, done } = await this.it.next();
      if (done) return;
      yield value;
    }
  }
}
