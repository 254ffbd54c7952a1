import { type MessageKey, type PosterLanguage, t } from '../i18n/messages.js';
import type { GapReport } from './gap-report.js';

/** Parses `--since`: `30d`, `8w`, or a date (`2026-01-31`); the start of the window in ms, or null. */
export function parseSince(value: string, now: number): number | null {
	const relative = /^(\d{1,4})([dw])$/.exec(value.trim());
	if (relative !== null) return now - Number(relative[1]) * (relative[2] === 'w' ? 7 : 1) * 86_400_000;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return null;
	const ms = Date.parse(`${value.trim()}T00:00:00Z`);
	return Number.isFinite(ms) ? ms : null;
}

/**
 * The report as plain text (terminal, Discord), in the moderators' language (MODERATOR_LANGUAGE; English by
 * default): the figures first, then where the knowledge ran out. Error messages, ids and links are shown as stored.
 */
export function formatReportText(
	report: GapReport,
	limits: { readonly rows: number } = { rows: 10 },
	lang: PosterLanguage = 'en',
): string {
	const n = report.totals;
	const lines = [
		t(lang, 'mod.report.heading', { since: report.since, until: report.until }),
		t(lang, 'mod.report.totals', {
			posts: n.posts,
			answered: n.answered,
			asked: n.asked,
			abstained: n.abstained,
			escalated: n.escalated,
			solved: n.solved,
		}),
	];
	const section = (title: MessageKey, rows: string[]) => {
		lines.push('', t(lang, title));
		if (rows.length === 0) lines.push(`  ${t(lang, 'mod.report.none')}`);
		for (const r of rows.slice(0, limits.rows)) lines.push(`  ${r}`);
		if (rows.length > limits.rows) lines.push(`  ${t(lang, 'mod.report.more', { count: rows.length - limits.rows })}`);
	};
	section(
		'mod.report.gaps',
		report.gaps.map(
			(g) =>
				`${g.count}× ${g.message}${g.closedBy === null ? '' : t(lang, 'mod.report.gapClosed', { cause: g.closedBy.cause, caseId: g.closedBy.caseId })}`,
		),
	);
	section(
		'mod.report.entries',
		report.entries.map((e) =>
			t(lang, 'mod.report.entryRow', {
				entry: e.entryId,
				answers: e.answers,
				solved: e.solved,
				didntHelp: e.didntHelp,
			}),
		),
	);
	section(
		'mod.report.byCause',
		report.byCause.map((c) => `${c.cause}: ${c.answered} / ${c.confirmed}`),
	);
	section(
		'mod.report.byRoute',
		report.byRoute.map((r) => `${r.route}: ${r.posts} / ${r.answered}`),
	);
	section(
		'mod.report.byLanguage',
		report.byLanguage.map((l) => `${l.lang}: ${l.posts} / ${l.answered}`),
	);
	section(
		'mod.report.byWeek',
		report.byWeek.map((w) => `${w.week}: ${w.posts} / ${w.answered} / ${w.escalated}`),
	);
	section(
		'mod.report.newCauses',
		report.newCauses.map((c) => t(lang, 'mod.report.newCauseRow', { cause: c.cause, caseId: c.caseId, link: c.link })),
	);
	return `${lines.join('\n')}\n`;
}
