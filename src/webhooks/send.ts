/**
 * One HTTP attempt of a delivery: POST the signed body, follow no redirect, give up after the
 * timeout, keep at most 1 KiB of the answer (control characters escaped, so a hostile receiver
 * cannot forge lines in a log or a terminal). It never throws: every outcome is a result to
 * record and classify.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { pinnedLookup, refusedLiteral } from './target.ts';

export const excerptBytes = 1024;
export const timeoutMs = 10_000;

export interface Attempt {
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  responseExcerpt: string;
}

export interface SendTarget {
  url: string;
  /** Skip the SSRF checks: the webhook's administrator allowed private targets. */
  allowPrivate: boolean;
}

/** Control characters as \u escapes; everything else as it is. */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function readExcerpt(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(escapeControl(Buffer.concat(chunks).subarray(0, excerptBytes).toString('utf8')));
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      // Enough read: the rest of a large answer is not waited for.
      if (size >= excerptBytes) {
        response.destroy();
        done();
      }
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}

export async function sendOnce(target: SendTarget, headers: Record<string, string>, body: string): Promise<Attempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(target.url);
  const literal = target.allowPrivate ? undefined : refusedLiteral(url);
  if (literal)
    return {
      statusCode: null,
      error: `refused: ${literal} is a private or reserved address`,
      latencyMs: 0,
      responseExcerpt: '',
    };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Attempt>((resolve) => {
    const request = send(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      lookup: target.allowPrivate ? undefined : pinnedLookup(),
      timeout: timeoutMs,
    });
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (err) => {
      clearTimeout(deadline);
      resolve({
        statusCode: null,
        error: escapeControl(err.message).slice(0, 500),
        latencyMs: elapsed(),
        responseExcerpt: '',
      });
    });
    request.on('response', (response) => {
      clearTimeout(deadline);
      const statusCode = response.statusCode ?? 0;
      void readExcerpt(response).then((responseExcerpt) =>
        resolve({ statusCode, error: null, latencyMs: elapsed(), responseExcerpt }),
      );
    });
    request.end(body);
  });
}

/** Network errors, 429 and 5xx are worth trying again; any other answer is final. */
export function isRetryable(attempt: Attempt): boolean {
  if (attempt.statusCode === null) return !attempt.error?.startsWith('refused');
  return attempt.statusCode === 429 || attempt.statusCode >= 500;
}

export function isSuccess(attempt: Attempt): boolean {
  return attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300;
}
