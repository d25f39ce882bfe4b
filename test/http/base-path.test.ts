// nextdeal behind a proxy at https://example.test/nd, which strips /nd: every link, form, redirect and cookie the
// browser gets must name /nd again, or the owner's login posts to whatever serves the host's root.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, startApp, testStore } from '../helpers.js';

describe('PUBLIC_URL with a path', () => {
  it('puts the path before every link, form, redirect and cookie of the owner\'s pages', async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const base = await startApp(store, Date.now, { publicUrl: 'https://example.test/nd' });

    const login = await fetch(`${base}/login`);
    const form = await login.text();
    expect(form).toContain('action="/nd/login"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const preCookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(login.headers.getSetCookie().every((c) => /; Path=\/nd;/.test(c))).toBe(true);

    const res = await fetch(`${base}/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: preCookie },
      body: new URLSearchParams({ _csrf: csrf, slug: 'fietsenmaker', password: 'correct horse battery', next: '' }),
    });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/nd/shops/fietsenmaker']);
    const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(res.headers.getSetCookie().every((c) => /; Path=\/nd;/.test(c))).toBe(true);

    const page = await (await fetch(`${base}/shops/fietsenmaker`, { headers: { cookie: session } })).text();
    const targets = [...page.matchAll(/\s(?:href|action)="([^"]*)"/g)].map((m) => m[1]!).filter((u) => !/^(#|tel:|mailto:|https:)/.test(u));
    expect(targets.length).toBeGreaterThan(5);
    expect(targets.filter((u) => !u.startsWith('/nd/'))).toEqual([]);
    expect(page).toContain('action="/nd/logout"');

    const away = await fetch(`${base}/shops/fietsenmaker/messages`, { redirect: 'manual' });
    expect(away.headers.get('location')).toBe('/nd/login?next=%2Fshops%2Ffietsenmaker%2Fmessages');
  });

  // The open-internet review of 5 December: under a path every answer said `Strict-Transport-Security: max-age=31536000;
  // includeSubDomains`, so that every *.example.test (a shop's NAS, a till's page on http) was https-only for a year for
  // whoever opened a link. The host is the site's: its own policy is its proxy's to set.
  it('sends no HSTS: the host belongs to the site in front of nextdeal', async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    const base = await startApp(store, Date.now, { publicUrl: 'https://example.test/nd' });
    for (const path of ['/login', '/healthz', `/shops/${shop.slug}`, '/nothing-here']) {
      expect((await fetch(`${base}${path}`, { redirect: 'manual' })).headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('changes nothing at the root, where HSTS is for that host alone', async () => {
    const store = await testStore();
    const base = await startApp(store, Date.now, { publicUrl: 'https://example.test' });
    const login = await fetch(`${base}/login`);
    expect(await login.text()).toContain('action="/login"');
    expect(login.headers.getSetCookie().every((c) => /; Path=\/;/.test(c))).toBe(true);
    // HSTS for this host alone: other names under the domain may well be http only.
    expect(login.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});
