// Helpers shared by the validators: field paths in Kubernetes' notation and
// readers that accept arbitrary JSON, reporting a field of the wrong type
// instead of throwing.
import { fieldErrors, StatusCause } from '../errors';
import { isObject } from '../types';

export type Json = Record<string, unknown>;
export type Errs = StatusCause[];

/** `spec` + `template`, `spec` → `spec.template.spec`; an empty base gives the bare name. */
export function child(base: string, ...names: string[]): string {
  return [base, ...names].filter((p) => p !== '').join('.');
}

/** `spec.containers[0]` */
export function index(base: string, i: number): string {
  return `${base}[${i}]`;
}

/** `data[key]`, `resources.limits[cpu]` */
export function key(base: string, k: string): string {
  return `${base}[${k}]`;
}

function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

export function getString(o: Json, k: string, path: string, errs: Errs): string | undefined {
  const v = o[k];
  if (isAbsent(v)) return undefined;
  if (typeof v === 'string') return v;
  errs.push(fieldErrors.invalid(path, v, 'must be a string'));
  return undefined;
}

export function getInt(o: Json, k: string, path: string, errs: Errs): number | undefined {
  const v = o[k];
  if (isAbsent(v)) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  errs.push(fieldErrors.invalid(path, v, 'must be an integer'));
  return undefined;
}

export function getBool(o: Json, k: string, path: string, errs: Errs): boolean | undefined {
  const v = o[k];
  if (isAbsent(v)) return undefined;
  if (typeof v === 'boolean') return v;
  errs.push(fieldErrors.invalid(path, v, 'must be a boolean'));
  return undefined;
}

export function getObject(o: Json, k: string, path: string, errs: Errs): Json | undefined {
  const v = o[k];
  if (isAbsent(v)) return undefined;
  if (isObject(v)) return v;
  errs.push(fieldErrors.invalid(path, v, 'must be an object'));
  return undefined;
}

export function getArray(o: Json, k: string, path: string, errs: Errs): unknown[] | undefined {
  const v = o[k];
  if (isAbsent(v)) return undefined;
  if (Array.isArray(v)) return v;
  errs.push(fieldErrors.invalid(path, v, 'must be an array'));
  return undefined;
}

/** The objects of an array field with their indexes; other elements are reported. */
export function getObjectList(o: Json, k: string, path: string, errs: Errs): Array<[Json, number]> {
  const list = getArray(o, k, path, errs) ?? [];
  const out: Array<[Json, number]> = [];
  list.forEach((item, i) => {
    if (isObject(item)) out.push([item, i]);
    else errs.push(fieldErrors.invalid(index(path, i), item, 'must be an object'));
  });
  return out;
}

/** A map of strings (labels, data); non-string values are reported and dropped. */
export function getStringMap(o: Json, k: string, path: string, errs: Errs): Record<string, string> | undefined {
  const m = getObject(o, k, path, errs);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(m)) {
    if (typeof v === 'string') out[name] = v;
    else errs.push(fieldErrors.invalid(key(path, name), v, 'must be a string'));
  }
  return out;
}

/** Pushes `Invalid value` once per message. */
export function invalidEach(errs: Errs, path: string, value: unknown, messages: string[]): void {
  for (const m of messages) errs.push(fieldErrors.invalid(path, value, m));
}

export const IS_NEGATIVE_MSG = 'must be greater than or equal to 0';

export function validateNonnegative(errs: Errs, path: string, value: number | undefined): void {
  if (value !== undefined && value < 0) errs.push(fieldErrors.invalid(path, value, IS_NEGATIVE_MSG));
}

export function notFound(field: string, value: unknown): StatusCause {
  return { field, reason: 'FieldValueNotFound', message: `Not found: ${JSON.stringify(value)}` };
}

/** Drops empty arrays and maps so that `[]`, `{}` and absent compare equal, as Kubernetes' semantic equality does. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalize);
  if (isObject(value)) {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, normalize(v)] as const)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a) ?? null) === JSON.stringify(normalize(b) ?? null);
}

/** `field is immutable` when the value changed. */
export function validateImmutable(errs: Errs, path: string, value: unknown, old: unknown): void {
  if (!semanticEqual(value, old)) errs.push(fieldErrors.invalid(path, value ?? null, 'field is immutable'));
}
