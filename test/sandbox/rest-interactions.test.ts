import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { api, field } from './rest-client.js';

describe('sandbox REST: interactions and commands', () => {
	let sandbox: Sandbox;
	let threadId: string;
	const callback = (id: string, token: string, body: unknown, query = '') =>
		api(sandbox, 'POST', `/interactions/${id}/${token}/callback${query}`, body, { auth: false });
	const webhook = (method: string, token: string, suffix = '', body?: unknown) =>
		api(sandbox, method, `/webhooks/${sandbox.applicationId}/${token}${suffix}`, body, { auth: false });

	beforeEach(async () => {
		// Short, but with room for a loaded machine: only the late-callback test waits past it.
		sandbox = await startSandbox({ interactionDeadlineMs: 3000 });
		threadId = sandbox.createForumPost({ by: 'alice', title: 'T', content: 'q' }).thread.id;
	});
	afterEach(() => sandbox.close());

	it('builds complete slash command payloads from registered commands', async () => {
		const path = `/applications/${sandbox.applicationId}/guilds/${sandbox.guildId}/commands`;
		const options = [
			{ type: 6, name: 'user', description: 'who' },
			{ type: 4, name: 'level', description: 'how bad' },
		];
		const put = await api(sandbox, 'PUT', path, [{ name: 'escalate', description: 'Escalate', options }]);
		const [registered] = put.body as { id: string }[];
		const again = await api(sandbox, 'PUT', path, [{ name: 'escalate', description: 'Escalate v2', options }]);
		expect((again.body as { id: string }[])[0]?.id).toBe(registered?.id);
		expect(sandbox.commands(sandbox.guildId)).toHaveLength(1);

		const command = sandbox.slashCommand({
			by: 'mod',
			name: 'escalate',
			options: { user: 'alice', level: '3' },
			channelId: threadId,
		});
		expect(command.payload).toMatchObject({
			type: 2,
			application_id: sandbox.applicationId,
			guild_id: sandbox.guildId,
			channel: { id: threadId, type: 11 },
			entitlements: [],
			authorizing_integration_owners: { 0: sandbox.guildId },
			data: {
				id: registered?.id,
				name: 'escalate',
				options: [
					{ type: 6, name: 'user', value: sandbox.userId('alice') },
					{ type: 4, name: 'level', value: 3 },
				],
				resolved: { users: { [sandbox.userId('alice')]: { username: 'alice' } } },
			},
		});
		const permissions = BigInt(field<string>(field(command.payload, 'member'), 'permissions'));
		expect(permissions & (1n << 34n)).toBe(1n << 34n);
	});

	it('wraps subcommands', () => {
		const command = sandbox.slashCommand({
			by: 'alice',
			name: 'kb',
			subcommand: 'search',
			options: { q: 'x' },
			channelId: threadId,
		});
		expect(field(command.payload, 'data')).toMatchObject({
			options: [{ type: 1, name: 'search', options: [{ type: 3, name: 'q', value: 'x' }] }],
		});
	});

	it('rejects a second acknowledgement with 40060 and a late one with 10062', async () => {
		const first = sandbox.slashCommand({ by: 'alice', name: 'ping', channelId: threadId });
		expect((await callback(first.id, first.token, { type: 4, data: { content: 'pong', flags: 64 } })).status).toBe(204);
		const twice = await callback(first.id, first.token, { type: 4, data: { content: 'again' } });
		expect(twice).toMatchObject({ status: 400, body: { code: 40060 } });
		const late = sandbox.slashCommand({ by: 'alice', name: 'ping', channelId: threadId });
		sandbox.advanceClock(3050);
		expect(await callback(late.id, late.token, { type: 5 })).toMatchObject({ status: 404, body: { code: 10062 } });
		expect(
			sandbox
				.transcript(threadId)
				.filter((e) => e.visibleTo === 'alice')
				.map((e) => e.content),
		).toEqual(['pong']);
	});

	it('returns the callback resource with with_response=true', async () => {
		const command = sandbox.slashCommand({ by: 'alice', name: 'ping', channelId: threadId });
		const response = await callback(
			command.id,
			command.token,
			{ type: 4, data: { content: 'public' } },
			'?with_response=true',
		);
		expect(response.body).toMatchObject({
			interaction: { id: command.id, type: 2, response_message_ephemeral: false, response_message_loading: false },
			resource: { type: 4, message: { content: 'public', type: 20, interaction_metadata: { id: command.id } } },
		});
		expect(sandbox.messages(threadId).at(-1)).toMatchObject({ content: 'public', webhook_id: sandbox.applicationId });
	});

	it('fills a deferred reply with editReply and sends follow-ups', async () => {
		const command = sandbox.slashCommand({ by: 'alice', name: 'ask', channelId: threadId });
		expect((await webhook('POST', command.token, '', { content: 'too early' })).body).toMatchObject({ code: 10015 });
		await callback(command.id, command.token, { type: 5 });
		expect(sandbox.messages(threadId).at(-1)?.flags).toBe(128);
		const edited = await webhook('PATCH', command.token, '/messages/@original', { content: 'answer' });
		expect(edited.body).toMatchObject({ content: 'answer', flags: 0 });
		const followUp = await webhook('POST', command.token, '?wait=true', { content: 'psst', flags: 64 });
		expect(followUp.body).toMatchObject({ content: 'psst', flags: 64 });
		const followUpId = field<string>(followUp.body, 'id');
		expect((await webhook('GET', command.token, `/messages/${followUpId}`)).body).toMatchObject({ content: 'psst' });
		expect(
			sandbox
				.transcript(threadId)
				.slice(-2)
				.map((e) => [e.content, e.visibleTo]),
		).toEqual([
			['answer', undefined],
			['psst', 'alice'],
		]);
	});

	it('does not let a member run a command whose default_member_permissions they lack', async () => {
		const path = `/applications/${sandbox.applicationId}/guilds/${sandbox.guildId}/commands`;
		await api(sandbox, 'PUT', path, [
			{ name: 'queue', description: 'Mods', default_member_permissions: String(1n << 34n) },
			{ name: 'admin', description: 'Admins', default_member_permissions: '0' },
			{ name: 'open', description: 'All' },
		]);
		expect(() => sandbox.slashCommand({ by: 'alice', name: 'queue', channelId: threadId })).toThrow(
			/alice cannot use \/queue/,
		);
		expect(sandbox.slashCommand({ by: 'mod', name: 'queue', channelId: threadId }).id).toBeTruthy();
		expect(() => sandbox.slashCommand({ by: 'mod', name: 'admin', channelId: threadId })).toThrow(/cannot use/);
		expect(sandbox.slashCommand({ by: 'alice', name: 'open', channelId: threadId }).id).toBeTruthy();
	});

	it('turns a follow-up right after an ephemeral deferral into an edit of the loading message, as Discord does', async () => {
		const command = sandbox.slashCommand({ by: 'alice', name: 'ask', channelId: threadId });
		await callback(command.id, command.token, { type: 5, data: { flags: 64 } });
		const first = await webhook('POST', command.token, '?wait=true', { content: 'meant for all' });
		expect(first.body).toMatchObject({ content: 'meant for all', flags: 64 });
		expect(field<string>(first.body, 'id')).toBe(command.record.originalMessageId);
		const second = await webhook('POST', command.token, '?wait=true', { content: 'public now' });
		expect(second.body).toMatchObject({ content: 'public now', flags: 0 });
		expect(
			sandbox
				.transcript(threadId)
				.slice(-2)
				.map((e) => [e.content, e.visibleTo]),
		).toEqual([
			['meant for all', 'alice'],
			['public now', undefined],
		]);
	});

	it('updates the clicked message with callback 7 and tracks opened modals', async () => {
		const sent = await api(sandbox, 'POST', `/channels/${threadId}/messages`, {
			content: 'Was this helpful?',
			components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Yes', custom_id: 'yes' }] }],
		});
		const messageId = field<string>(sent.body, 'id');
		const click = sandbox.clickButton({ by: 'alice', messageId, customId: 'yes' });
		expect(click.payload).toMatchObject({
			type: 3,
			data: { custom_id: 'yes', component_type: 2 },
			message: { id: messageId },
		});
		await callback(click.id, click.token, { type: 7, data: { content: 'Thanks!', components: [] } });
		expect(sandbox.transcript(threadId).at(-1)).toMatchObject({ content: 'Thanks!', buttons: [], isEdited: true });
		expect(() => sandbox.clickButton({ by: 'alice', messageId, customId: 'yes' })).toThrow(/no component/);

		const ask = sandbox.slashCommand({ by: 'bob', name: 'report', channelId: threadId });
		const modal = {
			custom_id: 'report',
			title: 'Report',
			components: [{ type: 1, components: [{ type: 4, custom_id: 'details', label: 'Details', style: 2 }] }],
		};
		await callback(ask.id, ask.token, { type: 9, data: modal });
		const submit = sandbox.submitModal({ by: 'bob', interactionId: ask.id, fields: { details: 'it broke' } });
		expect(submit.payload).toMatchObject({
			type: 5,
			data: {
				custom_id: 'report',
				components: [{ type: 1, components: [{ type: 4, custom_id: 'details', value: 'it broke' }] }],
			},
		});
	});

	it('sends string select picks and deletes replies through the webhook', async () => {
		const sent = await api(sandbox, 'POST', `/channels/${threadId}/messages`, {
			content: 'Which model?',
			components: [
				{
					type: 1,
					components: [
						{
							type: 3,
							custom_id: 'model',
							options: [
								{ label: 'A', value: 'a' },
								{ label: 'B', value: 'b' },
							],
						},
					],
				},
			],
		});
		const pick = sandbox.selectMenu({
			by: 'alice',
			messageId: field(sent.body, 'id'),
			customId: 'model',
			values: ['b'],
		});
		expect(pick.payload).toMatchObject({ type: 3, data: { custom_id: 'model', component_type: 3, values: ['b'] } });
		expect(sandbox.transcript(threadId).at(-1)?.components[0]?.values).toEqual(['a', 'b']);
		await callback(pick.id, pick.token, { type: 4, data: { content: 'Noted: b' } });
		const before = sandbox.messages(threadId).length;
		expect((await webhook('DELETE', pick.token, '/messages/@original')).status).toBe(204);
		expect(sandbox.messages(threadId)).toHaveLength(before - 1);
	});
});
