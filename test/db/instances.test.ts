// A running instance's word that it runs (src/db/instances.ts), on both engines: written with whole numbers, and read
// whatever wrote it. A row SQLite wrote before it cast its numbers ("at":1796414234489.0), carried to PostgreSQL by
// `nextdeal copy`, made every statement reading them fail there, and with it the server's start (the review of the
// heartbeat's first version).
import { describe, expect, it } from 'vitest';
import { runningInstance } from '../../src/db/instances.js';
import { all, run, testStore } from '../helpers.js';

describe("an instance's word that it runs", () => {
  it('is written with whole numbers, read beside a row written with decimals, and forgotten an hour on', async () => {
    const { db } = await testStore();
    const at = 1_796_414_234_489;
    await run(db, `INSERT INTO installation (name, value) VALUES ('instance:copied', '{"at":${at}.0,"db":"","host":"elsewhere","pid":16024.0}')`);
    const me = runningInstance(db);
    await me.say(at + 1000);
    const mine = await all<{ value: string }>(db, "SELECT value FROM installation WHERE name LIKE 'instance:%' AND name <> 'instance:copied'");
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0]!.value)).toMatchObject({ at: at + 1000, pid: process.pid });
    expect(mine[0]!.value).not.toContain(`${at + 1000}.0`);
    // An hour on, the copied row (and no other) is forgotten.
    await me.say(at + 3_600_001);
    expect((await all<{ name: string }>(db, "SELECT name FROM installation WHERE name LIKE 'instance:%'")).map((r) => r.name)).not.toContain('instance:copied');
    await me.gone();
    expect(await all(db, "SELECT name FROM installation WHERE name LIKE 'instance:%'")).toEqual([]);
  });

  // A tick that began before the stop said it after the stop had taken it back (a review of 6 December: the stopped
  // server read as running for 3 minutes).
  it('is not said again by a tick under way as the instance stops, nor after', async () => {
    const { db } = await testStore();
    const me = runningInstance(db);
    const underWay = [me.say(Date.now()), me.say(Date.now() + 1)]; // the minute's tick and a wake's, side by side
    await me.gone();
    await Promise.all(underWay);
    await me.say(Date.now());
    expect(await all(db, "SELECT name FROM installation WHERE name LIKE 'instance:%'")).toEqual([]);
  });
});
