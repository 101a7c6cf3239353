// Working shapes of the objects the controllers handle: the kubernetes-types
// field typings on the KObject envelope (metadata always present, writable).
import type { KObject, OwnerReference } from '@kctl/api';
import type { DeploymentCondition, DeploymentSpec, DeploymentStatus, ReplicaSetCondition, ReplicaSetSpec, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { PodCondition, PodSpec, PodStatus, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';

export type Writable<T> = { -readonly [K in keyof T]: T[K] };

export type DeploymentObject = KObject & { spec: DeploymentSpec; status?: Writable<DeploymentStatus> };
export type ReplicaSetObject = KObject & { spec: ReplicaSetSpec; status?: Writable<ReplicaSetStatus> };
export type PodObject = KObject & { spec?: PodSpec; status?: Writable<PodStatus> };

export type {
  DeploymentCondition, DeploymentSpec, DeploymentStatus, LabelSelector, OwnerReference, PodCondition, PodSpec, PodStatus, PodTemplateSpec,
  ReplicaSetCondition, ReplicaSetSpec, ReplicaSetStatus,
};
