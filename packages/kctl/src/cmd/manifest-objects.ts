// From manifests to objects ready to send: the resource they map to, and the
// namespace they belong in (manifest, else -n, else the context's default).
import { deepCopy, knownKindsList, KObject, resourceForKind, ResourceInfo } from '@kctl/api';
import { CliError } from '../errors';
import { SourcedManifest } from '../manifests/read';
import { isRecord } from '../util/json';

export interface PreparedObject {
  info: ResourceInfo;
  object: KObject;
  name: string;
  /** "" for cluster-scoped kinds. */
  namespace: string;
  source: string;
}

export class MappingError extends CliError {}

export function prepareObject(m: SourcedManifest, defaultNamespace: string, namespaceExplicit: boolean): PreparedObject {
  const object = deepCopy(m.object) as unknown as KObject;
  const metadata = isRecord(object.metadata) ? (object.metadata as KObject['metadata']) : {};
  object.metadata = metadata;
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const info = resourceForKind(object.apiVersion, object.kind);
  if (!info) {
    throw new MappingError(
      `resource mapping not found for name: "${name}" namespace: "${metadata.namespace ?? ''}" from "${m.source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\n` +
        `ensure the kind is one kctl serves: ${knownKindsList()}`,
    );
  }
  let namespace = '';
  if (info.namespaced) {
    if (metadata.namespace && namespaceExplicit && metadata.namespace !== defaultNamespace) {
      throw new CliError(
        `the namespace from the provided object "${metadata.namespace}" does not match the namespace "${defaultNamespace}". You must pass '--namespace=${metadata.namespace}' to perform this operation.`,
      );
    }
    namespace = metadata.namespace || defaultNamespace;
    metadata.namespace = namespace;
  } else {
    delete metadata.namespace;
  }
  if (!name && !metadata.generateName) {
    const group = info.group ? `${info.group}/` : '/';
    throw new CliError(
      `error when retrieving current configuration of:\nResource: "${group}${info.version}, Resource=${info.resource}", GroupVersionKind: "${group}${info.version}, Kind=${info.kind}"\nName: "", Namespace: "${namespace}"\nfrom server for: "${m.source}": resource name may not be empty`,
    );
  }
  return { info, object, name, namespace, source: m.source };
}
