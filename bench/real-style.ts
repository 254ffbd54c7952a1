import type { KbCase } from '../src/kb/case-schema.js';
import type { Check, KbEntry, Signal } from '../src/kb/entry-schema.js';

/**
 * A large KB and case base made from the shipped ones, for scale benchmarks. Copy `k` of an entry keeps the real
 * entry's whole shape (every signal, its kind, weight and regex structure, the context signals, the prose) and makes
 * its literals its own by adding a variant word `tag`; every tenth copy keeps the real literals verbatim (the same
 * error documented again for another provider), so real posts fire about ten times as many entries as on the
 * shipped KB. Copy `k` of a case keeps its text with a few words swapped and the tag added, under a group of its own,
 * so feature lists grow as a real case base's would. Deterministic.
 */
const tagOf = (k: number): string => `vx${k.toString(36)}`;

/**
 * The string as one flat copy, as a KB parsed from YAML holds its strings. A template literal makes a V8 cons string
 * (a tree of its pieces), which the compile then reads character by character more slowly than any real KB's text.
 */
const flat = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

function mutateCheck(check: Check, tag: string): Check {
	switch (check.kind) {
		case 'text':
			return { ...check, value: `${check.value} ${tag}` };
		case 'regex':
		case 'model':
			return { ...check, value: `(?:${check.value}) ${tag}` };
		case 'code':
		case 'type':
		case 'reason':
		case 'provider':
		case 'exception':
		case 'routing_option':
			return check.value === '*' ? check : { ...check, value: `${check.value}_${tag}` };
		case 'header':
			return { ...check, value: `${check.value}-${tag}` };
		default:
			return check;
	}
}

function mutateSignal(signal: Signal, tag: string): Signal {
	if (signal.kind === 'all') return { ...signal, of: signal.of.map((c) => mutateCheck(c, tag)) };
	const { weight, ...check } = signal;
	return { ...(mutateCheck(check as Check, tag) as Check), weight } as Signal;
}

/** `size` entries: the real ones first, then mutated copies in turn. */
export function realStyleEntries(real: readonly KbEntry[], size: number): KbEntry[] {
	const out: KbEntry[] = [];
	for (let i = 0; i < size; i += 1) {
		const base = real[i % real.length] as KbEntry;
		const k = Math.floor(i / real.length);
		if (k === 0) {
			out.push(base);
			continue;
		}
		const tag = tagOf(k);
		const verbatim = k % 10 === 0;
		out.push({
			...base,
			id: `${base.id}-${tag}`,
			title: flat(`${base.title} (${tag})`),
			signals: verbatim ? base.signals : base.signals.map((s) => mutateSignal(s, tag)),
			examples: verbatim ? base.examples : base.examples.map((e) => flat(`${e} ${tag}`)),
			body: flat(`${base.body}\nVariant ${tag} of this error.`),
		});
	}
	return out;
}

/** Swaps two words of a text (chosen by `k`), so copies are near, not equal, to the original. */
function swapWords(text: string, k: number): string {
	const words = text.split(' ');
	if (words.length < 4) return text;
	const a = k % words.length;
	const b = (k * 7 + 3) % words.length;
	const wa = words[a] as string;
	words[a] = words[b] as string;
	words[b] = wa;
	return words.join(' ');
}

/** `size` cases: the real ones first, then mutated copies in turn, each copy in a group of its own. */
export function realStyleCases(real: readonly KbCase[], size: number): KbCase[] {
	const out: KbCase[] = [];
	for (let i = 0; i < size; i += 1) {
		const base = real[i % real.length] as KbCase;
		const k = Math.floor(i / real.length);
		if (k === 0) {
			out.push(base);
			continue;
		}
		const tag = tagOf(k);
		out.push({
			...base,
			id: `${base.id}-${tag}`,
			source: `https://github.com/owner-${tag}/repo-${i}/issues/${k}`,
			situation: flat(`${swapWords(base.situation, k)} (${tag})`),
			error: k % 3 === 0 ? base.error : flat(`${base.error} ${tag}`),
		});
	}
	return out;
}
