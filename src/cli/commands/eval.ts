import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createAdvisor } from '../../advisor.js';
import { parseConfig, readEnvironment } from '../../config.js';
import { createBaseline } from '../../eval/baseline.js';
import { crossValidate } from '../../eval/cross-validate.js';
import type { EvalCase } from '../../eval/dataset.js';
import { parseEvalCases } from '../../eval/dataset.js';
import { formatEvalTable } from '../../eval/format.js';
import { formatCrossValidation } from '../../eval/format-cv.js';
import { runEval } from '../../eval/run-eval.js';
import { caseGroup } from '../../kb/case-schema.js';
import { CASES_DIR, type OpenKb, openKb } from '../../kb/load.js';
import { createLlmClient } from '../../llm/client.js';
import type { PostText } from '../../model.js';
import { DEFAULT_MATCH_THRESHOLD } from '../../model.js';
import { defaultKbDir } from '../../paths.js';
import { triagePost } from '../../triage/index.js';
import type { Triage } from '../../triage/types.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';
import { MatchArgsSchema } from './triage.js';

const USAGE =
	'doorman eval FILE.jsonl [--predictions] [--kb DIR] [--threshold N] [--llm]\n       doorman eval --cv K [--predictions] [--kb DIR] [--threshold N]';

const ArgsSchema = MatchArgsSchema.extend({
	predictions: z.boolean().optional(),
	llm: z.boolean().optional(),
	cv: z.coerce
		.number({ error: '--cv must be a whole number of folds' })
		.int('--cv must be a whole number of folds')
		.min(2, '--cv needs at least 2 folds')
		.max(50, '--cv takes at most 50 folds')
		.optional(),
});

type Parsed = {
	file: string | null;
	predictions: boolean;
	kbDir: string;
	threshold: number;
	llm: boolean;
	cv: number | null;
};

