// Strict decoding of an incoming object against the served kinds' OpenAPI
// definitions, as the Kubernetes apiserver decodes with strict field validation
// (kubectl's default since 1.27): unknown fields and wrongly typed values are
// refused with Kubernetes' messages, integers keep to their format's range, and
// null stands for an absent field. The result is a fresh copy of plain objects.
import { badRequest } from '../errors';
import { parseQuantity } from '../quantity';
import { definition, definitionNameFor, SchemaNode } from './openapi';
import { checkUntrustedValue, FORBIDDEN_KEY, MAX_NESTING_DEPTH } from './safe-json';

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Where a value sits: the strict-decoding path (with indices) and Go's view of it. */
interface At {
  /** "spec.template.spec.containers[0].image": how unknown fields are named. */
  path: string;
  /** "spec.template.spec.containers.image": Go's field path in type errors (no indices). */
  field: string;
  /** The innermost Go struct holding the field ("Container"). */
  struct: string;
  depth: number;
}

/** Aborts decoding at the first type error, as Go's decoder reports the first one. */
class DecodeFailure extends Error {}

interface Resolved {
  node: SchemaNode;
  /** The definition name when the node is a $ref ("DeploymentSpec", "Quantity"). */
  ref?: string;
}

function resolve(node: SchemaNode): Resolved {
  if (!node.$ref) return { node };
  const target = definition(node.$ref);
  if (!target) throw new Error(`the schema has no definition ${node.$ref}`);
  return { node: target, ref: node.$ref };
}

const SPECIAL_GO_TYPES: Record<string, string> = { Quantity: 'resource.Quantity', IntOrString: 'intstr.IntOrString', Time: 'v1.Time', MicroTime: 'v1.MicroTime' };

