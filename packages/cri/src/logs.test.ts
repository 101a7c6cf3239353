import { criLogLines, parseCriLogLine } from './logs';

describe('CRI log lines', () => {
  test('parses time, stream, tag and text (text may hold spaces)', () => {
    expect(parseCriLogLine('2026-12-02T18:00:00.123456789Z stderr F listening on 8080')).toEqual({
      time: '2026-12-02T18:00:00.123456789Z',
      stream: 'stderr',
      partial: false,
      text: 'listening on 8080',
    });
    expect(parseCriLogLine('2026-12-02T18:00:00Z stdout F ')?.text).toBe('');
    expect(parseCriLogLine('garbage')).toBeNull();
  });

  test('joins partial entries per stream', () => {
    const content = ['t1 stdout P hel', 't2 stderr F oops', 't3 stdout F lo', 't4 stdout F next', ''].join('\n');
    expect(criLogLines(content).map((e) => [e.stream, e.text, e.time])).toEqual([
      ['stderr', 'oops', 't2'],
      ['stdout', 'hello', 't1'],
      ['stdout', 'next', 't4'],
    ]);
  });
});
