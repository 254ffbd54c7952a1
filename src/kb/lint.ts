import { type Route, RouteSchema } from '../triage/types.js';
import { isKnownCause, KNOWN_CAUSE_IDS } from './causes.js';
import type { Check, KbEntry } from './entry-schema.js';
import type { KbProblem } from './errors.js';
import { compilePattern, normaliseText } from './normalise.js';
import type { ParsedKbFile } from './parse-entry.js';
import { selectForRoute } from './route-scope.js';
import type { SourceRegistry } from './source-records.js';
import { isGenericProvider, type VendorDirectory, vendorOfProvider } from './vendors.js';

/** An entry needs at least one signal this strong, or it could never be answered with confidence. */
const MIN_DECISIVE_WEIGHT = 5;

function tryCompile(pattern: string): RegExp | string {
	try {
		return compilePattern(pattern);
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}

/** Every citation of an entry: its own, then each route's. */
const allCitations = (entry: KbEntry) => [
	...entry.citations,
	...Object.values(entry.routes ?? {}).flatMap((a) => a?.citations ?? []),
];

/**
 * The routes whose pages an entry's scopes decide: `unknown` (triage found none) and every route a citation is scoped
 * to. A route no scope names keeps whatever unscoped pages hold there; a vendor with no page for the steps is left
 * uncited rather than given another vendor's page (`doorman eval` counts uncited answers).
 */
function servedRoutes(entry: KbEntry): Route[] {
	const named = new Set<string>(['unknown', ...allCitations(entry).flatMap((c) => c.routes ?? [])]);
	return RouteSchema.options.filter((route) => named.has(route));
}

/** The vendors whose error an answer may show for this entry's scoped pages: none named, then each `upstream` vendor. */
function servedVendors(entry: KbEntry): (string | null)[] {
	return [null, ...new Set(allCitations(entry).flatMap((c) => c.upstream ?? []))];
}

function checkEntry(
	entry: KbEntry,
	lineOf: ParsedKbFile['lineOf'],
	sources: SourceRegistry | null,
	vendors: VendorDirectory | null,
): KbProblem[] {
	const problems: KbProblem[] = [];
	const at = (path: (string | number)[], message: string) =>
		problems.push({ file: entry.file, line: lineOf(path), message });

	if (!isKnownCause(entry.cause))
		at(['cause'], `unknown cause '${entry.cause}' (known: ${KNOWN_CAUSE_IDS.join(', ')})`);

	const examples = entry.examples.map(normaliseText);
	// Counter-evidence patterns (negative weight) describe other causes, so only positive ones need an example.
	const checks = entry.signals.flatMap((signal, i): { check: Check; path: (string | number)[]; weight: number }[] =>
		signal.kind === 'all'
			? signal.of.map((check, j) => ({ check, path: ['signals', i, 'of', j], weight: signal.weight }))
			: [{ check: signal, path: ['signals', i], weight: signal.weight }],
	);
	for (const { check, path, weight } of checks) {
		const patterns: [string, string][] = [];
		if (check.kind === 'regex' || check.kind === 'model') patterns.push(['value', check.value]);
		if (check.kind === 'header' && check.pattern !== undefined) patterns.push(['pattern', check.pattern]);
		for (const [field, pattern] of patterns) {
			const compiled = tryCompile(pattern);
			if (typeof compiled === 'string') {
				at([...path, field], `regex does not compile: ${compiled}`);
			} else if (check.kind === 'regex' && weight > 0 && !examples.some((example) => compiled.test(example))) {
				at([...path, field], `regex /${pattern}/ matches none of the entry's examples`);
			}
		}
	}
	if (!entry.signals.some((s) => s.weight >= MIN_DECISIVE_WEIGHT))
		at(['signals'], `no signal has weight >= ${MIN_DECISIVE_WEIGHT}: the entry could never be matched with confidence`);

	if (entry.citations.length === 0 && entry.uncitable === undefined)
		at(
			['citations'],
			'no citation: cite the page that supports the fix, or give `uncitable` with the reason no public page does',
		);
	if (entry.citations.length > 0 && entry.uncitable !== undefined)
		at(['uncitable'], 'the entry has citations; remove `uncitable`');
	const checkCitations = (citations: KbEntry['citations'], path: (string | number)[]) =>
		citations.forEach((citation, i) => {
			if (sources === null) return;
			if (sources.get(citation.url) === undefined)
				at(
					[...path, i, 'url'],
					`citation URL ${citation.url} has no source record (kb/sources/*.yaml); record the page you read first`,
				);
			else if (!sources.hasSection(citation.url, citation.section))
				at(
					[...path, i, 'section'],
					`section '${citation.section}' is not in the source record of ${citation.url}; record what it states`,
				);
		});
	// The answer's "If it persists" line and the escalation's addressee come from the vendor record (one home per
	// support contact), so a provider the entry names must have one.
	if (vendors !== null)
		entry.providers.forEach((provider, i) => {
			if (!isGenericProvider(provider) && vendorOfProvider(provider, vendors) === null)
				at(
					['providers', i],
					`provider '${provider}' has no vendor record: add kb/vendors/<id>.yaml (support contacts live there), or map the name in src/kb/vendors.ts`,
				);
		});
	checkCitations(entry.citations, ['citations']);
	for (const [kind, advice] of Object.entries(entry.routes ?? {}))
		checkCitations(advice?.citations ?? [], ['routes', kind, 'citations']);
	// A page about one vendor's refusal names vendors the KB knows (their records say whom to contact).
	if (vendors !== null)
		for (const vendor of servedVendors(entry))
			if (vendor !== null && !vendors.has(vendor))
				at(['citations'], `upstream vendor '${vendor}' has no vendor record (kb/vendors/<id>.yaml)`);
	// A page scoped to some routes (or upstream vendors) must not leave `unknown`, a route the scopes name, or a
	// vendor they name with nothing to cite.
	if (entry.uncitable === undefined && entry.citations.length > 0) {
		const bare = servedRoutes(entry).flatMap((route) =>
			servedVendors(entry)
				.filter((vendor) => selectForRoute(entry, route, vendor).citations.length === 0)
				.map((vendor) => (vendor === null ? route : `${route} (error from ${vendor})`)),
		);
		if (bare.length > 0)
			at(
				['citations'],
				`no citation holds for route ${bare.join(', ')}: add a page for it (or in its \`routes\` advice), or widen a citation's \`routes\` or \`upstream\``,
			);
	}
	return problems;
}

/**
 * Checks a whole KB: schema problems from parsing, then per-entry rules (known cause, regexes compile and match an
 * example, a citation or a reason for none, every cited page and section in a source record, every named provider
 * with a vendor record) and cross-entry rules (unique ids). Without `sources`, citations are not checked against
 * records; without `vendors`, providers are not checked against vendor records (unit tests of other rules). Pure.
 */
export function lintKb(
	files: readonly ParsedKbFile[],
	sources: SourceRegistry | null = null,
	vendors: VendorDirectory | null = null,
): KbProblem[] {
	const problems: KbProblem[] = files.flatMap((f) => [...f.problems]);
	const seen = new Map<string, string>();
	for (const { entry, lineOf } of files) {
		if (entry === null) continue;
		const where = `${entry.file}:${lineOf(['id'])}`;
		const first = seen.get(entry.id);
		if (first === undefined) seen.set(entry.id, where);
		else
			problems.push({ file: entry.file, line: lineOf(['id']), message: `duplicate id '${entry.id}' (also ${first})` });
		problems.push(...checkEntry(entry, lineOf, sources, vendors));
	}
	if (files.length === 0) problems.push({ file: '(kb)', line: 0, message: 'no entries found' });
	return problems;
}
