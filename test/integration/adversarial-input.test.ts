import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { composeReply as ComposeReply } from '../../src/answer/reply.js';
import type { openKb as OpenKb } from '../../src/kb/load.js';
import type { matchKb as MatchKb } from '../../src/kb/match.js';
import type { PostText } from '../../src/model.js';
import type { triagePost as TriagePost } from '../../src/triage/index.js';
import {
	ADVERSARIAL_SIZE,
	adversarialInputs,
	asAttachments,
	cpuMs,
	inputsFromPattern,
	scanAll,
} from '../support/adversarial-inputs.js';

/**
 * Every regular expression in src/triage and src/kb, and every one they build at run time (the KB entries' signal
 * patterns, the concept vocabulary of kb/concepts.yaml, the status and secret rules), is run over adversarial inputs
 * of 256 KB, and so is the whole path of `doorman triage`. Budgets are CPU time (process.cpuUsage), not wall time,
 * and generous: a linear scan of 256 KB costs a few milliseconds and the whole path a few hundred even on a busy
 * 2-core machine, while a quadratic one costs seconds to minutes (the backslash unescaping took 85 s).
 */
const PATTERN_BUDGET_MS = 1000;
const PIPELINE_BUDGET_MS = 3000;
/** Each pattern is first run at 1/32 of the size, so a quadratic one fails in a second instead of running for minutes. */
const PREFLIGHT_SHARE = 32;
const PREFLIGHT_BUDGET_MS = PATTERN_BUDGET_MS / 128;

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PURE_FOLDERS = ['src/triage', 'src/kb'];

interface FoundPattern {
	readonly where: string;
	readonly re: RegExp;
}

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
		const full = path.join(dir, d.name);
		return d.isDirectory() ? tsFiles(full) : d.name.endsWith('.ts') ? [full] : [];
	});
}

