import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createOcrEngine } from '../src/ocr/engine.js';
import type { PreprocessSteps } from '../src/ocr/preprocess.js';
import { packageRoot } from '../src/paths.js';
import { startSandbox } from '../src/sandbox/index.js';
import { processedMessageRepository } from '../src/store/processed-messages.js';
import { tidyOcrText } from '../src/triage/ocr-text.js';
import { characterAccuracy } from './ocr-accuracy.js';
import { type BenchResult, summarise } from './types.js';

/** One screenshot of the corpus (test/fixtures/screenshots/corpus.json) and the text it shows. */
interface Shot {
	readonly file: string;
	readonly style: string;
	readonly language: string;
	readonly cause: string;
	readonly title: string;
	readonly text: string;
	/** The window's own labels above the text (a terminal's title bar, a panel's tabs), also in the image. */
	readonly chrome?: string;
}

const DIR = path.join(packageRoot(), 'test', 'fixtures', 'screenshots');
const loadCorpus = (): Shot[] => JSON.parse(readFileSync(path.join(DIR, 'corpus.json'), 'utf8')) as Shot[];

const NONE: PreprocessSteps = { grey: false, upscale: false, invert: false };
const VARIANTS: readonly [string, PreprocessSteps][] = [
	['none', NONE],
	['grey', { ...NONE, grey: true }],
	['upscale (shipped)', { ...NONE, upscale: true }],
	['invert', { ...NONE, invert: true }],
	['grey+upscale', { grey: true, upscale: true, invert: false }],
	['grey+upscale+invert', { grey: true, upscale: true, invert: true }],
];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Character accuracy of Tesseract on the screenshot corpus with each pre-processing step alone, none, and all, and
 * the time per image; then the diagnosis the real bot (discord.js against the local Discord, the shipped KB) gives
 * each screenshot posted as an image, against the same text pasted.
 */
export async function runOcrBench(): Promise<BenchResult[]> {
	const corpus = loadCorpus();
	const results: BenchResult[] = [];
	for (const [name, steps] of VARIANTS) {
		// A fresh engine per variant: its cache must not serve another variant's reading.
		const engine = createOcrEngine({
			enginePath: 'tesseract',
			languages: 'eng+chi_sim',
			timeoutMs: 60_000,
			maxBytes: 8 * 1024 * 1024,
			concurrency: 1,
			env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
		});
		const status = await engine.probe();
		if (!status.available) throw new Error(`OCR engine not available: ${status.detail}`);
		const times: number[] = [];
		const accuracy: string[] = [];
		const scores: number[] = [];
		for (const shot of corpus) {
			const read = await engine.read(readFileSync(path.join(DIR, shot.file)), steps);
			times.push(read.ms);
			const visible = shot.chrome === undefined ? shot.text : `${shot.chrome}\n${shot.text}`;
			const score = read.ok ? characterAccuracy(visible, tidyOcrText(read.text)) : 0;
			scores.push(score);
			accuracy.push(`${shot.style}/${shot.language} ${pct(score)}`);
		}
		const en = mean(scores.filter((_, i) => corpus[i]?.language === 'en'));
		const zh = mean(scores.filter((_, i) => corpus[i]?.language === 'zh'));
		results.push(
			summarise(
				`ocr: ${name}`,
				times,
				`char accuracy mean ${pct(mean(scores))} (en ${pct(en)}, zh ${pct(zh)}); ${accuracy.join(', ')}; load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`,
			),
		);
	}
	results.push(...(await diagnosisThroughDiscord(corpus)));
	return results;
}

/** The cause in a ledger outcome (`answer: MATCHED:unsupported_region@0.97`), or the outcome when it is no answer. */
const causeOf = (outcome: string): string => /MATCHED:([a-z_]+)@/.exec(outcome)?.[1] ?? outcome;

async function diagnosisThroughDiscord(corpus: readonly Shot[]): Promise<BenchResult[]> {
	const dir = mkdtempSync(path.join(tmpdir(), 'doorman-ocr-bench-'));
	const sandbox = await startSandbox({});
	const parsed = parseConfig({ DATABASE_PATH: path.join(dir, 'd.db') }, dir);
	if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
	const app = await createApp({
		config: parsed.config,
		logger: createLogger({ level: 'silent', format: 'json' }),
		token: sandbox.token,
		endpoint: { restApi: sandbox.restApiUrl, isLocalSandbox: true },
		forumChannelIds: [sandbox.channelId('help')],
		guildId: sandbox.guildId,
		moderatorChannelId: sandbox.channelId('moderators'),
	});
	const processed = processedMessageRepository(app.db);
	const outcomeOf = async (messageId: string, threadId: string): Promise<{ outcome: string; ms: number }> => {
		const started = performance.now();
		while (!processed.isProcessed(messageId)) await new Promise((resolve) => setTimeout(resolve, 10));
		await app.bot.idle();
		return { outcome: processed.lastOutcome(threadId)?.outcome ?? '?', ms: performance.now() - started };
	};
	const rows = { text: [] as string[], image: [] as string[], textOk: 0, imageOk: 0, same: 0, ms: [] as number[] };
	try {
		for (const shot of corpus) {
			const pasted = sandbox.createForumPost({ by: 'alice', title: shot.title, content: shot.text });
			const asText = await outcomeOf(pasted.message.id, pasted.thread.id);
			const posted = sandbox.createForumPost({
				by: 'alice',
				title: shot.title,
				content: 'see the screenshot',
				attachments: [{ filename: shot.file, content: readFileSync(path.join(DIR, shot.file)) }],
			});
			const asImage = await outcomeOf(posted.message.id, posted.thread.id);
			rows.ms.push(asImage.ms);
			const right = (outcome: string) => outcome.includes(`MATCHED:${shot.cause}@`);
			if (right(asText.outcome)) rows.textOk++;
			if (right(asImage.outcome)) rows.imageOk++;
			if (causeOf(asImage.outcome) === causeOf(asText.outcome)) rows.same++;
			rows.text.push(`${shot.file}: ${asText.outcome.replace(/^answer: MATCHED:/, '')}`);
			rows.image.push(`${shot.file}: ${asImage.outcome.replace(/^answer: MATCHED:/, '')}`);
		}
	} finally {
		await app.stop();
		await sandbox.close();
		rmSync(dir, { recursive: true, force: true });
	}
	const n = corpus.length;
	return [
		summarise(`diagnosis: pasted as text (${rows.textOk}/${n} right cause)`, [], rows.text.join('; ')),
		summarise(
			`diagnosis: posted as screenshot (${rows.imageOk}/${n} right cause)`,
			rows.ms,
			`same diagnosis as the pasted text ${rows.same}/${n}; load average ${os.loadavg()[0]?.toFixed(1)}; post → reply through discord.js and the local Discord, OCR included; ${rows.image.join('; ')}`,
		),
	];
}
