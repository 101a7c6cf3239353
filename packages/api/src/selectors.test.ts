import { StatusError } from './errors';
import {
  fieldValue,
  formatLabelSelector,
  formatSelector,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  selectorFromLabelSelector,
} from './selectors';
import { KObject } from './types';

function parseError(text: string): StatusError {
  try {
    parseLabelSelector(text);
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseLabelSelector', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['a=b', [{ key: 'a', operator: '=', values: ['b'] }]],
    ['a==b', [{ key: 'a', operator: '=', values: ['b'] }]],
    ['a!=b', [{ key: 'a', operator: '!=', values: ['b'] }]],
    ['a=', [{ key: 'a', operator: '=', values: [''] }]],
    ['a in (x,y)', [{ key: 'a', operator: 'in', values: ['x', 'y'] }]],
    ['a notin (x)', [{ key: 'a', operator: 'notin', values: ['x'] }]],
    ['a', [{ key: 'a', operator: 'exists', values: [] }]],
    ['!a', [{ key: 'a', operator: '!', values: [] }]],
    ['example.com/app=web', [{ key: 'example.com/app', operator: '=', values: ['web'] }]],
    ['a=in', [{ key: 'a', operator: '=', values: ['in'] }]],
    ['a in (x,)', [{ key: 'a', operator: 'in', values: ['x', ''] }]],
    ['a in (x,x)', [{ key: 'a', operator: 'in', values: ['x'] }]],
  ])('parses %j', (text, expected) => {
    expect(parseLabelSelector(text)).toEqual(expected);
  });

  it('parses several requirements joined by commas, tolerating whitespace', () => {
    expect(parseLabelSelector('  app = web ,tier  in ( a , b ),  !legacy,env!=prod,  track ')).toEqual([
      { key: 'app', operator: '=', values: ['web'] },
      { key: 'tier', operator: 'in', values: ['a', 'b'] },
      { key: 'legacy', operator: '!', values: [] },
      { key: 'env', operator: '!=', values: ['prod'] },
      { key: 'track', operator: 'exists', values: [] },
    ]);
  });

  it.each([
    ['a in b', "found 'b', expected: '('"],
    ['a in (x', "found end of string, expected: ',' or ')'"],
    ['a in ()', "values set can't be empty"],
    ['a notin', "found end of string, expected: '('"],
    ['a=b,', "found end of string, expected: identifier after ','"],
    [',a=b', "found ',', expected: !, identifier, or 'end of string'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['a b', "found 'b', expected: in, notin, =, ==, !="],
    ['a>1', "found '>', expected: in, notin, =, ==, !="],
    ['a=(b)', "found '(', expected: identifier"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['!', 'found end of string, expected: identifier'],
    ['-a=b', 'invalid label key "-a"'],
    ['a=b/c', 'invalid label value "b/c" for key "a"'],
    ['a in (ok,-bad)', 'invalid label value "-bad"'],
    [`a=${'x'.repeat(64)}`, 'must be no more than 63 characters'],
  ])('rejects %j', (text, fragment) => {
    const err = parseError(text);
    expect(err.reason).toBe('BadRequest');
    expect(err.status.code).toBe(400);
    expect(err.message).toMatch(/^unable to parse requirement: /);
    expect(err.message).toContain(fragment);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'front' };

  it.each([
    ['', true],
    ['app=web', true],
    ['app=db', false],
    ['app==web', true],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['missing=x', false],
    ['missing=', false],
    ['tier in (front,back)', true],
    ['tier in (back)', false],
    ['missing in (x)', false],
    ['tier notin (back)', true],
    ['tier notin (front)', false],
    ['missing notin (x)', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
  ])('%j on app=web,tier=front → %s', (text, expected) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(expected);
  });

  it('treats undefined labels as none', () => {
    expect(matchesLabels(parseLabelSelector('a!=b,c notin (d),!e'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('a'), undefined)).toBe(false);
    expect(matchesLabels([], undefined)).toBe(true);
  });

  it('matches an empty label value against `a=` but not an absent one', () => {
    expect(matchesLabels(parseLabelSelector('a='), { a: '' })).toBe(true);
    expect(matchesLabels(parseLabelSelector('a='), {})).toBe(false);
  });
});

describe('selectorFromLabelSelector', () => {
  it('combines matchLabels and matchExpressions', () => {
    const sel = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'track', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(sel).toEqual([
      { key: 'app', operator: '=', values: ['web'] },
      { key: 'tier', operator: 'in', values: ['a', 'b'] },
      { key: 'env', operator: 'notin', values: ['prod'] },
      { key: 'track', operator: 'exists', values: [] },
      { key: 'legacy', operator: '!', values: [] },
    ]);
    expect(matchesLabels(sel, { app: 'web', tier: 'a', track: '1' })).toBe(true);
    expect(matchesLabels(sel, { app: 'web', tier: 'a', track: '1', legacy: 'y' })).toBe(false);
    expect(matchesLabels(sel, { app: 'web', tier: 'c', track: '1' })).toBe(false);
  });

  it('an empty selector matches everything', () => {
    expect(selectorFromLabelSelector({})).toEqual([]);
    expect(matchesLabels(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }), { any: 'thing' })).toBe(true);
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }, '"Equals" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "must be specified when `operator` is 'In' or 'NotIn'"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    [{ matchLabels: { 'bad key': 'x' } }, 'invalid label key "bad key"'],
  ])('rejects %j', (ls, fragment) => {
    expect(() => selectorFromLabelSelector(ls)).toThrow(fragment);
  });
});

