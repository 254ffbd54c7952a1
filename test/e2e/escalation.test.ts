import { afterEach, describe, expect, it } from 'vitest';
import { answeringAdvisor, type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { expectAddressOrForm, isDraft } from '../support/drafts.js';
import { waitFor } from '../support/eventually.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { botMessages, lastButton, resolveWithFirstGuess } from '../support/transcript.js';

let harness: BotHarness | undefined;
let smtp: TestSmtpServer | undefined;
/** Threads the tests opened; every escalation draft in them must name an email address or a web form. */
const threads: string[] = [];
afterEach(async () => {
	const drafts = threads.flatMap((id) =>
		harness === undefined ? [] : botMessages(harness.sandbox, id).filter((m) => isDraft(m.content)),
	);
	threads.length = 0;
	try {
		for (const d of drafts) expectAddressOrForm(d.content);
	} finally {
		await harness?.stop();
		await smtp?.close();
		harness = undefined;
		smtp = undefined;
	}
});

const NOTE_KEY = `sk-proj-${'Nt5Yq'.repeat(10)}Zz`;

async function answeredThread(h: BotHarness) {
	const { thread, message } = h.sandbox.createForumPost({ by: 'alice', title: 'Request not allowed', content: 'x' });
	threads.push(thread.id);
	await h.settle(message.id);
	return thread.id;
}

/** An answered thread its poster handed to the team with "Didn't help"; its queue message is posted. */
async function escalatedByPoster(h: BotHarness): Promise<{ threadId: string; mods: string }> {
	const threadId = await answeredThread(h);
	await h.sandbox.clickButton({ by: 'alice', ...lastButton(h.sandbox, threadId, "Didn't help") }).waitForCallback();
	const mods = h.sandbox.channelId('moderators');
	await waitFor(() => botMessages(h.sandbox, mods).length === 1, 'queue message');
	return { threadId, mods };
}

/** An answered thread a moderator handed to the team with `/doorman escalate`; its queue message is posted. */
async function escalatedByModerator(h: BotHarness): Promise<{ threadId: string; mods: string }> {
	const threadId = await answeredThread(h);
	await h.sandbox
		.slashCommand({ by: 'mod', name: 'doorman', subcommand: 'escalate', channelId: threadId })
		.waitForCallback();
	const mods = h.sandbox.channelId('moderators');
	await waitFor(() => botMessages(h.sandbox, mods).length === 1, 'queue message');
	return { threadId, mods };
}

describe('escalation to humans (real discord.js client ↔ sandbox)', () => {
	it("Didn't help: the thread gets a ready email, the tag, and the moderators get a queue message", async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor, env: { SUPPORT_EMAIL: 'help@router.test' } });
		const { sandbox } = harness;
		const threadId = await answeredThread(harness);
		const button = lastButton(sandbox, threadId, "Didn't help");
		await sandbox.clickButton({ by: 'alice', ...button }).waitForCallback();
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
		const draft = botMessages(sandbox, threadId).at(-1)?.content ?? '';
		expect(draft).toMatch(/passed this to the team/);
		expect(draft).toContain('**To:** support@openrouter.ai');
		expect(draft).toContain("**Cc:** help@router.test (this community's support desk)");
		expect(draft).toMatch(/```text/);
		await waitFor(() => sandbox.threadTags(threadId).includes('Escalated'), 'escalated tag');
		const queue = botMessages(sandbox, mods)[0];
		expect(queue?.buttons).toEqual(['Claim', 'Resolve', 'Dismiss', 'Unmute bot']);
		expect(queue?.content).toMatch(/Open/);
	});

	it('moderators work the queue with buttons; members are refused; the message is edited in place', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const { threadId, mods } = await escalatedByPoster(harness);
		const refused = await sandbox.clickButton({ by: 'bob', ...lastButton(sandbox, mods, 'Claim') }).waitForCallback();
		expect(refused.body).toMatchObject({ data: { flags: 64, content: expect.stringMatching(/Only moderators/) } });
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Claim') }).waitForCallback();
		await waitFor(() => /Claimed/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'claimed');
		expect(botMessages(sandbox, mods)).toHaveLength(1);
		await resolveWithFirstGuess(sandbox, mods);
		await waitFor(() => /Resolved/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'resolved');
		await waitFor(() => sandbox.threadTags(threadId).includes('Solved'), 'solved tag');
		expect(botMessages(sandbox, mods)[0]?.buttons).toEqual([]);
	});

	it('asking for a human escalates once, even when asked twice', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const threadId = await answeredThread(harness);
		const ask = sandbox.postMessage({
			channelId: threadId,
			by: 'alice',
			content: 'this is not it, can I talk to a human?',
		});
		await harness.settle(ask.id);
		const again = sandbox.postMessage({ channelId: threadId, by: 'alice', content: '!human' });
		await harness.settle(again.id);
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
		const handoffs = botMessages(sandbox, threadId).filter((m) => /passed this to the team/.test(m.content));
		expect(handoffs).toHaveLength(1);
		// No error in the thread: no vendor draft (no To:, no email text), and the answer is not posted again.
		expect(handoffs[0]?.content).not.toMatch(/\*\*To:\*\*|```/);
		expect(botMessages(sandbox, threadId).filter((m) => m.content === 'Do X.')).toHaveLength(1);
	});

	it('/escalations is for moderators; list, show and resolve work; /doorman escalate by a moderator', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const threadId = await answeredThread(harness);
		const denied = await sandbox
			.slashCommand({ by: 'alice', name: 'doorman', subcommand: 'escalate', channelId: threadId })
			.waitForCallback();
		expect(denied.body).toMatchObject({ data: { flags: 64 } });
		await sandbox
			.slashCommand({ by: 'mod', name: 'doorman', subcommand: 'escalate', channelId: threadId })
			.waitForCallback();
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
		// Registered with default_member_permissions (Manage Threads): Discord does not offer it to members.
		expect(sandbox.commands(sandbox.guildId).find((c) => c.name === 'escalations')?.default_member_permissions).toBe(
			String(1n << 34n),
		);
		expect(() =>
			sandbox.slashCommand({ by: 'alice', name: 'escalations', subcommand: 'list', channelId: mods }),
		).toThrow(/cannot use \/escalations/);
		const list = await sandbox
			.slashCommand({ by: 'mod', name: 'escalations', subcommand: 'list', channelId: mods })
			.waitForCallback();
		expect(list.body).toMatchObject({ data: { flags: 64, content: expect.stringMatching(/#1\*\* · open/) } });
		const show = await sandbox
			.slashCommand({ by: 'mod', name: 'escalations', subcommand: 'show', options: { id: 1 }, channelId: mods })
			.waitForCallback();
		expect(show.body).toMatchObject({ data: { content: expect.stringMatching(/Audit[\s\S]*escalated/) } });
		const missing = await sandbox
			.slashCommand({ by: 'mod', name: 'escalations', subcommand: 'show', options: { id: 99 }, channelId: mods })
			.waitForCallback();
		expect(missing.body).toMatchObject({ data: { content: 'There is no escalation #99.' } });
		await sandbox
			.slashCommand({
				by: 'mod',
				name: 'escalations',
				subcommand: 'resolve',
				// A moderator note goes through the one redaction engine too.
				options: { id: 1, cause: 'unsupported_region', note: `fixed: new key ${NOTE_KEY}` },
				channelId: mods,
			})
			.waitForCallback();
		await waitFor(() => /Resolved/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'queue edited after /resolve');
		expect(harness.app.db.prepare('SELECT note FROM escalations WHERE id = 1').pluck().get()).toBe(
			'fixed: new key [REDACTED:openai-project]',
		);
		const stored = harness.app.db.prepare('SELECT detail FROM escalation_audit').pluck().all();
		expect(JSON.stringify([stored, botMessages(sandbox, mods), harness.logs])).not.toContain(NOTE_KEY.slice(8));
	});

	it('after a hand-off, a member who mentions the bot gets a pointer and the thread stays Escalated', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const threadId = await answeredThread(harness);
		const ask = sandbox.postMessage({ channelId: threadId, by: 'alice', content: 'can I talk to a human?' });
		await harness.settle(ask.id);
		await waitFor(() => sandbox.threadTags(threadId).includes('Escalated'), 'escalated tag');
		const before = botMessages(sandbox, threadId).length;
		const mention = sandbox.postMessage({
			channelId: threadId,
			by: 'bob',
			content: `<@${sandbox.botUserId}> Error code: 403 - {'error': {'message': 'Request not allowed'}}`,
		});
		await harness.settle(mention.id);
		const added = botMessages(sandbox, threadId).slice(before);
		expect(added.map((m) => m.content)).toEqual([expect.stringMatching(/People are looking after this thread/)]);
		expect(added[0]?.buttons).toEqual([]);
		expect(sandbox.threadTags(threadId)).toEqual(['Escalated']);
		const row = harness.app.db.prepare('SELECT state FROM threads WHERE thread_id = ?').get(threadId);
		expect(row).toEqual({ state: 'escalated' });
		const open = harness.app.db.prepare("SELECT count(*) AS n FROM escalations WHERE status = 'open'").get();
		expect(open).toEqual({ n: 1 });
	});

	it('Email support sends the redacted summary over SMTP once', async () => {
		smtp = await startSmtpServer();
		harness = await startBotHarness({
			advisor: answeringAdvisor,
			env: {
				SMTP_HOST: smtp.host,
				SMTP_PORT: String(smtp.port),
				SMTP_FROM: 'Doorman <bot@community.test>',
				SMTP_REPLY_TO: 'mods@community.test',
			},
		});
		const { sandbox } = harness;
		const { mods } = await escalatedByPoster(harness);
		expect(botMessages(sandbox, mods)[0]?.buttons).toContain('Email support');
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Email support') }).waitForCallback();
		await waitFor(() => smtp?.received.length === 1, 'email');
		const mail = smtp.received[0];
		expect(mail?.headers.get('to')).toMatch(/support@openrouter\.ai/);
		expect(mail?.headers.get('reply-to')).toMatch(/mods@community\.test/);
		await waitFor(() => /Emailed/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'queue shows emailed');
		expect(botMessages(sandbox, mods)[0]?.buttons).not.toContain('Email support');
	});
});