/** The regex literals of the source files, read from their syntax tree (a text search would miss or misread some). */
function regexLiterals(): FoundPattern[] {
	const found: FoundPattern[] = [];
	for (const file of PURE_FOLDERS.flatMap((f) => tsFiles(path.join(ROOT, f)))) {
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
		const visit = (node: ts.Node): void => {
			if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
				const text = node.getText(source);
				const slash = text.lastIndexOf('/');
				const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
				found.push({
					where: `${path.relative(ROOT, file)}:${line}`,
					re: new RegExp(text.slice(1, slash), text.slice(slash + 1)),
				});
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return found;
}

const NativeRegExp = RegExp;
/** Where a RegExp built at run time came from: its frames in src/triage or src/kb. */
const FRAME = /[\\/]src[\\/](?:triage|kb)[\\/][\w.-]+\.ts:\d+/g;

interface Pipeline {
	triagePost: typeof TriagePost;
	matchKb: typeof MatchKb;
	composeReply: typeof ComposeReply;
	kb: ReturnType<typeof OpenKb>;
}

let pipeline: Pipeline;
const built: FoundPattern[] = [];

beforeAll(async () => {
	// Load the pure modules and the shipped KB with the RegExp constructor observed, to collect every pattern they
	// build (module constants from templates, compiled KB signals and concepts) with the place that built it.
	globalThis.RegExp = new Proxy(NativeRegExp, {
		construct(target, args, newTarget) {
			const re = Reflect.construct(target, args, newTarget) as RegExp;
			const frames = (new Error().stack ?? '').match(FRAME)?.map((f) => f.replace(/^.*src/, 'src'));
			if (frames !== undefined) built.push({ where: `built at ${frames.slice(0, 2).join(' ← ')}`, re });
			return re;
		},
	});
	try {
		vi.resetModules();
		const { triagePost } = await import('../../src/triage/index.js');
		const { openKb } = await import('../../src/kb/load.js');
		const { matchKb } = await import('../../src/kb/match.js');
		const { composeReply } = await import('../../src/answer/reply.js');
		const { defaultKbDir } = await import('../../src/paths.js');
		const kb = openKb(defaultKbDir());
		pipeline = { triagePost, matchKb, composeReply, kb };
		// One ordinary post, so patterns built while reading one are seen too.
		const post = {
			title: '403 on gpt-4o',
			body: "openai.PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory'}}",
			attachments: [],
		};
		const triaged = triagePost(post);
		composeReply(triaged, matchKb(triaged, kb.kb, kb.index, {}), kb.kb, { supportFallback: null });
	} finally {
		globalThis.RegExp = NativeRegExp;
	}
}, 120_000);

afterAll(() => pipeline?.kb.close());

/** Each distinct pattern once (source and flags), with every place it was found. */
function allPatterns(): FoundPattern[] {
	const unique = new Map<string, { re: RegExp; places: Set<string> }>();
	for (const p of [...regexLiterals(), ...built]) {
		const key = `/${p.re.source}/${p.re.flags.replace(/[gy]/g, '')}`;
		const seen = unique.get(key) ?? { re: p.re, places: new Set<string>() };
		seen.places.add(p.where);
		unique.set(key, seen);
	}
	return [...unique.values()].map(({ re, places }) => ({ re, where: [...places].join(' | ') }));
}

/**
 * CPU time of `work`, measured again (up to three runs, the least kept) when just over `budget`: process.cpuUsage counts
 * the garbage collector's threads too, and one collection of the large inputs can cost tens of milliseconds.
 */
function steadyCpuMs(work: () => void, budget: number): number {
	let least = cpuMs(work);
	// Far over the budget is no accident of the collector: not measured again, except for the small preflight inputs,
	// where a pause of another job on a loaded machine (tens of ms) is itself far over a budget of a few ms.
	const farOver = budget > PREFLIGHT_BUDGET_MS ? 3 * budget : Number.POSITIVE_INFINITY;
	for (let run = 1; run < 3 && least > budget && least < farOver; run += 1) least = Math.min(least, cpuMs(work));
	return least;
}

describe('bounded work on hostile input (256 KB)', () => {
	it('finds the patterns: the source literals, the built rules, the KB signals and the concept vocabulary', () => {
		const patterns = allPatterns();
		const from = (...files: string[]) => patterns.filter((p) => files.every((f) => p.where.includes(f))).length;
		expect(from('src/triage/status-text.ts')).toBeGreaterThan(10);
		expect(from('built at src/triage/secret-rules.ts')).toBeGreaterThan(5);
		// KB entries' signals and the concept vocabulary, compiled by `compilePattern`: lint compiles every signal's
		// pattern at load (the matcher compiles each again on first use, so those seen here are the ones that ran).
		expect(from('built at src/kb/normalise.ts', 'src/kb/lint.ts')).toBeGreaterThan(100);
		expect(from('built at src/kb/normalise.ts', 'src/kb/concepts.ts')).toBeGreaterThan(20);
		expect(patterns.length).toBeGreaterThan(500);
	});

	it('runs every pattern over every adversarial input, and over runs of its own words, within the CPU budget', () => {
		const small = ADVERSARIAL_SIZE / PREFLIGHT_SHARE;
		const generic = { small: [...adversarialInputs(small)], full: new Map(adversarialInputs()) };
		const slow: string[] = [];
		let worst = { ms: 0, what: '' };
		for (const { where, re } of allPatterns()) {
			const what = (name: string, ms: number, size: number) =>
				`${where} /${re.source.slice(0, 80)}/${re.flags} on ${name}: ${ms.toFixed(0)} ms at ${size / 1024} KB`;
			const ownSmall = inputsFromPattern(re.source, small);
			const ownFull = inputsFromPattern(re.source, ADVERSARIAL_SIZE);
			const cases: [string, string, string][] = [
				...generic.small.map(([name, text]): [string, string, string] => [name, text, generic.full.get(name) ?? '']),
				...ownSmall.map((text, i): [string, string, string] => [`own words #${i}`, text, ownFull[i] ?? '']),
			];
			for (const [name, smallText, fullText] of cases) {
				// A quadratic pattern would take minutes at full size: one that costs more than 1/128 of the budget at 1/32
				// of the size (a linear one costs a millisecond there) would take 8 budgets or more if it is quadratic.
				const preflight = steadyCpuMs(() => scanAll(re, smallText), PREFLIGHT_BUDGET_MS);
				if (preflight > PREFLIGHT_BUDGET_MS) {
					slow.push(what(name, preflight, small));
					continue;
				}
				const ms = steadyCpuMs(() => scanAll(re, fullText), PATTERN_BUDGET_MS);
				if (ms > worst.ms) worst = { ms, what: what(name, ms, ADVERSARIAL_SIZE) };
				if (ms > PATTERN_BUDGET_MS) slow.push(what(name, ms, ADVERSARIAL_SIZE));
			}
		}
		expect(slow).toEqual([]);
		expect(worst.ms).toBeLessThanOrEqual(PATTERN_BUDGET_MS);
	}, 600_000);

	it('reads each adversarial post (body, or four 64 KB attachments) and answers it within the CPU budget', () => {
		const { triagePost, matchKb, composeReply, kb } = pipeline;
		const slow: string[] = [];
		for (const [name, text] of adversarialInputs()) {
			const posts: [string, PostText][] = [
				[`${name} (body)`, { title: '', body: text, attachments: [] }],
				[`${name} (attachments)`, asAttachments(text)],
			];
			for (const [label, post] of posts) {
				let reply = '';
				const ms = cpuMs(() => {
					const triaged = triagePost(post);
					reply = composeReply(triaged, matchKb(triaged, kb.kb, kb.index, {}), kb.kb, {
						supportFallback: null,
					}).content;
				});
				expect(reply.length).toBeGreaterThan(0);
				if (ms > PIPELINE_BUDGET_MS) slow.push(`${label}: ${ms.toFixed(0)} ms`);
			}
		}
		expect(slow).toEqual([]);
	}, 600_000);
});
