import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOOTER } from '../../../src/answer/limits.js';
import { EXIT_USAGE } from '../../../src/cli/command.js';
import { command as evalCommand } from '../../../src/cli/commands/eval.js';
import { command as calibrateCommand } from '../../../src/cli/commands/kb-calibrate.js';
import { command as triageCommand } from '../../../src/cli/commands/triage.js';
import { captureIo } from '../../support/capture-io.js';
import { useTmpDir } from '../../support/tmp-dir.js';

const tmpDir = useTmpDir();
const DEV = path.join(import.meta.dirname, 'fixtures', 'dev.jsonl');
const REGION_POST =
	"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported', 'param': None, 'type': 'request_forbidden'}}\nmodel gpt-4o";

describe('doorman triage', () => {
	it('prints the JSON contract for a post in a file', async () => {
		const dir = tmpDir();
		writeFileSync(path.join(dir, 'post.txt'), REGION_POST);
		const io = captureIo(dir);
		expect(await triageCommand.run(['post.txt', '--json'], io)).toBe(0);
		const out = JSON.parse(io.out());
		expect(Object.keys(out).sort()).toEqual(
			[
				'abstained',
				'cause',
				'citations',
				'confidence',
				'detectedLang',
				'lang',
				'missing',
				'model',
				'reply',
				'status',
				'subcause',
			].sort(),
		);
		expect(out).toMatchObject({ lang: 'en', detectedLang: null });
		expect(out).toMatchObject({ status: 403, cause: 'unsupported_region', abstained: false, model: 'gpt-4o' });
		expect(out.confidence).toBeGreaterThanOrEqual(0.8);
		expect(out.citations).toEqual(['https://developers.openai.com/docs/guides/error-codes']);
		expect(out.reply.endsWith(FOOTER)).toBe(true);
		expect(out.missing.every((m: string) => ['error_body', 'model', 'code'].includes(m))).toBe(true);
	});

	it('reads stdin without a file and prints the reply the bot would post', async () => {
		const io = captureIo(process.cwd(), REGION_POST);
		expect(await triageCommand.run([], io)).toBe(0);
		expect(io.out()).toMatch(/^\*\*OpenAI is refusing the request/);
		expect(io.out().trimEnd().endsWith(FOOTER)).toBe(true);
	});

	it('abstains on a bare 403 and says what is missing', async () => {
		const io = captureIo(process.cwd(), 'I get 403 Forbidden, help');
		expect(await triageCommand.run(['--json'], io)).toBe(0);
		const out = JSON.parse(io.out());
		expect(out).toMatchObject({ cause: null, abstained: true, citations: [] });
		expect(out.missing).toContain('model');
	});

	it('exits 2 with usage on bad arguments, 1 on an unreadable file', async () => {
		for (const args of [['--threshold', 'high'], ['--threshold', '2'], ['a', 'b'], ['--nope']]) {
			const io = captureIo(process.cwd());
			expect(await triageCommand.run(args, io)).toBe(EXIT_USAGE);
			expect(io.err()).toMatch(/usage: doorman triage \[FILE\] \[--json\]/);
		}
		const io = captureIo(tmpDir());
		expect(await triageCommand.run(['missing.txt'], io)).toBe(1);
		expect(io.err()).toMatch(/cannot read/);
	});
});

