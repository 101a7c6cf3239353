import { KObject } from '@kctl/api';
import { applyImages, imagePatch, podSpecPath } from './image';

const deployment = (): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', resourceVersion: '42' },
  spec: {
    template: {
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1' }],
        containers: [
          { name: 'nginx', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }] },
          { name: 'sidecar', image: 'envoy:1' },
        ],
      },
    },
  },
});

const images = (o: KObject): string[] => {
  const spec = (o.spec as { template: { spec: { containers: { image: string }[]; initContainers: { image: string }[] } } }).template.spec;
  return [...spec.initContainers, ...spec.containers].map((c) => c.image);
};

describe('set image', () => {
  test('pod spec locations', () => {
    expect(podSpecPath('Pod')).toEqual(['spec']);
    expect(podSpecPath('ReplicaSet')).toEqual(['spec', 'template', 'spec']);
    expect(podSpecPath('Service')).toBeUndefined();
  });

  test('by container name, in containers and init containers; the original is untouched', () => {
    const d = deployment();
    const r = applyImages(d, new Map([['nginx', 'nginx:1.26'], ['init', 'busybox:2']]));
    expect(r).toMatchObject({ changed: true, missing: [] });
    expect(images(r.updated)).toEqual(['busybox:2', 'nginx:1.26', 'envoy:1']);
    expect(images(d)).toEqual(['busybox:1', 'nginx:1.25', 'envoy:1']);
  });

  test('* sets every container', () => {
    expect(images(applyImages(deployment(), new Map([['*', 'x:1']])).updated)).toEqual(['x:1', 'x:1', 'x:1']);
  });

  test('unknown containers are reported; the same image is no change', () => {
    expect(applyImages(deployment(), new Map([['nope', 'x']]))).toMatchObject({ changed: false, missing: ['nope'] });
    expect(applyImages(deployment(), new Map([['nginx', 'nginx:1.25']]))).toMatchObject({ changed: false, missing: [] });
  });

  test('objects without a pod template', () => {
    expect(() => applyImages({ apiVersion: 'v1', kind: 'Service', metadata: {} }, new Map([['a', 'b']]))).toThrow('the object is not a pod or does not have a pod template');
  });

  test('the patch carries whole container lists and the resourceVersion read', () => {
    const d = deployment();
    const { updated } = applyImages(d, new Map([['nginx', 'nginx:1.26']]));
    expect(imagePatch(d, updated)).toEqual({
      metadata: { resourceVersion: '42' },
      spec: {
        template: {
          spec: {
            initContainers: [{ name: 'init', image: 'busybox:1' }],
            containers: [
              { name: 'nginx', image: 'nginx:1.26', env: [{ name: 'A', value: '1' }] },
              { name: 'sidecar', image: 'envoy:1' },
            ],
          },
        },
      },
    });
    const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', resourceVersion: '3' }, spec: { containers: [{ name: 'a', image: 'x' }] } };
    expect(imagePatch(pod, applyImages(pod, new Map([['a', 'y']])).updated)).toEqual({ metadata: { resourceVersion: '3' }, spec: { containers: [{ name: 'a', image: 'y' }] } });
  });
});
