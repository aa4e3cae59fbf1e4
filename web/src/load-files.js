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
  return items.map(({ file, path, group }) => ({ file, path, bundle: group != null && bundles.has(group) }));
}
