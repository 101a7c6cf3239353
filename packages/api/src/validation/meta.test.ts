import { findResource, ResourceInfo } from '../resources';
import { KObject } from '../types';
import { validateObject } from './index';

function info(name: string): ResourceInfo {
  const found = findResource(name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

function problems(resource: string, obj: KObject): string[] {
  return validateObject(info(resource), obj).map((c) => `${c.field}: ${c.message}`);
}

function cm(metadata: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata };
}

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('metadata.name', () => {
  it('accepts a valid name', () => {
    expect(problems('configmaps', cm({ name: 'app.config-1', namespace: 'default' }))).toEqual([]);
  });

  it('is required, even with generateName', () => {
    expect(problems('configmaps', cm({ namespace: 'default' }))).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(problems('configmaps', cm({ name: '', generateName: 'x-', namespace: 'default' }))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    expect(problems('configmaps', { apiVersion: 'v1', kind: 'ConfigMap' } as unknown as KObject)).toContain(
      'metadata.name: Required value: name or generateName is required',
    );
  });

  it('uses the DNS-1123 subdomain rule for most kinds', () => {
    expect(problems('configmaps', cm({ name: 'Bad_Name', namespace: 'default' }))).toEqual([`metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`]);
    expect(problems('configmaps', cm({ name: 'a'.repeat(254), namespace: 'default' }))).toEqual([
      `metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`,
    ]);
    expect(problems('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1.example.com' } })).toEqual([]);
  });

  it('uses the DNS-1123 label rule for namespaces', () => {
    expect(problems('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } })).toEqual([]);
    expect(problems('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } })).toEqual([
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ]);
    expect(problems('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a'.repeat(64) } })).toEqual([
      `metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`,
    ]);
  });

  it('uses the RFC 1035 label rule for services', () => {
    const svc = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    expect(problems('services', svc('web'))).toEqual([]);
    expect(problems('services', svc('1web'))[0]).toMatch(/^metadata\.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
  });

  it('rejects a name of the wrong type', () => {
    expect(problems('configmaps', cm({ name: 5, namespace: 'default' }))).toEqual(['metadata.name: Invalid value: 5: must be a string']);
  });
});

describe('metadata.namespace', () => {
  it('is required for namespaced kinds', () => {
    expect(problems('configmaps', cm({ name: 'x' }))).toEqual(['metadata.namespace: Required value']);
  });

  it('must be a DNS-1123 label', () => {
    expect(problems('configmaps', cm({ name: 'x', namespace: 'a.b' }))).toEqual(['metadata.namespace: Invalid value: "a.b": must not contain dots']);
  });

  it('is forbidden for cluster-scoped kinds', () => {
    expect(problems('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', namespace: 'default' } })).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
    expect(problems('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', namespace: '' } })).toEqual([]);
  });
});

describe('metadata.labels', () => {
  const base = { name: 'x', namespace: 'default' };

  it('accepts qualified keys and valid values', () => {
    expect(problems('configmaps', cm({ ...base, labels: { app: 'web', 'app.kubernetes.io/name': 'Web_1', empty: '' } }))).toEqual([]);
  });

  it('rejects bad keys', () => {
    const out = problems('configmaps', cm({ ...base, labels: { 'bad key': 'v', 'a/b/c': 'v', [`${'k'.repeat(64)}`]: 'v', '/x': 'v' } }));
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^metadata\.labels: Invalid value: "bad key": name part must consist of alphanumeric characters/);
    expect(out[1]).toMatch(/^metadata\.labels: Invalid value: "a\/b\/c": a qualified name must consist of/);
    expect(out[2]).toContain('name part must be no more than 63 characters');
    expect(out[3]).toContain('prefix part must be non-empty');
  });

  it('rejects bad values', () => {
    const out = problems('configmaps', cm({ ...base, labels: { a: '-x', b: 'v'.repeat(64), c: 5 } }));
    expect(out).toEqual([
      'metadata.labels[c]: Invalid value: 5: must be a string',
      "metadata.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      `metadata.labels: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
    ]);
  });
});

describe('metadata.annotations', () => {
  const base = { name: 'x', namespace: 'default' };

  it('accepts qualified keys (any case) and any values', () => {
    expect(problems('configmaps', cm({ ...base, annotations: { 'Example.COM/Note': 'anything at all: {"x": 1}' } }))).toEqual([]);
  });

  it('rejects bad keys', () => {
    expect(problems('configmaps', cm({ ...base, annotations: { 'not valid': 'x' } }))[0]).toMatch(/^metadata\.annotations: Invalid value: "not valid": name part/);
  });

  it('limits the total size to 256 KiB', () => {
    const ok = cm({ ...base, annotations: { a: 'x'.repeat(256 * 1024 - 1) } });
    expect(problems('configmaps', ok)).toEqual([]);
    const big = cm({ ...base, annotations: { a: 'x'.repeat(256 * 1024) } });
    expect(problems('configmaps', big)).toEqual(['metadata.annotations: Too long: must have at most 262144 bytes']);
  });
});
