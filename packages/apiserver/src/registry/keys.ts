// Where objects live in etcd: /registry/<resource>/<namespace>/<name>, or
// /registry/<resource>/<name> for cluster-scoped kinds.
import { ResourceInfo } from '@kctl/api';

export const REGISTRY_ROOT = '/registry/';

export function resourcePrefix(info: ResourceInfo, namespace?: string): string {
  const base = `${REGISTRY_ROOT}${info.resource}/`;
  return info.namespaced && namespace ? `${base}${namespace}/` : base;
}

export function objectKey(info: ResourceInfo, namespace: string, name: string): string {
  return info.namespaced ? `${REGISTRY_ROOT}${info.resource}/${namespace}/${name}` : `${REGISTRY_ROOT}${info.resource}/${name}`;
}
