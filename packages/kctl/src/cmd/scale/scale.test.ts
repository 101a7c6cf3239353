import { checkScalePrecondition } from './scale';

const scale = (replicas: number, resourceVersion = '7') => ({ metadata: { name: 'web', resourceVersion }, spec: { replicas } });

describe('scale preconditions', () => {
  test("kubectl's PreconditionError texts", () => {
    expect(checkScalePrecondition({ size: 3 }, scale(5))).toBe('Expected replicas to be 3, was 5');
    expect(checkScalePrecondition({ size: -1, resourceVersion: '6' }, scale(5))).toBe('Expected resource version to be 6, was 7');
  });

  test('satisfied preconditions', () => {
    expect(checkScalePrecondition({ size: 5 }, scale(5))).toBeUndefined();
    expect(checkScalePrecondition({ size: -1 }, scale(0))).toBeUndefined();
    expect(checkScalePrecondition({ size: 5, resourceVersion: '7' }, scale(5))).toBeUndefined();
  });
});
