import { afterAll, describe, expect, it } from 'vitest';
import { composeReply } from '../../../src/answer/reply.js';
import { chooseAdvice, errorVendorOf } from '../../../src/answer/route-advice.js';
import { command as triageCommand } from '../../../src/cli/commands/triage.js';
import { openKb } from '../../../src/kb/load.js';
import { matchKb } from '../../../src/kb/match.js';
import { defaultKbDir } from '../../../src/paths.js';
import { triagePost } from '../../../src/triage/index.js';
import { captureIo } from '../../support/capture-io.js';

const open = openKb(defaultKbDir());
afterAll(() => open.close());

/** The reply the bot would post for a post body, on the shipped KB. */
function reply(body: string) {
	const triage = triagePost({ title: '', body, attachments: [] });
	return { triage, reply: composeReply(triage, matchKb(triage, open.kb, open.index), open.kb) };
}
const links = (content: string) => [...content.matchAll(/\]\(<?(https?:\/\/[^)>\s]+)>?\)/g)].map((m) => m[1]);

/** `doorman triage --json` on a post, as a user would run it. */
async function triageJson(body: string): Promise<{ cause: string | null; citations: string[]; reply: string }> {
	const io = captureIo(process.cwd(), body);
	expect(await triageCommand.run(['--json'], io)).toBe(0);
	return JSON.parse(io.out());
}

const OPENAI_429_BODY =
	'{"error": {"message": "Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200. Please try again in 2.4s.", "type": "tokens", "param": null, "code": "rate_limit_exceeded"}}';
const OPENAI_429_POSTS = {
	'the error body pasted alone': `Error code: 429 - ${OPENAI_429_BODY}`,
	'the OpenAI SDK and its exception': `\`\`\`python\nfrom openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=msgs)\n\`\`\`\nopenai.RateLimitError: Error code: 429 - ${OPENAI_429_BODY}`,
	'the message line alone': 'Rate limit reached for gpt-4o in organization org-x on tokens per min',
};

const GEMINI_LOCATION_RAW = JSON.stringify({
	error: { code: 400, message: 'User location is not supported for the API use.', status: 'FAILED_PRECONDITION' },
});
const GEMINI_VIA_OPENROUTER = `I call google/gemini-2.5-flash through OpenRouter and every request fails:\n${JSON.stringify(
	{
		error: {
			message: 'Provider returned error',
			code: 400,
			metadata: { raw: GEMINI_LOCATION_RAW, provider_name: 'Google AI Studio' },
		},
		user_id: 'user_2abc',
	},
)}`;
const GEMINI_DIRECT = `\`\`\`python\nfrom google import genai\nclient = genai.Client()\n\`\`\`\ngoogle.genai.errors.ClientError: 400 FAILED_PRECONDITION. ${GEMINI_LOCATION_RAW}`;
const ENABLE_BILLING = /enable billing[^.\n]{0,80}google ai studio|google ai studio[^.\n]{0,80}enable billing/i;

describe('route-aware answers on the shipped KB (issue 14)', () => {
	it.each(Object.entries(OPENAI_429_POSTS))(
		'answers a 429 from OpenAI direct (%s) without OpenRouter steps or pages',
		async (_, post) => {
			const out = await triageJson(post);
			expect(out.cause).toBe('rate_limited');
			expect(out.reply).not.toContain('openrouter.ai');
			expect(out.citations.filter((url) => url.includes('openrouter.ai'))).toEqual([]);
			expect(out.reply).not.toMatch(/free[- ]model|BYOK|your own (?:provider )?key/i);
			expect(out.citations.length).toBeGreaterThan(0);
			expect(links(out.reply)).toEqual(out.citations);
		},
	);

	it('answers the bare OpenAI line "Rate limit reached for gpt-4o in organization …" with a rate-limit entry that is not DeepSeek’s', () => {
		for (const text of [
			'Rate limit reached for gpt-4o in organization org-x on tokens per min',
			'I use the OpenAI API directly: Rate limit reached for gpt-4o in organization org-x on tokens per min',
		]) {
			const { reply: r } = reply(text);
			expect(r.entryId).not.toBe('deepseek-rate-limit');
			if (r.kind === 'answer') expect(r.cause).toBe('rate_limited');
		}
	});

	it('says which route it assumed when the pasted 429 names none, and gives the router steps through OpenRouter', () => {
		const pasted = reply(OPENAI_429_POSTS['the error body pasted alone']);
		expect(pasted.triage.route).toBe('unknown');
		expect(pasted.reply.content).toContain("I assumed you call the vendor's API directly");
		const viaRouter = reply(
			'429 Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day\nI call it through https://openrouter.ai/api/v1',
		);
		expect(viaRouter.triage.route).toBe('openrouter');
		expect(viaRouter.reply.content).toMatch(/free/i);
		expect(viaRouter.reply.content).not.toContain('I assumed');
		expect(viaRouter.reply.citations.every((url) => url.startsWith('https://openrouter.ai/'))).toBe(true);
	});

	it('does not tell an OpenRouter user to enable billing in Google AI Studio for "User location is not supported"', async () => {
		const { triage, reply: viaRouter } = reply(GEMINI_VIA_OPENROUTER);
		expect(triage.route).toBe('openrouter');
		expect(viaRouter).toMatchObject({ kind: 'answer', entryId: 'gemini-user-location' });
		expect(viaRouter.content).not.toMatch(ENABLE_BILLING);
		expect(viaRouter.content).toMatch(/OpenRouter/);
		expect(links(viaRouter.content)).toEqual([...viaRouter.citations]);
		expect((await triageJson(GEMINI_VIA_OPENROUTER)).reply).not.toMatch(ENABLE_BILLING);
		// Straight to Google, enabling billing in AI Studio is the documented fix.
		const direct = reply(GEMINI_DIRECT);
		expect(direct.reply.entryId).toBe('gemini-user-location');
		expect(direct.reply.content).toMatch(ENABLE_BILLING);
	});
});

