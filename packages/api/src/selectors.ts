// Label and field selectors in Kubernetes' string syntax
// (k8s.io/apimachinery/pkg/labels and pkg/fields).
import { badRequest, StatusError } from './errors';
import { isObject, K8sLabelSelector, KObject } from './types';
import { isQualifiedName, isValidLabelValue } from './validation/names';

export interface Requirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | '!' | '=' | '!=';
  values: string[];
}

export type Selector = Requirement[];

// ---------------------------------------------------------------------------
// Label selector lexer and parser, after labels/selector.go.

type TokenKind = 'id' | 'eos' | ',' | '(' | ')' | '=' | '==' | '!=' | '!' | 'in' | 'notin' | '<' | '>';

interface Token {
  kind: TokenKind;
  text: string;
}

const SPECIAL = new Set(['!', '=', '(', ')', ',', '<', '>']);
const SYMBOLS: readonly TokenKind[] = ['!=', '==', '=', '!', '(', ')', ',', '<', '>'];

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text.charAt(pos);
    if (isWhitespace(ch)) {
      pos++;
      continue;
    }
    if (SPECIAL.has(ch)) {
      const sym = SYMBOLS.find((s) => text.startsWith(s, pos));
      // Every special character is itself a symbol, so find always succeeds.
      const kind = sym ?? (ch as TokenKind);
      tokens.push({ kind, text: kind });
      pos += kind.length;
      continue;
    }
    let end = pos;
    while (end < text.length && !isWhitespace(text.charAt(end)) && !SPECIAL.has(text.charAt(end))) end++;
    tokens.push({ kind: 'id', text: text.slice(pos, end) });
    pos = end;
  }
  tokens.push({ kind: 'eos', text: '' });
  return tokens;
}

function describe(tok: Token): string {
  return tok.kind === 'eos' ? 'end of string' : `'${tok.text}'`;
}

function parseError(detail: string): StatusError {
  return badRequest(`unable to parse requirement: ${detail}`);
}

class LabelParser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  /** Next token; `in` and `notin` are keywords only where an operator is expected. */
  private peek(): Token {
    return this.tokens[this.pos] ?? { kind: 'eos', text: '' };
  }

  private next(): Token {
    const tok = this.peek();
    if (this.pos < this.tokens.length) this.pos++;
    return tok;
  }

  parse(): Selector {
    const reqs: Selector = [];
    for (;;) {
      const tok = this.peek();
      if (tok.kind === 'eos') return reqs;
      if (tok.kind !== 'id' && tok.kind !== '!') {
        throw parseError(`found ${describe(tok)}, expected: !, identifier, or 'end of string'`);
      }
      reqs.push(this.parseRequirement());
      const after = this.next();
      if (after.kind === 'eos') return reqs;
      if (after.kind !== ',') throw parseError(`found ${describe(after)}, expected: ',' or 'end of string'`);
      const following = this.peek();
      if (following.kind !== 'id' && following.kind !== '!') {
        throw parseError(`found ${describe(following)}, expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    let tok = this.next();
    const negated = tok.kind === '!';
    if (negated) tok = this.next();
    if (tok.kind !== 'id') throw parseError(`found ${describe(tok)}, expected: identifier`);
    const key = tok.text;
    checkKey(key);
    const look = this.peek();
    if (negated) {
      if (look.kind !== 'eos' && look.kind !== ',') {
        throw parseError(`found ${describe(look)}, expected: ',' or 'end of string' after '!${key}'`);
      }
      return { key, operator: '!', values: [] };
    }
    if (look.kind === 'eos' || look.kind === ',') return { key, operator: 'exists', values: [] };

    const op = this.next();
    const opName = op.kind === 'id' && (op.text === 'in' || op.text === 'notin') ? op.text : op.kind;
    switch (opName) {
      case 'in':
      case 'notin': {
        const values = this.parseValues();
        if (values.length === 0) throw parseError(`for 'in', 'notin' operators, values set can't be empty (key '${key}')`);
        values.forEach((v) => checkValue(key, v));
        return { key, operator: opName, values };
      }
      case '=':
      case '==':
      case '!=': {
        const value = this.parseExactValue();
        checkValue(key, value);
        return { key, operator: opName === '!=' ? '!=' : '=', values: [value] };
      }
      default:
        throw parseError(`found ${describe(op)}, expected: in, notin, =, ==, != (after key '${key}')`);
    }
  }

  /** `(a,b,c)`; as in Kubernetes an empty item (`(a,)`) is the empty string. */
  private parseValues(): string[] {
    const open = this.next();
    if (open.kind !== '(') throw parseError(`found ${describe(open)}, expected: '('`);
    const values: string[] = [];
    const add = (v: string): void => {
      if (!values.includes(v)) values.push(v);
    };
    if (this.peek().kind === ')') {
      this.next();
      return values;
    }
    for (;;) {
      const tok = this.next();
      if (tok.kind === 'id') {
        add(tok.text);
        const sep = this.next();
        if (sep.kind === ')') return values;
        if (sep.kind !== ',') throw parseError(`found ${describe(sep)}, expected: ',' or ')'`);
        if (this.peek().kind === ')') {
          this.next();
          add('');
          return values;
        }
      } else if (tok.kind === ',') {
        // A leading or doubled comma stands for an empty value.
        add('');
        if (this.peek().kind === ')') {
          this.next();
          return values;
        }
      } else {
        throw parseError(`found ${describe(tok)}, expected: ',', ')' or identifier`);
      }
    }
  }

  private parseExactValue(): string {
    const look = this.peek();
    if (look.kind === 'eos' || look.kind === ',') return '';
    const tok = this.next();
    // Keywords read as plain values here ("a=in").
    if (tok.kind === 'id') return tok.text;
    throw parseError(`found ${describe(tok)}, expected: identifier`);
  }
}

