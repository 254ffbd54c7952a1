import { describe, expect, it } from 'vitest';
import { type Mailer, MailSendError, type OutgoingMail } from '../../../src/escalation/ports.js';
import { type EscalateInput, escalationService, PAGE_SIZE } from '../../../src/escalation/service.js';
import { EMAIL_LEASE_MS, emailBackoffMs, MAX_EMAIL_ATTEMPTS } from '../../../src/escalation/state.js';
import type { Actor } from '../../../src/escalation/types.js';
import type { VendorDirectory } from '../../../src/kb/vendors.js';
import { triagePost } from '../../../src/triage/index.js';
import { A_CAUSE, A_THREAD, aTriage, leakedKeys, manualClock, memoryStore, PLANTED, VENDORS } from './fixtures.js';

const MO: Actor = { id: '1100000000000000103', name: 'mo' };
const LI: Actor = { id: '1100000000000000104', name: 'li' };
const OWNER: Actor = { id: A_THREAD.ownerId, name: A_THREAD.ownerName };

function setup(options: { mailer?: Mailer | null; defaultSupportTo?: string | null; vendors?: VendorDirectory } = {}) {
	const store = memoryStore();
	const clock = manualClock();
	const service = escalationService({
		store,
		clock,
		mailer: options.mailer ?? null,
		...(options.vendors === undefined ? {} : { vendors: options.vendors }),
		defaultSupportTo: options.defaultSupportTo === undefined ? 'support@example.com' : options.defaultSupportTo,
		replyTo: 'mods@example.org',
	});
	const input = (overrides: Partial<EscalateInput> = {}): EscalateInput => ({
		thread: A_THREAD,
		facts: { didntHelp: true },
		eventAt: clock.now(),
		triage: aTriage(),
		cause: A_CAUSE,
		conversation: [{ author: 'ana', text: '403 on o3' }],
		actor: OWNER,
		...overrides,
	});
	return { store, clock, service, input };
}

/** A Mailer that records what it sends and fails on demand. */
function fakeMailer() {
	const sent: OutgoingMail[] = [];
	let failWith: MailSendError | null = null;
	return {
		sent,
		failNext(error: MailSendError | null) {
			failWith = error;
		},
		async send(mail: OutgoingMail) {
			if (failWith !== null) throw failWith;
			sent.push(mail);
			return { messageId: `<m${sent.length}@test>` };
		},
	};
}

const REJECTED = new MailSendError({
	code: 'REJECTED',
	responseCode: 550,
	message: '550 mailbox unavailable',
	retryable: false,
});
const DOWN = new MailSendError({
	code: 'CONNECTION',
	responseCode: null,
	message: 'connect ECONNREFUSED',
	retryable: true,
});

describe('escalate', () => {
	it('records the escalation with summary, email and audit, and returns the draft and queue message', () => {
		const { service, store, input } = setup();
		const result = service.escalate(input());
		expect(result.kind).toBe('escalated');
		if (result.kind !== 'escalated') return;
		expect(result.escalation).toMatchObject({
			episode: 1,
			trigger: 'didnt_help',
			status: 'open',
			cause: A_CAUSE.id,
			confidence: 0.42,
			supportTo: 'support@example.com',
		});
		expect(result.escalation.emailBody).toContain(result.escalation.summary.threadLink);
		expect(result.userDraft.length).toBeLessThanOrEqual(2000);
		expect(result.queue.buttons.map((b) => b.action)).toEqual(['claim', 'resolve', 'dismiss', 'unmute']);
		expect(store.audit).toMatchObject([{ action: 'escalated', actorId: OWNER.id, detail: 'trigger didnt_help' }]);
	});

	it('is idempotent per episode: several triggers make one escalation', () => {
		const { service, input, store } = setup();
		expect(service.escalate(input()).kind).toBe('escalated');
		expect(service.escalate(input({ facts: { ownerText: '!human' } }))).toMatchObject({
			kind: 'duplicate',
			reason: 'ALREADY_ESCALATED',
		});
		expect(store.rows).toHaveLength(1);
	});

	it('opens a second episode when the owner posts after a resolution', () => {
		const { service, input, clock } = setup();
		const first = service.escalate(input());
		if (first.kind !== 'escalated') throw new Error('expected an escalation');
		service.resolve(first.escalation.id, MO, 'answered in thread');
		expect(service.escalate(input({ eventAt: clock.now() - 1 })).kind).toBe('duplicate');
		clock.advance(1000);
		expect(service.escalate(input({ eventAt: clock.now(), facts: { ownerText: 'talk to a human' } }))).toMatchObject({
			kind: 'escalated',
			escalation: { episode: 2, trigger: 'asked_for_human' },
		});
	});

	it('does nothing without a trigger', () => {
		const { service, input, store } = setup();
		expect(service.escalate(input({ facts: { ownerText: 'still broken' } }))).toEqual({
			kind: 'none',
			reason: 'NO_TRIGGER',
		});
		expect(store.rows).toEqual([]);
	});

	it("addresses the router's documented address with the desk as Cc, and stores nothing key-shaped", () => {
		const { service, input, store } = setup({ vendors: VENDORS });
		const result = service.escalate(
			input({
				triage: aTriage({}, true),
				conversation: [{ author: 'ana', text: `my key is ${PLANTED.openaiProject}` }],
				tried: [`tried ${PLANTED.huggingface}`],
			}),
		);
		expect(result).toMatchObject({
			kind: 'escalated',
			escalation: {
				supportTo: 'support@openrouter.ai',
				summary: { contact: { to: 'support@openrouter.ai', cc: 'support@example.com', form: null } },
			},
		});
		expect(leakedKeys(JSON.stringify(store.rows) + JSON.stringify(store.audit))).toEqual([]);
		if (result.kind === 'escalated') expect(leakedKeys(result.userDraft + result.queue.content)).toEqual([]);
	});
});

