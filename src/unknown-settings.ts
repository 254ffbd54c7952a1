/**
 * Spots settings Doorman does not know (a typo such as `DISCORD_TOKE`), so an operator learns why a value has no
 * effect. Pure: the caller passes the names it read.
 *
 * Which names count:
 * - in `.env`, every name: the file exists for Doorman (a few names other tools read there are let through);
 * - in the real environment, which holds the whole system's variables, only names in Doorman's own families
 *   (`DISCORD_`, `LLM_`, `SMTP_`, `TAG_`, … the first word of a setting, when that word is Doorman's alone) and
 *   names one or two edits from a setting (`DATABSE_PATH`, `LOG_LEVL`).
 */

/** What a warning says about one unknown name. */
export interface UnknownSetting {
	readonly name: string;
	readonly source: '.env' | 'environment';
	/** The closest known name, or null when none is close. */
	readonly suggestion: string | null;
}

/** First words of settings that other software uses too, so they do not mark a variable as Doorman's. */
const SHARED_FAMILIES = new Set(['HTTP', 'LOG', 'DATABASE', 'KB', 'HEALTH', 'MATCH', 'ATTACHMENT', 'SUPPORT']);

/** Names other tools commonly keep in the same `.env` or environment; never warned about. */
const FOREIGN_NAMES = new Set([
	'NODE_ENV',
	'NODE_OPTIONS',
	'NODE_EXTRA_CA_CERTS',
	'TZ',
	'HTTP_PROXY',
	'HTTPS_PROXY',
	'NO_PROXY',
	'ALL_PROXY',
	'COMPOSE_PROJECT_NAME',
	'COMPOSE_FILE',
	'COMPOSE_PROFILES',
]);

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
	const rows = a.length + 1;
	const cols = b.length + 1;
	const d: number[][] = Array.from({ length: rows }, (_, i) =>
		Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
	);
	for (let i = 1; i < rows; i++) {
		for (let j = 1; j < cols; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			const row = d[i] as number[];
			const above = d[i - 1] as number[];
			let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
			}
			row[j] = best;
		}
	}
	return (d[a.length] as number[])[b.length] as number;
}

const family = (name: string): string => name.split('_')[0] ?? name;
const tail = (name: string): string => name.split('_').slice(1).join('_');

/**
 * The known name closest to `name`: the shortest one it is the beginning of, else by edit distance (at most a third of the name, and at least 2), else one with
 * the same words after the first (`OPENAI_API_KEY` → `LLM_API_KEY`). Null when nothing is close.
 */
export function closestSetting(name: string, known: readonly string[]): string | null {
	// A cut-off name (SMTP_PASS, DISCORD_TOKE): the shortest setting it begins.
	const longer = known.filter((k) => name.length >= 6 && k.startsWith(name)).sort((a, b) => a.length - b.length);
	if (longer[0] !== undefined) return longer[0];
	let best: { name: string; distance: number } | null = null;
	for (const candidate of known) {
		const distance = editDistance(name, candidate);
		if (best === null || distance < best.distance) best = { name: candidate, distance };
	}
	if (best !== null && best.distance <= Math.max(2, Math.floor(name.length / 3))) return best.name;
	const rest = tail(name);
	if (rest.length >= 4) return known.find((k) => tail(k) === rest) ?? null;
	return null;
}

/** Whether a variable of the real environment should be checked at all (see the module comment). */
function looksLikeOurs(name: string, known: readonly string[], families: ReadonlySet<string>): boolean {
	if (families.has(family(name))) return true;
	return known.some((k) => editDistance(name, k) <= 2);
}

/**
 * Unknown names from `.env` and from the real environment, each once (`.env` first), with the closest known name.
 * Upper-case names only: lower-case variables are never Doorman's settings.
 */
export function findUnknownSettings(
	sources: { readonly file: readonly string[]; readonly environment: readonly string[] },
	known: readonly string[],
): UnknownSetting[] {
	const knownSet = new Set(known);
	const families = new Set(known.map(family).filter((f) => !SHARED_FAMILIES.has(f)));
	const seen = new Set<string>();
	const out: UnknownSetting[] = [];
	const consider = (name: string, source: UnknownSetting['source']) => {
		if (seen.has(name) || knownSet.has(name) || FOREIGN_NAMES.has(name) || !/^[A-Z][A-Z0-9_]*$/.test(name)) return;
		if (source === 'environment' && !looksLikeOurs(name, known, families)) return;
		seen.add(name);
		out.push({ name, source, suggestion: closestSetting(name, known) });
	};
	for (const name of sources.file) consider(name, '.env');
	for (const name of sources.environment) consider(name, 'environment');
	return out;
}

/** One line per unknown setting, e.g. `DISCORD_TOKE (in .env) is not a Doorman setting; did you mean DISCORD_TOKEN?`. */
export function describeUnknownSetting(unknown: UnknownSetting): string {
	const where = unknown.source === '.env' ? 'in .env' : 'in the environment';
	const hint =
		unknown.suggestion === null
			? 'it is ignored (see .env.example for every setting)'
			: `did you mean ${unknown.suggestion}?`;
	return `${unknown.name} (${where}) is not a Doorman setting; ${hint}`;
}
