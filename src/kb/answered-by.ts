import type { Concept } from './concepts.js';
import type { Vendor } from './vendors.js';

/**
 * The concept (in `kb/concepts.yaml`) whose patterns are the words for a server of the poster's own choosing (a
 * relay, a third-party or local endpoint): a vendor whose own message comes back on such a post was not the target.
 */
export const CONFIGURED_ELSEWHERE = 'configured-elsewhere';
/** The same for the endpoints SDKs fall back to: a base URL of one's own, an OpenAI-compatible server. */
export const OWN_BASE_URL = 'own-base-url';
/** The words of a router's or cloud's envelope around an upstream's own message, which rule the rule out. */
export const PASSES_UPSTREAM_ERROR = 'router-passes-upstream-error';

/** Points of a misrouted request, and what is taken off the cause the vendor's message blames. */
const MISROUTED = 5;
const WRONG_BASE_URL = 3;
const MESSAGE_MISLEADS = -10;

/**
 * One rule over every vendor record, instead of one concept per pair of vendors: when a message only vendor V's API
 * prints comes back (`own_errors`) on a post that names another provider as the one it set up (`names` of any other
 * record, or words for a relay or third-party endpoint), the request reached V by mistake. The message then blames
 * the key, balance or region V saw, which is not the poster's. Each vendor gives one concept per cause its messages
 * blame. Router envelopes pass an upstream's own message through on purpose, so they rule it out. Pure.
 */
export function answeredByConcepts(vendors: readonly Vendor[], concepts: readonly Concept[]): Concept[] {
	const wordsOf = (id: string): string[] => concepts.find((c) => c.id === id)?.any ?? [];
	const elsewhere = wordsOf(CONFIGURED_ELSEWHERE);
	// Each example is the message on a post set up elsewhere, so the concept fires on its own examples as any does.
	const setUpElsewhere = concepts.find((c) => c.id === CONFIGURED_ELSEWHERE)?.examples[0];
	const ownBaseUrl = wordsOf(OWN_BASE_URL);
	const passThrough = wordsOf(PASSES_UPSTREAM_ERROR);
	const out: Concept[] = [];
	for (const vendor of vendors) {
		const errors = vendor.own_errors ?? [];
		if (errors.length === 0) continue;
		const others = vendors.filter((v) => v.id !== vendor.id);
		// An endpoint SDKs fall back to was not meant either when the post set its own base URL or asked for a model
		// family another vendor makes.
		const fallback = vendor.default_endpoint === true ? [...ownBaseUrl, ...others.flatMap((v) => v.models ?? [])] : [];
		const configured = [...others.flatMap((v) => v.names ?? []), ...elsewhere, ...fallback];
		if (configured.length === 0) continue;
		for (const says of [...new Set(errors.map((e) => e.says))]) {
			const own = errors.filter((e) => e.says === says);
			out.push({
				id: `answered-by-${vendor.id}-for-another-${says.replaceAll('_', '-')}`,
				about: `${vendor.name}'s own message (blaming ${says}) on a post that set up another provider`,
				causes: {
					misrouted_to_wrong_provider: MISROUTED,
					wrong_base_url_or_proxy_block: WRONG_BASE_URL,
					[says]: MESSAGE_MISLEADS,
				},
				any: own.map((e) => e.pattern),
				with: [configured.map((p) => `(?:${p})`).join('|')],
				...(passThrough.length > 0 ? { without: passThrough } : {}),
				examples: own.map((e) => (setUpElsewhere === undefined ? e.example : `${setUpElsewhere}: ${e.example}`)),
			});
		}
	}
	return out;
}
