import { afterEach, describe, expect, it } from 'vitest';
import { loadAdvisor } from '../../src/advisor.js';
import { parseConfig } from '../../src/config.js';
import type { Advisor } from '../../src/thread/advice.js';
import { adversarialInputs, asAttachments } from '../support/adversarial-inputs.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { waitFor } from '../support/eventually.js';
import { botSaid } from '../support/transcript.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

describe('a heavy post does not hold up other threads', () => {
	it("answers a light post in another thread while the heavy post's thread is still busy after its triage", async () => {
		const config = parseConfig({}, process.cwd());
		if (!config.ok) throw new Error(config.problems.join('\n'));
		const kb = loadAdvisor(config.config);
		// The heavy thread's work after its triage (here: waiting, as on a slow LLM) is held until the light thread is
		// answered: if threads waited for one another, the light post would never be answered and this would time out.
		let release = () => {};
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		const assessed: string[] = [];
		const advisor: Advisor = async (post) => {
			const heavy = post.attachments.some((a) => a.name.startsWith('part-'));
			const assessment = await kb(post);
			assessed.push(heavy ? 'heavy' : 'light');
			if (heavy) await held;
			return assessment;
		};
		harness = await startBotHarness({ advisor });
		const { sandbox } = harness;

		// 256 KB of one line of `HTTP 403 ` in four 64 KB attachments: it cost 1.7 s per triage before the bounds.
		const heavyPost = asAttachments(adversarialInputs().get('status words') ?? '');
		const heavy = sandbox.createForumPost({
			by: 'alice',
			title: 'logs of my 403',
			content: heavyPost.body,
			attachments: heavyPost.attachments.map((a) => ({ filename: a.name, content: a.text })),
		});
		await waitFor(() => assessed.includes('heavy'), 'the heavy post to be triaged');

		const light = sandbox.createForumPost({
			by: 'bob',
			title: '403 on gpt-4o',
			content:
				"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported'}}",
		});
		await waitFor(() => botSaid(harness as BotHarness, light.thread.id).length > 0, 'the light post to be answered');
		expect(botSaid(harness, light.thread.id)[0]).toMatch(/region|country/i);
		// The heavy thread is still busy: not answered yet.
		expect(botSaid(harness, heavy.thread.id)).toEqual([]);

		release();
		await harness.settle(heavy.message.id);
		expect(botSaid(harness, heavy.thread.id).length).toBeGreaterThan(0);
		expect(assessed.indexOf('light')).toBeGreaterThan(assessed.indexOf('heavy'));
	}, 60_000);
});
