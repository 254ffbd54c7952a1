import { joinList, type PosterLanguage, t } from '../i18n/messages.js';
import { parentCause, subcauseOf } from '../kb/causes.js';
import { type Citation, citationKey, type KbEntry, translatableCitations } from '../kb/entry-schema.js';
import type { RankedMatch } from '../kb/match.js';
import type { VendorDirectory } from '../kb/vendors.js';
import { DISCORD_MESSAGE_LIMIT, truncate } from '../message-text.js';
import type { Triage } from '../triage/types.js';
import { footerIn, secretWarning } from './ask-for-info.js';
import { fitMessage, inlineCode, renderMessage } from './limits.js';
import { chooseAdvice, errorVendorOf, type RouteKind } from './route-advice.js';
import { answerContact } from './support-line.js';

/** A reply the bot would post, with what it rests on. */
export interface ComposedReply {
	readonly kind: 'answer' | 'ask' | 'abstain';
	/** Discord message content, at most 2000 characters, mention-safe, ending with the footer. */
	readonly content: string;
	/** URLs cited: exactly the pages the reply links (the matched entry's, for the route it was answered for). */
	readonly citations: readonly string[];
	readonly entryId: string | null;
	/** The cause in today's taxonomy (the contract every report and metric uses). */
	readonly cause: string | null;
	/** The refined cause id of the entry (`relay_quota_exhausted` …), when it names one. */
	readonly subcause?: string | null;
	readonly confidence: number;
	/** The kind of route whose steps the answer gives; null or absent when it gives the entry's defaults. */
	readonly routeKind?: RouteKind | null;
	/** The language the reply is written in (English when the entry has no translation for the poster's language). */
	readonly lang?: PosterLanguage;
}

export interface AnswerOptions {
	/** The community's own desk (config `SUPPORT_EMAIL`): named when no party documents a support contact. */
	readonly supportFallback?: string | null;
	/** The vendor support records (`kb/vendors/`): who the "If it persists" line sends the user to. */
	readonly vendors?: VendorDirectory | null;
	readonly footer?: string;
	readonly limit?: number;
	/** The poster's language; the answer is in it only when the entry has a translation for it, else all English. */
	readonly lang?: PosterLanguage;
}

/**
 * The entry as the poster's language gives it (title, diagnosis, steps per route, when and why to contact the vendor,
 * what each cited page states, from `kb/i18n/<lang>/`), or null when it has no complete translation for that
 * language: then the whole answer is English, never a mix. Citations stay the entry's (the vendor's pages); a page
 * whose statement has no translation keeps it in English, saying so, rather than dropping it. Pure.
 */
export function localisedEntry(entry: KbEntry, lang: PosterLanguage): KbEntry | null {
	if (lang === 'en') return entry;
	const tr = entry.translations?.[lang];
	if (tr === undefined) return null;
	if (entry.escalate !== undefined && tr.escalate === undefined) return null;
	const statesIn = translatedStates(entry, tr.citations ?? []);
	const localise = (citations: readonly Citation[]): Citation[] =>
		citations.map((c) => {
			const states = statesIn.get(citationKey(c));
			return { ...c, states: states ?? t(lang, 'answer.sourceUntranslated', { states: c.states }) };
		});
	const routes: Record<string, unknown> = {};
	for (const [kind, advice] of Object.entries(entry.routes ?? {})) {
		if (advice === undefined) continue;
		const fix = tr.routes?.[kind as RouteKind]?.fix;
		if (fix === undefined) return null;
		routes[kind] = { ...advice, fix, citations: localise(advice.citations) };
	}
	return {
		...entry,
		title: tr.title,
		diagnosis: tr.diagnosis,
		fix: tr.fix,
		citations: localise(entry.citations),
		...(entry.routes === undefined ? {} : { routes: routes as KbEntry['routes'] }),
		...(entry.escalate === undefined || tr.escalate === undefined
			? {}
			: { escalate: { ...entry.escalate, ...tr.escalate } }),
	};
}

/**
 * The translated statement of each of the entry's citations, by citation: the translation's `citations` are the
 * entry's distinct citations in order, each naming its page; one whose page does not match is not used.
 */
function translatedStates(
	entry: KbEntry,
	translated: readonly { readonly url: string; readonly states: string }[],
): Map<string, string> {
	const states = new Map<string, string>();
	translatableCitations(entry).forEach((c, i) => {
		const tr = translated[i];
		if (tr !== undefined && tr.url === c.url) states.set(citationKey(c), tr.states);
	});
	return states;
}

const STATUS_NAMES: Readonly<Record<number, string>> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	402: 'Payment Required',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	429: 'Too Many Requests',
};
const statusLabel = (status: number): string =>
	STATUS_NAMES[status] === undefined ? `HTTP ${status}` : `HTTP ${status} (${STATUS_NAMES[status]})`;
const statusList = (statuses: readonly number[]): string => statuses.map(String).join('/');

/**
 * Says so when the status the user saw is not one this entry shows up as; and, for a cause that is usually a 403,
 * when it came back with another of its statuses. Look-alike entries (never 403) say it in their diagnosis.
 */
