import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { EVENTUALLY_MS } from '../support/eventually.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';

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
const KEY = `sk-proj-${'Qw3rT'.repeat(10)}Zz`;

async function start(env: Record<string, string> = {}) {
	llm = await startFakeOpenAi();
	harness = await startBotHarness({
		advisor: 'kb',
		env: {
			LLM_BASE_URL: llm.baseUrl,
			LLM_MODEL: 'test-model',
			LLM_API_KEY: 'test-llm-key',
			LLM_PHRASE: 'true',
			...env,
		},
	});
	return { h: harness, fake: llm };
}

const botSaid = (h: BotHarness, threadId: string) =>
	h.sandbox
		.transcript(threadId)
		.filter((e) => e.isBot && e.visibleTo === undefined)
		.map((e) => e.content)
		// The redacted repost of a post that held a key (the bot removed the original) is not an answer.
		.filter((c) => !c.startsWith('🔒'));

describe('optional LLM through the openai SDK (fake OpenAI-compatible server)', () => {
	it('phrases a KB answer, grounded in the entry, and records the path for /doorman status', async () => {
		const { h, fake } = await start();
		const { thread, message } = h.sandbox.createForumPost({
			by: 'alice',
			title: 'o3 403',
			content: `${BYOK_POST}\nkey ${KEY}`,
		});
		await h.settle(message.id);
		expect(botSaid(h, thread.id)[0]).toMatch(/^\*\*In short: /);
		expect(JSON.stringify(fake.requests)).not.toContain(KEY);
		const status = await h.sandbox
			.slashCommand({ by: 'alice', name: 'doorman', subcommand: 'status', channelId: thread.id })
			.waitForCallback();
		expect(JSON.stringify(status.body)).toMatch(/llm-phrased 1/);
	});

	it('calls the LLM only for an answer it posts: none for "still failing" or a hand-off, one for a new error', async () => {
		const { h, fake } = await start();
		const { thread, message } = h.sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: BYOK_POST });
		await h.settle(message.id);
		expect(fake.chatRequests()).toHaveLength(1);
		const calls = async (content: string): Promise<number> => {
			const before = fake.chatRequests().length;
			const m = h.sandbox.postMessage({ channelId: thread.id, by: 'alice', content });
			await h.settle(m.id);
			return fake.chatRequests().length - before;
		};
		// The same answer is not posted again (the thread is handed to people): nothing to phrase.
		expect(await calls('I added my key, still 403')).toBe(0);
		expect(botSaid(h, thread.id).at(-1)).toMatch(/passed this to the team/);
		expect(await calls('still failing')).toBe(0);
		expect(await calls(`still broken:\n${BYOK_POST}`)).toBe(0);
		// A new error gets a new answer, phrased once.
		const answers = botSaid(h, thread.id).length;
		expect(
			await calls(
				"now on the direct API: openai.PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported'}}",
			),
		).toBe(1);
		expect(botSaid(h, thread.id)).toHaveLength(answers + 1);
		expect(botSaid(h, thread.id).at(-1)).toMatch(/^\*\*In short: .*(region|countr)/i);
	});

	it('an edit keeps an answer of the same cause without asking the LLM again; an ask edited into an answer is phrased', async () => {
		const { h, fake } = await start();
		const { sandbox } = h;
		const isEdit = (r: { method: string; path: string }) => r.method === 'PATCH' && /\/messages\/\d+$/.test(r.path);
		const handledEdits = () => h.logs.filter((l) => l.includes('edit handled')).length;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: BYOK_POST });
		await h.settle(message.id);
		expect(fake.chatRequests()).toHaveLength(1);
		const since = sandbox.requests.length;
		sandbox.editMessage({ channelId: thread.id, messageId: message.id, by: 'alice', content: `${BYOK_POST}\n(typo)` });
		const deadline = Date.now() + EVENTUALLY_MS;
		while (handledEdits() === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
		await h.app.bot.idle();
		expect(h.logs.some((l) => l.includes('EDIT_UNCHANGED'))).toBe(true);
		expect(sandbox.requests.slice(since).filter(isEdit)).toHaveLength(0);
		expect(fake.chatRequests()).toHaveLength(1);

		const other = sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: 'o3 gives me 403' });
		await h.settle(other.message.id);
		expect(fake.chatRequests()).toHaveLength(1);
		const before = sandbox.requests.length;
		sandbox.editMessage({ channelId: other.thread.id, messageId: other.message.id, by: 'alice', content: BYOK_POST });
		await sandbox.waitForRequest((r) => isEdit(r), { since: before });
		await h.app.bot.idle();
		expect(fake.chatRequests()).toHaveLength(2);
		expect(botSaid(h, other.thread.id)).toEqual([expect.stringMatching(/^\*\*In short: /)]);
	});

	it('falls back to the KB answer when the model cites a page the entry does not', async () => {
		const { h, fake } = await start();
		fake.respondWith(() => ({
			kind: 'json',
			value: { diagnosis: 'x', steps: ['y'], citations: ['https://evil.example/'], cause: 'byok_key_required' },
		}));
		const { thread, message } = h.sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: BYOK_POST });
		await h.settle(message.id);
		const answer = botSaid(h, thread.id)[0] ?? '';
		expect(answer).not.toMatch(/evil\.example/);
		expect(answer).toMatch(/\*\*Sources\*\*/);
	});

	it('falls back when the endpoint fails (500)', async () => {
		const { h, fake } = await start();
		fake.respondWith(() => ({ kind: 'error', status: 500 }));
		const { thread, message } = h.sandbox.createForumPost({ by: 'alice', title: 'o3 403', content: BYOK_POST });
		await h.settle(message.id);
		expect(botSaid(h, thread.id)[0]).toMatch(/\*\*Sources\*\*/);
	});

	it('says when the endpoint does not list the model the post names, and suggests the nearest ids', async () => {
		const { h, fake } = await start({ LLM_PHRASE: 'false', LLM_MODEL_CHECK: 'true' });
		fake.setModels(['openai/gpt-4o', 'openai/o3', 'anthropic/claude-3.5-sonnet']);
		const { thread, message } = h.sandbox.createForumPost({
			by: 'alice',
			title: 'o3 403',
			content: BYOK_POST.replace('model="openai/o3"', 'model="openai/o3x"'),
		});
		await h.settle(message.id);
		expect(botSaid(h, thread.id)[0]).toMatch(
			/`openai\/o3x` is not in the endpoint's model list; did you mean `openai\/o3`/,
		);
	});
});
