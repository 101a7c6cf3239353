// Evaluates a parsed JSONPath template against JSON data, printing results the
// way client-go does: strings bare, maps and lists as compact JSON, several
// results of one action separated by spaces; missing fields print nothing
// (kubectl's --allow-missing-template-keys=true).
import { isRecord, sortKeys } from '../../util/json';
import { Literal, Operand, Step, TemplateNode } from './parser';

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.keys(value).sort().map((k) => value[k]);
  return [];
}

function descendants(value: unknown, out: unknown[]): void {
  out.push(value);
  for (const c of children(value)) descendants(c, out);
}

function normalizeIndex(i: number, length: number): number {
  return i < 0 ? i + length : i;
}

function applyStep(step: Step, values: unknown[], root: unknown): unknown[] {
  const out: unknown[] = [];
  switch (step.type) {
    case 'field':
      for (const v of values) if (isRecord(v) && step.name in v && v[step.name] !== undefined) out.push(v[step.name]);
      return out;
    case 'keys':
      for (const v of values) for (const k of step.names) if (isRecord(v) && k in v) out.push(v[k]);
      return out;
    case 'wildcard':
      for (const v of values) out.push(...children(v));
      return out;
    case 'recursive':
      for (const v of values) descendants(v, out);
      return out;
    case 'index':
      for (const v of values) {
        if (!Array.isArray(v)) continue;
        for (const raw of step.indexes) {
          const i = normalizeIndex(raw, v.length);
          if (i >= 0 && i < v.length) out.push(v[i]);
        }
      }
      return out;
    case 'slice':
      for (const v of values) {
        if (!Array.isArray(v)) continue;
        const len = v.length;
        const stepBy = step.step ?? 1;
        if (stepBy <= 0) continue;
        const clamp = (n: number): number => Math.min(Math.max(normalizeIndex(n, len), 0), len);
        const start = step.start === undefined ? 0 : clamp(step.start);
        const end = step.end === undefined ? len : clamp(step.end);
        for (let i = start; i < end; i += stepBy) out.push(v[i]);
      }
      return out;
    case 'filter':
      for (const v of values) {
        const items = Array.isArray(v) ? v : [];
        for (const item of items) if (matches(step, item, root)) out.push(item);
      }
      return out;
  }
}

export function evalOperand(op: Operand, current: unknown, root: unknown): unknown[] {
  if (op.type === 'literal') return [op.value];
  let values: unknown[] = [op.base === 'root' ? root : current];
  for (const step of op.steps) values = applyStep(step, values, root);
  return values;
}

function compare(a: unknown, b: unknown, op: string): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '<=':
        return a <= b;
      case '>=':
        return a >= b;
    }
  }
  const sa = formatValue(a);
  const sb = formatValue(b);
  switch (op) {
    case '==':
      return sa === sb;
    case '!=':
      return sa !== sb;
    case '<':
      return sa < sb;
    case '>':
      return sa > sb;
    case '<=':
      return sa <= sb;
    case '>=':
      return sa >= sb;
    case '=~':
      return new RegExp(sb).test(sa);
  }
  return false;
}

function matches(step: Extract<Step, { type: 'filter' }>, item: unknown, root: unknown): boolean {
  const left = evalOperand(step.left, item, root);
  if (!step.op || !step.right) return left.length > 0 && left[0] !== false && left[0] !== null;
  const right = evalOperand(step.right, item, root);
  if (left.length === 0 || right.length === 0) return step.op === '!=' && left.length !== right.length;
  return compare(left[0], right[0], step.op);
}

/** Go's json.Marshal escapes <, > and & in strings. */
export function goJson(value: unknown, indent?: string): string {
  const text = JSON.stringify(sortKeys(value), null, indent) ?? 'null';
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') return goJson(value);
  return String(value as Literal);
}

export function render(nodes: TemplateNode[], current: unknown, root: unknown): string {
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out += node.text;
        break;
      case 'expr': {
        const results = node.alternatives.flatMap((a) => evalOperand(a, current, root));
        out += results.map(formatValue).join(' ');
        break;
      }
      case 'range': {
        const results = node.alternatives.flatMap((a) => evalOperand(a, current, root));
        for (const r of results) out += render(node.body, r, root);
        break;
      }
    }
  }
  return out;
}
