// Generators for the fuzz test: manifests of every served kind with fields
// changed, removed, retyped, made huge or deep, or given hostile keys; and raw
// requests with random refs, selectors, revisions, continue tokens and patches.
import fc from 'fast-check';
import { KObject, RESOURCES } from '@kctl/api';
import { sampleOfEveryKind } from '../manifests';
import { UnaryMethod } from '../raw-api';

/** The namespace the fuzz test creates; most generated objects live there. */
export const FUZZ_NAMESPACE = 'fuzz';
/** Names the generators reuse, so updates, patches and deletes meet objects that exist. */
export const NAME_POOL = ['fz-0', 'fz-1', 'fz-2'];

export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Text spliced into JSON where a generator placed a marker (deep nesting cannot be built as objects cheaply). */
const DEEP_MARKER = '"@@deeply-nested@@"';

const RESOURCE_ALIASES = RESOURCES.flatMap((r) => [r.singular, r.kind, ...r.shortNames, r.group ? `${r.resource}.${r.group}` : r.resource.toUpperCase()]);

const huge = (min: number, max: number): fc.Arbitrary<string> =>
  fc.tuple(fc.string({ minLength: 1, maxLength: 3, unit: 'binary' }), fc.integer({ min, max })).map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

/** Any string, weighted towards the shapes that break parsers. */
const anyString = fc.oneof(
  { weight: 4, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '.', '..', 'a/b', '%2F', 'a\u0000b', '\uD800', '😀', ...HOSTILE_KEYS) },
  { weight: 1, arbitrary: huge(254, 20_000) },
);

const dnsName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/);

export const names = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...NAME_POOL) }, { weight: 2, arbitrary: dnsName }, { weight: 3, arbitrary: anyString });
const namespaces = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(FUZZ_NAMESPACE, 'default') }, { weight: 1, arbitrary: fc.constant('') }, { weight: 2, arbitrary: anyString });
const resources = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...RESOURCES.map((r) => r.resource)) },
  { weight: 2, arbitrary: fc.constantFrom(...RESOURCE_ALIASES) },
  { weight: 2, arbitrary: anyString },
);
const subresources = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 3, arbitrary: fc.constantFrom('status', 'scale', 'binding') }, { weight: 1, arbitrary: anyString });

/** Values that are not strings: the proto turns them into strings on the way, as any client library would. */
const notAString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

export const refs: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ resource: resources, namespace: namespaces, name: names, subresource: subresources }, { requiredKeys: ['resource'] }) },
  { weight: 1, arbitrary: fc.record({ resource: fc.oneof(resources, notAString), namespace: fc.oneof(namespaces, notAString), name: fc.oneof(names, notAString) }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}) },
);

const labelKeys = fc.oneof(fc.constantFrom('app', 'tier', 'example.com/role', 'a.b_c-d', '', '-bad', 'x/y/z'), anyString);
const labelValues = fc.oneof(fc.constantFrom('web', 'front', '', 'a_b.c-d', '-bad'), anyString);
const labelTerm = fc.oneof(
  fc.tuple(labelKeys, fc.constantFrom('=', '==', '!='), labelValues).map(([k, op, v]) => `${k}${op}${v}`),
  fc.tuple(labelKeys, fc.constantFrom(' in ', ' notin ', 'in', ' in'), fc.array(labelValues, { maxLength: 5 })).map(([k, op, vs]) => `${k}${op}(${vs.join(',')})`),
  labelKeys.map((k) => `!${k}`),
  labelKeys,
  fc.constantFrom('(', ')', ',', 'in (', '=', '!', '<', '>'),
);
export const labelSelectors = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.array(labelTerm, { minLength: 1, maxLength: 4 }).map((terms) => terms.join(',')) },
  { weight: 2, arbitrary: anyString },
  // Near the size limit with many distinct values, and over it.
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 2500 }).map((n) => `app in (${Array.from({ length: n }, (_, i) => `v${i}`).join(',')})`) },
  { weight: 1, arbitrary: huge(16 * 1024, 200_000) },
);
const fieldPaths = fc.oneof(fc.constantFrom('metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase', '', '__proto__.polluted', 'constructor.prototype'), anyString);
const fieldValues = fc.oneof(fc.constantFrom('x', '', 'a\\,b', 'a\\=b', 'a\\\\', 'bad\\q', '\\'), anyString);
export const fieldSelectors = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.array(fc.tuple(fieldPaths, fc.constantFrom('=', '==', '!=', '', '=='), fieldValues).map(([p, op, v]) => `${p}${op}${v}`), { minLength: 1, maxLength: 3 }).map((t) => t.join(',')) },
  { weight: 2, arbitrary: anyString },
  { weight: 1, arbitrary: huge(16 * 1024, 100_000) },
);

