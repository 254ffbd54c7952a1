import { afterEach, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { botSaid } from '../support/transcript.js';
import { longLog } from '../unit/triage/long-log.js';

let harness: BotHarness | undefined;
afterEach(async () => {
	await harness?.stop();
	harness = undefined;
});

describe('a long message.txt, through Discord', () => {
	it('answers the error at the end of a 109 KB log instead of asking for it, and says what it skipped', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const log = longLog(109 * 1024, 'end', {
			code: 'client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.environ["OPENROUTER_API_KEY"])',
		});
		expect(log.length).toBeGreaterThan(100 * 1024);
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'o3 stopped working',
			content: 'My agent crashes after a while, full log attached',
			attachments: [{ filename: 'message.txt', content: log }],
		});
		await harness.settle(message.id);
		const [reply = ''] = botSaid(harness, thread.id);
		expect(reply).toMatch(/BYOK|own provider API key/i);
		// It found the body in the file, so it does not ask for it.
		expect(reply).not.toMatch(/\*\*The full error body\*\*|could you post the full error/i);
		expect(reply).toMatch(
			/^-# `message\.txt` is 109 KB: I read the first 1\d KB and the last 4\d KB; the middle \d+ KB was skipped\.$/m,
		);
		expect(reply.length).toBeLessThanOrEqual(2000);
		expect(sandbox.threadTags(thread.id)).toEqual(['Answered']);
	});
});
