import { parseQuantity, QUANTITY_FORMAT_ERROR, QUANTITY_SUFFIX_ERROR } from './quantity';

describe('parseQuantity', () => {
  it.each<[string | number, number]>([
    ['0', 0],
    ['1', 1],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1.', 1],
    ['+2', 2],
    ['-2', -2],
    ['100m', 0.1],
    ['250m', 0.25],
    ['1500m', 1.5],
    ['5n', 5e-9],
    ['5u', 5e-6],
    ['1k', 1000],
    ['1M', 1e6],
    ['1G', 1e9],
    ['1.5G', 1.5e9],
    ['2T', 2e12],
    ['3P', 3e15],
    ['1E', 1e18],
    ['1Ki', 1024],
    ['128Mi', 134217728],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['2Ti', 2 * 2 ** 40],
    ['1Pi', 2 ** 50],
    ['1Ei', 2 ** 60],
    ['2e3', 2000],
    ['2E3', 2000],
    ['1e-3', 0.001],
    ['1.5e+2', 150],
    [0.25, 0.25],
    [4, 4],
  ])('%j = %d', (text, expected) => {
    expect(parseQuantity(text)).toBeCloseTo(expected, 12);
  });

  it('is exact where Kubernetes is', () => {
    expect(parseQuantity('100m')).toBe(0.1);
    expect(parseQuantity('128Mi')).toBe(134217728);
    expect(parseQuantity('1G')).toBe(1e9);
  });

  it.each(['', ' 1', '1 ', 'abc', '1x', '1Zi', '1.2.3', '.', '+', '--1', 'Mi', '1Mi ', '0x10', '1KI'])('rejects %j with the format message', (text) => {
    expect(() => parseQuantity(text)).toThrow(QUANTITY_FORMAT_ERROR);
  });

  it.each(['1kk', '1mi', '1Kii', '1e', '1Mi3', '1k-3'])('rejects %j with the suffix message', (text) => {
    expect(() => parseQuantity(text)).toThrow(QUANTITY_SUFFIX_ERROR);
  });

  it('rejects non-finite numbers', () => {
    expect(() => parseQuantity(Number.NaN)).toThrow(QUANTITY_FORMAT_ERROR);
    expect(() => parseQuantity(Number.POSITIVE_INFINITY)).toThrow(QUANTITY_FORMAT_ERROR);
  });

  it('uses Kubernetes\' own message', () => {
    expect(QUANTITY_FORMAT_ERROR).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });
});
