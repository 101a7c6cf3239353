// Conditions by type, as every status with a conditions list keeps them.

export interface ConditionLike {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

export function getCondition<C extends { type: string }>(conditions: readonly C[] | undefined, type: string): C | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * The list with condition in place of the one of its type (appended when new).
 * The transition time stays when the status did not change.
 */
export function setCondition<C extends ConditionLike>(conditions: readonly C[] | undefined, condition: C): C[] {
  const current = getCondition(conditions, condition.type);
  const next = { ...condition };
  if (current && current.status === condition.status && current.lastTransitionTime) next.lastTransitionTime = current.lastTransitionTime;
  return [...(conditions ?? []).filter((c) => c.type !== condition.type), next];
}

/** The list without the condition of that type. */
export function removeCondition<C extends { type: string }>(conditions: readonly C[] | undefined, type: string): C[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}
