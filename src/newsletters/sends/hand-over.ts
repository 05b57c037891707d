import type { Database } from '../../db/database.ts';

/**
 * The one place a send saved to go now is handed to delivery, right after it is saved (the digest
 * composer's "Send now", an article's send on publishing now). Delivery's job loop
 * (`queueDueSends`) picks up every due send on its next pass, so this waits for nothing yet; when
 * delivery is merged, this calls its `queueSend(db, sendId, now)`, which claims the send with
 * `update … where status = 'scheduled'`, so the job and this call cannot both queue it.
 */
export async function handOverSend(_db: Database, _sendId: number, _now: Date): Promise<void> {}
