// The PostgreSQL test server's databases (test/pg/cluster.ts): only `npm run test:postgres` runs this file.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTemplate, engineUnderTest, freshDatabase, serverUrl, withDatabase } from './cluster.js';

/** Runs `fn` with a client connected to `url`, then closes it. */
async function using<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
const tables = (url: string) =>
  using(url, async (c) => (await c.query("SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")).rows.map((r) => r.tablename));
const databaseExists = (name: string) => using(serverUrl(), async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

describe('the PostgreSQL test server', () => {
  it('is the engine under test', () => {
    expect(engineUnderTest()).toBe('postgres');
  });

  it('gives a fresh database that is empty', async () => {
    const url = await freshDatabase();
    expect(await tables(url)).toEqual([]);
    expect(await using(url, async (c) => (await c.query('SELECT current_database() AS d')).rows[0].d)).toBe(nameOf(url));
  });

  it('gives databases that are independent of each other', async () => {
    const [a, b] = [await freshDatabase(), await freshDatabase()];
    expect(a).not.toBe(b);
    await using(a, (c) => c.query('CREATE TABLE shops (slug text PRIMARY KEY)'));
    expect(await tables(a)).toEqual(['shops']);
    expect(await tables(b)).toEqual([]);
  });

  let leftOpen = '';
  it('drops a fresh database when the test ends, even with a connection still open', async () => {
    const url = await freshDatabase();
    leftOpen = nameOf(url);
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {}); // the drop ends its session
    await client.connect();
    expect(await databaseExists(leftOpen)).toBe(true);
  });

  it('has dropped that database once the next test starts', async () => {
    expect(leftOpen).not.toBe('');
    expect(await databaseExists(leftOpen)).toBe(false);
  });
});

describe('a template', () => {
  let prepared = 0;
  const shopsTemplate = () =>
    createTemplate('cluster_test', async (url) => {
      prepared++;
      await using(url, (c) => c.query("CREATE TABLE shops (slug text PRIMARY KEY); INSERT INTO shops VALUES ('fietsenmaker')"));
    });
  const slugs = (url: string) => using(url, async (c) => (await c.query('SELECT slug FROM shops ORDER BY 1')).rows.map((r) => r.slug));

  it('is prepared once and copied into each fresh database, which then goes its own way', async () => {
    const template = await shopsTemplate();
    expect(await shopsTemplate()).toBe(template);
    expect(prepared).toBeLessThanOrEqual(1); // 0 when an earlier file in this worker slot made it

    const [a, b] = [await freshDatabase({ template }), await freshDatabase({ template })];
    await using(a, (c) => c.query("INSERT INTO shops VALUES ('bakker')"));
    expect(await slugs(a)).toEqual(['bakker', 'fietsenmaker']);
    expect(await slugs(b)).toEqual(['fietsenmaker']);
    expect(await slugs(await freshDatabase({ template }))).toEqual(['fietsenmaker']);
  });

  it('takes no connections, so nobody can keep it from being copied', async () => {
    const template = await shopsTemplate();
    await expect(using(withDatabase(serverUrl(), template), async () => {})).rejects.toThrow(/not currently accepting connections/);
  });

  it('is ready even when its preparation left a connection open', async () => {
    const open: pg.Client[] = [];
    const template = await createTemplate('left_open', async (url) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      await client.query('CREATE TABLE sales (id bigint PRIMARY KEY)');
      open.push(client);
    });
    expect(await tables(await freshDatabase({ template }))).toEqual(['sales']);
    await Promise.all(open.map((c) => c.end().catch(() => {})));
  });

  it('is not kept when its preparation fails', async () => {
    await expect(createTemplate('broken', async () => Promise.reject(new Error('migration 3 failed')))).rejects.toThrow('migration 3 failed');
    const building = `%\\_build\\_${process.pid}\\_%`; // this worker's half-made templates
    const left = await using(serverUrl(), async (c) => (await c.query("SELECT datname FROM pg_database WHERE datname LIKE '%broken' OR datname LIKE $1", [building])).rows);
    expect(left).toEqual([]);
  });
});

describe('withDatabase', () => {
  it('swaps the database of a TCP or a socket URL and keeps the rest', () => {
    expect(withDatabase('postgres://u:p%40ss@localhost:5433/postgres', 'nd_1')).toBe('postgres://u:p%40ss@localhost:5433/nd_1');
    expect(withDatabase('postgres://u:p@/postgres?host=/var/run/postgresql&port=5433', 'nd_1')).toBe('postgres://u:p@/nd_1?host=/var/run/postgresql&port=5433');
    expect(withDatabase('postgresql://u@db', 'nd_1')).toBe('postgresql://u@db/nd_1');
  });
});
