/**
 * The guided profile form from the keyboard only (issue 14.9, WCAG 2.1.1): in Chromium against a
 * real `tandem serve`, a practice is described from scratch with Tab, Shift+Tab, Enter, Space,
 * arrow keys and typing (no click anywhere), the assessment is run with Enter, and the result page
 * shows. Every control on the way must be reachable in the tab order (a control missed after a
 * full round of Tab fails the test, which is how a focus trap shows too) and every button, switch,
 * checkbox, tab and section header must draw a focus ring when it has focus. Text fields show
 * focus by their caret and a coloured border rather than a ring, so only they are exempt.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../bench/support/signed-in.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { newContext, shown, startServerAndBrowser } from '../support/e2e.ts';

/** More Tab presses than the page has stops: not finding a control within them means it is unreachable. */
const MAX_STOPS = 150;

interface Focus {
  /** The focused element's label, aria-label or text. */
  name: string;
  tag: string;
  role: string | null;
  /** Whether a focus ring (an outline or a box shadow) is drawn. */
  ring: boolean;
}

function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '', tag: 'BODY', role: null, ring: false };
    const input = el as HTMLInputElement;
    const labelled = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      input.labels?.[0]?.textContent ??
      el.textContent ??
      '';
    const style = getComputedStyle(el);
    const ring =
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
      (style.boxShadow !== 'none' && style.boxShadow !== '');
    return { name: name.replace(/\s*\*$/, '').trim(), tag: el.tagName, role: el.getAttribute('role'), ring };
  });
}

const isTextEntry = (f: Focus) =>
  (f.tag === 'INPUT' || f.tag === 'TEXTAREA') && f.role !== 'switch' && f.role !== 'checkbox';

describe.skipIf(!chromiumAvailable())('guided profile form from the keyboard only, in Chromium', () => {
  let page: Page;
  const e2e = startServerAndBrowser({
    folderPrefix: 'tandem-e2e-advisor-keys-',
    from: 'practice',
    hookTimeoutMs: 300_000,
  });
  /** Controls seen without a focus ring, by name. */
  const ringless = new Set<string>();

  /**
   * Presses Tab (Shift+Tab when back) until the focused control's name matches, failing when it is
   * not reached within MAX_STOPS presses; checks the focus ring of every stop on the way.
   */
  async function tabTo(name: string | RegExp, back = false): Promise<Focus> {
    const wanted = (f: Focus) => (typeof name === 'string' ? f.name === name : name.test(f.name));
    for (let i = 0; i < MAX_STOPS; i++) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const f = await focus(page);
      if (f.tag !== 'BODY' && !isTextEntry(f) && !f.ring) ringless.add(`${f.tag} ${f.role ?? ''} "${f.name}"`);
      if (wanted(f)) return f;
    }
    throw new Error(`${String(name)} was not reached with ${back ? 'Shift+Tab' : 'Tab'}`);
  }

  /** Types into the focused field, replacing what it holds. */
  async function type(text: string): Promise<void> {
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }

  /** Opens the section whose header has focus, with Enter, unless it is open. */
  async function openSection(): Promise<void> {
    const expanded = () => page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'));
    if ((await expanded()) !== 'true') await page.keyboard.press('Enter');
    await expect.poll(expanded).toBe('true');
  }

  /** Opens the focused select with the arrow key and moves to the option named, then Enter. */
  async function choose(option: string): Promise<void> {
    await page.keyboard.press('ArrowDown');
    const listbox = await shown(page.getByRole('listbox'));
    for (let i = 0; i < 20; i++) {
      const active = listbox.locator('[data-combobox-selected]');
      if ((await active.count()) > 0 && (await active.textContent())?.trim() === option) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
  }

  beforeAll(async () => {
    const session = await signIn(e2e.server.url);
    const context = await newContext(e2e.browser, { timeoutMs: 30_000 });
    const [name, value] = session.headers.cookie!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: e2e.server.url }]);
    page = await context.newPage();
  }, 300_000);

  it('describes a practice, runs the assessment and reads the result without a mouse', async () => {
    await page.goto(`${e2e.server.url}/advisor`);
    await shown(page.getByRole('tab', { name: 'Guided form', selected: true }));

    await tabTo('Practice name');
    await type('Keyboard Family Dental');
    await tabTo('Kind of practice');
    await choose('Dental');
    expect(await page.getByRole('textbox', { name: 'Kind of practice' }).inputValue()).toBe('Dental');
    await tabTo('Providers');
    await type('3');
    await tabTo('Staff who use computers');
    await type('12');
    // Back one field and forward again: Shift+Tab leaves no trap either.
    await tabTo('Providers', true);
    await tabTo('Staff who use computers');

    // A person on staff: the section opens with Enter on its header if it is closed.
    await tabTo('IT staff');
    await openSection();
    await tabTo('Add a person');
    await page.keyboard.press('Enter');
    await tabTo('Name (optional)');
    await type('Dana Lee');
    await tabTo('Yearly salary (optional)');
    await type('48000');
    await tabTo('End-user devices and EMR peripherals');
    await page.keyboard.press('Space');
    const person = page.getByRole('group', { name: 'Dana Lee' });
    expect(await person.getByRole('checkbox', { name: 'End-user devices and EMR peripherals' }).isChecked()).toBe(true);

    // The insurer's MFA requirement: open the section from its header, then Space on the switch.
    await tabTo('Insurer requirements');
    await openSection();
    await tabTo(/^Multi-factor sign-in \(MFA\)/);
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Multi-factor sign-in (MFA)').isChecked()).toBe(true);

    await tabTo('Iterations');
    await type('2000');
    await tabTo('Run assessment');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && /\/assessments$/.test(new URL(r.url()).pathname), {
        timeout: 60_000,
      }),
      page.keyboard.press('Enter'),
    ]);
    expect(response.status(), await response.text()).toBe(201);
    await page.waitForURL((u) => /^\/advisor\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 30_000 });
    await shown(page.getByRole('heading', { level: 1, name: /^IT sourcing assessment: / }));
    await shown(page.getByText(/^Keyboard Family Dental\. Run /));
    await shown(page.getByRole('table', { name: 'Recommendation by function' }));

    expect([...ringless], 'controls with no visible focus ring').toEqual([]);
  }, 300_000);
});
