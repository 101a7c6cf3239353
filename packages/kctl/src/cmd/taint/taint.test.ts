import { conflictingTaints, existingTaintKeys, parseTaint, parseTaints, reorganizeTaints, splitTaintArgs, taintString } from './taint';

describe('taint arguments', () => {
  test('resources first, then taints', () => {
    expect(splitTaintArgs(['nodes', 'n1', 'n2', 'a=b:NoSchedule', 'c-'])).toEqual({ resources: ['nodes', 'n1', 'n2'], taints: ['a=b:NoSchedule', 'c-'] });
    expect(() => splitTaintArgs(['nodes', 'a:NoSchedule', 'n1'])).toThrow('all resources must be specified before taint changes: n1');
  });

  test.each([
    ['dedicated=special-user:NoSchedule', { key: 'dedicated', value: 'special-user', effect: 'NoSchedule' }],
    ['example.com/gpu:NoExecute', { key: 'example.com/gpu', effect: 'NoExecute' }],
    ['k=:PreferNoSchedule', { key: 'k', effect: 'PreferNoSchedule' }],
    ['dedicated', { key: 'dedicated' }],
  ])('parseTaint(%s)', (spec, taint) => {
    expect(parseTaint(spec)).toEqual(taint);
  });

  test("kubectl's errors", () => {
    expect(() => parseTaint('a=b:Sometimes')).toThrow('invalid taint effect: Sometimes, unsupported taint effect');
    expect(() => parseTaint('a=b=c:NoSchedule')).toThrow('invalid taint spec: a=b=c:NoSchedule');
    expect(() => parseTaint('a:b:c')).toThrow('invalid taint spec: a:b:c');
    expect(() => parseTaint('-a:NoSchedule')).toThrow(/^invalid taint spec: -a:NoSchedule, name part must consist of alphanumeric characters/);
    expect(() => parseTaint('a=-b:NoSchedule')).toThrow(/^invalid taint spec: a=-b:NoSchedule, a valid label must be an empty string/);
    expect(() => parseTaints(['a=b'])).toThrow('invalid taint spec: a=b');
    expect(() => parseTaints(['a=b:NoSchedule', 'a=c:NoSchedule'])).toThrow('duplicated taints with the same key and effect: {a c NoSchedule <nil>}');
  });

  test('removals keep key and effect only', () => {
    expect(parseTaints(['a=b:NoSchedule', 'c:NoExecute-', 'd-'])).toEqual({
      add: [{ key: 'a', value: 'b', effect: 'NoSchedule' }],
      remove: [{ key: 'c', effect: 'NoExecute' }, { key: 'd' }],
    });
  });

  test('adding and removing the same taint', () => {
    const { add, remove } = parseTaints(['a=b:NoSchedule', 'a-', 'c=d:NoExecute', 'c:NoSchedule-']);
    expect(conflictingTaints(add, remove)).toEqual(['a=']);
  });

  test('ToString', () => {
    expect(taintString({ key: 'a' })).toBe('a');
    expect(taintString({ key: 'a', effect: 'NoSchedule' })).toBe('a:NoSchedule');
    expect(taintString({ key: 'a', value: 'b', effect: 'NoSchedule' })).toBe('a=b:NoSchedule');
  });
});

describe('reorganizeTaints', () => {
  const current = [
    { key: 'a', value: '1', effect: 'NoSchedule' },
    { key: 'b', effect: 'NoExecute', timeAdded: '2024-01-01T00:00:00Z' },
  ];

  test('adding: new ones first, the others kept', () => {
    expect(reorganizeTaints(current, false, [{ key: 'c', effect: 'NoSchedule' }], [])).toEqual({
      operation: 'tainted',
      taints: [{ key: 'c', effect: 'NoSchedule' }, ...current],
    });
  });

  test('overwriting a value is "modified"; so is anything with --overwrite', () => {
    expect(reorganizeTaints(current, true, [{ key: 'a', value: '2', effect: 'NoSchedule' }], [])).toEqual({
      operation: 'modified',
      taints: [{ key: 'a', value: '2', effect: 'NoSchedule' }, current[1]],
    });
  });

  test('removing by key and effect, or by key', () => {
    expect(reorganizeTaints(current, false, [], [{ key: 'a', effect: 'NoSchedule' }])).toEqual({ operation: 'untainted', taints: [current[1]] });
    expect(reorganizeTaints(current, false, [], [{ key: 'b' }])).toEqual({ operation: 'untainted', taints: [current[0]] });
    expect(reorganizeTaints(current, false, [{ key: 'z', effect: 'NoSchedule' }], [{ key: 'b' }]).operation).toBe('modified');
    expect(() => reorganizeTaints(current, false, [], [{ key: 'a', effect: 'NoExecute' }])).toThrow('taint "a:NoExecute" not found');
  });

  test('keys that exist with the same effect', () => {
    expect(existingTaintKeys(current, [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoSchedule' }])).toBe('a');
  });
});
