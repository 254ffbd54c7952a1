import { afterEach, describe, expect, it } from 'vitest';
import { loadAdvisor } from '../../src/advisor.js';
import { parseConfig } from '../../src/config.js';
import type { Advisor } from '../../src/thread/advice.js';
import { adversarialInputs, asAttachments } from '../support/adversarial-inputs.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { EVENTUALLY_MS } from '../support/eventually.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + EVENTUALLY_MS;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** A post with three errors none of which the knowledge base is sure of: read whole, then error by error. */
const HEAVY_BODY = [
	'first try: Error code: 403 - {"error": {"message": "blocked by upstream guard xyz"}}',
	'then: Error code: 401 - {"error": {"message": "token family mismatch qrs"}}',
	'and now: Error code: 429 - {"error": {"message": "bucket drained abc"}}',
	'model gpt-4o, client = OpenAI()',
].join('\n');

const LIGHT_BODY =
	"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported'}}";

describe("one thread's heavy post does not delay another thread's answer by more than one triage pass", () => {
	it('a light post that arrives during the heavy post gets its pass and its answer before the heavy post is done', async () => {
		const config = parseConfig({}, process.cwd());
		if (!config.ok) throw new Error(config.problems.join('\n'));
		const kb = loadAdvisor(config.config);
		/** Each triage pass in the order it ran, and the sandbox's request count when it ran. */
		const passes: { thread: 'heavy' | 'light'; requestsBefore: number }[] = [];
		const light = { threadId: '' };
		const advisor: Advisor = async (post, options) => {
			const thread = post.body.includes('unsupported_country') ? 'light' : 'heavy';
			const { sandbox } = harness as BotHarness;
			passes.push({ thread, requestsBefore: sandbox.requests.length });
			// While the heavy post's first pass runs, the light post is made: its message is on the wire from here on.
			if (thread === 'heavy' && light.threadId === '')
				light.threadId = sandbox.createForumPost({ by: 'bob', title: '403 on gpt-4o', content: LIGHT_BODY }).thread.id;
			return kb(post, options);
		};
		harness = await startBotHarness({ advisor });
		const { sandbox } = harness;
		const logs = asAttachments(adversarialInputs(64 * 1024).get('status words') ?? '');
		const heavy = sandbox.createForumPost({
			by: 'alice',
			title: 'three errors and my logs',
			content: HEAVY_BODY,
			attachments: logs.attachments.map((a) => ({ filename: a.name, content: a.text })),
		});
		await harness.settle(heavy.message.id);
		await waitFor(() => light.threadId !== '' && sandbox.messages(light.threadId).length > 1, 'the light answer');
		await harness.app.bot.idle();

		const replyAt = (threadId: string) =>
			sandbox.requests.findIndex((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`);
		const heavyPasses = passes.filter((p) => p.thread === 'heavy');
		const firstLight = passes.findIndex((p) => p.thread === 'light');
		// The heavy post needs several passes; the light one came in during the first.
		expect(heavyPasses.length).toBeGreaterThanOrEqual(3);
		// The light post's pass ran before the heavy post's second: it waited for one pass, not the whole post.
		expect(passes.slice(0, firstLight).filter((p) => p.thread === 'heavy')).toHaveLength(1);
		// Its answer went out before the heavy post's reply, and before the heavy post's last pass ran.
		expect(replyAt(light.threadId)).toBeLessThan(replyAt(heavy.thread.id));
		expect(replyAt(light.threadId)).toBeLessThan(heavyPasses.at(-1)?.requestsBefore ?? 0);
		expect(sandbox.messages(light.threadId).at(-1)?.content).toMatch(/region|country/i);
	}, 60_000);
});
