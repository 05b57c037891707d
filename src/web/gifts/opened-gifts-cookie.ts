import type { FastifyReply, FastifyRequest } from 'fastify';
import { giftReopenWindowMs, parseOpenedGifts, withOpenedGift, type OpenedGifts } from '../../gifts/gift-rules.ts';

/**
 * The gift links this browser opened in the last day, so that reopening one does not use up another
 * of its opens. Signed with the server secret: a made-up cookie cannot spare a link its count.
 */
const openedGiftsCookieName = 'dl_gifts';

export function readOpenedGifts(request: FastifyRequest, now: Date): OpenedGifts {
  const raw = request.cookies[openedGiftsCookieName];
  if (raw === undefined) return new Map();
  const unsigned = request.unsignCookie(raw);
  return parseOpenedGifts(unsigned.valid ? unsigned.value : null, now);
}

export function rememberOpenedGift(
  reply: FastifyReply,
  { opened, giftId, now, isSecure }: { opened: OpenedGifts; giftId: number; now: Date; isSecure: boolean },
): void {
  reply.setCookie(openedGiftsCookieName, withOpenedGift(opened, giftId, now), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure,
    signed: true,
    maxAge: giftReopenWindowMs / 1000,
  });
}