describe('who an escalation goes to (kb/vendors)', () => {
	const deactivated = aTriage({
		route: 'openai',
		model: null,
		snippet: null,
		error: {
			...(aTriage().error as NonNullable<ReturnType<typeof aTriage>['error']>),
			code: 'account_deactivated',
			provider: null,
			message: 'The OpenAI account associated with this API key has been deactivated.',
		},
	});

	it('never addresses an OpenAI account-deactivated case to Google, whatever entry matched', () => {
		for (const providers of [['gemini', 'vertex', 'any'], ['openai'], []]) {
			const { service, input } = setup({ vendors: VENDORS, defaultSupportTo: null });
			const result = service.escalate(input({ triage: deactivated, providers }));
			if (result.kind !== 'escalated') throw new Error('expected an escalation');
			expect(result.escalation.summary.contact?.party?.id).toBe('openai');
			expect(JSON.stringify(result.escalation) + result.userDraft).not.toMatch(/google|gemini/i);
			expect(result.userDraft).toContain('Submit at <https://help.openai.com/');
		}
	});

	it('a form-only vendor without a desk: "Submit at <URL>", no To:, no email button, and sending is refused', async () => {
		const mailer = fakeMailer();
		const { service, input } = setup({ vendors: VENDORS, defaultSupportTo: null, mailer });
		const result = service.escalate(input({ triage: deactivated }));
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		expect(result.escalation.supportTo).toBeNull();
		expect(result.userDraft).not.toContain('**To:**');
		expect(result.queue.buttons.map((b) => b.label)).not.toContain('Email support');
		expect(result.queue.content).toContain('Submit at <https://help.openai.com/');
		const sent = await service.sendEmail(result.escalation.id, MO);
		expect(sent).toMatchObject({
			kind: 'refused',
			reason: 'NO_ADDRESS',
			message: expect.stringMatching(/Submit at https:/),
		});
		expect(mailer.sent).toEqual([]);
	});

	it('a form-only vendor with a desk: To: the desk alone, the form named, the button says so', async () => {
		const mailer = fakeMailer();
		const { service, input } = setup({ vendors: VENDORS, defaultSupportTo: 'desk@community.test', mailer });
		const result = service.escalate(input({ triage: deactivated }));
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		expect(result.escalation.supportTo).toBe('desk@community.test');
		expect(result.userDraft).toContain("**To:** desk@community.test (this community's support desk)");
		expect(result.userDraft).toContain('Submit at <https://help.openai.com/');
		expect(result.queue.buttons.map((b) => b.label)).toContain('Email desk');
		await service.sendEmail(result.escalation.id, MO);
		expect(mailer.sent).toEqual([expect.objectContaining({ to: 'desk@community.test' })]);
		expect(mailer.sent[0]?.cc).toBeUndefined();
		expect(mailer.sent[0]?.text).toContain('Submit at https://help.openai.com/');
	});

	it('the router first, then the vendor behind it: OneRouter documents nothing, so OpenAI (by the model id)', () => {
		const { service, input } = setup({ vendors: VENDORS, defaultSupportTo: null });
		const result = service.escalate(input({ triage: aTriage({ route: 'onerouter', model: 'openai/gpt-5' }) }));
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		expect(result.escalation.summary.contact?.party).toMatchObject({ id: 'openai', role: 'behind' });
	});

	it('sends To: the party and Cc: the desk over the Mailer', async () => {
		const mailer = fakeMailer();
		const { service, input } = setup({ vendors: VENDORS, defaultSupportTo: 'desk@community.test', mailer });
		const result = service.escalate(input());
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		expect(result.queue.buttons.map((b) => b.label)).toContain('Email support');
		expect(await service.sendEmail(result.escalation.id, MO)).toMatchObject({ kind: 'sent' });
		expect(mailer.sent).toEqual([expect.objectContaining({ to: 'support@openrouter.ai', cc: 'desk@community.test' })]);
	});

	it('never emails a page or a sentence stored by an older version as the address', async () => {
		const mailer = fakeMailer();
		const { service, input, store } = setup({ defaultSupportTo: null, mailer });
		const result = service.escalate(input());
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		const row = store.rows[0];
		if (row === undefined) throw new Error('no row');
		const { contact: _dropped, ...legacySummary } = row.summary;
		store.rows[0] = { ...row, supportTo: 'https://help.openai.com', summary: legacySummary };
		expect(service.queueMessage(store.rows[0]).buttons.map((b) => b.action)).not.toContain('email');
		expect(service.queueMessage(store.rows[0]).content).toContain('Submit at <https://help.openai.com>');
		expect(await service.sendEmail(row.id, MO)).toMatchObject({ kind: 'refused', reason: 'NO_ADDRESS' });
		expect(mailer.sent).toEqual([]);
	});
});

