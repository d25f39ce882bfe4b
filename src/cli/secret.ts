// Reading a password on a terminal with echo off. The terminal is put in raw mode, so every key arrives as typed,
// and a paste arrives as one chunk holding the whole password (and often the Enter after it): each character of a
// chunk counts, one by one.
import type { EventEmitter } from 'node:events';

/** What a TTY's stdin offers (process.stdin on a terminal); a test passes a stand-in. */
export interface RawInput extends EventEmitter {
  setRawMode(on: boolean): unknown;
  setEncoding(encoding: 'utf8'): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** Ctrl-C while asking. */
export class Interrupted extends Error {}

/** Escape sequences (arrow keys, bracketed-paste markers): not part of a password. */
const ESCAPE = /\u001b(\[[0-9;?]*[ -/]*[@-~]|.)/g;

export function readSecret(input: RawInput, write: (s: string) => void, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = (end: () => void) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      write('\n');
      end();
    };
    const onData = (chunk: string) => {
      for (const c of chunk.replace(ESCAPE, '')) {
        if (c === '\u0003') return finish(() => reject(new Interrupted('interrupted')));
        if (c === '\r' || c === '\n' || c === '\u0004') return finish(() => resolve(answer));
        if (c === '\u007f' || c === '\b') answer = answer.slice(0, -1);
        else if (c >= ' ') answer += c;
      }
    };
    write(question);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.resume();
    input.on('data', onData);
  });
}
