import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PostText } from '../src/model.js';
import { packageRoot } from '../src/paths.js';
import { triagePost } from '../src/triage/index.js';
import { type BenchResult, summarise } from './types.js';

/** Where the shared dev set lives: `../shared/eval/dev.jsonl` beside the repository. */
const DEV_SET = path.resolve(packageRoot(), '..', 'shared', 'eval', 'dev.jsonl');

function loadDevPosts(): PostText[] {
	return readFileSync(DEV_SET, 'utf8')
		.split('\n')
		.filter((line) => line.trim().length > 0)
		.map((line) => {
			const { id, report } = JSON.parse(line) as { id: string; report: string };
			return { title: id, body: report, attachments: [] };
		});
}

/**
 * A 64 KB `message.txt` as people attach it: a Python service log with timestamps, retries, a traceback and the
 * openai-python 403 at the end, plus an HTTP dump. Deterministic (no randomness), so runs compare.
 */
export function generateLogPaste(size = 64 * 1024): PostText {
	const lines: string[] = [];
	let i = 0;
	let length = 0;
	const tail = [
		'Traceback (most recent call last):',
		'  File "/srv/app/venv/lib/python3.11/site-packages/openai/_base_client.py", line 1047, in request',
		'    raise self._make_status_error_from_response(err.response) from None',
		"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'Project `proj_abc123` does not have access to model `gpt-4o-mini`', 'type': 'invalid_request_error', 'param': None, 'code': 'model_not_found'}}",
		'HTTP/1.1 403 Forbidden',
		'server: cloudflare',
		'cf-ray: 8f1b2c3d4e5f6a7b-FRA',
		'x-request-id: req_0123456789abcdef',
	].join('\n');
	while (length < size - tail.length - 200) {
		const t = `2025-03-0${1 + (i % 9)}T12:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z`;
		const line =
			i % 5 === 0
				? `${t} INFO  httpx: HTTP Request: POST https://api.openai.com/v1/chat/completions "HTTP/1.1 200 OK"`
				: i % 5 === 1
					? `${t} DEBUG worker[${i % 8}] request_id=req_${(i * 2654435761) % 1_000_000} model=gpt-4o-mini tokens=${(i * 37) % 4096}`
					: i % 5 === 2
						? `${t} WARN  retrying in ${(i % 8) * 0.5}s (attempt ${1 + (i % 3)} of 3) {"queue": "jobs", "size": ${i % 100}}`
						: i % 5 === 3
							? `${t} INFO  job ${i} done in ${(i * 13) % 2000} ms; cache hit=${i % 2 === 0}`
							: `${t} ERROR upstream returned 429 Too Many Requests; backing off`;
		lines.push(line);
		length += line.length + 1;
		i += 1;
	}
	lines.push(tail);
	return {
		title: '403 after a while, log attached',
		body: 'Our worker starts failing with 403 after a few hours. Using openai-python 1.55, model gpt-4o-mini. Log attached.',
		attachments: [{ name: 'message.txt', text: lines.join('\n') }],
	};
}

function time(post: PostText): number {
	const start = performance.now();
	triagePost(post);
	return performance.now() - start;
}

/**
 * Time per post of `triagePost` (pure CPU, one core): every dev-set report (many rounds, after a warm-up), and a
 * generated 64 KB log paste. Not part of the test suite.
 */
export async function runTriageBench(options: { rounds?: number; logRuns?: number } = {}): Promise<BenchResult[]> {
	const rounds = options.rounds ?? 200;
	const logRuns = options.logRuns ?? 200;
	const posts = loadDevPosts();
	for (const post of posts) time(post);
	const devTimes: number[] = [];
	for (let r = 0; r < rounds; r += 1) for (const post of posts) devTimes.push(time(post));
	const log = generateLogPaste();
	for (let r = 0; r < 10; r += 1) time(log);
	const logTimes: number[] = [];
	for (let r = 0; r < logRuns; r += 1) logTimes.push(time(log));
	const logChars = (log.attachments[0]?.text.length ?? 0) + log.body.length + log.title.length;
	return [
		summarise('triage: dev-set post', devTimes, `${posts.length} real reports × ${rounds} rounds`),
		summarise('triage: 64 KB log paste', logTimes, `${Math.round(logChars / 1024)} KB, ${logRuns} runs`),
	];
}

function printTable(rows: readonly BenchResult[]): void {
	const fmt = (n: number): string => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(3)) : '–');
	console.log('| benchmark | median ms | p99 ms | ops/s | notes |');
	console.log('| --- | ---: | ---: | ---: | --- |');
	for (const r of rows)
		console.log(`| ${r.name} | ${fmt(r.median_ms)} | ${fmt(r.p99_ms)} | ${fmt(r.ops_per_sec)} | ${r.notes ?? ''} |`);
}

// Run directly (`node dist-bench/bench/triage.bench.js`): print the table. Imported: no side effects.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
	printTable(await runTriageBench());
