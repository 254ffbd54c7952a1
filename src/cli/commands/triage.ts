import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { composeReply } from '../../answer/reply.js';
import { screenshotLine, withScreenshotQuote } from '../../answer/screenshot-quote.js';
import { answerLanguage, detectLanguage } from '../../i18n/detect.js';
import type { PosterLanguage } from '../../i18n/messages.js';
import { communityKb } from '../../kb/community-cases.js';
import { loadKbFolder, type OpenKb, openKb } from '../../kb/load.js';
import { type CompiledKb, matchKb } from '../../kb/match.js';
import { buildOcrVocabulary, repairIdentifiers } from '../../kb/ocr-vocabulary.js';
import type { PostAttachment, PostText } from '../../model.js';
import type { OcrSettings } from '../../settings/ocr.js';
import { triagePost } from '../../triage/index.js';
import { tidyOcrText } from '../../triage/ocr-text.js';
import type { Triage } from '../../triage/types.js';
import { type CliCommand, EXIT_USAGE } from '../command.js';
import { commandConfig } from '../command-config.js';
import { defaultKbCacheDir, loadThroughCache } from '../kb-cache.js';

const USAGE =
	'doorman triage [FILE] [--json] [--kb DIR] [--threshold N] [--db FILE]   (FILE may be a screenshot: png, jpg, webp, gif; --db: community cases take part)';

/** A screenshot, by its name (the bot goes by Discord's content type; a file on disk has only its name). */
const IMAGE_FILE = /\.(png|jpe?g|webp|gif)$/i;

/** The text of a screenshot as the bot reads it (OCR, tidied), or why it cannot be read here. */
async function readScreenshot(
	file: string,
	settings: OcrSettings | null,
): Promise<{ ok: true; attachment: PostAttachment } | { ok: false; problem: string }> {
	if (settings === null) return { ok: false, problem: 'reading images is off (OCR_ENABLED=false)' };
	// Imported here: the OCR engine loads sharp, which a text post does not need.
	const { createOcrEngine } = await import('../../ocr/engine.js');
	const engine = createOcrEngine(settings);
	const status = await engine.probe();
	if (!status.available) return { ok: false, problem: `cannot read images here: ${status.detail}` };
	const read = await engine.read(readFileSync(file));
	if (!read.ok) return { ok: false, problem: `cannot read ${path.basename(file)}: ${read.reason.replace('_', ' ')}` };
	return { ok: true, attachment: { name: path.basename(file), text: tidyOcrText(read.text), source: 'ocr' } };
}

/** Options shared by the commands that match posts against the KB (`triage`, `eval`). */
export const MatchArgsSchema = z.strictObject({
	kb: z.string().min(1, '--kb needs a directory').optional(),
	threshold: z.coerce
		.number({ error: '--threshold must be a number' })
		.min(0, '--threshold must be between 0 and 1')
		.max(1, '--threshold must be between 0 and 1')
		.optional(),
});

const ArgsSchema = MatchArgsSchema.extend({
	json: z.boolean().optional(),
	db: z.string().min(1, '--db needs a database file').optional(),
});

/** Parsed `doorman triage` arguments, or the usage problem; null `kbDir`/`threshold`: take them from the settings. */
export function parseTriageArgs(
	args: readonly string[],
	cwd: string,
):
	| {
			ok: true;
			file: string | null;
			json: boolean;
			kbDir: string | null;
			threshold: number | null;
			/** A Doorman database whose community cases take part in matching, as in the bot. */
			db: string | null;
	  }
	| { ok: false; problem: string } {
	try {
		const { values, positionals } = parseArgs({
			args: [...args],
			options: {
				json: { type: 'boolean' },
				kb: { type: 'string' },
				threshold: { type: 'string' },
				db: { type: 'string' },
			},
			allowPositionals: true,
			strict: true,
		});
		if (positionals.length > 1) return { ok: false, problem: `expected at most one FILE, got ${positionals.length}` };
		const parsed = ArgsSchema.safeParse(values);
		if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]?.message ?? 'bad arguments' };
		const file = positionals[0];
		return {
			ok: true,
			file: file === undefined || file === '-' ? null : path.resolve(cwd, file),
			json: parsed.data.json === true,
			kbDir: parsed.data.kb === undefined ? null : path.resolve(cwd, parsed.data.kb),
			threshold: parsed.data.threshold ?? null,
			db: parsed.data.db === undefined ? null : path.resolve(cwd, parsed.data.db),
		};
	} catch (error) {
		return { ok: false, problem: error instanceof Error ? error.message : String(error) };
	}
}

/** The `--json` output contract of `doorman triage` (other tools read it). */
export interface TriageJson {
	status: number | null;
	/** Today's taxonomy. */
	cause: string | null;
	/** The refined id beside it, or null. */
	subcause: string | null;
	confidence: number;
	abstained: boolean;
	model: string | null;
	missing: string[];
	citations: string[];
	reply: string;
	/** The language the reply is written in (`en`, `zh`): the post's when the bot speaks it, else English. */
	lang: PosterLanguage;
	/** The language detected in the post's own words (ISO 639-1), or null when they did not tell. */
	detectedLang: string | null;
}

