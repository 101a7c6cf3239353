import { KObject } from '@kctl/api';
import { applyChanges, labelMessage, metadataPatch, overwriteProblem, parseAnnotationArgs, parseLabelArgs } from './label';

const pod = (labels?: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', labels } });

describe('label arguments (parseLabels)', () => {
  test('set and remove', () => {
    const c = parseLabelArgs(['app=web', 'tier=', 'old-']);
    expect([...c.set]).toEqual([
      ['app', 'web'],
      ['tier', ''],
    ]);
    expect(c.remove).toEqual(['old']);
  });

  test("kubectl's errors", () => {
    expect(() => parseLabelArgs(['a=b=c'])).toThrow('invalid label spec: a=b=c');
    expect(() => parseLabelArgs(['a=-x'])).toThrow(/^invalid label value: "a=-x": a valid label must be an empty string or consist of alphanumeric characters/);
    expect(() => parseLabelArgs(['a=b', 'a-'])).toThrow('can not both modify and remove a label in the same command');
  });
});

describe('annotation arguments', () => {
  test('values may hold "=" and spaces', () => {
    expect([...parseAnnotationArgs(['description=a = b c']).set]).toEqual([['description', 'a = b c']]);
  });

  test('modify and remove the same key', () => {
    expect(() => parseAnnotationArgs(['a=1', 'a-', 'b=2', 'b-'])).toThrow('can not both modify and remove the following annotation(s) in the same command: a, b');
    expect(() => parseAnnotationArgs(['oops'])).toThrow('invalid annotation format: oops');
  });
});

describe('overwriting', () => {
  test('labels: only a different value needs --overwrite', () => {
    expect(overwriteProblem('labels', { app: 'web' }, parseLabelArgs(['app=web']))).toBeUndefined();
    expect(overwriteProblem('labels', { app: 'web' }, parseLabelArgs(['app=db']))).toBe("'app' already has a value (web), and --overwrite is false");
  });

  test('annotations: any existing key needs --overwrite, except change-cause', () => {
    expect(overwriteProblem('annotations', { a: '1', 'kubernetes.io/change-cause': 'x' }, parseAnnotationArgs(['a=1', 'kubernetes.io/change-cause=y']))).toBe(
      "--overwrite is false but found the following declared annotation(s): 'a' already has a value (1)",
    );
    expect(overwriteProblem('annotations', { 'kubernetes.io/change-cause': 'x' }, parseAnnotationArgs(['kubernetes.io/change-cause=y']))).toBeUndefined();
  });
});

describe('changes, patches and messages', () => {
  test('applyChanges and the merge patch of only what differs', () => {
    const after = applyChanges({ a: '1', b: '2' }, parseLabelArgs(['a=1', 'c=3', 'b-']));
    expect(after).toEqual({ a: '1', c: '3' });
    expect(metadataPatch({ a: '1', b: '2' }, after)).toEqual({ b: null, c: '3' });
    expect(metadataPatch({ a: '1' }, { a: '1' })).toBeUndefined();
    expect(applyChanges({ a: '1' }, parseLabelArgs(['a-']))).toBeUndefined();
  });

  test('labeled, not labeled, unlabeled', () => {
    expect(labelMessage(pod({ a: '1' }), pod({ a: '1' }), false)).toBe('not labeled');
    expect(labelMessage(pod({ a: '1' }), pod({ a: '1', b: '2' }), false)).toBe('labeled');
    expect(labelMessage(pod({ a: '1', b: '2' }), pod({ a: '1' }), false)).toBe('unlabeled');
    expect(labelMessage(pod({ a: '1', b: '2' }), pod({ a: '1' }), true)).toBe('labeled');
  });
});
