import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MailSendError } from '../../src/escalation/ports.js';
import { escalationService } from '../../src/escalation/service.js';
import { classifySmtpError, createSmtpMailer, type SmtpMailer } from '../../src/mail/smtp-mailer.js';
import { escalationRepository } from '../../src/store/escalations.js';
import { openStore } from '../../src/store/open.js';
import { threadRepository } from '../../src/store/threads.js';
import { deadPort, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { useTmpDir } from '../support/tmp-dir.js';
import { A_CAUSE, A_THREAD, aTriage, leakedKeys, manualClock, PLANTED } from '../unit/escalation/fixtures.js';

const tmp = useTmpDir();
const MO = { id: '1100000000000000103', name: 'mo' };
const FROM = 'Doorman <doorman@community.example>';
const REPLY_TO = 'mods@community.example';
const SUPPORT = 'support@vendor.example';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
	const s = await startSmtpServer(options);
	cleanups.push(() => s.close());
	return s;
}

function mailerFor(port: number, extra: { user?: string; password?: string } = {}): SmtpMailer {
	const mailer = createSmtpMailer(
		{ host: '127.0.0.1', port, secure: false, from: FROM, replyTo: REPLY_TO, ...extra },
		{ timeoutMs: 5000 },
	);
	cleanups.push(() => mailer.close());
	return mailer;
}

/** A real database with one leaky escalation (keys planted everywhere triage could have missed them). */
function escalated(mailer: SmtpMailer) {
	const { db } = openStore(path.join(tmp(), 'smtp.db'));
	cleanups.push(() => {
		db.close();
	});
	threadRepository(db).ensure(
		{
			threadId: A_THREAD.threadId,
			guildId: A_THREAD.guildId,
			forumId: '2',
			ownerId: A_THREAD.ownerId,
			title: A_THREAD.title,
		},
		0,
	);
	const clock = manualClock();
	const store = escalationRepository(db);
	const service = escalationService({ store, clock, mailer, defaultSupportTo: SUPPORT, replyTo: REPLY_TO });
	const result = service.escalate({
		thread: { ...A_THREAD, title: `403 with ${PLANTED.openaiProject}` },
		facts: { byModerator: true },
		eventAt: clock.now(),
		triage: aTriage({}, true),
		cause: A_CAUSE,
		conversation: [{ author: 'ana', text: `key ${PLANTED.openrouter}` }],
		tried: [`rotated ${PLANTED.anthropic}`],
		actor: MO,
	});
	if (result.kind !== 'escalated') throw new Error('expected an escalation');
	return { service, store, clock, id: result.escalation.id };
}

describe('the SMTP mailer against a real server on loopback', () => {
	it('delivers the support email with the right headers and body, and no planted key', async () => {
		const smtp = await server();
		const { service, store, id } = escalated(mailerFor(smtp.port));
		const result = await service.sendEmail(id, MO);
		expect(result.kind).toBe('sent');
		if (result.kind !== 'sent') return;
		expect(smtp.received).toHaveLength(1);
		const mail = smtp.received[0];
		if (mail === undefined) throw new Error('no mail');
		expect(mail.envelopeTo).toEqual([SUPPORT]);
		expect(mail.envelopeFrom).toBe('doorman@community.example');
		expect(mail.headers.get('to')).toBe(SUPPORT);
		expect(mail.headers.get('from')).toBe(FROM);
		expect(mail.headers.get('reply-to')).toBe(REPLY_TO);
		expect(mail.headers.get('subject')).toBe(store.get(id)?.emailSubject);
		expect(mail.headers.get('subject')).toMatch(
			/^HTTP 403 \(model_not_found\) for openai\/o3 via openrouter: 403 with \[REDACTED:openai-project\]$/,
		);
		expect(mail.headers.get('message-id')).toBe(result.messageId);
		expect(result.escalation).toMatchObject({ status: 'emailed', emailMessageId: result.messageId, emailAttempts: 1 });
		expect(mail.text).toContain(`Discussion: https://discord.com/channels/${A_THREAD.guildId}/${A_THREAD.threadId}`);
		expect(mail.text).toContain('HTTP status: 403');
		expect(mail.text).toContain('Model: openai/o3');
		expect(mail.text).toContain('Request id: req_abc123');
		expect(mail.text).toContain('- rotated [REDACTED:anthropic]');
		expect(leakedKeys(mail.raw)).toEqual([]);
		expect(leakedKeys(mail.text)).toEqual([]);
		expect(await service.sendEmail(id, MO)).toMatchObject({ kind: 'refused', reason: 'ALREADY_SENT' });
		expect(smtp.received).toHaveLength(1);
	});

	it('scrubs what it is given directly, as a last line of defence', async () => {
		const smtp = await server();
		await mailerFor(smtp.port).send({
			to: SUPPORT,
			subject: `key ${PLANTED.groq}\r\nBcc: victim@example.com`,
			text: `Authorization: ${PLANTED.bearer}\n${PLANTED.aws}\n${PLANTED.discord}`,
		});
		const mail = smtp.received[0];
		expect(mail?.headers.get('bcc')).toBeUndefined();
		expect(mail?.envelopeTo).toEqual([SUPPORT]);
		expect(leakedKeys(mail?.raw ?? 'missing')).toEqual([]);
		expect(mail?.headers.get('reply-to')).toBe(REPLY_TO);
	});

	it("sends the Message-ID it is given, on the sender's domain, every time", async () => {
		const smtp = await server();
		const mailer = mailerFor(smtp.port);
		const mail = { messageIdKey: 'doorman-escalation-3-1735812000000.1100', to: SUPPORT, subject: 's', text: 't' };
		const first = await mailer.send(mail);
		const second = await mailer.send(mail);
		expect(first.messageId).toBe('<doorman-escalation-3-1735812000000.1100@community.example>');
		expect(second.messageId).toBe(first.messageId);
		expect(smtp.received.map((m) => m.headers.get('message-id'))).toEqual([first.messageId, first.messageId]);
	});

	it('authenticates when credentials are configured, and classifies a wrong password as AUTH', async () => {
		const smtp = await server({ auth: { user: 'doorman', password: 'right' } });
		await mailerFor(smtp.port, { user: 'doorman', password: 'right' }).send({ to: SUPPORT, subject: 's', text: 't' });
		expect(smtp.received).toHaveLength(1);
		const failure = await mailerFor(smtp.port, { user: 'doorman', password: 'wrong' })
			.send({ to: SUPPORT, subject: 's', text: 't' })
			.then(
				() => null,
				(error: unknown) => error,
			);
		expect(failure).toBeInstanceOf(MailSendError);
		expect(failure).toMatchObject({ code: 'AUTH', responseCode: 535, retryable: false });
	});
});

