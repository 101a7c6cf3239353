import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../cli';
import { captureIO } from '../../testing/io';
import { completeWords, CompletionSource } from './complete';

const source: CompletionSource = {
  names: async (resource, namespace) => {
    if (resource === 'namespaces') return ['default', 'demo'];
    if (resource === 'pods') return namespace === 'demo' ? ['demo-pod'] : ['web-1', 'web-2', 'db-0'];
    if (resource === 'deployments') return ['web', 'api'];
    if (resource === 'nodes') return ['node-1', 'node-2'];
    return [];
  },
  contexts: () => ['dev', 'prod'],
  clusters: () => ['local'],
};

describe('__complete', () => {
  test.each([
    [[''], ['annotate', 'api-resources', 'apply', 'completion', 'config', 'cordon', 'create', 'delete', 'describe', 'drain', 'get', 'label', 'rollout', 'scale', 'set', 'taint', 'uncordon', 'version']],
    [['rollout', ''], ['history', 'pause', 'restart', 'resume', 'status', 'undo']],
    [['rollout', 'status', 'deployment/'], ['deployment/web', 'deployment/api']],
    [['rollout', 'undo', 'deploy', 'w'], ['web']],
    [['scale', 'deploy', ''], ['web', 'api']],
    [['set', 'i'], ['image']],
    [['set', 'image', 'deployment/a'], ['deployment/api']],
    [['drain', 'node-1', ''], ['node-2']],
    [['taint', 'nodes', ''], ['node-1', 'node-2']],
    [['create', 'd'], ['deployment']],
    [['scale', 'deploy', 'web', '--replicas', ''], []],
    [['de'], ['delete', 'describe']],
    [['get', 'dep'], ['deployments']],
    [['get', 'pods', 'web'], ['web-1', 'web-2']],
    [['get', 'pods', 'web-1', ''], ['web-2', 'db-0']],
    [['-n', 'demo', 'get', 'pods', ''], ['demo-pod']],
    [['get', 'pods', '--namespace=demo', ''], ['demo-pod']],
    [['describe', 'pod/w'], ['pod/web-1', 'pod/web-2']],
    [['get', 'pods', '-n', ''], ['default', 'demo']],
    [['get', 'pods', '-o', 'j'], ['json', 'jsonpath=']],
    [['config', 'use-context', ''], ['dev', 'prod']],
    [['config', 'set-'], ['set-cluster', 'set-context', 'set-credentials']],
    [['completion', ''], ['bash', 'zsh']],
    [['apply', '-f', ''], []],
    [['get', 'pods', '--sh'], []],
  ])('%j', async (words, expected) => {
    expect(await completeWords(words, source)).toEqual(expected);
  });
});

describe('completion scripts', () => {
  test('the bash script completes verbs and resource types through the real CLI', async () => {
    const c = captureIO();
    expect(await run(['completion', 'bash'], c.io)).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-completion-'));
    try {
      const script = path.join(dir, 'kctl.bash');
      fs.writeFileSync(script, c.stdout());
      const shim = path.join(dir, 'kctl');
      fs.writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${path.resolve(__dirname, '../../main.js')}" "$@"\n`, { mode: 0o755 });
      const complete = (line: string[]): string =>
        execFileSync(
          'bash',
          ['-c', `source "${script}"; COMP_WORDS=(${line.map((w) => `"${w}"`).join(' ')}); COMP_CWORD=${line.length - 1}; _kctl_complete; printf '%s\\n' "\${COMPREPLY[@]}"`],
          { env: { PATH: `${dir}:${process.env.PATH}`, HOME: dir }, encoding: 'utf8' },
        );
      expect(complete(['kctl', 'ap'])).toBe('api-resources\napply\n');
      expect(complete(['kctl', 'get', 'repl'])).toBe('replicasets\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('zsh script and unknown shells', async () => {
    const c = captureIO();
    expect(await run(['completion', 'zsh'], c.io)).toBe(0);
    expect(c.stdout()).toContain('compdef _kctl kctl');
    const bad = captureIO();
    expect(await run(['completion', 'fish'], bad.io)).toBe(1);
    expect(bad.stderr()).toBe('error: Unsupported shell type "fish".\n');
  });
});
