import knex, { Knex } from 'knex';
import pg from 'pg';

// Return bigint counts and ids as numbers: none of ours comes near 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Db = Knex;

export function connect(databaseUrl: string, options: { poolMax?: number } = {}): Db {
  return knex({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: 0, max: options.poolMax ?? 10 },
  });
}

export async function databaseVersion(db: Db): Promise<string> {
  const result = await db.raw<{ rows: Array<{ server_version: string }> }>('show server_version');
  return result.rows[0]?.server_version ?? 'unknown';
}
