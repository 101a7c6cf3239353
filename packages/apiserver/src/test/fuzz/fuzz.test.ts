// Property-based fuzzing of the apiserver's gRPC face on a real etcd. Whatever
// arrives, each answer is a success or a typed 4xx, the server stays up, no
// prototype changes, and a refused request leaves etcd at the same revision.
// The seed is printed on failure: FUZZ_SEED=<n> npx jest <this file> replays the
// run; FUZZ_RUNS=<factor> scales the number of cases.
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { findResource, isObject } from '@kctl/api';
import { checkHealth } from '@kctl/client';
import { eventually, startTestCluster, TestCluster } from '../cluster';
import { etcdRevision, RawAnswer, RawApi, WatchAnswer } from '../raw-api';
import { deepWrites, FUZZ_NAMESPACE, manifests, mutatedWrites, patchesOfPoolObjects, rawRequests, RawCase, watchRequests, WriteCase } from './arbitraries';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const scale = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number): number => Math.max(1, Math.round(n * scale));

/** gRPC's default limit for all metadata of a call. */
const METADATA_LIMIT = 8 * 1024;

let cluster: TestCluster;
let raw: RawApi;

beforeAll(async () => {
  cluster = await startTestCluster();
  raw = new RawApi(cluster.server.address);
  await cluster.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: FUZZ_NAMESPACE } });
  // Pool objects of every kind exist from the start, so patches and updates reach them.
  for (const { resource, manifest } of fc.sample(manifests, { seed, numRuns: 60 })) await cluster.client.create(resource, manifest).catch(() => undefined);
});
afterAll(async () => {
  raw.close();
  await cluster.stop();
});

// Jest runs this file (and the server it starts) in its own realm, but Node's
// own functions such as structuredClone make objects of the outer realm: watch
// the prototypes of both.
const outerObject = Object.getPrototypeOf(structuredClone({})) as object;
const outerArray = Object.getPrototypeOf(structuredClone([])) as object;
const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype, outerObject, outerArray];
const keysOf = (p: object): string => Reflect.ownKeys(p).map(String).sort().join(',');
const prototypeKeys = prototypes.map(keysOf);

function expectPrototypesUntouched(): void {
  expect(prototypes.map(keysOf)).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect((structuredClone({}) as Record<string, unknown>)['polluted']).toBeUndefined();
}

/** A success, or an error carrying a Status with a 4xx reason, in trailers that fit. */
function expectTypedAnswer(answer: RawAnswer | WatchAnswer): void {
  if (answer.ok) return;
  if (!answer.status) throw new Error(`answer without a Status: gRPC code ${grpc.status[answer.code]}: ${answer.details.slice(0, 500)}`);
  const { reason, code, message } = answer.status;
  if (!(code >= 400 && code < 500) || reason === 'InternalError' || answer.code === grpc.status.UNKNOWN || answer.code === grpc.status.INTERNAL) {
    throw new Error(`answer ${reason} (${code}, gRPC ${grpc.status[answer.code]}): ${message.slice(0, 500)}`);
  }
  expect(answer.trailerBytes).toBeLessThan(METADATA_LIMIT);
}

const HOSTILE_SEGMENT = /(^|\/)(__proto__|constructor|prototype)(\/|$)/;

function parsedPatch(c: RawCase): unknown {
  try {
    return c.method === 'Patch' ? JSON.parse(String(c.request.patchJson)) : undefined;
  } catch {
    return undefined;
  }
}

const jsonPatchOps = (c: RawCase): unknown[] => {
  const patch = parsedPatch(c);
  return c.request.patchType === 'json' && Array.isArray(patch) ? patch : [];
};

const writesServices = (c: RawCase): boolean =>
  ['Create', 'Update', 'UpdateStatus', 'Patch'].includes(c.method) && isObject(c.request.ref) && findResource(String(c.request.ref.resource ?? ''))?.resource === 'services';

