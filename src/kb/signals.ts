import { type Route, VENDOR_ROUTES } from '../triage/types.js';
import { type Check, CONTEXT_KINDS, type KbEntry, type Signal, type SignalKind } from './entry-schema.js';
import type { Evidence } from './evidence.js';
import { compilePattern, normaliseText } from './normalise.js';
import { requiredLiterals } from './required-literals.js';

/** A signal that fired, and whether it matched a field triage extracted or only the text. */
export interface FiredSignal {
	readonly kind: SignalKind;
	readonly value: string;
	readonly weight: number;
	readonly via: 'field' | 'text';
}

type Via = FiredSignal['via'] | null;

/**
 * Whether the post's lower-cased text holds a literal, answered as `ev.lower.includes(literal)` would: the matcher
 * looks it up in what one scan of the text for every literal of the KB found (see `CandidateIndex`), so a 24,000
 * character paste is read once, not once per signal of every candidate entry.
 */
export type Contains = (literal: string) => boolean;

/**
 * What a post's pattern tests answered so far, by pattern: entries that repeat a pattern (one error documented for
 * several providers) share one run of it over the post.
 */
export type PatternAnswers = Map<string, boolean>;

type Test = (ev: Evidence, contains: Contains, answers: PatternAnswers | undefined) => Via;

/** `re.test(text)`, run once per post for all the tests that share `key` (what the pattern and text are). */
export function testedPattern(
	answers: PatternAnswers | undefined,
	key: string,
	re: { test(s: string): boolean },
	text: string,
): boolean {
	if (answers === undefined) return re.test(text);
	let found = answers.get(key);
	if (found === undefined) {
		found = re.test(text);
		answers.set(key, found);
	}
	return found;
}

/** Routes that name one provider directly; routers, relays and local servers can front any provider. */
// Ollama too: a local Ollama server serves only its own models.
const DIRECT_ROUTES: ReadonlySet<Route> = new Set<Route>([...VENDOR_ROUTES, 'ollama']);

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whole-token occurrence: not inside a longer identifier. */
const tokenRegex = (value: string): RegExp =>
	new RegExp(`(?:^|[^\\p{L}\\p{N}_])${escapeRegex(value.toLowerCase())}(?:[^\\p{L}\\p{N}_]|$)`, 'u');

/**
 * A regex built on first use. Those built here from escaped values cannot fail, and most never run: the candidate
 * index rules their entries out first, and building the `u`-flag token regexes of 10,000 entries took seconds.
 */
class LazyRegExp {
	private re: RegExp | undefined;
	constructor(private readonly make: () => RegExp) {}
	test(s: string): boolean {
		if (this.re === undefined) this.re = this.make();
		return this.re.test(s);
	}
}
const lazy = (make: () => RegExp): LazyRegExp => new LazyRegExp(make);

/**
 * What compiling an entry's signals and finding its gates both derive from its patterns and texts, derived once: the
 * literals a pattern's matches need, and a text signal's needle.
 */
export interface Derived {
	literals(pattern: string): string[] | null;
	needle(text: string): string;
}

function derived(): Derived {
	const literals = new Map<string, string[] | null>();
	const needles = new Map<string, string>();
	return {
		literals(pattern) {
			let found = literals.get(pattern);
			if (found === undefined) {
				found = requiredLiterals(pattern);
				literals.set(pattern, found);
			}
			return found;
		},
		needle(text) {
			let found = needles.get(text);
			if (found === undefined) {
				found = normaliseText(text).toLowerCase();
				needles.set(text, found);
			}
			return found;
		},
	};
}

/** Cheap pre-check before a regex: the literal every match needs is in the text (or there is none). */
const mayContain = (contains: Contains, literal: string | null): boolean => literal === null || contains(literal);

/**
 * A value triage may have read into a field of the error (`field`), else found in the text by `pattern` (run once per
 * post for every test sharing `key`), after the one scan saw the value itself. Module level, like the tests' other
 * helpers: a closure keeps its whole scope, and 10,000 entries' tests kept every compile-time value alive.
 */
const inFieldOrText =
	(field: (ev: Evidence) => ReadonlySet<string>, value: string, key: string, pattern: LazyRegExp): Test =>
	(ev, contains, answers) =>
		field(ev).has(value)
			? 'field'
			: mayContain(contains, value) && testedPattern(answers, key, pattern, ev.lower)
				? 'text'
				: null;

