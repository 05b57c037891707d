import type { Database } from '../../db/database.ts';
import { queueSend } from '../delivery/queue-send.ts';

/**
 * The one place a send saved to go now is handed to delivery, right after it is saved (the digest
 * composer's "Send now", an article's send on publishing now), so its first messages leave without
 * waiting for the job loop's next pass. Delivery claims the send with a conditional update, so this
 * call and the job cannot both queue it; an article not yet published leaves it scheduled.
 */
export async function handOverSend(db: Database, sendId: number, now: Date): Promise<void> {
  await queueSend(db, sendId, now);
}
