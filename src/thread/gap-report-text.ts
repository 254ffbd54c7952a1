import type { GapReport } from './gap-report.js';

/** Parses `--since`: `30d`, `8w`, or a date (`2026-01-31`); the start of the window in ms, or null. */
export function parseSince(value: string, now: number): number | null {
	const relative = /^(\d{1,4})([dw])$/.exec(value.trim());
	if (relative !== null) return now - Number(relative[1]) * (relative[2] === 'w' ? 7 : 1) * 86_400_000;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return null;
	const ms = Date.parse(`${value.trim()}T00:00:00Z`);
	return Number.isFinite(ms) ? ms : null;
}

/** The report as plain text (terminal, Discord): the figures first, then where the knowledge ran out. */
export function formatReportText(report: GapReport, limits: { readonly rows: number } = { rows: 10 }): string {
	const t = report.totals;
	const lines = [
		`Doorman report ${report.since} – ${report.until}`,
		`posts ${t.posts} · answered ${t.answered} · asked ${t.asked} · abstained ${t.abstained} · escalated ${t.escalated} · solved ${t.solved}`,
	];
	const section = (title: string, rows: string[]) => {
		lines.push('', title);
		if (rows.length === 0) lines.push('  none');
		for (const r of rows.slice(0, limits.rows)) lines.push(`  ${r}`);
		if (rows.length > limits.rows) lines.push(`  … ${rows.length - limits.rows} more`);
	};
	section(
		'Errors the bot could not place (biggest first):',
		report.gaps.map(
			(g) =>
				`${g.count}× ${g.message}${g.closedBy === null ? '' : ` — closed: ${g.closedBy.cause} (community case #${g.closedBy.caseId})`}`,
		),
	);
	section(
		'Answers by entry (Solved it / Didn’t help):',
		report.entries.map((e) => `${e.entryId}: ${e.answers} answer(s), ${e.solved} solved, ${e.didntHelp} didn't help`),
	);
	section(
		'By cause (answered / confirmed by people):',
		report.byCause.map((c) => `${c.cause}: ${c.answered} / ${c.confirmed}`),
	);
	section(
		'By vendor and route (posts / answered):',
		report.byRoute.map((r) => `${r.route}: ${r.posts} / ${r.answered}`),
	);
	section(
		'By language (posts / answered):',
		report.byLanguage.map((l) => `${l.lang}: ${l.posts} / ${l.answered}`),
	);
	section(
		'By week (posts / answered / escalated):',
		report.byWeek.map((w) => `${w.week}: ${w.posts} / ${w.answered} / ${w.escalated}`),
	);
	section(
		'New causes named by moderators:',
		report.newCauses.map((c) => `${c.cause} (community case #${c.caseId}, ${c.link})`),
	);
	return `${lines.join('\n')}\n`;
}
