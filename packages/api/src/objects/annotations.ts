// Well-known annotation and label keys that several components read or write.

/** The revision of a Deployment and of each of its ReplicaSets. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Earlier revisions a ReplicaSet stood for (when a rollback reused it). */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';
/** Label the Deployment controller puts on its ReplicaSets and pods. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** A static pod's mirror in the apiserver. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
