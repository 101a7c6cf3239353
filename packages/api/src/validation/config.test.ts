import { applyDefaults } from '../defaults';
import { findResource, ResourceInfo } from '../resources';
import { KObject } from '../types';
import { base64Problem } from './config';
import { validateObject } from './index';

function info(name: string): ResourceInfo {
  const found = findResource(name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

function object(kind: string, rest: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'default' }, ...rest };
}

function problems(resource: string, obj: KObject): string[] {
  return validateObject(info(resource), obj).map((c) => `${c.field}: ${c.message}`);
}

describe('ConfigMap', () => {
  it('accepts valid keys in data and binaryData', () => {
    expect(problems('configmaps', object('ConfigMap', { data: { 'app.conf': 'x=1', KEY_NAME: '', 'key-name': 'v' }, binaryData: { 'logo.png': 'iVBORw0KGgo=' } }))).toEqual([]);
    expect(problems('configmaps', object('ConfigMap', {}))).toEqual([]);
  });

  it('rejects invalid keys', () => {
    expect(problems('configmaps', object('ConfigMap', { data: { 'a/b': 'x' } }))).toEqual([
      "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(problems('configmaps', object('ConfigMap', { binaryData: { '..x': 'AA==' } }))).toEqual(["binaryData[..x]: Invalid value: \"..x\": must not start with '..'"]);
  });

  it('rejects a key in both data and binaryData', () => {
    expect(problems('configmaps', object('ConfigMap', { data: { k: 'x' }, binaryData: { k: 'AA==' } }))).toEqual([
      'data: Invalid value: "k": duplicate of key present in binaryData',
      'binaryData: Invalid value: "k": duplicate of key present in data',
    ]);
  });

  it('rejects non-string values and bad base64 in binaryData', () => {
    expect(problems('configmaps', object('ConfigMap', { data: { k: 1 } }))).toEqual(['data[k]: Invalid value: 1: must be a string']);
    expect(problems('configmaps', object('ConfigMap', { binaryData: { k: 'not base64!' } }))).toEqual([
      'binaryData[k]: Invalid value: "<binary>": illegal base64 data at input byte 3',
    ]);
  });

  it('limits the total size to 1 MiB', () => {
    expect(problems('configmaps', object('ConfigMap', { data: { k: 'x'.repeat(1024 * 1024 + 1) } }))).toEqual([': Too long: must have at most 1048576 bytes']);
  });
});

describe('Secret', () => {
  it('accepts base64 data with valid keys', () => {
    expect(problems('secrets', object('Secret', { type: 'Opaque', data: { password: 'c2VjcmV0', 'tls.crt': '', empty: 'YQ==' } }))).toEqual([]);
  });

  it('accepts stringData, and what defaulting makes of it', () => {
    const s = object('Secret', { stringData: { user: 'admin' } });
    expect(validateObject(info('secrets'), s)).toEqual([]);
    applyDefaults(info('secrets'), s);
    expect(validateObject(info('secrets'), s)).toEqual([]);
  });

  it('rejects values that are not base64, without echoing them', () => {
    const out = problems('secrets', object('Secret', { data: { password: 'hunter2' } }));
    expect(out).toEqual(["data[password]: Invalid value: \"<secret contents redacted>\": illegal base64 data: length must be a multiple of 4, padded with '='"]);
    expect(out.join()).not.toContain('hunter2');
  });

  it('rejects invalid keys in data and stringData', () => {
    expect(problems('secrets', object('Secret', { data: { 'a b': 'YQ==' }, stringData: { '.': 'x' } })).map((m) => m.split(':')[0])).toEqual(['data[a b]', 'stringData[.]']);
  });
});

describe('base64Problem', () => {
  it.each(['', 'YQ==', 'YWI=', 'YWJj', 'a+/9'])('accepts %j', (v) => expect(base64Problem(v)).toBeUndefined());
  it.each(['YQ', 'YQ=', 'Y===', 'YW-j', 'YW J'])('rejects %j', (v) => expect(base64Problem(v)).toBeDefined());
});
