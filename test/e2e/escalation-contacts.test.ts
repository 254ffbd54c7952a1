import { afterEach, describe, expect, it } from 'vitest';
import { command as escalationsCli } from '../../src/cli/commands/escalations.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { escalationRepository } from '../../src/store/escalations.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { captureIo } from '../support/capture-io.js';
import { expectAddressOrForm } from '../support/drafts.js';
import { waitFor } from '../support/eventually.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { botMessages, lastButton } from '../support/transcript.js';

let harness: BotHarness | undefined;
let smtp: TestSmtpServer | undefined;
afterEach(async () => {
	await harness?.stop();
	await smtp?.close();
	harness = undefined;
	smtp = undefined;
});

const DESK = 'desk@community.test';
const BYOK_ERROR =
	"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to gpt-5-chat or gpt-5-mini.', 'code': 403}, 'user_id': 'user_2abc'}";
const AZURE_BLOCK =
	'Your resource has been temporarily blocked because we detected behavior that may violate our content policy. For more details on Azure OpenAI service content policy, please visit https://aka.ms/aoaicodeofconduct';

/** The ready-to-send draft the bot posted in the thread. */
const draftIn = (sandbox: Sandbox, threadId: string): string =>
	botMessages(sandbox, threadId)
		.map((m) => m.content)
		.filter((c) => /passed this to the team/.test(c))
		.at(-1) ?? '';

const stored = (h: BotHarness) => escalationRepository(h.app.db).list({ limit: 10, offset: 0 });

