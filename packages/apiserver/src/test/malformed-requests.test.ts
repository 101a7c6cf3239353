// Malformed requests answer with a typed 4xx, never Internal, and leave etcd and
// the server as they were. Raw gRPC calls bypass ApiClient's own checks.
import * as grpc from '@grpc/grpc-js';
import { StatusReason } from '@kctl/api';
import { configMap } from './manifests';
import { eventually, rejectsWith, startTestCluster, TestCluster } from './cluster';
import { etcdRevision, RawAnswer, RawApi, UnaryMethod } from './raw-api';

let cluster: TestCluster;
let raw: RawApi;

beforeAll(async () => {
  cluster = await startTestCluster();
  raw = new RawApi(cluster.server.address);
  await cluster.client.create('configmaps', configMap('present'));
});
afterAll(async () => {
  raw.close();
  await cluster.stop();
});

/** gRPC's default limit for all metadata of a call, trailers included. */
const METADATA_LIMIT = 8 * 1024;

function expectRefused(answer: RawAnswer, reason: StatusReason, message?: string | RegExp): void {
  if (answer.ok) throw new Error(`expected ${reason}, but the call succeeded`);
  expect(answer.status?.reason).toBe(reason);
  expect(answer.trailerBytes).toBeLessThan(METADATA_LIMIT);
  if (message !== undefined) expect(answer.status?.message).toMatch(message);
}

const token = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the ref of every request is checked before the registry', () => {
  const requests: Record<UnaryMethod, Record<string, unknown>> = {
    Get: {},
    List: {},
    Create: { objectJson: JSON.stringify(configMap('x')) },
    Update: { objectJson: JSON.stringify(configMap('x')) },
    UpdateStatus: { objectJson: JSON.stringify(configMap('x')) },
    Patch: { patchType: 'merge', patchJson: '{}' },
    Delete: {},
  };

  it.each(Object.keys(requests) as UnaryMethod[])('%s without a ref is a BadRequest, with an empty or unknown resource a NotFound', async (method) => {
    const before = await etcdRevision(cluster.raw);
    expectRefused(await raw.unary(method, requests[method]), 'BadRequest', /no ref/);
    expectRefused(await raw.unary(method, { ...requests[method], ref: { resource: '', namespace: 'default', name: 'x' } }), 'NotFound');
    expectRefused(await raw.unary(method, { ...requests[method], ref: { resource: 'widgets', namespace: 'default', name: 'x' } }), 'NotFound', /widgets/);
    expect(await etcdRevision(cluster.raw)).toBe(before);
  });

  it('a watch without a ref or with an unknown resource is refused, not a TypeError', async () => {
    const never = (): boolean => false;
    expectRefused(await raw.watchOnce({}, never), 'BadRequest', /no ref/);
    expectRefused(await raw.watchOnce({ ref: { resource: '' } }, never), 'NotFound');
    expectRefused(await raw.watchOnce({ ref: { resource: 'widgets' } }, never), 'NotFound');
    expectRefused(await raw.watchOnce({ ref: { resource: 'configmaps', subresource: 'status' } }, never), 'NotFound');
  });

  it('a namespaced name needs a namespace, and names are one bounded path segment', async () => {
    const get = (ref: Record<string, unknown>): Promise<RawAnswer> => raw.unary('Get', { ref: { resource: 'configmaps', ...ref } });
    expectRefused(await get({ name: 'present' }), 'BadRequest', 'Namespace parameter required.');
    expectRefused(await get({ namespace: 'default' }), 'BadRequest', 'Name parameter required.');
    expectRefused(await get({ namespace: 'default', name: 'a/b' }), 'BadRequest', /Name parameter invalid: "a\/b": may not contain '\/'/);
    expectRefused(await get({ namespace: 'default', name: '..' }), 'BadRequest', /may not be '\.\.'/);
    expectRefused(await get({ namespace: 'Not_A_Label', name: 'present' }), 'BadRequest', /Namespace parameter invalid/);
    expectRefused(await get({ namespace: 'default', name: 'n'.repeat(100_000) }), 'BadRequest', 'ref.name is too long: must be no more than 253 bytes');
    expectRefused(await raw.unary('Delete', { ref: { resource: 'configmaps', name: 'present' } }), 'BadRequest', 'Namespace parameter required.');
    expectRefused(await raw.unary('Patch', { ref: { resource: 'configmaps', namespace: 'default' }, patchType: 'merge', patchJson: '{}' }), 'BadRequest', 'Name parameter required.');
    // Cluster-scoped kinds ignore the namespace, as their Kubernetes paths have none.
    expect((await raw.unary('Get', { ref: { resource: 'namespaces', namespace: 'whatever', name: 'default' } })).ok).toBe(true);
    expect((await get({ namespace: 'default', name: 'present' })).ok).toBe(true);
  });

  it('oversize selectors are refused before they are parsed', async () => {
    const huge = `a in (${Array.from({ length: 5000 }, (_, i) => `v${i}`).join(',')})`;
    expectRefused(await raw.unary('List', { ref: { resource: 'configmaps' }, labelSelector: huge }), 'BadRequest', 'labelSelector is too long: must be no more than 16384 bytes');
    expectRefused(await raw.unary('List', { ref: { resource: 'configmaps' }, fieldSelector: `metadata.name=${'x'.repeat(20_000)}` }), 'BadRequest', /fieldSelector is too long/);
    expectRefused(await raw.watchOnce({ ref: { resource: 'configmaps' }, labelSelector: huge }, () => false), 'BadRequest', /labelSelector is too long/);
  });

  it('an out-of-range grace period or an unknown propagation policy is a BadRequest', async () => {
    const ref = { resource: 'configmaps', namespace: 'default', name: 'present' };
    expectRefused(await raw.unary('Delete', { ref, gracePeriodSeconds: 1e15 }), 'BadRequest', /gracePeriodSeconds/);
    expectRefused(await raw.unary('Delete', { ref, gracePeriodSeconds: -1, propagationPolicy: 'Sideways' }), 'BadRequest', /propagationPolicy/);
    await cluster.client.get('configmaps', 'default', 'present');
  });
});

