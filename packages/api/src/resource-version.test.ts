import { StatusError } from './errors';
import { isRevision, parseResourceVersion } from './resource-version';

describe('parseResourceVersion', () => {
  it('reads base-10 digits, leading zeros included, and "" and "0" as 0', () => {
    expect(parseResourceVersion('')).toBe(0);
    expect(parseResourceVersion('0')).toBe(0);
    expect(parseResourceVersion('00')).toBe(0);
    expect(parseResourceVersion('42')).toBe(42);
    expect(parseResourceVersion('042')).toBe(42);
    expect(parseResourceVersion(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['0x10', '1e3', ' 5', '5 ', '+5', '-5', '5.0', '1_000', 'Infinity', 'NaN', '٣', String(2 ** 53)])('refuses %j with a BadRequest', (text) => {
    expect(() => parseResourceVersion(text)).toThrow(StatusError);
    try {
      parseResourceVersion(text, 'preconditions.resourceVersion');
    } catch (err) {
      expect((err as StatusError).reason).toBe('BadRequest');
      expect((err as StatusError).message).toContain(`preconditions.resourceVersion: Invalid value: ${JSON.stringify(text)}`);
    }
  });
});

describe('isRevision', () => {
  it('holds for positive safe integers only', () => {
    expect([1, 2 ** 53 - 1].every(isRevision)).toBe(true);
    expect([0, -1, 1.5, 2 ** 53, 1e300, NaN, '5', null].some(isRevision)).toBe(false);
  });
});
