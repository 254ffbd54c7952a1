import { answerNotes, composeAnswer, localisedEntry } from './answer/compose-answer.js';
import { composeReply } from './answer/reply.js';
import { entryForRoute, errorVendorOf } from './answer/route-advice.js';
import { ocrTexts, screenshotLine, withScreenshotQuote } from './answer/screenshot-quote.js';
import type { Config } from './config.js';
import { answerLanguage, detectLanguage } from './i18n/detect.js';
import { type PosterLanguage, t } from './i18n/messages.js';
import { type CommunityCaseSource, communityKb } from './kb/community-cases.js';
import type { KbEntry } from './kb/entry-schema.js';
import { loadKbFolder, type OpenKb, openKb } from './kb/load.js';
import { type MatchResult, matchKb, type RankedMatch } from './kb/match.js';
import { buildOcrVocabulary, repairIdentifiers } from './kb/ocr-vocabulary.js';
import type { LlmClient } from './llm/client.js';
import { modelCheck } from './llm/model-check.js';
import type { ModelCache } from './llm/ports.js';
import { DISCORD_MESSAGE_LIMIT } from './message-text.js';
import type { PostText } from './model.js';
import type { LlmSettings } from './settings/llm.js';
import type { Advisor, Assessment, MatchSummary } from './thread/advice.js';
import { triagePost } from './triage/index.js';
import type { Triage } from './triage/types.js';

export interface AdvisorOptions {
	/** Called with seconds spent, for the latency histograms. */
	readonly onTriage?: (seconds: number) => void;
	readonly onMatch?: (seconds: number) => void;
	/** The optional LLM: `phrase` rewrites KB answers, `assist` ranks causes when the matcher abstains. */
	readonly llm?: {
		readonly client: LlmClient;
		readonly phrase: boolean;
		readonly assist: boolean;
		/** Model-id check against the endpoint's list (cached with a TTL). */
		readonly modelCheck?: {
			readonly cache: ModelCache;
			readonly settings: Pick<LlmSettings, 'baseUrl' | 'modelsTtlMs' | 'modelCheck'>;
			readonly now: () => number;
		};
	} | null;
	/** The community's confirmed cases, matched beside the shipped ones (re-read when their revision moves). */
	readonly communityCases?: CommunityCaseSource;
}

/** One line when the endpoint does not list the model the post names, with the nearest ids it does list. */
async function modelNote(
	llm: NonNullable<AdvisorOptions['llm']>,
	model: string | null,
	lang: PosterLanguage,
): Promise<string | null> {
	const check = llm.modelCheck;
	if (check === undefined || model === null || !check.settings.modelCheck) return null;
	const result = await modelCheck(llm.client, check.cache, check.settings, model, check.now()).catch(() => null);
	if (result === null || result.listed) return null;
	const near = result.suggestions.map((id) => `\`${id.replace(/`/g, '')}\``).join(', ');
	return t(lang, 'answer.modelNotListed', {
		model: `\`${model.replace(/`/g, '').slice(0, 80)}\``,
		near: near === '' ? 'none' : near,
	});
}

/**
 * The advisor the bot speaks with: triage → knowledge-base match → answer, all from the KB on disk.
 * Loading lints every entry and throws a KbError naming each `file:line: problem`, so the bot never
 * starts with a broken knowledge base.
 */
export function loadAdvisor(config: Config, options: AdvisorOptions = {}): Advisor {
	// Warmed up before the bot takes posts: the first ones are then answered as fast as later ones.
	return createAdvisor(openKb(config.kbDir, loadKbFolder, { warmUp: true }), config, options);
}

/** A short, redacted description of the post for the LLM (triage output only; never a raw attachment). */
export function triageSummary(triage: Triage): string {
	const e = triage.error;
	const lines = [
		e?.status == null ? null : `HTTP status: ${e.status}`,
		e?.message ? `Error message: ${e.message}` : null,
		e?.code ? `Error code: ${e.code}` : null,
		e?.type ? `Error type: ${e.type}` : null,
		e?.providerError?.message ? `Upstream error: ${e.providerError.message}` : null,
		triage.model ? `Model: ${triage.model}` : null,
		`Route: ${triage.route}`,
		triage.snippet?.sdk ? `SDK: ${triage.snippet.sdk}` : null,
		e?.excerpt ? `Excerpt:\n${e.excerpt.slice(0, 2000)}` : null,
	];
	return lines.filter((l): l is string => l !== null).join('\n');
}

