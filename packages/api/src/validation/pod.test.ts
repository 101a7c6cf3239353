import { applyDefaults } from '../defaults';
import { findResource, ResourceInfo } from '../resources';
import { KObject } from '../types';
import { validateObject } from './index';

function info(name: string): ResourceInfo {
  const found = findResource(name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

function pod(spec: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec };
}

function container(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'c', image: 'nginx:1.25', ...extra };
}

function problems(spec: Record<string, unknown>): string[] {
  return validateObject(info('pods'), pod(spec)).map((c) => `${c.field}: ${c.message}`);
}

describe('pod spec', () => {
  it('accepts a minimal pod, before and after defaulting', () => {
    expect(problems({ containers: [container()] })).toEqual([]);
    const p = pod({ containers: [container({ ports: [{ containerPort: 80 }] })] });
    applyDefaults(info('pods'), p);
    expect(validateObject(info('pods'), p)).toEqual([]);
  });

  it('accepts a full pod', () => {
    expect(
      problems({
        restartPolicy: 'OnFailure',
        dnsPolicy: 'ClusterFirst',
        nodeName: 'node-1',
        terminationGracePeriodSeconds: 0,
        volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c', items: [{ key: 'app.conf', path: 'app.conf' }] } }],
        initContainers: [container({ name: 'init' })],
        containers: [
          container({
            ports: [{ name: 'http', containerPort: 80, hostPort: 8080, protocol: 'TCP' }, { name: 'dns', containerPort: 53, protocol: 'UDP' }],
            env: [{ name: 'MODE', value: 'prod' }],
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi', 'example.com/gpu': 1 } },
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
            livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
            readinessProbe: { exec: { command: ['true'] } },
          }),
          container({ name: 'sidecar', image: 'busybox', ports: [{ name: 'http', containerPort: 81 }] }),
        ],
      }),
    ).toEqual([]);
  });

  it('requires at least one container', () => {
    expect(problems({ containers: [] })).toEqual(['spec.containers: Required value']);
    expect(problems({})).toEqual(['spec.containers: Required value']);
    expect(validateObject(info('pods'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd' } }).map((c) => c.field)).toEqual(['spec.containers']);
  });

  it('reports fields of the wrong type instead of throwing', () => {
    expect(problems({ containers: 'nginx' })).toEqual(['spec.containers: Invalid value: "nginx": must be an array']);
    expect(problems({ containers: [5] })).toEqual(['spec.containers[0]: Invalid value: 5: must be an object']);
    expect(validateObject(info('pods'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd' }, spec: 'x' }).map((c) => c.message)).toEqual([
      'Invalid value: "x": must be an object',
    ]);
  });
});

describe('containers', () => {
  it('requires a name', () => {
    expect(problems({ containers: [{ image: 'nginx' }] })).toEqual(['spec.containers[0].name: Required value']);
  });

  it('requires a DNS-1123 label name', () => {
    expect(problems({ containers: [container({ name: 'Web_1' })] })[0]).toMatch(/^spec\.containers\[0\]\.name: Invalid value: "Web_1": a lowercase RFC 1123 label/);
  });

  it('requires unique names across containers and init containers', () => {
    expect(problems({ containers: [container(), container()] })).toEqual(['spec.containers[1].name: Duplicate value: "c"']);
    expect(problems({ containers: [container()], initContainers: [container()] })).toEqual(['spec.initContainers[0].name: Duplicate value: "c"']);
    expect(problems({ containers: [container({ name: 'a' })], initContainers: [container({ name: 'b' })] })).toEqual([]);
  });

  it('requires an image', () => {
    expect(problems({ containers: [{ name: 'c' }] })).toEqual(['spec.containers[0].image: Required value']);
    expect(problems({ containers: [container({ image: '' })] })).toEqual(['spec.containers[0].image: Required value']);
    expect(problems({ containers: [container({ image: ' nginx' })] })).toEqual([
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
    expect(problems({ containers: [], initContainers: [{ name: 'i' }] })).toEqual(['spec.containers: Required value', 'spec.initContainers[0].image: Required value']);
  });

  it('checks imagePullPolicy and terminationMessagePolicy when set', () => {
    expect(problems({ containers: [container({ imagePullPolicy: 'Sometimes', terminationMessagePolicy: 'File' })] })).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });
});

describe('container ports', () => {
  const withPorts = (ports: unknown[]): string[] => problems({ containers: [container({ ports })] });

  it('accepts valid ports', () => {
    expect(withPorts([{ containerPort: 1 }, { containerPort: 65535, hostPort: 0, protocol: 'SCTP' }])).toEqual([]);
  });

  it('checks containerPort range and presence', () => {
    expect(withPorts([{ containerPort: 70000 }])).toEqual(['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']);
    expect(withPorts([{ containerPort: 0 }])).toEqual(['spec.containers[0].ports[0].containerPort: Required value']);
    expect(withPorts([{ name: 'x' }])).toEqual(['spec.containers[0].ports[0].containerPort: Required value']);
    expect(withPorts([{ containerPort: '80' }])).toEqual(['spec.containers[0].ports[0].containerPort: Invalid value: "80": must be an integer']);
  });

  it('checks hostPort range', () => {
    expect(withPorts([{ containerPort: 80, hostPort: 65536 }])).toEqual(['spec.containers[0].ports[0].hostPort: Invalid value: 65536: must be between 1 and 65535, inclusive']);
    expect(withPorts([{ containerPort: 80, hostPort: -1 }])).toHaveLength(1);
  });

  it('checks protocol', () => {
    expect(withPorts([{ containerPort: 80, protocol: 'HTTP' }])).toEqual([
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('requires IANA_SVC_NAME port names, unique within the container', () => {
    expect(withPorts([{ name: 'http-metrics-long', containerPort: 80 }])).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "http-metrics-long": must be no more than 15 characters',
    ]);
    expect(withPorts([{ name: '8080', containerPort: 80 }])).toEqual(['spec.containers[0].ports[0].name: Invalid value: "8080": must contain at least one letter (a-z)']);
    expect(withPorts([{ name: 'web', containerPort: 80 }, { name: 'web', containerPort: 81 }])).toEqual([
      'spec.containers[0].ports[1].name: Duplicate value: "web"',
    ]);
  });
});

describe('container resources', () => {
  const withResources = (resources: unknown): string[] => problems({ containers: [container({ resources })] });

  it('accepts valid quantities with request ≤ limit', () => {
    expect(withResources({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: 2 ** 30, 'ephemeral-storage': '1G', 'hugepages-2Mi': '2Mi' } })).toEqual([]);
    expect(withResources({ requests: { cpu: '2' } })).toEqual([]);
  });

  it('rejects unparsable quantities with Kubernetes’ message', () => {
    expect(withResources({ limits: { cpu: 'lots' } })).toEqual([
      "spec.containers[0].resources.limits[cpu]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
    expect(withResources({ requests: { memory: true } })[0]).toMatch(/^spec\.containers\[0\]\.resources\.requests\[memory\]: Invalid value: true: must be a quantity/);
  });

  it('rejects negative quantities', () => {
    expect(withResources({ requests: { cpu: '-1' } })).toEqual(['spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0']);
  });

  it('rejects a request above its limit', () => {
    expect(withResources({ requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1500m', memory: '1Gi' } })).toEqual([
      'spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 1500m',
    ]);
  });

  it('rejects unknown resource names', () => {
    expect(withResources({ limits: { gpu: '1' } })).toEqual(['spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers']);
    expect(withResources({ limits: { 'example.com/bad name': '1' } })[0]).toMatch(/resources\.limits\[example\.com\/bad name\]: Invalid value/);
  });
});

describe('restartPolicy, dnsPolicy, env, volumes, probes', () => {
  it('checks restartPolicy', () => {
    expect(problems({ restartPolicy: 'Never', containers: [container()] })).toEqual([]);
    expect(problems({ restartPolicy: 'Sometimes', containers: [container()] })).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('checks dnsPolicy', () => {
    expect(problems({ dnsPolicy: 'Google', containers: [container()] })[0]).toMatch(/^spec\.dnsPolicy: Unsupported value: "Google"/);
  });

  it('requires env names', () => {
    expect(problems({ containers: [container({ env: [{ value: 'x' }, { name: '', value: 'y' }, { name: 'OK', value: 'z' }] })] })).toEqual([
      'spec.containers[0].env[0].name: Required value',
      'spec.containers[0].env[1].name: Required value',
    ]);
    expect(problems({ containers: [container({ env: [{ name: '1BAD' }] })] })[0]).toMatch(/^spec\.containers\[0\]\.env\[0\]\.name: Invalid value: "1BAD": a valid environment variable name/);
  });

  it('requires mounts to name a declared volume', () => {
    expect(problems({ volumes: [{ name: 'data', emptyDir: {} }], containers: [container({ volumeMounts: [{ name: 'other', mountPath: '/x' }] })] })).toEqual([
      'spec.containers[0].volumeMounts[0].name: Not found: "other"',
    ]);
    expect(problems({ volumes: [{ name: 'data' }, { name: 'data' }], containers: [container({ volumeMounts: [{ name: 'data' }] })] })).toEqual([
      'spec.volumes[1].name: Duplicate value: "data"',
      'spec.containers[0].volumeMounts[0].mountPath: Required value',
    ]);
  });

  it('requires a single probe handler and a valid port', () => {
    expect(problems({ containers: [container({ livenessProbe: { periodSeconds: 10 } })] })).toEqual([
      'spec.containers[0].livenessProbe: Required value: must specify a handler type',
    ]);
    expect(problems({ containers: [container({ readinessProbe: { httpGet: { port: 80 }, tcpSocket: { port: 80 } } })] })).toEqual([
      'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ]);
    expect(problems({ containers: [container({ startupProbe: { tcpSocket: { port: 0 }, failureThreshold: -1 } })] })).toEqual([
      'spec.containers[0].startupProbe.failureThreshold: Invalid value: -1: must be greater than or equal to 0',
      'spec.containers[0].startupProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });

  it('checks nodeName and grace period', () => {
    expect(problems({ nodeName: 'Node_1', terminationGracePeriodSeconds: -5, containers: [container()] }).map((m) => m.split(':')[0])).toEqual([
      'spec.nodeName',
      'spec.terminationGracePeriodSeconds',
    ]);
  });
});
