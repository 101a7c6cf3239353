// JSON merge patch (RFC 7386) and JSON patch (RFC 6902), applied to plain JSON values.
import { badRequest, isObject } from '@kctl/api';

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}": must start with /`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

/** Returns the parent container and the last token of a pointer. */
function locate(doc: unknown, pointer: string): { parent: Container; token: string } {
  const tokens = parsePointer(pointer);
  const token = tokens.pop();
  if (token === undefined) throw badRequest('a JSON patch cannot address the whole document here');
  let node = doc;
  for (const t of tokens) {
    node = Array.isArray(node) ? node[Number(t)] : isObject(node) ? node[t] : undefined;
    if (node === undefined) throw badRequest(`JSON patch path "${pointer}" does not exist`);
  }
  if (!Array.isArray(node) && !isObject(node)) throw badRequest(`JSON patch path "${pointer}" does not exist`);
  return { parent: node, token };
}

function read(doc: unknown, pointer: string): unknown {
  const { parent, token } = locate(doc, pointer);
  const value = Array.isArray(parent) ? parent[Number(token)] : parent[token];
  if (value === undefined) throw badRequest(`JSON patch path "${pointer}" does not exist`);
  return value;
}

function remove(doc: unknown, pointer: string): void {
  const { parent, token } = locate(doc, pointer);
  if (Array.isArray(parent)) parent.splice(Number(token), 1);
  else if (token in parent) delete parent[token];
  else throw badRequest(`JSON patch path "${pointer}" does not exist`);
}

function add(doc: unknown, pointer: string, value: unknown): void {
  const { parent, token } = locate(doc, pointer);
  if (Array.isArray(parent)) parent.splice(token === '-' ? parent.length : Number(token), 0, value);
  else parent[token] = value;
}

export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw badRequest('a JSON patch must be an array of operations');
  const doc = structuredClone(target);
  for (const op of patch as JsonPatchOp[]) {
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
        const value = read(doc, op.from ?? '');
        remove(doc, op.from ?? '');
        add(doc, op.path, value);
        break;
      }
      case 'copy':
        add(doc, op.path, structuredClone(read(doc, op.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(read(doc, op.path)) !== JSON.stringify(op.value)) throw badRequest(`JSON patch test failed at "${op.path}"`);
        break;
      default:
        throw badRequest(`unknown JSON patch operation ${JSON.stringify((op as { op: unknown }).op)}`);
    }
  }
  return doc;
}
