// JSON merge patch (RFC 7386) and JSON patch (RFC 6902), applied to plain JSON
// values. Patches come from clients: every operation is checked before it runs,
// keys are looked up as own properties only, and `__proto__` is refused, so no
// patch can reach or change an object's prototype.
import { badRequest, FORBIDDEN_KEY, isObject } from '@kctl/api';

function refuseProtoKey(key: string, where: string): void {
  if (key === FORBIDDEN_KEY) throw badRequest(`${where} may not use the key "${FORBIDDEN_KEY}"`);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const key of Object.keys(patch)) {
    refuseProtoKey(key, 'a merge patch');
    const value = patch[key];
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(own(result, key), value);
  }
  return result;
}

type OpName = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';

interface JsonPatchOp {
  op: OpName;
  path: string;
  value?: unknown;
  from?: string;
}

const OPS = new Set<string>(['add', 'remove', 'replace', 'move', 'copy', 'test']);
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** Checks one operation's shape, as Kubernetes refuses a malformed patch with BadRequest. */
function checkOp(raw: unknown, index: number): JsonPatchOp {
  const where = `JSON patch operation ${index}`;
  if (!isObject(raw)) throw badRequest(`${where} must be an object with "op" and "path"`);
  const op = raw.op;
  if (typeof op !== 'string' || !OPS.has(op)) throw badRequest(`${where}: unknown JSON patch operation ${JSON.stringify(op ?? null)}: use add, remove, replace, move, copy or test`);
  if (typeof raw.path !== 'string') throw badRequest(`${where} (${op}): "path" must be a string`);
  if ((op === 'move' || op === 'copy') && typeof raw.from !== 'string') throw badRequest(`${where} (${op}): "from" must be a string`);
  if ((op === 'add' || op === 'replace' || op === 'test') && !Object.hasOwn(raw, 'value')) throw badRequest(`${where} (${op}): "value" is required`);
  return raw as unknown as JsonPatchOp;
}

/** RFC 6901 tokens of a pointer; "" is the whole document. */
function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}": must start with /`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => {
      if (/~(?![01])/.test(t)) throw badRequest(`invalid JSON pointer "${pointer}": "~" must be written ~0 or ~1`);
      const token = t.replace(/~1/g, '/').replace(/~0/g, '~');
      refuseProtoKey(token, `JSON pointer "${pointer}"`);
      return token;
    });
}

/** An array index token: digits without leading zeros, below `limit` (the length, or length + 1 for add). */
function arrayIndex(token: string, limit: number, pointer: string): number {
  if (!ARRAY_INDEX.test(token)) throw badRequest(`JSON patch path "${pointer}": "${token}" is not an array index`);
  const index = Number(token);
  if (index >= limit) throw badRequest(`JSON patch path "${pointer}": index ${index} is out of range`);
  return index;
}

type Container = Record<string, unknown> | unknown[];

function missing(pointer: string): never {
  throw badRequest(`JSON patch path "${pointer}" does not exist`);
}

/** Returns the parent container and the last token of a pointer. */
function locate(doc: unknown, pointer: string): { parent: Container; token: string } {
  const tokens = parsePointer(pointer);
  const token = tokens.pop();
  if (token === undefined) throw badRequest('a JSON patch cannot address the whole document here');
  let node = doc;
  for (const t of tokens) {
    if (Array.isArray(node)) node = node[arrayIndex(t, node.length, pointer)];
    else if (isObject(node) && Object.hasOwn(node, t)) node = node[t];
    else missing(pointer);
  }
  if (!Array.isArray(node) && !isObject(node)) missing(pointer);
  return { parent: node, token };
}

function read(doc: unknown, pointer: string): unknown {
  const { parent, token } = locate(doc, pointer);
  if (Array.isArray(parent)) return parent[arrayIndex(token, parent.length, pointer)];
  if (!Object.hasOwn(parent, token)) missing(pointer);
  return parent[token];
}

function remove(doc: unknown, pointer: string): void {
  const { parent, token } = locate(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(token, parent.length, pointer), 1);
  else if (Object.hasOwn(parent, token)) delete parent[token];
  else missing(pointer);
}

function add(doc: unknown, pointer: string, value: unknown): void {
  const { parent, token } = locate(doc, pointer);
  if (Array.isArray(parent)) parent.splice(token === '-' ? parent.length : arrayIndex(token, parent.length + 1, pointer), 0, value);
  else parent[token] = value;
}

export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw badRequest('a JSON patch must be an array of operations');
  const ops = patch.map(checkOp);
  const doc = structuredClone(target);
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        add(doc, op.path, op.value);
        break;
      case 'remove':
        remove(doc, op.path);
        break;
      case 'replace':
        remove(doc, op.path);
        add(doc, op.path, op.value);
        break;
      case 'move': {
        const from = op.from ?? '';
        if (op.path.startsWith(`${from}/`)) throw badRequest(`JSON patch cannot move "${from}" into its own child "${op.path}"`);
        const value = read(doc, from);
        remove(doc, from);
        add(doc, op.path, value);
        break;
      }
      case 'copy':
        add(doc, op.path, structuredClone(read(doc, op.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(read(doc, op.path)) !== JSON.stringify(op.value)) throw badRequest(`JSON patch test failed at "${op.path}"`);
        break;
    }
  }
  return doc;
}
