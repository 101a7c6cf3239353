import { formatRFC3339 } from './time';

describe('formatRFC3339 (Go time.RFC3339, local time)', () => {
  test('shape, and the local wall time', () => {
    const at = new Date(2024, 4, 1, 9, 8, 7);
    const s = formatRFC3339(at);
    expect(s).toMatch(/^2024-05-01T09:08:07(Z|[+-]\d{2}:\d{2})$/);
    const zone = s.slice(19);
    const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    expect(offsetMinutes).toBe(0 - at.getTimezoneOffset() || 0);
  });
});
