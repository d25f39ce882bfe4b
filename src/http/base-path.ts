// nextdeal behind a reverse proxy at a path (PUBLIC_URL https://example.com/nextdeal), which the proxy strips before
// passing a request on: the routes stay as they are, and what the browser is sent names the path again.
import type { RequestHandler } from 'express';

/** The path of PUBLIC_URL, without its trailing slash: "/nextdeal", or "" at the root. */
export const basePath = (publicUrl: string): string => new URL(publicUrl).pathname.replace(/\/+$/, '');

/**
 * Puts the base path before every link, form and redirect to this site: the pages write them from the root
 * ("/shops/…", "/login"), as a page served at the root would. Only markup this code wrote matches: text a customer
 * typed is escaped, so no `href="/` can come of it.
 */
export function underBasePath(base: string): RequestHandler {
  return (_req, res, next) => {
    if (!base) return next();
    const send = res.send.bind(res);
    res.send = (body?: unknown) =>
      send(typeof body === 'string' && /html/.test(String(res.get('Content-Type'))) ? body.replace(/(\s(?:href|action|src)=")\/(?!\/)/g, `$1${base}/`) : body);
    const location = res.location.bind(res);
    res.location = (url: string) => location(url.startsWith('/') && !url.startsWith('//') ? base + url : url);
    next();
  };
}
