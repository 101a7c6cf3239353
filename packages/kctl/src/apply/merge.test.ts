import { threeWayMerge } from './merge';
import { lastAppliedJson, readLastApplied, withLastApplied, LAST_APPLIED } from './last-applied';

const deployment = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { replicas: 2, template: { spec: { containers } }, ...extra },
});

describe('threeWayMerge', () => {
  test('a field removed from the manifest since last-applied is removed live', () => {
    const original = deployment([{ name: 'app', image: 'nginx' }], { minReadySeconds: 5 });
    const modified = deployment([{ name: 'app', image: 'nginx' }]);
    const live = { ...deployment([{ name: 'app', image: 'nginx' }], { minReadySeconds: 5 }), status: { replicas: 2 } };
    const out = threeWayMerge(original, modified, live);
    expect((out.spec as Record<string, unknown>).minReadySeconds).toBeUndefined();
    expect(out.status).toEqual({ replicas: 2 });
  });

  test('fields set by others stay (a label, a server default)', () => {
    const original = deployment([{ name: 'app', image: 'nginx' }]);
    const modified = deployment([{ name: 'app', image: 'nginx:2' }]);
    const live = deployment([{ name: 'app', image: 'nginx', imagePullPolicy: 'Always' }], { revisionHistoryLimit: 10 });
    (live.metadata.labels as Record<string, string>).team = 'ops';
    const out = threeWayMerge(original, modified, live) as ReturnType<typeof deployment>;
    expect(out.metadata.labels).toEqual({ app: 'web', team: 'ops' });
    expect((out.spec as Record<string, unknown>).revisionHistoryLimit).toBe(10);
    expect(out.spec.template.spec.containers).toEqual([{ name: 'app', image: 'nginx:2', imagePullPolicy: 'Always' }]);
  });

  test('manifest values overwrite live values', () => {
    const out = threeWayMerge(deployment([]), { ...deployment([]), spec: { replicas: 5 } }, deployment([])) as ReturnType<typeof deployment>;
    expect(out.spec.replicas).toBe(5);
  });

  test('containers merge by name: removed ones go, others stay, order follows the manifest', () => {
    const original = deployment([{ name: 'a', image: '1' }, { name: 'b', image: '1' }]);
    const modified = deployment([{ name: 'c', image: '1' }, { name: 'a', image: '2' }]);
    const live = deployment([{ name: 'a', image: '1', tty: true }, { name: 'b', image: '1' }, { name: 'injected', image: 'proxy' }]);
    const out = threeWayMerge(original, modified, live) as ReturnType<typeof deployment>;
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'c', image: '1' },
      { name: 'a', image: '2', tty: true },
      { name: 'injected', image: 'proxy' },
    ]);
  });

  test('env by name, ports by containerPort, service ports by port', () => {
    const c = (env: unknown[], ports: unknown[]) => deployment([{ name: 'app', image: 'x', env, ports }]);
    const original = c([{ name: 'A', value: '1' }, { name: 'B', value: '1' }], [{ containerPort: 80 }, { containerPort: 81 }]);
    const modified = c([{ name: 'A', value: '2' }], [{ containerPort: 80, name: 'http' }]);
    const live = c([{ name: 'A', value: '1' }, { name: 'B', value: '1' }, { name: 'X', value: 'mine' }], [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 81 }]);
    const out = threeWayMerge(original, modified, live) as ReturnType<typeof deployment>;
    const container = (out.spec.template.spec.containers as Record<string, unknown>[])[0]!;
    expect(container.env).toEqual([{ name: 'A', value: '2' }, { name: 'X', value: 'mine' }]);
    expect(container.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);

    const svc = (ports: unknown[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports } });
    const merged = threeWayMerge(svc([{ port: 80 }]), svc([{ port: 80, targetPort: 8080 }, { port: 443 }]), {
      ...svc([{ port: 80, protocol: 'TCP', targetPort: 80 }]),
    }) as ReturnType<typeof svc>;
    expect(merged.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080 }, { port: 443 }]);
  });

  test('other lists are replaced whole', () => {
    const d = (args: string[]) => deployment([{ name: 'app', image: 'x', args }]);
    const out = threeWayMerge(d(['a', 'b']), d(['c']), d(['a', 'b', 'z'])) as ReturnType<typeof deployment>;
    expect((out.spec.template.spec.containers as Record<string, unknown>[])[0]!.args).toEqual(['c']);
  });

  test('without last-applied nothing is removed', () => {
    const live = deployment([{ name: 'app', image: 'x' }], { paused: true });
    const out = threeWayMerge(undefined, deployment([{ name: 'app', image: 'y' }]), live) as Record<string, Record<string, unknown>>;
    expect(out.spec!.paused).toBe(true);
  });

  test('null in the manifest deletes', () => {
    const out = threeWayMerge(undefined, { ...deployment([]), spec: { replicas: null } }, deployment([])) as Record<string, Record<string, unknown>>;
    expect('replicas' in out.spec!).toBe(false);
  });

  test('does not modify its inputs', () => {
    const live = Object.freeze(deployment([{ name: 'a', image: '1' }]));
    expect(() => threeWayMerge(undefined, deployment([{ name: 'a', image: '2' }]), live)).not.toThrow();
    expect(live.spec.template.spec.containers).toEqual([{ name: 'a', image: '1' }]);
  });
});

describe('last-applied annotation', () => {
  test('compact sorted JSON with a newline, without itself, keeping annotations: {}', () => {
    const manifest = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', annotations: { [LAST_APPLIED]: 'old' } }, data: { b: '1', a: '2' } };
    expect(lastAppliedJson(manifest)).toBe('{"apiVersion":"v1","data":{"a":"2","b":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"x"}}\n');
    const annotated = withLastApplied({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' } });
    expect(readLastApplied(annotated)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { annotations: {}, name: 'x' } });
  });
});
