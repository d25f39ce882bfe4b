// The channels a bench dispatcher sends through: the outbox files, or SMS by the real Twilio client to the stand-in
// (bench/twilio-standin.ts) at `twilio`, with a status callback naming the row as the server's own (src/channels/index.ts).
import { emailOutbox, smsOutbox } from '../src/channels/outbox.js';
import { twilioChannel } from '../src/channels/sms.js';
import type { Channels } from '../src/channels/types.js';

export const channelsFor = (outbox: string, twilio?: string): Channels => ({
  email: emailOutbox(outbox),
  sms: twilio
    ? twilioChannel({
        accountSid: 'AC' + 'a'.repeat(32), authToken: 'bench-auth-token', from: '+3197010200300', apiBaseUrl: twilio,
        statusCallback: (m) => `https://deals.example.test/v1/twilio/status?message=${m.messageId}`,
      })
    : smsOutbox(outbox),
});
