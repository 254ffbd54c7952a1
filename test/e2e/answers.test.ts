import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { expectAddressOrForm } from '../support/drafts.js';
import { EVENTUALLY_MS } from '../support/eventually.js';
import { botSaid } from '../support/transcript.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

describe('answers from the knowledge base, through Discord', () => {
	it('asks once for what is missing, then answers the whole thread with citations', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'o3 403',
			content: 'o3 gives me 403, help',
		});
		await harness.settle(message.id);
		expect(botSaid(harness, thread.id)[0]).toMatch(/error (body|output|message)/i);
		expect(sandbox.threadTags(thread.id)).toEqual(['Needs info']);
		const more = sandbox.postMessage({
			channelId: thread.id,
			by: 'alice',
			content:
				"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to gpt-5-chat or gpt-5-mini.', 'code': 403}}\nclient = OpenAI(base_url=\"https://openrouter.ai/api/v1\") model=\"openai/o3\"",
		});
		await harness.settle(more.id);
		const answer = botSaid(harness, thread.id)[1] ?? '';
		expect(answer).toMatch(/BYOK|own provider API key/i);
		expect(answer).toMatch(/\*\*Sources\*\*[\s\S]*https:\/\/openrouter\.ai/);
		expect(answer).toMatch(/-# Automated answer from Doorman/);
		expect(answer.length).toBeLessThanOrEqual(2000);
		expect(sandbox.threadTags(thread.id)).toEqual(['Answered']);
	});

	it('warns about a pasted key by kind, without repeating it', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const key = `sk-or-v1-${'9f8e7d6c5b4a3210'.repeat(4)}`;
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: '403 with my key',
			content: `curl https://openrouter.ai/api/v1/chat/completions -H "Authorization: Bearer ${key}" gives 403`,
		});
		await harness.settle(message.id);
		const reply = botSaid(harness, thread.id)[0] ?? '';
		expect(reply).toMatch(/OpenRouter[\s\S]*(revoke|rotate)/i);
		expect(reply).not.toContain(key);
		expect(JSON.stringify(harness.sandbox.requests.map((r) => r.body))).not.toContain(key);
	});

	it('the seed thread: an Azure content-policy block is answered, and escalated with a draft once the fix did not help', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: '403 Forbidden Error',
			content:
				'"Your resource has been temporarily blocked because we detected behavior that may violate our content policy. For more details on Azure OpenAI service content policy, please visit https://aka.ms/aoaicodeofconduct" model openai/gpt-4o via OpenRouter, base_url="https://openrouter.ai/api/v1"',
		});
		await harness.settle(message.id);
		const said = botSaid(harness, thread.id);
		expect(said[0]).toMatch(/abuse monitoring|content policy/i);
		expect(said[0]).not.toMatch(/PKCE|code_verifier/i);
		// Needing the vendor is not a reason to hand off with the first answer: the poster tries it first.
		expect(said).toHaveLength(1);
		expect(sandbox.threadTags(thread.id)).toEqual(['Answered']);
		const still = sandbox.postMessage({
			channelId: thread.id,
			by: 'alice',
			content: "waited a day, it's still blocked",
		});
		await harness.settle(still.id);
		expect(botSaid(harness, thread.id)).toHaveLength(2);
		said.push(botSaid(harness, thread.id)[1] ?? '');
		expect(said[1]).toMatch(/passed this to the team[\s\S]*```text/);
		// OpenRouter served the request: its documented address, never a page or a sentence.
		expect(said[1]).toContain('**To:** support@openrouter.ai');
		expectAddressOrForm(said[1] ?? '');
		expect(sandbox.threadTags(thread.id)).toEqual(['Escalated']);
	});
});

describe('tags, /doorman triage and the low-confidence hand-off', () => {
	it('logs a missing forum tag once, and is not stopped by it', async () => {
		harness = await startBotHarness({ advisor: 'kb', env: { TAG_NEEDS_INFO: 'Waiting on you' } });
		for (const title of ['first', 'second']) {
			const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title, content: 'I get 403' });
			await harness.settle(message.id);
			expect(botSaid(harness, thread.id)).toHaveLength(1);
		}
		const warnings = harness.logs.filter((l) => l.includes('forum has no tag with this name'));
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain('Waiting on you');
	});

	it('/doorman triage shows the reply for given text, only to the caller', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'x', content: 'y' });
		await harness.settle(message.id);
		const callback = await harness.sandbox
			.slashCommand({
				by: 'bob',
				name: 'doorman',
				subcommand: 'triage',
				options: { text: '403 {"error":{"type":"forbidden","message":"Request not allowed"}} anthropic' },
				channelId: thread.id,
			})
			.waitForCallback();
		// Deferred (the advisor may call the LLM), privately; then the loading message is filled in.
		expect(callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
		const deadline = Date.now() + EVENTUALLY_MS;
		const privateReply = () => harness?.sandbox.transcript(thread.id).find((e) => e.visibleTo === 'bob')?.content ?? '';
		while (!/region/i.test(privateReply()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		expect(privateReply()).toMatch(/region/i);
		expect(botSaid(harness, thread.id).some((c) => /region/i.test(c))).toBe(false);
	});

	it('hands the thread to humans when still unsure after the owner supplied error, model and code', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'weird 403',
			content: [
				'```python',
				'client = OpenAI(base_url="https://api.openai.com/v1")',
				'client.chat.completions.create(model="gpt-4o", messages=msgs)',
				'```',
				"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'Something unusual happened', 'type': 'odd_error', 'code': 'zzz_unknown'}}",
			].join('\n'),
		});
		await harness.settle(message.id);
		const said = botSaid(harness, thread.id);
		expect(said.at(-1)).toMatch(/passed this to the team/);
		// Direct OpenAI, which documents only a web form.
		expect(said.at(-1)).toMatch(/Submit at <https:\/\/help\.openai\.com\//);
		expectAddressOrForm(said.at(-1) ?? '');
		expect(sandbox.threadTags(thread.id)).toEqual(['Escalated']);
	});
});
