import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { EVENTUALLY_MS } from '../support/eventually.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

const botMessages = (h: BotHarness, threadId: string) =>
	h.sandbox.transcript(threadId).filter((e) => e.isBot && e.visibleTo === undefined);
const botSaid = (h: BotHarness, threadId: string) => botMessages(h, threadId).map((e) => e.content);

const BYOK_ERROR =
	"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to gpt-5-chat or gpt-5-mini.', 'code': 403}}\nclient = OpenAI(base_url=\"https://openrouter.ai/api/v1\") model=\"openai/o3\"";

async function say(h: BotHarness, threadId: string, content: string): Promise<void> {
	const m = h.sandbox.postMessage({ channelId: threadId, by: 'alice', content });
	await h.settle(m.id);
}

describe('a thread that converses: reply only when a message adds something', () => {
	it('seed 000: "added my key, tier 2" after the BYOK answer does not regress it, and "thanks" gets no reply', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: BYOK_ERROR });
		await harness.settle(message.id);
		expect(botSaid(harness, thread.id)).toHaveLength(1);
		expect(botSaid(harness, thread.id)[0]).toMatch(/BYOK|own provider API key/i);
		await say(harness, thread.id, 'added my key, tier 2');
		await say(harness, thread.id, "ok thanks, I'll look for it");
		const said = botSaid(harness, thread.id);
		expect(said).toHaveLength(1);
		expect(said.join('\n')).not.toMatch(/not sure/i);
		expect(harness.sandbox.threadTags(thread.id)).toEqual(['Answered']);
	});

	it('a question about the answer ("where do I add the key?") is handed to people once, not called off-topic', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: BYOK_ERROR });
		await harness.settle(message.id);
		await say(harness, thread.id, 'where do I add the key?');
		const said = botSaid(harness, thread.id);
		expect(said).toHaveLength(2);
		expect(said[1]).toMatch(/beyond my answer above/);
		expect(said[1]).not.toMatch(/outside what I can answer/);
		expect(harness.sandbox.threadTags(thread.id)).toEqual(['Escalated']);
		await say(harness, thread.id, 'how do I know which tier my openai account is?');
		expect(botSaid(harness, thread.id)).toHaveLength(2);
	});

	it('seed 002: the right answer is posted once, not again when the poster pastes the same error with code', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const line =
			"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'You do not have access to model gpt-4o', 'type': 'invalid_request_error', 'code': 'model_not_found'}}";
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: '403 on gpt-4o',
			content: `My script fails:\n${line}`,
		});
		await harness.settle(message.id);
		expect(botSaid(harness, thread.id)).toHaveLength(1);
		await say(
			harness,
			thread.id,
			`here is the code\n\`\`\`python\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o")\n\`\`\`\n${line}`,
		);
		expect(botSaid(harness, thread.id)).toHaveLength(1);
	});

	it('asks once; after two replies without the missing details it hands off once instead of asking again', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: '403 Forbidden Error',
			content: 'I get this all the time, please help',
		});
		await harness.settle(message.id);
		const ask = botSaid(harness, thread.id)[0] ?? '';
		expect(ask).toMatch(/error (body|output|message)/i);
		await say(harness, thread.id, "ok I'll look for it");
		await say(harness, thread.id, "I can't find anything else, it just fails");
		await say(harness, thread.id, 'any idea what it could be');
		const said = botSaid(harness, thread.id);
		expect(said.filter((s) => s === ask)).toHaveLength(1);
		expect(said.filter((s) => /passed this to the team|hand(ed)? (this|the thread)/i.test(s)).length).toBe(1);
		expect(harness.sandbox.threadTags(thread.id)).toEqual(['Escalated']);
		await say(harness, thread.id, 'hello?');
		expect(botSaid(harness, thread.id)).toHaveLength(said.length);
	});

	it('seed 001: a question about the ask gets one line, a partial answer gets only what is still missing', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: '403 Forbidden Error',
			content: 'I keep getting 403 Forbidden',
		});
		await harness.settle(message.id);
		expect(botSaid(harness, thread.id)[0]).toMatch(/full error body[\s\S]*model id[\s\S]*code or settings/i);
		await say(harness, thread.id, 'what do you need?');
		const pointer = botSaid(harness, thread.id)[1] ?? '';
		expect(pointer).toMatch(/^What I still need is in my message above: the full error body .*model id/);
		expect(pointer).not.toMatch(/\n1\. /);
		await say(harness, thread.id, 'model is openai/gpt-4o on openrouter');
		const rest = botSaid(harness, thread.id)[2] ?? '';
		expect(rest).toMatch(/^To tell what causes this, I still need:/);
		expect(rest).toMatch(/full error body/i);
		expect(rest).not.toMatch(/model id|not sure/i);
		expect(botSaid(harness, thread.id)).toHaveLength(3);
		await say(harness, thread.id, "ok I'll look for it");
		expect(botSaid(harness, thread.id)).toHaveLength(3);
	});

	it('"nvm, I fixed it" offers Solved instead of asking again; 解决了 likewise', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: '403', content: 'o3 gives me 403' });
		await harness.settle(message.id);
		await say(harness, thread.id, 'nvm, I fixed it');
		const last = botMessages(harness, thread.id).at(-1);
		expect(last?.content).toMatch(/Solved it/);
		expect(last?.content).not.toMatch(/error (body|output|message)/i);
		expect(JSON.stringify(last?.buttons ?? [])).toMatch(/Solved it/);
		expect(JSON.stringify(last?.buttons ?? [])).not.toMatch(/Didn't help/);
		const other = sandbox.createForumPost({ by: 'alice', title: '403 on claude', content: 'claude gives me 403' });
		await harness.settle(other.message.id);
		await say(harness, other.thread.id, '解决了，谢谢');
		expect(botSaid(harness, other.thread.id).at(-1)).toMatch(/Solved it/);
	});

	it('a how-to question, a billing question, a 529 and a 500 outage get a short honest note, tagged for people', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const posts = [
			{ title: 'Streaming', content: 'How do I stream responses with the node SDK?' },
			{ title: 'Refund', content: 'can I get a refund for credits?' },
			{
				title: 'API down?',
				content:
					'Error code: 529 - {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}} with claude-sonnet-4',
			},
			{
				title: '500 from gpt-4o',
				content:
					"openai.InternalServerError: Error code: 500 - {'error': {'message': 'The server had an error while processing your request. Sorry about that!', 'type': 'server_error'}}",
			},
		];
		for (const post of posts) {
			const { thread, message } = sandbox.createForumPost({ by: 'alice', ...post });
			await harness.settle(message.id);
			const said = botSaid(harness, thread.id);
			expect(said).toHaveLength(1);
			expect(said[0]).toMatch(/a person will take a look/);
			expect(said[0]).not.toMatch(/error (body|output)|full error/i);
			expect(sandbox.threadTags(thread.id)).toEqual(['Escalated']);
		}
	});
});

