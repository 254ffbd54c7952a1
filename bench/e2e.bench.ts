import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAdvisor } from '../src/advisor.js';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startSandbox } from '../src/sandbox/index.js';
import { type BenchResult, percentile } from './types.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Post dispatched by the sandbox → the bot's reply received by the sandbox, through the real
 * discord.js client, with Discord's rate limits modelled (5 messages / 5 s per channel, 50 req/s).
 * Each post is its own thread, as in a busy help forum; `rate` posts per second are offered.
 */
export async function runE2eBench(options: { posts?: number; rates?: readonly number[] } = {}): Promise<BenchResult[]> {
	const posts = options.posts ?? 500;
	const results: BenchResult[] = [];
	for (const rate of options.rates ?? [1, 10, 100]) {
		const count = rate === 1 ? Math.min(posts, 30) : posts;
		results.push(await measure(count, rate));
	}
	return results;
}

async function measure(count: number, rate: number): Promise<BenchResult> {
	const dir = mkdtempSync(path.join(tmpdir(), 'doorman-bench-'));
	const sandbox = await startSandbox({ rateLimits: true });
	const parsed = parseConfig({ DATABASE_PATH: path.join(dir, 'd.db') }, dir);
	if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
	const app = await createApp({
		config: parsed.config,
		logger: createLogger({ level: 'silent', format: 'json' }),
		token: sandbox.token,
		endpoint: { restApi: sandbox.restApiUrl, isLocalSandbox: true },
		advisor: loadAdvisor(parsed.config),
		forumChannelIds: [sandbox.channelId('help')],
		guildId: sandbox.guildId,
		moderatorChannelId: sandbox.channelId('moderators'),
	});
	try {
		const sentAt = new Map<string, number>();
		const latencies: number[] = [];
		const done = new Set<string>();
		const start = performance.now();
		for (let i = 0; i < count; i++) {
			const { thread } = sandbox.createForumPost({
				by: 'alice',
				title: `bench ${i}`,
				content: 'HTTP 403 from openai/o3',
			});
			sentAt.set(thread.id, Date.now());
			const due = start + ((i + 1) * 1000) / rate;
			const wait = due - performance.now();
			if (wait > 0) await sleep(wait);
			collect(sandbox.requests, sentAt, done, latencies);
		}
		const deadline = performance.now() + 120_000;
		while (done.size < count && performance.now() < deadline) {
			await sleep(20);
			collect(sandbox.requests, sentAt, done, latencies);
		}
		const elapsed = (performance.now() - start) / 1000;
		const sorted = latencies.sort((a, b) => a - b);
		return {
			name: `e2e post→reply, ${rate} posts/s offered (${count} posts, Discord limits modelled)`,
			median_ms: percentile(sorted, 50),
			p99_ms: percentile(sorted, 99),
			ops_per_sec: done.size / elapsed,
			notes: `${done.size}/${count} answered`,
		};
	} finally {
		await app.stop();
		await sandbox.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

function collect(
	requests: readonly { method: string; path: string; status: number; at: number }[],
	sentAt: Map<string, number>,
	done: Set<string>,
	latencies: number[],
): void {
	for (const r of requests) {
		if (r.method !== 'POST' || r.status !== 200) continue;
		const threadId = /^\/channels\/(\d+)\/messages$/.exec(r.path)?.[1];
		if (threadId === undefined || done.has(threadId)) continue;
		const sent = sentAt.get(threadId);
		if (sent === undefined) continue;
		done.add(threadId);
		latencies.push(r.at - sent);
	}
}
