// Untrusted JSON: bounded nesting, and no key that could reach an object's
// prototype when later code copies or walks the value.
import { badRequest } from '../errors';

/**
 * Deepest nesting of objects and arrays accepted in a request. Go's encoding/json,
 * which Kubernetes decodes with, stops at 10,000; kctl's served kinds nest about
 * 20 levels (a Deployment's pod template affinity terms), so 100 leaves room for
 * any real object while every recursive step after decoding stays shallow.
 */
export const MAX_NESTING_DEPTH = 100;

/**
 * `__proto__` as a key would become the prototype of an object built with
 * assignment (Object.assign, `obj[key] = v`, merge patches). Kubernetes field
 * names and label, annotation and data keys never need it, so it is refused
 * wherever it appears. `constructor` and `prototype` are harmless as own keys;
 * every walker looks keys up with Object.hasOwn so they never reach a prototype.
 */
export const FORBIDDEN_KEY = '__proto__';

/** Throws BadRequest when text nests objects/arrays deeper than the limit; linear, no recursion. */
export function checkJsonDepth(text: string, what: string, limit = MAX_NESTING_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) throw tooDeep(what, limit);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

function tooDeep(what: string, limit: number): Error {
  return badRequest(`${what} is nested too deeply: objects and arrays may nest at most ${limit} levels`);
}

/**
 * Throws BadRequest when a parsed value nests deeper than the limit or holds a
 * `__proto__` key. Iterative, so a value built elsewhere (a YAML document, a
 * patched object) is checked without risk to the stack.
 */
export function checkUntrustedValue(value: unknown, what: string, limit = MAX_NESTING_DEPTH): void {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const v = item.value;
    if (v === null || typeof v !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > limit) throw tooDeep(what, limit);
    if (Array.isArray(v)) {
      for (const e of v) stack.push({ value: e, depth });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (key === FORBIDDEN_KEY) throw badRequest(`${what} has the field name "${FORBIDDEN_KEY}", which is not allowed`);
      stack.push({ value: (v as Record<string, unknown>)[key], depth });
    }
  }
}

/**
 * JSON.parse for request bodies and patches: the nesting depth is checked on the
 * text first, then the parsed value is checked for `__proto__` keys. `what`
 * names the input in messages ("the object", "the patch").
 */
export function parseUntrustedJson(text: string, what: string): unknown {
  checkJsonDepth(text, what);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  checkUntrustedValue(value, what);
  return value;
}
