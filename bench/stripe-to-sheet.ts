// bench/stripe-to-sheet: 10,000 Stripe charges into a Google Sheet through the Stripe source
// (`npm run bench -- stripe-to-sheet`, or BENCH_ITEMS=n). A connection "Stripe charges
// (new-object, from the beginning) -> Google Sheets add-row" runs once through the real
// runner: real Postgres, the real stripe and Sheets clients, the Stripe emulator in a
// process of its own (its objects are not in our RSS), the Google emulator in this one with
// 20 ms of latency per request. A third of the charges are in yen, so the Amount column
// shows both kinds of major units. Prints time, Stripe and Google requests, rows per append
// and peak RSS. Target (issue #13): at most 1 append per 200 rows, every charge one row.
import { startStripeProcess } from '../tests/emulators/stripe/separate-process';
import { insertAccount, insertConnection } from '../tests/support/fixtures';
import { benchSheet, reportSheetRun, SHEET, timedRun, withSheetBench, type SheetBench } from './sheet-report';
import { runBench } from './support';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const SEED_CHUNK = 5000;

/** `count` charges of one currency, made in the emulator as Stripe would have them. */
async function seedCharges(url: string, count: number, fields: { amount: number; currency: string }): Promise<void> {
  for (let made = 0; made < count; made += SEED_CHUNK) {
    const response = await fetch(`${url}/_emulator/objects`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'charge', count: Math.min(SEED_CHUNK, count - made), fields }),
    });
    if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  }
}

async function main(parts: SheetBench): Promise<boolean> {
  const { db, google } = parts;
  const stripe = await startStripeProcess();
  try {
    const yen = Math.floor(ITEMS / 3);
    await seedCharges(stripe.url, ITEMS - yen, { amount: 1250, currency: 'usd' });
    await seedCharges(stripe.url, yen, { amount: 1000, currency: 'jpy' });

    const { workspaceId, spreadsheetId, googleAccountId } = await benchSheet(parts, {
      title: 'Stripe report',
      headers: ['Charge', 'Amount', 'Currency', 'Created', 'Status'],
    });
    const stripeAccount = await insertAccount(db, workspaceId, 'stripe', { secretKey: 'sk_test_benchStripeToSheet' });
    const connectionId = await insertConnection(db, workspaceId, {
      source_connector: 'stripe',
      source_trigger: 'new-object',
      source_account_id: stripeAccount,
      source_options: { object: 'charges', startFrom: 'beginning' },
      destination_connector: 'google-sheets',
      destination_action: 'add-row',
      destination_account_id: googleAccountId,
      destination_options: { spreadsheetId, sheet: SHEET },
      mapping: {
        Charge: '{{id}}',
        Amount: '{{amount_major}}',
        Currency: '{{currency}}',
        Created: '{{created_iso}}',
        Status: '{{status}}',
      },
    });

    const stripeBefore = (await stripe.requests()).length;
    const measured = await timedRun({ db, workspaceId, connectionId, google, stripeApiBase: stripe.url });
    const stripeRequests = (await stripe.requests()).length - stripeBefore;
    console.log(`Stripe API requests: ${stripeRequests} (list pages of up to 100)`);
    const met = reportSheetRun({
      ...measured,
      items: ITEMS,
      google,
      spreadsheetId,
      sheet: SHEET,
      rssNote: "engine and the Google emulator's sheet in one process; the Stripe emulator runs in its own",
    });
    const amounts = new Set(
      google
        .rows(spreadsheetId, SHEET)
        .slice(1)
        .map((row) => `${row[1]} ${row[2]}`),
    );
    console.log(`amounts in the sheet: ${[...amounts].sort().join(', ')} (major units: 12.5 usd, 1000 jpy)`);
    return met;
  } finally {
    await stripe.close();
  }
}

runBench(() => withSheetBench(main));
