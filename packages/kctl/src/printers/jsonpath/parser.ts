// Parser for kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath):
// literal text with {actions}; an action is a path (.a.b, [0], [*], [1:3],
// ['key'], ..name, [?(@.x=="y")]), a union of paths (a,b), a string literal
// ("\n"), or range PATH ... end.

export type Literal = string | number | boolean | null;

export type Step =
  | { type: 'field'; name: string }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'index'; indexes: number[] }
  | { type: 'slice'; start?: number; end?: number; step?: number }
  | { type: 'keys'; names: string[] }
  | { type: 'filter'; left: Operand; op?: string; right?: Operand };

export type Operand = { type: 'path'; base: 'root' | 'current'; steps: Step[] } | { type: 'literal'; value: Literal };

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'expr'; alternatives: Operand[] }
  | { type: 'range'; alternatives: Operand[]; body: TemplateNode[] };

export class JsonPathError extends Error {}

const FIELD_END = new Set(['.', '[', ']', ',', '}', ')', '(', ' ', '\t', '\n', '=', '!', '<', '>', '"', "'"]);

class ActionParser {
  pos = 0;
  constructor(private readonly s: string) {}

  private peek(offset = 0): string | undefined {
    return this.s[this.pos + offset];
  }

  private fail(message: string): never {
    throw new JsonPathError(message);
  }

  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  /** A comma-separated union of operands. */
  parseUnion(): Operand[] {
    const out: Operand[] = [];
    for (;;) {
      this.skipSpace();
      out.push(this.parseOperand());
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      return out;
    }
  }

  parseOperand(): Operand {
    const ch = this.peek();
    if (ch === '"' || ch === "'") return { type: 'literal', value: this.parseQuoted() };
    if (ch !== undefined && /[-0-9]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.pos));
      if (m) {
        this.pos += m[0].length;
        return { type: 'literal', value: Number(m[0]) };
      }
    }
    for (const word of ['true', 'false', 'null'] as const) {
      if (this.s.startsWith(word, this.pos) && !/[\w.]/.test(this.s[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return { type: 'literal', value: word === 'null' ? null : word === 'true' };
      }
    }
    let base: 'root' | 'current' = 'current';
    if (ch === '$') {
      base = 'root';
      this.pos++;
    } else if (ch === '@') {
      this.pos++;
    }
    const steps = this.parseSteps();
    if (steps.length === 0 && ch !== '$' && ch !== '@') this.fail(`unrecognized character in action: ${JSON.stringify(this.peek() ?? '')}`);
    return { type: 'path', base, steps };
  }

  private parseSteps(): Step[] {
    const steps: Step[] = [];
    for (;;) {
      const ch = this.peek();
      if (ch === '.') {
        if (this.peek(1) === '.') {
          this.pos += 2;
          steps.push({ type: 'recursive' });
          if (this.peek() === '[') continue;
        } else {
          this.pos++;
        }
        const name = this.parseFieldName();
        if (name === '*') steps.push({ type: 'wildcard' });
        else if (name !== '') steps.push({ type: 'field', name });
        else if (this.peek() !== '[' && !this.atEnd() && this.peek() !== '}' && !/\s/.test(this.peek() ?? '')) this.fail(`invalid field name at ${this.pos}`);
      } else if (ch === '[') {
        steps.push(this.parseBracket());
      } else {
        return steps;
      }
    }
  }

  private parseFieldName(): string {
    let name = '';
    while (!this.atEnd()) {
      const ch = this.s[this.pos]!;
      if (ch === '\\' && this.pos + 1 < this.s.length) {
        name += this.s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (FIELD_END.has(ch)) break;
      name += ch;
      this.pos++;
    }
    return name;
  }

  private parseQuoted(): string {
    const quote = this.s[this.pos]!;
    let i = this.pos + 1;
    let raw = '';
    while (i < this.s.length && this.s[i] !== quote) {
      if (this.s[i] === '\\' && i + 1 < this.s.length) {
        raw += this.s[i]! + this.s[i + 1]!;
        i += 2;
      } else {
        raw += this.s[i]!;
        i++;
      }
    }
    if (i >= this.s.length) this.fail(`unterminated quoted string`);
    this.pos = i + 1;
    return unescape(raw);
  }

  private parseBracket(): Step {
    this.pos++; // [
    this.skipSpace();
    if (this.peek() === '?') {
      this.pos++;
      this.skipSpace();
      if (this.peek() !== '(') this.fail('unclosed array expect ]');
      this.pos++;
      this.skipSpace();
      const left = this.parseOperand();
      this.skipSpace();
      let op: string | undefined;
      let right: Operand | undefined;
      const m = /^(==|!=|<=|>=|<|>|=~)/.exec(this.s.slice(this.pos));
      if (m) {
        op = m[1];
        this.pos += m[0].length;
        this.skipSpace();
        right = this.parseOperand();
        this.skipSpace();
      }
      if (this.peek() !== ')') this.fail('unclosed filter expect )');
      this.pos++;
      this.skipSpace();
      this.expectClose();
      return { type: 'filter', left, op, right };
    }
    if (this.peek() === "'" || this.peek() === '"') {
      const names: string[] = [];
      for (;;) {
        this.skipSpace();
        if (this.peek() !== "'" && this.peek() !== '"') this.fail('unclosed array expect ]');
        names.push(this.parseQuoted());
        this.skipSpace();
        if (this.peek() === ',') {
          this.pos++;
          continue;
        }
        break;
      }
      this.expectClose();
      return { type: 'keys', names };
    }
    const close = this.s.indexOf(']', this.pos);
    if (close < 0) this.fail('unclosed array expect ]');
    const text = this.s.slice(this.pos, close).trim();
    this.pos = close + 1;
    if (text === '*') return { type: 'wildcard' };
    if (text.includes(':')) {
      const parts = text.split(':').map((p) => p.trim());
      if (parts.length > 3 || parts.some((p) => p !== '' && !/^-?\d+$/.test(p))) this.fail(`invalid array index ${text}`);
      const n = (p: string | undefined): number | undefined => (p === undefined || p === '' ? undefined : Number(p));
      return { type: 'slice', start: n(parts[0]), end: n(parts[1]), step: n(parts[2]) };
    }
    const indexes = text.split(',').map((p) => p.trim());
    if (indexes.some((p) => !/^-?\d+$/.test(p))) this.fail(`invalid array index ${text}`);
    return { type: 'index', indexes: indexes.map(Number) };
  }

  private expectClose(): void {
    this.skipSpace();
    if (this.peek() !== ']') this.fail('unclosed array expect ]');
    this.pos++;
  }
}

/** Go-style escapes in a quoted string: \n \t \r \" \' \\ \uXXXX. */
function unescape(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'u':
      case 'x':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        return e;
    }
  });
}

