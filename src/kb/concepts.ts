import { parse } from 'yaml';
import { z } from 'zod';
import { RouteSchema } from '../triage/types.js';
import type { Evidence } from './evidence.js';
import { compilePattern } from './normalise.js';
import { requiredLiterals } from './required-literals.js';
import { type Contains, type PatternAnswers, testedPattern } from './signals.js';

/**
 * A concept that decides causes, said in any language: "out of credits" is 欠费, 余额不足, "saldo insuficiente".
 * The vocabulary (`kb/concepts.yaml`) is how the matcher recognises a cause told in prose, or in a vendor's words it
 * has no entry for. A concept is weaker evidence than an entry's signal: it says what the post is about, not which
 * documented error it is.
 */
export const ConceptSchema = z.strictObject({
	id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case'),
	/** What the concept means, for authors. */
	about: z.string().min(3),
	/** Points each cause gets when the concept is present (negative = counter-evidence). */
	causes: z.record(z.string().regex(/^[a-z0-9_]+$/), z.number().min(-10).max(10)),
	/** The concept is present when any of these case-insensitive patterns matches the post. */
	any: z.array(z.string().min(2)).min(1),
	/** Context that must also be present: every pattern here must match too. */
	with: z.array(z.string().min(2)).optional(),
	/** Context that rules the concept out: it is absent when any of these matches (another explanation is named). */
	without: z.array(z.string().min(2)).optional(),
	/** Only on these routes. */
	routes: z.array(RouteSchema).optional(),
	/** Not on these routes (another concept or entry owns them). */
	not_routes: z.array(RouteSchema).optional(),
	/** Example texts in which the concept is present; every `any` pattern must match one (lint). */
	examples: z.array(z.string().min(2)).min(1),
});
export type Concept = z.infer<typeof ConceptSchema>;

export const ConceptFileSchema = z.array(ConceptSchema);

/** A concept present in a post, with the causes it supports. */
export interface FiredConcept {
	readonly id: string;
	readonly causes: Readonly<Record<string, number>>;
}

export interface CompiledConcepts {
	readonly concepts: readonly Concept[];
	/** Every literal the patterns look for in `ev.lower` (the matcher's one scan of a post looks for them too). */
	readonly probes: readonly string[];
	/**
	 * The concepts present in a post. `contains` answers for `ev.lower.includes` (the default); `answers` shares the
	 * post's pattern runs with the entries' signals (the same pattern over the same text).
	 */
	fire(ev: Evidence, contains?: Contains, answers?: PatternAnswers): FiredConcept[];
}

/** A concept pattern, tried only when the post holds one of the literals every match needs (null: none certain). */
interface GatedPattern {
	readonly key: string;
	readonly re: RegExp;
	readonly literals: readonly string[] | null;
}

export function compileConcepts(concepts: readonly Concept[]): CompiledConcepts {
	const probes = new Set<string>();
	const gated = (pattern: string): GatedPattern => {
		const literals = requiredLiterals(pattern);
		for (const literal of literals ?? []) probes.add(literal);
		return { key: `pattern:${pattern}`, re: compilePattern(pattern), literals };
	};
	const compiled = concepts.map((c) => ({
		c,
		any: c.any.map(gated),
		with: (c.with ?? []).map(gated),
		without: (c.without ?? []).map(gated),
		routes: c.routes === undefined ? null : new Set<string>(c.routes),
		notRoutes: new Set<string>(c.not_routes ?? []),
	}));
	return {
		concepts,
		probes: [...probes],
		fire(ev, contains = (literal) => ev.lower.includes(literal), answers = undefined) {
			// A pattern whose literals are all absent cannot match: most concepts are ruled out without a regex run.
			const matches = (p: GatedPattern): boolean =>
				(p.literals === null || p.literals.some(contains)) && testedPattern(answers, p.key, p.re, ev.text);
			const fired: FiredConcept[] = [];
			for (const k of compiled) {
				if (k.routes !== null && !k.routes.has(ev.route)) continue;
				if (k.notRoutes.has(ev.route)) continue;
				if (!k.any.some(matches)) continue;
				if (!k.with.every(matches)) continue;
				if (k.without.some(matches)) continue;
				fired.push({ id: k.c.id, causes: k.c.causes });
			}
			return fired;
		},
	};
}

/** Parses `concepts.yaml`; returns problems (one per issue) instead of throwing. Pure. */
export function parseConcepts(text: string): { concepts: Concept[]; problems: string[] } {
	let data: unknown;
	try {
		data = parse(text);
	} catch (error) {
		return { concepts: [], problems: [`not YAML: ${error instanceof Error ? error.message : String(error)}`] };
	}
	const parsed = ConceptFileSchema.safeParse(data);
	if (!parsed.success)
		return {
			concepts: [],
			problems: parsed.error.issues.map((i) => `concept ${i.path.join('.')}: ${i.message}`),
		};
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const c of parsed.data) {
		if (seen.has(c.id)) problems.push(`duplicate concept id '${c.id}'`);
		seen.add(c.id);
		for (const pattern of [...c.any, ...(c.with ?? []), ...(c.without ?? [])]) {
			let re: RegExp;
			try {
				re = compilePattern(pattern);
			} catch (error) {
				problems.push(`concept '${c.id}': /${pattern}/ does not compile: ${String(error)}`);
				continue;
			}
			if (c.any.includes(pattern) && !c.examples.some((e) => re.test(e)))
				problems.push(`concept '${c.id}': /${pattern}/ matches none of its examples`);
		}
		// Each concept must be present in one of its own examples as a whole: some `any` and every `with`.
		try {
			const any = c.any.map(compilePattern);
			const all = (c.with ?? []).map(compilePattern);
			if (!c.examples.some((e) => any.some((re) => re.test(e)) && all.every((re) => re.test(e))))
				problems.push(`concept '${c.id}': none of its examples has both an 'any' pattern and every 'with' pattern`);
		} catch {
			// reported above
		}
	}
	return { concepts: parsed.data, problems };
}
