import fc from 'fast-check';
import { StatusError } from '../errors';
import { apiVersionOf, RESOURCES } from '../resources';
import { decodeKind } from './decode';
import { definition, definitionNameFor, OPENAPI } from './openapi';
import { checkJsonDepth, parseUntrustedJson } from './safe-json';

function decodeError(apiVersion: string, kind: string, value: unknown): StatusError {
  try {
    decodeKind(apiVersion, kind, value);
  } catch (err) {
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).reason).toBe('BadRequest');
    return err as StatusError;
  }
  throw new Error('expected a decoding error');
}

const deployment = (spec: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec });

describe('the generated schema', () => {
  it('describes every served kind and the Scale and Binding bodies', () => {
    for (const r of RESOURCES) expect(definitionNameFor(apiVersionOf(r), r.kind)).toBe(r.kind);
    expect(definitionNameFor('autoscaling/v1', 'Scale')).toBe('Scale');
    expect(definitionNameFor('v1', 'Binding')).toBe('Binding');
    expect(OPENAPI.source).toMatch(/v1\.32\.0/);
  });

  it('resolves every reference, keeping formats and descriptions', () => {
    const refs: string[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref') refs.push(v as string);
          else visit(v);
        }
      }
    };
    visit(OPENAPI.definitions);
    for (const ref of refs) expect(definition(ref)).toBeDefined();
    expect(definition('DeploymentSpec')?.properties?.replicas).toMatchObject({ type: 'integer', format: 'int32', description: expect.stringContaining('desired pods') });
    expect(definition('ResourceRequirements')?.properties?.limits?.additionalProperties).toEqual({ $ref: 'Quantity' });
    expect(definition('ServicePort')?.properties?.targetPort?.$ref).toBe('IntOrString');
    expect(definition('Secret')?.properties?.data?.additionalProperties).toEqual({ type: 'string', format: 'byte' });
  });
});

