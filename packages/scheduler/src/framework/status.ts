// Plugins answer with a Status, never by throwing: a code plus the reasons
// that end up, counted per node, in the FailedScheduling message.

export type StatusCode =
  /** The node fits (Filter) or the step worked. */
  | 'Success'
  /** The pod does not fit now but may after the cluster changes (preemption could help). */
  | 'Unschedulable'
  /** The pod does not fit and no change to other pods can make it (a label, a taint). */
  | 'UnschedulableAndUnresolvable'
  /** Something went wrong: the pod is retried with backoff. */
  | 'Error'
  /** PreFilter/PreScore: this plugin has nothing to do for the pod; its Filter/Score are skipped. */
  | 'Skip';

export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
  /** The plugin that answered (set by the framework). */
  readonly plugin?: string;
}

const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: Object.freeze([]) });
const SKIP: Status = Object.freeze({ code: 'Skip', reasons: Object.freeze([]) });

export const success = (): Status => SUCCESS;
export const skip = (): Status => SKIP;
export const unschedulable = (...reasons: string[]): Status => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons });
export const error = (...reasons: string[]): Status => ({ code: 'Error', reasons });

export const isSuccess = (s: Status): boolean => s.code === 'Success';
export const isRejection = (s: Status): boolean => s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable';

export function withPlugin(status: Status, plugin: string): Status {
  return status.plugin === plugin || status.code === 'Success' || status.code === 'Skip' ? status : { ...status, plugin };
}