describe('errors: a later one supersedes, several in one post are named', () => {
	const ACCESS =
		"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'You do not have access to model gpt-4o', 'type': 'invalid_request_error', 'code': 'model_not_found'}}";
	const REGION =
		"openai.PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported', 'param': None, 'type': 'request_forbidden'}}";

	it('a later, more specific error gets its own answer instead of the earlier one again', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'gpt-4o 403', content: ACCESS });
		await harness.settle(message.id);
		const first = botSaid(harness, thread.id)[0] ?? '';
		await say(harness, thread.id, `ok that's sorted, but now from the server in HK I get:\n${REGION}`);
		const said = botSaid(harness, thread.id);
		expect(said).toHaveLength(2);
		expect(said[1]).not.toBe(first);
		expect(said[1]).toMatch(/region|countr/i);
	});

	it('a later error the whole thread cannot place (two causes) is answered on its own, also after a hand-off', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { thread, message } = harness.sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: BYOK_ERROR });
		await harness.settle(message.id);
		await say(harness, thread.id, 'I added my key, still 403');
		expect(botSaid(harness, thread.id).at(-1)).toMatch(/passed this to the team/);
		await say(harness, thread.id, `now on the direct API:\n${REGION}`);
		const said = botSaid(harness, thread.id);
		expect(said).toHaveLength(3);
		expect(said[2]).toMatch(/region|countr/i);
		expect(harness.sandbox.threadTags(thread.id)).toEqual(['Escalated']);
	});

	it('two errors in one post: the answer says which one it covers', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { thread, message } = harness.sandbox.createForumPost({
			by: 'alice',
			title: 'two errors',
			content: `${REGION}\nand with the other key:\nopenai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-abc***', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}`,
		});
		await harness.settle(message.id);
		const said = botSaid(harness, thread.id);
		expect(said).toHaveLength(1);
		expect(said[0]).toMatch(/more than one error \(403, 401\)\. This answer covers the 403/);
	});
});

