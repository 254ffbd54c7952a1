import { z } from 'zod';
import type { Db } from './open.js';

const ValueSchema = z.object({ value: z.string() });

/**
 * When this database first saw the bot start (ms since the epoch). Recorded by the first call and never changed,
 * so a restart, an upgrade or a re-identify keeps the original moment.
 */
export function firstStartedAt(db: Db, now: number): number {
	db.prepare(`INSERT INTO bot_meta (key, value) VALUES ('first_started_at', ?) ON CONFLICT (key) DO NOTHING`).run(
		String(now),
	);
	const row = ValueSchema.parse(db.prepare(`SELECT value FROM bot_meta WHERE key = 'first_started_at'`).get());
	const at = Number(row.value);
	return Number.isFinite(at) ? at : now;
}
