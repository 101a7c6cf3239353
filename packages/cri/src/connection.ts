// One gRPC channel to a CRI runtime over its unix socket. Every call carries a
// deadline, and failures leave here as typed CriErrors.
import * as grpc from '@grpc/grpc-js';
import { criMethod, CriServiceName } from './proto';
import { CriError, fromCriGrpcError } from './errors';

/** The kubelet's default runtime request timeout is 2 minutes. */
export const DEFAULT_CRI_TIMEOUT_MS = 120_000;
/** Kubernetes' CRI clients accept messages up to 16 MiB. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface CriConnectionOptions {
  /** Path of the runtime's socket, e.g. /run/containerd/containerd.sock. */
  socket: string;
  /** Deadline of calls that do not give their own. Default 2 min. */
  timeoutMs?: number;
}

export interface CallOptions {
  timeoutMs?: number;
  /** What the call is about, for NotFound messages: e.g. { kind: 'container', name: id }. */
  subject?: { kind: string; name: string };
}

export class CriConnection {
  readonly socket: string;
  private readonly client: grpc.Client;
  private readonly timeoutMs: number;

  constructor(options: CriConnectionOptions) {
    this.socket = options.socket;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CRI_TIMEOUT_MS;
    this.client = new grpc.Client(`unix://${options.socket}`, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    });
  }

  /** Calls service/method once with a deadline; rejects with a CriError. */
  call<Res>(service: CriServiceName, method: string, request: object, options: CallOptions = {}): Promise<Res> {
    const def = criMethod(service, method);
    const deadline = new Date(Date.now() + (options.timeoutMs ?? this.timeoutMs));
    return new Promise<Res>((resolve, reject) => {
      this.client.makeUnaryRequest(
        def.path,
        def.requestSerialize,
        def.responseDeserialize,
        request,
        new grpc.Metadata(),
        { deadline },
        (err: grpc.ServiceError | null, value?: object) => {
          if (err) reject(fromCriGrpcError(err, method, options.subject));
          else if (value === undefined) reject(new CriError('InternalError', `${method}: empty response`, method, grpc.status.INTERNAL));
          else resolve(value as Res);
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
