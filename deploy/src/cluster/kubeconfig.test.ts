import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import YAML from 'yaml';
import { kubeconfigPath, mergeLocalContext, parseKubeconfig, writeKubeconfig } from './kubeconfig';

describe('kubeconfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-kubeconfig-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the first KUBECONFIG path, else ~/.kctl/config', () => {
    expect(kubeconfigPath({ KUBECONFIG: `/a/config${path.delimiter}/b/config` })).toBe('/a/config');
    expect(kubeconfigPath({})).toBe(path.join(os.homedir(), '.kctl', 'config'));
  });

  it('writes a new file in kubeconfig shape', () => {
    const file = path.join(dir, 'sub', 'config');
    expect(writeKubeconfig('127.0.0.1:6443', { file })).toEqual({ file, previousContext: undefined });
    expect(YAML.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'local', cluster: { server: '127.0.0.1:6443' } }],
      users: [{ name: 'local', user: {} }],
      contexts: [{ name: 'local', context: { cluster: 'local', user: 'local', namespace: 'default' } }],
      'current-context': 'local',
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps other entries and replaces its own', () => {
    const file = path.join(dir, 'config');
    const other = { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [{ name: 'prod', cluster: { server: 'p:1' } }, { name: 'local', cluster: { server: 'old:1' } }], users: [{ name: 'prod', user: { token: 't' } }], contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'prod' } }], 'current-context': 'prod' };
    fs.writeFileSync(file, YAML.stringify(other));
    expect(writeKubeconfig('127.0.0.1:7000', { file }).previousContext).toBe('prod');
    const merged = parseKubeconfig(fs.readFileSync(file, 'utf8'), file);
    expect(merged.preferences).toEqual({});
    expect(merged.clusters).toEqual([{ name: 'prod', cluster: { server: 'p:1' } }, { name: 'local', cluster: { server: '127.0.0.1:7000' } }]);
    expect(merged.users.map((u) => u.name)).toEqual(['prod', 'local']);
    expect(merged.contexts.map((c) => c.name)).toEqual(['prod', 'local']);
    expect(merged['current-context']).toBe('local');
  });

  it('refuses a file that is not a kubeconfig instead of overwriting it', () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, '- just\n- a list\n');
    expect(() => writeKubeconfig('127.0.0.1:6443', { file })).toThrow(/not a kubeconfig/);
    expect(fs.readFileSync(file, 'utf8')).toBe('- just\n- a list\n');
  });

  it('merges into an empty config', () => {
    expect(mergeLocalContext(parseKubeconfig('', 'x'), 'local', 's:1').clusters).toEqual([{ name: 'local', cluster: { server: 's:1' } }]);
  });
});
