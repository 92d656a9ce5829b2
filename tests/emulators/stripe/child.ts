// Entry point of startStripeProcess: runs one emulator and answers its parent's questions.
import { startStripeEmulator, type StripeEmulatorOptions } from './index';
import type { ChildCall } from './separate-process';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as StripeEmulatorOptions;
  const emulator = await startStripeEmulator(options);
  // The emulator compiles a request validator on its first use, a stall that would log the
  // requests arriving meanwhile as one bunch: compile the common ones before any is sent.
  const warmUp = emulator.client('sk_test_warm_up_4242');
  const customer = await warmUp.customers.create({ email: 'warm-up@example.com' });
  await warmUp.customers.list({ email: 'warm-up@example.com', limit: 1 });
  await warmUp.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'eur' });
  emulator.reset();
  emulator.faults.setLatency(options.latencyMs ?? 0);
  emulator.faults.setRateLimit(options.rateLimitPerSecond ?? null);
  process.on('message', (message) => {
    const { id, ...call } = message as { id: number } & ChildCall;
    let result: unknown = null;
    if (call.call === 'requests') result = emulator.requests;
    else if (call.call === 'list') result = emulator.list(call.kind);
    else if (call.call === 'setRateLimit') emulator.faults.setRateLimit(call.perSecond);
    else emulator.reset();
    process.send!({ id, result });
  });
  process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
  // The parent going away must not leave an emulator listening.
  process.on('disconnect', () => void emulator.close().then(() => process.exit(0)));
  process.send!({ url: emulator.url });
}

void main();
