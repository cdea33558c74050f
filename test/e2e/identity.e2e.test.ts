/**
 * Identity end to end, in Chromium against a real `tandem serve` on an empty data folder:
 * first-run setup through the printed one-time link, sign-in with password, MFA enrolment,
 * sign-out, sign-in with password and TOTP, inviting a person whose invitation link is opened in
 * a fresh browser (a new account: they choose its password), their own MFA enrolment, the same
 * person accepting a second invitation by signing in to that account, and the first administrator
 * reading the audit log.
 * The tests run in order and share the server and the administrator's browser context.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/core/identity/totp.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { newContext, shown, signIn, startServerAndBrowser } from '../support/e2e.ts';

const admin = { name: 'Ada Admin', email: 'ada.admin@harbor-it.example', password: 'violet kayak orbit 7731 tandem' };
const tech = {
  name: 'Theo Technician',
  email: 'theo.tech@harbor-it.example',
  password: 'amber lantern quarry 4402 river',
};
const practiceName = 'Alder Family Medicine';
const screenshots = { enrolment: '/tmp/tandem-mfa-enrolment.png', audit: '/tmp/tandem-audit-log.png' };

function pathOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

/** Fail a step with Playwright's own description of what it waited for, well inside the test's time. */
const contextOptions = { height: 860, timezoneId: 'America/Chicago', timeoutMs: 10_000 };

/** Fills the enrolment form from the secret on the page; returns the secret and the recovery codes. */
async function enrolMfa(page: Page, screenshot?: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.waitForURL((u) => u.pathname === '/account/mfa');
  await shown(page.getByRole('heading', { name: 'Two-factor authentication' }));
  const secret = ((await (await shown(page.getByTestId('mfa-secret'))).textContent()) ?? '').trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await shown(page.getByRole('img', { name: 'QR code to scan with your authenticator app' }));
  // The QR code is an image that actually decodes (loaded, not a broken data URL).
  await expect
    .poll(() => page.getByTestId('mfa-qr').evaluate((img) => (img instanceof HTMLImageElement ? img.naturalWidth : 0)))
    .toBeGreaterThan(0);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.getByLabel('6-digit code').fill(await totpCode(secret, new Date()));
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await shown(page.getByRole('heading', { name: 'Save your recovery codes' }));
  await expect.poll(() => page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
  const recoveryCodes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim());
  const cont = page.getByRole('button', { name: 'Continue' });
  expect(await cont.isDisabled()).toBe(true);
  await page.getByLabel('I have saved these recovery codes somewhere safe').check();
  await cont.click();
  await page.waitForURL((u) => u.pathname !== '/account/mfa');
  return { secret, recoveryCodes };
}

