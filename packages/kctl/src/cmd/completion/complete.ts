// The hidden `kctl __complete WORD... CURRENT` command behind the completion
// scripts: prints one candidate per line for the last word.
import { RESOURCES } from '@kctl/api';
import { CommandContext } from '../context';
import { Factory } from '../../factory';
import { resolveType } from '../../resource-args';

export const VERBS = [
  'annotate', 'api-resources', 'apply', 'completion', 'config', 'cordon', 'create', 'delete', 'describe', 'drain', 'get', 'label', 'rollout', 'scale', 'set', 'taint', 'uncordon', 'version',
];
const ROLLOUT_VERBS = ['history', 'pause', 'restart', 'resume', 'status', 'undo'];
const NODE_VERBS = new Set(['cordon', 'uncordon', 'drain']);
const CONFIG_VERBS = ['current-context', 'delete-cluster', 'delete-context', 'get-clusters', 'get-contexts', 'set-cluster', 'set-context', 'set-credentials', 'use-context', 'view'];
const NAME_VERBS = new Set(['get', 'describe', 'delete', 'scale', 'label', 'annotate']);

const VALUE_FLAGS = new Set([
  '-n', '--namespace', '-o', '--output', '-l', '--selector', '-f', '--filename', '-s', '--server', '--context', '--kubeconfig',
  '--request-timeout', '--field-selector', '-L', '--label-columns', '--cascade', '--grace-period', '--timeout', '--dry-run',
  '--cluster', '--user', '--token', '--username', '--password', '--sort-by', '--api-group', '--namespaced',
  '--replicas', '--current-replicas', '--resource-version', '--revision', '--to-revision', '--image', '--port', '--pod-selector',
]);

const COMMON_FLAGS = ['--namespace', '--output', '--selector', '--all-namespaces', '--filename', '--kubeconfig', '--context', '--server', '--help'];

/** What completion needs from the world; tests pass a fake. */
export interface CompletionSource {
  names(resource: string, namespace: string | undefined): Promise<string[]>;
  contexts(): string[];
  clusters(): string[];
}

export async function completeWords(words: string[], src: CompletionSource): Promise<string[]> {
  const current = words.length ? words[words.length - 1]! : '';
  const before = words.slice(0, -1);
  const positional: string[] = [];
  let namespace: string | undefined;
  let pendingFlag: string | undefined;
  for (const w of before) {
    if (pendingFlag) {
      if (pendingFlag === '-n' || pendingFlag === '--namespace') namespace = w;
      pendingFlag = undefined;
      continue;
    }
    if (w.startsWith('-') && w !== '-') {
      const eq = w.indexOf('=');
      if (eq > 0) {
        if (w.startsWith('--namespace=')) namespace = w.slice(eq + 1);
      } else if (VALUE_FLAGS.has(w)) {
        pendingFlag = w;
      }
      continue;
    }
    positional.push(w);
  }
  const pick = (list: string[]): string[] => list.filter((c) => c.startsWith(current));
  if (pendingFlag) {
    switch (pendingFlag) {
      case '-n':
      case '--namespace':
        return pick(await src.names('namespaces', undefined));
      case '-o':
      case '--output':
        return pick(['json', 'yaml', 'name', 'wide', 'jsonpath=']);
      case '--context':
        return pick(src.contexts());
      case '--cascade':
        return pick(['background', 'foreground', 'orphan']);
      case '--dry-run':
        return pick(['none', 'client', 'server']);
      default:
        return [];
    }
  }
  if (current.startsWith('-')) return pick(COMMON_FLAGS);
  const verb = positional[0];
  if (verb === undefined) return pick(VERBS);
  /** TYPE, TYPE/NAME or NAME... from the word at index `at` of the positional words. */
  const typeAndNames = async (at: number): Promise<string[]> => {
    const type = positional[at];
    if (type === undefined) {
      const slash = current.indexOf('/');
      if (slash > 0) {
        const prefix = current.slice(0, slash);
        try {
          const info = resolveType(prefix);
          return pick((await src.names(info.resource, namespace)).map((n) => `${prefix}/${n}`));
        } catch {
          return [];
        }
      }
      return pick(RESOURCES.map((r) => r.resource).sort());
    }
    if (type.includes('/') || type.includes(',')) return [];
    try {
      const info = resolveType(type);
      const already = new Set(positional.slice(at + 1));
      return pick((await src.names(info.resource, namespace)).filter((n) => !already.has(n)));
    } catch {
      return [];
    }
  };
  if (NAME_VERBS.has(verb)) return typeAndNames(1);
  if (verb === 'rollout') return positional.length === 1 ? pick(ROLLOUT_VERBS) : typeAndNames(2);
  if (verb === 'set') return positional.length === 1 ? pick(['image']) : typeAndNames(2);
  if (NODE_VERBS.has(verb)) {
    const already = new Set(positional.slice(1));
    return pick((await src.names('nodes', undefined)).filter((n) => !already.has(n)));
  }
  if (verb === 'taint') return positional.length === 1 ? pick(['nodes']) : typeAndNames(1);
  if (verb === 'create') return positional.length === 1 ? pick(['deployment', 'namespace']) : [];
  if (verb === 'completion') return positional.length === 1 ? pick(['bash', 'zsh']) : [];
  if (verb === 'config') {
    const sub = positional[1];
    if (sub === undefined) return pick(CONFIG_VERBS);
    if (positional.length > 2) return [];
    if (sub === 'use-context' || sub === 'use' || sub === 'delete-context' || sub === 'set-context' || sub === 'get-contexts') return pick(src.contexts());
    if (sub === 'delete-cluster' || sub === 'set-cluster') return pick(src.clusters());
    return [];
  }
  return [];
}

function liveSource(f: Factory): CompletionSource {
  return {
    async names(resource, namespace) {
      try {
        const info = resolveType(resource);
        const list = await f.client().listAll(resource, { namespace: info.namespaced ? (namespace ?? f.namespace()) : '' });
        return list.items.map((o) => o.metadata.name ?? '').filter(Boolean);
      } catch {
        return [];
      }
    },
    contexts: () => f.loadConfig().contexts.map((c) => c.name),
    clusters: () => f.loadConfig().clusters.map((c) => c.name),
  };
}

/** Runs `__complete`: global flags in words apply (e.g. --kubeconfig, -s). */
export async function runComplete(ctx: CommandContext, words: string[]): Promise<void> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i]!;
    const m = /^(--kubeconfig|--server|-s|--context|--namespace|-n)(?:=(.*))?$/.exec(w);
    if (!m) continue;
    const value = m[2] ?? words[i + 1];
    if (value === undefined || (m[2] === undefined && i + 1 >= words.length - 1)) continue;
    flags[m[1]!] = value;
  }
  const f = new Factory(ctx.io, {
    kubeconfig: flags['--kubeconfig'],
    server: flags['--server'] ?? flags['-s'],
    context: flags['--context'],
    namespace: flags['--namespace'] ?? flags['-n'],
    requestTimeout: '5s',
  });
  try {
    const candidates = await completeWords(words, liveSource(f));
    for (const c of candidates) ctx.io.stdout.write(`${c}\n`);
  } finally {
    f.close();
  }
}
