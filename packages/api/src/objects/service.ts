// Service port helpers: what a Service port means on a given pod.
import type { ContainerPort, PodObject, ServicePort } from './types';

/** The protocol of a port, TCP when unset (the default). */
export function portProtocol(port: { protocol?: string }): string {
  return port.protocol || 'TCP';
}

/**
 * The container port a Service port sends to on pod: a number as is, a name looked
 * up among the pod's container ports of the same protocol (as the endpoints
 * controller's FindPort). Undefined when the name is not found.
 */
export function resolveTargetPort(servicePort: ServicePort, pod: PodObject): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const protocol = portProtocol(servicePort);
  for (const container of pod.spec?.containers ?? []) {
    const found = (container.ports ?? []).find((p: ContainerPort) => p.name === target && portProtocol(p) === protocol);
    if (found) return found.containerPort;
  }
  return undefined;
}