function checkKey(key: string): void {
  const errs = isQualifiedName(key);
  if (errs.length > 0) throw parseError(`invalid label key "${key}": ${errs.join('; ')}`);
}

function checkValue(key: string, value: string): void {
  const errs = isValidLabelValue(value);
  if (errs.length > 0) throw parseError(`invalid label value "${value}" for key "${key}": ${errs.join('; ')}`);
}

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`. Throws StatusError(BadRequest) on bad syntax. */
export function parseLabelSelector(text: string): Selector {
  return new LabelParser(tokenize(text)).parse();
}

function matchesRequirement(req: Requirement, has: boolean, value: string): boolean {
  switch (req.operator) {
    case '=':
    case 'in':
      return has && req.values.includes(value);
    case '!=':
    case 'notin':
      return !has || !req.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
  }
}

/** True when every requirement holds. `!=` and `notin` also match when the label is absent. */
export function matchesLabels(selector: Selector, labels: Record<string, string> | undefined): boolean {
  const set = labels ?? {};
  return selector.every((req) => {
    const has = Object.prototype.hasOwnProperty.call(set, req.key);
    return matchesRequirement(req, has, has ? String(set[req.key]) : '');
  });
}

/** Builds a Selector from a LabelSelector (matchLabels + matchExpressions). An empty one matches everything. */
export function selectorFromLabelSelector(ls: K8sLabelSelector): Selector {
  const reqs: Selector = [];
  for (const [key, value] of Object.entries(ls.matchLabels ?? {})) {
    checkKey(key);
    checkValue(key, value);
    reqs.push({ key, operator: '=', values: [value] });
  }
  for (const expr of ls.matchExpressions ?? []) {
    const values = expr.values ?? [];
    checkKey(expr.key);
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) throw badRequest(`values: Required value: must be specified when \`operator\` is 'In' or 'NotIn' (key '${expr.key}')`);
        values.forEach((v) => checkValue(expr.key, v));
        reqs.push({ key: expr.key, operator: expr.operator === 'In' ? 'in' : 'notin', values: [...new Set(values)] });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) throw badRequest(`values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist' (key '${expr.key}')`);
        reqs.push({ key: expr.key, operator: expr.operator === 'Exists' ? 'exists' : '!', values: [] });
        break;
      default:
        throw badRequest(`"${expr.operator}" is not a valid label selector operator`);
    }
  }
  return reqs;
}

function formatRequirement(req: Requirement): string {
  const values = [...new Set(req.values)].sort();
  switch (req.operator) {
    case 'exists':
      return req.key;
    case '!':
      return `!${req.key}`;
    case '=':
    case '!=':
      return `${req.key}${req.operator}${values[0] ?? ''}`;
    case 'in':
    case 'notin':
      return `${req.key} ${req.operator} (${values.join(',')})`;
  }
}

/** The canonical string form of a parsed selector, sorted by key as Kubernetes prints it; "" when empty. */
export function formatSelector(selector: Selector): string {
  return [...selector]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(formatRequirement)
    .join(',');
}

/** `app=web,tier in (a,b)` as kubectl describe prints a LabelSelector; `<none>` when empty or invalid. */
export function formatLabelSelector(ls: K8sLabelSelector | undefined): string {
  if (!ls) return '<none>';
  let text: string;
  try {
    text = formatSelector(selectorFromLabelSelector(ls));
  } catch {
    return '<error>';
  }
  return text === '' ? '<none>' : text;
}

// ---------------------------------------------------------------------------
// Field selectors, after fields/selector.go: terms joined by ',', each `key=value`,
// `key==value` or `key!=value`; '\' escapes ',', '=' and '\' in values.

/** Splits on commas that are not escaped with a backslash. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\') i++;
    else if (ch === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

function splitTerm(term: string): { key: string; op: '=' | '!='; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const ch = term.charAt(i);
    if (ch === '\\') {
      i++;
      continue;
    }
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) {
        return { key: term.slice(0, i), op: op === '!=' ? '!=' : '=', value: term.slice(i + op.length) };
      }
    }
  }
  return undefined;
}

function unescapeValue(value: string, selector: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = value.charAt(i + 1);
    if (next !== '\\' && next !== ',' && next !== '=') {
      throw badRequest(`invalid field selector: '${selector}': invalid escape sequence '\\${next}' in value '${value}'; only \\\\, \\, and \\= may be escaped`);
    }
    out += next;
    i++;
  }
  return out;
}

/** Parses `metadata.name=x,spec.nodeName!=y`. Only = == != are allowed. */
export function parseFieldSelector(text: string): Selector {
  const reqs: Selector = [];
  for (const raw of splitTerms(text)) {
    const term = raw.trim();
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) {
      throw badRequest(`invalid field selector: '${text}'; can't understand '${term}' (expected key=value, key==value or key!=value)`);
    }
    const key = parts.key.trim();
    if (key === '') throw badRequest(`invalid field selector: '${text}'; missing field name in '${term}'`);
    const value = unescapeValue(parts.value.trim(), text);
    reqs.push({ key, operator: parts.op, values: [value] });
  }
  return reqs;
}

/**
 * Reads a dotted path ("spec.nodeName") as a string; missing or non-scalar fields
 * read as "". Only own properties are followed, so "metadata.__proto__.x" or
 * "metadata.constructor" never reach a prototype.
 */
export function fieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isObject(cur) || !Object.hasOwn(cur, part)) return '';
    cur = cur[part];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return '';
}

/** Evaluates a field selector against an object by dotted path; missing fields read as "". */
export function matchesFields(selector: Selector, obj: KObject): boolean {
  return selector.every((req) => matchesRequirement(req, true, fieldValue(obj, req.key)));
}