describe('more moderator actions', () => {
	it('Dismiss closes the episode (no re-escalation, no re-posted answer); Unmute bot unmutes; /escalations reopen reopens', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const threadId = await answeredThread(harness);
		const mute = sandbox.postMessage({ channelId: threadId, by: 'alice', content: '!mute' });
		await harness.settle(mute.id);
		await sandbox
			.slashCommand({ by: 'mod', name: 'doorman', subcommand: 'escalate', channelId: threadId })
			.waitForCallback();
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Unmute bot') }).waitForCallback();
		await waitFor(() => harness?.app.db.prepare('SELECT muted FROM threads').pluck().get() === 0, 'unmuted');
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Dismiss') }).waitForCallback();
		await waitFor(() => /Dismissed/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'dismissed');
		const before = botMessages(sandbox, threadId).length;
		const later = sandbox.postMessage({ channelId: threadId, by: 'alice', content: 'still 403 after that' });
		await harness.settle(later.id);
		// One short note: neither the answer nor a draft again, and no second escalation.
		const after = botMessages(sandbox, threadId).slice(before);
		expect(after.map((m) => m.content)).toEqual([expect.stringMatching(/closed the hand-off/)]);
		expect(harness.app.db.prepare('SELECT COUNT(*) FROM escalations').pluck().get()).toBe(1);
		expect(botMessages(sandbox, mods)).toHaveLength(1);
		const reopened = await sandbox
			.slashCommand({ by: 'mod', name: 'escalations', subcommand: 'reopen', options: { id: 1 }, channelId: mods })
			.waitForCallback();
		expect(reopened.body).toMatchObject({ data: { flags: 64, content: expect.stringMatching(/#1 is now open/) } });
		await waitFor(() => sandbox.threadTags(threadId).includes('Escalated'), 'escalated again');
	});
});

describe('commands the bot does not know', () => {
	it('an unknown /escalations subcommand with an id is refused with an error and changes nothing', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox, app } = harness;
		const { threadId, mods } = await escalatedByModerator(harness);
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Dismiss') }).waitForCallback();
		await waitFor(() => /Dismissed/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'dismissed');
		await app.bot.idle();
		const snapshot = () => ({
			escalations: app.db.prepare('SELECT id, status, episode, mod_message_id FROM escalations').all(),
			audit: app.db.prepare('SELECT COUNT(*) FROM escalation_audit').pluck().get(),
			thread: app.db.prepare('SELECT state FROM threads WHERE thread_id = ?').get(threadId),
			queue: botMessages(sandbox, mods).map((m) => [m.content, m.buttons]),
			tags: sandbox.threadTags(threadId),
		});
		const before = snapshot();
		expect(before.escalations).toEqual([expect.objectContaining({ id: 1, status: 'dismissed' })]);
		// A subcommand the registered command does not have (a Discord client still showing a removed one, say).
		const unknown = await sandbox
			.slashCommand({ by: 'mod', name: 'escalations', subcommand: 'frobnicate', options: { id: 1 }, channelId: mods })
			.waitForCallback();
		expect(unknown.body).toMatchObject({
			data: { flags: 64, content: 'I do not know `/escalations frobnicate`: nothing was done.' },
		});
		await app.bot.idle();
		expect(snapshot()).toEqual(before);
		const logged = harness.logs.map((line) => JSON.parse(line)).find((l) => l.msg === 'unknown command: nothing done');
		expect(logged).toMatchObject({ level: 40, command: '/escalations frobnicate' });
	});
});

describe('interaction answers go through discordCall', () => {
	const CALLBACK = { method: 'POST', path: '/interactions/:id/:token/callback' } as const;
	const logLines = (h: BotHarness) =>
		h.logs.map((line) => JSON.parse(line) as { level: number; msg: string; op?: string; code?: number });

	it('a Claim Discord no longer knows (10062) is logged with its code at debug and does nothing', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox, app } = harness;
		const { mods } = await escalatedByModerator(harness);
		const expired = sandbox.respondOnce(CALLBACK, { status: 404, code: 10062, message: 'Unknown interaction' });
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Claim') }).waitForCallback();
		await waitFor(() => expired.isSpent, 'the refused acknowledgement');
		await app.bot.idle();
		// The presser saw the press fail: the claim is not taken (they can press again).
		expect(app.db.prepare('SELECT status FROM escalations WHERE id = 1').pluck().get()).toBe('open');
		expect(botMessages(sandbox, mods)[0]?.content).not.toMatch(/Claimed/);
		const lines = logLines(harness);
		expect(lines).toContainEqual(
			expect.objectContaining({
				level: 20,
				msg: 'discord call: expected failure',
				op: 'interaction-defer',
				code: 10062,
			}),
		);
		expect(lines.filter((l) => l.msg === 'interaction failed')).toEqual([]);
	});

	it('a refused reply (50013) is logged at warn with its code, never thrown to the dispatcher', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox, app } = harness;
		const mods = sandbox.channelId('moderators');
		const refused = sandbox.respondOnce(CALLBACK, { status: 403, code: 50013, message: 'Missing Permissions' });
		await sandbox
			.slashCommand({ by: 'mod', name: 'escalations', subcommand: 'list', channelId: mods })
			.waitForCallback();
		await waitFor(() => refused.isSpent, 'the refused reply');
		await app.bot.idle();
		const lines = logLines(harness);
		expect(lines).toContainEqual(
			expect.objectContaining({ level: 40, msg: 'discord call failed', op: 'interaction-reply', code: 50013 }),
		);
		expect(lines.filter((l) => l.msg === 'interaction failed')).toEqual([]);
	});
});

