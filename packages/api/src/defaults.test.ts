import type { Container, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { applyDefaults, defaultContainer, defaultImagePullPolicy, defaultPodSpec, defaultPodTemplate, initialStatus } from './defaults';
import { findResource, ResourceInfo } from './resources';
import { KObject } from './types';

function info(name: string): ResourceInfo {
  const found = findResource(name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

function obj(kind: string, rest: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'default' }, ...rest };
}

const CONTAINER_DEFAULTS = {
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
};

describe('defaultImagePullPolicy', () => {
  it.each<[string | undefined, string]>([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry.local:5000/nginx', 'Always'],
    ['registry.local:5000/nginx:1.25', 'IfNotPresent'],
    ['registry.local:5000/team/nginx:latest', 'Always'],
    ['nginx@sha256:abcdef', 'IfNotPresent'],
    ['nginx:1.25@sha256:abcdef', 'IfNotPresent'],
    ['nginx:latest@sha256:abcdef', 'Always'],
    ['', 'IfNotPresent'],
    [undefined, 'IfNotPresent'],
  ])('%j → %s', (image, expected) => {
    expect(defaultImagePullPolicy(image)).toBe(expected);
  });
});

describe('defaultPodSpec', () => {
  it('fills pod and container defaults', () => {
    const spec: PodSpec = {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25',
          ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
          livenessProbe: { httpGet: { port: 80 } },
          readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        },
      ],
      initContainers: [{ name: 'init', image: 'busybox' }],
      volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }],
    };
    defaultPodSpec(spec);
    expect(spec).toEqual({
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25',
          imagePullPolicy: 'IfNotPresent',
          ...CONTAINER_DEFAULTS,
          ports: [
            { containerPort: 80, protocol: 'TCP' },
            { containerPort: 53, protocol: 'UDP' },
          ],
          livenessProbe: {
            httpGet: { port: 80, path: '/', scheme: 'HTTP' },
            periodSeconds: 10,
            timeoutSeconds: 1,
            failureThreshold: 3,
            successThreshold: 1,
          },
          readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 },
          env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } }],
        },
      ],
      initContainers: [{ name: 'init', image: 'busybox', imagePullPolicy: 'Always', ...CONTAINER_DEFAULTS }],
      volumes: [
        { name: 'scratch', emptyDir: {} },
        { name: 'cfg', configMap: { name: 'c', defaultMode: 0o644 } },
      ],
    });
  });

  it('keeps values that are already set', () => {
    const spec: PodSpec = {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      dnsPolicy: 'Default',
      schedulerName: 'mine',
      securityContext: { runAsUser: 1000 },
      enableServiceLinks: false,
      containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never', terminationMessagePath: '/tmp/t', resources: { limits: { cpu: '1' } } }],
    };
    const before = structuredClone(spec);
    defaultPodSpec(spec);
    expect(spec).toEqual({
      ...before,
      containers: [{ ...before.containers[0], terminationMessagePolicy: 'File' }],
    });
  });

  it('copies containerPort to hostPort with hostNetwork', () => {
    const spec: PodSpec = { hostNetwork: true, containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }] }] };
    defaultPodSpec(spec);
    expect(spec.containers[0]?.ports?.[0]).toEqual({ containerPort: 8080, hostPort: 8080, protocol: 'TCP' });
  });

  it('leaves malformed fields for validation', () => {
    const spec = { containers: 'nope', volumes: [1, null] } as unknown as PodSpec;
    expect(() => defaultPodSpec(spec)).not.toThrow();
    expect(spec.containers).toBe('nope');
  });

  it('defaultContainer works on its own', () => {
    const c: Container = { name: 'c', image: 'nginx:latest', startupProbe: { exec: { command: ['true'] } } };
    defaultContainer(c);
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.startupProbe).toEqual({ exec: { command: ['true'] }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 });
  });
});

