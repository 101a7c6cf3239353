// Test helper: raw gRPC calls to the apiserver, bypassing ApiClient's own
// checks, that report exactly what came back (code, Status trailer, sizes).
import * as grpc from '@grpc/grpc-js';
import { Status } from '@kctl/api';
import { apiService } from '@kctl/client';
import { Etcd3 } from 'etcd3';

export type UnaryMethod = 'Get' | 'List' | 'Create' | 'Update' | 'UpdateStatus' | 'Patch' | 'Delete';

export type RawAnswer =
  | { ok: true; response: unknown }
  | {
      ok: false;
      code: grpc.status;
      details: string;
      /** The Kubernetes Status from the `k8s-status-bin` trailer, when there was one. */
      status?: Status;
      /** Bytes the trailers took on the wire (Status base64-encoded, message percent-encoded). */
      trailerBytes: number;
    };

/** For a watch: the first thing the stream did. "registered" means it was accepted and is waiting for events. */
export type WatchAnswer = RawAnswer | { ok: true; response: 'registered' };

type Unary = (request: unknown, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, response: unknown) => void) => void;

function describeError(err: grpc.ServiceError): RawAnswer {
  const raw = err.metadata?.get('k8s-status-bin')[0];
  let status: Status | undefined;
  try {
    status = raw ? (JSON.parse(raw.toString()) as Status) : undefined;
  } catch {
    status = undefined;
  }
  const details = err.details ?? '';
  const trailerBytes = (raw ? Buffer.from(raw).toString('base64').length : 0) + encodeURI(details).length;
  return { ok: false, code: err.code, details, status, trailerBytes };
}

export class RawApi {
  private readonly client: grpc.Client;

  constructor(address: string, private readonly deadlineMs = 10_000) {
    this.client = new (apiService('Resources'))(address, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': 64 * 1024 * 1024, 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  }

  close(): void {
    this.client.close();
  }

  unary(method: UnaryMethod, request: unknown): Promise<RawAnswer> {
    const fn = (this.client as unknown as Record<string, Unary>)[method]!;
    return new Promise((resolve) => {
      fn.call(this.client, request, { deadline: Date.now() + this.deadlineMs }, (err, response) => resolve(err ? describeError(err) : { ok: true, response }));
    });
  }

  /** Starts a raw watch; the caller cancels it. */
  watch(request: unknown): grpc.ClientReadableStream<unknown> {
    return (this.client as unknown as Record<string, (req: unknown) => grpc.ClientReadableStream<unknown>>)['Watch']!.call(this.client, request);
  }

  /**
   * Starts a watch and reports its first outcome: an error, a first message, or
   * (checked with isRegistered, polled) that the server accepted and holds it. Then cancels it.
   */
  async watchOnce(request: unknown, isRegistered: () => boolean): Promise<WatchAnswer> {
    const call = this.watch(request);
    const answer = await new Promise<WatchAnswer>((resolve) => {
      let settled = false;
      const settle = (a: WatchAnswer): void => {
        if (!settled) resolve(a);
        settled = true;
      };
      call.on('data', (response: unknown) => settle({ ok: true, response }));
      call.on('error', (err: grpc.ServiceError) => settle(describeError(err)));
      call.on('end', () => settle({ ok: true, response: 'ended' }));
      const deadline = Date.now() + this.deadlineMs;
      const poll = (): void => {
        if (settled) return;
        if (isRegistered()) settle({ ok: true, response: 'registered' });
        else if (Date.now() > deadline) settle({ ok: false, code: grpc.status.DEADLINE_EXCEEDED, details: 'no answer from the watch', trailerBytes: 0 });
        else setTimeout(poll, 2);
      };
      poll();
    });
    call.cancel();
    return answer;
  }
}

/** The etcd store's current revision: a refused request must not move it. */
export async function etcdRevision(raw: Etcd3): Promise<number> {
  const res = await raw.kv.range({ key: Buffer.from('/'), limit: 1 });
  return Number(res.header.revision);
}
