import { KObject } from '@kctl/api';
import { parseOutputFormat } from './format';
import { asList, kindSlashName, objectPrinter } from './objects';

const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 } } as unknown as KObject;

function print(format: string, obj: unknown): string {
  let out = '';
  const f = parseOutputFormat(format);
  if (f.type === 'table') throw new Error('table');
  objectPrinter(f, { write: (s: string) => (out += s) }).print(obj);
  return out;
}

describe('object printers', () => {
  test('name: kind.group/name', () => {
    expect(kindSlashName(dep)).toBe('deployment.apps/web');
    expect(kindSlashName({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })).toBe('pod/p');
    expect(print('name', asList([dep, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } } as unknown as KObject]))).toBe('deployment.apps/web\nservice/s\n');
  });

  test('yaml: sorted keys, unindented lists, List wrapper', () => {
    expect(print('yaml', asList([dep]))).toBe(
      'apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n    namespace: default\n  spec:\n    replicas: 2\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    );
  });

  test('yaml quotes strings YAML 1.1 would read differently', () => {
    expect(print('yaml', { a: '80', b: 'yes', c: '2024-01-01T00:00:00Z', d: 'plain' })).toBe('a: "80"\nb: "yes"\nc: "2024-01-01T00:00:00Z"\nd: plain\n');
  });

  test('json: four-space indent, sorted keys, Go HTML escaping', () => {
    expect(print('json', { kind: 'X', apiVersion: 'v1', msg: 'a<b' })).toBe('{\n    "apiVersion": "v1",\n    "kind": "X",\n    "msg": "a\\u003cb"\n}\n');
  });

  test('jsonpath', () => {
    expect(print('jsonpath={.metadata.name}', dep)).toBe('web');
  });

  test('unknown formats are rejected as kubectl does', () => {
    expect(() => parseOutputFormat('xml')).toThrow('unable to match a printer suitable for the output format "xml"');
    expect(() => parseOutputFormat('jsonpath=')).toThrow('template format specified but no template given');
    expect(parseOutputFormat('wide')).toEqual({ type: 'table', wide: true });
  });
});