/** JSON patch operations of the wrong shape: no path, a non-string op, path or from. */
const malformedJsonPatch = (c: RawCase): boolean =>
  jsonPatchOps(c).some((op) => !isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string' || (op.from !== undefined && typeof op.from !== 'string'));

/** JSON patch paths through __proto__, constructor or prototype. */
const hostileJsonPatch = (c: RawCase): boolean =>
  jsonPatchOps(c).some((op) => isObject(op) && [op.path, op.from].some((p) => typeof p === 'string' && HOSTILE_SEGMENT.test(p)));

/** Deleting a namespace starts the namespace controller, whose writes would muddle the revision checks. */
function deletesNamespace(c: RawCase): boolean {
  const ref = c.request.ref;
  return c.method === 'Delete' && isObject(ref) && findResource(String(ref.resource ?? ''))?.resource === 'namespaces';
}

async function sendChecked(c: RawCase): Promise<RawAnswer> {
  const before = await etcdRevision(cluster.raw);
  const answer = await raw.unary(c.method, c.request);
  expectTypedAnswer(answer);
  if (!answer.ok) {
    const after = await etcdRevision(cluster.raw);
    if (after !== before) throw new Error(`a refused ${c.method} (${answer.status?.reason}: ${answer.status?.message.slice(0, 300)}) moved etcd from revision ${before} to ${after}`);
  }
  expectPrototypesUntouched();
  return answer;
}

async function expectServerUp(): Promise<void> {
  expect(await checkHealth(cluster.server.address)).toBe('SERVING');
  const list = await cluster.client.list('namespaces');
  expect(list.items.map((n) => n.metadata.name)).toContain(FUZZ_NAMESPACE);
}

const clip = (text: string): string => (text.length > 20_000 ? `${text.slice(0, 20_000)}… (${text.length} characters)` : text);

/**
 * What a property's cases must come to: both outcomes (a generator whose every
 * case is refused, or accepted, tests little), only refusals, or either.
 */
type Outcomes = 'both' | 'refused' | 'any';

/** Runs a property; a failure names the seed that replays it. The server must be up after every batch. */

async function property<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, predicate: (value: T) => Promise<RawAnswer | WatchAnswer>, expected: Outcomes = 'both'): Promise<void> {
  const outcomes = { accepted: 0, refused: 0 };
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const answer = await predicate(value);
        if (expected === 'refused' && answer.ok) throw new Error('accepted a request that must be refused');
        outcomes[answer.ok ? 'accepted' : 'refused']++;
      }),
      { seed, numRuns, includeErrorInReport: true },
    );
  } catch (err) {
    throw new Error(`fuzz property failed; replay with FUZZ_SEED=${seed}\n${clip((err as Error).message)}`);
  }
  await expectServerUp();
  if (expected === 'both' && numRuns >= 100) {
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }
}

const writeRequest = (c: WriteCase): RawCase => ({ method: c.method, request: { ref: { resource: c.resource, namespace: FUZZ_NAMESPACE }, objectJson: c.objectJson, dryRun: c.dryRun } });

/** Every case the properties send: raw requests, writes of mutated manifests, patches of existing objects. */
const allCases = {
  raw: rawRequests.filter((c) => !deletesNamespace(c)),
  writes: mutatedWrites.map(writeRequest),
  patches: patchesOfPoolObjects,
};

describe(`fuzzing the gRPC face (seed ${seed})`, () => {
  it('answers raw requests with random refs, selectors, revisions, continue tokens and bodies', async () => {
    await property(allCases.raw, runs(2000), async (c) => {
      return sendChecked(c);
    });
  });

  it('answers writes of mutated manifests of every kind', async () => {
    await property(allCases.writes, runs(1200), async (c) => {
      return sendChecked(c);
    });
  });

  it('answers patches of every type on objects that exist', async () => {
    await property(allCases.patches, runs(1000), async (c) => {
      return sendChecked(c);
    });
  });

  it('answers watches with random refs, selectors and revisions, and keeps no watcher once they are cancelled', async () => {
    await property(watchRequests, runs(400), async (request) => {
      const answer = await raw.watchOnce(request, () => cluster.server.openWatches() > 0);
      expectTypedAnswer(answer);
      expectPrototypesUntouched();
      await eventually(() => expect(cluster.server.openWatches()).toBe(0));
      return answer;
    });
  });
});

/** Classes of hostile input, each sent on its own so that every run covers it. */
describe('hostile classes', () => {
  const mixed = fc.oneof(allCases.raw, allCases.writes, allCases.patches);

  it('refuses JSON patch operations of the wrong shape (no path, a non-string op, path or from) with a BadRequest', async () => {
    await property(mixed.filter(malformedJsonPatch), runs(300), async (c) => sendChecked(c), 'refused');
  });

  it('changes no prototype through JSON patch paths via __proto__, constructor or prototype', async () => {
    await property(mixed.filter(hostileJsonPatch), runs(300), async (c) => sendChecked(c), 'any');
  });

  it('leaves etcd untouched for refused Service writes (allocations come after validation)', async () => {
    await property(mixed.filter(writesServices), runs(300), async (c) => sendChecked(c));
  });

  it('refuses values nested thousands of levels deep with a 4xx', async () => {
    await property(deepWrites, runs(100), async (c) => sendChecked(writeRequest(c)), 'refused');
  });
});
