import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../src/store/open.js';
import type { BenchResult } from './types.js';

const mib = (bytes: number) => bytes / 2 ** 20;

/**
 * Storage at scale: resident memory of a process holding the database open with 10,000 tracked
 * threads and 100,000 processed messages, the hot lookups' latency there, and file size per 1,000 threads.
 */
export async function runMemoryBench(options: { threads?: number; messages?: number } = {}): Promise<BenchResult[]> {
	const threads = options.threads ?? 10_000;
	const messages = options.messages ?? 100_000;
	const dir = mkdtempSync(path.join(tmpdir(), 'doorman-mem-'));
	const file = path.join(dir, 'doorman.db');
	try {
		const { db } = openStore(file);
		const now = Date.now();
		const insertThread = db.prepare(
			`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, title, state, created_at, updated_at, last_message_id)
			 VALUES (?, '1', '2', ?, ?, 'answered', ?, ?, ?)`,
		);
		const insertMessage = db.prepare(
			`INSERT INTO processed_messages (message_id, thread_id, author_id, outcome, processed_at) VALUES (?, ?, ?, 'answer: MATCHED:x', ?)`,
		);
		const insertReply = db.prepare(
			`INSERT INTO bot_replies (thread_id, in_reply_to, kind, nonce, content, status, created_at) VALUES (?, ?, 'answer', ?, ?, 'sent', ?)`,
		);
		const answer = 'A typical answer with steps and citations. '.repeat(30);
		db.transaction(() => {
			for (let t = 0; t < threads; t++) {
				const id = String(1_000_000_000_000_000_000n + BigInt(t));
				insertThread.run(id, `u${t % 500}`, `403 on model ${t}`, now, now, id);
				insertReply.run(id, id, `n${t}`, answer, now);
			}
			for (let m = 0; m < messages; m++) {
				const threadId = String(1_000_000_000_000_000_000n + BigInt(m % threads));
				insertMessage.run(String(2_000_000_000_000_000_000n + BigInt(m)), threadId, `u${m % 500}`, now);
			}
		})();
		const isProcessed = db.prepare('SELECT 1 FROM processed_messages WHERE message_id = ?');
		const getThread = db.prepare('SELECT * FROM threads WHERE thread_id = ?');
		const lookups: number[] = [];
		for (let i = 0; i < 5000; i++) {
			const t0 = performance.now();
			isProcessed.get(String(2_000_000_000_000_000_000n + BigInt((i * 7919) % messages)));
			getThread.get(String(1_000_000_000_000_000_000n + BigInt((i * 104729) % threads)));
			lookups.push(performance.now() - t0);
		}
		globalThis.gc?.();
		const rss = process.memoryUsage().rss;
		db.pragma('wal_checkpoint(TRUNCATE)');
		const size = statSync(file).size;
		db.close();
		lookups.sort((a, b) => a - b);
		return [
			{
				name: `store: ${threads} threads + ${messages} processed messages (ledger + thread lookup)`,
				median_ms: lookups[Math.floor(lookups.length / 2)] ?? Number.NaN,
				p99_ms: lookups[Math.floor(lookups.length * 0.99)] ?? Number.NaN,
				ops_per_sec: 1000 / (lookups.reduce((a, b) => a + b, 0) / lookups.length),
				notes: `process RSS ${mib(rss).toFixed(0)} MiB after the lookups (run alone: npm run bench -- memory); file ${mib(size).toFixed(1)} MiB = ${(mib(size) / (threads / 1000)).toFixed(2)} MiB per 1,000 threads (with 10 messages and one answer each)`,
			},
		];
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
