import fs from 'node:fs';
import path from 'node:path';
import { startGoogleEmulator } from './google';
import { DEFAULT_TEST_KEY, startStripeEmulator } from './stripe';

// `npm run emulators`: both emulators on fixed local ports with a demo spreadsheet, so
// anyone can try the whole product without a Stripe or Google account.
const STRIPE_PORT = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
const GOOGLE_PORT = Number(process.env.GOOGLE_EMULATOR_PORT ?? 12112);

async function main(): Promise<void> {
  const stripe = await startStripeEmulator({ port: STRIPE_PORT });
  const google = await startGoogleEmulator({ port: GOOGLE_PORT });
  const serviceAccount = google.createServiceAccount('tributary-demo');
  const spreadsheetId = google.createSpreadsheet({
    title: 'Leads (demo)',
    sheets: {
      Leads: [
        ['Email', 'First name', 'Last name', 'Amount', 'Currency'],
        ['ann@example.com', 'Ann', 'Lee', '49.00', 'eur'],
        ['bob@example.com', 'Bob', 'Stone', '1,250.50', 'usd'],
      ],
    },
  });
  google.grantAccess(spreadsheetId, serviceAccount.client_email);
  const keyFile = path.resolve('.tributary', 'emulator-service-account.json');
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  fs.writeFileSync(keyFile, JSON.stringify(serviceAccount, null, 2), { mode: 0o600 });

  console.log(`Stripe emulator:  ${stripe.url}   (any key like ${DEFAULT_TEST_KEY})`);
  console.log(`Google emulator:  ${google.url}   (demo spreadsheet "Leads (demo)", id ${spreadsheetId})`);
  console.log(`Service-account key for the wizard: ${keyFile}`);
  console.log('\nStart Tributary against them in another terminal:\n');
  console.log(`  STRIPE_API_BASE=${stripe.url} GOOGLE_API_BASE=${google.url} npm start\n`);
  console.log('Add rows while it runs: the emulator keeps everything in memory until you stop it (Ctrl-C).');

  const stop = async () => {
    await Promise.all([stripe.close(), google.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`The emulators could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
