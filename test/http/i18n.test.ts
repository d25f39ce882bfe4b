// No English in a Dutch page and no Dutch in an English one. Every page a shop owner or a customer can meet is
// rendered for a Dutch and an English shop with seven weeks of realistic data (test/http/owner-world.ts), and its
// visible text is checked against the word tables: a word only the other language's tables use, or a code that should
// have been put into words (a reading, a status, a delivery report, why a message did not go out), fails the test,
// naming the page and the word.
import { describe, expect, it } from 'vitest';
import { notSentReasons } from '../../src/domain/not-sent.js';
import { ownerPhrases } from '../../src/http/owner/phrases.js';
import { phrases as customerPhrases } from '../../src/i18n.js';
import { ownerClient } from '../helpers.js';
import { PASSWORD, type World, type WorldShop, ownerWorld } from './owner-world.js';

type Lang = 'nl' | 'en';

/**
 * Every string in a word table; functions are called with numbers, with a unit, and with groups' shares, to get their
 * sentences (a call with arguments of another kind than the function's gives nothing).
 */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (typeof v === 'function') {
    const share = (returned: number, customers: number) => ({ returned, customers, pct: '50%' });
    const call = (...args: unknown[]) => {
      try {
        return strings(v(...args));
      } catch {
        return [];
      }
    };
    return [...call(3, 4, 5), ...call('week', 1, 2), ...call(1, 1, 1), ...call(share(3, 4), share(1, 2))];
  }
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

/** Words of three letters or more, in lower case; addresses and links are not words of either language. */
const tokens = (text: string): string[] =>
  text.replace(/\S*[/@]\S*/g, ' ').toLowerCase().match(/\p{L}{3,}/gu) ?? [];

const tableText = (lang: Lang) => [...strings(ownerPhrases[lang]), ...strings(customerPhrases[lang])].join('\n');
const vocabulary = (lang: Lang) => new Set(tokens(tableText(lang)));

/** A word that only the other language's tables use gives a page away. */
function foreignWords(lang: Lang): Set<string> {
  const own = vocabulary(lang);
  return new Set([...vocabulary(lang === 'nl' ? 'en' : 'nl')].filter((word) => !own.has(word)));
}

/** Codes that must be put into words: each one that is not itself a word of the page's language. */
const codes = [...new Set([
  ...notSentReasons,
  'problem', 'question', 'other', 'positive', 'opt_out', 'opt_in', 'help', // readings and SMS keywords
  'scheduled', 'sending', 'sent', 'failed', 'expired', 'cancelled', 'uncertain', // message statuses
  'accepted', 'queued', 'delivered', 'undelivered', 'read', 'canceled', // Twilio's delivery reports
  'checkin', 'comeback', 'great', 'unsure', 'sms_keyword', 'unsubscribe_link', // kinds, one-tap answers, consent sources
])];
function rawCodes(lang: Lang): string[] {
  const table = tableText(lang).toLowerCase();
  return codes.filter((c) => !new RegExp(`(?<![\\p{L}_-])${c}(?![\\p{L}_-])`, 'u').test(table));
}

/** What a person reads: the text between tags, the page title, and the labels screen readers speak. */
function visibleText(page: string): string {
  return page
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*?\b(?:aria-label|title|placeholder|alt)="([^"]*)"[^>]*>/gi, ' $1 ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Every problem on one page, as "page: word in '…context…'". */
function problems(name: string, page: string, lang: Lang): string[] {
  const text = visibleText(page);
  const foreign = foreignWords(lang);
  const found: string[] = [];
  const context = (i: number) => `"…${text.slice(Math.max(0, i - 40), i + 40).trim()}…"`;
  const seen = new Set<string>();
  for (const m of text.replace(/\S*[/@]\S*/g, (s) => ' '.repeat(s.length)).matchAll(/\p{L}{3,}/gu)) {
    const word = m[0].toLowerCase();
    if (!foreign.has(word) || seen.has(word)) continue;
    seen.add(word);
    if (seen.size > 5) continue; // five words are enough to say what is wrong with a page
    found.push(`${name}: "${m[0]}" is ${lang === 'nl' ? 'English' : 'Dutch'}, in ${context(m.index!)}`);
  }
  for (const code of rawCodes(lang)) {
    const m = new RegExp(`(?<![\\p{L}_-])${code}(?![\\p{L}_-])`, 'u').exec(text);
    if (m) found.push(`${name}: the code "${code}" is shown untranslated, in ${context(m.index)}`);
  }
  return found;
}

