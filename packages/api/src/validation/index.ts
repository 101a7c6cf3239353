// validateObject: every check the apiserver runs on a write, by kind.
import { StatusCause } from '../errors';
import { ResourceInfo } from '../resources';
import { KObject } from '../types';
import { validateConfigMap, validateSecret } from './config';
import { validateObjectMeta } from './meta';
import { validateEvent, validateLease } from './misc';
import { validatePodSpec } from './pod';
import { validateService } from './service';
import { validateDeployment, validateReplicaSet } from './workloads';

export {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
} from './names';
export { validateObjectMeta, validateLabels, validateAnnotations, validateLabelsAndAnnotations, nameValidatorFor, TOTAL_ANNOTATION_SIZE_LIMIT } from './meta';
export { validatePodSpec, validatePodTemplateSpec, validatePortNumOrName } from './pod';
export { validateLabelSelector } from './workloads';
export { base64Problem, MAX_CONFIG_SIZE } from './config';
export { SERVICE_TYPES, NODE_PORT_RANGE } from './service';

/** Returns every problem found in obj, or [] when it is valid. old is set on update. */
export function validateObject(info: ResourceInfo, obj: KObject, old?: KObject): StatusCause[] {
  const errs: StatusCause[] = [];
  const o: Record<string, unknown> = obj;
  validateObjectMeta(o['metadata'], { namespaced: info.namespaced, nameRule: info.nameRule }, errs);
  switch (info.kind) {
    case 'Pod':
      validatePodSpec(o['spec'], 'spec', errs);
      break;
    case 'Deployment':
      validateDeployment(o, old, errs);
      break;
    case 'ReplicaSet':
      validateReplicaSet(o, old, errs);
      break;
    case 'Service':
      validateService(o, errs);
      break;
    case 'ConfigMap':
      validateConfigMap(o, errs);
      break;
    case 'Secret':
      validateSecret(o, errs);
      break;
    case 'Lease':
      validateLease(o, errs);
      break;
    case 'Event':
      validateEvent(o, errs);
      break;
    default:
      // Namespace (name rule only), Node, Endpoints: metadata checks suffice.
      break;
  }
  return errs;
}
