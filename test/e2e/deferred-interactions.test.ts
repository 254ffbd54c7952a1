import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Sandbox } from '../../src/sandbox/index.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
	type FakeOpenAi,
	groundedPhraser,
	type Responder,
	startFakeOpenAi,
	trustedBlock,
} from '../support/fake-openai.js';

/**
 * Interactions whose work can outlast Discord's 3-second window. The sandbox forgets an unanswered interaction after
 * DEADLINE_MS (Discord's 3 s); once the bot has acknowledged, the test moves the sandbox's clock past that window, so
 * everything the bot sends while the slow fake LLM (LLM_DELAY_MS, well within the bot's LLM timeout) works arrives
 * after the deadline, as with the issue's 5 s LLM, without a test sleeping for seconds or racing a short deadline.
 */
const DEADLINE_MS = 3000;
const LLM_DELAY_MS = 1200;

let harness: BotHarness | undefined;
let llm: FakeOpenAi | undefined;
afterEach(async () => {
	await harness?.stop();
	await llm?.close();
	harness = undefined;
	llm = undefined;
});

const BYOK_POST =
	"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to gpt-5-chat or gpt-5-mini.', 'code': 403}}\nclient = OpenAI(base_url=\"https://openrouter.ai/api/v1\") model=\"openai/o3\"";
/** The matcher is unsure of this post (it abstains with candidates), so LLM_ASSIST asks the LLM to rank them. */
// Only weak hints fire (a status and the SDK's exception name): the matcher will not answer it alone.
const UNSURE_POST =
	'403 Forbidden: anthropic.PermissionDeniedError when calling claude-3-opus, model claude-3-opus python anthropic sdk';
const KEY = `sk-proj-${'Qw3rT'.repeat(10)}Zz`;

async function start(env: Record<string, string> = {}) {
	llm = await startFakeOpenAi();
	harness = await startBotHarness({
		advisor: 'kb',
		sandbox: { interactionDeadlineMs: DEADLINE_MS },
		env: {
			LLM_BASE_URL: llm.baseUrl,
			LLM_MODEL: 'test-model',
			LLM_API_KEY: 'test-llm-key',
			LLM_PHRASE: 'true',
			LLM_TIMEOUT_MS: '10000',
			...env,
		},
	});
	return { h: harness, fake: llm };
}

/** Phrases like `groundedPhraser`; asked to rank causes, picks the first candidate with evidence. */
const rankerAndPhraser: Responder = (request) => {
	if (request.messages.some((m) => m.content.includes('Rank the candidate cause ids'))) {
		const candidates = z
			.array(z.object({ cause: z.string(), evidence: z.array(z.string()) }))
			.parse(trustedBlock(request));
		const pick = candidates.find((c) => c.evidence.length > 0);
		return { kind: 'json', value: { ranking: pick === undefined ? [] : [{ cause: pick.cause, reason: 'evidence' }] } };
	}
	return groundedPhraser(request);
};

const slowLlm = (fake: FakeOpenAi) =>
	fake.respondWith((request) => ({ kind: 'slow', delayMs: LLM_DELAY_MS, reply: rankerAndPhraser(request) }));

const visible = (sandbox: Sandbox, channelId: string) =>
	sandbox.transcript(channelId).filter((e) => e.isBot && e.visibleTo === undefined);

