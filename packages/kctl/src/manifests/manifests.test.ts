import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { ManifestDecodeError, ManifestParseError, parseManifests } from './parse';
import { readManifests, SourcedManifest } from './read';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  mode: 0644\n`;

describe('parseManifests', () => {
  test('multi-document YAML, skipping empty documents', () => {
    const objs = parseManifests(`---\n${cm('a')}---\n# only a comment\n---\n${cm('b')}`, 'f.yaml');
    expect(objs.map((o) => (o.metadata as { name: string }).name)).toEqual(['a', 'b']);
    expect((objs[0]!.data as { mode: number }).mode).toBe(420); // YAML 1.1 octal, as kubectl reads it
  });

  test('List kinds are expanded', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- ${cm('a').trimEnd().replace(/\n/g, '\n  ')}\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: demo\n`;
    expect(parseManifests(text, 'l.yaml').map((o) => o.kind)).toEqual(['ConfigMap', 'Namespace']);
  });

  test('JSON, single and concatenated', () => {
    const one = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } });
    expect(parseManifests(one, 'a.json')).toHaveLength(1);
    expect(parseManifests(`${one}\n${one}`, 'b.json')).toHaveLength(2);
    expect(parseManifests(JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [JSON.parse(one)] }), 'c.json')).toHaveLength(1);
  });

  test('malformed YAML reports file and line', () => {
    const bad = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n  c: : d\n`;
    let err: unknown;
    try {
      parseManifests(bad, 'examples/bad.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ManifestParseError);
    expect((err as ManifestParseError).line).toBe(7);
    expect((err as Error).message).toMatch(/^error parsing examples\/bad\.yaml: error converting YAML to JSON: yaml: line 7: /);
  });

  test('a later document with an error still names its line', () => {
    expect(() => parseManifests(`${cm('a')}---\nkind: [\n`, 'x.yaml')).toThrow(/yaml: line 9/);
  });

  test('objects without kind or apiVersion', () => {
    expect(() => parseManifests('apiVersion: v1\nmetadata:\n  name: x\n', 'k.yaml')).toThrow(ManifestDecodeError);
    expect(() => parseManifests('apiVersion: v1\nmetadata:\n  name: x\n', 'k.yaml')).toThrow(`unable to decode "k.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'`);
    expect(() => parseManifests('kind: Pod\n', 'v.yaml')).toThrow(/Object 'Version' is missing/);
  });
});

describe('readManifests', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-manifests-'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), cm('b'));
    fs.writeFileSync(path.join(dir, 'a.yml'), cm('a'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const names = (ms: SourcedManifest[]) => ms.map((m) => (m.object.metadata as { name: string }).name);

  test('a directory: manifest files in lexical order, subdirectories only with -R', async () => {
    expect(names(await readManifests([dir]))).toEqual(['a', 'b']);
    const all = await readManifests([dir], { recursive: true });
    expect(names(all)).toEqual(['a', 'b', 'c']);
    expect(all[2]!.source).toBe(path.join(dir, 'sub', 'c.json'));
  });

  test('relative paths keep the name the user typed', async () => {
    const ms = await readManifests(['b.yaml'], { cwd: dir });
    expect(ms[0]!.source).toBe('b.yaml');
  });

  test('stdin with -', async () => {
    const ms = await readManifests(['-'], { stdin: Readable.from([Buffer.from(cm('in'))]) });
    expect(names(ms)).toEqual(['in']);
    expect(ms[0]!.source).toBe('STDIN');
  });

  test('a missing path', async () => {
    await expect(readManifests(['nope.yaml'], { cwd: dir })).rejects.toThrow('the path "nope.yaml" does not exist');
  });
});