/** Builds the command around a triage function (the real one in production, a stub in tests). */
export function createTriageCommand(triage: (post: PostText) => Triage): CliCommand {
	return {
		name: 'triage',
		summary: 'read one post (FILE or stdin) and print the reply the bot would post (--json: the facts behind it)',
		usage: USAGE,
		async run(args, io) {
			const parsed = parseTriageArgs(args, io.cwd);
			if (!parsed.ok) {
				io.stderr(`doorman triage: ${parsed.problem}\nusage: ${USAGE}\n`);
				return EXIT_USAGE;
			}
			// The same settings as the bot (`.env` in the working directory, the environment winning): KB_DIR,
			// MATCH_THRESHOLD and SUPPORT_EMAIL shape the reply; --kb and --threshold override them.
			const settings = commandConfig(io, 'doorman');
			if (settings === null) return 1;
			const kbDir = parsed.kbDir ?? settings.kbDir;
			const threshold = parsed.threshold ?? settings.matchThreshold;
			let text = '';
			const attachments: PostAttachment[] = [];
			try {
				if (parsed.file !== null && IMAGE_FILE.test(parsed.file)) {
					const shot = await readScreenshot(parsed.file, settings.ocr);
					if (!shot.ok) {
						io.stderr(`doorman triage: ${shot.problem}; paste the error as text instead\n`);
						return 1;
					}
					attachments.push(shot.attachment);
				} else text = parsed.file === null ? await io.readStdin() : readFileSync(parsed.file, 'utf8');
			} catch (error) {
				io.stderr(
					`doorman triage: cannot read ${parsed.file}: ${error instanceof Error ? error.message : String(error)}\n`,
				);
				return 1;
			}
			if (parsed.db !== null && !existsSync(parsed.db)) {
				io.stderr(`doorman triage: no database at ${parsed.db}\n`);
				return 1;
			}
			// A one-off command: the linted KB is kept between runs (keyed by the KB's and the loader's contents).
			const kb = openKb(kbDir, (dir) => loadThroughCache(dir, loadKbFolder, defaultKbCacheDir()));
			try {
				const compiled =
					parsed.db === null || !settings.learnFromResolved ? kb.kb : await withCommunityCases(kb, parsed.db);
				// As the bot does: identifiers the OCR misread are repaired from the KB's vocabulary.
				const vocabulary = buildOcrVocabulary(kb.kb.entries);
				const read = attachments.map((a) => ({ ...a, text: repairIdentifiers(a.text, vocabulary) }));
				const triaged = triage({ title: '', body: text, attachments: read });
				const result = matchKb(triaged, compiled, kb.index, { threshold });
				// As the bot does: the post's own words pick the language, DEFAULT_LANGUAGE when they do not tell.
				const detected = detectLanguage(text);
				let reply = composeReply(triaged, result, kb.kb, {
					supportFallback: settings.supportEmail,
					vendors: kb.vendors,
					lang: answerLanguage(detected, settings.defaultLanguage),
				});
				// A screenshot alone: the answer rests on what was read from it, so the line used is quoted.
				const line =
					read.length === 0 || reply.kind !== 'answer' || result.top === null
						? null
						: screenshotLine(
								read.map((a) => a.text),
								result.top.firedSignals,
							);
				if (line !== null) reply = { ...reply, content: withScreenshotQuote(reply.content, line, reply.lang ?? 'en') };
				if (!parsed.json) {
					io.stdout(`${reply.content}\n`);
					return 0;
				}
				const out: TriageJson = {
					status: triaged.error?.status ?? null,
					cause: reply.kind === 'answer' ? reply.cause : null,
					subcause: reply.kind === 'answer' ? (reply.subcause ?? null) : null,
					confidence: result.top?.confidence ?? 0,
					abstained: reply.kind !== 'answer',
					model: triaged.model,
					missing: [...triaged.missing],
					citations: [...reply.citations],
					reply: reply.content,
					lang: reply.lang ?? 'en',
					detectedLang: detected.code,
				};
				io.stdout(`${JSON.stringify(out)}\n`);
				return 0;
			} finally {
				kb.close();
			}
		},
	};
}

/**
 * The KB with the learned community cases of the database in `file` beside the shipped ones (read once). The store
 * is imported only here: a triage without --db loads no SQLite.
 */
async function withCommunityCases(kb: OpenKb, file: string): Promise<CompiledKb> {
	const { openStore } = await import('../../store/open.js');
	const { communityCaseRepository, communityCaseSource } = await import('../../store/community-cases.js');
	const { db } = openStore(file);
	try {
		return communityKb(kb.kb, kb.cases, communityCaseSource(communityCaseRepository(db))).current();
	} finally {
		db.close();
	}
}

export const command: CliCommand = createTriageCommand(triagePost);
