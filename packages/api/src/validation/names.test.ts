import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
} from './names';

describe('isDNS1123Subdomain', () => {
  it.each(['a', 'web', 'web-1', 'example.com', '1abc', 'a'.repeat(253)])('accepts %j', (v) => {
    expect(isDNS1123Subdomain(v)).toEqual([]);
  });

  it('rejects with Kubernetes’ message', () => {
    expect(isDNS1123Subdomain('Web')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  it.each(['', '-a', 'a-', 'a..b', 'a_b', '.a'])('rejects %j', (v) => {
    expect(isDNS1123Subdomain(v)).toHaveLength(1);
  });

  it('rejects names over 253 characters', () => {
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('isDNS1123Label', () => {
  it.each(['a', 'kube-system', '0', 'a'.repeat(63)])('accepts %j', (v) => {
    expect(isDNS1123Label(v)).toEqual([]);
  });

  it('says dots are the problem for a valid subdomain', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
  });

  it('rejects other shapes and lengths', () => {
    expect(isDNS1123Label('A')[0]).toMatch(/^a lowercase RFC 1123 label must consist of/);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('isDNS1035Label', () => {
  it('accepts names that start with a letter', () => {
    expect(isDNS1035Label('web-1')).toEqual([]);
  });

  it.each(['1web', 'web-', 'we.b', 'Web'])('rejects %j', (v) => {
    expect(isDNS1035Label(v)[0]).toContain('a DNS-1035 label must consist of lower case alphanumeric characters');
  });
});

describe('isQualifiedName', () => {
  it.each(['app', 'App_1', 'my.name', 'example.com/app', 'k8s.io/Part-Of', 'a'.repeat(63)])('accepts %j', (v) => {
    expect(isQualifiedName(v)).toEqual([]);
  });

  it.each<[string, string]>([
    ['', 'name part must be non-empty'],
    ['/app', 'prefix part must be non-empty'],
    ['Example.com/app', 'prefix part a lowercase RFC 1123 subdomain'],
    ['a/b/c', 'a qualified name must consist of'],
    ['-app', 'name part must consist of alphanumeric characters'],
    ['a'.repeat(64), 'name part must be no more than 63 characters'],
    ['example.com/', 'name part must be non-empty'],
  ])('rejects %j', (v, fragment) => {
    expect(isQualifiedName(v).join('\n')).toContain(fragment);
  });
});

describe('isValidLabelValue', () => {
  it.each(['', 'web', 'v1.2_3-x', 'a'.repeat(63)])('accepts %j', (v) => {
    expect(isValidLabelValue(v)).toEqual([]);
  });

  it.each(['-x', 'x-', 'a b', 'a/b', 'a'.repeat(64)])('rejects %j', (v) => {
    expect(isValidLabelValue(v).length).toBeGreaterThan(0);
  });
});

describe('isValidPortName (IANA_SVC_NAME)', () => {
  it.each(['http', 'http-alt', 'h2c', 'a'.repeat(15)])('accepts %j', (v) => {
    expect(isValidPortName(v)).toEqual([]);
  });

  it.each<[string, string]>([
    ['a'.repeat(16), 'must be no more than 15 characters'],
    ['HTTP', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['8080', 'must contain at least one letter (a-z)'],
    ['a--b', 'must not contain consecutive hyphens (-)'],
    ['-http', 'must not begin or end with a hyphen (-)'],
  ])('rejects %j', (v, msg) => {
    expect(isValidPortName(v)).toContain(msg);
  });
});

describe('isValidPortNum', () => {
  it.each([1, 80, 65535])('accepts %d', (v) => expect(isValidPortNum(v)).toEqual([]));
  it.each([0, -1, 65536, 1.5])('rejects %d', (v) => expect(isValidPortNum(v)).toEqual(['must be between 1 and 65535, inclusive']));
});

describe('isConfigMapKey', () => {
  it.each(['key', 'KEY_NAME', 'key-name', 'a.b', '.hidden'])('accepts %j', (v) => expect(isConfigMapKey(v)).toEqual([]));
  it.each<[string, string]>([
    ['a/b', 'a valid config key must consist of alphanumeric characters'],
    ['.', "must not be '.'"],
    ['..', "must not be '..'"],
    ['..a', "must not start with '..'"],
    ['a'.repeat(254), 'must be no more than 253 characters'],
  ])('rejects %j', (v, msg) => expect(isConfigMapKey(v).join('\n')).toContain(msg));
});

describe('isEnvVarName', () => {
  it.each(['PATH', 'my.env-name', '_x'])('accepts %j', (v) => expect(isEnvVarName(v)).toEqual([]));
  it.each(['1X', 'A B', 'A=B'])('rejects %j', (v) => expect(isEnvVarName(v)[0]).toContain('a valid environment variable name'));
});

describe('isValidPercent', () => {
  it('accepts 25%', () => expect(isValidPercent('25%')).toEqual([]));
  it.each(['25', '%', '2.5%', '-1%'])('rejects %j', (v) => expect(isValidPercent(v)[0]).toContain("a valid percent string must be a numeric string followed by an ending '%'"));
});