/** The entry's title in each language it is translated into. */
const translatedTitles = (entry: KbEntry): Partial<Record<PosterLanguage, string>> =>
	Object.fromEntries(Object.entries(entry.translations ?? {}).map(([lang, tr]) => [lang, tr.title]));

function summarise(result: MatchResult, entry: KbEntry | undefined, threshold: number): MatchSummary | null {
	const top = result.top;
	if (top === null || entry === undefined) return null;
	return {
		entryId: top.entryId,
		cause: top.cause,
		title: top.title,
		...(entry.translations === undefined ? {} : { titles: translatedTitles(entry) }),
		confidence: top.confidence,
		abstained: result.abstained,
		confident: !result.abstained && top.confidence >= threshold,
		vendorNeeded: entry.escalate !== undefined,
		providers: entry.providers,
	};
}

export function createAdvisor(
	open: OpenKb,
	config: Pick<Config, 'matchThreshold' | 'supportEmail'> & Partial<Pick<Config, 'defaultLanguage'>>,
	options: AdvisorOptions = {},
): Advisor {
	const llm = options.llm ?? null;
	const vocabulary = buildOcrVocabulary(open.kb.entries);
	const community =
		options.communityCases === undefined ? null : communityKb(open.kb, open.cases, options.communityCases);
	// The entries never change here; only the case base grows with the community's confirmed cases. Indexed now, at
	// start-up, rather than at the first post (10,000 cases take about a second; see BENCHMARKS.md, community).
	community?.current();
	const kbNow = () => community?.current() ?? open.kb;
	/**
	 * The line of the screenshot an answer rests on, or null when the post's own text gives the same answer (then the
	 * screenshot only confirmed it).
	 */
	const restsOnScreenshot = (post: PostText, top: RankedMatch): string | null => {
		const texts = ocrTexts(post.attachments);
		if (texts.length === 0) return null;
		const own = { ...post, attachments: post.attachments.filter((a) => a.source !== 'ocr') };
		const without = matchKb(triagePost(own), kbNow(), open.index, { threshold: config.matchThreshold });
		if (!without.abstained && without.top?.cause === top.cause) return null;
		return screenshotLine(texts, top.firedSignals);
	};
	return async (received, adviseOptions = {}): Promise<Assessment> => {
		const t0 = performance.now();
		// Identifiers OCR misread (underscores read as spaces, a wrong letter) are put back from the KB's vocabulary.
		const post: PostText = {
			...received,
			attachments: received.attachments.map((a) =>
				a.source === 'ocr' ? { ...a, text: repairIdentifiers(a.text, vocabulary) } : a,
			),
		};
		const triage = triagePost(post);
		const t1 = performance.now();
		const result = matchKb(triage, kbNow(), open.index, { threshold: config.matchThreshold });
		options.onTriage?.((t1 - t0) / 1000);
		options.onMatch?.((performance.now() - t1) / 1000);
		// The thread's language when the caller knows it, else this text's own (DEFAULT_LANGUAGE when unsure).
		const lang =
			adviseOptions.lang ??
			answerLanguage(detectLanguage(`${post.title}\n${post.body}`), config.defaultLanguage ?? 'en');
		const answerOptions = { supportFallback: config.supportEmail, vendors: open.vendors, lang };
		let reply = composeReply(triage, result, open.kb, answerOptions);
		let top = result.top;
		let path: NonNullable<Assessment['path']> = 'kb';
		// Assist: only when the matcher abstained with evidence, and only a cause whose own signals fired.
		if (llm?.assist === true && result.abstained && result.ranked.length > 0) {
			const pick = await llm.client.assistRank({
				triageSummary: triageSummary(triage),
				candidates: result.ranked.map((r) => ({
					cause: r.cause,
					entryId: r.entryId,
					title: r.title,
					firedSignals: r.firedSignals.map((f) => `${f.kind}:${f.value}`),
				})),
			});
			const ranked = pick === null ? undefined : result.ranked.find((r) => r.entryId === pick.entryId);
			const entry = ranked === undefined ? undefined : open.kb.byId.get(ranked.entryId);
			if (ranked !== undefined && entry !== undefined && ranked.firedSignals.length > 0) {
				reply = composeAnswer(entry, ranked, triage, answerOptions);
				top = ranked;
				path = 'llm-assisted';
			}
		}
		const entry = top === null ? undefined : open.kb.byId.get(top.entryId);
		const kbReply = reply;
		const kbPath = path;
		const assessmentOf = async (
			shown: typeof reply,
			shownPath: NonNullable<Assessment['path']>,
		): Promise<Assessment> => {
			let content = shown.content;
			if (shown.kind === 'answer' && top !== null) {
				const line = restsOnScreenshot(post, top);
				if (line !== null) content = withScreenshotQuote(content, line, shown.lang ?? 'en');
			}
			if (llm !== null) {
				const note = await modelNote(llm, triage.model, shown.lang ?? 'en');
				if (note !== null && content.length + note.length + 1 <= DISCORD_MESSAGE_LIMIT) content = `${content}\n${note}`;
			}
			const match = summarise(
				shownPath === 'llm-assisted' ? { ...result, top, abstained: false } : result,
				entry,
				config.matchThreshold,
			);
			const reason =
				shown.kind === 'answer'
					? `MATCHED:${shown.cause ?? top?.cause ?? '?'}@${(top?.confidence ?? shown.confidence).toFixed(2)}${shownPath === 'kb' ? '' : ` (${shownPath})`}`
					: shown.kind === 'ask'
						? `MISSING:${triage.missing.join(',') || 'details'}`
						: `${result.reason}${top === null ? '' : `:${top.cause}@${top.confidence.toFixed(2)}`}`;
			return {
				triage,
				match,
				path: shownPath,
				advice: {
					kind: shown.kind,
					content,
					nextState: shown.kind === 'answer' ? 'answered' : 'needs_info',
					reason,
				},
			};
		};
		const canPhrase = llm?.phrase === true && kbReply.kind === 'answer' && entry !== undefined;
		const phrase = async (): Promise<Assessment> => {
			if (!canPhrase || llm === null || entry === undefined) return assessmentOf(kbReply, kbPath);
			// The matched entry as the KB answer shows it for this route: only its pages may be cited.
			// In the language of the KB answer: the entry's translation when the answer is translated (same citations).
			const lang = kbReply.lang ?? 'en';
			const shownEntry = localisedEntry(entry, lang) ?? entry;
			const grounding = [
				entryForRoute(shownEntry, triage.route, errorVendorOf(triage)),
				...open.kb.entries.filter((e) => e.cause === entry.cause && e.id !== entry.id),
			];
			// Every note of the KB answer (status note, "rotate your key", the route assumed) stays in the phrasing.
			const notes = answerNotes(shownEntry, triage, lang);
			const phrasedAnswer = await llm.client.phraseAnswer({
				triageSummary: triageSummary(triage),
				entries: grounding,
				matchedCause: entry.cause,
				...(notes.length === 0 ? {} : { notes }),
				...(lang === 'en' ? {} : { lang }),
			});
			if (phrasedAnswer === null) return assessmentOf(kbReply, kbPath);
			return assessmentOf({ ...kbReply, content: phrasedAnswer.content }, kbPath === 'kb' ? 'llm-phrased' : kbPath);
		};
		// Phrasing is one LLM call per answer: deferred when the caller only reads the match (see UNPHRASED).
		if (adviseOptions.phrase === false && canPhrase) return { ...(await assessmentOf(kbReply, kbPath)), phrase };
		return phrase();
	};
}
