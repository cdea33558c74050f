/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s) through otplib. A code is accepted one step either side
 * of now (clock drift), and never twice: the last accepted step is stored per user.
 */
import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export const totpPeriod = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, accountLabel: string): string {
  return generateURI({ issuer: 'Tandem', label: accountLabel, secret });
}

export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

export async function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** The accepted time step, or undefined when the code is wrong, stale or already used. */
export async function checkTotp(
  secret: string,
  code: string,
  at: Date,
  lastStep: number | null,
): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  // Once the clock is set back (an NTP correction), the last used step can lie beyond any step
  // accepted now: no code can be newer, so none is accepted (otplib would throw, a 500).
  const newest = Math.floor(at.getTime() / 1000 / totpPeriod) + 1;
  if (lastStep !== null && lastStep >= newest) return undefined;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: totpPeriod,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid ? (result as { timeStep?: number }).timeStep : undefined;
}