describe('when sending fails', () => {
	it('records a 550 rejection with back-off and never sends twice', async () => {
		const smtp = await server({ rejectRecipient: { code: 550, message: 'mailbox unavailable' } });
		const { service, store, clock, id } = escalated(mailerFor(smtp.port));
		const failed = await service.sendEmail(id, MO);
		expect(failed).toMatchObject({
			kind: 'failed',
			failure: { code: 'REJECTED', responseCode: 550, retryable: false },
			retryAt: clock.now() + 60_000,
		});
		expect(store.get(id)).toMatchObject({
			status: 'open',
			emailMessageId: null,
			emailAttempts: 1,
			emailFailureCode: 'REJECTED',
			nextEmailAttemptAt: clock.now() + 60_000,
			emailInFlightSince: null,
		});
		expect(store.get(id)?.emailLastError).toMatch(/^REJECTED 550: .*mailbox unavailable/);
		expect(store.listAudit(id).map((a) => a.action)).toEqual(['escalated', 'email_failed']);
		// A permanent failure is not retried automatically, and a press during back-off sends nothing.
		clock.advance(60_000);
		expect(await service.retryDueEmails()).toEqual([]);
		expect(smtp.received).toHaveLength(0);
		smtp.setRejectRecipient(null);
		const retried = await service.sendEmail(id, MO);
		expect(retried).toMatchObject({ kind: 'sent', escalation: { emailAttempts: 2, emailLastError: null } });
		expect(await service.sendEmail(id, MO)).toMatchObject({ kind: 'refused', reason: 'ALREADY_SENT' });
		expect(smtp.received).toHaveLength(1);
	});

	it('treats 421 as temporary and retries it automatically after the back-off', async () => {
		const smtp = await server({ rejectRecipient: { code: 421, message: 'try again later' } });
		const { service, clock, id } = escalated(mailerFor(smtp.port));
		expect(await service.sendEmail(id, MO)).toMatchObject({
			kind: 'failed',
			failure: { code: 'TEMPORARY', retryable: true },
		});
		smtp.setRejectRecipient(null);
		expect(await service.retryDueEmails()).toEqual([]);
		clock.advance(60_000);
		const results = await service.retryDueEmails();
		expect(results).toMatchObject([{ kind: 'sent' }]);
		expect(await service.retryDueEmails()).toEqual([]);
		expect(smtp.received).toHaveLength(1);
	});

	it('records a server that is down as a retryable connection failure', async () => {
		const port = await deadPort();
		const { service, store, clock, id } = escalated(mailerFor(port));
		const failed = await service.sendEmail(id, MO);
		expect(failed).toMatchObject({
			kind: 'failed',
			failure: { code: 'CONNECTION', responseCode: null, retryable: true },
		});
		clock.advance(30_000);
		expect(await service.sendEmail(id, MO)).toMatchObject({ kind: 'refused', reason: 'BACKING_OFF' });
		clock.advance(30_000);
		expect(await service.sendEmail(id, MO)).toMatchObject({ kind: 'failed', retryAt: clock.now() + 120_000 });
		expect(store.get(id)).toMatchObject({ emailAttempts: 2, emailMessageId: null });
	});
});

describe('classifySmtpError', () => {
	it('classifies by reply code and error code, never by message text', () => {
		expect(classifySmtpError({ responseCode: 452, code: 'EENVELOPE' })).toMatchObject({
			code: 'TEMPORARY',
			retryable: true,
		});
		expect(classifySmtpError({ responseCode: 554, code: 'EMESSAGE' })).toMatchObject({
			code: 'REJECTED',
			retryable: false,
		});
		expect(classifySmtpError({ code: 'EAUTH' })).toMatchObject({ code: 'AUTH', retryable: false });
		expect(classifySmtpError({ code: 'ETIMEDOUT' })).toMatchObject({ code: 'TIMEOUT', retryable: true });
		expect(classifySmtpError({ code: 'ETLS' })).toMatchObject({ code: 'TLS', retryable: false });
		expect(classifySmtpError({ code: 'ESOCKET' })).toMatchObject({ code: 'CONNECTION', retryable: true });
		expect(classifySmtpError(new Error(`odd ${PLANTED.openai}`))).toMatchObject({
			code: 'UNKNOWN',
			message: 'odd [REDACTED:openai]',
		});
	});
});
