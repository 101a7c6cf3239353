import { boundedStatus, MAX_MESSAGE_WIRE_BYTES, MAX_STATUS_JSON_BYTES, truncateMiddle } from './status-bounds';
import { badRequest, invalid, notFound } from './errors';

describe('truncateMiddle', () => {
  it('keeps short text unchanged and long text as head … tail within the limit', () => {
    expect(truncateMiddle('short', 10)).toBe('short');
    const cut = truncateMiddle(`pods "${'a'.repeat(10_000)}" not found`, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/^pods "a+…a+" not found$/);
  });

  it('never splits a surrogate pair and replaces unpaired surrogates', () => {
    for (let max = 2; max < 40; max++) {
      const cut = truncateMiddle('😀'.repeat(50), max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(() => encodeURI(cut)).not.toThrow();
    }
    expect(truncateMiddle('a\uD800b\uDC00c', 100)).toBe('a\uFFFDb\uFFFDc');
  });
});

describe('boundedStatus', () => {
  it('leaves ordinary statuses as they are', () => {
    const status = notFound('pods', 'web').status;
    expect(boundedStatus(status)).toEqual(status);
  });

  it('fits the trailer budget whatever the input', () => {
    const wide = '\u4e16'.repeat(50_000); // three UTF-8 bytes, nine percent-encoded
    const causes = Array.from({ length: 1000 }, (_, i) => ({ field: `metadata.labels[${wide}]`, reason: `Reason${i}`, message: wide }));
    for (const status of [badRequest(wide).status, invalid('Pod', wide, causes).status, notFound(wide, wide).status]) {
      const bounded = boundedStatus(status);
      expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(MAX_STATUS_JSON_BYTES);
      expect(encodeURI(bounded.message).length).toBeLessThanOrEqual(MAX_MESSAGE_WIRE_BYTES);
      expect(bounded.reason).toBe(status.reason);
      expect(bounded.code).toBe(status.code);
      expect(bounded.message).toContain('…');
    }
  });
});