describe('decodeKind', () => {
  it('returns a fresh copy without nulls', () => {
    const input = deployment({ replicas: null, selector: { matchLabels: { app: 'a' } } });
    const out = decodeKind('apps/v1', 'Deployment', input);
    expect(out).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'a' } } } });
    expect(out.spec).not.toBe(input.spec);
  });

  it('names every unknown field, with list indices, comma-separated', () => {
    const err = decodeError('apps/v1', 'Deployment', deployment({ replica: 1, template: { spec: { containers: [{ name: 'a' }, { name: 'b', imagePullPolice: 'x' }] } } }));
    expect(err.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[1].imagePullPolice"');
  });

  it('reports a type error before unknown fields, as Go does', () => {
    expect(decodeError('apps/v1', 'Deployment', deployment({ replica: 1, replicas: true })).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal bool into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('names Go types: lists, maps, structs and the special types', () => {
    const pod = (spec: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec });
    expect(decodeError('v1', 'Pod', pod({ containers: {} })).message).toMatch(/cannot unmarshal object into Go struct field PodSpec.spec.containers of type \[\]v1.Container$/);
    expect(decodeError('v1', 'Pod', pod({ nodeSelector: [] })).message).toMatch(/cannot unmarshal array into Go struct field PodSpec.spec.nodeSelector of type map\[string\]string$/);
    expect(decodeError('v1', 'Pod', pod({ containers: [{ name: 'c', resources: { limits: { cpu: true } } }] })).message).toMatch(/ResourceRequirements.spec.containers.resources.limits of type resource.Quantity$/);
    expect(decodeError('v1', 'Pod', pod({ containers: [{ name: 'c', livenessProbe: { tcpSocket: { port: [] } } }] })).message).toMatch(/TCPSocketAction.spec.containers.livenessProbe.tcpSocket.port of type intstr.IntOrString$/);
    expect(decodeError('v1', 'Pod', { metadata: { creationTimestamp: 5 } }).message).toMatch(/ObjectMeta.metadata.creationTimestamp of type v1.Time$/);
    expect(decodeError('v1', 'Pod', { metadata: { creationTimestamp: 'yesterday' } }).message).toMatch(/parsing time "yesterday"/);
    expect(decodeError('v1', 'Pod', 'x').message).toMatch(/cannot unmarshal string into Go value of type v1.Pod$/);
  });

  it('keeps int32 fields within int32, and int64 fields within JSON-safe integers', () => {
    const int32 = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
    fc.assert(fc.property(int32, (n) => (decodeKind('apps/v1', 'Deployment', deployment({ replicas: n })).spec as { replicas: number }).replicas === n));
    const outside = fc.oneof(fc.double({ min: 2 ** 31, noNaN: true }), fc.double({ max: -(2 ** 31) - 1, noNaN: true }), fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)));
    fc.assert(fc.property(outside, (n) => /of type int32$/.test(decodeError('apps/v1', 'Deployment', deployment({ replicas: n })).message)));
    const pod = (seconds: unknown): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { activeDeadlineSeconds: seconds } });
    expect(decodeKind('v1', 'Pod', pod(2 ** 40)).spec).toEqual({ activeDeadlineSeconds: 2 ** 40 });
    expect(decodeError('v1', 'Pod', pod(2 ** 60)).message).toMatch(/cannot unmarshal number 1152921504606847000 into Go struct field PodSpec.spec.activeDeadlineSeconds of type int64$/);
  });

  it('accepts strings and numbers for quantities and int-or-string, any value under preserved fields', () => {
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { managedFields: [{ fieldsV1: { 'f:spec': { anything: [1, 'x'] } } }] },
      spec: { containers: [{ name: 'c', resources: { limits: { cpu: 0.5, memory: '1Gi' } }, readinessProbe: { httpGet: { port: 'http' } }, livenessProbe: { httpGet: { port: 8080 } } }] },
    };
    expect(decodeKind('v1', 'Pod', pod)).toEqual(pod);
  });

  it('gives null list items and map values their zero value', () => {
    const cm = decodeKind('v1', 'ConfigMap', { metadata: { finalizers: [null] }, data: { a: null } });
    expect(cm).toEqual({ metadata: { finalizers: [''] }, data: { a: '' } });
    const pod = decodeKind('v1', 'Pod', { spec: { containers: [{ name: 'c', resources: { limits: { cpu: null } }, ports: [null] }] } });
    expect(pod.spec).toEqual({ containers: [{ name: 'c', resources: { limits: { cpu: '0' } }, ports: [{}] }] });
  });

  it('refuses __proto__ even where maps and preserved fields allow any key', () => {
    expect(decodeError('v1', 'ConfigMap', JSON.parse('{"data":{"__proto__":"x"}}')).message).toMatch(/the field name "__proto__" is not allowed/);
    expect(decodeError('v1', 'ConfigMap', JSON.parse('{"metadata":{"managedFields":[{"fieldsV1":{"__proto__":{}}}]}}')).message).toMatch(/"__proto__"/);
  });
});

describe('parseUntrustedJson', () => {
  it('refuses deep nesting without recursing, in strings it counts nothing', () => {
    expect(() => parseUntrustedJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'the object')).toThrow(/nested too deeply/);
    expect(() => checkJsonDepth(`{"a":"${'['.repeat(1000)}\\"{"}`, 'x')).not.toThrow();
    expect(parseUntrustedJson(`${'['.repeat(100)}${']'.repeat(100)}`, 'x')).toBeDefined();
  });

  it('refuses __proto__ keys, however they are written', () => {
    expect(() => parseUntrustedJson('{"a":[{"__proto__":1}]}', 'the patch')).toThrow('the patch has the field name "__proto__", which is not allowed');
    expect(() => parseUntrustedJson('{"\\u005f\\u005fproto__":1}', 'x')).toThrow(/__proto__/);
    expect(parseUntrustedJson('{"constructor":{"prototype":1}}', 'x')).toEqual({ constructor: { prototype: 1 } });
  });

  it('words bad JSON as before', () => {
    expect(() => parseUntrustedJson('{', 'the object')).toThrow(/^the object is not valid JSON: /);
  });
});
