// The command line as an operator runs it, in this process, against the database `env` names: what it printed on
// stdout and stderr, and its exit code.
import { type Io, run } from '../src/cli.js';

export const cliRunner = (env: NodeJS.ProcessEnv) => async (args: string): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), env: { ...env }, stdin: () => '', askSecret: async () => '' };
  const code = await run(args.split(' '), io);
  return { code, out, err };
};
