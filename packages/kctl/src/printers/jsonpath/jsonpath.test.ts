import { JsonPath } from '.';

const pod = (name: string, app: string, ready: string) => ({
  kind: 'Pod',
  metadata: { name, labels: { app, 'app.kubernetes.io/name': app } },
  spec: { containers: [{ name: 'c1', image: 'nginx' }, { name: 'c2', image: 'busybox' }] },
  status: { conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: ready }], replicas: 2 },
});
const list = { apiVersion: 'v1', kind: 'List', items: [pod('a', 'web', 'True'), pod('b', 'db', 'False')] };
const run = (template: string, data: unknown = list): string => new JsonPath(template).execute(data);

describe('kubectl jsonpath', () => {
  test('a field', () => {
    expect(run('{.metadata.name}', pod('a', 'web', 'True'))).toBe('a');
  });
  test('wildcard over items joins with spaces', () => {
    expect(run('{.items[*].metadata.name}')).toBe('a b');
  });
  test('index', () => {
    expect(run('{.items[0].metadata.name}')).toBe('a');
    expect(run('{.items[-1].metadata.name}')).toBe('b');
    expect(run('{.items[5].metadata.name}')).toBe('');
  });
  test('nested wildcard', () => {
    expect(run('{.items[0].spec.containers[*].image}')).toBe('nginx busybox');
  });
  test('range with literal newline', () => {
    expect(run('{range .items[*]}{.metadata.name}{"\\t"}{.metadata.labels.app}{"\\n"}{end}')).toBe('a\tweb\nb\tdb\n');
  });
  test('text between actions', () => {
    expect(run('name={.metadata.name} app={.metadata.labels.app}', pod('x', 'web', 'True'))).toBe('name=x app=web');
  });
  test('maps and lists print as JSON', () => {
    expect(run('{.metadata.labels}', pod('x', 'web', 'True'))).toBe('{"app":"web","app.kubernetes.io/name":"web"}');
    expect(run('{.status.replicas}', pod('x', 'web', 'True'))).toBe('2');
  });
  test('bracket keys and escaped dots', () => {
    expect(run("{['metadata']['name']}", pod('x', 'web', 'True'))).toBe('x');
    expect(run('{.metadata.labels.app\\.kubernetes\\.io/name}', pod('x', 'web', 'True'))).toBe('web');
  });
  test('filters', () => {
    expect(run('{.items[?(@.metadata.labels.app=="db")].metadata.name}')).toBe('b');
    expect(run('{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}')).toBe('a=True b=False ');
    expect(run('{.items[?(@.status.replicas>1)].metadata.name}')).toBe('a b');
  });
  test('slices, recursion, unions, root', () => {
    expect(run('{.items[0:1].metadata.name}')).toBe('a');
    expect(run('{..image}', pod('x', 'web', 'True'))).toBe('nginx busybox');
    expect(run('{.kind,.apiVersion}')).toBe('List v1');
    expect(run('{range .items[*]}{$.kind}/{.metadata.name} {end}')).toBe('List/a List/b ');
  });
  test('missing fields print nothing', () => {
    expect(run('{.metadata.nope}', pod('x', 'web', 'True'))).toBe('');
  });
  test('syntax errors', () => {
    expect(() => new JsonPath('{.items[*}')).toThrow(/error parsing jsonpath \{\.items\[\*\}, unclosed array expect \]/);
    expect(() => new JsonPath('{range .items[*]}{.x}')).toThrow(/range without end/);
    expect(() => new JsonPath('{.a')).toThrow(/unclosed action/);
  });
});
