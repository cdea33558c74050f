import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import { chromiumArgs } from './chromium.ts';

/** Launches Debian's Chromium headless; global-setup already decided whether it exists. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = inject('chromiumPath');
  if (!executablePath) throw new Error(inject('chromiumMissing') ?? 'Chromium not available');
  return chromium.launch({ executablePath, headless: true, args: chromiumArgs });
}

export const chromiumAvailable = (): boolean => inject('chromiumPath') !== null;
