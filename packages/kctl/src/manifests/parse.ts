// Turns the text of one manifest file into objects: multi-document YAML, a JSON
// document (or several concatenated), and `kind: List` expanded into its items.
import { checkUntrustedValue } from '@kctl/api';
import * as YAML from 'yaml';
import { PARSE_OPTIONS } from '../util/yaml';
import { isRecord } from '../util/json';

/** A parse failure, worded as kubectl's: `error parsing FILE: ... line N: ...`. */
export class ManifestParseError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(`error parsing ${source}: ${line !== undefined ? `error converting YAML to JSON: yaml: line ${line}: ${detail}` : detail}`);
    this.name = 'ManifestParseError';
  }
}

/** An object that is not a Kubernetes object (no kind / apiVersion). */
export class ManifestDecodeError extends Error {
  constructor(source: string, doc: unknown, missing: 'Kind' | 'Version') {
    super(`unable to decode "${source}": Object '${missing}' is missing in '${JSON.stringify(doc)}'`);
    this.name = 'ManifestDecodeError';
  }
}

export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string };

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** Splits concatenated JSON values ("{...}{...}" or one per line). */
function parseJsonStream(text: string, source: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        const chunk = text.slice(start, i + 1);
        try {
          docs.push(JSON.parse(chunk));
        } catch (err) {
          const line = text.slice(0, start).split('\n').length;
          throw new ManifestParseError(source, undefined, `error converting JSON: line ${line}: ${(err as Error).message}`);
        }
        start = -1;
      }
    } else if (depth === 0 && !/\s/.test(ch ?? '')) {
      const line = text.slice(0, i).split('\n').length;
      throw new ManifestParseError(source, undefined, `invalid JSON at line ${line}: unexpected ${JSON.stringify(ch)}`);
    }
  }
  if (depth !== 0) {
    throw new ManifestParseError(source, undefined, `invalid JSON: unexpected end of input at line ${text.split('\n').length}`);
  }
  return docs;
}

function parseYamlStream(text: string, source: string): unknown[] {
  const docs = YAML.parseAllDocuments(text, PARSE_OPTIONS);
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const detail = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new ManifestParseError(source, err.linePos?.[0].line, detail);
    }
    out.push(doc.toJS({ maxAliasCount: 1000 }));
  }
  return out;
}

/** Expands List kinds (kind: List, PodList, ...) into their items, recursively. */
function expand(doc: unknown, source: string, out: Manifest[]): void {
  if (doc === null || doc === undefined) return;
  if (Array.isArray(doc)) {
    for (const d of doc) expand(d, source, out);
    return;
  }
  if (!isRecord(doc)) throw new ManifestParseError(source, undefined, `error unmarshaling JSON: expected an object, got ${JSON.stringify(doc)}`);
  if (Object.keys(doc).length === 0) return;
  if (typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) {
    for (const item of doc.items) expand(item, source, out);
    return;
  }
  if (typeof doc.kind !== 'string' || doc.kind === '') throw new ManifestDecodeError(source, doc, 'Kind');
  if (typeof doc.apiVersion !== 'string' || doc.apiVersion === '') throw new ManifestDecodeError(source, doc, 'Version');
  out.push(doc as Manifest);
}

/** Every object in one file's text. Throws ManifestParseError / ManifestDecodeError. */
export function parseManifests(text: string, source: string): Manifest[] {
  let docs: unknown[];
  if (looksLikeJson(text)) {
    try {
      docs = [JSON.parse(text)];
    } catch {
      try {
        docs = parseJsonStream(text, source);
      } catch {
        docs = parseYamlStream(text, source); // JSON-ish YAML, or report YAML's line
      }
    }
  } else {
    docs = parseYamlStream(text, source);
  }
  const out: Manifest[] = [];
  for (const doc of docs) {
    // Before anything walks or copies it: bounded nesting, no `__proto__` key.
    try {
      checkUntrustedValue(doc, 'the manifest');
    } catch (err) {
      throw new ManifestParseError(source, undefined, (err as Error).message);
    }
    expand(doc, source, out);
  }
  return out;
}
