// Writes kctl's kubeconfig entry for the local cluster, merging it into an
// existing file so other clusters, users and contexts stay as they were.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import YAML from 'yaml';

type Named = { name: string } & Record<string, unknown>;

export interface Kubeconfig {
  apiVersion: string;
  kind: string;
  clusters: Named[];
  users: Named[];
  contexts: Named[];
  'current-context': string;
  [field: string]: unknown;
}

/** The first path of $KUBECONFIG when set, else ~/.kctl/config. */
export function kubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = (env.KUBECONFIG ?? '').split(path.delimiter).find((p) => p.trim() !== '');
  return first ?? path.join(os.homedir(), '.kctl', 'config');
}

function namedList(value: unknown, field: string, file: string): Named[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${file}: "${field}" is not a list`);
  return value.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || typeof (item as { name?: unknown }).name !== 'string') {
      throw new Error(`${file}: ${field}[${i}] has no name`);
    }
    return item as Named;
  });
}

function upsert(list: Named[], entry: Named): Named[] {
  const i = list.findIndex((e) => e.name === entry.name);
  if (i < 0) return [...list, entry];
  return list.map((e, j) => (j === i ? entry : e));
}

/** Parses an existing kubeconfig text (empty text gives an empty config). */
export function parseKubeconfig(text: string, file: string): Kubeconfig {
  const parsed: unknown = text.trim() === '' ? {} : YAML.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file} is not a kubeconfig (expected a YAML mapping)`);
  const raw = parsed as Record<string, unknown>;
  return {
    ...raw,
    apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : 'v1',
    kind: typeof raw.kind === 'string' ? raw.kind : 'Config',
    clusters: namedList(raw.clusters, 'clusters', file),
    users: namedList(raw.users, 'users', file),
    contexts: namedList(raw.contexts, 'contexts', file),
    'current-context': typeof raw['current-context'] === 'string' ? raw['current-context'] : '',
  };
}

/** Adds or replaces the cluster, user and context called `name`, and makes it current. */
export function mergeLocalContext(config: Kubeconfig, name: string, server: string): Kubeconfig {
  return {
    ...config,
    clusters: upsert(config.clusters, { name, cluster: { server } }),
    users: upsert(config.users, { name, user: {} }),
    contexts: upsert(config.contexts, { name, context: { cluster: name, user: name, namespace: 'default' } }),
    'current-context': name,
  };
}

export interface WriteResult {
  file: string;
  /** The current-context before, when it was another one. */
  previousContext?: string;
}

/** Merges the local cluster into the kubeconfig file (atomically, mode 0600). */
export function writeKubeconfig(server: string, options: { file?: string; name?: string } = {}): WriteResult {
  const file = options.file ?? kubeconfigPath();
  const name = options.name ?? 'local';
  const existing = fs.existsSync(file) ? parseKubeconfig(fs.readFileSync(file, 'utf8'), file) : parseKubeconfig('', file);
  const merged = mergeLocalContext(existing, name, server);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, YAML.stringify(merged), { mode: 0o600 });
  fs.renameSync(tmp, file);
  const before = existing['current-context'];
  return { file, previousContext: before && before !== name ? before : undefined };
}