describe.skipIf(!chromiumAvailable())('identity in Chromium: setup, sign-in with MFA, people, audit log', () => {
  let adminContext: BrowserContext;
  let page: Page;
  let adminSecret = '';
  let invitationLink = '';
  let techRecoveryCode = '';
  // Setup itself is under test: the server starts on an empty folder, as after installing.
  // initdb, every migration and Chromium can take over the 120 s default on a loaded machine.
  const e2e = startServerAndBrowser({ folderPrefix: 'tandem-e2e-identity-', from: 'empty', hookTimeoutMs: 300_000 });
  beforeAll(async () => {
    adminContext = await newContext(e2e.browser, contextOptions);
    page = await adminContext.newPage();
  });

  it('finishes first-run setup through the one-time link Tandem prints on an empty database', async () => {
    await expect.poll(() => e2e.server.output()).toMatch(/\/setup\?token=\S+/);
    const link = /(http:\/\/\S+\/setup\?token=\S+)/.exec(e2e.server.output())?.[1] ?? '';
    expect(link.startsWith(e2e.server.url)).toBe(true);

    await page.goto(link);
    await shown(page.getByRole('heading', { name: 'Set up Tandem' }));
    await page.getByLabel('Organisation name').fill('Harbor IT Partners');
    await page.getByLabel('Practice name').fill(practiceName);
    await page.getByLabel('Your name').fill(admin.name);
    await page.getByLabel('Your email').fill(admin.email);

    // A common password is refused by the server's password rules; the problem is named
    // "body.admin.password" like every 400 of the API and shown at the password field.
    await page.getByLabel(/^Password/).fill('password1234');
    await page.getByLabel('Repeat the password').fill('password1234');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/setup') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Set up Tandem' }).click();
    const reply = await refused;
    expect(reply.status()).toBe(400);
    expect((await reply.json()).error.details).toEqual([
      { path: 'body.admin.password', message: 'is a commonly used password; choose another' },
    ]);
    const alert = await shown(page.getByRole('alert').filter({ hasText: 'The setup details are not valid' }));
    await shown(page.getByText('is a commonly used password; choose another'));
    // At the field, not in the alert's list of problems the form has no field for.
    expect(await alert.textContent()).not.toMatch(/admin\.password|commonly used/);

    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByLabel('Repeat the password').fill(admin.password);
    await page.getByRole('button', { name: 'Set up Tandem' }).click();

    await page.waitForURL((u) => u.pathname === '/sign-in');
    await shown(page.getByText(`Tandem is set up. Sign in as ${admin.email}`));
    // The link worked once: it is spent now.
    const again = await adminContext.newPage();
    await again.goto(link);
    await shown(again.getByRole('heading', { name: 'Tandem is already set up' }));
    await again.close();
  });

  it('signs the administrator in with a password and enrols MFA, which the MSP role requires', async () => {
    expect(await page.getByLabel('Email').inputValue()).toBe(admin.email);
    await signIn(page, admin.email, admin.password);
    adminSecret = (await enrolMfa(page, screenshots.enrolment)).secret;
    // Nowhere in particular was asked for: home, which for an MSP administrator lists its practices.
    await page.waitForURL((u) => u.pathname === '/home');
    await shown(page.getByTestId('current-practice').getByText(practiceName));
    await shown(page.getByRole('table', { name: 'Your practices' }).getByRole('link', { name: practiceName }));
  });

  it('signs out, refuses a wrong password, and signs in with password and TOTP to the page asked for', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await shown(page.getByText('You have signed out.'));

    // A deep link while signed out goes to sign-in and comes back after it.
    await page.goto(`${e2e.server.url}/practice/people`);
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await signIn(page, admin.email, 'not the right password at all');
    await shown(page.getByRole('alert').getByText('Wrong email or password'));

    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in/mfa');
    await shown(page.getByRole('heading', { name: 'Two-factor authentication' }));
    // The enrolment used this time step's code, and a code is never accepted twice: use the
    // next step's code, which the server accepts as clock drift.
    await page.getByLabel('6-digit code').fill(await totpCode(adminSecret, new Date(Date.now() + 30_000)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((u) => u.pathname === '/practice/people');
    await shown(page.getByRole('heading', { name: 'People' }));
    await shown(page.getByRole('table', { name: 'People' }).getByText(admin.email));
  });

  it('keeps module navigation and deep links working once signed in', async () => {
    await page.getByRole('link', { name: 'Advisor', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/advisor');
    await shown(page.getByRole('heading', { name: 'Advisor' }));
    await page.reload();
    await shown(page.getByRole('heading', { name: 'Advisor' }));
    expect(pathOf(page)).toBe('/advisor');
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/practice/people');
  });

  it('invites a person as MSP technician, shows the invitation link once and lists it as pending', async () => {
    await page.getByRole('button', { name: 'Add person' }).click();
    const dialog = await shown(page.getByRole('dialog'));
    await dialog.getByLabel('Name').fill(tech.name);
    await dialog.getByLabel('Email').fill(tech.email);
    await dialog.getByLabel('Role').click();
    await page.getByRole('option', { name: 'MSP technician' }).click();
    await dialog.getByRole('button', { name: 'Add person' }).click();

    invitationLink = ((await (await shown(page.getByTestId('invitation-link'))).textContent()) ?? '').trim();
    expect(invitationLink).toMatch(new RegExp(`^${e2e.server.url}/invitation\\?token=`));
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    // Not a member until they accept: listed under Invitations, not under People.
    const invited = page.getByRole('table', { name: 'Invitations' }).getByRole('row').filter({ hasText: tech.email });
    await shown(invited.getByText('pending'));
    expect(await page.getByRole('table', { name: 'People' }).getByText(tech.email).count()).toBe(0);
  });

  it('lets the invited person choose the password of their new account in a fresh browser, sign in and enrol MFA', async () => {
    const context = await newContext(e2e.browser, contextOptions);
    const techPage = await context.newPage();
    await techPage.goto(invitationLink);
    await shown(techPage.getByRole('heading', { name: `Join ${practiceName}` }));
    await shown(techPage.getByText(`${tech.name} (${tech.email}) is invited as MSP technician`));
    await techPage.getByLabel('New password').fill(tech.password);
    await techPage.getByLabel('Repeat the password').fill(tech.password);
    await techPage.getByRole('button', { name: 'Create account and join' }).click();
    await techPage.waitForURL((u) => u.pathname === '/sign-in');
    await shown(techPage.getByText(`Your account is ready and you have joined ${practiceName}.`));
    expect(await techPage.getByLabel('Email').inputValue()).toBe(tech.email);

    // The link worked once.
    const spent = await context.newPage();
    await spent.goto(invitationLink);
    await shown(spent.getByRole('alert').getByText(/This invitation is not valid/));
    await spent.close();

    await signIn(techPage, tech.email, tech.password);
    // msp_technician must enrol before anything else: the guard keeps them on the enrolment page.
    await techPage.waitForURL((u) => u.pathname === '/account/mfa');
    await shown(techPage.getByText('Your role requires a second factor'));
    const { recoveryCodes } = await enrolMfa(techPage);
    await shown(techPage.getByTestId('current-practice').getByText(practiceName));

    // Signing in again with a recovery code instead of the app.
    await techPage.getByRole('button', { name: 'Account menu' }).click();
    await techPage.getByRole('menuitem', { name: 'Sign out' }).click();
    await signIn(techPage, tech.email, tech.password);
    await techPage.waitForURL((u) => u.pathname === '/sign-in/mfa');
    await techPage.getByRole('button', { name: 'Use a recovery code' }).click();
    await techPage.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
    techRecoveryCode = recoveryCodes[1] ?? '';
    await techPage.getByRole('button', { name: 'Verify' }).click();
    await techPage.waitForURL((u) => u.pathname === '/home');
    await shown(techPage.getByTestId('current-practice').getByText(practiceName));

    // A technician may see people but not the audit log: the server's refusal is shown.
    await techPage.getByRole('link', { name: 'Audit log' }).click();
    await shown(techPage.getByRole('alert').getByText(/does not allow audit\.read/));

    // When the server ends a session in use (here: the cookie is gone), the next API call answers
    // 401 and the app goes to sign-in, saying the session ended (not idle: the page was in use).
    await context.clearCookies();
    await techPage.getByRole('link', { name: 'People', exact: true }).click();
    await techPage.waitForURL((u) => u.pathname === '/sign-in');
    await shown(techPage.getByText('Your session ended: you were signed out elsewhere, or your access changed.'));
    expect(await techPage.getByText('without activity').count()).toBe(0);
    await context.close();
  });

  it('has an existing account accept a second invitation by signing in to it, then change its password', async () => {
    // A second practice of the organisation, and an invitation of the technician's address to it.
    const session = (await (await page.request.get(`${e2e.server.url}/api/v1/auth/session`)).json()) as {
      csrfToken: string;
    };
    const created = await page.request.post(`${e2e.server.url}/api/v1/practices`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { name: 'Birch Dental', specialty: 'dental' },
    });
    expect(created.status()).toBe(201);
    const birch = ((await created.json()) as { id: string }).id;
    const invited = await page.request.post(`${e2e.server.url}/api/v1/practices/${birch}/members`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { email: tech.email, displayName: 'Typed By The Inviter', role: 'msp_technician' },
    });
    expect(invited.status()).toBe(201);
    const link = ((await invited.json()) as { invitationLink: string }).invitationLink;

    const context = await newContext(e2e.browser, contextOptions);
    const techPage = await context.newPage();
    await techPage.goto(link);
    await shown(techPage.getByRole('heading', { name: 'Join Birch Dental' }));
    await techPage.getByRole('link', { name: 'I already have a Tandem account: sign in to accept' }).click();
    await techPage.waitForURL((u) => u.pathname === '/sign-in');
    expect(await techPage.getByLabel('Email').inputValue()).toBe(tech.email);
    await techPage.getByLabel(/^Password/).fill(tech.password);
    await techPage.getByRole('button', { name: 'Sign in' }).click();
    await techPage.waitForURL((u) => u.pathname === '/sign-in/mfa');
    await techPage.getByRole('button', { name: 'Use a recovery code' }).click();
    await techPage.getByLabel('Recovery code').fill(techRecoveryCode);
    await techPage.getByRole('button', { name: 'Verify' }).click();
    // Back on the invitation, now signed in as the invited address.
    await techPage.waitForURL((u) => u.pathname === '/invitation');
    await techPage.getByRole('button', { name: 'Accept the invitation' }).click();
    await techPage.waitForURL((u) => u.pathname !== '/invitation');
    await techPage.getByTestId('current-practice').click();
    await shown(techPage.getByRole('option', { name: /Birch Dental/ }));
    await techPage.keyboard.press('Escape');

    // Changing the password on the account page needs the current one.
    await techPage.getByRole('button', { name: 'Account menu' }).click();
    await techPage.getByRole('menuitem', { name: 'Password' }).click();
    await techPage.waitForURL((u) => u.pathname === '/account/password');
    await techPage.getByLabel('Current password').fill('not the current password');
    await techPage.getByLabel('New password').fill('cobalt meadow signal 9051 tide');
    await techPage.getByLabel('Repeat the password').fill('cobalt meadow signal 9051 tide');
    await techPage.getByRole('button', { name: 'Change password' }).click();
    await shown(techPage.getByText('is not your current password'));
    await techPage.getByLabel('Current password').fill(tech.password);
    await techPage.getByRole('button', { name: 'Change password' }).click();
    await shown(techPage.getByRole('status').getByText('Your password is changed'));
    await context.close();
  });

  it('creates an API token that is shown once and works, then revokes it', async () => {
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.waitForURL((u) => u.pathname === '/practice/api-tokens');
    await shown(page.getByText('No API tokens yet.'));
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = await shown(page.getByRole('dialog'));
    await dialog.getByLabel('Name').fill('Backup agent on FS01');
    await dialog.getByLabel('Read the audit log').check();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const token = ((await (await shown(page.getByTestId('new-api-token'))).textContent()) ?? '').trim();
    expect(token).toMatch(/^tdm_/);
    const asToken = await page.request.get(`${e2e.server.url}/api/v1/practices`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asToken.status()).toBe(200);
    expect(await asToken.text()).toContain(practiceName);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row').filter({ hasText: 'Backup agent on FS01' });
    await shown(row.getByText('active'));
    expect(await row.textContent()).not.toContain(token);
    await row.getByRole('button', { name: 'Revoke Backup agent on FS01' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await shown(row.getByText('revoked'));
    const afterRevoke = await page.request.get(`${e2e.server.url}/api/v1/practices`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(afterRevoke.status()).toBe(401);
  });

  it('shows the administrator the audit log with the invitation, membership and token, filtered and exported', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL((u) => u.pathname === '/practice/audit');
    const table = await shown(page.getByRole('table', { name: 'Audit log' }));
    await shown(table.getByText('membership.created'));
    await shown(table.getByText(tech.email));
    await shown(table.getByText('api_token.created'));
    await shown(table.getByText('api_token.revoked'));
    await shown(table.getByText('invitation.created'));
    // Sign-ins belong to no practice: a practice's view holds only what was recorded in it.
    expect(await table.getByText('auth.sign_in.succeeded').count()).toBe(0);
    await page.screenshot({ path: screenshots.audit, fullPage: true });

    // Filter by action: the address bar and the CSV link carry the same filter.
    await page.getByRole('textbox', { name: 'Action' }).fill('membership.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((u) => u.searchParams.get('action') === 'membership.');
    await expect.poll(() => table.getByText('api_token.created').count()).toBe(0);
    await shown(table.getByText('membership.created'));
    const csvHref = (await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')) ?? '';
    expect(csvHref).toMatch(/\/audit\.csv\?action=membership\.$/);
    const csv = await page.request.get(`${e2e.server.url}${csvHref}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain('membership.created');
    expect(text).not.toContain('api_token.created');
  });
  it('signs an administrator out with the reason when they change their own role', async () => {
    await page.getByRole('link', { name: 'People', exact: true }).click();
    const people = await shown(page.getByRole('table', { name: 'People' }));
    // Someone else must be an administrator first: the last one cannot step down.
    const roleOf = (email: string) =>
      people
        .getByRole('row')
        .filter({ hasText: email })
        .getByLabel(/^Role of /);
    await roleOf(tech.email).click();
    await page.getByRole('option', { name: 'MSP administrator' }).click();
    await expect.poll(() => roleOf(tech.email).inputValue()).toBe('MSP administrator');
    await roleOf(admin.email).click();
    await page.getByRole('option', { name: 'MSP technician' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await shown(page.getByText('Your session ended: you were signed out elsewhere, or your access changed.'));
    expect(await page.getByText('without activity').count()).toBe(0);
  });
});
