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

describe('Lease', () => {
  const lease = (spec: Record<string, unknown>): KObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    spec,
  });

  it('accepts a valid lease', () => {
    expect(problems('leases', lease({ holderIdentity: 'node-1', leaseDurationSeconds: 40 }))).toEqual([]);
    expect(problems('leases', lease({}))).toEqual([]);
  });

  it('requires leaseDurationSeconds > 0 when set', () => {
    expect(problems('leases', lease({ leaseDurationSeconds: 0 }))).toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
    expect(problems('leases', lease({ leaseDurationSeconds: -5 }))).toHaveLength(1);
    expect(problems('leases', lease({ leaseTransitions: -1 }))).toEqual(['spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0']);
  });
});

describe('Event', () => {
  const event = (rest: Record<string, unknown>): KObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.17a', namespace: 'default' },
    reason: 'Scheduled',
    ...rest,
  });

  it('accepts an event about an object in its namespace', () => {
    expect(problems('events', event({ involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' }, count: 1 }))).toEqual([]);
    expect(problems('events', event({ involvedObject: { kind: 'Node', name: 'node-1' } }))).toEqual([]);
  });

  it('requires involvedObject', () => {
    expect(problems('events', event({}))).toEqual(['involvedObject: Required value']);
    expect(problems('events', event({ involvedObject: 'pod/web' }))).toEqual(['involvedObject: Invalid value: "pod/web": must be an object']);
  });

  it('requires involvedObject.namespace to match', () => {
    expect(problems('events', event({ involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } }))).toEqual([
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
  });
});

describe('Namespace, Node and Endpoints', () => {
  it('need only valid metadata', () => {
    expect(problems('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } })).toEqual([]);
    expect(problems('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Kube' } })).toHaveLength(1);
    expect(problems('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: { unschedulable: true } })).toEqual([]);
    expect(problems('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node_1' } })).toHaveLength(1);
    expect(problems('endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [] })).toEqual([]);
  });
});
