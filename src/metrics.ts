// Prometheus metrics (prom-client): what an operator graphs and alerts on. GET /metrics serves them.
import client from 'prom-client';
import type { Store } from './db/store.js';

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'nextdeal_' });
  const registers = [registry];
  return {
    registry,
    salesReceived: new client.Counter({
      name: 'nextdeal_sales_received_total',
      help: 'Sales stored, by where they came from (generic webhook, a till vendor, the consent page)',
      labelNames: ['source'] as const,
      registers,
    }),
    messagesSettled: new client.Counter({
      name: 'nextdeal_messages_settled_total',
      help: "Messages settled, by kind, channel and outcome (sent: also a send in doubt found in Twilio's records or reported by its status callback; outbox: written to a file, no SMTP or Twilio set up, nobody got it; failed, expired, cancelled)",
      labelNames: ['kind', 'channel', 'status'] as const,
      registers,
    }),
    retries: new client.Counter({ name: 'nextdeal_send_retries_total', help: 'Sends that failed for now and were rescheduled, by channel', labelNames: ['channel'] as const, registers }),
    sendSeconds: new client.Histogram({
      name: 'nextdeal_send_duration_seconds',
      help: 'Time a send took until the provider (SMTP, Twilio, the outbox) had the message, rendering it and waiting for a free connection included, by channel and transport',
      labelNames: ['channel', 'transport'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    httpErrors: new client.Counter({
      name: 'nextdeal_http_errors_total',
      help: 'HTTP answers of 400 and up, by part of the service and status',
      labelNames: ['route', 'status'] as const,
      registers,
    }),
    /**
     * Gauges read from the database when scraped, never by counting the messages table: messages by kind, channel and
     * status from the counts triggers keep (message_counts; those the outbox took as 'outbox', migration 054); the
     * dispatcher's lag from the due index; paused channels.
     */
    watch(store: Store, now: () => number) {
      new client.Gauge({
        name: 'nextdeal_messages',
        help: 'Messages in the database, by kind, channel and status (outbox: written to a file, no SMTP or Twilio set up, nobody got it; not in sent)',
        labelNames: ['kind', 'channel', 'status'] as const,
        registers,
        async collect() {
          const rows = await store.messages.counts();
          this.reset();
          for (const r of rows) this.set({ kind: r.kind, channel: r.channel, status: r.status }, r.n);
        },
      });
      new client.Gauge({
        name: 'nextdeal_dispatcher_lag_seconds',
        help: 'Age of the oldest message that is due and not sent yet (0 when none): how far the dispatcher is behind',
        registers,
        async collect() {
          const t = now();
          const oldest = await store.messages.oldestDue(t);
          this.set(oldest === null ? 0 : (t - oldest) / 1000);
        },
      });
      new client.Gauge({
        name: 'nextdeal_channel_paused',
        help: '1 while a channel has paused itself after its provider kept failing',
        labelNames: ['channel'] as const,
        registers,
        async collect() {
          const paused = new Set((await store.health.paused(now())).map((p) => p.channel));
          for (const channel of ['sms', 'email']) this.set({ channel }, paused.has(channel as 'sms') ? 1 : 0);
        },
      });
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
