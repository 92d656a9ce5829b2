// The new-row properties end to end (issue 10): random sheet histories edited in the Google
// emulator, each followed by a run of the real runner into the Stripe emulator. Few runs:
// the in-memory properties (tests/unit/google-sheets) cover thousands of histories.
import fc from 'fast-check';
import { apply, content, expectNoneLeftOut, HEADER, histories, isBlank, type Row } from '../../support/sheet-histories';
import { runOnce } from './harness';
import { customerEmails, sheetConnection, sheetsHarness } from './sheet-connection';

const env = sheetsHarness('all');

const keysOf = (rows: Row[]) => rows.map((r) => (r[0] ?? '').trim()).filter((key) => key !== '');

test('with a key column, Stripe gets one customer for each key never seen before, and no other', async () => {
  await fc.assert(
    fc.asyncProperty(histories(3), async (history) => {
      env.h.stripe.reset();
      let rows = history.initial;
      const { connectionId, spreadsheetId } = await sheetConnection(env.h, env.google, [HEADER, ...rows], {
        startFrom: history.startFrom,
        keyColumn: 'Email',
      });
      await runOnce(env.h, connectionId);
      const expected = new Set(history.startFrom === 'beginning' ? keysOf(rows) : []);
      const seen = new Set(keysOf(rows));
      for (const step of history.steps) {
        for (const change of step) rows = apply(rows, change);
        env.google.setRows(spreadsheetId, 'Leads', [HEADER, ...rows]);
        await runOnce(env.h, connectionId);
        for (const key of keysOf(rows)) if (!seen.has(key)) expected.add(key);
        for (const key of keysOf(rows)) seen.add(key);
      }
      expect(customerEmails(env.h)).toEqual([...expected].sort());
    }),
    { numRuns: 3 },
  );
});

test('without a key column, every row whose content was never in the sheet is sent or listed as not sent', async () => {
  await fc.assert(
    fc.asyncProperty(histories(3), async (history) => {
      let rows = history.initial;
      const { connectionId, spreadsheetId } = await sheetConnection(env.h, env.google, [HEADER, ...rows], {
        startFrom: history.startFrom,
      });
      await runOnce(env.h, connectionId);
      const seen = new Set(rows.filter((r) => !isBlank(r)).map(content));
      for (const step of history.steps) {
        for (const change of step) rows = apply(rows, change);
        env.google.setRows(spreadsheetId, 'Leads', [HEADER, ...rows]);
        const run = await runOnce(env.h, connectionId);
        const items = (await env.h.database.db('run_items').where({ run_id: run.id })) as Array<{
          status: string;
          note: unknown;
          source: Record<string, string>;
        }>;
        const listed = items
          .filter((item) => item.status === 'sent' || (item.status === 'skipped' && item.note !== null))
          .map((item) => content(HEADER.map((name) => String(item.source[name] ?? ''))));
        expectNoneLeftOut(rows, seen, listed);
      }
    }),
    { numRuns: 3 },
  );
});
