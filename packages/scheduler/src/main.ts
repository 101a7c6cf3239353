#!/usr/bin/env node
// kctl-scheduler: watches unscheduled pods and binds them to nodes.
import { parseArgs } from 'util';
import { start } from './index';

const HELP = `Usage: kctl-scheduler [options]
  --server HOST:PORT                apiserver address (default 127.0.0.1:6443)
  --leader-elect[=true|false]       campaign for the kube-system/kube-scheduler lease
                                    and schedule only while holding it (default true)
  --identity NAME                   name in the lease and in events (default hostname_uuid)
  --leader-elect-lease-duration D   default 15s
  --leader-elect-renew-deadline D   default 10s
  --leader-elect-retry-period D     default 2s
  --scheduler-name NAME             schedule pods with this spec.schedulerName (default default-scheduler)
  --percentage-of-nodes-to-score N  0 = adaptive (default)
  --max-in-flight-binds N           default 64
Durations take ms, s or m suffixes (1500ms, 15s, 1m).`;

function duration(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!m) throw new Error(`${flag}: "${text}" is not a duration (e.g. 15s)`);
  const unit = m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000;
  return Number(m[1]) * unit;
}

function int(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`${flag}: "${text}" is not a whole number`);
  return Number(text);
}

/** parseArgs booleans take no value; accept kube's --leader-elect=false spelling too. */
function normalizeArgs(argv: string[]): string[] {
  return argv.map((arg) => {
    const m = /^--leader-elect=(true|false)$/.exec(arg);
    return m ? (m[1] === 'true' ? '--leader-elect' : '--no-leader-elect') : arg;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: normalizeArgs(process.argv.slice(2)),
    options: {
      server: { type: 'string', default: '127.0.0.1:6443' },
      'leader-elect': { type: 'boolean' },
      'no-leader-elect': { type: 'boolean' },
      identity: { type: 'string' },
      'leader-elect-lease-duration': { type: 'string' },
      'leader-elect-renew-deadline': { type: 'string' },
      'leader-elect-retry-period': { type: 'string' },
      'scheduler-name': { type: 'string' },
      'percentage-of-nodes-to-score': { type: 'string' },
      'max-in-flight-binds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const leaderElect = !values['no-leader-elect'];
  const log = (message: string): void => console.log(`${new Date().toISOString()} ${message}`);
  let stopping = false;
  // A signal before the caches synced ends the process at once: nothing is in flight yet.
  const early = (): void => process.exit(0);
  process.once('SIGTERM', early);
  process.once('SIGINT', early);
  log(`kctl-scheduler connecting to ${values.server}`);
  const handle = await start({
    server: values.server,
    identity: values.identity,
    schedulerName: values['scheduler-name'],
    percentageOfNodesToScore: int(values['percentage-of-nodes-to-score'], '--percentage-of-nodes-to-score'),
    maxInFlightBinds: int(values['max-in-flight-binds'], '--max-in-flight-binds'),
    leaderElection: leaderElect && {
      leaseDurationMs: duration(values['leader-elect-lease-duration'], '--leader-elect-lease-duration'),
      renewDeadlineMs: duration(values['leader-elect-renew-deadline'], '--leader-elect-renew-deadline'),
      retryPeriodMs: duration(values['leader-elect-retry-period'], '--leader-elect-retry-period'),
    },
    log,
  });
  process.off('SIGTERM', early);
  process.off('SIGINT', early);
  log(`kctl-scheduler ${handle.identity} synced${leaderElect ? ', campaigning for kube-system/kube-scheduler' : ''}`);
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    log('kctl-scheduler stopping');
    handle.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`kctl-scheduler: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  console.error(`kctl-scheduler: ${(err as Error).message}`);
  process.exit(1);
});
