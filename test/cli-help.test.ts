// `--help` as an operator reads it: every option says what it takes (the operator's review of 6 December: `sign --slug`,
// `customer consent --sms` and the required `purge --older-than` showed none, and the last took a run to learn 1-600).
import { describe, expect, it } from 'vitest';
import { cliRunner } from './cli-run.js';
import { tempDir } from './helpers.js';

const exec = cliRunner({ DATABASE_PATH: `${tempDir()}/nextdeal.db` });

/** The command's help, its lines joined (commander wraps a long description). */
const help = async (command: string) => (await exec(`${command} --help`)).out.replace(/\s+/g, ' ');

describe('the commands\' --help', () => {
  it('describes sign --slug, customer consent --sms and --email-consent, and purge --older-than with its range', async () => {
    expect(await help('sign')).toContain('--slug <slug> the shop whose webhook secret signs it');
    expect(await help('customer consent')).toContain('--sms <yes|no> texts: yes, the customer told the owner they want them; no, they do not (an opt-out');
    expect(await help('customer consent')).toContain('--email-consent <yes|no> e-mails: yes or no, as --sms');
    expect(await help('purge')).toContain('--older-than <months> months without a purchase, a whole number from 1 to 600');
  });
});
