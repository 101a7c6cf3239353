// Hostile and careless input at the decoding layer, on a real etcd: unknown and
// wrongly typed fields, integers out of range, prototype keys, deep nesting.
// Each is refused with a 4xx typed error, writes nothing, and leaves the server
// (and this process, which hosts it) healthy and unpolluted.
import * as grpc from '@grpc/grpc-js';
import { KObject, StatusError, StatusReason } from '@kctl/api';
import { apiService, fromGrpcError } from '@kctl/client';
import { configMap, sampleOfEveryKind } from './manifests';
import { rejectsWith, startTestCluster, TestCluster } from './cluster';

let cluster: TestCluster;
let resources: grpc.Client;

beforeAll(async () => {
  cluster = await startTestCluster();
  resources = new (apiService('Resources'))(cluster.server.address, grpc.credentials.createInsecure());
  const samples = sampleOfEveryKind();
  await cluster.client.create('deployments', samples.deployments!);
  await cluster.client.create('nodes', samples.nodes!);
  await cluster.client.create('pods', samples.pods!);
  await cluster.client.create('configmaps', configMap('plain'));
});
afterAll(async () => {
  resources.close();
  await cluster.stop();
});

/** Sends a request whose JSON is given as text, as a hostile client can (JSON.stringify could not build it). */
function raw(method: string, request: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const call = (resources as unknown as Record<string, (req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void>)[method]!;
    call.call(resources, request, (err, res) => (err ? reject(fromGrpcError(err, cluster.server.address)) : resolve(res)));
  });
}

const ref = (resource: string, name = '', namespace = 'default', subresource = ''): Record<string, string> => ({ resource, namespace, name, subresource });
const createRaw = (resource: string, json: string, namespace = 'default'): Promise<unknown> => raw('Create', { ref: ref(resource, '', namespace), objectJson: json });
const patchRaw = (resource: string, name: string, type: 'merge' | 'json', json: string, status = false): Promise<unknown> =>
  raw('Patch', { ref: ref(resource, name), patchType: type, patchJson: json, status });

async function storedState(): Promise<Record<string, string>> {
  return cluster.raw.getAll().strings();
}

function deployment(spec: Record<string, unknown>, name = 'hostile'): KObject {
  const base = sampleOfEveryKind().deployments!;
  return { ...base, metadata: { name, namespace: 'default' }, spec: { ...(base.spec as object), ...spec } };
}

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const prototypeIsClean = (): void => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(({} as Record<string, unknown>).constructor).toBe(Object);
};

/** Runs one hostile request: it must fail with reason (and message), store nothing, and leave the server serving. */
async function refused(request: () => Promise<unknown>, reason: StatusReason, message?: RegExp | string): Promise<StatusError> {
  const before = await storedState();
  const err = await rejectsWith(request(), reason);
  if (message !== undefined) expect(err.message).toMatch(message);
  expect(await storedState()).toEqual(before);
  prototypeIsClean();
  await expect(cluster.client.get('deployments', 'default', 'web')).resolves.toMatchObject({ metadata: { name: 'web' } });
  return err;
}

const DEPLOYMENT = 'Deployment in version "v1" cannot be handled as a Deployment: ';

