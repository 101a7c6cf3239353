import { normalizeArgv } from './argv';

describe('normalizeArgv (pflag spellings for commander)', () => {
  test.each([
    [['delete', 'po', 'x', '--wait=false'], ['delete', 'po', 'x', '--no-wait']],
    [['delete', 'po', 'x', '--wait=true'], ['delete', 'po', 'x', '--wait']],
    [['get', 'po', '--show-labels=true'], ['get', 'po', '--show-labels']],
    [['get', 'po', '-A=false'], ['get', 'po']],
    [['apply', '-f', 'x', '--dry-run'], ['apply', '-f', 'x', '--dry-run=client']],
    [['apply', '-f', 'x', '--dry-run=server'], ['apply', '-f', 'x', '--dry-run=server']],
    [['delete', 'deploy', 'x', '--cascade'], ['delete', 'deploy', 'x', '--cascade=background']],
    [['get', 'po', '-n=kube-system'], ['get', 'po', '-n', 'kube-system']],
    [['apply', '--validate=false', '-f', 'x'], ['apply', '-f', 'x']],
    [['get', '--', '--wait=false'], ['get', '--', '--wait=false']],
    [['rollout', 'status', 'deploy/web', '--watch=false'], ['rollout', 'status', 'deploy/web', '--no-watch']],
    [['-n', 'demo', 'rollout', 'status', 'deploy/web', '-w=false'], ['-n', 'demo', 'rollout', 'status', 'deploy/web', '--no-watch']],
    [['get', 'po', '--watch=false'], ['get', 'po']],
    [['label', 'po', 'x', 'a=b', '--overwrite=true'], ['label', 'po', 'x', 'a=b', '--overwrite']],
    [['drain', 'n1', '--force=false', '--ignore-daemonsets=false'], ['drain', 'n1']],
  ])('%j', (input, output) => {
    expect(normalizeArgv(input)).toEqual(output);
  });
});
