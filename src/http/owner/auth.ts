// Owners log in with their shop's short name and password. The session cookie is HttpOnly, SameSite=Lax and
// Secure on https; every form carries the session's CSRF token; failed logins slow the address they come from
// (login-limit.ts), never lock the owner out on a device they logged in from before (DEVICE); a hash made with less
// than today's cost is upgraded at login.
import { randomBytes } from 'node:crypto';
import { parse as parseCookies, serialize } from 'cookie';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { SESSION_DAYS } from '../../db/sessions.js';
import type { Shop } from '../../db/shops.js';
import type { Store } from '../../db/store.js';
import { PasswordsBusy, hashPassword, needsRehash, passwordsBusy, seemToVerify, verifyPassword } from '../../domain/password.js';
import { type Locale, pickLocale } from '../../domain/sale.js';
import { basePath } from '../base-path.js';
import { HttpError } from '../errors.js';
import { fromOwnPage, knownInPath } from '../guard.js';
import { escapeHtml, html, raw } from '../html.js';
import { safeEqual } from '../signature.js';
import { layout } from './layout.js';
import { browserLocale } from '../locale.js';
import { pageOfForm } from './back.js';
import { loginLimit, normaliseSlug } from './login-limit.js';
import { ownerPhrases } from './phrases.js';

const SESSION = 'nd_session';
const LOGIN_CSRF = 'nd_login';
/** A device the shop's owner logged in from (one cookie a shop: an owner of two logs in to each). */
const DEVICE = (shopId: number) => `nd_device_${shopId}`;
/** How long a device stays known without a login: browsers keep a cookie 400 days at most. */
const DEVICE_DAYS = 400;

export interface Owner {
  shop: Shop;
  csrf: string;
}
export const owner = (res: Response): Owner => res.locals.owner as Owner;

