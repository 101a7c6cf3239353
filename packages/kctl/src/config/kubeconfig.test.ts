import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../cli';
import { captureIO } from '../testing/io';
import { defaultConfigPath, loadConfig, normalizeServer, resolveConfig, resolveConfigPath } from './kubeconfig';

describe('kubeconfig file handling', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const kctl = async (args: string[], env: Record<string, string> = {}) => {
    const c = captureIO({ env: { HOME: home, ...env }, cwd: home });
    const code = await run(args, c.io);
    return { code, out: c.stdout(), err: c.stderr() };
  };

  test('path precedence: --kubeconfig, then KUBECONFIG, then ~/.kctl/config', () => {
    expect(defaultConfigPath({ HOME: '/h' })).toBe('/h/.kctl/config');
    expect(resolveConfigPath(undefined, { HOME: '/h' }, '/cwd')).toBe('/h/.kctl/config');
    expect(resolveConfigPath(undefined, { HOME: '/h', KUBECONFIG: 'a.yaml:/b.yaml' }, '/cwd')).toBe('/cwd/a.yaml');
    expect(resolveConfigPath('/x/cfg', { HOME: '/h', KUBECONFIG: '/a' }, '/cwd')).toBe('/x/cfg');
  });

  test('a missing file reads as empty, and the server defaults to 127.0.0.1:6443', () => {
    const cfg = loadConfig(path.join(home, 'nope'));
    expect(cfg.contexts).toEqual([]);
    expect(resolveConfig(cfg, {})).toEqual({ contextName: '', server: '127.0.0.1:6443', namespace: 'default' });
  });

  test('server schemes are stripped', () => {
    expect(normalizeServer('http://10.0.0.1:6443/')).toBe('10.0.0.1:6443');
    expect(normalizeServer('grpc://h:1')).toBe('h:1');
    expect(normalizeServer('h:1')).toBe('h:1');
  });

  test('set-cluster, set-context, use-context, current-context, view, get-contexts', async () => {
    expect(await kctl(['config', 'current-context'])).toEqual({ code: 1, out: '', err: 'error: current-context is not set\n' });
    expect((await kctl(['config', 'set-cluster', 'local', '--server=http://127.0.0.1:7443'])).out).toBe('Cluster "local" set.\n');
    expect((await kctl(['config', 'set-context', 'dev', '--cluster=local', '--user=me', '--namespace=demo'])).out).toBe('Context "dev" created.\n');
    expect((await kctl(['config', 'set-context', 'dev', '--namespace', 'other'])).out).toBe('Context "dev" modified.\n');
    expect(await kctl(['config', 'use-context', 'nope'])).toEqual({ code: 1, out: '', err: 'error: no context exists with the name: "nope"\n' });
    expect((await kctl(['config', 'use-context', 'dev'])).out).toBe('Switched to context "dev".\n');
    expect((await kctl(['config', 'current-context'])).out).toBe('dev\n');
    expect((await kctl(['config', 'view'])).out).toBe(
      [
        'apiVersion: v1',
        'clusters:',
        '- cluster:',
        '    server: http://127.0.0.1:7443',
        '  name: local',
        'contexts:',
        '- context:',
        '    cluster: local',
        '    namespace: other',
        '    user: me',
        '  name: dev',
        'current-context: dev',
        'kind: Config',
        'preferences: {}',
        'users: null',
        '',
      ].join('\n'),
    );
    expect((await kctl(['config', 'get-contexts'])).out).toBe('CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n*         dev    local     me         other\n');
    const file = path.join(home, '.kctl', 'config');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const resolved = resolveConfig(loadConfig(file), {});
    expect(resolved).toEqual({ contextName: 'dev', server: '127.0.0.1:7443', namespace: 'other' });
    expect(resolveConfig(loadConfig(file), { namespace: 'x', server: 'h:1' })).toMatchObject({ server: 'h:1', namespace: 'x' });
    expect(() => resolveConfig(loadConfig(file), { context: 'missing' })).toThrow('context was not found for specified context: missing');
  });

  test('--kubeconfig and KUBECONFIG choose the file', async () => {
    const a = path.join(home, 'a.yaml');
    expect((await kctl(['--kubeconfig', a, 'config', 'set-cluster', 'c', '--server', 'h:1'])).code).toBe(0);
    expect(fs.existsSync(a)).toBe(true);
    expect(fs.existsSync(path.join(home, '.kctl'))).toBe(false);
    const out = await kctl(['config', 'view', '-o', 'json'], { KUBECONFIG: a });
    expect(JSON.parse(out.out).clusters).toEqual([{ cluster: { server: 'h:1' }, name: 'c' }]);
  });

  test('a broken config file is reported', async () => {
    const bad = path.join(home, 'bad.yaml');
    fs.writeFileSync(bad, 'clusters: [\n');
    const r = await kctl(['--kubeconfig', bad, 'config', 'view']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: error loading config file ".*bad\.yaml"/);
  });
});
