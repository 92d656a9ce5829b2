import { createTestDatabase, TestDatabase } from '../support/database';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

async function seedConnection(db: TestDatabase['db']): Promise<{ workspaceId: string; connectionId: string }> {
  const [workspace] = await db('workspaces').insert({ name: 'Acme' }).returning('id');
  const [connection] = await db('connections')
    .insert({
      workspace_id: workspace.id,
      name: 'Leads -> customers',
      source_connector: 'webhook',
      source_trigger: 'new-payload',
      destination_connector: 'stripe',
      destination_action: 'create-customer',
    })
    .returning('id');
  return { workspaceId: workspace.id, connectionId: connection.id };
}

describe('the core schema', () => {
  it('records an item in the ledger only once per connection', async () => {
    const { connectionId } = await seedConnection(test.db);
    await test.db('ledger').insert({ connection_id: connectionId, item_key: 'row-1', destination_object_id: 'cus_1' });
    await expect(
      test.db('ledger').insert({ connection_id: connectionId, item_key: 'row-1', destination_object_id: 'cus_2' }),
    ).rejects.toThrow(/duplicate key/);
  });

  it('refuses a second active run for the same connection', async () => {
    const { workspaceId, connectionId } = await seedConnection(test.db);
    await test.db('runs').insert({ workspace_id: workspaceId, connection_id: connectionId, trigger: 'manual' });
    await expect(
      test.db('runs').insert({ workspace_id: workspaceId, connection_id: connectionId, trigger: 'manual' }),
    ).rejects.toThrow(/runs_one_active_per_connection/);
  });

  it('refuses to delete an account that a connection uses', async () => {
    const { workspaceId, connectionId } = await seedConnection(test.db);
    const [account] = await test
      .db('accounts')
      .insert({ workspace_id: workspaceId, connector: 'stripe', name: 'Test', credentials_encrypted: 'x', hint: 'sk_test_...' })
      .returning('id');
    await test.db('connections').where({ id: connectionId }).update({ destination_account_id: account.id });
    await expect(test.db('accounts').where({ id: account.id }).delete()).rejects.toThrow(/foreign key/);
  });
});
