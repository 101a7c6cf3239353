// Working shapes of the objects components handle: kubernetes-types field
// typings on the KObject envelope (metadata always present, status writable,
// since kubernetes-types marks server-set status fields read-only).
import type { DeploymentCondition, DeploymentSpec, DeploymentStatus, ReplicaSetCondition, ReplicaSetSpec, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type {
  ContainerPort, EndpointSubset, NodeCondition, NodeSelectorRequirement, NodeSelectorTerm, NodeSpec, NodeStatus, PodCondition, PodSpec, PodStatus,
  PodTemplateSpec, ServicePort, ServiceSpec, ServiceStatus, Taint, Toleration,
} from 'kubernetes-types/core/v1';
import type { LeaseSpec } from 'kubernetes-types/coordination/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KObject } from '../types';

export type Writable<T> = { -readonly [K in keyof T]: T[K] };

export type PodObject = KObject & { spec?: PodSpec; status?: Writable<PodStatus> };
export type NodeObject = KObject & { spec?: NodeSpec; status?: Writable<NodeStatus> };
export type LeaseObject = KObject & { spec?: Writable<LeaseSpec> };
export type ServiceObject = KObject & { spec?: ServiceSpec; status?: Writable<ServiceStatus> };
export type EndpointsObject = KObject & { subsets?: EndpointSubset[] };
export type DeploymentObject = KObject & { spec: DeploymentSpec; status?: Writable<DeploymentStatus> };
export type ReplicaSetObject = KObject & { spec: ReplicaSetSpec; status?: Writable<ReplicaSetStatus> };

export type {
  ContainerPort, DeploymentCondition, DeploymentSpec, DeploymentStatus, EndpointSubset, LabelSelector, LeaseSpec, NodeCondition, NodeSelectorRequirement,
  NodeSelectorTerm, NodeSpec, NodeStatus, PodCondition, PodStatus, PodTemplateSpec, ReplicaSetCondition, ReplicaSetSpec, ReplicaSetStatus,
  ServicePort, ServiceSpec, ServiceStatus, Taint, Toleration,
};