describe('moderator actions', () => {
	function escalated() {
		const ctx = setup();
		const result = ctx.service.escalate(ctx.input());
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		return { ...ctx, id: result.escalation.id };
	}

	it('moves open → claimed → resolved, auditing who did what and when', () => {
		const { service, id, clock, store } = escalated();
		clock.advance(60_000);
		expect(service.claim(id, MO)).toMatchObject({ kind: 'ok', escalation: { status: 'claimed', claimedBy: MO.id } });
		clock.advance(60_000);
		const resolved = service.resolve(id, MO, `  fixed:\nkey ${PLANTED.openai} rotated `);
		expect(resolved).toMatchObject({ kind: 'ok', escalation: { status: 'resolved', closedBy: MO.id } });
		if (resolved.kind === 'ok') {
			expect(resolved.escalation.note).toBe('fixed: key [REDACTED:openai] rotated');
			expect(resolved.queue.buttons).toEqual([]);
		}
		expect(store.audit.map((a) => [a.action, a.actorName])).toEqual([
			['escalated', 'ana'],
			['claimed', 'mo'],
			['resolved', 'mo'],
		]);
		expect(store.audit[2]?.at).toBe(clock.now());
	});

	it('answers a stale or repeated press with the current state', () => {
		const { service, id } = escalated();
		service.claim(id, MO);
		expect(service.claim(id, LI)).toMatchObject({
			kind: 'refused',
			reason: 'ALREADY_CLAIMED',
			message: `Escalation #${id} is claimed by <@${MO.id}>.`,
		});
		expect(service.claim(id, MO)).toMatchObject({ kind: 'refused', message: `You already claimed escalation #${id}.` });
		service.dismiss(id, LI);
		expect(service.resolve(id, MO)).toMatchObject({
			kind: 'refused',
			reason: 'CLOSED',
			message: `Escalation #${id} is already dismissed by <@${LI.id}>.`,
		});
		expect(service.reopen(id, MO)).toMatchObject({ kind: 'ok', escalation: { status: 'claimed', closedBy: null } });
		expect(service.reopen(id, MO)).toMatchObject({ kind: 'refused', reason: 'NOT_CLOSED' });
	});

	it('reports an unknown id', () => {
		const { service } = escalated();
		expect(service.claim(999, MO)).toEqual({ kind: 'not_found', message: 'There is no escalation #999.' });
		expect(service.show(999)).toBeNull();
	});

	it('refuses to reopen an escalation a newer episode replaced', () => {
		const { service, id, input, clock } = escalated();
		service.resolve(id, MO);
		clock.advance(10);
		service.escalate(input({ eventAt: clock.now() }));
		expect(service.reopen(id, MO)).toMatchObject({ kind: 'refused', reason: 'SUPERSEDED' });
	});

	it('audits an Unmute press and remembers the queue message id without auditing it', () => {
		const { service, id, store } = escalated();
		expect(service.recordUnmute(id, MO).kind).toBe('ok');
		expect(service.setModMessage(id, '1100000000000000777')).toMatchObject({
			escalation: { modMessageId: '1100000000000000777' },
		});
		expect(store.audit.map((a) => a.action)).toEqual(['escalated', 'unmuted']);
	});

	it('re-reads and re-decides when another writer changed the escalation first', () => {
		const { service, id, store } = escalated();
		const realSave = store.save.bind(store);
		let interfered = false;
		store.save = (i, changes, revision, entry, now) => {
			if (!interfered) {
				interfered = true;
				const current = store.get(i);
				if (current !== null)
					realSave(
						i,
						{ ...current, claimedBy: LI.id, claimedByName: LI.name, status: 'claimed' },
						current.revision,
						null,
						now,
					);
			}
			return realSave(i, changes, revision, entry, now);
		};
		expect(service.claim(id, MO)).toMatchObject({ kind: 'refused', reason: 'ALREADY_CLAIMED' });
		expect(store.get(id)?.claimedBy).toBe(LI.id);
	});
});

