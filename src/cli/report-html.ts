import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GapReport } from '../thread/gap-report.js';

/**
 * Chart.js's UMD bundle, read from node_modules when the page is rendered: the page carries it inline, so it works
 * offline and from a file (no CDN).
 * @see https://www.chartjs.org/docs/latest/getting-started/installation.html
 */
export function chartJsSource(): string {
	const main = createRequire(import.meta.url).resolve('chart.js');
	return readFileSync(path.join(path.dirname(main), 'chart.umd.min.js'), 'utf8');
}

const esc = (text: string): string =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown): string =>
	JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');

const table = (head: readonly string[], rows: readonly (readonly string[])[], empty: string): string =>
	rows.length === 0
		? `<p class="empty">${esc(empty)}</p>`
		: `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
				.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
				.join('')}</tbody></table>`;

const link = (href: string, text: string): string =>
	/^https:\/\//.test(href) ? `<a href="${esc(href)}">${esc(text)}</a>` : esc(text);

/** Draws the charts from the embedded data; runs in the page. Animation off: the page is drawn when it has loaded. */
const DRAW = `
const data = JSON.parse(document.getElementById('report-data').textContent);
Chart.defaults.animation = false;
Chart.defaults.responsive = false;
const colours = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];
function bar(id, labels, sets, horizontal) {
	new Chart(document.getElementById(id), {
		type: 'bar',
		data: { labels, datasets: sets.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: colours[i % colours.length] })) },
		options: { indexAxis: horizontal ? 'y' : 'x', plugins: { legend: { display: sets.length > 1 } } },
	});
}
bar('chart-weeks', data.byWeek.map((w) => w.week), [
	{ label: 'posts', data: data.byWeek.map((w) => w.posts) },
	{ label: 'answered', data: data.byWeek.map((w) => w.answered) },
	{ label: 'escalated', data: data.byWeek.map((w) => w.escalated) },
]);
bar('chart-causes', data.byCause.map((c) => c.cause), [
	{ label: 'answered', data: data.byCause.map((c) => c.answered) },
	{ label: 'confirmed by people', data: data.byCause.map((c) => c.confirmed) },
], true);
bar('chart-routes', data.byRoute.map((r) => r.route), [
	{ label: 'posts', data: data.byRoute.map((r) => r.posts) },
	{ label: 'answered', data: data.byRoute.map((r) => r.answered) },
]);
new Chart(document.getElementById('chart-languages'), {
	type: 'doughnut',
	data: { labels: data.byLanguage.map((l) => l.lang), datasets: [{ data: data.byLanguage.map((l) => l.posts), backgroundColor: colours }] },
});
`;

/** The report as one self-contained HTML page: figures, charts (Chart.js, inlined) and the tables behind them. */
export function renderReportHtml(report: GapReport, chartJs: string): string {
	const t = report.totals;
	const tile = (label: string, value: number) =>
		`<div class="tile"><div class="figure" data-figure="${esc(label)}">${value}</div><div class="label">${esc(label)}</div></div>`;
	const canvas = (id: string, title: string, width = 560, height = 280) =>
		`<section class="chart"><h2>${esc(title)}</h2><canvas id="${id}" width="${width}" height="${height}"></canvas></section>`;
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Doorman knowledge-gap report ${esc(report.since)} – ${esc(report.until)}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:24px;color:#111;background:#fafafa}
h1{margin:0 0 4px}h2{font-size:16px;margin:0 0 8px}.sub{color:#555;margin:0 0 16px}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:20px}
.tile{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 16px;min-width:110px}
.figure{font-size:28px;font-weight:700}.label{color:#555}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart,.block{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px;margin-bottom:16px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
.closed{color:#16a34a;font-weight:600}.open{color:#dc2626}.empty{color:#777}code{font-size:13px}
</style></head><body>
<h1>Where Doorman's knowledge runs out</h1>
<p class="sub">Threads created ${esc(report.since)} to ${esc(report.until)} (UTC)</p>
<div class="tiles">${tile('posts', t.posts)}${tile('answered', t.answered)}${tile('asked', t.asked)}${tile('abstained', t.abstained)}${tile('escalated', t.escalated)}${tile('solved', t.solved)}</div>
<div class="charts">${canvas('chart-weeks', 'By week')}${canvas('chart-causes', 'By cause')}${canvas('chart-routes', 'By vendor and route')}${canvas('chart-languages', 'By language', 320, 280)}</div>
<section class="block" id="gaps"><h2>Errors the bot could not place (biggest first)</h2>${table(
		['error (normalised)', 'threads', 'where', 'gap'],
		report.gaps.map((g) => [
			`<code>${esc(g.message)}</code>`,
			String(g.count),
			g.threads.map((th) => link(th.link, th.title || th.link)).join('<br>'),
			g.closedBy === null
				? '<span class="open">open</span>'
				: `<span class="closed">closed: ${esc(g.closedBy.cause)} (community case #${g.closedBy.caseId})</span>`,
		]),
		'None: every error was placed.',
	)}</section>
<section class="block" id="entries"><h2>Answers by entry, and how posters took them</h2>${table(
		['entry', 'cause', 'answers', 'Solved it', "Didn't help"],
		report.entries.map((e) => [
			`<code>${esc(e.entryId)}</code>`,
			esc(e.cause),
			String(e.answers),
			String(e.solved),
			String(e.didntHelp),
		]),
		'No answers in this period.',
	)}</section>
<section class="block" id="new-causes"><h2>New causes named by moderators</h2>${table(
		['cause', 'case', 'thread', 'by'],
		report.newCauses.map((c) => [`<code>${esc(c.cause)}</code>`, `#${c.caseId}`, link(c.link, 'thread'), esc(c.by)]),
		'None.',
	)}</section>
<section class="block" id="threads"><h2>Threads</h2>${table(
		['created', 'thread', 'outcome', 'answered with', 'confirmed cause', 'state'],
		report.threads.map((th) => [
			esc(th.created),
			link(th.link, th.title || th.link),
			esc(th.outcome),
			esc(th.cause ?? '-'),
			esc(th.confirmedCause ?? '-'),
			esc(th.state),
		]),
		'No threads in this period.',
	)}</section>
<script type="application/json" id="report-data">${scriptJson(report)}</script>
<script>${chartJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>${DRAW}</script>
</body></html>
`;
}