/**
 * Advice to disguise where a request comes from: use or switch on a VPN or proxy, pick an exit in another country, a
 * proxy that exits in a supported region. Saying what not to do ("a VPN is not a supported way around it", "turn off
 * the VPN") is fine.
 */
const EVASION = [
	/\b(?:use|using|try|trying|connect(?:ing)?(?: to| via| through)?|switch(?:ing)? (?:to|on)|turn(?:ing)? on|enable|set(?:ting)? up|go(?:ing)? through|(?:route[sd]?|send|call)(?: \w+){0,2} (?:through|via)|buy|rent)\s+(?:a |an |your |the |some )?(?:\w+ )?(?:vpn|proxy|proxies|vps|socks)\b/i,
	/\b(?:vpn|proxy|proxies|socks)\b[^.;]{0,40}\b(?:exits?|located|based|hosted|servers?)\s+(?:in|from)\s+(?:a |an )?(?:supported|allowed|different|another|other)\b/i,
	/\b(?:exit|egress)(?: node| server| ip| point)?s? (?:in|from) (?:a |an )?(?:supported|allowed|different|another|other) (?:country|region|location)/i,
	/\b(?:(?:spoof|mask|disguise|hide|fake)\s+(?:your |the )?(?:ip|location|region|country|origin)|change (?:your |the )?ip(?: address)?)\b(?![^.;]{0,60}\b(?:breaks|violates|against|is no fix|does not|doesn't|not allowed))/i,
];
const advisesEvasion = (step: string) => EVASION.some((re) => re.test(step));

describe('no advice to break a vendor’s terms', () => {
	it('recognises advice to get around a region block, and not advice against it', () => {
		for (const bad of [
			'Use a proxy or VPN that exits in a supported region.',
			'Connect through a VPN in the US and retry.',
			'Route your traffic through a proxy in Singapore.',
			'Switch on your VPN before calling the API.',
			'Pick an exit node in a supported country.',
			'Change your IP to a supported country.',
		])
			expect(advisesEvasion(bad), bad).toBe(true);
		for (const fine of [
			'Turn off the VPN or proxy and try again from your normal connection.',
			'A VPN or proxy is not a supported way around the block.',
			'hiding your location with a proxy or VPN breaks the terms and is no fix.',
			'Check the supported-countries list rather than switching to another exit.',
			'Find out where the request really leaves from; a VPN exit or relay is often in a different country than you.',
			'Use a provider or route that serves your region under its terms.',
		])
			expect(advisesEvasion(fine), fine).toBe(false);
	});

	it('gives no shipped region entry a fix step, default or per route, that advises a VPN or proxy around the block', () => {
		const regionEntries = open.entries.filter(
			(e) =>
				e.cause === 'unsupported_region' ||
				[...e.fix, ...Object.values(e.routes ?? {}).flatMap((a) => a?.fix ?? [])].some((s) =>
					/\b(?:countr(?:y|ies)|regions?|territor(?:y|ies)|location)\b/i.test(s),
				),
		);
		expect(regionEntries.map((e) => e.id)).toEqual(
			expect.arrayContaining(['gemini-user-location', 'anthropic-region-forbidden', 'openai-unsupported-region']),
		);
		const offending = regionEntries.flatMap((e) =>
			[
				...e.fix.map((step) => ({ where: 'fix', step })),
				...Object.entries(e.routes ?? {}).flatMap(([kind, a]) =>
					(a?.fix ?? []).map((step) => ({ where: `routes.${kind}`, step })),
				),
			]
				.filter(({ step }) => advisesEvasion(step))
				.map(({ where, step }) => `${e.id} ${where}: ${step}`),
		);
		expect(offending).toEqual([]);
	});
});

describe('pages that state the fix for the route and the model asked about (issue cases)', () => {
	const VERTEX_403 =
		"Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/p/locations/us-central1/publishers/google/models/gemini-pro' (or it may not exist).";

	it('cites Google for a Vertex permission error on Vertex, and OpenRouter only when the request went through it', () => {
		const direct = reply(`My service account calls Vertex AI:\n${VERTEX_403}`).reply;
		expect(direct.cause).toBe('cloud_iam_permission_missing');
		expect(direct.citations.length).toBeGreaterThan(0);
		expect(direct.citations.filter((u) => u.includes('openrouter.ai'))).toEqual([]);
		const viaRouter = reply(`Through https://openrouter.ai/api/v1 with my own Vertex key (BYOK):\n${VERTEX_403}`).reply;
		expect(viaRouter.cause).toBe('cloud_iam_permission_missing');
		expect(viaRouter.citations.some((u) => u.includes('openrouter.ai'))).toBe(true);
	});

	it('does not cite the o3-pro page for an o3 BYOK answer', () => {
		const r = reply(
			'403 with openai/o3 through OpenRouter: {"error":{"message":"OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to o3-mini.","code":403}}',
		).reply;
		expect(r.cause).toBe('byok_key_required');
		expect(r.citations.filter((u) => u.includes('o3-pro'))).toEqual([]);
		expect(r.citations.length).toBeGreaterThan(0);
	});
});

describe('pages of the vendor that refused, and of the cloud the request went through (issue 14 leftovers)', () => {
	it("cites the supported-countries list of the provider OpenRouter's provider_name names, not another vendor's", () => {
		const entry = open.kb.byId.get('openrouter-upstream-region');
		expect(entry).toBeDefined();
		if (entry === undefined) return;
		const envelope = (provider: string) =>
			`Through OpenRouter: {"error":{"message":"Provider returned error","code":403,"metadata":{"raw":"{\\"error\\":{\\"type\\":\\"forbidden\\",\\"message\\":\\"Request not allowed\\"}}","provider_name":"${provider}"}}}`;
		const pages = (provider: string) => {
			const triage = triagePost({ title: '', body: envelope(provider), attachments: [] });
			expect(triage.route).toBe('openrouter');
			return chooseAdvice(entry, triage.route, 'en', errorVendorOf(triage)).citations.map((c) => c.url);
		};
		const VENDOR_LISTS = /help\.openai\.com|developers\.openai\.com|platform\.claude\.com|ai\.google\.dev/;
		expect(pages('Anthropic').filter((u) => VENDOR_LISTS.test(u))).toEqual([
			'https://platform.claude.com/docs/api/supported-regions',
		]);
		expect(
			pages('OpenAI')
				.filter((u) => VENDOR_LISTS.test(u))
				.every((u) => u.includes('openai.com')),
		).toBe(true);
		expect(pages('Google AI Studio').filter((u) => VENDOR_LISTS.test(u))).toEqual([
			'https://ai.google.dev/gemini-api/docs/available-regions',
		]);
		// Every answer keeps OpenRouter's own page for skipping the provider that refused.
		for (const p of ['Anthropic', 'OpenAI', 'Google AI Studio', 'Groq'])
			expect(pages(p)).toContain('https://openrouter.ai/docs/features/provider-routing');
	});

	it('gives no entry that lists Vertex a Gemini API (ai.google.dev) page on the Vertex route', () => {
		const offending = open.kb.entries
			.filter((e) => e.providers.includes('vertex'))
			.flatMap((e) =>
				chooseAdvice(e, 'vertex')
					.citations.filter((c) => c.url.includes('ai.google.dev'))
					.map((c) => `${e.id}: ${c.url}`),
			);
		expect(offending).toEqual([]);
	});
});