describe('emailing support', () => {
	function withMailer() {
		const mailer = fakeMailer();
		const ctx = setup({ mailer });
		const result = ctx.service.escalate(ctx.input());
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		return { ...ctx, mailer, id: result.escalation.id };
	}

	it('sends once, stores the Message-ID and time, and never sends again', async () => {
		const { service, id, mailer, clock, store } = withMailer();
		const sent = await service.sendEmail(id, MO);
		expect(sent).toMatchObject({
			kind: 'sent',
			messageId: '<m1@test>',
			escalation: { status: 'emailed', emailSentAt: clock.now() },
		});
		expect(mailer.sent).toEqual([
			expect.objectContaining({
				to: 'support@example.com',
				replyTo: 'mods@example.org',
				subject: store.rows[0]?.emailSubject,
			}),
		]);
		expect(await service.sendEmail(id, LI)).toMatchObject({ kind: 'refused', reason: 'ALREADY_SENT' });
		expect(service.markEmailed(id, '<other@x>')).toMatchObject({ kind: 'refused', reason: 'ALREADY_SENT' });
		expect(mailer.sent).toHaveLength(1);
		expect(store.audit.map((a) => a.action)).toEqual(['escalated', 'emailed']);
		if (sent.kind === 'sent') expect(sent.queue.buttons.map((b) => b.action)).not.toContain('email');
	});

	it('records a failure with exponential back-off, capped at an hour', async () => {
		const { service, id, mailer, clock } = withMailer();
		mailer.failNext(REJECTED);
		const failed = await service.sendEmail(id, MO);
		expect(failed).toMatchObject({
			kind: 'failed',
			retryAt: clock.now() + 60_000,
			failure: { code: 'REJECTED', responseCode: 550 },
			escalation: {
				emailAttempts: 1,
				emailLastError: 'REJECTED 550: 550 mailbox unavailable',
				emailInFlightSince: null,
			},
		});
		if (failed.kind === 'failed') expect(failed.queue.content).toMatch(/failed \(attempt 1/);
		expect(await service.sendEmail(id, MO)).toMatchObject({ kind: 'refused', reason: 'BACKING_OFF' });
		clock.advance(60_000);
		expect(await service.sendEmail(id, MO)).toMatchObject({ kind: 'failed', retryAt: clock.now() + 120_000 });
		expect([1, 2, 3, 7, 8, 20].map(emailBackoffMs)).toEqual([
			60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000,
		]);
		mailer.failNext(null);
		clock.advance(120_000);
		expect(await service.sendEmail(id, MO)).toMatchObject({
			kind: 'sent',
			escalation: { emailAttempts: 3, emailLastError: null },
		});
		expect(mailer.sent).toHaveLength(1);
	});

	it('does not start a second send while one is under way', async () => {
		const sent: OutgoingMail[] = [];
		let release: () => void = () => {};
		const slow: Mailer = {
			send: (mail) =>
				new Promise((resolve) => {
					release = () => {
						sent.push(mail);
						resolve({ messageId: '<slow@test>' });
					};
				}),
		};
		const { service, input } = setup({ mailer: slow });
		const made = service.escalate(input());
		if (made.kind !== 'escalated') throw new Error('expected an escalation');
		const first = service.sendEmail(made.escalation.id, MO);
		expect(await service.sendEmail(made.escalation.id, LI)).toMatchObject({ kind: 'refused', reason: 'IN_FLIGHT' });
		release();
		expect(await first).toMatchObject({ kind: 'sent', messageId: '<slow@test>' });
		expect(sent).toHaveLength(1);
	});

	it('retries due transient failures automatically, but not permanent ones', async () => {
		const { service, id, mailer, clock, input } = withMailer();
		const second = service.escalate(input({ thread: { ...A_THREAD, threadId: '1100000000000000501' } }));
		if (second.kind !== 'escalated') throw new Error('expected an escalation');
		mailer.failNext(DOWN);
		await service.sendEmail(id, MO);
		mailer.failNext(REJECTED);
		await service.sendEmail(second.escalation.id, MO);
		mailer.failNext(null);
		expect(await service.retryDueEmails()).toEqual([]);
		clock.advance(60_000);
		const results = await service.retryDueEmails();
		expect(results.map((r) => [r.kind, 'escalation' in r ? r.escalation.id : null])).toEqual([['sent', id]]);
		expect(mailer.sent).toHaveLength(1);
		expect(MAX_EMAIL_ATTEMPTS).toBeGreaterThan(1);
		expect(EMAIL_LEASE_MS).toBeGreaterThan(60_000);
	});

	it('says so when SMTP is not configured or there is no address', async () => {
		const plain = setup();
		const made = plain.service.escalate(plain.input());
		if (made.kind !== 'escalated') throw new Error('expected an escalation');
		expect(await plain.service.sendEmail(made.escalation.id, MO)).toMatchObject({ kind: 'not_configured' });
		expect(plain.service.emailConfigured).toBe(false);
		const mailer = fakeMailer();
		const noAddress = setup({ mailer, defaultSupportTo: null });
		const e = noAddress.service.escalate(noAddress.input());
		if (e.kind !== 'escalated') throw new Error('expected an escalation');
		expect(await noAddress.service.sendEmail(e.escalation.id, MO)).toMatchObject({
			kind: 'refused',
			reason: 'NO_ADDRESS',
		});
		expect(mailer.sent).toEqual([]);
	});
});

describe('list and show', () => {
	it('pages newest first, 10 per page, filtered by status', () => {
		const { service, input } = setup();
		for (let i = 0; i < 23; i += 1) {
			service.escalate(input({ thread: { ...A_THREAD, threadId: `11000000000000010${String(i).padStart(2, '0')}` } }));
		}
		service.resolve(1, MO);
		const first = service.list(null, 1);
		expect(first).toMatchObject({ page: 1, pageCount: 3, total: 23, status: null });
		expect(first.items).toHaveLength(PAGE_SIZE);
		expect(first.items[0]?.id).toBe(23);
		expect(service.list(undefined, 3).items).toHaveLength(3);
		expect(service.list('resolved')).toMatchObject({ total: 1, pageCount: 1, items: [{ id: 1 }] });
		expect(service.list('open', 9).items).toEqual([]);
	});

	it('shows an escalation with its audit trail', () => {
		const { service, input } = setup();
		service.escalate(input());
		service.claim(1, MO);
		expect(service.show(1)?.audit.map((a) => a.action)).toEqual(['escalated', 'claimed']);
	});
});

describe('hand-offs that help', () => {
	it('asking for a person with no error to report gives a short note, not a vendor draft', () => {
		const { service, input } = setup();
		const result = service.escalate(
			input({ facts: { ownerText: 'can I talk to a human?' }, triage: null, cause: null, errors: [] }),
		);
		if (result.kind !== 'escalated') throw new Error(result.kind);
		expect(result.userDraft).toMatch(/passed this to the team; a moderator will follow up here/);
		expect(result.userDraft).not.toMatch(/\*\*To:\*\*|```/);
		// With an error in the thread, the draft is there.
		const other = setup();
		const withError = other.service.escalate(other.input({ facts: { ownerText: 'can I talk to a human?' } }));
		if (withError.kind !== 'escalated') throw new Error(withError.kind);
		expect(withError.userDraft).toMatch(/```text/);
		// Only a status ("403 Forbidden Error"), the body still missing: the short note too.
		const statusOnly = setup();
		const triage = triagePost({ title: '403 Forbidden Error', body: 'I keep getting 403 Forbidden', attachments: [] });
		expect(triage.missing).toContain('error_body');
		const noBody = statusOnly.service.escalate(
			statusOnly.input({ facts: { ownerText: 'can I talk to a human?' }, triage, cause: null, errors: [triage.error] }),
		);
		if (noBody.kind !== 'escalated') throw new Error(noBody.kind);
		expect(noBody.userDraft).not.toMatch(/\*\*To:\*\*|```/);
	});

	it("the owner's Solved it resolves the thread's open escalation, once", () => {
		const { service, input, store } = setup();
		const result = service.escalate(input());
		if (result.kind !== 'escalated') throw new Error(result.kind);
		const resolved = service.resolveOpenForThread(A_THREAD.threadId, OWNER, 'The poster marked the thread solved.');
		expect(resolved?.id).toBe(result.escalation.id);
		expect(resolved?.queue.content).toMatch(/Resolved/);
		expect(store.get(result.escalation.id)).toMatchObject({ status: 'resolved', closedBy: OWNER.id });
		expect(service.resolveOpenForThread(A_THREAD.threadId, OWNER, 'again')).toBeNull();
		expect(service.resolveOpenForThread('no-such-thread', OWNER, 'x')).toBeNull();
	});
});

describe('hand-offs an earlier run left unfinished', () => {
	it('lists an open escalation without a queue message until it has one, and only those from before the start', () => {
		const { clock, service, input } = setup();
		const result = service.escalate(input());
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		const id = result.escalation.id;
		expect(service.settleUnfinished(clock.now()).unposted).toEqual([]);
		clock.advance(1000);
		expect(service.settleUnfinished(clock.now())).toEqual({ unposted: [{ id, queue: result.queue }], interrupted: [] });
		service.setModMessage(id, '1200000000000000001');
		expect(service.settleUnfinished(clock.now()).unposted).toEqual([]);
	});

	it('marks a send cut short INTERRUPTED: never retried on its own, and a retry reuses the Message-ID', async () => {
		const sent: OutgoingMail[] = [];
		let hang = true;
		const mailer: Mailer = {
			send: (mail) => {
				sent.push(mail);
				// The first send never returns: the process died during it.
				if (hang) return new Promise(() => {});
				return Promise.resolve({ messageId: `<${mail.messageIdKey}@test>` });
			},
		};
		const { clock, service, input } = setup({ mailer });
		const result = service.escalate(input());
		if (result.kind !== 'escalated') throw new Error('expected an escalation');
		const id = result.escalation.id;
		service.setModMessage(id, '1200000000000000001');
		void service.sendEmail(id, MO);
		await Promise.resolve();
		expect(sent).toHaveLength(1);
		clock.advance(1000);
		const settled = service.settleUnfinished(clock.now());
		expect(settled.unposted).toEqual([]);
		expect(settled.interrupted.map((e) => e.id)).toEqual([id]);
		const record = service.show(id)?.escalation;
		expect(record).toMatchObject({
			emailFailureCode: 'INTERRUPTED',
			emailInFlightSince: null,
			nextEmailAttemptAt: null,
			emailMessageId: null,
		});
		expect(settled.interrupted[0]?.queue.content).toMatch(/may not have been sent.*check the support inbox/i);
		expect(settled.interrupted[0]?.queue.buttons.map((b) => b.label)).toContain('Resend email (check inbox first)');
		clock.advance(EMAIL_LEASE_MS * 10);
		expect(await service.retryDueEmails()).toEqual([]);
		expect(service.settleUnfinished(clock.now())).toEqual({ unposted: [], interrupted: [] });
		hang = false;
		expect(await service.sendEmail(id, MO)).toMatchObject({ kind: 'sent' });
		expect(sent.map((m) => m.messageIdKey)).toEqual([sent[0]?.messageIdKey, sent[0]?.messageIdKey]);
		expect(sent[0]?.messageIdKey).toMatch(/^doorman-escalation-1-\d+\./);
	});
});
