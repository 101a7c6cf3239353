// kctl config: view and edit the kubeconfig-shaped client configuration.
import * as path from 'path';
import { CliError } from '../../errors';
import { Factory } from '../../factory';
import { configToYaml, KubeConfig, saveConfig } from '../../config/kubeconfig';
import { goJson } from '../../printers/jsonpath';
import { TABLE_OPTIONS, TabWriter } from '../../printers/tabwriter';

const SECRET_FIELDS = new Set(['token', 'password', 'client-key-data', 'client-certificate-data']);

/** config view: the file as YAML (or JSON), secrets redacted unless --raw; --minify keeps the current context only. */
export function viewConfig(f: Factory, flags: { minify?: boolean; raw?: boolean; output?: string }): void {
  let config = f.loadConfig();
  if (flags.minify) {
    const current = f.flags.context || config['current-context'];
    if (!current) throw new CliError('current-context must exist in order to minify');
    const context = config.contexts.find((c) => c.name === current);
    if (!context) throw new CliError(`cannot locate context ${current}`);
    config = {
      ...config,
      'current-context': current,
      contexts: [context],
      clusters: config.clusters.filter((c) => c.name === context.context.cluster),
      users: config.users.filter((u) => u.name === context.context.user),
    };
  }
  if (!flags.raw) {
    config = {
      ...config,
      users: config.users.map((u) => ({
        name: u.name,
        user: Object.fromEntries(Object.entries(u.user).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? (k.endsWith('-data') ? 'DATA+OMITTED' : 'REDACTED') : v])),
      })),
    };
  }
  const format = flags.output ?? 'yaml';
  if (format === 'yaml') f.io.stdout.write(configToYaml(config));
  else if (format === 'json') f.io.stdout.write(`${goJson(config, '    ')}\n`);
  else throw new CliError(`unable to match a printer suitable for the output format "${format}", allowed formats are: json, yaml`);
}

function modify(f: Factory, change: (config: KubeConfig) => string): void {
  const file = f.configPath();
  const config = f.loadConfig();
  const message = change(config);
  saveConfig(file, config);
  if (message) f.io.stdout.write(`${message}\n`);
}

export function useContext(f: Factory, name: string): void {
  modify(f, (config) => {
    if (!config.contexts.some((c) => c.name === name)) throw new CliError(`no context exists with the name: "${name}"`);
    config['current-context'] = name;
    return `Switched to context "${name}".`;
  });
}

export function currentContext(f: Factory): void {
  const current = f.loadConfig()['current-context'];
  if (!current) throw new CliError('current-context is not set');
  f.io.stdout.write(`${current}\n`);
}

export function setContext(f: Factory, name: string | undefined, flags: { current?: boolean; cluster?: string; user?: string; namespace?: string }): void {
  modify(f, (config) => {
    let contextName = name;
    if (flags.current) {
      if (name) throw new CliError('you cannot specify a name and --current at the same time');
      contextName = config['current-context'];
      if (!contextName) throw new CliError('no current context is set');
    }
    if (!contextName) throw new CliError('you must specify a non-empty context name or --current');
    let entry = config.contexts.find((c) => c.name === contextName);
    const created = !entry;
    if (!entry) {
      entry = { name: contextName, context: {} };
      config.contexts.push(entry);
    }
    if (flags.cluster !== undefined) entry.context.cluster = flags.cluster;
    if (flags.user !== undefined) entry.context.user = flags.user;
    if (flags.namespace !== undefined) entry.context.namespace = flags.namespace;
    return `Context "${contextName}" ${created ? 'created' : 'modified'}.`;
  });
}

export function setCluster(f: Factory, name: string, flags: { server?: string }): void {
  modify(f, (config) => {
    let entry = config.clusters.find((c) => c.name === name);
    if (!entry) {
      entry = { name, cluster: {} };
      config.clusters.push(entry);
    }
    if (flags.server !== undefined) entry.cluster.server = flags.server;
    return `Cluster "${name}" set.`;
  });
}

export function setCredentials(f: Factory, name: string, flags: { token?: string; username?: string; password?: string }): void {
  modify(f, (config) => {
    let entry = config.users.find((u) => u.name === name);
    if (!entry) {
      entry = { name, user: {} };
      config.users.push(entry);
    }
    if (flags.token !== undefined) entry.user.token = flags.token;
    if (flags.username !== undefined) entry.user.username = flags.username;
    if (flags.password !== undefined) entry.user.password = flags.password;
    return `User "${name}" set.`;
  });
}

export function deleteContext(f: Factory, name: string): void {
  const file = f.configPath();
  modify(f, (config) => {
    const before = config.contexts.length;
    config.contexts = config.contexts.filter((c) => c.name !== name);
    if (config.contexts.length === before) throw new CliError(`cannot delete context ${name}, not in ${file}`);
    if (config['current-context'] === name) f.io.stderr.write(`warning: this removed your active context, use "kctl config use-context" to select a different one\n`);
    return `deleted context ${name} from ${path.normalize(file)}`;
  });
}

export function deleteCluster(f: Factory, name: string): void {
  const file = f.configPath();
  modify(f, (config) => {
    const before = config.clusters.length;
    config.clusters = config.clusters.filter((c) => c.name !== name);
    if (config.clusters.length === before) throw new CliError(`cannot delete cluster ${name}, not in ${file}`);
    return `deleted cluster ${name} from ${path.normalize(file)}`;
  });
}

export function getContexts(f: Factory, names: string[], flags: { output?: string; noHeaders?: boolean }): void {
  const config = f.loadConfig();
  let contexts = [...config.contexts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (names.length) {
    const missing = names.filter((n) => !contexts.some((c) => c.name === n));
    contexts = contexts.filter((c) => names.includes(c.name));
    if (missing.length) throw new CliError(`context ${missing[0]} not found`);
  }
  if (flags.output === 'name') {
    for (const c of contexts) f.io.stdout.write(`${c.name}\n`);
    return;
  }
  if (flags.output) throw new CliError(`output must be one of '' or 'name': ${flags.output}`);
  const tw = new TabWriter(f.io.stdout, TABLE_OPTIONS);
  if (!flags.noHeaders) tw.write('CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n');
  for (const c of contexts) {
    const mark = c.name === config['current-context'] ? '*' : '';
    tw.write(`${mark}\t${c.name}\t${c.context.cluster ?? ''}\t${c.context.user ?? ''}\t${c.context.namespace ?? ''}\n`);
  }
  tw.flush();
}

export function getClusters(f: Factory): void {
  const config = f.loadConfig();
  f.io.stdout.write('NAME\n');
  for (const c of config.clusters) f.io.stdout.write(`${c.name}\n`);
}
