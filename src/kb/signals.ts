import { type Route, VENDOR_ROUTES } from '../triage/types.js';
import { type Check, CONTEXT_KINDS, type KbEntry, type Signal, type SignalKind } from './entry-schema.js';
import type { Evidence } from './evidence.js';
import { compilePattern, normaliseText, requiredLiteral } from './normalise.js';

/** A signal that fired, and whether it matched a field triage extracted or only the text. */
export interface FiredSignal {
	readonly kind: SignalKind;
	readonly value: string;
	readonly weight: number;
	readonly via: 'field' | 'text';
}

type Via = FiredSignal['via'] | null;
type Test = (ev: Evidence) => Via;

/** Routes that name one provider directly; routers, relays and local servers can front any provider. */
// Ollama too: a local Ollama server serves only its own models.
const DIRECT_ROUTES: ReadonlySet<Route> = new Set<Route>([...VENDOR_ROUTES, 'ollama']);

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whole-token occurrence: not inside a longer identifier. */
const tokenRegex = (value: string): RegExp =>
	new RegExp(`(?:^|[^\\p{L}\\p{N}_])${escapeRegex(value.toLowerCase())}(?:[^\\p{L}\\p{N}_]|$)`, 'u');

/** Cheap pre-check before a regex: the literal every match needs is in the text (or there is none). */
const mayContain = (ev: Evidence, literal: string | null): boolean => literal === null || ev.lower.includes(literal);

function compileTest(signal: Check, entry: KbEntry): Test {
	switch (signal.kind) {
		case 'text': {
			const needle = normaliseText(signal.value).toLowerCase();
			return (ev) => (ev.lower.includes(needle) ? 'text' : null);
		}
		case 'regex': {
			const re = compilePattern(signal.value);
			const literal = requiredLiteral(signal.value);
			return (ev) => (mayContain(ev, literal) && re.test(ev.text) ? 'text' : null);
		}
		case 'code': {
			const v = signal.value.toLowerCase();
			const token = tokenRegex(v);
			return (ev) => (ev.codes.has(v) ? 'field' : mayContain(ev, v) && token.test(ev.lower) ? 'text' : null);
		}
		case 'type': {
			const v = signal.value.toLowerCase();
			const keyed = new RegExp(`["']type["']\\s*:\\s*["']${escapeRegex(v)}["']`);
			return (ev) => (ev.types.has(v) ? 'field' : mayContain(ev, v) && keyed.test(ev.lower) ? 'text' : null);
		}
		case 'reason': {
			if (signal.value === '*') return (ev) => (ev.reasons.size > 0 ? 'field' : null);
			const v = signal.value.toLowerCase();
			const token = tokenRegex(v);
			return (ev) => (ev.reasons.has(v) ? 'field' : mayContain(ev, v) && token.test(ev.lower) ? 'text' : null);
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
			return (ev) =>
				ev.hosts.some((h) => h === v || h.endsWith(`.${v}`)) ? 'field' : ev.lower.includes(v) ? 'text' : null;
		}
		case 'header': {
			const name = signal.value.toLowerCase();
			const valuePattern = signal.pattern === undefined ? null : compilePattern(signal.pattern);
			const inText = new RegExp(
				`(?:^|[^\\w-])${escapeRegex(name)}\\s*:\\s*${signal.pattern === undefined ? '' : `["']?(?:${signal.pattern})`}`,
				'iu',
			);
			return (ev) => {
				const value = ev.headers.get(name);
				if (value !== undefined && (valuePattern === null || valuePattern.test(value))) return 'field';
				return mayContain(ev, name) && inText.test(ev.text) ? 'text' : null;
			};
		}
		case 'model': {
			const re = compilePattern(signal.value);
			const literal = requiredLiteral(signal.value);
			return (ev) =>
				ev.models.some((m) => re.test(m)) ? 'field' : mayContain(ev, literal) && re.test(ev.text) ? 'text' : null;
		}
		case 'provider': {
			const v = signal.value.toLowerCase();
			const keyed = new RegExp(`["']provider_name["']\\s*:\\s*["']${escapeRegex(v)}["']`);
			return (ev) => (ev.providers.has(v) ? 'field' : mayContain(ev, v) && keyed.test(ev.lower) ? 'text' : null);
		}
		case 'exception': {
			const v = signal.value.toLowerCase();
			return (ev) => (ev.exceptions.has(v) ? 'field' : ev.lower.includes(v) ? 'text' : null);
		}
		case 'shape': {
			const v = signal.value;
			return (ev) => (ev.shapes.has(v) ? 'field' : null);
		}
		case 'routing_option': {
			const v = signal.value.toLowerCase();
			return (ev) => (ev.routingOptions.has(v) ? 'field' : ev.lower.includes(v) ? 'text' : null);
		}
	}
}

function compileSignal(signal: Signal, entry: KbEntry): Test {
	if (signal.kind !== 'all') return compileTest(signal, entry);
	const parts = signal.of.map((check) => compileTest(check, entry));
	return (ev) => {
		let via: Via = 'field';
		for (const part of parts) {
			const got = part(ev);
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
	/** The signals that fired; empty unless at least one positive content signal fired (context alone is no match). */
	fire(ev: Evidence): FiredSignal[];
}

export function compileSignals(entry: KbEntry): CompiledSignals {
	const tests = entry.signals.map((signal) => ({
		test: compileSignal(signal, entry),
		kind: signal.kind,
		value: signal.kind === 'all' ? signal.of.map((c) => `${c.kind}=${describe(c)}`).join(' & ') : describe(signal),
		weight: signal.weight,
		content: isContent(signal),
	}));
	return {
		fire(ev) {
			const fired: FiredSignal[] = [];
			let hasContent = false;
			for (const t of tests) {
				const via = t.test(ev);
				if (via === null) continue;
				fired.push({ kind: t.kind, value: t.value, weight: t.weight, via });
				if (t.content && t.weight > 0) hasContent = true;
			}
			return hasContent ? fired : [];
		},
	};
}
