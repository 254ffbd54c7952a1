import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { escalationRepository } from '../../src/store/escalations.js';
import type { Advisor, Assessment } from '../../src/thread/advice.js';
import { answeringAdvisor, type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { expectAddressOrForm, isDraft } from '../support/drafts.js';
import { EVENTUALLY_MS } from '../support/eventually.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

const botMessages = (sandbox: Sandbox, channelId: string) =>
	sandbox.transcript(channelId).filter((e) => e.isBot && e.visibleTo === undefined);

function button(sandbox: Sandbox, channelId: string, label: string) {
	for (const entry of botMessages(sandbox, channelId).reverse()) {
		const found = entry.components.find((c) => c.label === label);
		if (found?.customId !== undefined) return { messageId: entry.id, customId: found.customId, found };
	}
	throw new Error(`no button ${label}`);
}

const isDisabled = (sandbox: Sandbox, channelId: string, label: string): boolean =>
	button(sandbox, channelId, label).found.isDisabled;

async function waitFor(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + EVENTUALLY_MS;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const escalations = (h: BotHarness) => escalationRepository(h.app.db).list({ limit: 20, offset: 0 });

const answer = (entryId: string, cause: string, content: string, vendorNeeded: boolean): Assessment => ({
	triage: null,
	match: {
		entryId,
		cause,
		title: cause,
		confidence: 0.9,
		abstained: false,
		confident: true,
		vendorNeeded,
		providers: ['openrouter'],
	},
	advice: { kind: 'answer', content, nextState: 'answered', reason: `MATCHED:${entryId}` },
});

/** A vendor-needed cause the poster may still fix (the VPN), and a user-fixable 429 once the text mentions it. */
const vpnAdvisor: Advisor = async (post) =>
	/429/.test(`${post.title}\n${post.body}`)
		? answer('rate-limit', 'rate_limited', 'Slow down.', false)
		: answer('region-block', 'unsupported_region', 'Turn off the VPN.', true);

async function post(h: BotHarness, threadId: string, content: string, by = 'alice'): Promise<void> {
	const message = h.sandbox.postMessage({ channelId: threadId, by, content });
	await h.settle(message.id);
}

describe('escalation that helps (real discord.js client ↔ sandbox)', () => {
	it('a vendor-needed cause is answered first, escalates after the poster tried the fix, and the bot keeps helping', async () => {
		harness = await startBotHarness({ advisor: vpnAdvisor });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: '403 from my country', content: 'x' });
		await harness.settle(message.id);
		expect(botMessages(sandbox, thread.id).map((m) => m.content)).toEqual(['Turn off the VPN.']);
		expect(escalations(harness)).toHaveLength(0);
		expect(sandbox.threadTags(thread.id)).toContain('Answered');

		await post(harness, thread.id, 'I turned the VPN off, still 403');
		const [escalation] = escalations(harness);
		expect(escalation?.trigger).toBe('vendor_needed');
		const draft = botMessages(sandbox, thread.id).at(-1)?.content ?? '';
		expect(isDraft(draft)).toBe(true);
		expectAddressOrForm(draft);
		// The answer the poster already tried is not posted again.
		expect(botMessages(sandbox, thread.id).filter((m) => m.content === 'Turn off the VPN.')).toHaveLength(1);
		await waitFor(() => sandbox.threadTags(thread.id).includes('Escalated'), 'escalated tag');
		await waitFor(() => botMessages(sandbox, sandbox.channelId('moderators')).length === 1, 'queue message');

		// Not silent after the hand-off: a new error gets its answer, the thread stays with the team.
		await post(harness, thread.id, 'now I also get 429 sometimes');
		expect(botMessages(sandbox, thread.id).at(-1)?.content).toBe('Slow down.');
		expect(escalations(harness)).toHaveLength(1);
		expect(sandbox.threadTags(thread.id)).toContain('Escalated');
		// Nothing new: quiet, no repeat.
		const before = botMessages(sandbox, thread.id).length;
		await post(harness, thread.id, 'any news?');
		expect(botMessages(sandbox, thread.id)).toHaveLength(before);
	});

	it("Didn't help disables itself, leaves Solved it, and the owner's Solved it resolves the open escalation", async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'Request not allowed', content: 'x' });
		await harness.settle(message.id);
		await sandbox.clickButton({ by: 'alice', ...button(sandbox, thread.id, "Didn't help") }).waitForCallback();
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
		await waitFor(() => isDisabled(sandbox, thread.id, "Didn't help"), "Didn't help disabled");
		expect(isDisabled(sandbox, thread.id, 'Solved it')).toBe(false);
		expect(() => sandbox.clickButton({ by: 'alice', ...button(sandbox, thread.id, "Didn't help") })).toThrow(
			/disabled/,
		);

		await sandbox.clickButton({ by: 'alice', ...button(sandbox, thread.id, 'Solved it') }).waitForCallback();
		await waitFor(() => escalations(harness as BotHarness)[0]?.status === 'resolved', 'escalation resolved');
		await waitFor(() => /Resolved/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'queue shows resolved');
		await waitFor(() => sandbox.threadTags(thread.id).includes('Solved'), 'solved tag');
		await waitFor(() => isDisabled(sandbox, thread.id, 'Solved it'), 'Solved it disabled');
		expect(escalations(harness)).toHaveLength(1);
	});

	it('asking for a person after an answer, then Solved it: the escalation closes and nothing re-escalates', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'Request not allowed', content: 'x' });
		await harness.settle(message.id);
		await post(harness, thread.id, 'can I talk to a human?');
		expect(escalations(harness)[0]?.status).toBe('open');
		await sandbox.clickButton({ by: 'alice', ...button(sandbox, thread.id, 'Solved it') }).waitForCallback();
		await waitFor(() => escalations(harness as BotHarness)[0]?.status === 'resolved', 'escalation resolved');
		expect(escalations(harness)[0]?.closedBy).toBe(sandbox.userId('alice'));
		const before = botMessages(sandbox, thread.id).length;
		await post(harness, thread.id, 'thanks everyone');
		expect(botMessages(sandbox, thread.id)).toHaveLength(before);
		expect(escalations(harness)).toHaveLength(1);
	});

	it('the owner reopens a solved thread with a new error; other messages in it stay quiet', async () => {
		harness = await startBotHarness({ advisor: vpnAdvisor });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: '403 from my country', content: 'x' });
		await harness.settle(message.id);
		await sandbox.clickButton({ by: 'alice', ...button(sandbox, thread.id, 'Solved it') }).waitForCallback();
		await waitFor(() => sandbox.threadTags(thread.id).includes('Solved'), 'solved tag');
		const before = botMessages(sandbox, thread.id).length;
		await post(harness, thread.id, 'thanks!');
		await post(harness, thread.id, 'same here, still broken for me', 'bob');
		expect(botMessages(sandbox, thread.id)).toHaveLength(before);

		await post(harness, thread.id, 'it came back: {"error":{"code":429,"message":"Rate limit exceeded"}}');
		expect(botMessages(sandbox, thread.id).at(-1)?.content).toBe('Slow down.');
		await waitFor(() => sandbox.threadTags(thread.id).includes('Answered'), 'answered tag');
		expect(sandbox.threadTags(thread.id)).not.toContain('Solved');
		// The new answer has working buttons again.
		expect(isDisabled(sandbox, thread.id, 'Solved it')).toBe(false);
	});

	it('the owner reopens a solved thread by saying it is still broken: the tried answer is not repeated, people take over', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'Request not allowed', content: 'x' });
		await harness.settle(message.id);
		await sandbox.clickButton({ by: 'alice', ...button(sandbox, thread.id, 'Solved it') }).waitForCallback();
		await waitFor(() => sandbox.threadTags(thread.id).includes('Solved'), 'solved tag');
		await post(harness, thread.id, "sorry, it's still broken");
		expect(escalations(harness)[0]?.trigger).toBe('didnt_help');
		expect(botMessages(sandbox, thread.id).filter((m) => m.content === 'Do X.')).toHaveLength(1);
		await waitFor(() => sandbox.threadTags(thread.id).includes('Escalated'), 'escalated tag');
	});

	it('asking for a person when only the status was said ("403 Forbidden Error") gives the short note, no vendor draft', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: '403 Forbidden Error',
			content: 'I keep getting 403 Forbidden',
		});
		await harness.settle(message.id);
		expect(botMessages(sandbox, thread.id)[0]?.content).toMatch(/full error body/);
		await post(harness, thread.id, 'can I talk to a human?');
		const handoff = botMessages(sandbox, thread.id).at(-1)?.content ?? '';
		expect(handoff).toMatch(/passed this to the team; a moderator will follow up here/);
		expect(isDraft(handoff)).toBe(false);
		expect(handoff).not.toMatch(/\*\*To:\*\*|```/);
		expect(escalations(harness)[0]?.trigger).toBe('asked_for_human');
		await waitFor(() => botMessages(sandbox, sandbox.channelId('moderators')).length === 1, 'queue message');
		await waitFor(() => sandbox.threadTags(thread.id).includes('Escalated'), 'escalated tag');
	});

	it('asking for a person with an error in the thread gives the vendor draft', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'blocked',
			content: [
				'model gpt-4o, python openai client',
				'```',
				'openai.PermissionDeniedError: Error code: 403 - {"error": {"code": "unsupported_country_region_territory", "message": "Country, region, or territory not supported", "param": null, "type": "request_forbidden"}}',
				'```',
			].join('\n'),
		});
		await harness.settle(message.id);
		await post(harness, thread.id, 'can I talk to a human please?');
		const handoff = botMessages(sandbox, thread.id).at(-1)?.content ?? '';
		expect(isDraft(handoff)).toBe(true);
		expect(handoff).toMatch(/Country, region, or territory not supported/);
		expect(escalations(harness)[0]?.trigger).toBe('asked_for_human');
	});
});
