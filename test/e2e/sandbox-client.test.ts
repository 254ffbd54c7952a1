import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	ChannelType,
	type Client,
	Events,
	type Interaction,
	type Message,
	MessageFlags,
	type TextChannel,
	type ThreadChannel,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RecordedRequest, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { nextEvent, startClient, stopClient, withTimeout } from '../sandbox/client-harness.js';

interface BotLog {
	readonly newThreads: string[];
	/** Errors thrown by handlers; a test bot must not swallow them silently. */
	readonly errors: unknown[];
}

/**
 * A tiny inline bot (not project code): replies in forum threads with a button, echoes attachment
 * text, answers /ping ephemerally, and on the "solve" button tags the thread Solved and archives it.
 */
function installBot(client: Client, log: BotLog): void {
	const guard = (work: Promise<unknown>) => {
		work.catch((error: unknown) => log.errors.push(error));
	};
	client.on(Events.ThreadCreate, (thread, newlyCreated) => {
		if (newlyCreated && thread.parent?.type === ChannelType.GuildForum) log.newThreads.push(thread.id);
	});
	client.on(Events.MessageCreate, (message) => guard(onMessage(message)));
	client.on(Events.InteractionCreate, (interaction) => guard(onInteraction(interaction)));
}

async function onMessage(message: Message): Promise<void> {
	if (message.author.bot || !message.channel.isThread()) return;
	const attachment = message.attachments.first();
	const extra = attachment ? ` | file: ${await (await fetch(attachment.url)).text()}` : '';
	const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
		new ButtonBuilder().setCustomId('solve').setLabel('Mark solved').setStyle(ButtonStyle.Success),
	);
	await message.reply({ content: `echo: ${message.content}${extra}`, components: [row] });
}

async function onInteraction(interaction: Interaction): Promise<void> {
	if (interaction.isChatInputCommand() && interaction.commandName === 'ping') {
		const isModerator = interaction.memberPermissions?.has('ManageThreads') ?? false;
		await interaction.reply({ content: `pong moderator=${isModerator}`, flags: MessageFlags.Ephemeral });
	}
	if (interaction.isButton() && interaction.customId === 'solve') {
		await interaction.reply({ content: 'Marked solved', flags: MessageFlags.Ephemeral });
		const thread = interaction.channel as ThreadChannel;
		const solved = thread.parent?.type === ChannelType.GuildForum ? thread.parent.availableTags : [];
		await thread.setAppliedTags(solved.filter((t) => t.name === 'Solved').map((t) => t.id));
		await thread.setArchived(true);
	}
}

const isReplyTo = (threadId: string) => (r: RecordedRequest) =>
	r.method === 'POST' && r.path === `/channels/${threadId}/messages` && r.status === 200;