describe('the whole thread, however long', () => {
	it('past 100 messages the follow-up is still read with every owner post (stored as they arrived)', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: '403', content: 'o3 gives me 403' });
		await harness.settle(message.id);
		await say(harness, thread.id, BYOK_ERROR);
		expect(botSaid(harness, thread.id).at(-1)).toMatch(/BYOK|own provider API key/i);
		let last = '';
		for (let i = 0; i < 105; i++)
			last = sandbox.postMessage({ channelId: thread.id, by: 'bob', content: `same here ${i}` }).id;
		await harness.settle(last);
		const before = botSaid(harness, thread.id).length;
		const since = sandbox.requests.length;
		await say(harness, thread.id, 'added my key, tier 2');
		// Read from the store, not by paging through Discord's history (which keeps only the last 100 in reach).
		const reads = sandbox.requests.slice(since).filter((r) => r.method === 'GET' && /\/messages/.test(r.path));
		expect(reads).toHaveLength(0);
		const said = botSaid(harness, thread.id);
		// Nothing new: no reply, so no regression to "I'm not sure" and no second ask for the error body.
		expect(said).toHaveLength(before);
		const stored = harness.app.db.prepare('SELECT count(*) AS n FROM owner_posts WHERE thread_id = ?').get(thread.id);
		expect(stored).toEqual({ n: 3 });
	}, 30_000);
});

describe('edits: a corrected paste replaces the stale reply', () => {
	const isEdit = (r: { method: string; path: string }) => r.method === 'PATCH' && /\/messages\/\d+$/.test(r.path);

	it('an edited starter that now has the error turns the ask into the answer, in the same message', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: 'o3 gives me 403' });
		await harness.settle(message.id);
		const ask = botMessages(harness, thread.id)[0];
		expect(ask?.content).toMatch(/error (body|output|message)/i);
		const since = sandbox.requests.length;
		sandbox.editMessage({ channelId: thread.id, messageId: message.id, by: 'alice', content: BYOK_ERROR });
		await sandbox.waitForRequest((r) => isEdit(r), { since });
		await harness.app.bot.idle();
		const after = botMessages(harness, thread.id);
		expect(after).toHaveLength(1);
		expect(after[0]?.id).toBe(ask?.id);
		expect(after[0]?.content).toMatch(/BYOK|own provider API key/i);
		expect(after[0]?.buttons).toEqual(['Solved it', "Didn't help"]);
		await waitForTags(harness, thread.id, ['Answered']);
	});

	it("a follow-up that got no reply, edited to hold the error, updates the bot's latest reply in place", async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: 'o3 gives me 403' });
		await harness.settle(message.id);
		const follow = sandbox.postMessage({ channelId: thread.id, by: 'alice', content: "ok I'll look for it" });
		await harness.settle(follow.id);
		expect(botMessages(harness, thread.id)).toHaveLength(1);
		const since = sandbox.requests.length;
		sandbox.editMessage({
			channelId: thread.id,
			messageId: follow.id,
			by: 'alice',
			content: `found it:\n${BYOK_ERROR}`,
		});
		await sandbox.waitForRequest((r) => isEdit(r), { since });
		await harness.app.bot.idle();
		const after = botMessages(harness, thread.id);
		expect(after).toHaveLength(1);
		expect(after[0]?.content).toMatch(/BYOK|own provider API key/i);
	});

	it('an edit that changes nothing the bot reads (a typo) leaves the reply alone', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: BYOK_ERROR });
		await harness.settle(message.id);
		const before = botSaid(harness, thread.id);
		const since = sandbox.requests.length;
		sandbox.editMessage({
			channelId: thread.id,
			messageId: message.id,
			by: 'alice',
			content: `${BYOK_ERROR}\n(typo fixed)`,
		});
		const deadline = Date.now() + EVENTUALLY_MS;
		while (!harness.logs.some((l) => l.includes('edit handled')) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await harness.app.bot.idle();
		expect(sandbox.requests.slice(since).filter(isEdit)).toHaveLength(0);
		expect(botSaid(harness, thread.id)).toEqual(before);
		expect(harness.logs.some((l) => l.includes('EDIT_UNCHANGED'))).toBe(true);
	});
});

async function waitForTags(h: BotHarness, threadId: string, tags: string[]): Promise<void> {
	const deadline = Date.now() + EVENTUALLY_MS;
	while (JSON.stringify(h.sandbox.threadTags(threadId)) !== JSON.stringify(tags)) {
		if (Date.now() > deadline) expect(h.sandbox.threadTags(threadId)).toEqual(tags);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
