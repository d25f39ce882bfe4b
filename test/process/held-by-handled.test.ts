// The real server, as it starts, lets go the come-back invitation an erasure before 5ce3b45 left held by her handled
// replies (chores.letGoHandled; test/chores-held-by-handled.test.ts has its rules), and logs how many, naming nobody.
import { expect, it } from 'vitest';
import { createShop, one, postSale, run, saleBody, startApp } from '../helpers.js';
import { environment, openShared, startServer } from './server.js';

it('the server lets go, as it starts, an invitation held by a reply already handled', async () => {
  const { env } = await environment();
  const store = await openShared(env);
  const { webhookSecret, shop } = await createShop(store);
  const base = await startApp(store, Date.now);
  const at = (ago: number) => new Date(Date.now() - ago).toISOString();
  const post = async (b: unknown) => expect((await postSale(base, 'fietsenmaker', webhookSecret, b, Date.now())).status).toBe(201);
  // Anna, and Bert on the household's number: the invitation that waits is Bert's (hers: bought again).
  await post(saleBody({ id: 'anna-1', occurredAt: at(120_000), customer: { name: 'Anna', phone: '06 12340111', email: 'anna@example.com', consent: { sms: true, email: true } } }));
  await post(saleBody({ id: 'bert-0', occurredAt: at(90_000), reason: null, items: [{ name: 'Fietsbel' }], customer: { name: 'Bert', posCustomerId: 'B1', phone: '06 12340222', consent: { sms: true } } }));
  await post(saleBody({ id: 'bert-1', occurredAt: at(60_000), reason: null, items: [{ name: 'Fietsbel' }], customer: { name: 'Bert', posCustomerId: 'B1', phone: '06 12340111', consent: { sms: true } } }));
  const anna = (await one<{ id: number }>(store.db, 'SELECT id FROM customers WHERE email = ?', 'anna@example.com'))!.id;
  const recorded = await store.replies.record({ shopId: shop.id, customerId: anna, messageId: null, saleId: null, channel: 'email', providerId: 'p-1', answer: null, body: 'Hoe lang gaat de accu mee?', at: Date.now() });
  if (recorded.duplicate) throw new Error('duplicate');
  const comeback = "SELECT held_by AS \"heldBy\", due_at AS \"dueAt\", status FROM messages WHERE kind = 'comeback' AND sale_id = (SELECT id FROM sales WHERE till_sale_id = 'bert-1')";
  const before = (await one<{ heldBy: number; dueAt: number }>(store.db, comeback))!;
  expect(before).toMatchObject({ heldBy: recorded.id });
  // Her erasure as a version before 5ce3b45 made it: her replies handled, what they held left held.
  await run(store.db, "UPDATE messages SET status = 'cancelled', error = 'erased' WHERE customer_id = ? AND status = 'scheduled'", anna);
  await run(store.db, 'UPDATE replies SET body = NULL, handled_at = ? WHERE customer_id = ?', Date.now(), anna);
  await run(store.db, 'UPDATE customers SET name = NULL, phone = NULL, email = NULL, erased_at = ? WHERE id = ?', Date.now(), anna);
  const server = await startServer(env);
  for (let i = 0; i < 200 && !server.logs.join('').includes('held by replies already handled'); i++) await new Promise((r) => setTimeout(r, 50));
  const line = JSON.parse(server.logs.join('').split('\n').find((l) => l.includes('held by replies already handled'))!);
  expect(line).toMatchObject({ level: 30, letGo: 1, late: 0, lapsed: 0, heldAgain: 0 });
  expect(JSON.stringify(line)).not.toMatch(/Anna|Bert|anna@|3161234/);
  expect(await one(store.db, comeback)).toEqual({ heldBy: null, dueAt: before.dueAt, status: 'scheduled' });
  server.child.kill('SIGTERM');
  await server.exited;
}, 60_000);
