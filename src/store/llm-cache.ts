import { z } from 'zod';
import { ANSWER_PATHS, type AnswerPath } from '../model.js';
import type { AnswerPathLog } from '../thread/ports.js';
import type { Db } from './open.js';

/** The UTC calendar day of `now` as `YYYY-MM-DD`, the key of `llm_token_usage`. */
export const utcDay = (now: number): string => new Date(now).toISOString().slice(0, 10);

const TokensRow = z.object({ tokens: z.number() });
const ModelRow = z.object({ model_id: z.string(), fetched_at: z.number() });
const PathCountRow = z.object({ path: z.enum(ANSWER_PATHS), n: z.number() });

/** Tokens spent per UTC day (`llm_token_usage`). */
export function tokenLedger(db: Db) {
	const get = db.prepare('SELECT tokens FROM llm_token_usage WHERE day = ?');
	const add = db.prepare(
		`INSERT INTO llm_token_usage (day, tokens) VALUES (?, ?)
		 ON CONFLICT (day) DO UPDATE SET tokens = tokens + excluded.tokens`,
	);
	return {
		usedToday(now: number): number {
			const row = get.get(utcDay(now));
			return row === undefined ? 0 : TokensRow.parse(row).tokens;
		},
		add(now: number, tokens: number): void {
			const n = Math.max(0, Math.round(tokens));
			if (n > 0) add.run(utcDay(now), n);
		},
	};
}

/** Model ids per endpoint (`llm_models_cache`); a list is trusted while its oldest row is younger than the TTL. */
export function modelCache(db: Db) {
	const list = db.prepare('SELECT model_id, fetched_at FROM llm_models_cache WHERE base_url = ? ORDER BY model_id');
	const clear = db.prepare('DELETE FROM llm_models_cache WHERE base_url = ?');
	const insert = db.prepare(
		'INSERT OR REPLACE INTO llm_models_cache (base_url, model_id, fetched_at) VALUES (?, ?, ?)',
	);
	const replace = db.transaction((baseUrl: string, ids: readonly string[], now: number) => {
		clear.run(baseUrl);
		for (const id of ids) insert.run(baseUrl, id, now);
	});
	return {
		get(baseUrl: string, now: number, ttlMs: number): string[] | null {
			const rows = list.all(baseUrl).map((r) => ModelRow.parse(r));
			if (rows.length === 0) return null;
			const fetchedAt = Math.min(...rows.map((r) => r.fetched_at));
			return now - fetchedAt >= ttlMs ? null : rows.map((r) => r.model_id);
		},
		put(baseUrl: string, ids: readonly string[], now: number): void {
			replace(baseUrl, ids, now);
		},
	};
}

/** Which path produced each answer (`llm_paths`), for `/doorman status`. */
export function answerPathLog(db: Db): AnswerPathLog {
	const upsert = db.prepare(
		`INSERT INTO llm_paths (message_id, path, at) VALUES (?, ?, ?)
		 ON CONFLICT (message_id) DO UPDATE SET path = excluded.path, at = excluded.at`,
	);
	const count = db.prepare('SELECT path, count(*) AS n FROM llm_paths WHERE at >= ? GROUP BY path');
	return {
		record(messageId: string, path: AnswerPath, now: number) {
			upsert.run(messageId, path, now);
		},
		counts(since?: number) {
			const counts: Record<AnswerPath, number> = { kb: 0, 'llm-phrased': 0, 'llm-assisted': 0 };
			for (const row of count.all(since ?? Number.MIN_SAFE_INTEGER)) {
				const r = PathCountRow.parse(row);
				counts[r.path] = r.n;
			}
			return counts;
		},
	};
}

/** The SQLite implementations of the LLM ports (their shapes are checked where `app.ts` hands them to the LLM client). */
export function sqliteLlmPorts(db: Db) {
	return { usage: tokenLedger(db), models: modelCache(db), paths: answerPathLog(db) };
}
