// Compares what two builds of Doorman extract from the whole triage corpus: kb/cases/*.jsonl (`error`) and
// ../shared/eval/*.jsonl (`report`). Used to try a library in place of hand-written parsing (issue 17, item 6):
//   node bench/literal-parsers/compare-triage.mjs <dist A> <dist B>
// Prints, per extracted field, how many texts differ, then each differing text with both values.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [distA, distB] = process.argv.slice(2).map((d) => path.resolve(d));
if (distA === undefined || distB === undefined) throw new Error('usage: compare-triage.mjs <dist A> <dist B>');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

const texts = [];
for (const file of readdirSync(path.join(root, 'kb/cases')).filter((f) => f.endsWith('.jsonl'))) {
	for (const line of readFileSync(path.join(root, 'kb/cases', file), 'utf8').split('\n')) {
		if (line.trim() === '') continue;
		const c = JSON.parse(line);
		if (typeof c.error === 'string') texts.push({ id: `cases/${c.id}`, text: c.error });
	}
}
const evalDir = path.join(root, '../shared/eval');
for (const file of readdirSync(evalDir).filter((f) => f.endsWith('.jsonl'))) {
	for (const line of readFileSync(path.join(evalDir, file), 'utf8').split('\n')) {
		if (line.trim() === '') continue;
		const r = JSON.parse(line);
		if (typeof r.report === 'string') texts.push({ id: `eval/${r.id}`, text: r.report });
	}
}

const FIELDS = {
	status: (t) => t.error?.status ?? null,
	message: (t) => t.error?.message ?? null,
	type: (t) => t.error?.type ?? null,
	code: (t) => t.error?.code ?? null,
	param: (t) => t.error?.param ?? null,
	provider: (t) => t.error?.provider ?? null,
	requestId: (t) => t.error?.requestId ?? null,
	layer: (t) => t.error?.layer ?? null,
	providerError: (t) => t.error?.providerError ?? null,
	shapes: (t) => t.error?.shapes ?? [],
	model: (t) => t.model,
	route: (t) => t.route,
	missing: (t) => t.missing,
};

async function extract(dist) {
	const { triagePost } = await import(path.join(dist, 'triage/index.js'));
	const started = performance.now();
	const out = texts.map(({ text }) => triagePost({ title: '', body: text, attachments: [] }));
	return { out, ms: performance.now() - started };
}

const a = await extract(distA);
const b = await extract(distB);
const diffs = [];
const perField = Object.fromEntries(Object.keys(FIELDS).map((f) => [f, 0]));
let filledA = 0;
let filledB = 0;
texts.forEach(({ id }, i) => {
	for (const [field, get] of Object.entries(FIELDS)) {
		const va = JSON.stringify(get(a.out[i]));
		const vb = JSON.stringify(get(b.out[i]));
		if (va !== 'null' && va !== '[]') filledA += 1;
		if (vb !== 'null' && vb !== '[]') filledB += 1;
		if (va === vb) continue;
		perField[field] += 1;
		diffs.push({ id, field, a: va, b: vb });
	}
});
console.log(`texts: ${texts.length}; A ${a.ms.toFixed(0)} ms, B ${b.ms.toFixed(0)} ms`);
console.log(`fields filled: A ${filledA}, B ${filledB}`);
console.log(`texts differing in some field: ${new Set(diffs.map((d) => d.id)).size}`);
for (const [field, n] of Object.entries(perField)) if (n > 0) console.log(`  ${field}: ${n}`);
for (const d of diffs) console.log(`\n${d.id} ${d.field}\n  A: ${d.a}\n  B: ${d.b}`);