/** A draft without its "In the poster's words" block (the heading and the indented quote under it). */
const withoutPosterWords = (text: string): string =>
	text.replace(/In the poster's words \(quoted as written\):\n(?: {4}.*(?:\n|$))*/g, '');

describe('escalations go to the party that can act (kb/vendors), with the whole thread read', () => {
	it("OpenRouter BYOK thread, Didn't help: byok_key_required, To: support@openrouter.ai, Route: openrouter, the real error body", async () => {
		smtp = await startSmtpServer();
		harness = await startBotHarness({
			advisor: 'kb',
			env: { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_FROM: 'bot@community.test', SUPPORT_EMAIL: DESK },
		});
		const { sandbox } = harness;
		// The first post alone reads as a usage-tier question; the error that identifies the cause comes later.
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'o3 403 on OpenRouter',
			content:
				'I get 403 when calling o3 through OpenRouter. My OpenAI account is usage tier 2, is o3 gated by tier? Do I need organization verification?',
		});
		await harness.settle(message.id);
		const more = sandbox.postMessage({
			channelId: thread.id,
			by: 'alice',
			content: 'Here is the full error and my code',
			attachments: [
				{
					filename: 'message.txt',
					content: [
						'from openai import OpenAI',
						'client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key=os.environ["OPENROUTER_API_KEY"])',
						'client.chat.completions.create(model="openai/o3", messages=[{"role": "user", "content": "hi"}])',
						'Traceback (most recent call last):',
						'  File "app.py", line 3, in <module>',
						BYOK_ERROR,
					].join('\n'),
				},
			],
		});
		await harness.settle(more.id);
		expect(botMessages(sandbox, thread.id).at(-1)?.content).toMatch(/BYOK|own provider API key/i);
		// The answer's contact line comes from the vendor record of the router that served the request.
		expect(botMessages(sandbox, thread.id).at(-1)?.content).toContain(
			'contact OpenRouter support (support@openrouter.ai)',
		);
		await sandbox.clickButton({ by: 'alice', ...lastButton(sandbox, thread.id, "Didn't help") }).waitForCallback();
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');

		const [escalation] = stored(harness);
		expect(escalation?.cause).toBe('byok_key_required');
		expect(escalation?.supportTo).toBe('support@openrouter.ai');
		expect(escalation?.summary.route).toBe('openrouter');
		expect(escalation?.summary.contact).toMatchObject({ party: { id: 'openrouter' }, cc: DESK });
		expect(escalation?.summary.error?.excerpt).toContain('OpenAI is requiring a key to access this model');
		expect(escalation?.emailBody).toContain('Route: openrouter');

		const draft = draftIn(sandbox, thread.id);
		expectAddressOrForm(draft);
		expect(draft).toContain('**To:** support@openrouter.ai');
		expect(draft).toContain(`**Cc:** ${DESK}`);
		expect(draft).toContain('Route: openrouter');
		expect(draft).toContain('OpenAI is requiring a key to access this model');
		// Nothing of another cause or vendor outside the poster's own words, which are quoted as written.
		expect(withoutPosterWords(draft)).not.toMatch(/help\.openai\.com|usage tier/i);

		const queue = botMessages(sandbox, mods)[0];
		expect(queue?.content).toMatch(/Likely cause:\*\* OpenRouter serves this model only with your own provider key/);
		expect(queue?.content).toContain('**To:** support@openrouter.ai (OpenRouter) · **Cc:** desk@community.test');
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Email support') }).waitForCallback();
		await waitFor(() => smtp?.received.length === 1, 'email');
		const mail = smtp.received[0];
		expect(mail?.headers.get('to')).toBe('support@openrouter.ai');
		expect(mail?.headers.get('cc')).toBe(DESK);
		expect(mail?.envelopeTo).toEqual(['support@openrouter.ai', DESK]);
		expect(mail?.text).toContain('OpenAI is requiring a key to access this model');
	});

	it('the seed thread: the draft quotes the Azure message (not "I keep getting 403 Forbidden") and goes to OpenRouter', async () => {
		harness = await startBotHarness({ advisor: 'kb' });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: '403 Forbidden Error',
			content: 'I keep getting 403 Forbidden. Any idea?',
		});
		await harness.settle(message.id);
		const reply = sandbox.postMessage({
			channelId: thread.id,
			by: 'alice',
			content: [
				'Shortly after the 403 error, I received a new message:',
				`"${AZURE_BLOCK}"`,
				'Model is openai/gpt-4o through OpenRouter, plain openai python client with base_url="https://openrouter.ai/api/v1".',
			].join('\n'),
		});
		await harness.settle(reply.id);
		// A vendor-needed cause is answered first; it escalates once the poster tried the fix and it still fails.
		expect(stored(harness)).toHaveLength(0);
		const answer = botMessages(sandbox, thread.id).at(-1)?.content ?? '';
		expect(answer).toContain('contact OpenRouter support (support@openrouter.ai)');
		const still = sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'still blocked after waiting' });
		await harness.settle(still.id);
		const draft = draftIn(sandbox, thread.id);
		expectAddressOrForm(draft);
		expect(draft).toContain('**To:** support@openrouter.ai');
		const body = draft.slice(draft.indexOf('Error:'));
		expect(body).toContain(`Message: ${AZURE_BLOCK}`);
		expect(body).toMatch(/Error body \(excerpt\):\n {4}Your resource has been temporarily blocked/);
		// The vague line is only the poster's quote, never the error the draft reports.
		expect(withoutPosterWords(body)).not.toContain('I keep getting 403 Forbidden');
		expect(body).toContain("In the poster's words (quoted as written):\n    I keep getting 403 Forbidden.");
		expect(body).not.toMatch(/Message: Forbidden/);
		const [escalation] = stored(harness);
		expect(escalation?.summary.error?.message).toBe(AZURE_BLOCK);
		expect(escalation?.trigger).toBe('vendor_needed');
	});

	it('an OpenAI account-deactivated case: never Google; "Submit at <URL>" and no email button (form-only vendor)', async () => {
		smtp = await startSmtpServer();
		harness = await startBotHarness({
			advisor: 'kb',
			env: { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_FROM: 'bot@community.test' },
		});
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'Your account has been deactivated',
			content: [
				'```python',
				'client = OpenAI()',
				'client.chat.completions.create(model="gpt-4o", messages=msgs)',
				'```',
				'openai.AuthenticationError: Error code: 401 - {"error":{"message":"The OpenAI account associated with this API key has been deactivated. If you are the developer for this OpenAI app, please check your email for more information.","type":"invalid_request_error","param":null,"code":"account_deactivated"}}',
			].join('\n'),
		});
		await harness.settle(message.id);
		const answer = botMessages(sandbox, thread.id)[0]?.content ?? '';
		expect(answer).toContain('contact OpenAI support at <https://help.openai.com/');
		expect(answer).not.toMatch(/google|gemini/i);
		if (draftIn(sandbox, thread.id) === '') {
			await sandbox.clickButton({ by: 'alice', ...lastButton(sandbox, thread.id, "Didn't help") }).waitForCallback();
		}
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
		const draft = draftIn(sandbox, thread.id);
		expectAddressOrForm(draft);
		expect(draft).toMatch(
			/OpenAI takes support requests through a web form[\s\S]*Submit at <https:\/\/help\.openai\.com\//,
		);
		expect(draft).not.toContain('**To:**');
		const [escalation] = stored(harness);
		expect(escalation?.supportTo).toBeNull();
		expect(escalation?.summary.contact?.party?.id).toBe('openai');
		expect(`${draft}${JSON.stringify(escalation)}${botMessages(sandbox, mods)[0]?.content}`).not.toMatch(
			/google|gemini|vertex/i,
		);
		const queue = botMessages(sandbox, mods)[0];
		expect(queue?.buttons).not.toContain('Email support');
		expect(queue?.buttons).not.toContain('Email desk');
		expect(queue?.content).toMatch(/OpenAI has only a web form: Submit at <https:\/\/help\.openai\.com\//);

		const io = captureIo(harness.dataDir);
		expect(
			await escalationsCli.run(['show', String(escalation?.id), '--db', `${harness.dataDir}/doorman.db`], io),
		).toBe(0);
		expect(io.out()).toMatch(/To: +no email address \(no email button\)/);
		expect(io.out()).toMatch(/Web form: +OpenAI: Submit at https:\/\/help\.openai\.com\//);
		expect(smtp.received).toEqual([]);
	});

	it('with a desk set, a form-only vendor goes To: the desk alone, still naming the form', async () => {
		smtp = await startSmtpServer();
		harness = await startBotHarness({
			advisor: 'kb',
			env: { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_FROM: 'bot@community.test', SUPPORT_EMAIL: DESK },
		});
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'account deactivated',
			content:
				'client = OpenAI(base_url="https://api.openai.com/v1") model gpt-4o\n{"error":{"message":"The OpenAI account associated with this API key has been deactivated.","type":"invalid_request_error","param":null,"code":"account_deactivated"}}',
		});
		await harness.settle(message.id);
		const answer = botMessages(sandbox, thread.id)[0]?.content ?? '';
		expect(answer).toContain('contact OpenAI support at <https://help.openai.com/');
		expect(answer).not.toMatch(/google|gemini/i);
		if (draftIn(sandbox, thread.id) === '') {
			await sandbox.clickButton({ by: 'alice', ...lastButton(sandbox, thread.id, "Didn't help") }).waitForCallback();
		}
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
		const draft = draftIn(sandbox, thread.id);
		expectAddressOrForm(draft);
		expect(draft).toContain(`**To:** ${DESK} (this community's support desk)`);
		expect(draft).toContain('Submit at <https://help.openai.com/');
		expect(botMessages(sandbox, mods)[0]?.buttons).toContain('Email desk');
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Email desk') }).waitForCallback();
		await waitFor(() => smtp?.received.length === 1, 'email');
		expect(smtp.received[0]?.envelopeTo).toEqual([DESK]);
		expect(smtp.received[0]?.text).toContain('Submit at https://help.openai.com/');
	});
});
