/**
 * Webhook secrets and signatures (docs/webhooks.md). The signature is an HMAC-SHA256, keyed with
 * the secret's text, over "<timestamp>.<raw body>", so a receiver can reject an old timestamp
 * (replay) knowing it was signed with the body.
 */
import { createHmac, randomBytes } from 'node:crypto';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** One `v1=<hex>` entry of the Tandem-Signature header. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The Tandem-Signature header's value: an entry per valid secret, space-separated, the newest
 * first (as Standard Webhooks and Stripe do), so during a rotation's overlap a receiver holding
 * either secret finds a match, and one holding both can prefer the new.
 */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return secrets.map((secret) => signature(secret, timestamp, body)).join(' ');
}
