// Small helpers for JSON-shaped values (objects as they travel over the wire).

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a dotted path ("metadata.name") from any value; undefined when missing. */
export function getPath(value: unknown, path: string | string[]): unknown {
  let cur = value;
  for (const part of typeof path === 'string' ? path.split('.') : path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** A copy with every object's keys in sorted order, as kubectl prints (Go maps encode sorted). */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortKeys(v)) as T;
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (value[key] !== undefined) out[key] = sortKeys(value[key]);
    }
    return out as T;
  }
  return value;
}

/** Compact JSON with sorted keys, like Go's json.Marshal of a map. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** Go's `labels.FormatLabels`: sorted `k=v` joined by commas, or `<none>`. */
export function formatLabels(labels: unknown): string {
  if (!isRecord(labels)) return '<none>';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${String(labels[k])}`).join(',');
}

/** metav1.FormatLabelSelector: matchLabels and matchExpressions as selector text. */
export function formatLabelSelector(selector: unknown): string {
  if (!isRecord(selector)) return '<none>';
  const parts: string[] = [];
  const match = selector.matchLabels;
  if (isRecord(match)) {
    for (const key of Object.keys(match).sort()) parts.push(`${key}=${String(match[key])}`);
  }
  const exprs = selector.matchExpressions;
  if (Array.isArray(exprs)) {
    for (const e of exprs) {
      if (!isRecord(e)) continue;
      const key = String(e.key);
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      switch (e.operator) {
        case 'In':
          parts.push(`${key} in (${values.join(',')})`);
          break;
        case 'NotIn':
          parts.push(`${key} notin (${values.join(',')})`);
          break;
        case 'Exists':
          parts.push(key);
          break;
        case 'DoesNotExist':
          parts.push(`!${key}`);
          break;
      }
    }
  }
  return parts.length ? parts.join(',') : '<none>';
}