describe('continue tokens', () => {
  const list = (cont: string): Promise<RawAnswer> => raw.unary('List', { ref: { resource: 'configmaps', namespace: 'default' }, limit: 1, continue: cont });

  it('a token with a huge, negative, fractional or future revision is a BadRequest, not Internal', async () => {
    const current = await etcdRevision(cluster.raw);
    const start = '/registry/configmaps/default/\0';
    for (const rv of [1e300, 2 ** 53, current + 1000, -1, 0, 1.5, '5', null]) {
      expectRefused(await list(token({ rv, start })), 'BadRequest', /continue token is not valid/);
    }
    for (const bad of ['not-base64-json', token(null), token([1, 2]), token({ rv: current, start: '/registry/secrets/' }), 'A'.repeat(100_000)]) {
      expectRefused(await list(bad), 'BadRequest', /continue token is not valid/);
    }
  });

  it('a token the server handed out still pages on', async () => {
    await cluster.client.create('configmaps', configMap('present-2'));
    const first = await cluster.client.list('configmaps', { namespace: 'default', limit: 1 });
    expect(first.continue).not.toBe('');
    const second = await list(first.continue);
    expect(second.ok).toBe(true);
  });
});

describe('resourceVersions parse strictly', () => {
  const watch = (resourceVersion: string): Promise<RawAnswer> =>
    raw.watchOnce({ ref: { resource: 'configmaps', namespace: 'default' }, resourceVersion }, () => cluster.server.openWatches() > 0);

  it.each(['0x10', '1e3', ' 5', '5 ', '+5', '-1', '5.0', '1_000', '９', '9007199254740993', '1'.repeat(40)])('a watch from %j is a BadRequest', async (rv) => {
    expectRefused(await watch(rv), 'BadRequest', /resourceVersion: Invalid value/);
  });

  it('accepts decimal digits with leading zeros, as Kubernetes does, and "0" as "from the current state"', async () => {
    const rv = (await cluster.client.list('configmaps')).resourceVersion;
    for (const text of [rv, `00${rv}`, '0', '']) {
      const answer = await watch(text);
      expect(answer.ok).toBe(true);
      await eventually(() => expect(cluster.server.openWatches()).toBe(0));
    }
  });

  it('a delete precondition is parsed as a revision and compared by value', async () => {
    const cm = await cluster.client.create('configmaps', configMap('precondition'));
    const ref = { resource: 'configmaps', namespace: 'default', name: 'precondition' };
    expectRefused(await raw.unary('Delete', { ref, gracePeriodSeconds: -1, preconditionResourceVersion: '0x10' }), 'BadRequest', /preconditions.resourceVersion: Invalid value/);
    expectRefused(await raw.unary('Delete', { ref, gracePeriodSeconds: -1, preconditionResourceVersion: '1' }), 'Conflict');
    expect((await raw.unary('Delete', { ref, gracePeriodSeconds: -1, preconditionResourceVersion: `0${cm.metadata.resourceVersion}` })).ok).toBe(true);
  });
});