export function statusNote(entry: KbEntry, seen: number | null, lang: PosterLanguage = 'en'): string | null {
	if (seen === null) return null;
	if (!entry.statuses.includes(seen))
		return t(lang, 'answer.statusMismatch', { seen: statusLabel(seen), statuses: statusList(entry.statuses) });
	if (seen !== 403 && entry.statuses.includes(403)) return t(lang, 'answer.sameCause', { seen: statusLabel(seen) });
	return null;
}

function persistsSection(entry: KbEntry, triage: Triage, to: string, lang: PosterLanguage): string {
	const send = [t(lang, 'answer.sendErrorBody')];
	const requestId = triage.error?.requestId;
	if (requestId) send.push(t(lang, 'answer.sendRequestId', { id: inlineCode(requestId, 60) }));
	send.push(
		t(lang, 'answer.sendTime'),
		triage.model ? t(lang, 'answer.sendModel', { model: inlineCode(triage.model, 60) }) : t(lang, 'answer.sendModelId'),
	);
	const what = t(lang, 'answer.sendThem', { list: joinList(lang, send) });
	const heading = t(lang, 'answer.persistsHeading');
	if (entry.escalate !== undefined)
		return `${heading}\n${t(lang, 'answer.persistsVendor', { when: entry.escalate.when, to, why: entry.escalate.why, what })}`;
	return `${heading}\n${t(lang, 'answer.persistsGeneric', { to, what })}`;
}

function sourcesSection(citations: readonly Citation[], withStatements: boolean, lang: PosterLanguage): string {
	const heading = t(lang, 'answer.sourcesHeading');
	if (citations.length === 0) return `${heading}\n${t(lang, 'answer.noSources')}`;
	const lines = citations.map((c, i) => {
		const link = `${i + 1}. [${c.title.replace(/[[\]]/g, '')}](<${c.url}>)`;
		return withStatements
			? t(lang, 'answer.sourceLine', { link, section: truncate(c.section, 80), states: truncate(c.states, 240) })
			: link;
	});
	return `${heading}\n${lines.join('\n')}`;
}

/**
 * The lines a KB answer shows under its diagnosis: the status note, the "rotate your key" warning, and the route
 * assumed. Every rewording of the answer (the LLM phrasing) must keep them. Pure.
 */
export function answerNotes(entry: KbEntry, triage: Triage, lang: PosterLanguage = 'en'): string[] {
	return [
		statusNote(entry, triage.error?.status ?? null, lang),
		secretWarning(triage.secrets, lang),
		chooseAdvice(entry, triage.route, lang, errorVendorOf(triage)).assumption,
	].filter((line): line is string => line !== null);
}

/**
 * The reply for a confident match: one-line diagnosis, status note, numbered fix steps, who to contact if it persists
 * (from the vendor records, for the route: `answerContact`) and what to send them, and numbered citations from the matched entry only. Steps and citations are the entry's advice for the
 * kind of route triage found (`chooseAdvice`); when triage found none and the advice differs by route, one line says
 * which route was assumed. Fits Discord's limit (what each page states, then the vendor section, then fix steps are
 * shortened first), pings nobody, ends with the footer. Pure.
 */
export function composeAnswer(
	original: KbEntry,
	match: RankedMatch,
	triage: Triage,
	options: AnswerOptions = {},
): ComposedReply {
	const wanted = options.lang ?? 'en';
	const translated = localisedEntry(original, wanted);
	const lang: PosterLanguage = translated === null ? 'en' : wanted;
	const entry = translated ?? original;
	const footer = options.footer ?? footerIn(lang);
	const limit = options.limit ?? DISCORD_MESSAGE_LIMIT;
	const advice = chooseAdvice(entry, triage.route, lang, errorVendorOf(triage));
	const head = [`**${entry.diagnosis}**`, ...answerNotes(entry, triage, lang)].join('\n');
	const fixHeading = t(lang, 'answer.fixHeading');
	const steps = (max: number) =>
		`${fixHeading}\n${advice.fix.map((step, i) => `${i + 1}. ${truncate(step, max)}`).join('\n')}`;
	const contact = answerContact(entry, triage, options.vendors ?? null, options.supportFallback ?? null, lang);
	const persists = persistsSection(entry, triage, contact.text, lang);
	const short = sourcesSection(advice.citations, false, lang);
	// What each page states comes in the answer's language (`localisedEntry`), as in English; dropped only for room.
	const variants = [
		[head, steps(400), persists, sourcesSection(advice.citations, true, lang)],
		[head, steps(400), persists, short],
		[head, steps(400), short],
	];
	let parts = variants.find((v) => renderMessage(v, footer).length <= limit);
	if (parts === undefined) {
		// Citations and the diagnosis matter most: shorten every fix step to share what room is left.
		const room = limit - renderMessage([head, fixHeading, short], footer).length - 2;
		const perStep = Math.max(20, Math.floor(room / advice.fix.length) - 5);
		parts = [head, steps(perStep), short];
	}
	const content = fitMessage(parts, [], footer, limit);
	return {
		kind: 'answer',
		content,
		citations: advice.citations.map((c) => c.url),
		entryId: entry.id,
		cause: parentCause(entry.cause),
		subcause: subcauseOf(entry.cause),
		confidence: match.confidence,
		routeKind: advice.kind,
		lang,
	};
}
