import { parentCause, subcauseOf } from '../kb/causes.js';
import type { Citation, KbEntry } from '../kb/entry-schema.js';
import type { RankedMatch } from '../kb/match.js';
import type { VendorDirectory } from '../kb/vendors.js';
import { DISCORD_MESSAGE_LIMIT, truncate } from '../message-text.js';
import type { Triage } from '../triage/types.js';
import { secretWarning } from './ask-for-info.js';
import { FOOTER, fitMessage, inlineCode, renderMessage } from './limits.js';
import { chooseAdvice, type RouteKind } from './route-advice.js';
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
}

export interface AnswerOptions {
	/** The community's own desk (config `SUPPORT_EMAIL`): named when no party documents a support contact. */
	readonly supportFallback?: string | null;
	/** The vendor support records (`kb/vendors/`): who the "If it persists" line sends the user to. */
	readonly vendors?: VendorDirectory | null;
	readonly footer?: string;
	readonly limit?: number;
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
export function statusNote(entry: KbEntry, seen: number | null): string | null {
	if (seen === null) return null;
	if (!entry.statuses.includes(seen))
		return `Note: your error is ${statusLabel(seen)}, while this problem normally comes back as HTTP ${statusList(entry.statuses)}. If that does not fit what you see, reply with the full error body.`;
	if (seen !== 403 && entry.statuses.includes(403))
		return `Note: here it came back as ${statusLabel(seen)} rather than 403; it is the same cause.`;
	return null;
}

function persistsSection(entry: KbEntry, triage: Triage, to: string): string {
	const send = ['the full error body (keys removed)'];
	const requestId = triage.error?.requestId;
	if (requestId) send.push(`the request id ${inlineCode(requestId, 60)}`);
	send.push('the time of the request', triage.model ? `the model (${inlineCode(triage.model, 60)})` : 'the model id');
	const what = `send them ${send.slice(0, -1).join(', ')} and ${send[send.length - 1]}.`;
	if (entry.escalate !== undefined)
		return `**If it persists**\nIf ${entry.escalate.when}, contact ${to}: ${entry.escalate.why}. When you do, ${what}`;
	return `**If it persists**\nIf the steps above do not fix it, contact ${to} and ${what}`;
}

function sourcesSection(citations: readonly Citation[], withStatements: boolean): string {
	if (citations.length === 0)
		return '**Sources**\nNo vendor page documents this exact error; the steps follow the error text itself and fixes confirmed in public reports.';
	const lines = citations.map((c, i) => {
		const link = `${i + 1}. [${c.title.replace(/[[\]]/g, '')}](<${c.url}>)`;
		return withStatements ? `${link}, ${truncate(c.section, 80)}: ${truncate(c.states, 240)}` : link;
	});
	return `**Sources**\n${lines.join('\n')}`;
}

/**
 * The lines a KB answer shows under its diagnosis: the status note, the "rotate your key" warning, and the route
 * assumed. Every rewording of the answer (the LLM phrasing) must keep them. Pure.
 */
export function answerNotes(entry: KbEntry, triage: Triage): string[] {
	return [
		statusNote(entry, triage.error?.status ?? null),
		secretWarning(triage.secrets),
		chooseAdvice(entry, triage.route).assumption,
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
	entry: KbEntry,
	match: RankedMatch,
	triage: Triage,
	options: AnswerOptions = {},
): ComposedReply {
	const footer = options.footer ?? FOOTER;
	const limit = options.limit ?? DISCORD_MESSAGE_LIMIT;
	const advice = chooseAdvice(entry, triage.route);
	const head = [`**${entry.diagnosis}**`, ...answerNotes(entry, triage)].join('\n');
	const steps = (max: number) =>
		`**Fix**\n${advice.fix.map((step, i) => `${i + 1}. ${truncate(step, max)}`).join('\n')}`;
	const contact = answerContact(entry, triage, options.vendors ?? null, options.supportFallback ?? null);
	const persists = persistsSection(entry, triage, contact.text);
	const short = sourcesSection(advice.citations, false);
	const variants = [
		[head, steps(400), persists, sourcesSection(advice.citations, true)],
		[head, steps(400), persists, short],
		[head, steps(400), short],
	];
	let parts = variants.find((v) => renderMessage(v, footer).length <= limit);
	if (parts === undefined) {
		// Citations and the diagnosis matter most: shorten every fix step to share what room is left.
		const room = limit - renderMessage([head, '**Fix**', short], footer).length - 2;
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
	};
}
