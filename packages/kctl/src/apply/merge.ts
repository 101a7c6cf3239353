// kubectl apply's three-way merge. Given
//   original: the manifest last applied (from the last-applied annotation),
//   modified: the manifest being applied now,
//   current:  the live object,
// it computes the object the live one should become:
//   - fields in original but gone from modified are removed,
//   - fields in modified overwrite live values,
//   - fields nobody applied (set by controllers or other users) are kept.
// Lists named in merge-keys.ts merge item by item on their key, like kubectl's
// strategic merge patch; other lists are replaced.
import { deepCopy } from '@kctl/api';
import { isRecord } from '../util/json';
import { FieldPath, isSetList, mergeKeyFor } from './merge-keys';

type Obj = Record<string, unknown>;

/** A deep copy without null-valued map entries (null in a manifest means "absent"). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isRecord(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

const keyOf = (item: unknown, key: string): string | undefined =>
  isRecord(item) && item[key] !== undefined && item[key] !== null ? JSON.stringify(item[key]) : undefined;

class Merger {
  constructor(private readonly kind: string) {}

  map(original: Obj | undefined, modified: Obj, current: Obj, path: FieldPath): Obj {
    const out: Obj = { ...current };
    if (original) {
      for (const k of Object.keys(original)) if (!(k in modified)) delete out[k];
    }
    for (const [k, m] of Object.entries(modified)) {
      if (m === null || m === undefined) {
        delete out[k];
        continue;
      }
      const c = current[k];
      const o = original?.[k];
      const p = [...path, k];
      if (isRecord(m) && isRecord(c)) out[k] = this.map(isRecord(o) ? o : undefined, m, c, p);
      else if (Array.isArray(m) && Array.isArray(c)) out[k] = this.list(Array.isArray(o) ? o : undefined, m, c, p);
      else out[k] = withoutNulls(deepCopy(m));
    }
    return out;
  }

  list(original: unknown[] | undefined, modified: unknown[], current: unknown[], path: FieldPath): unknown[] {
    if (isSetList(path)) return this.set(original, modified, current);
    const key = mergeKeyFor(this.kind, path);
    if (!key || !modified.every((i) => keyOf(i, key) !== undefined) || !current.every((i) => keyOf(i, key) !== undefined)) {
      return withoutNulls(deepCopy(modified)) as unknown[];
    }
    const originalItems = new Map<string, Obj>();
    for (const item of original ?? []) {
      const k = keyOf(item, key);
      if (k !== undefined && isRecord(item)) originalItems.set(k, item);
    }
    const currentItems = new Map<string, Obj>();
    for (const item of current) currentItems.set(keyOf(item, key)!, item as Obj);
    const modifiedKeys = new Set<string>();
    const out: unknown[] = [];
    for (const item of modified) {
      const k = keyOf(item, key)!;
      modifiedKeys.add(k);
      const live = currentItems.get(k);
      out.push(live && isRecord(item) ? this.map(originalItems.get(k), item, live, path) : withoutNulls(deepCopy(item)));
    }
    // Items someone else added stay; items this manifest applied before and dropped go.
    for (const item of current) {
      const k = keyOf(item, key)!;
      if (!modifiedKeys.has(k) && !originalItems.has(k)) out.push(item);
    }
    return out;
  }

  private set(original: unknown[] | undefined, modified: unknown[], current: unknown[]): unknown[] {
    const dropped = new Set((original ?? []).filter((v) => !modified.includes(v)));
    const out = current.filter((v) => !dropped.has(v));
    for (const v of modified) if (!out.includes(v)) out.push(v);
    return out;
  }
}

/** The object current should become; current itself is not changed. */
export function threeWayMerge(original: Obj | undefined, modified: Obj, current: Obj): Obj {
  const kind = typeof modified.kind === 'string' ? modified.kind : String(current.kind ?? '');
  return new Merger(kind).map(original, modified, deepCopy(current), []);
}
