// What the benchmarks that fill a sheet print: the run, its time, the Google requests by
// kind, rows per values.append against the target, duplicates, and the peak RSS.
import { connectors } from '../connectors';
import { enqueueRun, getRun } from '../engine/runs/repository';
import { KeyLocks } from '../engine/runner/key-locks';
import type { Db } from '../engine/store/db';
import { SessionLocks } from '../engine/store/session-locks';
import { createWorker } from '../engine/worker/worker';
import { startGoogleEmulator, type GoogleEmulator } from '../tests/emulators/google';
import { insertAccount, insertWorkspace, TEST_SECRET_KEY } from '../tests/support/fixtures';
import { benchDatabase, rssSampler } from './support';

export const TARGET_ROWS_PER_APPEND = 200;

/** The sheet both benchmarks fill. */
export const SHEET = 'Charges';

export interface SheetBench {
  db: Db;
  /** In this process, with 20 ms of latency per request. */
  google: GoogleEmulator;
}

/** Runs `bench` against a fresh database and the Google emulator; stops both after. */
export async function withSheetBench<T>(bench: (parts: SheetBench) => Promise<T>): Promise<T> {
  const database = await benchDatabase();
  const google = await startGoogleEmulator({ latencyMs: 20 });
  try {
    return await bench({ db: database.db, google });
  } finally {
    await google.close();
    await database.stop();
  }
}

/** A workspace whose Google account may edit a new spreadsheet with one sheet, `SHEET`, headed by `headers`. */
export async function benchSheet(
  { db, google }: SheetBench,
  args: { title: string; headers: string[] },
): Promise<{ workspaceId: string; spreadsheetId: string; googleAccountId: string }> {
  const workspaceId = await insertWorkspace(db, 'Bench');
  const key = google.createServiceAccount();
  const spreadsheetId = google.createSpreadsheet({
    title: args.title,
    sheets: { [SHEET]: [args.headers] },
    sharedWith: [key.client_email],
  });
  const googleAccountId = await insertAccount(db, workspaceId, 'google-sheets', { serviceAccountKey: JSON.stringify(key) });
  return { workspaceId, spreadsheetId, googleAccountId };
}

/** One manual run of a connection through the real worker, timed, with the peak RSS while it ran. */
export async function timedRun(args: {
  db: Db;
  workspaceId: string;
  connectionId: string;
  google: GoogleEmulator;
  stripeApiBase?: string;
}): Promise<{ run: SheetRunFigures['run']; seconds: number; peakRssMb: number }> {
  const deps = {
    db: args.db,
    registry: connectors,
    context: { stripeApiBase: args.stripeApiBase ?? 'http://127.0.0.1:9', googleApiBase: args.google.url },
    secretKey: TEST_SECRET_KEY,
    locks: new KeyLocks(SessionLocks.forDatabase(args.db)),
  };
  try {
    const rss = rssSampler();
    args.google.requests.length = 0;
    const started = performance.now();
    const run = (await enqueueRun(args.db, {
      workspaceId: args.workspaceId,
      connectionId: args.connectionId,
      trigger: 'manual',
    }))!;
    await createWorker(deps).drain();
    const seconds = (performance.now() - started) / 1000;
    rss.stop();
    return { run: (await getRun(args.db, run.id))!, seconds, peakRssMb: rss.peak() };
  } finally {
    await deps.locks.session.close();
  }
}

export interface SheetRunFigures {
  items: number;
  run: { status: string; items_sent: number; items_failed: number };
  seconds: number;
  google: GoogleEmulator;
  spreadsheetId: string;
  sheet: string;
  peakRssMb: number;
  /** Says what the RSS covers (which emulators share the process). */
  rssNote: string;
}

/** Prints the figures; true when the target is met and every item is one row. */
export function reportSheetRun(figures: SheetRunFigures): boolean {
  const { items, google } = figures;
  const api = google.requests.filter((r) => r.path.startsWith('/v4/') || r.path.startsWith('/drive/'));
  const appends = api.filter((r) => r.method === 'POST' && r.path.endsWith(':append')).length;
  const rows = google.rows(figures.spreadsheetId, figures.sheet).slice(1);
  const distinct = new Set(rows.map((row) => row[0])).size;
  const rowsPerAppend = appends > 0 ? items / appends : 0;
  console.log(`items: ${items}, run ${figures.run.status}: ${figures.run.items_sent} sent, ${figures.run.items_failed} failed`);
  console.log(`time: ${figures.seconds.toFixed(1)} s (${Math.round(items / figures.seconds)} rows/s)`);
  console.log(
    `Google API requests: ${api.length} (${appends} values.append, ${api.length - appends} other: ` +
      `${api
        .filter((r) => !r.path.endsWith(':append'))
        .map((r) => `${r.method} ${r.path.replace(/^\/v4\/spreadsheets\/[^/:]+/, '')}`)
        .join(', ')})`,
  );
  console.log(`rows per append: ${Math.round(rowsPerAppend)} (target >= ${TARGET_ROWS_PER_APPEND})`);
  console.log(`rows in the sheet: ${rows.length}, distinct first cells: ${distinct}`);
  console.log(`peak RSS: ${figures.peakRssMb} MB (${figures.rssNote})`);
  const met = rowsPerAppend >= TARGET_ROWS_PER_APPEND && rows.length === items && distinct === items;
  console.log(`target (<= 1 append per ${TARGET_ROWS_PER_APPEND} rows, every item once): ${met ? 'MET' : 'NOT MET'}`);
  return met;
}