function lastButton(sandbox: Sandbox, channelId: string, label: string) {
	for (const entry of visible(sandbox, channelId).reverse()) {
		const button = entry.components.find((c) => c.label === label);
		if (button?.customId !== undefined) return { messageId: entry.id, customId: button.customId };
	}
	throw new Error(`no button ${label}`);
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** The status of every request the bot made to answer this interaction (callback and webhook). */
const interactionStatuses = (sandbox: Sandbox, token: string) =>
	sandbox.requests
		.filter((r) => r.path.includes(token))
		.map((r) => `${r.route ?? `${r.method} ${r.path}`} ${r.status}`);

describe('slow interactions are deferred, then answered (real discord.js client ↔ sandbox, slow fake LLM)', () => {
	it("Didn't help with an LLM slower than the deadline: acknowledged in time, then draft, tag and queue", async () => {
		// Reading the thread for the hand-off asks the LLM to rank causes again (the matcher is unsure of this post);
		// the answer's own phrasing is not redone, since it is never posted again.
		const { h, fake } = await start({ LLM_ASSIST: 'true' });
		const { sandbox } = h;
		fake.respondWith(rankerAndPhraser);
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'claude 403', content: UNSURE_POST });
		await h.settle(message.id);
		expect(visible(sandbox, thread.id)[0]?.content).toMatch(/^\*\*In short: /);

		slowLlm(fake);
		const before = fake.chatRequests().length;
		const click = sandbox.clickButton({ by: 'alice', ...lastButton(sandbox, thread.id, "Didn't help") });
		const callback = await click.waitForCallback();
		sandbox.advanceClock(DEADLINE_MS);
		expect(callback.status).toBe(204);
		expect(callback.body).toMatchObject({ type: 6 });
		expect(callback.at - click.record.createdAt).toBeLessThan(DEADLINE_MS);

		const mods = sandbox.channelId('moderators');
		await waitFor(() => visible(sandbox, mods).length === 1, 'queue message');
		await waitFor(() => sandbox.threadTags(thread.id).includes('Escalated'), 'Escalated tag');
		await waitFor(() => /passed this to the team/.test(visible(sandbox, thread.id).at(-1)?.content ?? ''), 'draft');
		const during = fake.chatRequests().slice(before);
		expect(during.length).toBeGreaterThanOrEqual(1);
		expect(during.every((r) => r.messages.some((m) => m.content.includes('Rank the candidate cause ids')))).toBe(true);
		const statuses = interactionStatuses(sandbox, click.token);
		expect(statuses.every((s) => !/ 404$/.test(s))).toBe(true);
		// The hand-off is a thread message from the reply ledger (with its nonce), not the interaction's follow-up.
		const handOff = sandbox.requests.find(
			(r) =>
				r.method === 'POST' &&
				r.path === `/channels/${thread.id}/messages` &&
				/passed this to the team/.test(String((r.body as { content?: unknown } | undefined)?.content ?? '')),
		);
		expect((handOff?.body as { nonce?: unknown } | undefined)?.nonce).toMatch(/^d[0-9a-f]{24}$/);
	});

	it('/doorman triage with a slow LLM shows "thinking" to the presser only, then fills in the answer', async () => {
		const { h, fake } = await start();
		const { sandbox } = h;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: 'hello' });
		await h.settle(message.id);
		slowLlm(fake);
		const command = sandbox.slashCommand({
			by: 'bob',
			name: 'doorman',
			subcommand: 'triage',
			options: { text: `${BYOK_POST}\nmy key ${KEY}` },
			channelId: thread.id,
		});
		const callback = await command.waitForCallback();
		sandbox.advanceClock(DEADLINE_MS);
		expect(callback.status).toBe(204);
		expect(callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
		await waitFor(
			() => /In short: /.test(sandbox.transcript(thread.id).find((e) => e.visibleTo === 'bob')?.content ?? ''),
			'the ephemeral answer',
		);
		const answer = sandbox.transcript(thread.id).find((e) => e.visibleTo === 'bob')?.content ?? '';
		// The phrased answer keeps the KB answer's notes.
		expect(answer).toMatch(/rotate it now/);
		expect(answer).not.toContain(KEY);
		expect(visible(sandbox, thread.id).some((e) => /In short/.test(e.content))).toBe(false);
	});

	it('/doorman escalate by a moderator with a slow LLM: private "done", public hand-off, tag and queue', async () => {
		const { h, fake } = await start({ LLM_ASSIST: 'true' });
		const { sandbox } = h;
		fake.respondWith(rankerAndPhraser);
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'claude 403', content: UNSURE_POST });
		await h.settle(message.id);
		slowLlm(fake);
		const before = fake.chatRequests().length;
		const command = sandbox.slashCommand({ by: 'mod', name: 'doorman', subcommand: 'escalate', channelId: thread.id });
		const callback = await command.waitForCallback();
		sandbox.advanceClock(DEADLINE_MS);
		expect(callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
		const mods = sandbox.channelId('moderators');
		await waitFor(() => visible(sandbox, mods).length === 1, 'queue message');
		await waitFor(() => sandbox.threadTags(thread.id).includes('Escalated'), 'Escalated tag');
		await waitFor(() => /passed this to the team/.test(visible(sandbox, thread.id).at(-1)?.content ?? ''), 'draft');
		expect(sandbox.transcript(thread.id).find((e) => e.visibleTo === 'mod')?.content).toMatch(/posted in the thread/);
		// The hand-off's reading waited on the slow LLM (ranking the causes again).
		expect(fake.chatRequests().length).toBeGreaterThan(before);
	});

	it('the LLM-phrased answer keeps the "rotate your key" warning and the status note', async () => {
		const { h } = await start();
		const { sandbox } = h;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'o3 401',
			content: `${BYOK_POST.replace('Error code: 403', 'Error code: 401').replace("'code': 403", "'code': 401")}\nkey ${KEY}`,
		});
		await h.settle(message.id);
		// The answer itself (a redacted repost of the post may come first).
		const answer = visible(sandbox, thread.id).find((e) => /^\*\*In short: /.test(e.content))?.content ?? '';
		expect(answer).toMatch(/^\*\*In short: /);
		expect(answer).toMatch(/rotate it now/);
		expect(answer).toMatch(/Note: your error is HTTP 401/);
		expect(answer).not.toContain(KEY);
	});
});
