import { Locale } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { answeringAdvisor, type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { waitFor } from '../support/eventually.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { botMessages, lastButton, resolveWithFirstGuess } from '../support/transcript.js';

let harness: BotHarness | undefined;
let smtp: TestSmtpServer | undefined;
afterEach(async () => {
	await harness?.stop();
	await smtp?.close();
	harness = undefined;
	smtp = undefined;
});

const HAN = /\p{Script=Han}/u;
/** What one member saw privately (ephemeral replies) in a channel. */
const privateTo = (sandbox: Sandbox, channelId: string, who: string) =>
	sandbox.transcript(channelId).filter((e) => e.isBot && e.visibleTo === who);

const contentOf = (body: unknown): string => (body as { data?: { content?: string } }).data?.content ?? '';

describe('MODERATOR_LANGUAGE=zh (real discord.js client ↔ sandbox, real SMTP on loopback)', () => {
	it('the queue, its buttons, /escalations, /doorman status and the resolve menu are Chinese; the vendor email and the poster’s words are not translated', async () => {
		smtp = await startSmtpServer();
		harness = await startBotHarness({
			advisor: answeringAdvisor,
			env: {
				MODERATOR_LANGUAGE: 'zh',
				SMTP_HOST: smtp.host,
				SMTP_PORT: String(smtp.port),
				SMTP_FROM: 'Doorman <bot@community.test>',
			},
		});
		const { sandbox } = harness;
		// The commands were registered with their Simplified Chinese descriptions (Discord shows them to zh-CN clients).
		const registered = sandbox.commands(sandbox.guildId).find((c) => c.name === 'escalations');
		expect(registered?.description_localizations?.['zh-CN']).toBe('查看已转交团队的帖子（版主）');
		expect(registered?.options?.[0]?.description_localizations?.['zh-CN']).toBe('列出升级工单');
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'Request not allowed',
			content: 'My OpenRouter calls to o3 fail with 403 since this morning, what can I do?',
		});
		await harness.settle(message.id);
		// The poster is English: the thread stays English whatever the moderators read.
		await sandbox.clickButton({ by: 'alice', ...lastButton(sandbox, thread.id, "Didn't help") }).waitForCallback();
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
		expect(botMessages(sandbox, thread.id).at(-1)?.content).toMatch(/passed this to the team/);

		const queue = botMessages(sandbox, mods)[0];
		expect(queue?.buttons).toEqual(['认领', '发邮件给支持团队', '解决', '忽略', '恢复机器人发言']);
		const content = queue?.content ?? '';
		expect(content).toMatch(/^\*\*升级工单 #1\*\* · 🟠 待处理\n\*\*帖子：\*\* \[Request not allowed\]/);
		expect(content).toContain('**转交原因：** 发帖人表示回答没有帮助');
		expect(content).toContain('**可能的原因：** ');
		expect(content).toContain('**收件人：** support@openrouter.ai（OpenRouter）');
		expect(content).toContain('**模型：** 未说明 · **调用路径：** 未知');
		// The poster's words and the thread's title are quoted as written, not translated.
		expect(content).toContain('**发帖人原话：** My OpenRouter calls to o3 fail with 403 since this morning');
		expect(content).not.toMatch(/\*\*(Thread|Why|Likely cause|Model|To):\*\*/);

		// A member pressing a queue button is refused in their own Discord language, not the moderators'.
		await sandbox
			.clickButton({ by: 'alice', locale: Locale.EnglishUS, ...lastButton(sandbox, mods, '认领') })
			.waitForCallback();
		expect(privateTo(sandbox, mods, 'alice').at(-1)?.content).toMatch(/^Only moderators/);

		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, '认领') }).waitForCallback();
		await waitFor(() => botMessages(sandbox, mods)[0]?.content.includes('🔵 已认领') === true, 'claimed');
		expect(botMessages(sandbox, mods)[0]?.content).toMatch(/\*\*认领人：\*\* <@\d+>/);
		await sandbox.clickButton({ by: 'mod', ...lastButton(sandbox, mods, '发邮件给支持团队') }).waitForCallback();
		await waitFor(() => smtp?.received.length === 1, 'email');
		// The vendor email stays English: support desks read English.
		const mail = smtp.received[0];
		expect(mail?.headers.get('subject')).not.toMatch(HAN);
		expect(mail?.text).toMatch(/^Hello/m);
		expect(mail?.text).not.toMatch(HAN);
		await waitFor(() => botMessages(sandbox, mods)[0]?.content.includes('📧 已发邮件给支持团队') === true, 'emailed');
		expect(botMessages(sandbox, mods)[0]?.content).toMatch(/\*\*邮件：\*\* 已发送至 support@openrouter\.ai/);

		const list = await sandbox
			.slashCommand({ by: 'mod', name: 'escalations', subcommand: 'list', channelId: mods })
			.waitForCallback();
		expect(contentOf(list.body)).toMatch(/^共 1 条升级工单 · 第 1\/1 页\n\*\*#1\*\* · 已发邮件 · <#\d+>/);
		const show = await sandbox
			.slashCommand({ by: 'mod', name: 'escalations', subcommand: 'show', options: { id: 1 }, channelId: mods })
			.waitForCallback();
		expect(contentOf(show.body)).toMatch(/\*\*操作记录\*\*\n• <t:\d+:f> [^:]+: 升级/);
		const missing = await sandbox
			.slashCommand({ by: 'mod', name: 'escalations', subcommand: 'show', options: { id: 99 }, channelId: mods })
			.waitForCallback();
		expect(contentOf(missing.body)).toBe('没有编号为 #99 的升级工单。');

		const status = await sandbox
			.slashCommand({ by: 'mod', name: 'doorman', subcommand: 'status', channelId: thread.id })
			.waitForCallback();
		expect(contentOf(status.body)).toMatch(/^\*\*状态：\*\* 已升级\n\*\*已静音：\*\* 否\n\*\*工作人员已接手：\*\* 否/);
		expect(contentOf(status.body)).toContain('**迄今的回答（所有帖子）：** 知识库');

		// The knowledge-gap report is in the moderators' language; a member is refused in their own (en-US here).
		const report = await sandbox
			.slashCommand({ by: 'mod', name: 'doorman', subcommand: 'report', channelId: mods })
			.waitForCallback();
		expect(contentOf(report.body)).toMatch(
			/^```\nDoorman 报告 \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}\n帖子 1 · 已回答 1/,
		);
		expect(contentOf(report.body)).toContain('\n按周（帖子 / 已回答 / 已升级）：\n');
		expect(contentOf(report.body)).not.toMatch(/\b(?:posts|answered|By week)\b/);
		const badSince = await sandbox
			.slashCommand({ by: 'mod', name: 'doorman', subcommand: 'report', options: { since: 'soon' }, channelId: mods })
			.waitForCallback();
		expect(contentOf(badSince.body)).toBe('`since` 的格式应为 30d、8w 或 2026-01-31。');
		const refused = await sandbox
			.slashCommand({ by: 'alice', name: 'doorman', subcommand: 'report', channelId: mods })
			.waitForCallback();
		expect(contentOf(refused.body)).toBe('Only moderators can see the report.');

		// Resolve asks for the cause in Chinese; the form's answer says what was recorded, in Chinese.
		const menuMessage = await resolveWithFirstGuess(sandbox, mods, '解决');
		expect(menuMessage?.content).toBe('解决升级工单 #1：原因是什么？（机器人的猜测排在最前面。）');
		await waitFor(() => botMessages(sandbox, mods)[0]?.content.includes('✅ 已解决') === true, 'resolved');
		expect(botMessages(sandbox, mods)[0]?.content).toMatch(/\*\*解决人：\*\* <@\d+>/);
		expect(botMessages(sandbox, mods)[0]?.buttons).toEqual([]);
		await waitFor(() => privateTo(sandbox, mods, 'mod').some((m) => m.content.includes('已解决，原因为')), 'answer');
	});

	it("the queue's likely cause is the KB entry's Chinese title (kb/i18n/zh); the English poster's thread and the vendor draft stay English", async () => {
		harness = await startBotHarness({ advisor: 'kb', env: { MODERATOR_LANGUAGE: 'zh' } });
		const { sandbox } = harness;
		const { thread, message } = sandbox.createForumPost({
			by: 'alice',
			title: 'OpenRouter 403 on every call',
			content:
				'Calling openai/gpt-4o through OpenRouter fails every time:\n```\n{"error":{"message":"This model is not available in your region.","code":403}}\n```',
		});
		await harness.settle(message.id);
		expect(botMessages(sandbox, thread.id).at(-1)?.content).toMatch(/^\*\*OpenRouter will not serve this model/);
		await sandbox.clickButton({ by: 'alice', ...lastButton(sandbox, thread.id, "Didn't help") }).waitForCallback();
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'queue message');
		const content = botMessages(sandbox, mods)[0]?.content ?? '';
		expect(content).toMatch(/\*\*可能的原因：\*\* OpenRouter 提示该模型在你所在的地区不可用（\d+%）/);
		expect(content).not.toContain('OpenRouter says the model is not available in your region');
		// The vendor draft is English, the cause's English title with it.
		const stored = harness.app.escalations.show(1)?.escalation;
		expect(stored?.emailBody).toContain('OpenRouter says the model is not available in your region');
		expect(stored?.emailBody).not.toMatch(HAN);
	});

	it('the storage notice in the moderators’ channel is Chinese', async () => {
		harness = await startBotHarness({ env: { MODERATOR_LANGUAGE: 'zh' } });
		const { sandbox, app } = harness;
		const { thread, message } = sandbox.createForumPost({ by: 'alice', title: '403 on o3', content: 'help' });
		await harness.settle(message.id);
		// Every write of the bot's connection now fails with SQLITE_READONLY, as on a read-only file.
		app.db.pragma('query_only = ON');
		const later = sandbox.postMessage({
			channelId: thread.id,
			by: 'alice',
			content: 'still failing, log attached',
			attachments: [{ filename: 'message.txt', content: `HTTP 403 Forbidden\n${'trace line\n'.repeat(3000)}` }],
		});
		const mods = sandbox.channelId('moderators');
		await waitFor(() => botMessages(sandbox, mods).length === 1, 'storage notice');
		expect(later.id).not.toBe('');
		expect(botMessages(sandbox, mods)[0]?.content).toMatch(
			/^⚠️ Doorman 无法写入数据库（SQLITE_READONLY[A-Z_]*：数据库是只读的，请给运行机器人的用户写权限）。/,
		);
		app.db.pragma('query_only = OFF');
	});
});