describe('a moderator resolves the hand-off', () => {
	it('Resolve closes the episode too: "still 403" gets a short note, asking for a person starts episode 2', async () => {
		harness = await startBotHarness({ advisor: answeringAdvisor });
		const { sandbox } = harness;
		const { threadId, mods } = await escalatedByPoster(harness);
		await resolveWithFirstGuess(sandbox, mods);
		await waitFor(() => /Resolved/.test(botMessages(sandbox, mods)[0]?.content ?? ''), 'resolved');
		const count = () => harness?.app.db.prepare('SELECT COUNT(*) FROM escalations').pluck().get();
		const before = botMessages(sandbox, threadId).length;
		const later = sandbox.postMessage({ channelId: threadId, by: 'alice', content: 'still 403 after that' });
		await harness.settle(later.id);
		expect(
			botMessages(sandbox, threadId)
				.slice(before)
				.map((m) => m.content),
		).toEqual([expect.stringMatching(/closed the hand-off/)]);
		expect(count()).toBe(1);
		const thanks = sandbox.postMessage({ channelId: threadId, by: 'alice', content: 'ok' });
		await harness.settle(thanks.id);
		expect(count()).toBe(1);
		const ask = sandbox.postMessage({ channelId: threadId, by: 'alice', content: 'can I talk to a human?' });
		await harness.settle(ask.id);
		expect(count()).toBe(2);
		expect(harness.app.db.prepare('SELECT episode FROM escalations ORDER BY id DESC').pluck().get()).toBe(2);
		await waitFor(() => botMessages(sandbox, mods).length === 2, 'second queue message');
	});
});

describe('email failures', () => {
	it('shows a refused email on the queue message, keeps it retryable, and never sends twice', async () => {
		smtp = await startSmtpServer({ rejectRecipient: { code: 550, message: 'mailbox unavailable' } });
		harness = await startBotHarness({
			advisor: answeringAdvisor,
			env: { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_FROM: 'bot@community.test' },
		});
		const { sandbox } = harness;
		const { mods } = await escalatedByPoster(harness);
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, 'Email support') }).waitForCallback();
		await waitFor(
			() => /550|refused|rejected|failed/i.test(botMessages(sandbox, mods)[0]?.content ?? ''),
			'failure shown',
		);
		expect(smtp.received).toHaveLength(0);
		expect(botMessages(sandbox, mods)[0]?.buttons.some((b) => /email/i.test(b))).toBe(true);
	});
});
