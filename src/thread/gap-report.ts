import { threadLink } from '../escalation/summary.js';
import { type CommunityCase, guessLanguage } from '../kb/community-case.js';
import type { PostText } from '../model.js';
import { triagePost } from '../triage/index.js';
import type { ErrorBody } from '../triage/types.js';

/** Records what the report counts that nothing else keeps: the entry behind each answer, and the posters' feedback. */
export interface ReportLog {
	answered(messageId: string, threadId: string, entryId: string, cause: string, at: number): void;
	feedback(threadId: string, action: 'solved' | 'didnt_help', at: number): void;
}

/** One thread as the report reads it from the store: its outcomes and the owner's text (redacted, as stored). */
export interface ReportThread {
	readonly threadId: string;
	readonly guildId: string;
	readonly title: string;
	readonly state: string;
	readonly createdAt: number;
	/** `processed_messages.outcome` of each handled message, oldest first (`answer: MATCHED:cause@0.91`, …). */
	readonly outcomes: readonly string[];
	/** The owner's messages joined; null when none are stored. */
	readonly owner: PostText | null;
}

export interface ReportInput {
	readonly since: number;
	readonly now: number;
	readonly threads: readonly ReportThread[];
	readonly escalations: readonly { readonly threadId: string; readonly trigger: string; readonly createdAt: number }[];
	readonly answers: readonly {
		readonly threadId: string;
		readonly entryId: string;
		readonly cause: string;
		readonly at: number;
	}[];
	readonly feedback: readonly {
		readonly threadId: string;
		readonly action: 'solved' | 'didnt_help';
		readonly at: number;
	}[];
	/** Community cases stored in the window (withdrawn ones included). */
	readonly confirmed: readonly CommunityCase[];
}

export type ThreadOutcome = 'answered' | 'escalated' | 'asked' | 'abstained' | 'other';

export interface GapReport {
	readonly since: string;
	readonly until: string;
	readonly totals: {
		readonly posts: number;
		readonly answered: number;
		readonly asked: number;
		readonly abstained: number;
		readonly escalated: number;
		readonly solved: number;
	};
	readonly byCause: readonly { readonly cause: string; readonly answered: number; readonly confirmed: number }[];
	readonly byRoute: readonly { readonly route: string; readonly posts: number; readonly answered: number }[];
	readonly byLanguage: readonly { readonly lang: string; readonly posts: number; readonly answered: number }[];
	readonly byWeek: readonly {
		readonly week: string;
		readonly posts: number;
		readonly answered: number;
		readonly escalated: number;
	}[];
	/** Per KB entry: answers given and how the posters took them. */
	readonly entries: readonly {
		readonly entryId: string;
		readonly cause: string;
		readonly answers: number;
		readonly solved: number;
		readonly didntHelp: number;
	}[];
	/** Errors the bot could not place, normalised and grouped, biggest first. */
	readonly gaps: readonly {
		readonly message: string;
		readonly count: number;
		readonly threads: readonly { readonly link: string; readonly title: string }[];
		/** A person confirmed the cause of one of these threads: the next such post is matched with it. */
		readonly closedBy: { readonly cause: string; readonly caseId: number } | null;
	}[];
	readonly newCauses: readonly {
		readonly cause: string;
		readonly caseId: number;
		readonly link: string;
		readonly by: string;
	}[];
	readonly threads: readonly {
		readonly link: string;
		readonly title: string;
		readonly created: string;
		readonly outcome: ThreadOutcome;
		readonly cause: string | null;
		readonly state: string;
		readonly confirmedCause: string | null;
	}[];
}

/**
 * An error message with what differs between two reports of the same error taken out: redacted keys, ids (UUIDs,
 * hex, `req_…`-style tokens, long digit runs), e-mail addresses and numbers other than the status. Lower case, one
 * line, at most 160 characters.
 */
