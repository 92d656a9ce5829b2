// The Stripe emulator in a process of its own, for tests and benchmarks whose own process
// is busy (workers, polling, a big heap to collect): requests are stamped on arrival by an
// event loop that does nothing else, so the request log shows when they really arrived.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { StripeEmulatorOptions, StripeObjectKind } from './index';
import type { LoggedRequest } from './pipeline';
import type { StripeObject } from './store';

const ROOT = path.resolve(__dirname, '../../..');
// The product's own Node 24, named explicitly: jest may run on another Node.
const NODE = path.join(ROOT, 'node_modules/.bin/node');

export type ChildCall =
  | { call: 'requests' }
  | { call: 'list'; kind: StripeObjectKind }
  | { call: 'setRateLimit'; perSecond: number | null }
  | { call: 'reset' };

export interface StripeProcess {
  url: string;
  /** The emulator's process id (benchmarks read its CPU time). */
  pid: number;
  requests(): Promise<LoggedRequest[]>;
  list(kind: StripeObjectKind): Promise<StripeObject[]>;
  setRateLimit(perSecond: number | null): Promise<void>;
  /** Forgets objects, the request log and faults (latency and rate limit included). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startStripeProcess(options: StripeEmulatorOptions = {}): Promise<StripeProcess> {
  const child: ChildProcess = fork(path.join(__dirname, 'child.ts'), [JSON.stringify(options)], {
    execPath: NODE,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (value: unknown) => void>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`The Stripe emulator process exited (${code}) before listening.`)));
  });
  child.on('message', (message) => {
    const { id, result } = message as { id: number; result: unknown };
    pending.get(id)?.(result);
    pending.delete(id);
  });
  const ask = <T>(call: ChildCall) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (value: unknown) => void);
      child.send({ id, ...call });
    });
  return {
    url,
    pid: child.pid!,
    requests: () => ask<LoggedRequest[]>({ call: 'requests' }),
    list: (kind) => ask<StripeObject[]>({ call: 'list', kind }),
    setRateLimit: (perSecond) => ask<void>({ call: 'setRateLimit', perSecond }),
    reset: () => ask<void>({ call: 'reset' }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
