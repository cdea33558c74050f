/**
 * Webhook secrets and signatures (docs/webhooks.md). The signature is an HMAC-SHA256, keyed with
 * the secret's text, over "<timestamp>.<raw body>", so a receiver can reject an old timestamp
 * (replay) knowing it was signed with the body.
 */
import { createHmac, randomBytes } from 'node:crypto';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The Tandem-Signature header's value. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