describe('defaultPodTemplate', () => {
  it('defaults the template spec, creating it when absent', () => {
    const t: PodTemplateSpec = { metadata: { labels: { app: 'a' } } };
    defaultPodTemplate(t);
    expect(t.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
  });
});

describe('applyDefaults', () => {
  it('Pod', () => {
    const pod = obj('Pod', { spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    applyDefaults(info('pods'), pod);
    expect(pod['spec']).toMatchObject({
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }],
    });
    expect(pod['status']).toBeUndefined();
  });

  it('Deployment', () => {
    const d = obj('Deployment', {
      apiVersion: 'apps/v1',
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } },
    });
    applyDefaults(info('deployments'), d);
    expect(d['spec']).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { spec: { restartPolicy: 'Always', containers: [{ imagePullPolicy: 'IfNotPresent' }] } },
    });
  });

  it('Deployment keeps explicit values and only fills rollingUpdate for RollingUpdate', () => {
    const recreate = obj('Deployment', { spec: { replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0 } });
    applyDefaults(info('deployments'), recreate);
    expect(recreate['spec']).toMatchObject({ replicas: 0, strategy: { type: 'Recreate' }, revisionHistoryLimit: 0 });
    expect((recreate['spec'] as { strategy: Record<string, unknown> }).strategy['rollingUpdate']).toBeUndefined();

    const partial = obj('Deployment', { spec: { strategy: { rollingUpdate: { maxSurge: 1 } } } });
    applyDefaults(info('deployments'), partial);
    expect(partial['spec']).toMatchObject({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } });
  });

  it('ReplicaSet', () => {
    const rs = obj('ReplicaSet', { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } });
    applyDefaults(info('replicasets'), rs);
    expect(rs['spec']).toMatchObject({ replicas: 1, template: { spec: { schedulerName: 'default-scheduler' } } });
    expect((rs['spec'] as Record<string, unknown>)['strategy']).toBeUndefined();
  });

  it('Service (ClusterIP)', () => {
    const svc = obj('Service', { spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }] } });
    applyDefaults(info('services'), svc);
    expect(svc['spec']).toEqual({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 53, protocol: 'UDP', targetPort: 'dns' },
      ],
    });
  });

  it('Service (NodePort, LoadBalancer, ExternalName)', () => {
    const np = obj('Service', { spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 0 }] } });
    applyDefaults(info('services'), np);
    expect(np['spec']).toMatchObject({ externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', ports: [{ targetPort: 80 }] });

    const lb = obj('Service', { spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 443 }] } });
    applyDefaults(info('services'), lb);
    expect(lb['spec']).toMatchObject({ externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true });

    const en = obj('Service', { spec: { type: 'ExternalName', externalName: 'example.com' } });
    applyDefaults(info('services'), en);
    expect(en['spec']).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });

    const ci = obj('Service', { spec: { ports: [{ port: 80 }] } });
    applyDefaults(info('services'), ci);
    expect((ci['spec'] as Record<string, unknown>)['externalTrafficPolicy']).toBeUndefined();

    const sticky = obj('Service', { spec: { sessionAffinity: 'ClientIP', ports: [{ port: 80 }] } });
    applyDefaults(info('services'), sticky);
    expect(sticky['spec']).toMatchObject({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } });
  });

  it('Secret: type Opaque, stringData folded into data as base64', () => {
    const s = obj('Secret', { data: { a: 'b2xk', keep: 'eA==' }, stringData: { a: 'new', user: 'admin' } });
    applyDefaults(info('secrets'), s);
    expect(s).toMatchObject({ type: 'Opaque', data: { a: 'bmV3', keep: 'eA==', user: 'YWRtaW4=' } });
    expect('stringData' in s).toBe(false);

    const typed = obj('Secret', { type: 'kubernetes.io/tls' });
    applyDefaults(info('secrets'), typed);
    expect(typed['type']).toBe('kubernetes.io/tls');
    expect(typed['data']).toBeUndefined();
  });

  it('Namespace', () => {
    const ns: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } };
    applyDefaults(info('namespaces'), ns);
    expect(ns).toMatchObject({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });

    const terminating: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: { finalizers: [] }, status: { phase: 'Terminating' } };
    applyDefaults(info('namespaces'), terminating);
    expect(terminating).toMatchObject({ spec: { finalizers: [] }, status: { phase: 'Terminating' } });
  });

  it('Node: allocatable defaults to capacity', () => {
    const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { capacity: { cpu: '2', pods: '110' } } };
    applyDefaults(info('nodes'), node);
    expect(node['status']).toEqual({ capacity: { cpu: '2', pods: '110' }, allocatable: { cpu: '2', pods: '110' } });
  });

  it('Endpoints: port protocol TCP', () => {
    const ep = obj('Endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] });
    applyDefaults(info('endpoints'), ep);
    expect(ep['subsets']).toEqual([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
  });

  it('Event: count 1 unless set', () => {
    const e = obj('Event', { involvedObject: { kind: 'Pod', name: 'p' } });
    applyDefaults(info('events'), e);
    expect(e['count']).toBe(1);
    const e2 = obj('Event', { count: 7 });
    applyDefaults(info('events'), e2);
    expect(e2['count']).toBe(7);
  });

  it('leaves kinds without defaults alone', () => {
    const cm = obj('ConfigMap', { data: { a: 'b' } });
    const before = structuredClone(cm);
    applyDefaults(info('configmaps'), cm);
    expect(cm).toEqual(before);
  });

  it('does not throw on malformed objects', () => {
    for (const r of ['pods', 'deployments', 'replicasets', 'services', 'secrets', 'namespaces', 'nodes', 'endpoints', 'events']) {
      for (const junk of [{ spec: 'x', status: 3, stringData: 'y', subsets: {} }, { spec: { template: 5, strategy: [], ports: 'p' } }, { spec: null }]) {
        const o = obj('X', junk);
        expect(() => applyDefaults(info(r), o)).not.toThrow();
      }
    }
  });
});

describe('pod defaults', () => {
  it('default requests to limits resource by resource, for pods but not templates', () => {
    const spec = { containers: [{ name: 'a', image: 'i', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } }], initContainers: [{ name: 'b', image: 'i', resources: { limits: { memory: '64Mi' } } }] };
    const pod = obj('Pod', { spec: structuredClone(spec) });
    applyDefaults(info('pods'), pod);
    const podSpec = pod['spec'] as typeof spec;
    expect(podSpec.containers[0]?.resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    expect((podSpec.initContainers[0]?.resources as { requests?: unknown }).requests).toEqual({ memory: '64Mi' });
    const d = obj('Deployment', { spec: { selector: {}, template: { spec: structuredClone(spec) } } });
    applyDefaults(info('deployments'), d);
    const template = (d['spec'] as { template: { spec: typeof spec } }).template.spec;
    expect(template.containers[0]?.resources.requests).toEqual({ cpu: '500m' });
  });
});

describe('initialStatus', () => {
  it('returns Pending for pods, Active for namespaces, nothing otherwise', () => {
    expect(initialStatus(info('pods'))).toEqual({ phase: 'Pending' });
    expect(initialStatus(info('namespaces'))).toEqual({ phase: 'Active' });
    expect(initialStatus(info('deployments'))).toBeUndefined();
  });

  it('returns a fresh object each time', () => {
    const a = initialStatus(info('pods'));
    const b = initialStatus(info('pods'));
    expect(a).not.toBe(b);
  });
});
