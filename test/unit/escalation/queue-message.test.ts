import { describe, expect, it } from 'vitest';
import { parseEscalationCustomId } from '../../../src/escalation/custom-id.js';
import { buildQueueMessage, describeStatus } from '../../../src/escalation/queue-message.js';
import { buildSummary } from '../../../src/escalation/summary.js';
import { DISCORD_MESSAGE_LIMIT } from '../../../src/message-text.js';
import { A_CAUSE, A_THREAD, aRecord, aTriage, leakedKeys, PLANTED } from './fixtures.js';

const MOD = '1100000000000000103';
const withEmail = { emailConfigured: true };
const noEmail = { emailConfigured: false };
const labels = (r: ReturnType<typeof aRecord>, o = withEmail) => buildQueueMessage(r, o).buttons.map((b) => b.label);

describe('the moderators’ queue message', () => {
	it('shows every button while open, and Email support only when SMTP is configured', () => {
		expect(labels(aRecord())).toEqual(['Claim', 'Email support', 'Resolve', 'Dismiss', 'Unmute bot']);
		expect(labels(aRecord(), noEmail)).toEqual(['Claim', 'Resolve', 'Dismiss', 'Unmute bot']);
	});

	it('drops Claim once claimed and names who claimed it', () => {
		const claimed = aRecord({ status: 'claimed', claimedBy: MOD, claimedByName: 'mo' });
		expect(labels(claimed)).toEqual(['Email support', 'Resolve', 'Dismiss', 'Unmute bot']);
		expect(buildQueueMessage(claimed, withEmail).content).toContain(`**Claimed by:** <@${MOD}>`);
	});

	it('drops the email button once emailed and shows the Message-ID', () => {
		const emailed = aRecord({
			status: 'emailed',
			claimedBy: MOD,
			claimedByName: 'mo',
			emailMessageId: '<abc@doorman>',
			emailSentAt: 1_700_000_000_000,
		});
		expect(labels(emailed)).toEqual(['Resolve', 'Dismiss', 'Unmute bot']);
		expect(buildQueueMessage(emailed, withEmail).content).toMatch(
			/sent to support@openrouter\.ai <t:1700000000:f>.*<abc@doorman>/,
		);
	});

	it('offers a retry and shows the failure while an email keeps failing', () => {
		const failed = aRecord({
			emailAttempts: 2,
			emailLastError: 'REJECTED 550: mailbox unavailable',
			nextEmailAttemptAt: 1_700_000_120_000,
		});
		expect(labels(failed)).toContain('Retry email');
		expect(buildQueueMessage(failed, withEmail).content).toMatch(
			/failed \(attempt 2: REJECTED 550: mailbox unavailable\); next try <t:1700000120:R>/,
		);
	});

	it('says an interrupted send may not have gone out and asks for a check before the resend', () => {
		const interrupted = aRecord({
			emailAttempts: 1,
			emailFailureCode: 'INTERRUPTED',
			emailLastError: 'INTERRUPTED: the bot stopped during the send',
		});
		const content = buildQueueMessage(interrupted, withEmail).content;
		expect(content).toMatch(/\*\*Email:\*\* ⚠️ may not have been sent/);
		expect(content).toMatch(/Check the support inbox .* before resending/);
		expect(content).not.toMatch(/failed \(attempt/);
		expect(labels(interrupted)).toContain('Resend email (check inbox first)');
		expect(labels(interrupted)).not.toContain('Retry email');
	});

	it('has no buttons once resolved or dismissed, and says by whom', () => {
		for (const status of ['resolved', 'dismissed'] as const) {
			const closed = aRecord({
				status,
				closedBy: MOD,
				closedByName: 'mo',
				closedAt: 1_700_000_000_000,
				note: 'fixed by vendor',
			});
			const message = buildQueueMessage(closed, withEmail);
			expect(message.buttons).toEqual([]);
			expect(message.content).toMatch(new RegExp(`\\*\\*(Resolved|Dismissed) by\\*\\* <@${MOD}>`));
			expect(message.content).toContain('**Note:** fixed by vendor');
		}
		expect(describeStatus(aRecord({ status: 'resolved', closedBy: 'cli:alice', closedByName: 'cli:alice' }))).toBe(
			'Escalation #12 is already resolved by cli:alice.',
		);
	});

	it("names the likely cause by the entry's title in the moderators' language, English when it has no translation", () => {
		const titles = { zh: '提供商拒绝了 BYOK 密钥\n<@1100000000000000103>' };
		const translated = aRecord({
			summary: buildSummary({ thread: A_THREAD, triage: aTriage(), cause: { ...A_CAUSE, titles } }),
		});
		const zh = { ...withEmail, lang: 'zh' as const };
		// Bounded and on one line like the English title, and it cannot ping.
		expect(translated.summary.cause?.titles).toEqual({ zh: '提供商拒绝了 BYOK 密钥 <@1100000000000000103>' });
		expect(buildQueueMessage(translated, zh).content).toContain(
			'**可能的原因：** 提供商拒绝了 BYOK 密钥 <\u200b@1100000000000000103>（42%）',
		);
		expect(buildQueueMessage(translated, withEmail).content).toContain(
			'**Likely cause:** BYOK key rejected by the provider (42%)',
		);
		const es = { ...withEmail, lang: 'es' as const };
		const both = aRecord({
			summary: buildSummary({
				thread: A_THREAD,
				triage: aTriage(),
				cause: { ...A_CAUSE, titles: { zh: '提供商拒绝了 BYOK 密钥', es: 'El proveedor rechazó la clave BYOK' } },
			}),
		});
		expect(buildQueueMessage(both, es).content).toContain(
			'**Causa probable:** El proveedor rechazó la clave BYOK (42%)',
		);
		expect(labels(both, es)).toEqual(['Asignarme', 'Escribir al soporte', 'Resolver', 'Descartar', 'Reactivar el bot']);
		// An escalation stored before titles were kept, or an entry without a translation: the English title.
		expect(buildQueueMessage(aRecord(), zh).content).toContain(
			'**可能的原因：** BYOK key rejected by the provider（42%）',
		);
	});

	it('speaks the moderators’ language (MODERATOR_LANGUAGE=zh) and quotes what the poster wrote as written', () => {
		const zh = { ...withEmail, lang: 'zh' as const };
		expect(labels(aRecord(), zh)).toEqual(['认领', '发邮件给支持团队', '解决', '忽略', '恢复机器人发言']);
		expect(labels(aRecord({ emailAttempts: 1, emailLastError: '550 rejected' }), zh)).toContain('重试发送邮件');
		const { content } = buildQueueMessage(aRecord(), zh);
		expect(content).toContain('**升级工单 #12** · 🟠 待处理');
		expect(content).toContain(`**发帖人：** <@${A_THREAD.ownerId}>`);
		expect(content).toContain('**可能的原因：** BYOK key rejected by the provider（42%）');
		// The error and the thread's title are the poster's, quoted as written.
		expect(content).toContain('**错误：** HTTP 403 · model_not_found');
		expect(content).toContain(A_THREAD.title);
		expect(content).not.toMatch(/\*\*(Escalation|Thread|Owner|Why|Likely cause|Error|Model|To|Cc|Contact):?\*\*/);
		const resolved = aRecord({ status: 'resolved', closedBy: MOD, closedByName: 'mo', note: 'fixed by vendor' });
		expect(buildQueueMessage(resolved, zh).content).toContain(`**解决人：** <@${MOD}>`);
		expect(buildQueueMessage(resolved, zh).content).toContain('**备注：** fixed by vendor');
		expect(
			describeStatus(aRecord({ status: 'resolved', closedBy: 'cli:alice', closedByName: 'cli:alice' }), 'zh'),
		).toBe('升级工单 #12 已由 cli:alice 标记为已解决。');
		expect(describeStatus(aRecord(), 'zh')).toBe('升级工单 #12 待处理，尚无人认领。');
	});

	it('encodes each button as a parseable esc:v1 custom id for this escalation', () => {
		for (const button of buildQueueMessage(aRecord({ id: 77 }), withEmail).buttons) {
			expect(parseEscalationCustomId(button.customId)).toEqual({
				kind: 'escalation',
				action: button.action,
				escalationId: 77,
			});
		}
	});

	it('carries the summary facts and stays under 2000 characters, with no keys and no pings', () => {
		const leakySummary = buildSummary({
			thread: { ...A_THREAD, title: `@everyone ${'t'.repeat(3000)}` },
			triage: aTriage({}, true),
			cause: A_CAUSE,
		});
		const record = aRecord({
			summary: leakySummary,
			note: `@here ${PLANTED.anthropic} ${'n'.repeat(3000)}`,
			emailAttempts: 1,
			emailLastError: `550 ${PLANTED.openai} ${'e'.repeat(3000)}`,
		});
		const { content } = buildQueueMessage(record, withEmail);
		expect(content.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
		expect(leakedKeys(content)).toEqual([]);
		expect(content).not.toMatch(/@(everyone|here)/);
		const plain = buildQueueMessage(aRecord(), withEmail).content;
		expect(plain).toContain('**Escalation #12** · 🟠 Open');
		expect(plain).toContain(`**Owner:** <@${A_THREAD.ownerId}>`);
		expect(plain).toContain('**Likely cause:** BYOK key rejected by the provider (42%)');
		expect(plain).toContain('**Error:** HTTP 403 · model_not_found');
		expect(plain).toContain('**Model:** openai/o3 · **Route:** openrouter');
		expect(plain).toContain(A_THREAD.title);
	});
});
