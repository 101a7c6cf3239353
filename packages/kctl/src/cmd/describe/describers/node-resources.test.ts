import { Pod } from '@kctl/api';
import { PrefixWriter } from '../prefix-writer';
import { describeNodeResources, formatQuantity, podRequestsAndLimits } from './node-resources';

describe('node resources', () => {
  test.each([
    [0, false, '0'],
    [0.25, false, '250m'],
    [1.5, false, '1500m'],
    [2, false, '2'],
    [1e9, false, '1G'],
    [128 * 2 ** 20, true, '128Mi'],
    [1.5 * 2 ** 30, true, '1536Mi'],
    [1000, true, '1000'],
  ])('formatQuantity(%d, binary %s) = %s', (value, binary, text) => {
    expect(formatQuantity({ value, binary })).toBe(text);
  });

  const pod = (name: string, containers: { requests?: Record<string, string>; limits?: Record<string, string> }[], init: { requests?: Record<string, string> }[] = []): Pod =>
    ({
      metadata: { name, namespace: 'default', creationTimestamp: '2024-05-01T11:58:00Z' },
      spec: { containers: containers.map((resources, i) => ({ name: `c${i}`, resources })), initContainers: init.map((resources, i) => ({ name: `i${i}`, resources })) },
    }) as Pod;

  test('containers add up; init containers count by their maximum', () => {
    const r = podRequestsAndLimits(pod('p', [{ requests: { cpu: '100m' } }, { requests: { cpu: '200m', memory: '1Gi' } }], [{ requests: { cpu: '500m' } }]));
    expect(r.requests.cpu?.value).toBeCloseTo(0.5);
    expect(r.requests.memory).toEqual({ value: 2 ** 30, binary: true });
  });

  test("kubectl's layout", () => {
    const w = new PrefixWriter();
    const pods = [pod('a', [{ requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } }]), pod('b', [{}])];
    describeNodeResources(w, pods, undefined, { cpu: '4', memory: '8Gi', pods: '110' }, Date.parse('2024-05-01T12:00:00Z'));
    expect(w.toString()).toBe(
      [
        'Non-terminated Pods:  (2 in total)',
        '  Namespace           Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
        '  ---------           ----    ------------  ----------  ---------------  -------------  ---',
        '  default             a       250m (6%)     1 (25%)     64Mi (0%)        128Mi (1%)     2m',
        '  default             b       0 (0%)        0 (0%)      0 (0%)           0 (0%)         2m',
        'Allocated resources:',
        '  (Total limits may be over 100 percent, i.e., overcommitted.)',
        '  Resource           Requests   Limits',
        '  --------           --------   ------',
        '  cpu                250m (6%)  1 (25%)',
        '  memory             64Mi (0%)  128Mi (1%)',
        '  ephemeral-storage  0 (0%)     0 (0%)',
        '',
      ].join('\n'),
    );
  });
});