describe('doorman eval', () => {
	it('prints the table for Doorman and the BM25 baseline and exits 0', async () => {
		const io = captureIo(process.cwd());
		expect(await evalCommand.run([DEV], io)).toBe(0);
		const out = io.out();
		expect(out).toMatch(/^metric\s+doorman\s+baseline \(BM25\)$/m);
		for (const row of [
			'cases',
			'top-1 accuracy',
			'abstentions',
			'wrong answers',
			'wrong at confidence >= 0.8',
			'citation check',
			'answers without citation',
		])
			expect(out).toMatch(new RegExp(`^${row.replace(/[.]/g, '\\.')}\\s+\\S`, 'm'));
		expect(out).toMatch(/^cases\s+31\s+31$/m);
		expect(out).toMatch(/^answers without citation\s+\d+\/\d+\s/m);
	});

	it('prints one JSON line per case with --predictions', async () => {
		const io = captureIo(process.cwd());
		expect(await evalCommand.run([DEV, '--predictions'], io)).toBe(0);
		const lines = io
			.out()
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(lines).toHaveLength(31);
		for (const line of lines)
			expect(Object.keys(line)).toEqual(['id', 'cause', 'subcause', 'confidence', 'abstained', 'citations']);
		expect(lines.find((l) => l.id === 'plandex-270-openrouter-region')).toMatchObject({ cause: 'unsupported_region' });
	});

	it('exits 2 without a file, 1 on an unreadable file or bad lines', async () => {
		const none = captureIo(process.cwd());
		expect(await evalCommand.run([], none)).toBe(EXIT_USAGE);
		expect(none.err()).toMatch(
			/missing FILE\.jsonl \(or --cv K for cross-validation\)\nusage: doorman eval FILE\.jsonl/,
		);
		const dir = tmpDir();
		writeFileSync(path.join(dir, 'bad.jsonl'), '{"id":"a","report":"x"}\n');
		const bad = captureIo(dir);
		expect(await evalCommand.run(['bad.jsonl'], bad)).toBe(1);
		expect(bad.err()).toMatch(/line 1: cause:/);
		const missing = captureIo(dir);
		expect(await evalCommand.run(['nope.jsonl'], missing)).toBe(1);
	});
});

describe('doorman eval --cv and doorman kb calibrate on the shipped KB', () => {
	it('cross-validates by repository and prints the breakdowns, the reliability table and the baseline', async () => {
		const io = captureIo(process.cwd());
		expect(await evalCommand.run(['--cv', '5'], io)).toBe(0);
		const out = io.out();
		expect(out).toMatch(/grouped 5-fold cross-validation over \d+ repositories\/forums/);
		expect(out).toMatch(/^top-1 accuracy\s+0\.\d{3} \(\d+\/\d+\)\s+0\.\d{3}/m);
		expect(out).toMatch(/^non-English cases: \d+; right 0\.\d{3} \(baseline 0\.\d{3}\)$/m);
		expect(out).toMatch(/^abstention on determinable cases: /m);
		expect(out).toMatch(/^by language\n\s+value\s+cases\s+doorman\s+baseline\n\s+en\s+\d+/m);
		expect(out).toMatch(/^by vendor$/m);
		expect(out).toMatch(/^reliability \(answers only\)/m);
		const top = /^top-1 accuracy\s+(0\.\d{3}) \(\d+\/\d+\)\s+(0\.\d{3})/m.exec(out);
		expect(Number(top?.[1])).toBeGreaterThan(Number(top?.[2]));
		// Five folds over the whole case base: well over the default 30 s on a busy 2-core machine.
	}, 180_000);

	it('rejects --cv with a file, with --llm, and a bad fold count', async () => {
		for (const args of [
			['--cv', '5', DEV],
			['--cv', '5', '--llm'],
			['--cv', '1'],
			['--cv', 'x'],
		]) {
			const io = captureIo(process.cwd());
			expect(await evalCommand.run(args, io)).toBe(EXIT_USAGE);
			expect(io.err()).toMatch(/^doorman eval: /);
		}
	});

	it('finds the shipped calibration current', async () => {
		const io = captureIo(process.cwd());
		expect(await calibrateCommand.run(['--check'], io)).toBe(0);
		expect(io.out()).toMatch(/^calibration current: \d+ held-out predictions/);
	});

	it('reports a calibration that no longer fits the KB', async () => {
		const dir = tmpDir();
		cpSync(path.join(process.cwd(), 'kb'), dir, { recursive: true });
		writeFileSync(
			path.join(dir, 'calibration.json'),
			JSON.stringify({ method: 'stale', cases: 1, knots: [{ raw: 0, p: 0.5 }] }),
		);
		const io = captureIo(dir);
		expect(await calibrateCommand.run(['--kb', dir, '--check'], io)).toBe(1);
		expect(io.err()).toMatch(/is out of date with the KB; run doorman kb calibrate/);
		const write = captureIo(dir);
		expect(await calibrateCommand.run(['--kb', dir], write)).toBe(0);
		expect(await calibrateCommand.run(['--kb', dir, '--check'], captureIo(dir))).toBe(0);
	});
});