describe('discord.js client against the sandbox', () => {
	let sandbox: Sandbox;
	let client: Client<true>;
	const seen: BotLog = { newThreads: [], errors: [] };

	beforeAll(async () => {
		sandbox = await startSandbox();
		client = await startClient(sandbox, (c) => installBot(c, seen));
	});
	afterEach(() => {
		expect(seen.errors).toEqual([]);
	});
	afterAll(async () => {
		await stopClient(client);
		await sandbox.close();
	});

	it('delivers a new forum post and records the reply with message_reference', async () => {
		const { thread } = sandbox.createForumPost({ by: 'alice', title: 'Got a 403', content: 'help me' });
		const reply = await sandbox.waitForRequest(isReplyTo(thread.id));
		expect(seen.newThreads).toContain(thread.id);
		expect(reply.body).toMatchObject({ message_reference: { message_id: thread.id } });
		const [starter, botReply] = sandbox.transcript(thread.id);
		expect(starter).toMatchObject({ author: 'alice', content: 'help me' });
		expect(botReply).toMatchObject({
			isBot: true,
			content: 'echo: help me',
			buttons: ['Mark solved'],
			replyTo: thread.id,
		});
		expect(client.guilds.cache.get(sandbox.guildId)?.available).toBe(true);
	});

	it('round-trips a slash command and a button click', async () => {
		const { thread } = sandbox.createForumPost({ by: 'alice', title: 'Solved soon', content: 'q' });
		const reply = await sandbox.waitForRequest(isReplyTo(thread.id));
		const command = sandbox.slashCommand({ by: 'mod', name: 'ping', channelId: thread.id });
		const callback = await command.waitForCallback();
		expect(callback.headers.authorization).toBeUndefined();
		expect(callback.body).toMatchObject({ type: 4, data: { content: 'pong moderator=true', flags: 64 } });

		const since = sandbox.requests.length;
		const replyId = (reply.response as { id: string }).id;
		const click = sandbox.clickButton({ by: 'alice', messageId: replyId, customId: 'solve' });
		await click.waitForCallback();
		await sandbox.waitForRequest(
			(r) => r.method === 'PATCH' && r.body !== undefined && 'archived' in (r.body as object),
			{ since },
		);
		expect(sandbox.threadTags(thread.id)).toEqual(['Solved']);
		expect(sandbox.thread(thread.id).thread_metadata?.archived).toBe(true);
		await withTimeout(
			(async () => {
				while (!(client.channels.cache.get(thread.id) as ThreadChannel | undefined)?.archived) {
					await new Promise((r) => setTimeout(r, 10));
				}
			})(),
			2000,
			'THREAD_UPDATE in the client cache',
		);
		const ephemeral = sandbox.transcript(thread.id).filter((e) => e.visibleTo !== undefined);
		expect(ephemeral.map((e) => [e.visibleTo, e.content])).toEqual([
			['mod', 'pong moderator=true'],
			['alice', 'Marked solved'],
		]);
	});

	it('waits out a 429 and retries once', async () => {
		const fault = sandbox.respondOnce(
			{ method: 'POST', path: '/channels/:id/messages' },
			{ status: 429, retryAfter: 0.3 },
		);
		const { thread } = sandbox.createForumPost({ by: 'bob', title: 'Slow', content: 'retry me' });
		const ok = await sandbox.waitForRequest(isReplyTo(thread.id));
		const attempts = sandbox.requests.filter(
			(r) => r.method === 'POST' && r.path === `/channels/${thread.id}/messages`,
		);
		expect(fault.hits).toBe(1);
		expect(attempts.map((r) => r.status)).toEqual([429, 200]);
		expect(ok.at - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(280);
		expect(sandbox.transcript(thread.id).filter((e) => e.isBot)).toHaveLength(1);
	});

	it('keeps message nonces unique with enforce_nonce', async () => {
		const channel = client.channels.cache.get(sandbox.channelId('moderators')) as TextChannel;
		const first = await channel.send({ content: 'escalation #1', nonce: 'esc-1', enforceNonce: true });
		const second = await channel.send({ content: 'escalation #1', nonce: 'esc-1', enforceNonce: true });
		expect(second.id).toBe(first.id);
		expect(sandbox.transcript(channel.id).filter((e) => e.content === 'escalation #1')).toHaveLength(1);
	});

	it('serves attachments over HTTP', async () => {
		const { thread } = sandbox.createForumPost({
			by: 'alice',
			title: 'Logs',
			content: 'see file',
			attachments: [{ filename: 'message.txt', content: 'Error 403: model not allowed' }],
		});
		const reply = await sandbox.waitForRequest(isReplyTo(thread.id));
		expect(reply.body).toMatchObject({ content: 'echo: see file | file: Error 403: model not allowed' });
		const download = sandbox.requests.find((r) => r.kind === 'cdn' && r.path.endsWith('/message.txt'));
		expect(download?.status).toBe(200);
		const [starter] = sandbox.messages(thread.id);
		expect(starter?.attachments[0]).toMatchObject({
			filename: 'message.txt',
			size: 28,
			content_type: 'text/plain; charset=utf-8',
		});
	});

	it('resumes on /resume after close 4000 and delivers what was sent meanwhile', async () => {
		const { thread } = sandbox.createForumPost({ by: 'alice', title: 'Resume', content: 'before' });
		await sandbox.waitForRequest(isReplyTo(thread.id));
		const since = sandbox.gatewayFrames.length;
		const resumed = nextEvent(client, Events.ShardResume);
		sandbox.disconnect(4000);
		sandbox.postMessage({ channelId: thread.id, by: 'alice', content: 'while offline' });
		const resume = await sandbox.waitForGateway((f) => f.direction === 'received' && f.op === 6, { since });
		expect(resume.path).toBe('/resume');
		await resumed;
		const reply = await sandbox.waitForRequest(
			(r) => isReplyTo(thread.id)(r) && JSON.stringify(r.body).includes('while offline'),
		);
		expect(reply.status).toBe(200);
		expect(sandbox.gatewayFrames.slice(since).some((f) => f.direction === 'received' && f.op === 2)).toBe(false);
	});

	it('re-identifies after op 9 and keeps working', async () => {
		const since = sandbox.gatewayFrames.length;
		const ready = nextEvent(client, Events.ShardReady);
		sandbox.invalidateSession(false);
		await sandbox.waitForGateway((f) => f.direction === 'received' && f.op === 2, { since });
		await ready;
		const { thread } = sandbox.createForumPost({ by: 'bob', title: 'After op 9', content: 'still there?' });
		await sandbox.waitForRequest(isReplyTo(thread.id));
	});
});

describe('sandbox connection faults', () => {
	let sandbox: Sandbox | undefined;
	let client: Client | undefined;
	afterEach(async () => {
		await stopClient(client);
		await sandbox?.close();
		client = undefined;
		sandbox = undefined;
	});

	it('rejects login with a bad token', async () => {
		sandbox = await startSandbox();
		await expect(startClient({ ...sandboxView(sandbox), token: 'not-the-token' } as Sandbox)).rejects.toMatchObject({
			code: 'TokenInvalid',
		});
		expect(sandbox.requests.at(-1)).toMatchObject({ path: '/gateway/bot', status: 401 });
	});

	it('resumes after missed heartbeat ACKs (zombie connection)', async () => {
		sandbox = await startSandbox({ heartbeatIntervalMs: 300 });
		const started = await startClient(sandbox);
		client = started;
		const since = sandbox.gatewayFrames.length;
		const resumed = nextEvent(started, Events.ShardResume);
		sandbox.stopHeartbeatAcks();
		await sandbox.waitForGateway((f) => f.direction === 'received' && f.op === 6, { since });
		await resumed;
	});

	it('resumes after op 7 reconnect', async () => {
		sandbox = await startSandbox();
		const started = await startClient(sandbox);
		client = started;
		const resumed = nextEvent(started, Events.ShardResume);
		sandbox.sendOp(7);
		await resumed;
		expect(sandbox.gatewayFrames.filter((f) => f.direction === 'received' && f.op === 2)).toHaveLength(1);
	});
});

/** The parts of a sandbox the harness reads, so one field can be overridden. */
function sandboxView(sandbox: Sandbox): Pick<Sandbox, 'restApiUrl' | 'token'> {
	return { restApiUrl: sandbox.restApiUrl, token: sandbox.token };
}
