import type Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from './stripe';

export interface StartedStripeEmulator {
  emulator: StripeEmulator;
  /** Makes no retries of its own, so a test sees each answer the emulator gives. */
  stripe: Stripe;
}

/**
 * One Stripe emulator for a test file: started before its tests, emptied after each (so no
 * test reads what another left behind) and closed at the end. `started` receives it once it
 * listens, for the file to keep in its own variables.
 */
export function useStripeEmulator(started: (parts: StartedStripeEmulator) => void): void {
  let emulator: StripeEmulator | undefined;
  beforeAll(async () => {
    emulator = await startStripeEmulator();
    started({ emulator, stripe: emulator.client(undefined, { maxNetworkRetries: 0 }) });
  });
  afterEach(() => emulator?.reset());
  afterAll(() => emulator?.close());
}
