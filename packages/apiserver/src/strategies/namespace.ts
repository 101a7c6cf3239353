// Namespaces start Active. Deleting one marks it Terminating and leaves it in
// place while spec.finalizers holds it: the namespace controller empties it,
// then finalizes it.
import { isObject, KObject } from '@kctl/api';
import { Strategy } from '../registry/strategy';
import { kindRules, resourceInfo } from './rules';
import { statusSubresource } from './status';

const finalizersOf = (obj: KObject): unknown[] => {
  const spec = obj.spec;
  return isObject(spec) && Array.isArray(spec['finalizers']) ? spec['finalizers'] : [];
};

/** observe hears of every namespace write, so admission refuses content of a terminating one at once. */
export function namespaceStrategy(observe: (ns: KObject) => void): Strategy {
  return {
    ...kindRules('Namespace'),
    ...statusSubresource(resourceInfo('namespaces')),
    holdsDeletion: (obj) => finalizersOf(obj).length > 0,
    prepareForDeletion(obj) {
      obj.status = { ...(isObject(obj.status) ? obj.status : {}), phase: 'Terminating' };
    },
    afterUpdate: async (obj) => observe(obj),
  };
}
