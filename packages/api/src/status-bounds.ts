// Bounds what an error echoes back. A Status quotes what the client sent (names,
// selectors, field values); a client that sent 100 KB must not get 100 KB back in
// gRPC trailers, which transports cap at 8 KiB for all metadata together: a call
// whose trailers exceed that never completes, so the caller would not even learn
// that it failed.
import { Status, StatusCause } from './errors';

/** Longest message kept; a longer one keeps its head and tail around an ellipsis. */
export const MAX_MESSAGE_CHARS = 1024;
/** Longest name, field or cause message kept in details. */
export const MAX_DETAIL_CHARS = 256;
/** Causes kept in details; the message already summarises the rest. */
export const MAX_CAUSES = 20;
/** The Status as JSON travels base64-encoded (4/3 larger) in the `k8s-status-bin` trailer. */
export const MAX_STATUS_JSON_BYTES = 3 * 1024;
/** The message also travels percent-encoded in `grpc-message` (up to 9 bytes a character). */
export const MAX_MESSAGE_WIRE_BYTES = 2 * 1024;

const ELLIPSIS = '…';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces unpaired surrogates, which have no UTF-8 form (percent-encoding them throws). */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

const isLowSurrogate = (text: string, index: number): boolean => {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
};

/** Keeps at most max characters: two thirds from the head, the rest from the tail, an ellipsis between. */
export function truncateMiddle(text: string, max: number): string {
  const clean = wellFormed(text);
  if (clean.length <= max) return clean;
  const keep = Math.max(max - ELLIPSIS.length, 0);
  let headEnd = Math.ceil((keep * 2) / 3);
  let tailStart = clean.length - (keep - headEnd);
  // Never split a surrogate pair: drop the whole pair instead.
  if (isLowSurrogate(clean, headEnd)) headEnd--;
  if (isLowSurrogate(clean, tailStart)) tailStart++;
  return `${clean.slice(0, headEnd)}${ELLIPSIS}${clean.slice(tailStart)}`;
}

function shrink(status: Status, scale: number): Status {
  const detail = (text: string | undefined): string | undefined => (text === undefined ? undefined : truncateMiddle(String(text), Math.max(Math.floor(MAX_DETAIL_CHARS * scale), 8)));
  const out: Status = { ...status, message: truncateMiddle(String(status.message), Math.max(Math.floor(MAX_MESSAGE_CHARS * scale), 16)) };
  const details = status.details;
  if (details) {
    const causes = details.causes?.slice(0, Math.max(Math.floor(MAX_CAUSES * scale), 1)).map(
      (c): StatusCause => ({ field: detail(c.field) ?? '', reason: detail(c.reason) ?? '', message: detail(c.message) ?? '' }),
    );
    out.details = { name: detail(details.name), group: detail(details.group), kind: detail(details.kind), causes };
    for (const key of ['name', 'group', 'kind', 'causes'] as const) if (out.details[key] === undefined) delete out.details[key];
  }
  return out;
}

function fits(status: Status): boolean {
  return Buffer.byteLength(JSON.stringify(status)) <= MAX_STATUS_JSON_BYTES && encodeURI(status.message).length <= MAX_MESSAGE_WIRE_BYTES;
}

/**
 * The status with every echoed value bounded so that, encoded as gRPC trailers,
 * it stays well inside the 8 KiB metadata limit. Short statuses come back unchanged.
 */
export function boundedStatus(status: Status): Status {
  let bounded = shrink(status, 1);
  for (let scale = 0.5; !fits(bounded) && scale >= 1 / 64; scale /= 2) bounded = shrink(status, scale);
  return bounded;
}