/** What a shop's short name is made of (`shop create --slug`). */
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Only a path on this site (with the place on the page, #r12), so ?next= cannot send anyone elsewhere. */
const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/shops\/[a-z0-9-]+(\/[\w./-]*)?(\?[^\s#]*)?(#[\w-]+)?$/.test(next) ? next : '');

export function ownerAuth(store: Store, now: () => number, publicUrl: string) {
  const secure = publicUrl.startsWith('https:');
  // Behind a proxy at a path, the cookies are for that path only: not for every other site on the same host.
  const path = basePath(publicUrl) || '/';
  const cookie = (name: string, value: string, maxAge: number) =>
    serialize(name, value, { httpOnly: true, sameSite: 'lax', secure, path, maxAge });
  const cookies = (req: Request) => parseCookies(req.get('cookie') ?? '');
  const tappedHere = fromOwnPage(publicUrl);

  /**
   * `wrong`: the fields the error is about (a wrong name or password), marked invalid and described by it, with a red
   * border and the focus on `wrong[0]` (the accessibility review: the error was tied to no field).
   */
  function loginPage(res: Response, locale: Locale, o: { status?: number; error?: string; slug?: string; next?: string; wrong?: ('slug' | 'password')[]; loggedInTo?: string } = {}) {
    const w = ownerPhrases[locale];
    const invalid = (name: 'slug' | 'password') =>
      o.error && o.wrong?.includes(name)
        ? html` aria-invalid="true" aria-describedby="login-error" style="border:2px solid #a33b2b"${o.wrong[0] === name ? raw(' autofocus') : ''}`
        : '';
    const token = randomBytes(24).toString('base64url');
    res.append('Set-Cookie', cookie(LOGIN_CSRF, token, 3600));
    res.set('Cache-Control', 'no-store');
    const body = html`<form method="post" action="/login" class="login">
  <input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="next" value="${o.next ?? ''}">
  ${o.error ? html`<p class="error" role="alert" id="login-error">${o.error}</p>` : ''}
  ${o.loggedInTo ? html`<div class="warn"><p>${w.otherShop(o.loggedInTo)}</p></div>` : ''}
  <label>${w.shop}<input name="slug" autocomplete="username" required value="${o.slug ?? ''}" autocapitalize="none"${invalid('slug')}></label>
  <label>${w.password}<input name="password" type="password" autocomplete="current-password" required${invalid('password')}></label>
  <button>${w.logIn}</button>
</form>
<p class="note">${w.forgotten}</p>`;
    // An error sent back (not the note on the way in that a tap was lost): "Fout: Inloggen" in the tab and read first,
    // the heading as it was (the owner's layout gives the page one title for both).
    const sent = layout(locale, w.loginTitle, body);
    const title = `<title>${escapeHtml(w.loginTitle)}</title>`;
    res.status(o.status ?? 200).type('html').send(o.error && (o.status ?? 200) >= 400 ? sent.replace(title, `<title>${escapeHtml(w.errorTitle(w.loginTitle))}</title>`) : sent);
  }

  const limits = loginLimit(store.loginLimits);
  /** While checks for the shop's name are busy, or this address has one under way: "try again in a few seconds". */
  const busy = (res: Response, locale: Locale, o: { slug: string; next: string }) => {
    res.set('Retry-After', '5');
    return loginPage(res, locale, { status: 503, error: ownerPhrases[locale].busy, ...o });
  };

  const router = Router()
    // The start: an owner who is logged in goes to their shop (an error page's "To the start" leads here), anyone else
    // to the login page.
    .get('/', async (req, res) => {
      const session = await store.sessions.find(cookies(req)[SESSION], now());
      const shop = session && (await store.shops.byId(session.shopId));
      res.redirect(303, shop ? `/shops/${shop.slug}` : '/login');
    })
    .get('/login', async (req, res) => {
      const locale = browserLocale(req);
      const next = safeNext(req.query.next);
      // A link to her page (the one `set-password` prints, an alert's) names her shop: filled in, not asked again.
      const slug = /^\/shops\/([a-z0-9-]+)/.exec(next)?.[1];
      // An owner of two shops, logged in to one, who opened a link to the other's page (requireOwner): told whose
      // session this is, by her own shop's name, and that the link is another shop's. Nothing is said of the shop in
      // the link, which need not exist: the same page for any name, as without a session.
      const session = slug ? await store.sessions.find(cookies(req)[SESSION], now()) : undefined;
      const current = session && (await store.shops.byId(session.shopId));
      const loggedInTo = current && current.slug !== slug ? current.name : undefined;
      // A tap that was not done says so, read first: the session had ended, or (that other session) the tap was on the
      // page of the shop in the link, open in another tab from before she logged in to hers. Only after a tap on one of
      // nextdeal's own pages: a page on another site that posts to a shop's page (a forged form, done by nothing) or links
      // here got the owner "your tap was not done", false, and a call to log in (a review); it gets the page a link gets.
      const w = ownerPhrases[locale];
      const lost = req.query.lost === '1' && tappedHere(req);
      loginPage(res, locale, { next, slug, ...(lost ? { error: loggedInTo ? w.tapOtherShop(loggedInTo) : w.tapLost } : { loggedInTo }) });
    })
    .post('/login', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
      const locale = browserLocale(req);
      const w = ownerPhrases[locale];
      const slug = normaliseSlug(req.body?.slug);
      const next = safeNext(req.body?.next);
      const tooMany = (wait: number) => {
        res.set('Retry-After', String(Math.ceil(wait / 1000)));
        return loginPage(res, locale, { status: 429, error: w.tooMany(Math.ceil(wait / 1000)), slug, next });
      };
      // The database unavailable here or below, the error goes to the error handler: 503, as on the owner's pages.
      const wait = await limits.wait(req.ip, now());
      if (wait > 0) return tooMany(wait);
      const expected = cookies(req)[LOGIN_CSRF];
      if (!expected || !safeEqual(String(req.body?._csrf ?? ''), expected)) {
        return loginPage(res, locale, { status: 403, error: w.formExpired, slug, next });
      }
      // Counted as it starts, whatever comes of it. A second attempt while the address's first is checked is refused
      // and stays counted. One refused because the name's checks are busy (two under way for it: someone guessing at
      // this shop) is given back: it cost no check, and the owner retrying meanwhile must not be slowed as a guesser
      // (the final review of these changes).
      // Not counted when the address must wait after all: its other guesses, at this instance or another, came first.
      const { wait: waitNow, alone } = await limits.begin(req.ip, now());
      if (waitNow > 0) return tooMany(waitNow);
      const nameBusy = async () => {
        await limits.succeeded(req.ip);
        return busy(res, locale, { slug, next });
      };
      try {
        if (!alone) return busy(res, locale, { slug, next });
        const shop = await store.shops.bySlug(slug);
        // A device the owner logged in from before (with the password as it is now) takes turns of its own at the
        // shop's password checks, and is not held up with everyone when the shop is guessed at: guesses at the shop
        // from a few dozen addresses at once kept its two turns busy, and the owner was answered "busy" at every try
        // for minutes (a security review). The cookie gives no way in, only turns; a device that never logged in still
        // shares the shop's.
        const device = shop ? await store.loginLimits.knownDevice(shop.id, shop.passwordHash, cookies(req)[DEVICE(shop.id)]) : null;
        const known = device !== null;
        const turns = known ? `${slug}\u0000${device}` : slug; // (no name typed has a control character: normaliseSlug)
        if (passwordsBusy(turns)) return await nameBusy();
        const pause = known ? 0 : await limits.pause(shop?.id ?? slug, now());
        if (pause > 0) await new Promise((done) => setTimeout(done, pause));
        const password = String(req.body?.password ?? '');
        // A name that is no shop takes no turn at the password checks (guesses at made-up names kept every owner
        // waiting), but answers as a wrong password does, after about as long, and is busy as a shop is: the answer
        // and its timing tell nothing of which shops exist.
        let ok: boolean;
        try {
          ok = shop ? await verifyPassword(password, shop.passwordHash, turns) : await seemToVerify(password, slug);
        } catch (err) {
          if (!(err instanceof PasswordsBusy)) throw err;
          return await nameBusy(); // (became busy during the pause above)
        }
        if (!shop || !ok) {
          await limits.failed(shop?.id ?? slug, now());
          // A name no shop's short name can be ("Garage Bakker", the name on its messages): said, as nothing of which
          // shops exist is.
          // The password is typed again (the name stays filled in): the focus goes there, or to a name that cannot be one.
          const wrong: ('slug' | 'password')[] = SLUG.test(slug) ? ['password', 'slug'] : ['slug'];
          return loginPage(res, locale, { status: 401, error: SLUG.test(slug) ? w.loginFailed : w.loginFailedName, slug, next, wrong });
        }
        // The session first, and only if the password checked is still the shop's (it may have changed meanwhile);
        // then the same password hashed at today's cost, which keeps sessions.
        const session = await store.sessions.start(shop.id, now(), shop.passwordHash);
        if (!session) return loginPage(res, locale, { status: 401, error: w.loginFailed, slug, next, wrong: ['password', 'slug'] });
        await limits.succeeded(req.ip);
        // (The device's cookie is made over the hash the password has from now on.)
        let hash = shop.passwordHash!;
        if (needsRehash(hash)) {
          const upgraded = await hashPassword(password);
          await store.sessions.upgradePassword(shop.id, hash, upgraded);
          hash = upgraded;
        }
        res.append('Set-Cookie', cookie(SESSION, session, SESSION_DAYS * 86_400));
        res.append('Set-Cookie', cookie(DEVICE(shop.id), await store.loginLimits.device(shop.id, hash), DEVICE_DAYS * 86_400));
        res.append('Set-Cookie', cookie(LOGIN_CSRF, '', 0));
        res.redirect(303, next || `/shops/${shop.slug}`);
      } finally {
        if (alone) limits.end(req.ip);
      }
    });

  /**
   * Lets through only the owner of the shop in the path. A link to another shop's page (the alert e-mail's, to an owner
   * of two logged in to the other) leads to the login for it, and on to the page after; the same for a name that is
   * no shop's, so that nothing tells which shops exist; a tap on a form of its page, too (not done). Anything else of
   * another shop (an export) is "not found", never "forbidden".
   */
  const requireOwner: RequestHandler = async (req, res, next) => {
    // An owner's page or export holds customers' names and numbers: no browser or proxy may keep a copy.
    res.set('Cache-Control', 'no-store');
    const token = cookies(req)[SESSION];
    const session = await store.sessions.find(token, now());
    if (!session) {
      if (req.method === 'GET' && !req.path.endsWith('.csv')) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      // A tap on a page left open past the session ("Afgehandeld" the next morning): to the login, which says the tap
      // was not kept, and back to the page it was on after it, where the card waits for the tap again. Not an error
      // page with no way back, nor a silent login that leaves the owner thinking it was done.
      if (req.method === 'POST' && typeof req.params.slug === 'string') {
        return res.redirect(303, `/login?next=${encodeURIComponent(pageOfForm(req, req.params.slug))}&lost=1`);
      }
      throw new HttpError(401, 'unauthorized', 'log in first');
    }
    // An owner who uses the page stays logged in: past half its time, the session runs SESSION_DAYS from now again.
    if (await store.sessions.renew(token!, session, now())) res.append('Set-Cookie', cookie(SESSION, token!, SESSION_DAYS * 86_400));
    const shop = await store.shops.bySlug(String(req.params.slug));
    if (shop) knownInPath(res, shop.slug); // named in the log; a name that is no shop's is not (it may be anything typed)
    // An error page from here on speaks the language of the owner's own shop (never that of the shop in the path).
    res.locals.locale = pickLocale((shop?.id === session.shopId ? shop : await store.shops.byId(session.shopId))?.locale, 'en');
    if (!shop || shop.id !== session.shopId) {
      // Before, "this page does not exist, or is not one of your shop": the owner may think the complaint was gone.
      const link = safeNext(req.originalUrl);
      if (req.method === 'GET' && !req.path.endsWith('.csv') && link) return res.redirect(303, `/login?next=${encodeURIComponent(link)}`);
      // A tap on that shop's page, open in another tab from before she logged in to this one (one session a browser):
      // before, a bare "Niet gevonden", and the owner thought the tap or the shop was gone. Not done (nothing is read
      // or changed, and the form's CSRF token was the ended session's): to the login for that shop, which says whose
      // session this is and that the tap was not done, and back to the page it was on after it, to tap again. The
      // same for a name that is no shop's, as without a session.
      const page = req.method === 'POST' ? safeNext(pageOfForm(req, String(req.params.slug))) : '';
      if (page) return res.redirect(303, `/login?next=${encodeURIComponent(page)}&lost=1`);
      throw new HttpError(404, 'not_found', 'no such page');
    }
    res.locals.owner = { shop, csrf: session.csrf } satisfies Owner;
    next();
  };

  /** Every form a logged-in owner posts carries the session's CSRF token. */
  const requireCsrf: RequestHandler[] = [
    express.urlencoded({ extended: false, limit: '4kb' }),
    (req, res, next) => {
      if (!safeEqual(String(req.body?._csrf ?? ''), owner(res).csrf)) throw new HttpError(403, 'forbidden', 'the form has expired: reload the page');
      next();
    },
  ];

  router.post('/logout', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const token = cookies(req)[SESSION];
    const session = await store.sessions.find(token, now());
    if (session && !safeEqual(String(req.body?._csrf ?? ''), session.csrf)) throw new HttpError(403, 'forbidden', 'the form has expired: reload the page');
    if (token) await store.sessions.end(token);
    res.append('Set-Cookie', cookie(SESSION, '', 0));
    res.redirect(303, '/login');
  });

  return { router, requireOwner, requireCsrf };
}
