// bench/sheets-write: 10,000 items into a Google Sheet through the real runner (`npm run
// bench -- sheets-write`, or BENCH_ITEMS=n). A webhook connection with its payloads in the
// inbox feeds Google Sheets "add row" (real Postgres, the real Sheets client, the Google
// emulator in this process with 20 ms of latency per request). Prints the run's time, the
// Google API requests it made by kind, rows per append, and the process's peak RSS (the
// emulator's copy of the sheet included). Target: at most 1 append per 200 rows, every
// item one row, none twice.
import { insertConnection, insertDeliveries } from '../tests/support/fixtures';
import { benchSheet, reportSheetRun, SHEET, timedRun, withSheetBench, type SheetBench } from './sheet-report';
import { runBench } from './support';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);

async function main(parts: SheetBench): Promise<boolean> {
  const { db, google } = parts;
  // Google's default quota: 60 requests a minute for this service account.
  const { workspaceId, spreadsheetId, googleAccountId } = await benchSheet(parts, {
    title: 'Sales',
    headers: ['Charge', 'Email', 'Amount', 'Currency', 'Created'],
  });
  const connectionId = await insertConnection(db, workspaceId, {
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    destination_connector: 'google-sheets',
    destination_action: 'add-row',
    destination_account_id: googleAccountId,
    destination_options: { spreadsheetId, sheet: SHEET },
    mapping: { Charge: '{{id}}', Email: '{{email}}', Amount: '{{amount}}', Currency: '{{currency}}', Created: '{{created}}' },
  });
  for (let from = 0; from < ITEMS; from += 2000) {
    const payloads = Array.from({ length: Math.min(2000, ITEMS - from) }, (_, i) => {
      const n = from + i;
      return {
        id: `ch_${String(n).padStart(8, '0')}`,
        email: `buyer${n}@example.com`,
        amount: n % 3 === 0 ? '1000' : '12.50',
        currency: n % 3 === 0 ? 'jpy' : 'usd',
        created: '2024-04-10 12:00:00',
      };
    });
    await insertDeliveries(db, connectionId, payloads, `bench-${from}`);
  }

  const measured = await timedRun({ db, workspaceId, connectionId, google });
  return reportSheetRun({
    ...measured,
    items: ITEMS,
    google,
    spreadsheetId,
    sheet: SHEET,
    rssNote: "engine and the emulator's sheet in one process",
  });
}

runBench(() => withSheetBench(main));
