// The status subresource's rules, shared by the kinds that have one: a create
// starts from the kind's initial status, whatever the client sent; a spec
// update keeps the stored status.
import { initialStatus, KObject, ResourceInfo } from '@kctl/api';
import { Strategy } from '../registry/strategy';

export function resetStatus(info: ResourceInfo, obj: KObject): void {
  const status = initialStatus(info);
  if (status === undefined) delete obj.status;
  else obj.status = status;
}

export function keepStoredStatus(obj: KObject, old: KObject): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = old.status;
}

/** prepareForCreate and prepareForUpdate for a kind with a status subresource. */
export function statusSubresource(info: ResourceInfo): Pick<Strategy, 'prepareForCreate' | 'prepareForUpdate'> {
  return {
    prepareForCreate: (obj) => resetStatus(info, obj),
    prepareForUpdate: keepStoredStatus,
  };
}