/** The Go type Kubernetes names in its messages ("int32", "[]v1.Container", "map[string]string"). */
function goType(node: SchemaNode): string {
  if (node.$ref) return SPECIAL_GO_TYPES[node.$ref] ?? `v1.${node.$ref}`;
  if (node['x-kubernetes-preserve-unknown-fields']) return 'map[string]interface {}';
  switch (node.type) {
    case 'array':
      return `[]${node.items ? goType(node.items) : 'interface {}'}`;
    case 'object':
      return `map[string]${node.additionalProperties ? goType(node.additionalProperties) : 'interface {}'}`;
    case 'integer':
      return node.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    default:
      return node.format === 'byte' ? '[]uint8' : 'string';
  }
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

function typeError(value: unknown, node: SchemaNode, at: At, withValue = false): never {
  const what = withValue ? `${jsonKind(value)} ${String(value)}` : jsonKind(value);
  const into = at.field ? `Go struct field ${at.struct}.${at.field}` : 'Go value';
  throw new DecodeFailure(`json: cannot unmarshal ${what} into ${into} of type ${goType(node)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(at: At, key: string, struct?: string): At {
  return { path: at.path ? `${at.path}.${key}` : key, field: at.field ? `${at.field}.${key}` : key, struct: struct ?? at.struct, depth: at.depth + 1 };
}

/** What Go leaves for a null list item or map value: the element's zero value. */
function zeroValue(node: SchemaNode): unknown {
  const { node: n, ref } = resolve(node);
  if (ref === 'Quantity') return '0';
  if (ref === 'IntOrString') return 0;
  if (ref === 'Time' || ref === 'MicroTime') return null;
  if (n.properties) return {};
  if (n.type === 'string') return '';
  if (n.type === 'integer' || n.type === 'number') return 0;
  if (n.type === 'boolean') return false;
  return null;
}

class Decoder {
  readonly unknown: string[] = [];

  value(schema: SchemaNode, value: unknown, at: At): unknown {
    if (at.depth > MAX_NESTING_DEPTH) throw badRequest(`the object is nested too deeply: objects and arrays may nest at most ${MAX_NESTING_DEPTH} levels`);
    const { node, ref } = resolve(schema);
    switch (ref) {
      case 'Quantity':
        return this.quantity(schema, value, at);
      case 'IntOrString':
        if (typeof value === 'string') return value;
        if (typeof value === 'number' && Number.isInteger(value) && value >= INT32.min && value <= INT32.max) return value;
        return typeError(value, schema, at, typeof value === 'number');
      case 'Time':
      case 'MicroTime':
        if (typeof value !== 'string') return typeError(value, schema, at);
        if (value !== '' && !RFC3339.test(value)) throw new DecodeFailure(`parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`);
        return value;
    }
    if (node['x-kubernetes-preserve-unknown-fields']) {
      checkUntrustedValue(value, 'the object', MAX_NESTING_DEPTH - at.depth);
      return value;
    }
    if (node.properties) return this.struct(node, ref ?? at.struct, schema, value, at);
    switch (node.type) {
      case 'object':
        return this.map(node, schema, value, at);
      case 'array':
        return this.list(node, schema, value, at);
      case 'integer':
        return this.integer(node, value, at);
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) return typeError(value, node, at);
        return value;
      case 'boolean':
        if (typeof value !== 'boolean') return typeError(value, node, at);
        return value;
      default:
        if (typeof value !== 'string') return typeError(value, node, at);
        if (node.format === 'byte' && !BASE64.test(value)) throw new DecodeFailure(`illegal base64 data at input byte ${base64ErrorOffset(value)}`);
        return value;
    }
  }

  private struct(node: SchemaNode, name: string, schema: SchemaNode, value: unknown, at: At): Record<string, unknown> {
    if (!isPlainObject(value)) return typeError(value, schema, at);
    const properties = node.properties ?? {};
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      forbidProtoKey(key);
      const field = value[key];
      if (!Object.hasOwn(properties, key)) {
        this.unknown.push(child(at, key).path);
        continue;
      }
      if (field === null) continue; // Go leaves an absent field for null
      out[key] = this.value(properties[key]!, field, child(at, key, name));
    }
    return out;
  }

  private map(node: SchemaNode, schema: SchemaNode, value: unknown, at: At): Record<string, unknown> {
    if (!isPlainObject(value)) return typeError(value, schema, at);
    const element = node.additionalProperties ?? { 'x-kubernetes-preserve-unknown-fields': true };
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      forbidProtoKey(key);
      const v = value[key];
      out[key] = v === null ? zeroValue(element) : this.value(element, v, { path: `${at.path}[${key}]`, field: at.field, struct: at.struct, depth: at.depth + 1 });
    }
    return out;
  }

  private list(node: SchemaNode, schema: SchemaNode, value: unknown, at: At): unknown[] {
    if (!Array.isArray(value)) return typeError(value, schema, at);
    const items = node.items ?? { 'x-kubernetes-preserve-unknown-fields': true };
    return value.map((v: unknown, i) => (v === null ? zeroValue(items) : this.value(items, v, { path: `${at.path}[${i}]`, field: at.field, struct: at.struct, depth: at.depth + 1 })));
  }

  private integer(node: SchemaNode, value: unknown, at: At): number {
    if (typeof value !== 'number') return typeError(value, node, at);
    const fits = node.format === 'int32' ? Number.isInteger(value) && value >= INT32.min && value <= INT32.max : Number.isSafeInteger(value);
    if (!fits) return typeError(value, node, at, true);
    return value;
  }

  private quantity(schema: SchemaNode, value: unknown, at: At): string | number {
    if (typeof value !== 'string' && typeof value !== 'number') return typeError(value, schema, at);
    try {
      parseQuantity(value);
    } catch (err) {
      throw new DecodeFailure((err as Error).message);
    }
    return value;
  }
}

function forbidProtoKey(key: string): void {
  if (key === FORBIDDEN_KEY) throw new DecodeFailure(`the field name "${FORBIDDEN_KEY}" is not allowed`);
}

/** Where Go's base64 decoder gives up: the first byte outside the alphabet, else the incomplete tail. */
function base64ErrorOffset(text: string): number {
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return bad;
  const pad = text.indexOf('=');
  return pad >= 0 ? pad : text.length - (text.length % 4);
}

/** "apps/v1" → "v1": the version Kubernetes names in decoding errors. */
function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
}

/**
 * Decodes value as a `kind` of `apiVersion` (a served kind, or the Scale and
 * Binding subresource bodies). Throws BadRequest as Kubernetes words it:
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`.
 */
export function decodeKind(apiVersion: string, kind: string, value: unknown): Record<string, unknown> {
  const name = definitionNameFor(apiVersion, kind);
  if (!name) throw new Error(`no schema for ${apiVersion}/${kind}`);
  const prefix = `${kind} in version "${versionOf(apiVersion)}" cannot be handled as a ${kind}`;
  const decoder = new Decoder();
  let decoded: unknown;
  try {
    decoded = decoder.value({ $ref: name }, value, { path: '', field: '', struct: name, depth: 0 });
  } catch (err) {
    throw err instanceof DecodeFailure ? badRequest(`${prefix}: ${err.message}`) : err;
  }
  if (decoder.unknown.length) throw badRequest(`${prefix}: strict decoding error: ${decoder.unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  return decoded as Record<string, unknown>;
}
