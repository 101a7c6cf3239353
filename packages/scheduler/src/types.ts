// What only the scheduler decides about a pod: whose it is to place. The object
// shapes and pod helpers come from @kctl/api.
import { isPodAssigned, isPodTerminal, PodObject } from '@kctl/api';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** A pod this scheduler should place: ours by schedulerName, not placed, not being deleted, not finished. */
export function isSchedulable(pod: PodObject, schedulerName = DEFAULT_SCHEDULER_NAME): boolean {
  const name = pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME;
  return name === schedulerName && !isPodAssigned(pod) && !pod.metadata.deletionTimestamp && !isPodTerminal(pod);
}