export const revisions = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 100_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', '0', '00', '05', '0x10', '1e3', ' 5', '5 ', '+5', '-1', '5.0', '1_000', '9007199254740991', '9007199254740993', 'Infinity', 'NaN', '٣') },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{17,400}$/) },
  { weight: 1, arbitrary: anyString },
);

const tokenOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
export const continueTokens = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  {
    weight: 4,
    arbitrary: fc
      .record({
        rv: fc.oneof(fc.integer({ min: -10, max: 1_000_000 }), fc.double(), fc.constantFrom(1e300, 2 ** 53, -0, null, '5', Number.MAX_SAFE_INTEGER)),
        start: fc.oneof(fc.constantFrom(...RESOURCES.map((r) => `/registry/${r.resource}/`)).chain((p) => fc.string().map((s) => p + s)), anyString),
      }, { requiredKeys: [] })
      .map(tokenOf),
  },
  { weight: 1, arbitrary: fc.jsonValue().map(tokenOf) },
  { weight: 1, arbitrary: fc.base64String() },
  { weight: 1, arbitrary: anyString },
);

/** JSON values with hostile keys as own properties (what JSON.parse of hostile text produces). */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string()), tie('value')), { maxLength: 4 }).map((entries) => {
      const obj: Record<string, unknown> = {};
      for (const [key, value] of entries) Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      return obj;
    }),
  ),
})).value;

const jsonPointers = (doc: unknown): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pathsOf(doc).map((p) => '/' + p.map((t) => String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'))) },
    { weight: 2, arbitrary: fc.constantFrom('', '/', '/-', '/metadata/labels/x', '/spec/containers/-', '/spec/containers/99', '/__proto__/polluted', '/metadata/__proto__/polluted', '/constructor/prototype/polluted', '/metadata/labels/__proto__', 'no-slash', '/a~2b') },
    { weight: 1, arbitrary: anyString },
  );

export type PatchType = 'merge' | 'json' | string;

/** A patch of any type for doc: merge and JSON patches built from doc's own paths, plus junk. */
export function patches(doc: KObject): fc.Arbitrary<{ patchType: PatchType; patchJson: string }> {
  const op = fc.record(
    {
      op: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test') }, { weight: 1, arbitrary: fc.oneof(anyString, notAString) }),
      path: fc.oneof({ weight: 6, arbitrary: jsonPointers(doc) }, { weight: 1, arbitrary: notAString }),
      from: jsonPointers(doc),
      value: hostileJson,
    },
    { requiredKeys: ['op'] },
  );
  const merge = fc.oneof(
    hostileJson,
    fc.record({ metadata: fc.record({ labels: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.constant(null), notAString)), resourceVersion: fc.oneof(revisions, notAString), name: names }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  );
  const json = fc.oneof({ weight: 6, arbitrary: fc.array(op, { maxLength: 5 }) }, { weight: 1, arbitrary: hostileJson });
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('merge', ''), merge).map(([patchType, p]) => ({ patchType, patchJson: JSON.stringify(p) ?? 'null' })) },
    { weight: 4, arbitrary: json.map((p) => ({ patchType: 'json', patchJson: JSON.stringify(p) ?? 'null' })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('strategic', 'apply', 'application/merge-patch+json', 'JSON'), merge).map(([patchType, p]) => ({ patchType, patchJson: JSON.stringify(p) ?? 'null' })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('merge', 'json'), fc.oneof(anyString, fc.constantFrom('', '{', '[', '{"a":}', 'nul', '1e999999'))).map(([patchType, patchJson]) => ({ patchType, patchJson })) },
  );
}

