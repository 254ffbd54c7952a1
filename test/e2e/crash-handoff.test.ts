import { describe, expect, it } from 'vitest';
import type { MatchableRequest } from '../../src/sandbox/index.js';
import { type ChildBot, type ChildBotWorld, useChildBotWorlds } from '../support/child-bot.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { botMessages, lastButton } from '../support/transcript.js';

/**
 * Exactly once past Discord's memory: the bot (a child process, `doorman start`) is killed with SIGKILL at a state
 * chosen by the test, not at a random moment, and restarted at once or after Discord's nonce memory lapsed (the
 * sandbox clock moved past it). Every side effect of the hand-off must end up on Discord exactly once.
 */

const POST =
	"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported'}}\nclient = OpenAI()  # model gpt-4o";
const HANDOFF = /passed this to the team/;
/** Past Discord's nonce memory (5 minutes in the sandbox). */
const PAST_NONCE_WINDOW_MS = 6 * 60_000;

const childBotWorld = useChildBotWorlds();

/** A start on a loaded machine (several test runs sharing two cores) can take most of this. */
const START_TIMEOUT_MS = 45_000;

interface World extends ChildBotWorld {
	readonly smtp: TestSmtpServer;
	/** Starts the bot and waits until it settled what the last run left unfinished. */
	start(): Promise<ChildBot>;
	botMessages(channelId: string): { id: string; content: string }[];
	button(channelId: string, label: string): { messageId: string; customId: string };
}

async function world(extraEnv: Record<string, string> = {}): Promise<World> {
	const smtp = await startSmtpServer();
	const base = await childBotWorld({
		env: (sandbox) => ({
			MODERATOR_CHANNEL_ID: sandbox.channelId('moderators'),
			SUPPORT_EMAIL: 'desk@community.test',
			SMTP_HOST: smtp.host,
			SMTP_PORT: String(smtp.port),
			SMTP_SECURE: 'false',
			SMTP_FROM: 'Doorman <bot@community.test>',
			...extraEnv,
		}),
		close: () => smtp.close(),
	});
	// Not spread: that would read `bot` before any start.
	return {
		sandbox: base.sandbox,
		dir: base.dir,
		db: base.db,
		waitUntil: base.waitUntil,
		readDb: base.readDb,
		get bot() {
			return base.bot;
		},
		smtp,
		start: () => base.start(/unfinished hand-offs from the last run settled/, START_TIMEOUT_MS),
		botMessages: (channelId) => botMessages(base.sandbox, channelId),
		button: (channelId, label) => lastButton(base.sandbox, channelId, label),
	};
}

/** The owner's post, answered by the bot. */
async function answeredThread(w: World): Promise<string> {
	const { thread } = w.sandbox.createForumPost({ by: 'alice', title: '403 on gpt-4o', content: POST });
	await w.waitUntil(() => w.botMessages(thread.id).length === 1, 'the answer');
	return thread.id;
}

const askForHuman = (w: World, threadId: string) =>
	w.sandbox.postMessage({ channelId: threadId, by: 'alice', content: 'can I talk to a human?' });

const isHandOffReply =
	(threadId: string) =>
	(r: MatchableRequest): boolean =>
		r.method === 'POST' &&
		r.path === `/channels/${threadId}/messages` &&
		HANDOFF.test(String((r.body as { content?: unknown } | undefined)?.content ?? ''));

const isQueuePost =
	(w: World) =>
	(r: MatchableRequest): boolean =>
		r.method === 'POST' && r.path === `/channels/${w.sandbox.channelId('moderators')}/messages`;

const handOffs = (w: World, threadId: string) => w.botMessages(threadId).filter((m) => HANDOFF.test(m.content));
const queueMessages = (w: World) => w.botMessages(w.sandbox.channelId('moderators'));

