import { parsePairs, splitResourcesAndPairs } from './pairs';

describe('splitResourcesAndPairs (cmdutil.GetResourcesAndPairs)', () => {
  test('resources first, then KEY=VALUE and KEY- changes', () => {
    expect(splitResourcesAndPairs(['deployment/web', 'nginx=nginx:1.26', 'old-'], 'image')).toEqual({ resources: ['deployment/web'], pairs: ['nginx=nginx:1.26', 'old-'] });
    expect(splitResourcesAndPairs(['pods', 'a', 'b', 'x=y'], 'label')).toEqual({ resources: ['pods', 'a', 'b'], pairs: ['x=y'] });
  });

  test('"-" and "=x" are not changes', () => {
    expect(splitResourcesAndPairs(['-', '=x'], 'label')).toEqual({ resources: ['-', '=x'], pairs: [] });
  });

  test('a resource after a change is an error', () => {
    expect(() => splitResourcesAndPairs(['pods', 'x=y', 'p2'], 'label')).toThrow('all resources must be specified before label changes: p2');
  });
});

describe('parsePairs (cmdutil.ParsePairs)', () => {
  test('values may contain "=", later keys win, order is kept', () => {
    const { set, remove } = parsePairs(['a=1', 'b=x=y', 'a=2', 'c-'], 'annotation', true);
    expect([...set]).toEqual([
      ['a', '2'],
      ['b', 'x=y'],
    ]);
    expect(remove).toEqual(['c']);
  });

  test('removal only where supported; invalid ones are listed together', () => {
    expect(() => parsePairs(['a-', 'b'], 'image', false)).toThrow('invalid image format: a-, b');
  });
});
