// Twilio's REST API on loopback, in a process of its own, for `bench/dispatch.ts --only twilio`: it reads each
// Messages create call (POST /2010-04-01/Accounts/{sid}/Messages.json, a form) and answers 201 with Twilio's documented
// message resource (test/fixtures/vendor/twilio-messages-create-response.json) under a new SID, at once. It counts
// what it created by the outbox row the status callback names (…/v1/twilio/status?message=<id>), so a message handed
// to Twilio twice is seen. Asked over IPC, it answers with { created, messages, twice, cpuMs }.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const created = JSON.parse(readFileSync(new URL('../test/fixtures/vendor/twilio-messages-create-response.json', import.meta.url), 'utf8'));
const seen = new Map<string, number>();
let sids = 0, total = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/Messages.json')) return void res.writeHead(404).end();
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    const row = /[?&]message=(\d+)/.exec(form.get('StatusCallback') ?? '')?.[1] ?? `unnamed-${total}`;
    seen.set(row, (seen.get(row) ?? 0) + 1);
    total++;
    const at = new Date().toUTCString().replace('GMT', '+0000');
    const body = JSON.stringify({
      ...created, sid: `SM${String(++sids).padStart(32, '0')}`, to: form.get('To'), from: form.get('From'),
      messaging_service_sid: form.get('MessagingServiceSid'), body: form.get('Body'), status: 'queued', date_created: at, date_updated: at, date_sent: null,
    });
    res.writeHead(201, { 'content-type': 'application/json' }).end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', () => {
  const cpu = process.cpuUsage();
  process.send!({ created: total, messages: seen.size, twice: total - seen.size, cpuMs: (cpu.user + cpu.system) / 1000 });
});
process.on('disconnect', () => process.exit(0));
