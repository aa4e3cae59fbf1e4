// Gathers what the user gives: files from the file inputs, dropped files and folders
// (walked with webkitGetAsEntry). A folder that holds cluster-resources/ is a support bundle.

/** @typedef {{file: File, path: string, bundle: boolean}} Item */

/** Items from a FileList of <input type=file multiple> or <input webkitdirectory>. */
export function itemsFromFileList(list) {
  const files = [...list];
  const paths = files.map((f) => f.webkitRelativePath || f.name);
  return markBundles(files.map((file, k) => ({ file, path: paths[k], bundle: false, group: groupOf(paths[k], !!file.webkitRelativePath) })));
}

/** Items from a drop: files and whole folders. */
export async function itemsFromDrop(dataTransfer) {
  const entries = [];
  for (const it of dataTransfer.items ?? []) {
    if (it.kind !== 'file') continue;
    const entry = it.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else { const f = it.getAsFile(); if (f) entries.push(f); }
  }
  if (!entries.length) return itemsFromFileList(dataTransfer.files ?? []);
  const items = [];
  for (const e of entries) {
    if (e instanceof File) items.push({ file: e, path: e.name, bundle: false, group: null });
    else if (e.isFile) items.push({ file: await fileOf(e), path: e.name, bundle: false, group: null });
    else if (e.isDirectory) await walk(e, e.name, items, e.name);
  }
  return markBundles(items);
}

async function walk(dir, prefix, out, group) {
  const reader = dir.createReader();
  for (;;) {
    const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
    if (!batch.length) break;
    batch.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of batch) {
      const path = prefix + '/' + e.name;
      if (e.isFile) out.push({ file: await fileOf(e), path, bundle: false, group });
      else if (e.isDirectory) await walk(e, path, out, group);
    }
  }
}

function fileOf(entry) {
  return new Promise((res, rej) => entry.file(res, rej));
}

function groupOf(path, fromFolder) {
  return fromFolder ? path.split('/')[0] : null;
}

/** In a folder that contains cluster-resources/, only the bundle's resources are read. */
function markBundles(items) {
  const bundles = new Set();
  for (const it of items) if (it.group != null && /(^|\/)cluster-resources\//.test(it.path)) bundles.add(it.group);
  return items.map(({ group, ...it }) => ({ ...it, bundle: group != null && bundles.has(group) }));
}

/**
 * Items from an open.json: {"files": [{"name": "dump.json", "url": "files/0", "size": 123}, ...]}
 * (size optional). URLs are resolved against open.json's own URL and must stay on its origin.
 * A name with folders ("bundle/cluster-resources/pods/x.json") is grouped by its first folder,
 * as a dropped folder is, so a support bundle's other files are passed over.
 * @returns {{items: {url?: string, refused?: string, size: number, path: string, bundle: boolean}[], refused: string[]}}
 *   refused: URLs that were not valid
 */
export function itemsFromOpenJson(desc, base) {
  const origin = new URL(base).origin;
  const items = [];
  const refused = [];
  for (const f of Array.isArray(desc?.files) ? desc.files : []) {
    if (!f || typeof f.url !== 'string') continue;
    let url;
    try {
      url = new URL(f.url, base);
    } catch {
      refused.push(String(f.url));
      continue;
    }
    const path = typeof f.name === 'string' && f.name ? f.name : url.pathname.split('/').pop() || url.href;
    if (url.origin !== origin) {
      // Never fetched: the load reports it as skipped.
      items.push({ refused: url.href, size: 0, path, bundle: false, group: null });
      continue;
    }
    const size = Number.isFinite(f.size) && f.size > 0 ? f.size : 0;
    items.push({ url: url.href, size, path, bundle: false, group: path.includes('/') ? path.split('/')[0] : null });
  }
  return { items: markBundles(items), refused };
}
