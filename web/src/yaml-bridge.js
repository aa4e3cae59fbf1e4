// The synchronous YAML-to-JSON function the core calls for each YAML document
// (the core frames documents; the browser has no YAML parser of its own).
import { parseDocument } from 'yaml';

/**
 * @param {string} text one YAML document
 * @returns {{json: string} | {error: string, line: number}}
 */
export function yamlToJson(text) {
  try {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, strict: false });
    if (doc.errors.length) {
      const e = doc.errors[0];
      return { error: firstLine(e.message), line: e.linePos?.[0]?.line ?? 0 };
    }
    const value = doc.toJS({ maxAliasCount: 1000 });
    return { json: JSON.stringify(value === undefined ? null : value) };
  } catch (e) {
    return { error: firstLine(String(e?.message ?? e)), line: e?.linePos?.[0]?.line ?? 0 };
  }
}

function firstLine(s) {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}
