import type { Scenario } from './scenario.js';

/**
 * The built-in demo: the seed thread (a 403 through OpenRouter, then an Azure content-policy block that persists, so
 * it is handed to people) played the way Doorman should handle it, plus a second post with everything in it.
 */
export const DEMO_SCENARIO: Scenario = {
	members: [
		{ name: 'vast-obsidian', roles: [] },
		{ name: 'sam', roles: [] },
		{ name: 'mo', roles: ['moderator'] },
	],
	steps: [
		{
			post: {
				by: 'vast-obsidian',
				title: '403 Forbidden Error',
				content: 'I keep getting 403 Forbidden. Any idea?',
				attachments: [],
			},
		},
		{
			reply: {
				by: 'vast-obsidian',
				content: [
					'Shortly after the 403 error, I received a new message:',
					'"Your resource has been temporarily blocked because we detected behavior that may violate our content policy. For more details on Azure OpenAI service content policy, please visit https://aka.ms/aoaicodeofconduct"',
					'Model is openai/gpt-4o through OpenRouter, plain openai python client with base_url="https://openrouter.ai/api/v1".',
				].join('\n'),
				attachments: [],
			},
		},
		// Only the vendor can lift the block, but the poster hears the fix first; the hand-off follows when it persists.
		{ reply: { by: 'vast-obsidian', content: "I waited a few hours and it's still blocked.", attachments: [] } },
		{
			post: {
				by: 'sam',
				title: 'o3 gives 403 via OpenRouter',
				content: [
					'```python',
					'from openai import OpenAI',
					'client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.environ["OPENROUTER_API_KEY"])',
					'client.chat.completions.create(model="openai/o3", messages=[{"role": "user", "content": "hi"}])',
					'```',
					"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to gpt-5-chat or gpt-5-mini.', 'code': 403}, 'user_id': 'user_2abc'}",
				].join('\n'),
				attachments: [],
			},
		},
		{ reply: { by: 'sam', content: '!mute', attachments: [] } },
		{ reply: { by: 'sam', content: 'thanks, adding my key now', attachments: [] } },
	],
};
