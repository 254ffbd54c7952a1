import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { composeReply } from '../src/answer/reply.js';
import { openKb } from '../src/kb/load.js';
import { matchKb } from '../src/kb/match.js';
import type { PostText } from '../src/model.js';
import { defaultKbDir } from '../src/paths.js';
import { type Db, openStore } from '../src/store/open.js';
import { purgeOlderThan, purgeOlderThanInBackground } from '../src/store/retention.js';
import { triagePost } from '../src/triage/index.js';
import { adversarialInputs, asAttachments, cpuMs } from '../test/support/adversarial-inputs.js';
import { type BenchResult, summarise } from './types.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * CPU time of `doorman triage`'s whole path (triage, KB match, reply) on each 256 KB adversarial input of
 * test/support/adversarial-inputs.ts, as one body and as four 64 KB attachments; the worst input is named.
 */
function adversarialRows(): BenchResult[] {
	const kb = openKb(defaultKbDir());
	try {
		const run = (post: PostText) =>
			cpuMs(() => {
				const triaged = triagePost(post);
				composeReply(triaged, matchKb(triaged, kb.kb, kb.index, {}), kb.kb, { supportFallback: null });
			});
		const rows: BenchResult[] = [];
		for (const [shape, toPost] of [
			['body', (text: string): PostText => ({ title: '', body: text, attachments: [] })],
			['4 × 64 KB attachments', asAttachments],
		] as const) {
			const times: number[] = [];
			let worst = { ms: 0, name: '' };
			for (const [name, text] of adversarialInputs()) {
				const post = toPost(text);
				run(post);
				const ms = Math.min(run(post), run(post));
				times.push(ms);
				if (ms > worst.ms) worst = { ms, name };
			}
			rows.push(
				summarise(
					`adversarial 256 KB post (${shape}), CPU`,
					times,
					`${times.length} inputs; worst: ${worst.name} ${worst.ms.toFixed(0)} ms (p99 column = worst)`,
				),
			);
		}
		return rows;
	} finally {
		kb.close();
	}
}

/** `count` solved threads older than the retention, each with a handled message, a sent reply and an owner post. */
function seed(db: Db, count: number, at: number): void {
	const thread = db.prepare(
		`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, state, created_at, updated_at) VALUES (?, 'g', 'f', 'o', 'solved', ?, ?)`,
	);
	const message = db.prepare(
		`INSERT INTO processed_messages (message_id, thread_id, author_id, outcome, processed_at) VALUES (?, ?, 'o', 'answer', ?)`,
	);
	const reply = db.prepare(
		`INSERT INTO bot_replies (thread_id, in_reply_to, kind, nonce, content, status, created_at) VALUES (?, ?, 'answer', ?, 'answer text', 'sent', ?)`,
	);
	const post = db.prepare(
		`INSERT INTO owner_posts (message_id, thread_id, content, created_at) VALUES (?, ?, 'my post', ?)`,
	);
	db.transaction(() => {
		for (let i = 0; i < count; i += 1) {
			thread.run(`t${i}`, at, at);
			message.run(`m${i}`, `t${i}`, at);
			reply.run(`t${i}`, `m${i}`, `n${i}`, at);
			post.run(`m${i}`, `t${i}`, at);
		}
	})();
}

/**
 * The retention purge of `threads` old solved threads: total time, and the longest the event loop was blocked while
 * the bot's purge ran (its batches yield between them). `withoutThreadIndex` drops the index migration 0006 added on
 * bot_replies.thread_id, to show what the purge cost before it.
 */
async function purgeRow(threads: number, withoutThreadIndex = false): Promise<BenchResult> {
	const dir = mkdtempSync(path.join(tmpdir(), 'doorman-bench-purge-'));
	try {
		const { db } = openStore(path.join(dir, 'purge.db'));
		const now = Date.now();
		seed(db, threads, now - 100 * DAY);
		if (withoutThreadIndex) db.exec('DROP INDEX bot_replies_by_thread');
		const name = `purge ${threads.toLocaleString('en')} threads${withoutThreadIndex ? ' (no bot_replies.thread_id index, as before migration 0006)' : ''}`;
		if (withoutThreadIndex) {
			const start = performance.now();
			const report = purgeOlderThan(db, now - 90 * DAY);
			const ms = performance.now() - start;
			db.close();
			return summarise(name, [ms], `${report.threads} threads deleted; each deleted thread scans bot_replies`);
		}
		const delay = monitorEventLoopDelay({ resolution: 1 });
		delay.enable();
		const start = performance.now();
		const report = await purgeOlderThanInBackground(db, now - 90 * DAY);
		const ms = performance.now() - start;
		delay.disable();
		db.close();
		return summarise(
			name,
			[ms],
			`${report.threads} threads deleted in ${report.batches} batches; longest event-loop block ${(delay.max / 1e6).toFixed(1)} ms`,
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Worst CPU per 256 KB adversarial post, and the retention purge at 10,000 and 100,000 threads. */
export async function runBoundsBench(): Promise<BenchResult[]> {
	return [...adversarialRows(), await purgeRow(10_000), await purgeRow(100_000), await purgeRow(10_000, true)];
}
