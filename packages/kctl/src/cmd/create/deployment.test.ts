import { containerNameForImage, generateDeployment } from './deployment';

describe('create deployment', () => {
  test.each([
    ['nginx', 'nginx'],
    ['nginx:1.25', 'nginx'],
    ['docker.io/library/busybox:1.36', 'busybox'],
    ['registry:5000/team/app@sha256:abc', 'app'],
    ['localhost:5000/app:1', 'app'],
  ])('container name for %s is %s', (image, name) => {
    expect(containerNameForImage(image)).toBe(name);
  });

  test('"_" and "." become "-" with a random suffix', () => {
    expect(containerNameForImage('my_app.v2:1', () => 'x7k2p')).toBe('my-app-v2-x7k2p');
    expect(containerNameForImage('my_app')).toMatch(/^my-app-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test("kubectl's generated object", () => {
    expect(generateDeployment({ name: 'web', images: ['nginx:1.25', 'busybox'], replicas: 3, port: 8080, command: [] })).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 8080 }] },
              { name: 'busybox', image: 'busybox' },
            ],
          },
        },
      },
    });
  });

  test('a command goes to the container; the namespace only when given', () => {
    const d = generateDeployment({ name: 'job', images: ['busybox'], replicas: 1, port: -1, command: ['sleep', '3600'], namespace: 'demo' });
    expect(d.metadata.namespace).toBe('demo');
    expect((d.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toEqual([{ name: 'busybox', image: 'busybox', command: ['sleep', '3600'] }]);
  });
});