/** Paths to every value in a JSON document, as lists of keys and indexes. */
export function pathsOf(doc: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push([...prefix, i], ...pathsOf(v, [...prefix, i])));
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) out.push([...prefix, k], ...pathsOf(v, [...prefix, k]));
  return out;
}

export type Mutation =
  | { kind: 'remove'; pick: number }
  | { kind: 'set'; pick: number; value: unknown }
  | { kind: 'retype'; pick: number; to: 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' }
  | { kind: 'huge'; pick: number; length: number }
  | { kind: 'hostile'; pick: number; key: (typeof HOSTILE_KEYS)[number]; value: unknown }
  | { kind: 'deep'; pick: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: hostileJson }),
  fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), to: fc.constantFrom('string', 'number', 'boolean', 'null', 'array', 'object') }),
  fc.record({ kind: fc.constant('huge' as const), pick: fc.nat(), length: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 300, max: 100_000 }) }, { weight: 1, arbitrary: fc.constant(3.5 * 1024 * 1024) }) }),
  fc.record({ kind: fc.constant('hostile' as const), pick: fc.nat(), key: fc.constantFrom(...HOSTILE_KEYS), value: hostileJson }),
);

const retyped = (value: unknown, to: string): unknown =>
  ({ string: String(JSON.stringify(value)), number: typeof value === 'string' ? value.length : -1, boolean: true, null: null, array: [value], object: { value } })[to];

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A copy, so mutations never touch the generator's own values (JSON keeps hostile keys as own properties). */
const copyOf = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** Applies mutations to a copy of base; returns the manifest's JSON text. */
export function mutate(base: KObject, mutations: Mutation[], deepLevels = 0): string {
  const doc = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  for (const m of mutations) {
    const paths = pathsOf(doc);
    const path = paths[m.pick % Math.max(paths.length, 1)] ?? [];
    const parentPath = path.slice(0, -1);
    const last = path.at(-1);
    let parent: unknown = doc;
    for (const step of parentPath) parent = (parent as Record<string | number, unknown>)[step];
    const holder = parent as Record<string | number, unknown>;
    if (last === undefined) continue;
    switch (m.kind) {
      case 'remove':
        if (Array.isArray(holder)) holder.splice(Number(last), 1);
        else delete holder[last];
        break;
      case 'set':
        holder[last] = copyOf(m.value);
        break;
      case 'retype':
        holder[last] = retyped(holder[last], m.to);
        break;
      case 'huge':
        holder[last] = 'h'.repeat(m.length);
        break;
      case 'hostile': {
        const target = holder[last];
        const into = isPlainObject(target) ? target : isPlainObject(holder) ? holder : undefined;
        if (into) Object.defineProperty(into, m.key, { value: copyOf(m.value), enumerable: true, writable: true, configurable: true });
        break;
      }
      case 'deep':
        holder[last] = JSON.parse(DEEP_MARKER);
        break;
    }
  }
  const text = JSON.stringify(doc);
  return deepLevels > 0 ? text.replace(DEEP_MARKER, `${'['.repeat(deepLevels)}${']'.repeat(deepLevels)}`) : text;
}

const samples = sampleOfEveryKind();

/** A valid manifest of a served kind, named from the pool, in the fuzz namespace. */
export const manifests: fc.Arbitrary<{ resource: string; manifest: KObject }> = fc
  .tuple(fc.constantFrom(...Object.keys(samples)), fc.constantFrom(...NAME_POOL), fc.dictionary(fc.constantFrom('app', 'tier', 'fuzz'), fc.constantFrom('web', 'a', 'b'), { maxKeys: 2 }))
  .map(([resource, name, labels]) => {
    const sample = JSON.parse(JSON.stringify(samples[resource])) as KObject;
    const namespaced = RESOURCES.find((r) => r.resource === resource)!.namespaced;
    sample.metadata = { ...sample.metadata, name: namespaced ? name : `${FUZZ_NAMESPACE}-${name}`, namespace: namespaced ? FUZZ_NAMESPACE : undefined, labels: { ...sample.metadata.labels, ...labels } };
    return { resource, manifest: sample };
  });

