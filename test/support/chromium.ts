import { existsSync } from 'node:fs';

/** Chromium for end-to-end tests: TANDEM_CHROMIUM, else Debian's /usr/bin/chromium. */
export function findChromium(): { path: string } | { missing: string } {
  const candidates = [process.env.TANDEM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (c): c is string => typeof c === 'string' && c.length > 0,
  );
  const found = candidates.find((c) => existsSync(c));
  return found
    ? { path: found }
    : { missing: `no Chromium at ${candidates.join(' or ')}; install the chromium package or set TANDEM_CHROMIUM` };
}

/** Flags that keep headless Chromium off the network and quiet on a locked-down machine. */
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
