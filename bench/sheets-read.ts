// Google Sheets polls on a 100,000-row sheet: `npm run bench -- sheets-read` (or
// `npx tsx bench/sheets-read.ts [rows]`). Counts the Sheets and Drive API requests each
// phase makes (token requests are not API quota) and the reader's peak RSS, with the key
// column the wizard proposes (Email) and without one. The emulator holds the sheet in this
// process; the connector reads it in a child process, so the peak RSS is the reader's alone.
// The target applies to the read; the peak after also turning the cursor into the JSON text
// the engine stores is printed beside it. BENCH_KEY_COLUMN=with (or without) runs one half.
import { spawn } from 'node:child_process';
import os from 'node:os';
import type { ConnectorContext } from '../connectors/sdk';
import { newRow } from '../connectors/google-sheets/triggers/new-row';
import { startGoogleEmulator } from '../tests/emulators/google';

const TARGETS = { unchanged: 1, newRows: 3, firstRead: 10, rssMb: 150 };
const HALVES = process.env.BENCH_KEY_COLUMN ?? 'both';

type Phase = 'start-now' | 'read' | 'read-everything';

interface ReaderJob {
  url: string;
  credentials: { serviceAccountKey: string };
  spreadsheetId: string;
  keyColumn: string | null;
  phase: Phase;
  cursor?: unknown;
}

interface ReaderResult {
  ms: number;
  items: number;
  cursorBytes: number;
  /** Peak RSS of the read, up to the cursor it hands back. */
  peakRssMb: number;
  /** Peak RSS once the cursor is also turned into the JSON text the engine stores. */
  storedPeakRssMb: number;
  /** RSS with the modules loaded, before reading: what the read adds is the difference. */
  baselineRssMb: number;
  /** null when the read changed nothing (an unchanged sheet keeps its cursor). */
  cursor: unknown;
}

/** Child side: one phase of the connector, reported as JSON on stdout. */
async function reader(job: ReaderJob): Promise<ReaderResult> {
  const baselineRssMb = Math.round(process.memoryUsage().rss / 1048576);
  const context: ConnectorContext = { stripeApiBase: 'http://127.0.0.1:9', googleApiBase: job.url };
  const options = { spreadsheetId: job.spreadsheetId, sheet: 'Leads', ...(job.keyColumn ? { keyColumn: job.keyColumn } : {}) };
  const started = performance.now();
  let items = 0;
  let cursor: unknown = null;
  if (job.phase === 'start-now') {
    cursor = await newRow.startCursor({ credentials: job.credentials, options, from: 'now', context });
  } else {
    const from =
      job.phase === 'read-everything'
        ? await newRow.startCursor({ credentials: job.credentials, options, from: 'beginning', context })
        : job.cursor;
    for await (const batch of newRow.read({ credentials: job.credentials, options, cursor: from, context })) {
      items += batch.items.filter((item) => !item.notSent).length;
      cursor = batch.cursor ?? cursor;
    }
  }
  const ms = Math.round(performance.now() - started);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  // What the engine does next with the cursor: JSON text, sent to PostgreSQL.
  const cursorBytes = cursor === null ? 0 : Buffer.byteLength(JSON.stringify(cursor));
  const storedPeakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return { ms, items, cursorBytes, peakRssMb, storedPeakRssMb, baselineRssMb, cursor };
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

async function measure(keyColumn: string | null, rows: number): Promise<boolean> {
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
  const job = { url: emulator.url, credentials: { serviceAccountKey: JSON.stringify(key) }, spreadsheetId, keyColumn };
  const apiCalls = () => emulator.requests.filter((r) => r.path.startsWith('/v4/') || r.path.startsWith('/drive/')).length;
  let ok = true;
  const phase = async (label: string, run: ReaderJob, items: number, maxCalls: number | null) => {
    const before = apiCalls();
    const result = await runChild(run);
    const calls = apiCalls() - before;
    const met = result.items === items && (maxCalls === null || calls <= maxCalls) && result.peakRssMb < TARGETS.rssMb;
    ok &&= met;
    const target = maxCalls === null ? '' : `target <= ${maxCalls} call${maxCalls === 1 ? '' : 's'}, `;
    console.log(
      `  ${label.padEnd(36)} ${String(calls).padStart(2)} API calls  ${String(result.items).padStart(6)} items  ` +
        `${String(result.ms).padStart(6)} ms  peak RSS ${result.peakRssMb} MB (loaded ${result.baselineRssMb}, ` +
        `${result.storedPeakRssMb} with the cursor as JSON)  ` +
        `cursor ${(result.cursorBytes / 1e6).toFixed(2)} MB  [${target}< ${TARGETS.rssMb} MB: ${met ? 'met' : 'NOT met'}]`,
    );
    return result;
  };

  console.log(keyColumn ? `With the key column "${keyColumn}" (the wizard's proposal):` : 'Without a key column:');
  const baseline = await phase('first enable ("from now on")', { ...job, phase: 'start-now' }, 0, TARGETS.firstRead);
  await phase('poll, sheet unchanged', { ...job, phase: 'read', cursor: baseline.cursor }, 0, TARGETS.unchanged);
  emulator.insertRows(spreadsheetId, 'Leads', Math.floor(rows / 2), [['middle@example.com', 'Mid', 'x', '1', 'pro']]);
  emulator.appendRows(
    spreadsheetId,
    'Leads',
    Array.from({ length: 99 }, (_, i) => [`new${i}@example.com`, 'New', 'y', '2', 'pro']),
  );
  await phase('poll after 100 new rows', { ...job, phase: 'read', cursor: baseline.cursor }, 100, TARGETS.newRows);
  await phase('full first read ("from the beginning")', { ...job, phase: 'read-everything' }, rows + 100, TARGETS.firstRead);
  await emulator.close();
  return ok;
}

async function main(): Promise<boolean> {
  const rows = Number(process.argv[2] ?? 100_000);
  console.log(
    `Google Sheets new-row polls, ${rows.toLocaleString('en')} rows x 5 columns, on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, ` +
      `Node ${process.versions.node}. Targets: unchanged ${TARGETS.unchanged} call, 100 new rows <= ${TARGETS.newRows}, ` +
      `full first read <= ${TARGETS.firstRead}, peak RSS < ${TARGETS.rssMb} MB.`,
  );
  const keyed = HALVES === 'without' ? null : await measure('Email', rows);
  const unkeyed = HALVES === 'with' ? null : await measure(null, rows);
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'all met' : 'NOT all met');
  console.log(
    `Targets with a key column: ${verdict(keyed)}. Without one (rows are then compared cell by cell, so the cursor ` +
      `keeps a 32-bit hash of each cell): ${verdict(unkeyed)}.`,
  );
  // The wizard proposes a key column; the exit status follows the targets measured with one.
  return keyed ?? unkeyed ?? true;
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