/**
 * Compiles one check. The literals its test looks for in `ev.lower` are `checkProbes(check)` (the matcher scans a post
 * for all of them at once). Patterns compile on first use: lint has compiled every one already, and most never run
 * (the candidate index rules their entries out first).
 */
function compileTest(signal: Check, entry: KbEntry, facts: Derived): Test {
	switch (signal.kind) {
		case 'text': {
			const needle = facts.needle(signal.value);
			return (_ev, contains) => (contains(needle) ? 'text' : null);
		}
		case 'regex': {
			const re = lazy(() => compilePattern(signal.value));
			// One literal per top-level alternative (or the one every match needs): a match holds one of them.
			const literals = facts.literals(signal.value);
			const key = `pattern:${signal.value}`;
			return (ev, contains, answers) =>
				(literals === null || literals.some(contains)) && testedPattern(answers, key, re, ev.text) ? 'text' : null;
		}
		case 'code': {
			const v = signal.value.toLowerCase();
			return inFieldOrText(
				(ev) => ev.codes,
				v,
				`token:${v}`,
				lazy(() => tokenRegex(v)),
			);
		}
		case 'type': {
			const v = signal.value.toLowerCase();
			const keyed = lazy(() => new RegExp(`["']type["']\\s*:\\s*["']${escapeRegex(v)}["']`));
			return inFieldOrText((ev) => ev.types, v, `type:${v}`, keyed);
		}
		case 'reason': {
			if (signal.value === '*') return (ev) => (ev.reasons.size > 0 ? 'field' : null);
			const v = signal.value.toLowerCase();
			return inFieldOrText(
				(ev) => ev.reasons,
				v,
				`token:${v}`,
				lazy(() => tokenRegex(v)),
			);
		}
		case 'status': {
			const v = signal.value;
			return (ev) => (ev.status === v ? 'field' : null);
		}
		case 'layer': {
			const v = signal.value;
			return (ev) => (ev.layer === v ? 'field' : null);
		}
		case 'route': {
			const v = signal.value;
			return (ev) => (ev.route === v ? 'field' : null);
		}
		case 'route_mismatch': {
			const own = new Set(entry.providers.map((p) => p.toLowerCase()));
			return (ev) => (DIRECT_ROUTES.has(ev.route) && !own.has(ev.route) ? 'field' : null);
		}
		case 'host': {
			const v = signal.value.toLowerCase();
			return (ev, contains) =>
				ev.hosts.some((h) => h === v || h.endsWith(`.${v}`)) ? 'field' : contains(v) ? 'text' : null;
		}
		case 'header': {
			const name = signal.value.toLowerCase();
			const { pattern } = signal;
			const valuePattern = pattern === undefined ? null : lazy(() => compilePattern(pattern));
			const inText = lazy(
				() =>
					new RegExp(
						`(?:^|[^\\w-])${escapeRegex(name)}\\s*:\\s*${pattern === undefined ? '' : `["']?(?:${pattern})`}`,
						'iu',
					),
			);
			const key = `header:${JSON.stringify([name, pattern ?? null])}`;
			return (ev, contains, answers) => {
				const value = ev.headers.get(name);
				if (value !== undefined && (valuePattern === null || valuePattern.test(value))) return 'field';
				return mayContain(contains, name) && testedPattern(answers, key, inText, ev.text) ? 'text' : null;
			};
		}
		case 'model': {
			const re = lazy(() => compilePattern(signal.value));
			const literals = facts.literals(signal.value);
			// The same pattern as a regex signal of that value, over the same text.
			const key = `pattern:${signal.value}`;
			return (ev, contains, answers) =>
				ev.models.some((m) => re.test(m))
					? 'field'
					: (literals === null || literals.some(contains)) && testedPattern(answers, key, re, ev.text)
						? 'text'
						: null;
		}
		case 'provider': {
			const v = signal.value.toLowerCase();
			const keyed = lazy(() => new RegExp(`["']provider_name["']\\s*:\\s*["']${escapeRegex(v)}["']`));
			const key = `provider:${v}`;
			return (ev, contains, answers) =>
				ev.providers.has(v)
					? 'field'
					: mayContain(contains, v) && testedPattern(answers, key, keyed, ev.lower)
						? 'text'
						: null;
		}
		case 'exception': {
			const v = signal.value.toLowerCase();
			return (ev, contains) => (ev.exceptions.has(v) ? 'field' : contains(v) ? 'text' : null);
		}
		case 'shape': {
			const v = signal.value;
			return (ev) => (ev.shapes.has(v) ? 'field' : null);
		}
		case 'routing_option': {
			const v = signal.value.toLowerCase();
			return (ev, contains) => (ev.routingOptions.has(v) ? 'field' : contains(v) ? 'text' : null);
		}
	}
}

function compileSignal(signal: Signal, entry: KbEntry, facts: Derived): Test {
	if (signal.kind !== 'all') return compileTest(signal, entry, facts);
	const parts: Test[] = [];
	for (const check of signal.of) parts.push(compileTest(check, entry, facts));
	return (ev, contains, answers) => {
		let via: Via = 'field';
		for (const part of parts) {
			const got = part(ev, contains, answers);
			if (got === null) return null;
			if (got === 'text') via = 'text';
		}
		return via;
	};
}

const describe = (signal: Check): string =>
	signal.kind === 'header' && signal.pattern !== undefined
		? `${signal.value}: ${signal.pattern}`
		: String(signal.value);

/** Context-only signals (status, route, host …) describe a post; content signals point at a cause. */
const isContent = (signal: Signal): boolean =>
	signal.kind === 'all' ? signal.of.some((c) => !CONTEXT_KINDS.has(c.kind)) : !CONTEXT_KINDS.has(signal.kind);

/** An entry's signals, compiled once; `fire` returns those present in a post's evidence. */
export interface CompiledSignals {
	/** Every literal the signals look for in `ev.lower` (what `contains` is asked about). */
	readonly probes: readonly string[];
	/** What the entry needs in a post before it can fire (see `entryGates`). */
	readonly gates: SignalGate[] | null;
	/**
	 * The signals that fired; empty unless at least one positive content signal fired (context alone is no match).
	 * `contains` answers for `ev.lower.includes` (the default); `answers` keeps the post's pattern tests for the next
	 * entry's signals (none: each runs its own).
	 */
	fire(ev: Evidence, contains?: Contains, answers?: PatternAnswers): FiredSignal[];
}

interface CompiledTest {
	readonly test: Test;
	readonly kind: SignalKind;
	readonly value: string;
	readonly weight: number;
	readonly content: boolean;
}

/**
 * An entry's signals, their tests compiled when the entry is first a candidate: of 10,000 entries a post makes about
 * a dozen candidates, and compiling every entry's tests up front was a third of compiling the KB (and most of what it
 * kept in memory). A class, not a closure: a closure keeps its whole scope.
 */
class EntrySignals implements CompiledSignals {
	private tests: readonly CompiledTest[] | null = null;

	constructor(
		private readonly entry: KbEntry,
		readonly probes: readonly string[],
		readonly gates: SignalGate[] | null,
	) {}

	fire(ev: Evidence, contains: Contains = (literal) => ev.lower.includes(literal), answers?: PatternAnswers) {
		if (this.tests === null) this.tests = compileTests(this.entry);
		const fired: FiredSignal[] = [];
		let hasContent = false;
		for (const t of this.tests) {
			const via = t.test(ev, contains, answers);
			if (via === null) continue;
			fired.push({ kind: t.kind, value: t.value, weight: t.weight, via });
			if (t.content && t.weight > 0) hasContent = true;
		}
		return hasContent ? fired : [];
	}
}

function compileTests(entry: KbEntry): CompiledTest[] {
	const facts = derived();
	const tests: CompiledTest[] = [];
	for (const signal of entry.signals)
		tests.push({
			test: compileSignal(signal, entry, facts),
			kind: signal.kind,
			value: signal.kind === 'all' ? signal.of.map((c) => `${c.kind}=${describe(c)}`).join(' & ') : describe(signal),
			weight: signal.weight,
			content: isContent(signal),
		});
	return tests;
}

export function compileSignals(entry: KbEntry): CompiledSignals {
	const facts = derived();
	const probes = new Set<string>();
	for (const signal of entry.signals)
		for (const check of signal.kind === 'all' ? signal.of : [signal])
			for (const literal of checkProbes(check as Check, facts)) probes.add(literal);
	return new EntrySignals(entry, [...probes], entryGates(entry, facts));
}

/**
 * Every literal the test of `check` asks `contains` about: those of its gate (see `checkGate`), and a host's name,
 * which a post's text may hold though hosts are context. A literal left out would still be answered (by `includes`).
 */
function checkProbes(check: Check, facts: Derived): readonly string[] {
	if (check.kind === 'host') return [check.value.toLowerCase()];
	return checkGate(check, facts)?.literals ?? [];
}

/**
 * What a post must hold for a signal to fire: one of `literals` in `ev.lower`, or one of `fields` among the keys of
 * the fields triage extracted (see `evidenceFieldKeys`). It mirrors `compileTest` case by case: the candidate index
 * skips an entry only when none of its gates is open, so it must never be narrower than the test itself.
 */
export interface SignalGate {
	readonly literals: readonly string[];
	readonly fields: readonly string[];
}

/** The gate of one check; null when no literal or field is certain (the entry is then always a candidate). */
function checkGate(check: Check, facts: Derived): SignalGate | null {
	const literal = (v: string | null, ...fields: string[]): SignalGate | null =>
		v === null || v.length === 0 ? null : { literals: [v], fields };
	switch (check.kind) {
		case 'text':
			return literal(facts.needle(check.value));
		case 'regex': {
			// A top-level alternation is gated by one literal per alternative.
			const literals = facts.literals(check.value);
			return literals === null ? null : { literals, fields: [] };
		}
		case 'code':
		case 'type':
		case 'provider':
		case 'exception':
		case 'routing_option': {
			const v = check.value.toLowerCase();
			return literal(v, `${check.kind}:${v}`);
		}
		case 'reason': {
			if (check.value === '*') return { literals: [], fields: ['reason:*'] };
			const v = check.value.toLowerCase();
			return literal(v, `reason:${v}`);
		}
		case 'header': {
			const name = check.value.toLowerCase();
			return literal(name, `header:${name}`);
		}
		case 'model': {
			const literals = facts.literals(check.value);
			return literals === null ? null : { literals, fields: ['models'] };
		}
		case 'shape':
			return { literals: [], fields: [`shape:${check.value}`] };
		default:
			// Context kinds: never the content an entry needs before it fires.
			return null;
	}
}

/**
 * The gates of an entry's positive content signals (those that make `fire` return anything), or null when one of
 * them has no certain literal or field (the entry must always be tried). An empty list: the entry can never fire.
 */
export function entryGates(entry: KbEntry, facts: Derived = derived()): SignalGate[] | null {
	const gates: SignalGate[] = [];
	for (const signal of entry.signals) {
		if (signal.weight <= 0 || !isContent(signal)) continue;
		if (signal.kind !== 'all') {
			const gate = checkGate(signal, facts);
			if (gate === null) return null;
			gates.push(gate);
			continue;
		}
		// Every part must fire, so any one part's gate will do: the first content part that has one.
		const gate = signal.of.map((c) => (CONTEXT_KINDS.has(c.kind) ? null : checkGate(c, facts))).find((g) => g !== null);
		if (gate === undefined || gate === null) return null;
		gates.push(gate);
	}
	return gates;
}

/** The field keys of a post's evidence, as `SignalGate.fields` names them. */
export function evidenceFieldKeys(ev: Evidence): string[] {
	const keys: string[] = [];
	for (const v of ev.codes) keys.push(`code:${v}`);
	for (const v of ev.types) keys.push(`type:${v}`);
	for (const v of ev.providers) keys.push(`provider:${v}`);
	for (const v of ev.exceptions) keys.push(`exception:${v}`);
	for (const v of ev.routingOptions) keys.push(`routing_option:${v}`);
	for (const v of ev.reasons) keys.push(`reason:${v}`);
	if (ev.reasons.size > 0) keys.push('reason:*');
	for (const name of ev.headers.keys()) keys.push(`header:${name}`);
	for (const v of ev.shapes) keys.push(`shape:${v}`);
	if (ev.models.length > 0) keys.push('models');
	return keys;
}
