import type { LlmSettings } from '../settings/llm.js';
import type { LlmClient } from './client.js';
import type { ModelCache } from './ports.js';

export interface ModelCheckResult {
	/** The endpoint lists exactly this id. */
	readonly listed: boolean;
	/** Nearest listed ids, best first; empty when `listed`. */
	readonly suggestions: readonly string[];
}

/** Below this similarity a listed id is not worth suggesting. */
const MIN_SIMILARITY = 0.45;
/** Both ids name a vendor and the vendors differ: still similar, but a worse suggestion. */
const OTHER_VENDOR = 0.75;

interface ModelId {
	readonly full: string;
	readonly vendor: string | null;
	readonly name: string;
	readonly tokens: readonly string[];
}

function parseId(id: string): ModelId {
	const full = id.trim().toLowerCase();
	const slash = full.lastIndexOf('/');
	const vendor = slash > 0 ? full.slice(0, slash) : null;
	const name = slash >= 0 ? full.slice(slash + 1) : full;
	return { full, vendor, name, tokens: name.split(/[-_.:@\s]+/).filter((t) => t.length > 0) };
}

function levenshtein(a: string, b: string): number {
	if (a === b) return 0;
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
		}
		prev = row;
	}
	return prev[b.length] ?? Math.max(a.length, b.length);
}

const editSimilarity = (a: string, b: string): number =>
	a.length + b.length === 0 ? 1 : 1 - levenshtein(a, b) / Math.max(a.length, b.length);

function tokenOverlap(a: readonly string[], b: readonly string[]): number {
	const sa = new Set(a);
	const sb = new Set(b);
	const shared = [...sa].filter((t) => sb.has(t)).length;
	const union = new Set([...sa, ...sb]).size;
	return union === 0 ? 0 : shared / union;
}

/**
 * How alike two model ids are, in [0, 1]. The vendor prefix is compared separately from the name: `gpt-4o` and
 * `openai/gpt-4o` name the same model (an OpenAI id on a router, or the reverse), while `openai/gpt-4o` and
 * `azure/gpt-4o` are the same name from different vendors.
 */
export function modelSimilarity(asked: string, known: string): number {
	const a = parseId(asked);
	const k = parseId(known);
	if (a.full === k.full) return 1;
	const name = 0.7 * editSimilarity(a.name, k.name) + 0.3 * tokenOverlap(a.tokens, k.tokens);
	// Same name, prefix only on one side: the likely fix, just below an exact match.
	if (a.name === k.name) return a.vendor !== null && k.vendor !== null ? 0.8 : 0.98;
	return a.vendor !== null && k.vendor !== null && a.vendor !== k.vendor ? name * OTHER_VENDOR : name * 0.97;
}

/** The `n` listed ids most like `asked`, best first (ties: shorter, then alphabetical); none below a floor. Pure. */
export function nearestModels(asked: string, known: readonly string[], n = 3): string[] {
	return [...new Set(known)]
		.map((id) => ({ id, score: modelSimilarity(asked, id) }))
		.filter((s) => s.score >= MIN_SIMILARITY && s.id !== asked)
		.sort((x, y) => y.score - x.score || x.id.length - y.id.length || x.id.localeCompare(y.id))
		.slice(0, n)
		.map((s) => s.id);
}

/** Whether the endpoint lists `asked` exactly (ids are case-sensitive), and if not, what it probably meant. Pure. */
export function checkModel(asked: string, known: readonly string[], n = 3): ModelCheckResult {
	const listed = known.includes(asked);
	return { listed, suggestions: listed ? [] : nearestModels(asked, known, n) };
}

const cacheKey = (baseUrl: string): string => baseUrl.replace(/\/+$/, '');

/**
 * The endpoint's model ids: from the cache while younger than `modelsTtlMs`, else listed and cached. Null when the
 * feature is off or listing fails (the caller then says nothing about the model).
 */
export async function knownModels(
	client: Pick<LlmClient, 'listModels'>,
	cache: ModelCache,
	settings: Pick<LlmSettings, 'baseUrl' | 'modelsTtlMs' | 'modelCheck'>,
	now: number,
): Promise<string[] | null> {
	if (!settings.modelCheck) return null;
	const key = cacheKey(settings.baseUrl);
	const cached = cache.get(key, now, settings.modelsTtlMs);
	if (cached !== null) return cached;
	try {
		const ids = await client.listModels();
		cache.put(key, ids, now);
		return ids;
	} catch {
		return null;
	}
}

/**
 * Checks a model id named in a post against the configured endpoint's list (TTL-cached). Null when the check is off,
 * the list is unavailable or empty, so the bot never claims a model is missing without evidence.
 */
export async function modelCheck(
	client: Pick<LlmClient, 'listModels'>,
	cache: ModelCache,
	settings: Pick<LlmSettings, 'baseUrl' | 'modelsTtlMs' | 'modelCheck'>,
	asked: string,
	now: number,
): Promise<ModelCheckResult | null> {
	const known = await knownModels(client, cache, settings, now);
	if (known === null || known.length === 0) return null;
	return checkModel(asked, known);
}