describe('strict decoding on create', () => {
  it.each<[string, KObject, string]>([
    ['an unknown field', deployment({ replica: 3 }), `${DEPLOYMENT}strict decoding error: unknown field "spec.replica"`],
    ['several unknown fields, comma-separated', deployment({ replica: 3, paused2: true }), `${DEPLOYMENT}strict decoding error: unknown field "spec.replica", unknown field "spec.paused2"`],
    ['an unknown field deep in the pod template', deployment({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x', imagePullPolice: 'Always' }] } } }),
      `${DEPLOYMENT}strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolice"`],
    ['replicas as a string', deployment({ replicas: '3' }), `${DEPLOYMENT}json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`],
    ['replicas of 1e20', deployment({ replicas: 1e20 }), `${DEPLOYMENT}json: cannot unmarshal number 100000000000000000000 into Go struct field DeploymentSpec.spec.replicas of type int32`],
    ['replicas of 2^31', deployment({ replicas: 2 ** 31 }), `${DEPLOYMENT}json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32`],
    ['replicas of 1.5', deployment({ replicas: 1.5 }), 'cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['finalizers as a string', { ...deployment({}), metadata: { name: 'f', namespace: 'default', finalizers: 'x' } } as unknown as KObject,
      `${DEPLOYMENT}json: cannot unmarshal string into Go struct field ObjectMeta.metadata.finalizers of type []string`],
    ['ownerReferences as a string', { ...deployment({}), metadata: { name: 'o', namespace: 'default', ownerReferences: 'x' } } as unknown as KObject,
      'cannot unmarshal string into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference'],
    ['a label value that is a number', { ...deployment({}), metadata: { name: 'l', namespace: 'default', labels: { a: 5 } } } as unknown as KObject,
      'cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    ['a revisionHistoryLimit beyond int32', deployment({ revisionHistoryLimit: 2 ** 40 }), 'of type int32'],
    ['a template port as a string', deployment({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: '80' }] }] } } }),
      'cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32'],
  ])('refuses %s', async (_what, obj, message) => {
    await refused(() => cluster.client.create('deployments', obj), 'BadRequest', message);
  });

  it('refuses wrong types on other kinds', async () => {
    await refused(() => createRaw('nodes', '{"apiVersion":"v1","kind":"Node","metadata":{"name":"n5"},"spec":5}', ''), 'BadRequest',
      'Node in version "v1" cannot be handled as a Node: json: cannot unmarshal number into Go struct field Node.spec of type v1.NodeSpec');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'aff' }, spec: { containers: [{ name: 'c', image: 'x' }], affinity: { nodeAffinity: [{ requiredDuringSchedulingIgnoredDuringExecution: {} }] } } };
    await refused(() => createRaw('pods', JSON.stringify(pod)), 'BadRequest', 'cannot unmarshal array into Go struct field Affinity.spec.affinity.nodeAffinity of type v1.NodeAffinity');
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80, targetPort: 1.5 }] } };
    await refused(() => createRaw('services', JSON.stringify(service)), 'BadRequest', 'of type intstr.IntOrString');
    const quantity = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'qty' }, spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: 'lots' } } }] } };
    await refused(() => createRaw('pods', JSON.stringify(quantity)), 'BadRequest', /Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression/);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'not base64!' } };
    await refused(() => createRaw('secrets', JSON.stringify(secret)), 'BadRequest', 'illegal base64 data at input byte 3');
  });

  it('keeps the semantic minimums of validation (Invalid, not a decoding error)', async () => {
    await refused(() => cluster.client.create('deployments', deployment({ replicas: -1 })), 'Invalid', /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'big', namespace: 'default' }, spec: { ports: [{ port: 70000 }] } };
    await refused(() => cluster.client.create('services', service), 'Invalid', /spec\.ports\[0\]\.port/);
  });

  it('accepts what Kubernetes accepts: null as absent, numbers and strings for quantities and int-or-string', async () => {
    const created = await cluster.client.create('deployments', deployment({ replicas: null, paused: null }, 'nulls'));
    expect((created.spec as { replicas: number }).replicas).toBe(1);
    expect(created.spec).not.toHaveProperty('paused');
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'mixed', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: 1, memory: '64Mi' } }, livenessProbe: { httpGet: { port: 'http' } }, ports: [{ name: 'http', containerPort: 80 }] }] },
    };
    await expect(cluster.client.create('pods', pod)).resolves.toMatchObject({ metadata: { name: 'mixed' } });
    // managedFields.fieldsV1 keeps unknown fields as Kubernetes does.
    const managed = { ...configMap('managed'), metadata: { name: 'managed', namespace: 'default', managedFields: [{ manager: 'm', operation: 'Apply', fieldsV1: { 'f:data': { 'f:key': {} } } }] } };
    await expect(cluster.client.create('configmaps', managed)).resolves.toMatchObject({ metadata: { managedFields: [{ fieldsV1: { 'f:data': { 'f:key': {} } } }] } });
  });
});

