import { createHmac, timingSafeEqual } from 'node:crypto';

export const emailWebhookSignatureHeader = 'x-dateline-signature';

/** `sha256=<hex HMAC-SHA256 of the body>`, as an e-mail service (or a relay in front of one) signs each request with EMAIL_WEBHOOK_SECRET. */
export function signEmailWebhookBody(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether the header signs exactly these bytes with the secret; compared in constant time. */
export function isSignedEmailWebhookBody(body: Buffer, header: string | undefined, secret: string): boolean {
  if (header === undefined || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const expected = Buffer.from(signEmailWebhookBody(body, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
