import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../src/paths.js';
import { runBaselineBench } from './baseline.bench.js';
import { runE2eBench } from './e2e.bench.js';
import { runKbBench } from './kb.bench.js';
import { runMemoryBench } from './memory.bench.js';
import { runTriageBench } from './triage.bench.js';
import type { BenchResult } from './types.js';

/**
 * `npm run bench`: runs every benchmark (or those named on the command line), prints a table,
 * and writes BENCHMARKS.md with the machine, Node version and date. Never part of the test suite.
 */
const SUITES: Record<string, () => Promise<BenchResult[]>> = {
	triage: () => runTriageBench(),
	kb: () => runKbBench(),
	baseline: () => runBaselineBench(),
	memory: () => runMemoryBench(),
	e2e: () => runE2eBench(),
};

const fmt = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(3)) : '–');

function table(rows: readonly BenchResult[]): string {
	const lines = ['| benchmark | median ms | p99 ms | ops/s | notes |', '| --- | ---: | ---: | ---: | --- |'];
	for (const r of rows)
		lines.push(`| ${r.name} | ${fmt(r.median_ms)} | ${fmt(r.p99_ms)} | ${fmt(r.ops_per_sec)} | ${r.notes ?? ''} |`);
	return lines.join('\n');
}

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
const sections: string[] = [];
for (const name of names) {
	const suite = SUITES[name];
	if (suite === undefined) {
		console.error(`unknown benchmark '${name}'; known: ${Object.keys(SUITES).join(', ')}`);
		process.exit(2);
	}
	console.error(`running ${name} …`);
	const rows = await suite();
	const text = table(rows);
	console.log(`\n## ${name}\n\n${text}`);
	sections.push(`## ${name}\n\n${text}`);
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = [
	'# Benchmarks',
	'',
	`Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB), ${os.platform()} ${os.release()}, Node ${process.version}.`,
	'Run `npm run bench` (all) or `npm run bench -- NAME` (one). Numbers are from one run on a shared machine: compare ratios, not absolutes.',
	'',
	'Reading them: `e2e` at 100 posts/s offered is bound by Discord itself: each post costs two REST calls (reply and forum tag)',
	"and the sandbox enforces Discord's 50 requests/s, so about 25–30 posts/s get through and the queue, not the bot, sets the",
	'latency; nothing is dropped. `memory` reports the RSS of the whole benchmark process (run it alone for a clean figure).',
	'',
].join('\n');
if (wanted.length === 0)
	writeFileSync(path.join(packageRoot(), 'BENCHMARKS.md'), `${header}\n${sections.join('\n\n')}\n`);
