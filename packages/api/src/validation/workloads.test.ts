import { applyDefaults } from '../defaults';
import { findResource, ResourceInfo } from '../resources';
import { KObject } from '../types';
import { validateObject } from './index';

function info(name: string): ResourceInfo {
  const found = findResource(name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

function template(labels: Record<string, string> = { app: 'web' }, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }], ...spec } };
}

function deployment(spec: Record<string, unknown>): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec },
  };
}

function replicaSet(spec: Record<string, unknown>): KObject {
  return { ...deployment(spec), kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default' } };
}

function problems(resource: string, obj: KObject, old?: KObject): string[] {
  return validateObject(info(resource), obj, old).map((c) => `${c.field}: ${c.message}`);
}

const dep = (spec: Record<string, unknown>, old?: KObject): string[] => problems('deployments', deployment(spec), old);
const rs = (spec: Record<string, unknown>, old?: KObject): string[] => problems('replicasets', replicaSet(spec), old);

describe('Deployment', () => {
  it('accepts a valid deployment, before and after defaulting', () => {
    expect(dep({})).toEqual([]);
    const d = deployment({ replicas: 3 });
    applyDefaults(info('deployments'), d);
    expect(validateObject(info('deployments'), d)).toEqual([]);
  });

  it('requires a selector', () => {
    expect(dep({ selector: undefined })).toEqual(['spec.selector: Required value']);
  });

  it('rejects an empty selector', () => {
    expect(dep({ selector: {} })).toEqual(['spec.selector: Invalid value: {}: empty selector is invalid for deployment']);
    expect(dep({ selector: { matchLabels: {}, matchExpressions: [] } })).toHaveLength(1);
  });

  it('validates selector expressions', () => {
    expect(dep({ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] } })).toEqual([]);
    expect(dep({ selector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] } })).toEqual([
      'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
    ]);
    expect(dep({ selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } })).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
    expect(dep({ selector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] } })).toEqual([
      "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
    expect(dep({ selector: { matchLabels: { app: '-bad' } } })[0]).toMatch(/^spec\.selector\.matchLabels: Invalid value: "-bad"/);
  });

  it('requires template labels to match the selector', () => {
    expect(dep({ template: template({ app: 'api' }) })).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"api"}: `selector` does not match template `labels`',
    ]);
    expect(dep({ template: template({ app: 'web', extra: 'x' }) })).toEqual([]);
    expect(dep({ selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } })).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('validates the pod template at spec.template.spec', () => {
    expect(dep({ template: template({ app: 'web' }, { containers: [{ name: 'web' }] }) })).toEqual(['spec.template.spec.containers[0].image: Required value']);
    expect(dep({ template: undefined })).toEqual(['spec.template: Required value']);
    expect(dep({ template: { metadata: { labels: { app: 'web', 'bad key': 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } })[0]).toMatch(
      /^spec\.template\.metadata\.labels: Invalid value: "bad key"/,
    );
  });

  it('only allows restartPolicy Always in the template', () => {
    expect(dep({ template: template({ app: 'web' }, { restartPolicy: 'Always' }) })).toEqual([]);
    expect(dep({ template: template({ app: 'web' }, { restartPolicy: 'Never' }) })).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('requires replicas ≥ 0', () => {
    expect(dep({ replicas: 0 })).toEqual([]);
    expect(dep({ replicas: -1 })).toEqual(['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
    expect(dep({ replicas: 'three' })).toEqual(['spec.replicas: Invalid value: "three": must be an integer']);
  });

  it('checks the strategy type', () => {
    expect(dep({ strategy: { type: 'Recreate' } })).toEqual([]);
    expect(dep({ strategy: { type: 'BlueGreen' } })).toEqual(['spec.strategy.type: Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"']);
    expect(dep({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } })).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it('checks maxSurge and maxUnavailable', () => {
    const rolling = (ru: Record<string, unknown>): string[] => dep({ strategy: { type: 'RollingUpdate', rollingUpdate: ru } });
    expect(rolling({ maxSurge: '25%', maxUnavailable: 0 })).toEqual([]);
    expect(rolling({ maxSurge: 2, maxUnavailable: '100%' })).toEqual([]);
    expect(rolling({ maxSurge: -1 })).toEqual(['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0']);
    expect(rolling({ maxSurge: '25' })[0]).toMatch(/^spec\.strategy\.rollingUpdate\.maxSurge: Invalid value: "25": a valid percent string must be a numeric string followed by an ending '%'/);
    expect(rolling({ maxUnavailable: 1.5 })).toEqual(["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 1.5: must be an integer or percentage (e.g '5%')"]);
    expect(rolling({ maxSurge: 0, maxUnavailable: '0%' })).toEqual(['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0']);
    expect(rolling({ maxUnavailable: '150%' })).toEqual(['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%']);
  });

  it('checks revisionHistoryLimit and progressDeadlineSeconds', () => {
    expect(dep({ revisionHistoryLimit: 0, progressDeadlineSeconds: 600, minReadySeconds: 10 })).toEqual([]);
    expect(dep({ revisionHistoryLimit: -1 })).toEqual(['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0']);
    expect(dep({ progressDeadlineSeconds: 10, minReadySeconds: 10 })).toEqual(['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds']);
    expect(dep({ minReadySeconds: -1 })).toEqual(['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('keeps the selector immutable on update', () => {
    const old = deployment({});
    expect(dep({ replicas: 5 }, old)).toEqual([]);
    expect(dep({ selector: { matchLabels: { app: 'web' }, matchExpressions: [] } }, old)).toEqual([]);
    expect(dep({ selector: { matchLabels: { app: 'web2' } }, template: template({ app: 'web2' }) }, old)).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable',
    ]);
  });

  it('requires a spec', () => {
    expect(problems('deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' } })).toEqual(['spec: Required value']);
  });
});

describe('ReplicaSet', () => {
  it('accepts a valid replicaset', () => {
    expect(rs({ replicas: 2 })).toEqual([]);
  });

  it('applies the shared rules', () => {
    expect(rs({ replicas: -2 })).toEqual(['spec.replicas: Invalid value: -2: must be greater than or equal to 0']);
    expect(rs({ selector: undefined })).toEqual(['spec.selector: Required value']);
    expect(rs({ selector: {} })).toEqual(['spec.selector: Invalid value: {}: empty selector is invalid for replicaset']);
    expect(rs({ template: template({ app: 'other' }) })).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
    ]);
  });

  it('ignores Deployment-only fields', () => {
    expect(rs({ strategy: { type: 'Whatever' } })).toEqual([]);
  });

  it('keeps the selector immutable on update', () => {
    const old = replicaSet({});
    expect(rs({ selector: { matchLabels: { app: 'web', v: '2' } }, template: template({ app: 'web', v: '2' }) }, old)).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","v":"2"}}: field is immutable',
    ]);
  });
});
