// 100,000-row Google Sheet read: `npx tsx bench/sheets-read.ts [rows]`.
// The emulator holds the sheet in this process; the connector reads it in a child process
// so the peak RSS printed is the reader's alone (target < 150 MB).
import { spawn } from 'node:child_process';
import type { ConnectorContext, SourceItem } from '../connectors/sdk';
import { newRow } from '../connectors/google-sheets/triggers/new-row';
import { startGoogleEmulator } from '../tests/emulators/google';

const TARGET_RSS_MB = 150;

interface ReaderJob {
  url: string;
  credentials: { serviceAccountKey: string };
  spreadsheetId: string;
  phase: 'start-now' | 'read-new' | 'read-everything';
  cursor?: unknown;
}

interface ReaderResult {
  ms: number;
  items: number;
  cursorBytes: number;
  peakRssMb: number;
  /** RSS with the modules loaded, before reading: what the read adds is the difference. */
  baselineRssMb: number;
  cursor: unknown;
}

/** Child side: one phase of the connector, reported as JSON on stdout. */
async function reader(job: ReaderJob): Promise<ReaderResult> {
  const baselineRssMb = Math.round(process.memoryUsage().rss / 1048576);
  const context: ConnectorContext = { stripeApiBase: 'http://127.0.0.1:9', googleApiBase: job.url };
  const options = { spreadsheetId: job.spreadsheetId, sheet: 'Leads' };
  const started = performance.now();
  let items = 0;
  let cursor: unknown;
  if (job.phase === 'start-now') {
    cursor = await newRow.startCursor({ credentials: job.credentials, options, from: 'now', context });
  } else {
    const from =
      job.phase === 'read-everything'
        ? await newRow.startCursor({ credentials: job.credentials, options, from: 'beginning', context })
        : job.cursor;
    for await (const batch of newRow.read({ credentials: job.credentials, options, cursor: from, context })) {
      items += batch.items.filter((item: SourceItem) => item.key !== '').length;
      cursor = batch.cursor ?? cursor;
    }
  }
  const ms = Math.round(performance.now() - started);
  return {
    ms,
    items,
    cursorBytes: Buffer.byteLength(JSON.stringify(cursor)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineRssMb,
    cursor,
  };
}

function runChild(job: ReaderJob): Promise<ReaderResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename, '--reader'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as ReaderResult) : reject(new Error(`reader exited with ${code}`)),
    );
    child.stdin.end(JSON.stringify(job));
  });
}

async function main(): Promise<boolean> {
  const rows = Number(process.argv[2] ?? 100_000);
  const emulator = await startGoogleEmulator();
  const key = emulator.createServiceAccount('bench');
  const data = Array.from({ length: rows }, (_, i) => [
    `person${i}@example.com`,
    `Person ${i}`,
    `Street ${i}`,
    String(i % 97),
    'pro',
  ]);
  const spreadsheetId = emulator.createSpreadsheet({
    title: 'Bench',
    sheets: { Leads: [['Email', 'Name', 'Address', 'Group', 'Plan'], ...data] },
    sharedWith: [key.client_email],
  });
  const job = { url: emulator.url, credentials: { serviceAccountKey: JSON.stringify(key) }, spreadsheetId };
  const sheetRequests = () => emulator.requests.filter((request) => request.path.startsWith('/v4/')).length;
  let ok = true;
  const report = (label: string, result: ReaderResult, requests: number, expectedItems: number) => {
    const pass = result.peakRssMb < TARGET_RSS_MB && result.items === expectedItems;
    ok &&= pass;
    console.log(
      `${label.padEnd(34)} ${String(result.ms).padStart(6)} ms  ${String(requests).padStart(3)} requests  ` +
        `${String(result.items).padStart(6)} items  peak RSS ${result.peakRssMb} MB (loaded ${result.baselineRssMb})  cursor ${(result.cursorBytes / 1e6).toFixed(2)} MB  ${pass ? 'ok' : 'FAIL'}`,
    );
  };

  console.log(
    `Google Sheets new-row read, ${rows.toLocaleString('en')} rows, pages of 5,000 (target peak RSS < ${TARGET_RSS_MB} MB)`,
  );
  let before = sheetRequests();
  const baseline = await runChild({ ...job, phase: 'start-now' });
  report('first enable ("from now on")', baseline, sheetRequests() - before, 0);

  emulator.insertRows(spreadsheetId, 'Leads', Math.floor(rows / 2), [['middle@example.com', 'Mid', 'x', '1', 'pro']]);
  emulator.appendRows(
    spreadsheetId,
    'Leads',
    Array.from({ length: 99 }, (_, i) => [`new${i}@example.com`, 'New', 'y', '2', 'pro']),
  );
  before = sheetRequests();
  report(
    'poll after 100 new rows',
    await runChild({ ...job, phase: 'read-new', cursor: baseline.cursor }),
    sheetRequests() - before,
    100,
  );

  before = sheetRequests();
  report(
    'every row ("from the beginning")',
    await runChild({ ...job, phase: 'read-everything' }),
    sheetRequests() - before,
    rows + 100,
  );
  await emulator.close();
  return ok;
}

if (process.argv.includes('--reader')) {
  let input = '';
  process.stdin.on('data', (chunk: Buffer) => (input += chunk.toString()));
  process.stdin.on('end', () => {
    const job = JSON.parse(input) as ReaderJob;
    // The engine gets a cursor already parsed from the database; the job's text is not
    // the reader's to hold.
    input = '';
    reader(job).then(
      (result) => process.stdout.write(JSON.stringify(result)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
} else {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