export function normaliseErrorMessage(message: string): string {
	return message
		.replace(/\[REDACTED:[^\]]*\]/g, '<key>')
		.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
		.replace(/\b[\w.+-]+@[\w-]+\.[\w.]+\b/g, '<email>')
		.replace(/\b[a-z]{2,8}[_-][A-Za-z0-9]{12,}\b/g, '<id>')
		.replace(/\b(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{16,}\b/g, '<id>')
		.replace(/\b[0-9a-f]{12,}\b/gi, '<id>')
		.replace(/\b\d+(\.\d+)?\b/g, (n) => (/^[1-5]\d\d$/.test(n) ? n : '<n>'))
		.replace(/\s+/g, ' ')
		.trim()
		.toLowerCase()
		.slice(0, 160);
}

/** The message an unplaced error is grouped by: its own message, the provider's, else the first line printed. */
function errorMessage(error: ErrorBody): string | null {
	const text =
		error.message ?? error.providerError?.message ?? error.excerpt.split('\n').find((l) => l.trim() !== '') ?? null;
	if (text === null) return null;
	return `${error.status === null ? '' : `${error.status} `}${text}`;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** ISO 8601 week of a time, `2026-W05`. */
export function isoWeek(ms: number): string {
	const d = new Date(ms);
	// The Thursday of the same week decides the year; weeks count from the week holding 4 January.
	const thursday = new Date(
		Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3),
	);
	const year = thursday.getUTCFullYear();
	const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
	return `${year}-W${String(week).padStart(2, '0')}`;
}

function classify(outcomes: readonly string[], escalated: boolean): ThreadOutcome {
	if (outcomes.some((o) => o.startsWith('answer:'))) return 'answered';
	if (escalated || outcomes.some((o) => o.startsWith('escalate'))) return 'escalated';
	if (outcomes.some((o) => o.startsWith('ask:'))) return 'asked';
	if (outcomes.some((o) => o.startsWith('abstain:'))) return 'abstained';
	return 'other';
}

const answeredCause = (outcomes: readonly string[]): string | null => {
	for (const o of [...outcomes].reverse()) {
		const m = /^answer: MATCHED:([a-z0-9_]+)@/.exec(o);
		if (m?.[1] !== undefined) return m[1];
	}
	return null;
};

function tally<K extends string>(
	counts: Map<string, Record<K, number>>,
	key: string,
	zero: Record<K, number>,
	add: Partial<Record<K, number>>,
) {
	const row = counts.get(key) ?? { ...zero };
	for (const [k, v] of Object.entries(add) as [K, number][]) row[k] += v;
	counts.set(key, row);
}