describe('errors echo bounded values', () => {
  it('a 16 KiB field selector with a bad escape answers with a short, complete Status', async () => {
    const selector = `metadata.name=${'x'.repeat(16_000)}\\q`;
    const answer = await raw.unary('List', { ref: { resource: 'configmaps' }, fieldSelector: selector });
    expectRefused(answer, 'BadRequest', /^invalid field selector: 'metadata\.name=x+….*x+\\q'; only .* may be escaped$/);
    if (!answer.ok) expect(answer.status!.message.length).toBeLessThanOrEqual(1024);
    // The connection is fine afterwards, and the typed client gets the same error.
    await rejectsWith(cluster.client.list('configmaps', { fieldSelector: selector }), 'BadRequest');
    await cluster.client.get('configmaps', 'default', 'present');
  });

  it('an object with a 1 MB name and many bad labels is Invalid with bounded message and causes', async () => {
    const labels = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`bad key ${i} ${'é'.repeat(100)}`, '✗'.repeat(100)]));
    const obj = configMap('N'.repeat(1_000_000), {}, labels);
    const before = await etcdRevision(cluster.raw);
    const answer = await raw.unary('Create', { ref: { resource: 'configmaps', namespace: 'default' }, objectJson: JSON.stringify(obj) });
    expectRefused(answer, 'Invalid');
    if (!answer.ok) {
      expect(answer.status!.message).toContain('…');
      expect(answer.status!.details!.name!.length).toBeLessThanOrEqual(256);
      expect(answer.status!.details!.causes!.length).toBeLessThanOrEqual(20);
    }
    expect(await etcdRevision(cluster.raw)).toBe(before);
    await rejectsWith(cluster.client.create('configmaps', obj), 'Invalid');
  });
});

describe('watches cancelled early', () => {
  it('a watch cancelled before the cache answers leaves no watcher behind', async () => {
    // Enough objects that reading the initial state takes a while.
    await cluster.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bulk' } });
    const data = { blob: 'x'.repeat(4096) };
    await Promise.all(Array.from({ length: 200 }, (_, i) => cluster.client.create('configmaps', { ...configMap(`bulk-${i}`, data), metadata: { name: `bulk-${i}`, namespace: 'bulk' } })));

    // An accepted watch counts while open and no longer once cancelled.
    const held = await raw.watchOnce({ ref: { resource: 'configmaps', namespace: 'default' }, resourceVersion: (await cluster.client.list('configmaps')).resourceVersion }, () => cluster.server.openWatches() > 0);
    expect(held).toEqual({ ok: true, response: 'registered' });
    await eventually(() => expect(cluster.server.openWatches()).toBe(0));

    for (let round = 0; round < 20; round++) {
      const call = raw.watch({ ref: { resource: 'configmaps', namespace: 'bulk' } });
      call.on('error', (err: grpc.ServiceError) => expect(err.code).toBe(grpc.status.CANCELLED));
      // The server has this watch once a later call on the same connection came back.
      await cluster.client.get('configmaps', 'default', 'present');
      call.cancel();
    }
    await eventually(() => expect(cluster.server.openWatches()).toBe(0));
  });
});
