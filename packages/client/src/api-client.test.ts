// The client's deadlines and cancellation, against a gRPC server that takes
// calls and never answers them (the apiserver itself is tested elsewhere).
import * as grpc from '@grpc/grpc-js';
import { isCanceled, isTimeout, StatusError } from '@kctl/api';
import { ApiClient } from './api-client';
import { apiService } from './proto';

let server: grpc.Server;
let client: ApiClient;
/** What the server saw: "Get" when a call arrived, "Get cancelled" when it was cancelled. */
let seen: string[] = [];
let waiting: (() => void)[] = [];

function note(what: string): void {
  seen.push(what);
  for (const resolve of waiting.splice(0)) resolve();
}

function stall(method: string) {
  return (call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>): void => {
    note(method);
    call.on('cancelled', () => note(`${method} cancelled`));
  };
}

async function serverSaw(what: string): Promise<void> {
  while (!seen.includes(what)) await new Promise<void>((resolve) => waiting.push(resolve));
}

beforeAll(async () => {
  server = new grpc.Server();
  const handlers = Object.fromEntries(['Get', 'List', 'Create', 'Update', 'UpdateStatus', 'Patch', 'Delete', 'Watch'].map((m) => [m, stall(m)]));
  server.addService(apiService('Resources').service, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  client = new ApiClient({ server: `127.0.0.1:${port}`, timeoutMs: 60_000 });
});

afterAll(async () => {
  client.close();
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
});

beforeEach(() => {
  seen = [];
  waiting = [];
});

test('aborting a call rejects it with Canceled and cancels it on the server', async () => {
  const abort = new AbortController();
  const pending = client.get('pods', 'default', 'x', { signal: abort.signal }).catch((err: unknown) => err);
  await serverSaw('Get');
  abort.abort();
  const err = await pending;
  expect(err).toBeInstanceOf(StatusError);
  expect(isCanceled(err)).toBe(true);
  await serverSaw('Get cancelled');
});

test('an already aborted signal rejects without calling', async () => {
  const abort = new AbortController();
  abort.abort();
  expect(isCanceled(await client.list('pods', { signal: abort.signal }).catch((e: unknown) => e))).toBe(true);
  expect(isCanceled(await client.patch('pods', 'default', 'x', {}, { signal: abort.signal }).catch((e: unknown) => e))).toBe(true);
});

test('a per-call deadline answers Timeout and cancels the call on the server', async () => {
  const err = await client.delete('pods', 'default', 'x', { timeoutMs: 100 }).catch((e: unknown) => e);
  expect(isTimeout(err)).toBe(true);
  await serverSaw('Delete cancelled');
});

test('a watch ends with Canceled when its signal aborts, and the server sees the cancel', async () => {
  const abort = new AbortController();
  const stream = client.watch('pods', { signal: abort.signal });
  const iterate = (async (): Promise<unknown> => {
    for await (const ev of stream) void ev;
    return undefined;
  })().catch((e: unknown) => e);
  await serverSaw('Watch');
  abort.abort();
  expect(isCanceled(await iterate)).toBe(true);
  await serverSaw('Watch cancelled');
});

test('stop() ends a watch quietly', async () => {
  const stream = client.watch('pods', {});
  const iterate = (async (): Promise<number> => {
    let n = 0;
    for await (const ev of stream) n += ev ? 1 : 0;
    return n;
  })();
  await serverSaw('Watch');
  stream.stop();
  expect(await iterate).toBe(0);
});