/** One answer and one hand-off in the thread, one queue message, and the ledger settled. */
function expectExactlyOnce(w: World, threadId: string): void {
	expect(handOffs(w, threadId)).toHaveLength(1);
	expect(w.botMessages(threadId)).toHaveLength(2);
	const queue = queueMessages(w);
	expect(queue).toHaveLength(1);
	expect(queue[0]?.content).toMatch(/^\*\*Escalation #1\*\*/);
	w.readDb((db) => {
		expect(db.prepare("SELECT count(*) AS n FROM bot_replies WHERE status = 'pending'").get()).toEqual({ n: 0 });
		expect(db.prepare('SELECT mod_message_id FROM escalations').all()).toEqual([{ mod_message_id: queue[0]?.id }]);
	});
}

async function restartBot(w: World, restart: Restart): Promise<void> {
	await w.bot.kill('SIGKILL');
	if (restart === 'after the nonce window') w.sandbox.advanceClock(PAST_NONCE_WINDOW_MS);
	await w.start();
}

type Restart = 'at once' | 'after the nonce window';

describe('exactly once past Discord’s memory (SIGKILL at a state the test picks, then a restart)', () => {
	for (const restart of ['at once', 'after the nonce window'] as const) {
		it(`killed after Discord stored the hand-off reply, restarted ${restart}`, async () => {
			const w = await world();
			await w.start();
			const threadId = await answeredThread(w);
			const held = w.sandbox.holdRequest(isHandOffReply(threadId), 'after-route');
			askForHuman(w, threadId);
			await held.reached;
			// Discord holds the reply; the bot never learnt it, so its intent is still pending.
			expect(handOffs(w, threadId)).toHaveLength(1);
			await restartBot(w, restart);
			await w.waitUntil(() => queueMessages(w).length > 0, 'the queue message');
			expectExactlyOnce(w, threadId);
		}, 150_000);

		it(`killed between the hand-off reply and the queue message, restarted ${restart}`, async () => {
			const w = await world();
			await w.start();
			const threadId = await answeredThread(w);
			const held = w.sandbox.holdRequest(isQueuePost(w), 'before-route');
			askForHuman(w, threadId);
			await held.reached;
			expect(queueMessages(w)).toHaveLength(0);
			await restartBot(w, restart);
			expectExactlyOnce(w, threadId);
		}, 150_000);

		it(`killed after Discord stored the queue message, before the bot recorded it, restarted ${restart}`, async () => {
			const w = await world();
			await w.start();
			const threadId = await answeredThread(w);
			const held = w.sandbox.holdRequest(isQueuePost(w), 'after-route');
			askForHuman(w, threadId);
			await held.reached;
			expect(queueMessages(w)).toHaveLength(1);
			await restartBot(w, restart);
			expectExactlyOnce(w, threadId);
		}, 150_000);

		// The hand-off a button causes ("Didn't help") is on the same ledger as one a message causes.
		it(`"Didn't help" killed before Discord got the hand-off reply, restarted ${restart}`, async () => {
			const w = await world();
			await w.start();
			const threadId = await answeredThread(w);
			const held = w.sandbox.holdRequest(isHandOffReply(threadId), 'before-route');
			w.sandbox.clickButton({ by: 'alice', ...w.button(threadId, "Didn't help") });
			await held.reached;
			expect(handOffs(w, threadId)).toHaveLength(0);
			await restartBot(w, restart);
			await w.waitUntil(() => handOffs(w, threadId).length > 0, 'the hand-off reply');
			await w.waitUntil(() => queueMessages(w).length > 0, 'the queue message');
			expectExactlyOnce(w, threadId);
		}, 150_000);

		it(`"Didn't help" killed after Discord stored the hand-off reply, restarted ${restart}`, async () => {
			const w = await world();
			await w.start();
			const threadId = await answeredThread(w);
			const held = w.sandbox.holdRequest(isHandOffReply(threadId), 'after-route');
			w.sandbox.clickButton({ by: 'alice', ...w.button(threadId, "Didn't help") });
			await held.reached;
			expect(handOffs(w, threadId)).toHaveLength(1);
			await restartBot(w, restart);
			await w.waitUntil(() => queueMessages(w).length > 0, 'the queue message');
			expectExactlyOnce(w, threadId);
		}, 150_000);

		it(`/doorman escalate killed between the hand-off reply and the queue message, restarted ${restart}`, async () => {
			const w = await world();
			await w.start();
			const threadId = await answeredThread(w);
			const held = w.sandbox.holdRequest(isQueuePost(w), 'before-route');
			w.sandbox.slashCommand({ by: 'mod', name: 'doorman', subcommand: 'escalate', channelId: threadId });
			await held.reached;
			expect(handOffs(w, threadId)).toHaveLength(1);
			expect(queueMessages(w)).toHaveLength(0);
			await restartBot(w, restart);
			await w.waitUntil(() => queueMessages(w).length > 0, 'the queue message');
			expectExactlyOnce(w, threadId);
		}, 150_000);

		it(`killed during the email send, restarted ${restart}: at most one email, and the moderators are told`, async () => {
			const w = await world();
			await w.start();
			const threadId = await answeredThread(w);
			askForHuman(w, threadId);
			await w.waitUntil(() => queueMessages(w).length === 1, 'the queue message');
			const held = w.smtp.holdNextReply();
			w.sandbox.clickButton({ by: 'mod', ...w.button(w.sandbox.channelId('moderators'), 'Email desk') });
			await held.reached;
			// The SMTP server has the message (the worst case: it is delivered), the bot never heard back.
			expect(w.smtp.received).toHaveLength(1);
			await restartBot(w, restart);
			expectExactlyOnce(w, threadId);
			expect(w.smtp.received).toHaveLength(1);
			const row = w.readDb((db) =>
				db.prepare('SELECT email_failure_code, email_in_flight_since, next_email_attempt_at FROM escalations').get(),
			);
			expect(row).toEqual({
				email_failure_code: 'INTERRUPTED',
				email_in_flight_since: null,
				next_email_attempt_at: null,
			});
			const queue = w.sandbox.transcript(w.sandbox.channelId('moderators'))[0];
			expect(queue?.content).toMatch(/may not have been sent.*Check the support inbox .* before resending/);
			expect(queue?.components.map((c) => c.label)).toContain('Resend email (check inbox first)');
			expect(w.smtp.received[0]?.headers.get('message-id')).toMatch(
				/^<doorman-escalation-1-\d+\.\d+@community\.test>$/,
			);
		}, 150_000);
	}
});

/** A made-up OpenAI project key, assembled at run time (no key-shaped literal in the repository). */
const KEY = `sk-proj-${'Zx9Qw'.repeat(10)}Aa`;
const isKeyRepost = (r: MatchableRequest): boolean =>
	r.method === 'POST' && /^key\d+$/.test(String((r.body as { nonce?: unknown } | undefined)?.nonce ?? ''));
const isDeleteOf = (threadId: string, messageId: string) => (r: MatchableRequest) =>
	r.method === 'DELETE' && r.path === `/channels/${threadId}/messages/${messageId}`;

const pendingEffects = (w: World) => w.readDb((db) => db.prepare('SELECT kind, target FROM discord_effects').all());

/** The bot's messages in a thread that repost a member's message redacted. */
const reposts = (w: World, threadId: string) => w.botMessages(threadId).filter((m) => m.content.includes('[REDACTED:'));

/** Ends the bot at the held request: SIGKILL, or SIGTERM with a stop grace period that runs out on it. */
/** The owner pastes a key in an answered thread; Discord holds the bot's delete of that message before it lands. */
async function postKeyAndHoldItsDelete(w: World, threadId: string): Promise<{ id: string }> {
	const leak = w.sandbox.postMessage({
		channelId: threadId,
		by: 'alice',
		content: `still 403 with this key: OPENAI_API_KEY=${KEY}`,
	});
	await w.sandbox.holdRequest(isDeleteOf(threadId, leak.id), 'before-route').reached;
	return leak;
}

async function cutShort(w: World, how: 'SIGKILL' | 'SIGTERM', restart: Restart = 'at once'): Promise<void> {
	if (how === 'SIGTERM') expect(await w.bot.kill('SIGTERM')).toBe(0);
	await restartBot(w, restart);
}

describe('tag changes and key removals cut short are finished on the next start', () => {
	for (const how of ['SIGKILL', 'SIGTERM'] as const) {
		it(`${how} before Discord set the post's tag: the next start sets it`, async () => {
			const w = await world({ STOP_GRACE_MS: '300' });
			await w.start();
			const held = w.sandbox.holdRequest(
				(r) => r.method === 'PATCH' && /^\/channels\/\d+$/.test(r.path) && 'applied_tags' in ((r.body as object) ?? {}),
				'before-route',
			);
			const { thread } = w.sandbox.createForumPost({ by: 'alice', title: '403 on gpt-4o', content: POST });
			const request = await held.reached;
			expect(request.path).toBe(`/channels/${thread.id}`);
			expect(w.botMessages(thread.id)).toHaveLength(1);
			expect(w.sandbox.threadTags(thread.id)).toEqual([]);
			expect(pendingEffects(w)).toEqual([{ kind: 'forum_tags', target: thread.id }]);
			await cutShort(w, how);
			await w.waitUntil(() => w.sandbox.threadTags(thread.id).includes('Answered'), 'the tag');
			await w.waitUntil(() => pendingEffects(w).length === 0, 'the effect marked done');
			expect(w.botMessages(thread.id)).toHaveLength(1);
		}, 150_000);
	}

	it('killed after Discord stored the hand-off reply, before the tag: the next start sets Escalated', async () => {
		const w = await world();
		await w.start();
		const threadId = await answeredThread(w);
		await w.waitUntil(() => w.sandbox.threadTags(threadId).includes('Answered'), 'the answer tag');
		const held = w.sandbox.holdRequest(isHandOffReply(threadId), 'after-route');
		askForHuman(w, threadId);
		await held.reached;
		await restartBot(w, 'after the nonce window');
		await w.waitUntil(() => w.sandbox.threadTags(threadId).includes('Escalated'), 'the Escalated tag');
		await w.waitUntil(() => queueMessages(w).length > 0, 'the queue message');
		expectExactlyOnce(w, threadId);
		expect(w.sandbox.threadTags(threadId)).not.toContain('Answered');
	}, 150_000);

	for (const [how, restart] of [
		['SIGKILL', 'at once'],
		['SIGKILL', 'after the nonce window'],
		['SIGTERM', 'at once'],
	] as const) {
		it(`${how} before Discord deleted a message holding a key, restarted ${restart}: the next start deletes it`, async () => {
			const w = await world({ STOP_GRACE_MS: '300' });
			await w.start();
			const threadId = await answeredThread(w);
			const leak = await postKeyAndHoldItsDelete(w, threadId);
			// Reposted redacted and answered; the original (with the key) is still there, its removal recorded.
			expect(reposts(w, threadId)).toHaveLength(1);
			const before = w.botMessages(threadId).length;
			expect(pendingEffects(w)).toEqual([{ kind: 'key_removal', target: leak.id }]);
			await cutShort(w, how, restart);
			await w.waitUntil(() => !w.sandbox.messages(threadId).some((m) => m.id === leak.id), 'the message deleted');
			await w.waitUntil(() => pendingEffects(w).length === 0, 'the removal marked done');
			expect(reposts(w, threadId)).toHaveLength(1);
			expect(w.botMessages(threadId)).toHaveLength(before);
		}, 150_000);
	}

	it('killed before Discord deleted a message holding a key, and the bot may no longer read it: the moderators are told', async () => {
		const w = await world();
		await w.start();
		const threadId = await answeredThread(w);
		const leak = await postKeyAndHoldItsDelete(w, threadId);
		await w.bot.kill('SIGKILL');
		// While the bot was down its access to the message was taken away.
		w.sandbox.respondOnce((r) => r.method === 'GET' && r.path === `/channels/${threadId}/messages/${leak.id}`, {
			status: 403,
			code: 50001,
			message: 'Missing Access',
		});
		await w.start();
		const notice = new RegExp(
			`^🔒 Message ${leak.id} in <#${threadId}> holds an API key\\. Removing it was cut short by a restart`,
		);
		const notices = () => queueMessages(w).filter((m) => notice.test(m.content));
		await w.waitUntil(() => notices().length > 0, 'the moderators told');
		await w.waitUntil(() => pendingEffects(w).length === 0, 'the removal settled');
		expect(notices()).toHaveLength(1);
		expect(queueMessages(w).some((m) => m.content.includes(KEY))).toBe(false);
	}, 150_000);

	for (const restart of ['at once', 'after the nonce window'] as const) {
		it(`killed after Discord stored the redacted repost, restarted ${restart}: no second repost, the key deleted, one answer`, async () => {
			const w = await world();
			await w.start();
			const held = w.sandbox.holdRequest(isKeyRepost, 'after-route');
			const { thread, message } = w.sandbox.createForumPost({
				by: 'alice',
				title: '403 on gpt-4o',
				content: `${POST}\nOPENAI_API_KEY=${KEY}`,
			});
			await held.reached;
			expect(reposts(w, thread.id)).toHaveLength(1);
			await restartBot(w, restart);
			await w.waitUntil(() => !w.sandbox.messages(thread.id).some((m) => m.id === message.id), 'the starter deleted');
			await w.waitUntil(() => w.botMessages(thread.id).length >= 2, 'the answer');
			await w.waitUntil(() => pendingEffects(w).length === 0, 'the effects marked done');
			expect(reposts(w, thread.id)).toHaveLength(1);
			expect(w.botMessages(thread.id)).toHaveLength(2);
			expect(w.sandbox.threadTags(thread.id)).toContain('Answered');
		}, 150_000);
	}
});
