// The client configuration file, in kubeconfig's shape (clusters, users,
// contexts, current-context). kctl keeps its own file, ~/.kctl/config, so a real
// kubectl configuration (~/.kube/config) is never read or rewritten by accident.
// Order of precedence: --kubeconfig, then $KUBECONFIG (its first entry), then
// ~/.kctl/config.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { isRecord } from '../util/json';

export interface ClusterEntry {
  server?: string;
  [field: string]: unknown;
}
export interface ContextEntry {
  cluster?: string;
  user?: string;
  namespace?: string;
}
export interface NamedCluster {
  name: string;
  cluster: ClusterEntry;
}
export interface NamedUser {
  name: string;
  user: Record<string, unknown>;
}
export interface NamedContext {
  name: string;
  context: ContextEntry;
}

export interface KubeConfig {
  apiVersion: string;
  kind: string;
  clusters: NamedCluster[];
  contexts: NamedContext[];
  'current-context': string;
  preferences: Record<string, unknown>;
  users: NamedUser[];
}

/** The apiserver's default listen address, used when nothing configures a server. */
export const DEFAULT_SERVER = '127.0.0.1:6443';

export function emptyConfig(): KubeConfig {
  return { apiVersion: 'v1', kind: 'Config', clusters: [], contexts: [], 'current-context': '', preferences: {}, users: [] };
}

export function defaultConfigPath(env: Record<string, string | undefined>): string {
  return path.join(env.HOME || os.homedir(), '.kctl', 'config');
}

/** --kubeconfig, else the first entry of $KUBECONFIG, else ~/.kctl/config. */
export function resolveConfigPath(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  if (flag) return path.resolve(cwd, flag);
  const fromEnv = (env.KUBECONFIG ?? '').split(path.delimiter).find((p) => p.trim() !== '');
  if (fromEnv) return path.resolve(cwd, fromEnv);
  return defaultConfigPath(env);
}

function namedList<T>(value: unknown, inner: string, file: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`error loading config file "${file}": ${inner}s must be a list`);
  return value.map((entry) => {
    if (!isRecord(entry) || typeof entry.name !== 'string') throw new Error(`error loading config file "${file}": every entry needs a name`);
    return { name: entry.name, [inner]: isRecord(entry[inner]) ? entry[inner] : {} } as T;
  });
}

/** Reads a config file; a missing file is an empty config. */
export function loadConfig(file: string): KubeConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
    throw err;
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text) ?? {};
  } catch (err) {
    throw new Error(`error loading config file "${file}": ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(raw)) throw new Error(`error loading config file "${file}": not a mapping`);
  return {
    apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : 'v1',
    kind: typeof raw.kind === 'string' ? raw.kind : 'Config',
    clusters: namedList<NamedCluster>(raw.clusters, 'cluster', file),
    contexts: namedList<NamedContext>(raw.contexts, 'context', file),
    'current-context': typeof raw['current-context'] === 'string' ? raw['current-context'] : '',
    preferences: isRecord(raw.preferences) ? raw.preferences : {},
    users: namedList<NamedUser>(raw.users, 'user', file),
  };
}

/** Serializes as kubectl does: keys sorted, lists not indented. */
export function configToYaml(config: KubeConfig): string {
  // Empty lists print as null, as kubectl's `config view` shows them.
  const list = <T>(items: T[]): T[] | null => (items.length ? items : null);
  const ordered = {
    apiVersion: config.apiVersion,
    clusters: list(config.clusters.map((c) => ({ cluster: sortRecord(c.cluster), name: c.name }))),
    contexts: list(config.contexts.map((c) => ({ context: sortRecord(c.context as Record<string, unknown>), name: c.name }))),
    'current-context': config['current-context'],
    kind: config.kind,
    preferences: config.preferences,
    users: list(config.users.map((u) => ({ name: u.name, user: sortRecord(u.user) }))),
  };
  return YAML.stringify(ordered, { indentSeq: false, lineWidth: 0, nullStr: 'null' });
}

function sortRecord(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(r).sort()) if (r[k] !== undefined) out[k] = r[k];
  return out;
}

/** Writes the file (creating its directory), readable only by its owner. */
export function saveConfig(file: string, config: KubeConfig): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, configToYaml(config), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** "http://host:port/" or "grpc://host:port" → "host:port". */
export function normalizeServer(server: string): string {
  return server.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
}

export interface ResolvedConfig {
  contextName: string;
  /** host:port of the apiserver. */
  server: string;
  /** Namespace of the context, or "default". */
  namespace: string;
}

/**
 * Picks the context (--context or current-context) and its cluster. A missing
 * --context is an error, as in kubectl; no context at all falls back to
 * DEFAULT_SERVER and namespace "default".
 */
export function resolveConfig(config: KubeConfig, overrides: { context?: string; server?: string; namespace?: string }): ResolvedConfig {
  const contextName = overrides.context || config['current-context'];
  let context: ContextEntry = {};
  if (contextName) {
    const found = config.contexts.find((c) => c.name === contextName);
    if (!found) {
      if (overrides.context) throw new Error(`context was not found for specified context: ${overrides.context}`);
    } else {
      context = found.context;
    }
  }
  let server = overrides.server ?? '';
  if (!server && context.cluster) {
    const cluster = config.clusters.find((c) => c.name === context.cluster);
    if (!cluster && overrides.context) throw new Error(`cluster "${context.cluster}" not found for context "${contextName}"`);
    server = cluster?.cluster.server ?? '';
  }
  return {
    contextName: contextName ?? '',
    server: normalizeServer(server || DEFAULT_SERVER),
    namespace: overrides.namespace || context.namespace || 'default',
  };
}
