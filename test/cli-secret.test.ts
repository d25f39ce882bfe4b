// The password prompt on a terminal: typed key by key, or pasted in one go (today's bug: a paste hung the prompt).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Interrupted, type RawInput, readSecret } from '../src/cli/secret.js';

/** A terminal in raw mode: what it was set to, and chunks to send as the keyboard (or a paste) would. */
function terminal() {
  const modes: boolean[] = [];
  const input = Object.assign(new EventEmitter(), {
    setRawMode: (on: boolean) => modes.push(on),
    setEncoding: () => undefined,
    resume: () => undefined,
    pause: () => undefined,
  }) satisfies RawInput;
  let shown = '';
  return { input, modes, write: (s: string) => void (shown += s), shown: () => shown, send: (...chunks: string[]) => chunks.forEach((c) => input.emit('data', c)) };
}

describe('asking for a password on a terminal', () => {
  it('takes a password pasted in one chunk with its Enter, without echoing it', async () => {
    const t = terminal();
    const asked = readSecret(t.input, t.write, 'New password: ');
    t.send('correct horse battery\r');
    expect(await asked).toBe('correct horse battery');
    expect(t.shown()).toBe('New password: \n');
    expect(t.modes).toEqual([true, false]);
  });

  it('takes a pasted password followed by Enter typed on its own, and the keys typed one by one with a backspace', async () => {
    const t = terminal();
    const pasted = readSecret(t.input, t.write, '? ');
    t.send('\u001b[200~correct horse battery\u001b[201~', '\r');
    expect(await pasted).toBe('correct horse battery');
    const typed = readSecret(t.input, t.write, '? ');
    t.send('a', 'b', 'x', '\u007f', 'c', '\n');
    expect(await typed).toBe('abc');
  });

  it('stops on Ctrl-C and gives the terminal back', async () => {
    const t = terminal();
    const asked = readSecret(t.input, t.write, '? ');
    t.send('abc\u0003');
    await expect(asked).rejects.toBeInstanceOf(Interrupted);
    expect(t.modes).toEqual([true, false]);
  });
});
