import { LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let api: TestApi;
let owner: LoggedIn;
beforeAll(async () => {
  api = await startTestApi();
  owner = await setupOwner(api.app);
});
afterAll(async () => {
  await api.drop();
});

async function insertConnections(count: number, createdAt?: Date): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, n) => ({
    workspace_id: owner.workspaceId,
    name: `Hook ${n}`,
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    ...(createdAt ? { created_at: createdAt } : {}),
  }));
  const ids: string[] = [];
  for (let at = 0; at < rows.length; at += 1000) {
    const inserted = await api.database
      .db('connections')
      .insert(rows.slice(at, at + 1000))
      .returning<Array<{ id: string }>>('id');
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}

async function readAll(path: string, key: string, limit: number) {
  const pages: Array<{ items: Array<{ id: string }>; bytes: number }> = [];
  let cursor: string | null = null;
  do {
    const response: { body: Record<string, unknown>; text: string } = await owner
      .get(`${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
      .expect(200);
    pages.push({ items: response.body[key] as Array<{ id: string }>, bytes: response.text.length });
    cursor = response.body.nextCursor as string | null;
  } while (cursor && pages.length < 100);
  return pages;
}

test('3,000 connections (saved in the same instant) come 50 to a page by default, and paging reads each exactly once', async () => {
  const ids = await insertConnections(3000);

  const first = await owner.get('/api/connections').expect(200);
  const pages = await readAll('/api/connections', 'connections', 200);
  const seen = pages.flatMap((page) => page.items.map((c) => c.id));

  expect(first.body.connections).toHaveLength(50);
  expect(first.body.nextCursor).toEqual(expect.any(String));
  expect(first.text.length).toBeLessThan(60_000);
  expect(pages).toHaveLength(15);
  expect(new Set(seen).size).toBe(3000);
  expect([...seen].sort()).toEqual([...ids].sort());
});

test('runs come newest first in pages; runs queued in the same microsecond are neither repeated nor skipped', async () => {
  const [connectionId] = await insertConnections(1);
  const sameMoment = new Date('2026-11-01T09:00:00.123Z');
  const runs = Array.from({ length: 120 }, (_, n) => ({
    workspace_id: owner.workspaceId,
    connection_id: connectionId,
    trigger: 'manual',
    status: 'succeeded',
    queued_at: n < 100 ? sameMoment : new Date(sameMoment.getTime() + n * 1000),
  }));
  await api.database.db('runs').insert(runs);

  const pages = await readAll(`/api/connections/${connectionId}/runs`, 'runs', 50);
  const seen = pages.flatMap((page) => page.items) as Array<{ id: string; queuedAt: string }>;

  expect(pages.map((page) => page.items.length)).toEqual([50, 50, 20]);
  expect(new Set(seen.map((run) => run.id)).size).toBe(120);
  const times = seen.map((run) => Date.parse(run.queuedAt));
  expect([...times].sort((a, b) => b - a)).toEqual(times);
});

test("a run's items come 100 to a page by default, in the order recorded, each exactly once, also filtered by status", async () => {
  const [connectionId] = await insertConnections(1);
  const [run] = await api.database
    .db('runs')
    .insert({ workspace_id: owner.workspaceId, connection_id: connectionId, trigger: 'manual', status: 'partial' })
    .returning<Array<{ id: string }>>('id');
  const statusOf = (n: number) => (n % 5 === 0 ? 'failed' : 'sent');
  await api.database.db('run_items').insert(
    Array.from({ length: 250 }, (_, n) => ({
      run_id: run!.id,
      connection_id: connectionId,
      item_key: `row-${n}`,
      status: statusOf(n),
      source: { n },
    })),
  );

  const first = await owner.get(`/api/runs/${run!.id}/items`).expect(200);
  expect(first.body.items).toHaveLength(100);
  const pages = await readAll(`/api/runs/${run!.id}/items`, 'items', 100);
  const keys = pages.flatMap((page) => page.items as unknown as Array<{ itemKey: string }>).map((item) => item.itemKey);
  expect(pages.map((page) => page.items.length)).toEqual([100, 100, 50]);
  expect(keys).toEqual(Array.from({ length: 250 }, (_, n) => `row-${n}`));

  const failed: string[] = [];
  let cursor: string | null = null;
  do {
    const response: { body: { items: Array<{ itemKey: string; status: string }>; nextCursor: string | null } } = await owner
      .get(`/api/runs/${run!.id}/items?status=failed&limit=20${cursor ? `&cursor=${cursor}` : ''}`)
      .expect(200);
    expect(response.body.items.every((item) => item.status === 'failed')).toBe(true);
    failed.push(...response.body.items.map((item) => item.itemKey));
    cursor = response.body.nextCursor;
  } while (cursor);
  expect(failed).toEqual(Array.from({ length: 50 }, (_, n) => `row-${n * 5}`));
});

test('a cursor the API did not give out is refused with 400 naming the cursor', async () => {
  const response = await owner.get('/api/connections?cursor=bm90LWEtY3Vyc29y').expect(400);
  expect(response.body.error.details.fields).toEqual([expect.objectContaining({ field: 'cursor' })]);
});

test('the OpenAPI document describes limit, cursor and nextCursor of each list', async () => {
  const doc = (await owner.get('/api/openapi.json').expect(200)).body;
  for (const path of ['/api/connections', '/api/connections/{id}/runs', '/api/runs/{id}/items']) {
    const list = doc.paths[path].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
    expect(list.responses['200'].content['application/json'].schema.required).toContain('nextCursor');
  }
});
