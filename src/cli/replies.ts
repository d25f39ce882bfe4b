// nextdeal replies: the problems and questions customers sent (list, handle), and how the reader reads a reply (classify).
import type { Command } from 'commander';
import { explain } from '../domain/classify.js';
import { type Context, UsageError, shopOption } from './context.js';

export function repliesCommands(cli: Command, { open, shopNamed, json, io }: Context): void {
  const replies = cli.command('replies').description("what customers answered: the ones that wait for the owner, and how the reader reads a reply");
  shopOption(
    replies.command('list').description('the replies not yet handled that wait for the owner (problems, questions, words to read), newest first'),
    { required: true },
  ).action(async (o) => json(await (await open()).store.replies.open((await shopNamed(o.slug)).id)));
  shopOption(replies.command('handle').description('mark one handled (the held come-back invitation then goes out)'), { required: true })
    .requiredOption('--id <reply id>')
    .action(async (o) => {
      const id = /^\d{1,15}$/.test(String(o.id)) ? Number(o.id) : null;
      const shop = await shopNamed(o.slug);
      const done = id === null ? null : await (await open()).store.replies.handle(shop, id, Date.now());
      if (!done) throw new UsageError(`no reply ${o.id} for shop "${o.slug}"`);
      io.out(done === 'handled' ? `reply ${o.id} handled\n` : `reply ${o.id} was handled already\n`);
    });
  // Needs no database and no configuration: an operator pipes a file of their customers' words through it.
  replies
    .command('classify')
    .description('read replies from stdin, one a line, and print how each is read: {"text", "class"} per line')
    .option('--explain', 'add "because": the words that decided it')
    .option('--answering <kind>', 'the message they answer: checkin (the default) or comeback ("Nee", "Nee dank je", "Nu even niet" then decline the invitation)')
    .action((o: { explain?: boolean; answering?: string }) => {
      const answering = o.answering ?? 'checkin';
      if (answering !== 'checkin' && answering !== 'comeback') throw new UsageError(`--answering: expected checkin or comeback, got "${answering}"`);
      for (const text of io.stdin().split(/\r?\n/)) {
        if (!text.trim()) continue;
        const e = explain(text, answering);
        io.out(JSON.stringify(o.explain ? { text, class: e.class, because: e.because } : { text, class: e.class }) + '\n');
      }
    });
}