describe('strict decoding on update, status and scale', () => {
  it('refuses wrong types and unknown fields on update and updateStatus', async () => {
    const web = await cluster.client.get('deployments', 'default', 'web');
    await refused(() => cluster.client.update('deployments', { ...web, spec: { ...(web.spec as object), replicas: '3' } }), 'BadRequest', 'DeploymentSpec.spec.replicas of type int32');
    await refused(() => cluster.client.update('deployments', { ...web, spec: { ...(web.spec as object), replica: 3 } }), 'BadRequest', 'unknown field "spec.replica"');
    await refused(() => cluster.client.updateStatus('deployments', { ...web, status: { replicas: 1e20 } }), 'BadRequest', 'DeploymentStatus.status.replicas of type int32');
    await refused(() => cluster.client.updateStatus('deployments', { ...web, status: { ready: true } }), 'BadRequest', 'unknown field "status.ready"');
  });

  it('refuses a Scale whose replicas are not an int32, or negative', async () => {
    await refused(() => cluster.client.updateScale('deployments', 'default', 'web', 1e20), 'BadRequest',
      'Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal number 100000000000000000000 into Go struct field ScaleSpec.spec.replicas of type int32');
    await refused(() => cluster.client.updateScale('deployments', 'default', 'web', '3' as unknown as number), 'BadRequest', 'cannot unmarshal string into Go struct field ScaleSpec.spec.replicas of type int32');
    await refused(() => cluster.client.updateScale('deployments', 'default', 'web', -1), 'Invalid', 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('refuses a Binding with a wrongly typed target', async () => {
    const binding = '{"apiVersion":"v1","kind":"Binding","metadata":{"name":"web-0"},"target":{"kind":"Node","name":5}}';
    await refused(() => raw('Create', { ref: ref('pods', 'web-0', 'default', 'binding'), objectJson: binding }), 'BadRequest', 'Go struct field ObjectReference.target.name of type string');
  });
});

describe('patches decode their result the same way', () => {
  it.each<[string, 'merge' | 'json', string, string]>([
    ['merge: replicas 1e20', 'merge', '{"spec":{"replicas":1e20}}', 'DeploymentSpec.spec.replicas of type int32'],
    ['merge: replicas "3"', 'merge', '{"spec":{"replicas":"3"}}', 'cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas'],
    ['merge: an unknown field', 'merge', '{"spec":{"replica":3}}', 'unknown field "spec.replica"'],
    ['json: replicas "3"', 'json', '[{"op":"replace","path":"/spec/replicas","value":"3"}]', 'DeploymentSpec.spec.replicas of type int32'],
    ['json: an unknown field', 'json', '[{"op":"add","path":"/spec/replica","value":3}]', 'unknown field "spec.replica"'],
  ])('%s', async (_what, type, patch, message) => {
    await refused(() => patchRaw('deployments', 'web', type, patch), 'BadRequest', message);
  });

  it('decodes a status patch', async () => {
    await refused(() => patchRaw('deployments', 'web', 'merge', '{"status":{"replicas":"x"}}', true), 'BadRequest', 'DeploymentStatus.status.replicas');
  });
});

describe('prototype pollution', () => {
  it.each<[string, () => Promise<unknown>]>([
    ['json patch add /__proto__/polluted', () => patchRaw('deployments', 'web', 'json', '[{"op":"add","path":"/__proto__/polluted","value":"yes"}]')],
    ['json patch add /metadata/__proto__/polluted', () => patchRaw('deployments', 'web', 'json', '[{"op":"add","path":"/metadata/__proto__/polluted","value":"yes"}]')],
    ['json patch through constructor.prototype', () => patchRaw('deployments', 'web', 'json', '[{"op":"add","path":"/metadata/constructor/prototype/polluted","value":"yes"}]')],
    ['json patch copy from /__proto__', () => patchRaw('deployments', 'web', 'json', '[{"op":"copy","from":"/__proto__","path":"/metadata/labels/x"}]')],
    ['json patch move from constructor', () => patchRaw('deployments', 'web', 'json', '[{"op":"move","from":"/constructor","path":"/metadata/labels/x"}]')],
    ['merge patch with __proto__', () => patchRaw('deployments', 'web', 'merge', '{"__proto__":{"polluted":"yes"}}')],
    ['merge patch with a nested __proto__', () => patchRaw('deployments', 'web', 'merge', '{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}')],
    ['a body with __proto__', () => createRaw('configmaps', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p"},"__proto__":{"polluted":"yes"}}')],
    ['a label key __proto__', () => createRaw('configmaps', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p","labels":{"__proto__":"x"}}}')],
    ['an escaped __proto__ key', () => createRaw('configmaps', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p"},"data":{"\\u005f_proto__":"x"}}')],
  ])('refuses %s', async (_what, request) => {
    await refused(request, 'BadRequest');
  });

  it('keeps constructor and prototype as plain keys where Kubernetes allows them', async () => {
    const created = await cluster.client.create('configmaps', configMap('keys', { constructor: 'a', prototype: 'b' }));
    expect(created).toMatchObject({ data: { constructor: 'a', prototype: 'b' } });
    const patched = await patchRaw('configmaps', 'keys', 'json', '[{"op":"add","path":"/metadata/labels","value":{"constructor":"c"}}]');
    expect(JSON.parse((patched as { objectJson: string }).objectJson)).toMatchObject({ metadata: { labels: { constructor: 'c' } } });
    prototypeIsClean();
  });

  it('field selectors follow own fields only', async () => {
    const names = async (fieldSelector: string): Promise<string[]> => (await cluster.client.list('configmaps', { namespace: 'default', fieldSelector })).items.map((o) => o.metadata.name!);
    expect(await names('metadata.name=plain')).toEqual(['plain']);
    expect(await names('metadata.__proto__.polluted=yes')).toEqual([]);
    expect(await names('metadata.constructor.name=Object')).toEqual([]);
    expect(await names('metadata.__proto__.polluted!=yes')).toContain('plain');
  });
});

describe('malformed JSON patches', () => {
  it.each<[string, string]>([
    ['an operation without path', '[{"op":"add","value":1}]'],
    ['an unknown operation', '[{"op":"merge","path":"/spec/replicas","value":1}]'],
    ['an operation that is not an object', '[5]'],
    ['a path that is not a string', '[{"op":"remove","path":5}]'],
    ['move without from', '[{"op":"move","path":"/spec/paused"}]'],
    ['add without value', '[{"op":"add","path":"/spec/paused"}]'],
    ['an array index with a leading zero', '[{"op":"replace","path":"/spec/template/spec/containers/00/image","value":"x"}]'],
    ['an array index that is not a number', '[{"op":"replace","path":"/spec/template/spec/containers/first/image","value":"x"}]'],
    ['"-" outside add', '[{"op":"remove","path":"/spec/template/spec/containers/-"}]'],
    ['an index past the end', '[{"op":"add","path":"/spec/template/spec/containers/5","value":{"name":"c","image":"x"}}]'],
    ['a bad ~ escape', '[{"op":"add","path":"/metadata/labels/a~2b","value":"x"}]'],
    ['a move into its own child', '[{"op":"move","from":"/spec","path":"/spec/inner"}]'],
  ])('refuses %s with BadRequest', async (_what, patch) => {
    await refused(() => patchRaw('deployments', 'web', 'json', patch), 'BadRequest');
  });
});

describe('nesting depth', () => {
  it('refuses a body nested 10,000 deep before decoding it', async () => {
    const body = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":${nested(10_000)}}`;
    await refused(() => createRaw('configmaps', body), 'BadRequest', 'the object is nested too deeply: objects and arrays may nest at most 100 levels');
  });

  it('refuses deeply nested patches, merge and json', async () => {
    await refused(() => patchRaw('deployments', 'web', 'merge', `{"metadata":{"annotations":${nested(10_000)}}}`), 'BadRequest', 'the patch is nested too deeply');
    await refused(() => patchRaw('deployments', 'web', 'json', `[{"op":"add","path":"/metadata/managedFields","value":[{"fieldsV1":${nested(10_000)}}]}]`), 'BadRequest', 'the patch is nested too deeply');
  });

  it('refuses depth built up by patches into preserved fields', async () => {
    // Each patch is under the limit; the object they would build is not.
    const layered = { ...configMap('layers'), metadata: { name: 'layers', namespace: 'default', managedFields: [{ manager: 'm', operation: 'Update', fieldsV1: JSON.parse(nested(60)) as object }] } };
    const created = await cluster.client.create('configmaps', layered);
    const deepPath = `/metadata/managedFields/0/fieldsV1${'/a'.repeat(59)}/a`;
    await refused(() => patchRaw('configmaps', 'layers', 'json', JSON.stringify([{ op: 'replace', path: deepPath, value: JSON.parse(nested(60)) as unknown }])), 'BadRequest', 'the object is nested too deeply');
    expect(await cluster.client.get('configmaps', 'default', 'layers')).toEqual(created);
  });
});
