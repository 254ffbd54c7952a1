import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { type Mailer, type MailFailure, MailSendError, type OutgoingMail } from '../escalation/ports.js';
import { oneLine } from '../escalation/text.js';
import { truncate } from '../message-text.js';
import type { SmtpSettings } from '../settings/smtp.js';
import { redactString } from '../triage/redact-secrets.js';

export interface SmtpMailerOptions {
	/** Connection, greeting and socket timeouts. @defaultValue 15000 */
	readonly timeoutMs?: number;
	/** Refuse to send unless the connection is encrypted (STARTTLS required when not `secure`). @defaultValue false */
	readonly requireTls?: boolean;
}

export interface SmtpMailer extends Mailer {
	/** Connects and authenticates without sending, for a start-up or health check. */
	verify(): Promise<void>;
	close(): void;
}

const NODE_CODES_CONNECTION = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH']);

const describe = (error: unknown): string => {
	if (error instanceof Error) {
		const response = (error as { response?: unknown }).response;
		return typeof response === 'string' && response !== '' ? response : error.message;
	}
	return String(error);
};

/**
 * Classifies a nodemailer error by its SMTP reply code and nodemailer's error code, never by message
 * text: 4xx and connection trouble are retryable; 5xx rejections, authentication and TLS problems
 * need a person.
 * @see https://www.rfc-editor.org/rfc/rfc5321#section-4.2.1
 */
export function classifySmtpError(error: unknown): MailFailure {
	const e = (typeof error === 'object' && error !== null ? error : {}) as {
		code?: unknown;
		responseCode?: unknown;
	};
	const code = typeof e.code === 'string' ? e.code : null;
	const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
	const message = truncate(oneLine(redactString(describe(error))), 300);
	const failure = (kind: MailFailure['code'], retryable: boolean): MailFailure => ({
		code: kind,
		responseCode,
		message,
		retryable,
	});
	if (code === 'EAUTH' || responseCode === 530 || responseCode === 534 || responseCode === 535) {
		return failure('AUTH', false);
	}
	if (responseCode !== null && responseCode >= 400 && responseCode < 500) return failure('TEMPORARY', true);
	if (responseCode !== null && responseCode >= 500) return failure('REJECTED', false);
	if (code === 'ETLS' || code === 'EREQUIRETLS') return failure('TLS', false);
	if (code === 'ETIMEDOUT') return failure('TIMEOUT', true);
	if (code !== null && NODE_CODES_CONNECTION.has(code)) return failure('CONNECTION', true);
	if (code === 'EENVELOPE' || code === 'EMESSAGE') return failure('REJECTED', false);
	return failure('UNKNOWN', true);
}

/**
 * The Mailer port over nodemailer's SMTP transport. Subject and body are scrubbed once more before
 * they leave; failures throw MailSendError with the classified failure.
 */
export function createSmtpMailer(settings: SmtpSettings, options: SmtpMailerOptions = {}): SmtpMailer {
	const timeout = options.timeoutMs ?? 15_000;
	const transportOptions: SMTPTransport.Options = {
		host: settings.host,
		port: settings.port,
		secure: settings.secure,
		requireTLS: options.requireTls ?? false,
		connectionTimeout: timeout,
		greetingTimeout: timeout,
		socketTimeout: timeout,
		...(settings.user === undefined ? {} : { auth: { user: settings.user, pass: settings.password ?? '' } }),
	};
	const transport = nodemailer.createTransport(transportOptions);
	// The Message-ID's right part: the From address's domain (`Name <a@b.example>` or a bare address).
	const senderDomain = /@([^\s>]+)>?\s*$/.exec(settings.from)?.[1] ?? 'doorman.invalid';
	return {
		async send(mail: OutgoingMail): Promise<{ messageId: string }> {
			const replyTo = mail.replyTo ?? settings.replyTo;
			try {
				const info = await transport.sendMail({
					...(mail.messageIdKey === undefined ? {} : { messageId: `<${mail.messageIdKey}@${senderDomain}>` }),
					from: settings.from,
					to: mail.to,
					...(mail.cc === undefined ? {} : { cc: mail.cc }),
					subject: oneLine(redactString(mail.subject)),
					text: redactString(mail.text),
					...(replyTo === undefined ? {} : { replyTo }),
				});
				// The send counts only when the To: recipient took it; a copy to the desk alone is not a send.
				const rejectedTo = info.rejected.some((r) => r.toLowerCase() === mail.to.toLowerCase());
				if (info.rejected.length > 0 && (info.accepted.length === 0 || rejectedTo)) {
					throw Object.assign(new Error(`recipient rejected: ${info.response}`), { code: 'EENVELOPE' });
				}
				return { messageId: info.messageId };
			} catch (error) {
				throw new MailSendError(classifySmtpError(error), { cause: error });
			}
		},
		async verify(): Promise<void> {
			try {
				await transport.verify();
			} catch (error) {
				throw new MailSendError(classifySmtpError(error), { cause: error });
			}
		},
		close(): void {
			transport.close();
		},
	};
}