/** Splits the template into text and {action} pieces. */
function scanActions(template: string): { text?: string; action?: string }[] {
  const out: { text?: string; action?: string }[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out.push({ text: template.slice(i) });
      break;
    }
    if (open > i) out.push({ text: template.slice(i, open) });
    // find the matching close, skipping quoted strings
    let j = open + 1;
    let quote: string | undefined;
    for (; j < template.length; j++) {
      const ch = template[j];
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = undefined;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '}') break;
    }
    if (j >= template.length) throw new JsonPathError(`unclosed action`);
    out.push({ action: template.slice(open + 1, j) });
    i = j + 1;
  }
  return out;
}

export function parseTemplate(template: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: TemplateNode[][] = [root];
  for (const piece of scanActions(template)) {
    const current = stack[stack.length - 1]!;
    if (piece.text !== undefined) {
      current.push({ type: 'text', text: piece.text });
      continue;
    }
    const action = piece.action!.trim();
    if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
      continue;
    }
    if (action === '') continue;
    const isRange = /^range\s/.test(action);
    const parser = new ActionParser(isRange ? action.slice(5) : action);
    const alternatives = parser.parseUnion();
    parser.skipSpace();
    if (!parser.atEnd()) throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(action.slice(parser.pos + (isRange ? 5 : 0))[0])}`);
    if (isRange) {
      const body: TemplateNode[] = [];
      current.push({ type: 'range', alternatives, body });
      stack.push(body);
    } else {
      current.push({ type: 'expr', alternatives });
    }
  }
  if (stack.length > 1) throw new JsonPathError('range without end');
  return root;
}
