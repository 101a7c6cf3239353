// Helpers for NormalizeScore.
import { MAX_NODE_SCORE } from './interfaces';

/** Maps counts where less is better onto 100 (none) .. 0 (the most). */
export function reverseNormalize(scores: number[]): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max - scores[i]!)) / max);
}

/** Maps scores where more is better onto 0..100 relative to the highest. */
export function defaultNormalize(scores: number[]): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? 0 : Math.trunc((MAX_NODE_SCORE * scores[i]!) / max);
}
