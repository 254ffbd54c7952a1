import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../src/ops/health.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { EVENTUALLY_MS } from '../support/eventually.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

const ERROR_NOTICE = /^Sorry, something went wrong/;
const STORAGE_NOTICE = /cannot write its database/;

const botMessages = (sandbox: Sandbox, channelId: string) =>
	sandbox.transcript(channelId).filter((e) => e.isBot && e.visibleTo === undefined);

async function healthz(h: BotHarness): Promise<{ status: number; report: HealthReport }> {
	if (h.app.opsUrl === null) throw new Error('ops server not started');
	const response = await fetch(`${h.app.opsUrl}/healthz`);
	return { status: response.status, report: (await response.json()) as HealthReport };
}

/** Waits until the bot logged the failure of `messageId`'s handler, then until it is idle. */
async function failed(h: BotHarness, messageId: string): Promise<void> {
	const deadline = Date.now() + EVENTUALLY_MS;
	while (!h.logs.some((l) => l.includes('handler failed') && l.includes(messageId))) {
		if (Date.now() > deadline) throw new Error(`message ${messageId} did not fail`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	await h.app.bot.idle();
}

/** A follow-up with a log big enough to need new database pages when the owner's message is stored. */
const bigFollowUp = (sandbox: Sandbox, threadId: string, n: number) =>
	sandbox.postMessage({
		channelId: threadId,
		by: 'alice',
		content: `attempt ${n}: still failing, log attached`,
		attachments: [
			{ filename: 'message.txt', content: `HTTP 403 Forbidden attempt ${n}\n${'trace line\n'.repeat(3000)}` },
		],
	});

async function threadWithAnswer(h: BotHarness): Promise<string> {
	const { thread, message } = h.sandbox.createForumPost({ by: 'alice', title: '403 on o3', content: 'help' });
	await h.settle(message.id);
	return thread.id;
}

describe('a database that cannot be written (real discord.js ↔ sandbox, real SQLite file)', () => {
	it('full (page limit): /healthz fails, one error notice, the moderators told once; recovers when space returns', async () => {
		harness = await startBotHarness({ env: { HTTP_PORT: '0' } });
		const { sandbox, app } = harness;
		const threadId = await threadWithAnswer(harness);
		expect((await healthz(harness)).status).toBe(200);
		// The database may not grow past its current size: every write that needs a new page fails with SQLITE_FULL.
		const pages = Number(app.db.pragma('page_count', { simple: true }));
		app.db.pragma(`max_page_count = ${pages}`);
		const full = await healthz(harness);
		expect(full.status).toBe(503);
		expect(full.report.checks.databaseProblems?.join(' ')).toMatch(/SQLITE_FULL/);
		for (const n of [1, 2, 3]) await failed(harness, bigFollowUp(sandbox, threadId, n).id);
		const mods = sandbox.channelId('moderators');
		expect(botMessages(sandbox, threadId).filter((m) => ERROR_NOTICE.test(m.content))).toHaveLength(1);
		expect(botMessages(sandbox, mods).filter((m) => STORAGE_NOTICE.test(m.content))).toHaveLength(1);
		expect(botMessages(sandbox, mods)[0]?.content).toMatch(/SQLITE_FULL/);
		// Space again: the next message is handled and health is back.
		app.db.pragma('max_page_count = 1073741823');
		const later = bigFollowUp(sandbox, threadId, 4);
		await harness.settle(later.id);
		expect((await healthz(harness)).status).toBe(200);
	});

	it('read-only: /healthz fails and posts stop producing notices after the first', async () => {
		harness = await startBotHarness({ env: { HTTP_PORT: '0' } });
		const { sandbox, app } = harness;
		const threadId = await threadWithAnswer(harness);
		// Every write of the bot's connection now fails with SQLITE_READONLY, as on a read-only file; reads work.
		app.db.pragma('query_only = ON');
		const readOnly = await healthz(harness);
		expect(readOnly.status).toBe(503);
		expect(readOnly.report.checks.database).toBe(false);
		expect(readOnly.report.checks.databaseProblems?.join(' ')).toMatch(/SQLITE_READONLY/);
		for (const n of [1, 2]) await failed(harness, bigFollowUp(sandbox, threadId, n).id);
		const mods = sandbox.channelId('moderators');
		expect(botMessages(sandbox, threadId).filter((m) => ERROR_NOTICE.test(m.content))).toHaveLength(1);
		expect(botMessages(sandbox, mods).filter((m) => STORAGE_NOTICE.test(m.content))).toHaveLength(1);
	});

	it('corrupt pages: /healthz fails on quick_check', async () => {
		harness = await startBotHarness({ env: { HTTP_PORT: '0' } });
		const dataDir = harness.dataDir;
		const file = path.join(dataDir, 'doorman.db');
		await harness.app.stop();
		// Overwrite the root page of a table the bot does not read at start with garbage, as a failing disk would.
		const raw = new Database(file);
		raw.pragma('wal_checkpoint(TRUNCATE)');
		const root = Number(
			raw.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'llm_models_cache'`).pluck().get(),
		);
		const pageSize = Number(raw.pragma('page_size', { simple: true }));
		raw.close();
		const fd = openSync(file, 'r+');
		writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
		closeSync(fd);
		harness = await harness.restart();
		const corrupt = await healthz(harness);
		expect(corrupt.status).toBe(503);
		expect(corrupt.report.checks.databaseProblems?.join(' ')).toMatch(/quick_check/);
	});
});
