import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

/** The pages the bot's public reply links under **Sources**. */
const sourcesOf = (reply: string): string[] => {
	const sources = reply.slice(reply.indexOf('**Sources**'));
	return [...sources.matchAll(/\]\(<(https:[^>]+)>\)/g)].map((m) => m[1] ?? '');
};

/** Posts one forum thread through the local Discord and returns the bot's first public reply. */
async function firstReply(h: BotHarness, content: string): Promise<string> {
	const { thread, message } = h.sandbox.createForumPost({ by: 'alice', title: 'API error', content });
	await h.settle(message.id);
	const said = h.sandbox
		.transcript(thread.id)
		.filter((e) => e.isBot && e.visibleTo === undefined)
		.map((e) => e.content);
	return said[0] ?? '';
}

const OPENROUTER_ROUTING = 'https://openrouter.ai/docs/features/provider-routing';
const AZURE_ABUSE = 'https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/abuse-monitoring';
const OPENAI_401 = 'https://help.openai.com/en/articles/6891781-error-code-401-incorrect-api-key-provided';
const CLAUDE_ERRORS = 'https://platform.claude.com/docs/en/api/errors';

const AZURE_BLOCK =
	'"Your resource has been temporarily blocked because we detected behavior that may violate our content policy. For more details on Azure OpenAI service content policy, please visit https://aka.ms/aoaicodeofconduct"';

describe('an answer cites only the pages that hold on the route the request took', () => {
	it("leaves OpenRouter's routing page out of the answer to a direct Azure user, and keeps it through OpenRouter", async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const direct = await firstReply(
			harness,
			`${AZURE_BLOCK}\nmodel gpt-4o, client = AzureOpenAI(azure_endpoint="https://contoso.openai.azure.com/", api_version="2024-06-01")`,
		);
		expect(direct).toMatch(/abuse monitoring|content policy/i);
		expect(sourcesOf(direct)).toContain(AZURE_ABUSE);
		expect(direct).not.toContain(OPENROUTER_ROUTING);

		const viaRouter = await firstReply(
			harness,
			`${AZURE_BLOCK} model openai/gpt-4o via OpenRouter, base_url="https://openrouter.ai/api/v1"`,
		);
		expect(sourcesOf(viaRouter)).toEqual(expect.arrayContaining([AZURE_ABUSE, OPENROUTER_ROUTING]));
	});

	it("cites Anthropic's own page for Anthropic's 401 and OpenAI's for OpenAI's, never the other vendor's", async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const anthropic = await firstReply(
			harness,
			'anthropic.AuthenticationError: Error code: 401 - {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}\nclient = anthropic.Anthropic() model="claude-sonnet-4-5" base_url https://api.anthropic.com',
		);
		expect(sourcesOf(anthropic)).toEqual([CLAUDE_ERRORS]);
		expect(anthropic).not.toContain('help.openai.com');

		const openai = await firstReply(
			harness,
			"openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-****. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}\nclient = OpenAI() model=\"gpt-4o\"",
		);
		expect(sourcesOf(openai)).toEqual([OPENAI_401]);
		expect(openai).not.toContain('platform.claude.com');
	});
});
