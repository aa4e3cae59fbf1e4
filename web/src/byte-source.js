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
