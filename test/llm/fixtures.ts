import type { TokenLedger } from '../../src/llm/ports.js';
import type { GroundingEntry, LlmRejectInfo, LlmRejectReason } from '../../src/llm/types.js';
import type { Clock } from '../../src/model.js';
import { type LlmSettings, parseLlmSettings } from '../../src/settings/llm.js';

export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

export const REGION_DOCS = 'https://developers.openai.com/docs/guides/error-codes';
export const REGION_COUNTRIES = 'https://platform.openai.com/docs/supported-countries';
export const ORG_DOCS = 'https://help.openai.com/en/articles/organization-verification';

/** The matched entry most tests phrase. */
export const regionEntry: GroundingEntry = {
	id: 'openai-unsupported-region',
	cause: 'unsupported_region',
	title: 'OpenAI refuses requests from an unsupported country or region',
	diagnosis: 'OpenAI is refusing the request because of where it comes from.',
	fix: ['Call the API from a supported country.', 'Turn off a VPN that exits in an unsupported region.'],
	citations: [
		{
			url: REGION_DOCS,
			title: 'OpenAI API error codes',
			section: 'Error codes',
			states: 'Lists a 403 for requests from a country the API does not serve.',
		},
		{
			url: REGION_COUNTRIES,
			title: 'Supported countries and territories',
			section: 'Supported countries and territories',
			states: 'Lists the countries from which the API may be used.',
		},
	],
};

/** A neighbouring entry of another cause, sent as context. */
export const orgEntry: GroundingEntry = {
	id: 'openai-org-verification',
	cause: 'org_verification_required',
	title: 'The model needs a verified organization',
	diagnosis: 'This model is only available to verified organizations.',
	fix: ['Verify your organization in the OpenAI dashboard.'],
	citations: [
		{
			url: ORG_DOCS,
			title: 'Organization verification',
			section: 'Overview',
			states: 'Says some models need a verified organization.',
		},
	],
};

/** A phrasing that passes every check for `regionEntry`. */
export const validPhrasing = {
	diagnosis: 'Your request is blocked because OpenAI does not serve the region it comes from.',
	steps: ['Send the request from a supported country.', 'If you use a VPN, switch it off or pick a supported exit.'],
	citations: [REGION_DOCS],
	cause: 'unsupported_region',
};

export function settings(overrides: Partial<LlmSettings> & { baseUrl: string }): Readonly<LlmSettings> {
	return parseLlmSettings({
		apiKey: 'test-llm-key-not-a-secret',
		model: 'gpt-4o-mini',
		timeoutMs: 2_000,
		phrase: true,
		assist: true,
		modelCheck: true,
		...overrides,
	});
}

/** An in-memory ledger keyed by UTC day, like the SQLite one. */
export function memoryLedger(initial = 0): TokenLedger & { readonly days: Map<string, number> } {
	const days = new Map<string, number>();
	const day = (now: number) => new Date(now).toISOString().slice(0, 10);
	if (initial > 0) days.set(day(NOW), initial);
	return {
		days,
		usedToday: (now) => days.get(day(now)) ?? 0,
		add: (now, tokens) => {
			days.set(day(now), (days.get(day(now)) ?? 0) + tokens);
		},
	};
}

export const fixedClock = (now = NOW): Clock & { set(t: number): void } => {
	let t = now;
	return { now: () => t, set: (next) => (t = next) };
};

/** Collects `onReject` calls. */
export function rejections(): {
	readonly list: { reason: LlmRejectReason; info: LlmRejectInfo }[];
	readonly onReject: (reason: LlmRejectReason, info: LlmRejectInfo) => void;
	readonly reasons: () => LlmRejectReason[];
} {
	const list: { reason: LlmRejectReason; info: LlmRejectInfo }[] = [];
	return {
		list,
		onReject: (reason, info) => list.push({ reason, info }),
		reasons: () => list.map((r) => r.reason),
	};
}
