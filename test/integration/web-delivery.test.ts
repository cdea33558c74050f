/**
 * How the web app and the API travel (src/server/web-delivery.ts): compression negotiated per
 * request (Brotli, gzip, or none), the build's precompressed copies sent as they are, a year of
 * caching for content-hashed files, and revalidation for index.html. Served from the real build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/web-build.mjs';
import { defaultWebDir } from '../../src/server/app.ts';
import { describeEachEngine } from '../support/databases.ts';
import { as, buildWorld, signInAs, type SignedIn, type World } from '../support/world.ts';

const decoders: Record<string, (bytes: Buffer) => Buffer> = {
  br: brotliDecompressSync,
  gzip: gunzipSync,
};

/** The reply's body as the browser sees it once it has undone the content encoding. */
function decoded(res: { rawPayload: Buffer; headers: Record<string, unknown> }): Buffer {
  const encoding = res.headers['content-encoding'];
  if (encoding === undefined) return res.rawPayload;
  const decode = decoders[String(encoding)];
  if (!decode) throw new Error(`unexpected content-encoding ${String(encoding)}`);
  return decode(res.rawPayload);
}

describe('the web build', () => {
  beforeAll(() => ensureWebBuild(), 120_000);

  it('has a Brotli and a gzip copy beside every script and style, each holding the same bytes', () => {
    const assets = path.join(defaultWebDir, 'assets');
    const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const bytes = readFileSync(path.join(assets, file));
      // Tiny files may not shrink; everything over a few hundred bytes of text does.
      if (bytes.length < 512) continue;
      expect(brotliDecompressSync(readFileSync(path.join(assets, `${file}.br`))).equals(bytes), file).toBe(true);
      expect(gunzipSync(readFileSync(path.join(assets, `${file}.gz`))).equals(bytes), file).toBe(true);
    }
  });
});

describeEachEngine('web delivery', (db) => {
  let world: World;
  let admin: SignedIn;
  let script: string;
  let scriptBytes: Buffer;

  beforeAll(async () => {
    ensureWebBuild();
    world = await buildWorld(db());
    admin = await signInAs(world, world.users.practiceAdmin);
    const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(
      readFileSync(path.join(defaultWebDir, 'index.html'), 'utf8'),
    );
    script = entry![1]!;
    scriptBytes = readFileSync(path.join(defaultWebDir, script));
  }, 120_000);

  const get = (url: string, headers: Record<string, string> = {}) => world.app.inject({ method: 'GET', url, headers });

  it('sends a script as Brotli, gzip or plain bytes, whichever the browser accepts, and says it varies', async () => {
    const cases: [string | undefined, string | undefined][] = [
      ['gzip, deflate, br', 'br'],
      ['br;q=1.0, gzip;q=0.8', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
      [undefined, undefined],
    ];
    for (const [accept, expected] of cases) {
      const res = await get(script, accept ? { 'accept-encoding': accept } : {});
      expect(res.statusCode, String(accept)).toBe(200);
      expect(res.headers['content-encoding'], String(accept)).toBe(expected);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers.vary).toContain('accept-encoding');
      expect(decoded(res).equals(scriptBytes), String(accept)).toBe(true);
    }
    // The precompressed copy is much smaller than the file: the point of the exercise. Seen on the
    // largest script the page loads first: the entry is a kilobyte of imports, which compresses to
    // about half, either side of it as the chunks' hashed names change.
    const html = readFileSync(path.join(defaultWebDir, 'index.html'), 'utf8');
    const largest = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)]
      .map((m) => ({ url: m[1]!, size: readFileSync(path.join(defaultWebDir, m[1]!)).length }))
      .reduce((a, b) => (b.size > a.size ? b : a));
    const br = await get(largest.url, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(largest.size / 2);
  });

  it('lets the browser keep content-hashed files for a year, and revalidate index.html every time', async () => {
    const hashed = await get(script, { 'accept-encoding': 'br' });
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/index.html', '/sign-in', '/advisor/some-assessment']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'br' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(decoded(res).toString('utf8'), url).toContain(script);
      // Revalidation costs a round trip, not the file: its ETag answers 304.
      const again = await get(url, {
        accept: 'text/html',
        'accept-encoding': 'br',
        'if-none-match': String(res.headers.etag),
      });
      expect(again.statusCode, url).toBe(304);
    }
  });

  it('answers /sign-in with the page prerendered into index.html, and other routes with the empty one', async () => {
    const html = async (url: string) => {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'br' });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
      return decoded(res).toString('utf8');
    };
    for (const url of ['/sign-in', '/sign-in/', '/sign-in?from=%2Fadvisor']) {
      const page = await html(url);
      expect(page, url).toContain(script);
      expect(page, url).toMatch(/<h1[^>]*>Sign in<\/h1>/);
      expect(page, url).toMatch(/<input readonly="" [^>]*type="email"/);
      expect(page, url).not.toContain('<div id="root"></div>');
      // It paints without them: its scripts come at low priority, behind the stylesheet.
      expect(page, url).toContain(`<script type="module" fetchpriority="low" crossorigin src="${script}">`);
      expect(page, url).not.toMatch(/<link rel="modulepreload" (?!fetchpriority="low")/);
    }
    for (const url of ['/', '/sign-in/mfa', '/prerendered/sign-in.html', '/unknown-page']) {
      expect(await html(url), url).toContain('<div id="root"></div>');
    }
    // The copy is the answer to its route, not a file of its own address.
    expect((await get('/prerendered/sign-in.html')).statusCode).toBe(404);
  });

  it('answers the pages inside the signed-in frame with the frame prerendered, holding nothing of anyone', async () => {
    const urls = [
      '/advisor',
      '/advisor/0f8fad5b-d9cb-469f-a165-70867728950e',
      '/responsibilities?practice=x',
      '/about',
    ];
    for (const url of [...urls, '/practice/people', '/home/']) {
      const res = await get(url, { accept: 'text/html', 'accept-encoding': 'br', ...as(admin) });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      const page = decoded(res).toString('utf8');
      expect(page, url).toContain(script);
      expect(page, url).toContain('<header');
      expect(page, url).toMatch(/<nav [^>]*aria-label="Main navigation"><\/nav>/);
      expect(page, url).toMatch(/<main [^>]*id="main-content"[^>]*>.*aria-label="Loading"/);
      // The same bytes for everyone: no name, address or practice of the one who asked.
      for (const personal of [world.users.practiceAdmin.email, 'Sign out', 'Sign in'])
        expect(page, url).not.toContain(personal);
      expect(page, url).toContain(`<script type="module" fetchpriority="low" crossorigin src="${script}">`);
    }
    expect((await get('/prerendered/frame/app.html')).statusCode).toBe(404);
  });

  it('does not offer the compressed copies as addresses of their own', async () => {
    const res = await get(`${script}.br`);
    expect(res.statusCode).toBe(404);
  });

  it('compresses API replies on the fly and keeps them out of every cache', async () => {
    // The API's own description: public and well over the 1 KiB below which nothing is compressed.
    const url = '/api/v1/openapi.json';
    const plain = await world.app.inject({ method: 'GET', url, headers: as(admin) });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    for (const [accept, expected] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const res = await world.app.inject({ method: 'GET', url, headers: { ...as(admin), 'accept-encoding': accept } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(expected);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(decoded(res).toString('utf8'))).toEqual(JSON.parse(plain.body));
    }
  });

  it('leaves a short reply as it is: compressing it would cost more than it saves', async () => {
    const res = await get('/healthz', { 'accept-encoding': 'br' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeLessThan(1024);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
