import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { RawGateway, settle } from './raw-gateway.js';

const GUILDS = 1;
const GUILD_MESSAGES = 1 << 9;
const MESSAGE_CONTENT = 1 << 15;
const BOT_INTENTS = GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT;

interface GuildCreate {
	id: string;
	unavailable: boolean;
	roles: { id: string; name: string }[];
	members: { user: { id: string; username: string } }[];
	channels: { id: string; name: string; type: number; available_tags?: { name: string }[] }[];
	threads: { id: string }[];
}

describe('sandbox gateway', () => {
	let sandbox: Sandbox;
	const sockets: RawGateway[] = [];
	const open = async (intents = BOT_INTENTS) => {
		const gateway = await RawGateway.identify(sandbox, intents);
		sockets.push(gateway);
		return gateway;
	};

	beforeEach(async () => {
		sandbox = await startSandbox({
			heartbeatIntervalMs: 5000,
			members: [{ name: 'ann' }, { name: 'max', roles: ['moderator'] }],
		});
	});
	afterEach(async () => {
		for (const socket of sockets.splice(0)) socket.close();
		await sandbox.close();
	});

	it('says HELLO, then READY and a full GUILD_CREATE after IDENTIFY', async () => {
		const gateway = await open();
		expect(gateway.frames[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 5000 } });
		const ready = await gateway.next((f) => f.t === 'READY');
		expect(ready.d).toMatchObject({
			v: 10,
			user: { id: sandbox.botUserId, bot: true },
			guilds: [{ id: sandbox.guildId, unavailable: true }],
			application: { id: sandbox.applicationId },
		});
		expect((ready.d as { resume_gateway_url: string }).resume_gateway_url).toBe(
			`${sandbox.baseUrl.replace('http', 'ws')}/resume`,
		);
		const guild = (await gateway.next((f) => f.t === 'GUILD_CREATE')).d as GuildCreate;
		expect(guild.unavailable).toBe(false);
		expect(guild.roles.find((r) => r.name === '@everyone')?.id).toBe(guild.id);
		expect(guild.roles.map((r) => r.name)).toEqual(expect.arrayContaining(['moderator', 'helper']));
		expect(guild.members.map((m) => m.user.username)).toEqual(expect.arrayContaining(['Doorman', 'ann', 'max']));
		const forum = guild.channels.find((c) => c.name === 'help');
		expect(forum?.type).toBe(15);
		expect(forum?.available_tags?.map((t) => t.name)).toEqual(['Needs info', 'Answered', 'Escalated', 'Solved']);
		expect(guild.channels.find((c) => c.name === 'moderators')?.type).toBe(0);
	});

	it('ACKs heartbeats until told to stop', async () => {
		const gateway = await open();
		gateway.send(1, 2);
		await gateway.next((f) => f.op === 11);
		sandbox.stopHeartbeatAcks();
		const acks = gateway.frames.filter((f) => f.op === 11).length;
		gateway.send(1, 2);
		await settle();
		expect(gateway.frames.filter((f) => f.op === 11)).toHaveLength(acks);
	});

	it('numbers dispatches with increasing s and sends forum posts as THREAD_CREATE + MESSAGE_CREATE', async () => {
		const gateway = await open();
		const { thread } = sandbox.createForumPost({ by: 'ann', title: 'Hi', content: 'body', tags: ['Needs info'] });
		const created = await gateway.next((f) => f.t === 'THREAD_CREATE');
		const message = await gateway.next((f) => f.t === 'MESSAGE_CREATE');
		expect(created.d).toMatchObject({
			id: thread.id,
			newly_created: true,
			parent_id: sandbox.channelId('help'),
			guild_id: sandbox.guildId,
			owner_id: sandbox.userId('ann'),
			applied_tags: [sandbox.tagId('Needs info')],
			thread_metadata: { archived: false, locked: false },
		});
		expect(message.d).toMatchObject({
			id: thread.id,
			channel_id: thread.id,
			content: 'body',
			guild_id: sandbox.guildId,
		});
		const seqs = gateway.frames.filter((f) => f.op === 0).map((f) => f.s ?? 0);
		expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
		expect(new Set(seqs).size).toBe(seqs.length);
	});

	it('filters by intent and blanks content without MessageContent', async () => {
		const guildsOnly = await open(GUILDS);
		const noContent = await open(GUILDS | GUILD_MESSAGES);
		const { thread } = sandbox.createForumPost({ by: 'ann', title: 'T', content: 'secret' });
		sandbox.postMessage({ channelId: thread.id, by: 'ann', content: `<@${sandbox.botUserId}> mentioned` });
		await noContent.next((f) => f.t === 'MESSAGE_CREATE' && (f.d as { content: string }).content.endsWith('mentioned'));
		await guildsOnly.next((f) => f.t === 'THREAD_CREATE');
		await settle();
		expect(guildsOnly.dispatches('MESSAGE_CREATE')).toHaveLength(0);
		const [starter] = noContent.dispatches('MESSAGE_CREATE');
		expect(starter?.d).toMatchObject({ content: '', attachments: [], embeds: [] });
	});

	it('replays missed dispatches on RESUME, then sends RESUMED', async () => {
		const first = await open();
		const ready = (await first.next((f) => f.t === 'READY')).d as { session_id: string };
		await first.next((f) => f.t === 'GUILD_CREATE');
		const seq = Math.max(...first.frames.map((f) => f.s ?? 0));
		first.close(4000);
		await first.closed();
		sandbox.createForumPost({ by: 'ann', title: 'While away', content: 'missed' });
		const second = await RawGateway.connect(sandbox, '/resume');
		sockets.push(second);
		second.send(6, { token: sandbox.token, session_id: ready.session_id, seq });
		await second.next((f) => f.t === 'RESUMED');
		expect(second.frames.filter((f) => f.op === 0).map((f) => f.t)).toEqual([
			'THREAD_CREATE',
			'MESSAGE_CREATE',
			'RESUMED',
		]);
		expect(second.frames.some((f) => f.t === 'READY')).toBe(false);
	});

	it('answers op 9 to an unknown session and to a session ended by a clean close', async () => {
		const first = await open();
		const { session_id } = (await first.next((f) => f.t === 'READY')).d as { session_id: string };
		first.close(1000);
		await first.closed();
		const second = await RawGateway.connect(sandbox, '/resume');
		sockets.push(second);
		second.send(6, { token: sandbox.token, session_id, seq: 1 });
		expect((await second.next((f) => f.op === 9)).d).toBe(false);
	});

	it('closes with 4004 on a bad token and 4014 on a privileged intent not allowed', async () => {
		const bad = await RawGateway.connect(sandbox);
		sockets.push(bad);
		bad.send(2, { token: 'nope', intents: 1, properties: {} });
		expect(await bad.closed()).toBe(4004);
		await sandbox.close();
		sandbox = await startSandbox({ allowedPrivilegedIntents: 0 });
		const disallowed = await RawGateway.connect(sandbox);
		sockets.push(disallowed);
		disallowed.send(2, { token: sandbox.token, intents: BOT_INTENTS, properties: {} });
		expect(await disallowed.closed()).toBe(4014);
	});

	it('injects control ops and closes with a chosen code', async () => {
		const gateway = await open();
		sandbox.sendOp(7);
		await gateway.next((f) => f.op === 7);
		sandbox.disconnect(4000);
		expect(await gateway.closed()).toBe(4000);
		const received = sandbox.gatewayFrames.filter((f) => f.direction === 'received').map((f) => f.op);
		expect(received).toEqual([2]);
	});
});