export interface WriteCase {
  method: 'Create' | 'Update' | 'UpdateStatus';
  resource: string;
  dryRun: boolean;
  objectJson: string;
}

/** Manifests with up to four mutations, written by any write verb. */
export const mutatedWrites: fc.Arbitrary<WriteCase> = fc
  .record({
    base: manifests,
    mutations: fc.array(mutation, { maxLength: 4 }),
    method: fc.constantFrom('Create', 'Create', 'Update', 'UpdateStatus'),
    dryRun: fc.boolean(),
  })
  .map(({ base, mutations, method, dryRun }) => ({ method, resource: base.resource, dryRun, objectJson: mutate(base.manifest, mutations) }));

/** Manifests with a value nested thousands of levels deep somewhere. */
export const deepWrites: fc.Arbitrary<WriteCase> = fc
  .record({ base: manifests, pick: fc.nat(), levels: fc.integer({ min: 1000, max: 200_000 }), method: fc.constantFrom('Create', 'Update') })
  .map(({ base, pick, levels, method }) => ({ method, resource: base.resource, dryRun: false, objectJson: mutate(base.manifest, [{ kind: 'deep', pick }], levels) }));

export interface RawCase {
  method: UnaryMethod;
  request: Record<string, unknown>;
}

/** Any unary request with random fields. */
export const rawRequests: fc.Arbitrary<RawCase> = fc.oneof(
  fc.record({ ref: refs }).map((request) => ({ method: 'Get' as const, request })),
  fc
    .record({ ref: refs, labelSelector: labelSelectors, fieldSelector: fieldSelectors, limit: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom(0, 1e18, -1e18, Number.MAX_SAFE_INTEGER)), continue: continueTokens })
    .map((request) => ({ method: 'List' as const, request })),
  fc
    .record({ ref: refs, preconditionUid: fc.oneof(fc.constant(''), anyString), preconditionResourceVersion: fc.oneof(fc.constant(''), revisions), propagationPolicy: fc.oneof(fc.constantFrom('', 'Background', 'Foreground', 'Orphan'), anyString), gracePeriodSeconds: fc.oneof(fc.integer({ min: -2, max: 60 }), fc.constantFrom(2 ** 31, 1e15, 1e18, -1e18)) })
    .map((request) => ({ method: 'Delete' as const, request })),
  fc
    .record({ ref: refs, objectJson: fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), anyString, manifests.map((m) => JSON.stringify(m.manifest))), dryRun: fc.boolean() })
    .chain((request) => fc.constantFrom<UnaryMethod>('Create', 'Update', 'UpdateStatus').map((method) => ({ method, request }))),
  fc.tuple(refs, manifests).chain(([ref, m]) => patches(m.manifest).map((p) => ({ method: 'Patch' as const, request: { ref, ...p, status: false } }))),
);

/** Patches of every type against objects that exist (pool names in the fuzz namespace). */
export const patchesOfPoolObjects: fc.Arbitrary<RawCase> = fc
  .tuple(manifests, fc.boolean())
  .chain(([m, status]) =>
    patches(m.manifest).map((p) => ({
      method: 'Patch' as const,
      request: { ref: { resource: m.resource, namespace: m.manifest.metadata.namespace ?? '', name: m.manifest.metadata.name }, ...p, status },
    })),
  );

export const watchRequests: fc.Arbitrary<Record<string, unknown>> = fc.record({
  ref: refs,
  labelSelector: labelSelectors,
  fieldSelector: fieldSelectors,
  resourceVersion: fc.oneof(fc.constant(''), revisions),
  allowBookmarks: fc.boolean(),
});