describe('formatLabelSelector / formatSelector', () => {
  it('prints as kubectl describe does, sorted by key', () => {
    expect(
      formatLabelSelector({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['b', 'a'] },
          { key: 'env', operator: 'NotIn', values: ['prod'] },
          { key: 'track', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,env notin (prod),!legacy,tier in (a,b),track');
  });

  it('prints <none> for empty or missing selectors and <error> for invalid ones', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBe('<error>');
  });

  it('round-trips a parsed selector', () => {
    const text = 'a=b,c!=d,e in (x,y),f notin (z),g,!h';
    expect(formatSelector(parseLabelSelector(text))).toBe(text);
    expect(parseLabelSelector(formatSelector(parseLabelSelector(text)))).toEqual(parseLabelSelector(text));
    expect(formatSelector([])).toBe('');
  });
});

describe('field selectors', () => {
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { nodeName: 'node-a', priority: 0, hostNetwork: false },
    status: { phase: 'Running' },
  };

  it('parses =, == and !=, trimming whitespace', () => {
    expect(parseFieldSelector('metadata.name=x,spec.nodeName!=,status.phase==Running')).toEqual([
      { key: 'metadata.name', operator: '=', values: ['x'] },
      { key: 'spec.nodeName', operator: '!=', values: [''] },
      { key: 'status.phase', operator: '=', values: ['Running'] },
    ]);
    expect(parseFieldSelector(' metadata.name = x ')).toEqual([{ key: 'metadata.name', operator: '=', values: ['x'] }]);
  });

  it('parses an empty string to [] which matches everything', () => {
    expect(parseFieldSelector('')).toEqual([]);
    expect(parseFieldSelector(' , ')).toEqual([]);
    expect(matchesFields([], pod)).toBe(true);
  });

  it('unescapes \\, \\= and \\\\ in values', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c\\\\d,spec.x=y')).toEqual([
      { key: 'metadata.name', operator: '=', values: ['a,b=c\\d'] },
      { key: 'spec.x', operator: '=', values: ['y'] },
    ]);
  });

  it.each([
    ['metadata.name', "can't understand 'metadata.name'"],
    ['metadata.name in (a)', "can't understand 'metadata.name in (a)'"],
    ['metadata.name>3', "can't understand"],
    ['=x', 'missing field name'],
    ['metadata.name=a\\b', 'invalid escape sequence'],
  ])('rejects %j', (text, fragment) => {
    let err: unknown;
    try {
      parseFieldSelector(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).reason).toBe('BadRequest');
    expect((err as StatusError).message).toContain(fragment);
  });

  it.each([
    ['metadata.name=web-1', true],
    ['metadata.name=web-2', false],
    ['metadata.name!=web-2', true],
    ['spec.nodeName!=', true],
    ['spec.nodeName=', false],
    ['spec.missing=', true],
    ['spec.missing!=', false],
    ['status.phase==Running,metadata.namespace=default', true],
    ['status.phase=Running,metadata.namespace=other', false],
    ['spec.priority=0', true],
    ['spec.hostNetwork=false', true],
    ['spec=', true],
  ])('%j → %s', (text, expected) => {
    expect(matchesFields(parseFieldSelector(text), pod)).toBe(expected);
  });

  it('reads dotted paths, missing or non-scalar as ""', () => {
    expect(fieldValue(pod, 'metadata.name')).toBe('web-1');
    expect(fieldValue(pod, 'metadata.labels.app')).toBe('');
    expect(fieldValue(pod, 'spec')).toBe('');
    expect(fieldValue(undefined, 'a')).toBe('');
  });

  it('follows own fields only, never a prototype', () => {
    expect(fieldValue(pod, 'metadata.constructor.name')).toBe('');
    expect(fieldValue(pod, 'metadata.__proto__.constructor.name')).toBe('');
    expect(fieldValue(pod, 'spec.containers.length')).toBe('');
    expect(matchesFields(parseFieldSelector('metadata.toString.name=toString'), pod)).toBe(false);
  });
});