/** The pages of one shop, as its owner and its customers see them: [name, status, html]. */
async function pages(world: World, lang: Lang): Promise<[string, number, string][]> {
  const { base } = world;
  const sh: WorldShop = world.shops[lang];
  const other: WorldShop = world.shops[lang === 'nl' ? 'en' : 'nl'];
  const out: [string, number, string][] = [];
  const owner = ownerClient(base);
  expect((await owner.logIn(sh.s.slug, PASSWORD)).status).toBe(303);
  const slug = sh.s.slug;
  const get = async (name: string, path: string, headers: Record<string, string> = {}) => {
    const res = name.startsWith('owner') ? await owner.get(path) : await fetch(base + path, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
    out.push([`${name} (${path})`, res.status, await res.text()]);
  };
  for (const q of ['', '?days=30', '?days=90', '?days=365', '?from=2026-03-01&to=2026-03-31']) await get('owner: overview', `/shops/${slug}${q}`);
  for (const r of ['', 'open', 'problem', 'question', 'other', 'positive', 'keyword']) await get('owner: replies', `/shops/${slug}/replies${r ? `?reading=${r}` : ''}`);
  for (const st of ['', 'planned', 'sent', 'failed', 'cancelled', 'expired', 'uncertain', 'sending']) await get('owner: messages', `/shops/${slug}/messages${st ? `?status=${st}` : ''}`);
  await get('owner: messages searched', `/shops/${slug}/messages?q=${encodeURIComponent(sh.s.names[0]!.split(' ')[0]!)}`);
  await get('owner: waiting sheet', `/shops/${slug}/waiting`);
  // Another shop's page leads to its login (owner-other-shop.test.ts), in the browser's language, saying whose session this is.
  const elsewhere = await owner.get(`/shops/${other.s.slug}`);
  expect(elsewhere.status).toBe(303);
  const cookie = [...owner.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  await get("login page: another shop's page", elsewhere.headers.get('location')!, { 'accept-language': lang === 'nl' ? 'nl-NL,nl;q=0.9' : 'en-GB,en;q=0.9', cookie });
  // A tap on another shop's page, open in a tab from before: not done, and that shop's login says so.
  const tapped = await owner.post(`/shops/${other.s.slug}/formal`, { _csrf: 'the token of the other tab', formal: 'on' });
  expect(tapped.status).toBe(303);
  await get("login page: a tap on another shop's page", tapped.headers.get('location')!, { 'accept-language': lang === 'nl' ? 'nl-NL,nl;q=0.9' : 'en-GB,en;q=0.9', cookie });
  await get("owner: another shop's export (404)", `/shops/${other.s.slug}/replies.csv`);
  const overview = await (await owner.get(`/shops/${slug}`)).text();
  const replyId = /data-reply="(\d+)"/.exec(overview)![1];
  const expired = await owner.post(`/shops/${slug}/replies/${replyId}/handled`, { _csrf: 'an old token' });
  out.push(['owner: a form that expired (403)', expired.status, await expired.text()]);
  const accept = { 'accept-language': lang === 'nl' ? 'nl-NL,nl;q=0.9,en;q=0.5' : 'en-GB,en;q=0.9' };
  await get('login page', '/login', accept);
  const login = ownerClient(base);
  const wrong = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual', headers: { ...accept, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: '' },
    body: new URLSearchParams({ slug, password: 'not the password', _csrf: 'x' }),
  });
  out.push(['login page: a form that expired (403)', wrong.status, await wrong.text()]);
  await login.get('/login');
  const failed = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { ...accept, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: [...login.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: new URLSearchParams({ slug, password: 'not the password', _csrf: login.jar.get('nd_login') ?? '' }),
  });
  out.push(['login page: a wrong password (401)', failed.status, await failed.text()]);
  await get('not-found page', '/no/such/page', accept);
  await get('an export without a session (401)', `/shops/${slug}/cohorts.csv`, accept);
  // The customer's pages.
  await get('customer: reply page', `/r/${sh.tokens.reply}`, accept);
  const thanks = await fetch(`${base}/r/${sh.tokens.reply}`, { method: 'POST', headers: { ...accept, 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=great' });
  out.push([`customer: thanks page (/r/…)`, thanks.status, await thanks.text()]);
  await get('customer: unsubscribe page', `/u/${sh.tokens.unsubscribe}`, accept);
  const unsubscribed = await fetch(`${base}/u/${sh.tokens.unsubscribe}`, { method: 'POST', headers: accept });
  out.push(['customer: unsubscribed (POST /u/…)', unsubscribed.status, await unsubscribed.text()]);
  await get('customer: consent page', new URL(sh.consentUrl).pathname, accept);
  await get('customer: join page', `/shops/${slug}/join`, accept);
  await get('customer: join poster', `/shops/${slug}/join/poster`, accept);
  await get('customer: a reply link that does not work (404)', '/r/AAAAAAAAAAAAAAAAAAAAAAAA', accept);
  await get('customer: a consent link that does not work (404)', '/c/zzzzzzzzzz', accept);
  return out;
}

describe('every page in one language', () => {
  it('the word lists are built from the tables and are not empty', () => {
    expect(foreignWords('nl').size).toBeGreaterThan(200);
    expect(foreignWords('en').size).toBeGreaterThan(200);
    expect(foreignWords('nl').has('problem')).toBe(true);
    expect(foreignWords('en').has('probleem')).toBe(true);
    expect(rawCodes('nl')).toContain('delivered');
    expect(rawCodes('en')).toContain('positive');
  });

  for (const lang of ['nl', 'en'] as const) {
    it(`the ${lang === 'nl' ? 'Dutch' : 'English'} shop's pages have no word of the other language and no raw code`, async () => {
      // (The world is built for each test: the helpers close the app and the database after every test.)
      const rendered = await pages(await ownerWorld(), lang);
      expect(rendered.length).toBeGreaterThan(35);
      // Every page rendered, with the status a person gets.
      for (const [name, status] of rendered) expect([200, 401, 403, 404], name).toContain(status);
      const found = rendered.flatMap(([name, , page]) => problems(name, page, lang));
      expect(found, found.join('\n')).toEqual([]);
    }, 60_000);
  }

  it("finds a raw delivery report and an English error page in a Dutch shop's pages (the check itself works)", () => {
    const page = '<html lang="nl"><body><p>verstuurd (delivered)</p><h1>404</h1><p>no such page</p></body></html>';
    expect(problems('example', page, 'nl')).toEqual([
      'example: "delivered" is English, in "…verstuurd (delivered) 404 no such page…"',
      'example: "such" is English, in "…verstuurd (delivered) 404 no such page…"',
      'example: "page" is English, in "…verstuurd (delivered) 404 no such page…"',
      'example: the code "delivered" is shown untranslated, in "…verstuurd (delivered) 404 no such page…"',
    ]);
  });
});
