// A watch's gRPC server stream as a WatchSink, with one message in flight.
// grpc-js hands a server stream's queued messages to HTTP/2 one per write
// completion, so a stream fed one event per message by a busy apiserver falls
// behind by its whole queue (16 messages before it even reports full). Here the
// stream counts as full from a write until its completion: whatever arrives
// meanwhile waits in the watcher's backlog and goes out as the next message.
import type * as grpc from '@grpc/grpc-js';
import { KObject, WatchEvent } from '@kctl/api';
import { WatchSink } from './watcher';

interface WatchResponse {
  events: { type: string; objectJson: string }[];
}

export class StreamSink implements WatchSink {
  private inFlight = 0;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly call: grpc.ServerWritableStream<unknown, WatchResponse>,
    private readonly encode: (obj: KObject) => string,
    private readonly fail: (err: Error) => void,
  ) {}

  write(events: WatchEvent[]): boolean {
    this.inFlight++;
    this.call.write({ events: events.map((e) => ({ type: e.type, objectJson: this.encode(e.object) })) }, () => this.written());
    return this.inFlight === 0;
  }

  onDrain(callback: () => void): void {
    if (this.inFlight === 0) callback();
    else this.waiting.push(callback);
  }

  close(err?: Error): void {
    // A stream the client cancelled takes nothing more.
    if (this.call.cancelled) return;
    if (err) this.fail(err);
    else this.call.end();
  }

  private written(): void {
    this.inFlight--;
    if (this.inFlight > 0) return;
    for (const callback of this.waiting.splice(0)) callback();
  }
}
