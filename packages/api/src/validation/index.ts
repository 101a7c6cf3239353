// validateObject: every check the apiserver runs on a write, by kind.
import { StatusCause } from '../errors';
import { ResourceInfo } from '../resources';
import { KObject } from '../types';
import { validateConfigMap, validateSecret } from './config';
import { validateObjectMeta } from './meta';
import { validateEvent, validateLease } from './misc';
import { validatePodSpec } from './pod';
import { validatePodUpdate } from './pod-update';
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
export { validatePodUpdate, POD_UPDATE_FORBIDDEN } from './pod-update';
export { validateLabelSelector } from './workloads';
export { base64Problem, MAX_CONFIG_SIZE } from './config';
export { SERVICE_TYPES, NODE_PORT_RANGE } from './service';

/** A kind's own checks (metadata is checked for every kind); old is set on update. */
export type KindValidator = (obj: KObject, old?: KObject) => StatusCause[];

const collect = (check: (errs: StatusCause[]) => void): StatusCause[] => {
  const errs: StatusCause[] = [];
  check(errs);
  return errs;
};

export const validatePod: KindValidator = (obj, old) =>
  collect((errs) => {
    validatePodSpec(obj['spec'], 'spec', errs);
    if (old) validatePodUpdate(obj, old, errs);
  });

/** Each kind's own checks, by kind name. Namespace (name rule only), Node and Endpoints need none beyond metadata. */
export const KIND_VALIDATORS: Readonly<Record<string, KindValidator>> = {
  Pod: validatePod,
  Deployment: (obj, old) => collect((errs) => validateDeployment(obj, old, errs)),
  ReplicaSet: (obj, old) => collect((errs) => validateReplicaSet(obj, old, errs)),
  Service: (obj) => collect((errs) => validateService(obj, errs)),
  ConfigMap: (obj) => collect((errs) => validateConfigMap(obj, errs)),
  Secret: (obj) => collect((errs) => validateSecret(obj, errs)),
  Lease: (obj) => collect((errs) => validateLease(obj, errs)),
  Event: (obj) => collect((errs) => validateEvent(obj, errs)),
};

/** The metadata checks every kind shares. */
export function validateMetadataOf(info: ResourceInfo, obj: KObject): StatusCause[] {
  return collect((errs) => validateObjectMeta(obj.metadata, { namespaced: info.namespaced, nameRule: info.nameRule }, errs));
}

/** Returns every problem found in obj, or [] when it is valid. old is set on update. */
export function validateObject(info: ResourceInfo, obj: KObject, old?: KObject): StatusCause[] {
  return [...validateMetadataOf(info, obj), ...(KIND_VALIDATORS[info.kind]?.(obj, old) ?? [])];
}