function parse(args: readonly string[], cwd: string): Parsed | string {
	try {
		const { values, positionals } = parseArgs({
			args: [...args],
			options: {
				predictions: { type: 'boolean' },
				kb: { type: 'string' },
				threshold: { type: 'string' },
				llm: { type: 'boolean' },
				cv: { type: 'string' },
			},
			allowPositionals: true,
			strict: true,
		});
		const [file, ...extra] = positionals;
		const parsed = ArgsSchema.safeParse(values);
		if (!parsed.success) return parsed.error.issues[0]?.message ?? 'bad arguments';
		const cv = parsed.data.cv ?? null;
		if (cv !== null && file !== undefined) return '--cv runs over the case base (kb/cases): give no FILE';
		if (cv !== null && parsed.data.llm === true) return '--cv and --llm cannot be combined';
		if (cv === null && file === undefined) return 'missing FILE.jsonl (or --cv K for cross-validation)';
		if (extra.length > 0) return `expected one FILE.jsonl, got ${positionals.length}`;
		return {
			cv,
			file: file === undefined ? null : path.resolve(cwd, file),
			predictions: parsed.data.predictions === true,
			kbDir: parsed.data.kb === undefined ? defaultKbDir() : path.resolve(cwd, parsed.data.kb),
			threshold: parsed.data.threshold ?? DEFAULT_MATCH_THRESHOLD,
			llm: parsed.data.llm === true,
		};
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}

/** Builds the command around a triage function (the real one in production, a stub in tests). */
export function createEvalCommand(triage: (post: PostText) => Triage): CliCommand {
	return {
		name: 'eval',
		summary: 'score the bot and a BM25 baseline on labelled reports (JSONL); exit 0 whatever the score',
		usage: USAGE,
		async run(args, io) {
			const parsed = parse(args, io.cwd);
			if (typeof parsed === 'string') {
				io.stderr(`doorman eval: ${parsed}\nusage: ${USAGE}\n`);
				return EXIT_USAGE;
			}
			if (parsed.file === null) return runCrossValidation(parsed, triage, io);
			let text: string;
			try {
				text = readFileSync(parsed.file, 'utf8');
			} catch (error) {
				io.stderr(
					`doorman eval: cannot read ${parsed.file}: ${error instanceof Error ? error.message : String(error)}\n`,
				);
				return 1;
			}
			const { cases, problems } = parseEvalCases(text);
			if (problems.length > 0) {
				io.stderr(
					`doorman eval: ${path.basename(parsed.file)} has bad lines:\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
				);
				return 1;
			}
			const kb = openKb(parsed.kbDir);
			try {
				const report = runEval(cases, {
					triage,
					kb: kb.kb,
					index: kb.index,
					baseline: createBaseline(kb.entries, kb.cases),
					match: { threshold: parsed.threshold },
				});
				if (parsed.predictions) {
					for (const p of report.ours.predictions)
						io.stdout(
							`${JSON.stringify({ id: p.id, cause: p.cause, subcause: p.subcause, confidence: p.confidence, abstained: p.abstained, citations: p.citations })}\n`,
						);
				} else {
					io.stdout(
						formatEvalTable(report, `${cases.length} cases from ${path.relative(io.cwd, parsed.file) || parsed.file}`),
					);
				}
				if (parsed.llm) {
					const line = await evalWithLlm(cases, kb, parsed.threshold, io.cwd);
					if (line === null) {
						io.stderr('doorman eval: --llm needs LLM_BASE_URL and LLM_MODEL (see .env.example)\n');
						return EXIT_USAGE;
					}
					io.stdout(line);
				}
				return 0;
			} finally {
				kb.close();
			}
		},
	};
}

export const command: CliCommand = createEvalCommand(triagePost);

/** `doorman eval --cv K`: grouped K-fold cross-validation over the KB's own case base. */
function runCrossValidation(
	parsed: Parsed & { cv: number | null },
	triage: (post: PostText) => Triage,
	io: Parameters<CliCommand['run']>[1],
): number {
	const kb = openKb(parsed.kbDir);
	try {
		if (kb.cases.length === 0) {
			io.stderr(`doorman eval: no cases in ${path.join(parsed.kbDir, CASES_DIR)} to cross-validate\n`);
			return 1;
		}
		const folds = Math.min(parsed.cv ?? 10, new Set(kb.cases.map((c) => caseGroup(c.source))).size);
		const cv = crossValidate(kb.cases, folds, {
			triage,
			kb: kb.kb,
			index: kb.index,
			match: { threshold: parsed.threshold },
		});
		if (parsed.predictions) {
			for (const p of cv.ours)
				io.stdout(
					`${JSON.stringify({ id: p.id, fold: p.fold, expected: p.expected, cause: p.cause, subcause: p.subcause, confidence: p.confidence, abstained: p.abstained, correct: p.correct, lang: p.lang, vendor: p.vendor })}\n`,
				);
		} else {
			io.stdout(
				formatCrossValidation(
					cv,
					`${kb.cases.length} cases from ${path.relative(io.cwd, path.join(parsed.kbDir, CASES_DIR)) || CASES_DIR}`,
				),
			);
		}
		return 0;
	} finally {
		kb.close();
	}
}

/**
 * The same cases through the bot's own advisor with the configured LLM on (phrase and assist as
 * configured): top-1 accuracy and which path produced each answer, to compare with the LLM-off table.
 */
async function evalWithLlm(
	cases: readonly EvalCase[],
	kb: OpenKb,
	threshold: number,
	cwd: string,
): Promise<string | null> {
	const config = parseConfig(readEnvironment(cwd), cwd);
	if (!config.ok || config.config.llm === null) return null;
	const settings = config.config.llm;
	let used = 0;
	const client = createLlmClient(settings, {
		usage: {
			usedToday: () => used,
			add: (_now, tokens) => {
				used += tokens;
			},
		},
		clock: { now: () => Date.now() },
	});
	const advisor = createAdvisor(
		kb,
		{ matchThreshold: threshold, supportEmail: null },
		{
			llm: { client, phrase: settings.phrase, assist: settings.assist },
		},
	);
	let correct = 0;
	const paths = { kb: 0, 'llm-phrased': 0, 'llm-assisted': 0 };
	for (const c of cases) {
		const a = await advisor({ title: '', body: c.report, attachments: [] });
		const abstained = a.advice.kind !== 'answer';
		if (abstained ? c.underdetermined === true : a.match?.cause === c.cause) correct += 1;
		if (!abstained) paths[a.path ?? 'kb'] += 1;
	}
	const accuracy = cases.length === 0 ? 0 : correct / cases.length;
	return `\nwith the LLM (${settings.model}; phrase ${settings.phrase}, assist ${settings.assist}): top-1 accuracy ${accuracy.toFixed(3)} (${correct}/${cases.length}); answers by path: kb ${paths.kb}, llm-phrased ${paths['llm-phrased']}, llm-assisted ${paths['llm-assisted']}; ${used} tokens\n`;
}
