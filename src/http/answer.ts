import type { Response } from 'express';

/**
 * A webhook's JSON answer, written as it is: what `res.json()` sends, less its work per answer that a webhook has no
 * use for (express reads back the Content-Type it set to add the charset, and turns the text into bytes once more to
 * hash it for an ETag, which this app does not send). A till's burst pays that on every sale. Headers set before (the
 * security headers, the request id) go out with it.
 */
export function answerJson(res: Response, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }).end(text);
}
