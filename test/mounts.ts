// A tmpfs of its own, for the disk's real failures (full, read-only), which takes root (as CI runs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './helpers.js';

/** A tmpfs mounted with `options` (`size=2m`, `ro,size=1m`) at a fresh folder, unmounted when the test ends. */
export function tmpfs(options: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nextdeal-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  onCleanup(() => {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Whether this process may mount a tmpfs (root, with the right to mount: CI here), tried and taken away at once. */
export function mayMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'nextdeal-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmdirSync(dir);
  }
}
