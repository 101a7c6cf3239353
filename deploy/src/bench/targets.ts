// The two things measured: a ConfigMap create through the apiserver, and the
// etcd transaction the apiserver's create boils down to, sent straight to etcd.
import { ConfigMap, KObject } from '@kctl/api';
import { ApiClient } from '@kctl/client';
import { Etcd3 } from 'etcd3';
import { Operation } from './load';

export const NAMESPACE = 'default';

export function benchName(i: number): string {
  return `bench-${String(i).padStart(7, '0')}`;
}

/** A small ConfigMap; stored by the apiserver as JSON of about 400 bytes. */
export function configMap(name: string): ConfigMap & KObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: NAMESPACE, labels: { app: 'bench', tier: 'config' }, annotations: { 'kctl.io/purpose': 'apiserver benchmark' } },
    data: { 'log.level': 'info', 'cache.size': '256', 'feature.flags': 'alpha,beta', 'endpoint': 'http://127.0.0.1:8080/v1' },
  };
}

/** Where the apiserver keeps a ConfigMap (see packages/apiserver/src/registry/keys.ts). */
export function registryKey(name: string): string {
  return `/registry/configmaps/${NAMESPACE}/${name}`;
}

/**
 * Keys for the raw etcd run: the same length as registry keys but outside
 * /registry/, so the apiserver's watch on ConfigMaps does not see them.
 */
export function rawKey(name: string): string {
  return `/benchraw/configmaps/${NAMESPACE}/${name}`;
}

/** ConfigMap creates through the apiserver, one distinct name per operation. */
export function apiserverCreate(client: ApiClient, offset: number): Operation {
  return (i) => client.create('configmaps', configMap(benchName(offset + i)));
}

/**
 * The apiserver's create transaction (compare create-revision 0, then put),
 * as in EtcdStorage.create, with the stored bytes of a real ConfigMap.
 */
export function etcdCreate(client: Etcd3, value: string, offset: number): Operation {
  return async (i) => {
    const key = rawKey(benchName(offset + i));
    const res = await client.if(key, 'Create', '==', 0).then(client.put(key).value(value)).commit();
    if (!res.succeeded) throw new Error(`etcd create of ${key} did not succeed: key exists`);
  };
}

/** Creates one ConfigMap through the apiserver and returns the exact bytes etcd holds for it. */
export async function storedConfigMapBytes(api: ApiClient, etcd: Etcd3, name: string): Promise<string> {
  await api.create('configmaps', configMap(name));
  const stored = await etcd.get(registryKey(name)).string();
  if (stored === null) throw new Error(`ConfigMap ${name} was created but ${registryKey(name)} is not in etcd`);
  return stored;
}

/**
 * The apiserver's update transaction (compare mod revision, then put), as in
 * EtcdStorage.update, on keys etcdCreate made; reads each key's revision first
 * (untimed by the caller's choice) so the compare succeeds.
 */
export async function etcdModRevisions(client: Etcd3, offset: number, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await client.kv.range({ key: Buffer.from(rawKey(benchName(offset + i))) });
    out.push(res.kvs[0]?.mod_revision ?? '0');
  }
  return out;
}

export function etcdUpdate(client: Etcd3, value: string, offset: number, revisions: string[]): Operation {
  return async (i) => {
    const key = rawKey(benchName(offset + i));
    const res = await client.if(key, 'Mod', '==', revisions[i] ?? '0').then(client.put(key).value(value)).commit();
    if (!res.succeeded) throw new Error(`etcd update of ${key} did not succeed: it changed meanwhile`);
  };
}