/** The knowledge-gap report over a window (pure): what came in, what the bot did, and where it had nothing to say. */
export function buildGapReport(input: ReportInput): GapReport {
	const escalatedThreads = new Set(input.escalations.map((e) => e.threadId));
	const confirmedByThread = new Map(input.confirmed.map((c) => [c.threadId, c]));
	const totals = { posts: 0, answered: 0, asked: 0, abstained: 0, escalated: 0, solved: 0 };
	const routes = new Map<string, { posts: number; answered: number }>();
	const langs = new Map<string, { posts: number; answered: number }>();
	const weeks = new Map<string, { posts: number; answered: number; escalated: number }>();
	const causes = new Map<string, { answered: number; confirmed: number }>();
	const gaps = new Map<
		string,
		{ threads: { link: string; title: string }[]; closedBy: { cause: string; caseId: number } | null }
	>();
	const threads: GapReport['threads'][number][] = [];
	for (const t of input.threads) {
		const escalated = escalatedThreads.has(t.threadId);
		const outcome = classify(t.outcomes, escalated);
		const isAnswered = outcome === 'answered';
		totals.posts += 1;
		if (isAnswered) totals.answered += 1;
		if (t.outcomes.some((o) => o.startsWith('ask:'))) totals.asked += 1;
		if (t.outcomes.some((o) => o.startsWith('abstain:'))) totals.abstained += 1;
		if (escalated) totals.escalated += 1;
		if (t.state === 'solved') totals.solved += 1;
		const triage = t.owner === null ? null : triagePost(t.owner);
		const text = t.owner === null ? t.title : `${t.owner.title}\n${t.owner.body}`;
		const one = isAnswered ? 1 : 0;
		tally(routes, triage?.route ?? 'unknown', { posts: 0, answered: 0 }, { posts: 1, answered: one });
		tally(langs, guessLanguage(text), { posts: 0, answered: 0 }, { posts: 1, answered: one });
		tally(
			weeks,
			isoWeek(t.createdAt),
			{ posts: 0, answered: 0, escalated: 0 },
			{ posts: 1, answered: one, escalated: escalated ? 1 : 0 },
		);
		const cause = answeredCause(t.outcomes);
		if (cause !== null) tally(causes, cause, { answered: 0, confirmed: 0 }, { answered: 1 });
		const link = threadLink(t.guildId, t.threadId);
		const confirmed = confirmedByThread.get(t.threadId) ?? null;
		threads.push({
			link,
			title: t.title,
			created: isoDay(t.createdAt),
			outcome,
			cause,
			state: t.state,
			confirmedCause: confirmed?.cause ?? null,
		});
		const message = !isAnswered && triage?.error ? errorMessage(triage.error) : null;
		if (message !== null) {
			const key = normaliseErrorMessage(message);
			const group = gaps.get(key) ?? { threads: [], closedBy: null };
			group.threads.push({ link, title: t.title });
			if (confirmed !== null && confirmed.withdrawnAt === null && confirmed.learned)
				group.closedBy = { cause: confirmed.cause, caseId: confirmed.id };
			gaps.set(key, group);
		}
	}
	for (const c of input.confirmed)
		if (c.withdrawnAt === null) tally(causes, c.cause, { answered: 0, confirmed: 0 }, { confirmed: 1 });
	const entries = new Map<string, { cause: string; answers: number; solved: number; didntHelp: number }>();
	const answersByThread = new Map<string, { entryId: string; at: number }[]>();
	for (const a of input.answers) {
		const row = entries.get(a.entryId) ?? { cause: a.cause, answers: 0, solved: 0, didntHelp: 0 };
		row.answers += 1;
		entries.set(a.entryId, row);
		answersByThread.set(a.threadId, [...(answersByThread.get(a.threadId) ?? []), { entryId: a.entryId, at: a.at }]);
	}
	for (const f of input.feedback) {
		// Feedback is about the thread's last answer before the press.
		const last = (answersByThread.get(f.threadId) ?? []).filter((a) => a.at <= f.at).sort((a, b) => b.at - a.at)[0];
		const row = last === undefined ? undefined : entries.get(last.entryId);
		if (row === undefined) continue;
		if (f.action === 'solved') row.solved += 1;
		else row.didntHelp += 1;
	}
	const byCount = <T extends { posts: number }>(m: Map<string, T>, key: string) =>
		[...m].sort((a, b) => b[1].posts - a[1].posts || a[0].localeCompare(b[0])).map(([k, v]) => ({ [key]: k, ...v }));
	return {
		since: isoDay(input.since),
		until: isoDay(input.now),
		totals,
		byCause: [...causes]
			.map(([cause, v]) => ({ cause, ...v }))
			.sort((a, b) => b.answered + b.confirmed - (a.answered + a.confirmed) || a.cause.localeCompare(b.cause)),
		byRoute: byCount(routes, 'route') as unknown as GapReport['byRoute'],
		byLanguage: byCount(langs, 'lang') as unknown as GapReport['byLanguage'],
		byWeek: [...weeks].sort((a, b) => a[0].localeCompare(b[0])).map(([week, v]) => ({ week, ...v })),
		entries: [...entries]
			.map(([entryId, v]) => ({ entryId, ...v }))
			.sort((a, b) => b.answers - a.answers || a.entryId.localeCompare(b.entryId)),
		gaps: [...gaps]
			.map(([message, g]) => ({ message, count: g.threads.length, threads: g.threads, closedBy: g.closedBy }))
			.sort((a, b) => b.count - a.count || a.message.localeCompare(b.message)),
		newCauses: input.confirmed
			.filter((c) => c.isNewCause && c.withdrawnAt === null)
			.map((c) => ({ cause: c.cause, caseId: c.id, link: c.source, by: c.actorName })),
		threads,
	};
}
