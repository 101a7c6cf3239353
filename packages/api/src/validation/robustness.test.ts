// validateObject and applyDefaults take whatever JSON a client sent: they must
// report problems, never throw.
import { applyDefaults } from '../defaults';
import { RESOURCES } from '../resources';
import { KObject } from '../types';
import { validateObject } from './index';

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KEYS = [
  'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'status', 'containers', 'initContainers', 'image', 'ports',
  'containerPort', 'hostPort', 'protocol', 'env', 'resources', 'limits', 'requests', 'cpu', 'selector', 'matchLabels',
  'matchExpressions', 'key', 'operator', 'values', 'template', 'replicas', 'strategy', 'type', 'rollingUpdate', 'maxSurge',
  'maxUnavailable', 'port', 'targetPort', 'nodePort', 'data', 'binaryData', 'stringData', 'involvedObject', 'leaseDurationSeconds',
  'volumes', 'volumeMounts', 'livenessProbe', 'httpGet', 'count', 'subsets', 'externalName', 'clusterIP', 'restartPolicy',
];

function junk(next: () => number, depth: number): unknown {
  const r = next();
  if (depth <= 0 || r < 0.3) {
    const scalars: unknown[] = [null, 0, -1, 1.5, 70000, '', 'x', '25%', 'None', '-a', true, 'TCP', 'In'];
    return scalars[Math.floor(next() * scalars.length)];
  }
  if (r < 0.5) return Array.from({ length: Math.floor(next() * 3) }, () => junk(next, depth - 1));
  const o: Record<string, unknown> = {};
  const n = Math.floor(next() * 5);
  for (let i = 0; i < n; i++) o[KEYS[Math.floor(next() * KEYS.length)] ?? 'x'] = junk(next, depth - 1);
  return o;
}

describe('robustness', () => {
  it('never throws on malformed objects', () => {
    const next = rng(42);
    for (let i = 0; i < 3000; i++) {
      const info = RESOURCES[i % RESOURCES.length];
      if (!info) continue;
      const body = junk(next, 6);
      const obj = { apiVersion: 'v1', kind: info.kind, ...(typeof body === 'object' && body !== null && !Array.isArray(body) ? body : { spec: body }) } as KObject;
      const old = structuredClone(obj);
      expect(() => validateObject(info, obj, old)).not.toThrow();
      expect(() => applyDefaults(info, obj)).not.toThrow();
      expect(() => validateObject(info, obj)).not.toThrow();
    }
  });
});
