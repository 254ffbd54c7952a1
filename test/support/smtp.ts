import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as it arrived at the test server, with headers unfolded and the body decoded. */
export interface ReceivedMail {
	readonly envelopeFrom: string | null;
	readonly envelopeTo: readonly string[];
	/** The raw RFC 5322 message, as sent over the wire. */
	readonly raw: string;
	/** Header values by lower-cased name (the first occurrence), RFC 2047 words decoded. */
	readonly headers: ReadonlyMap<string, string>;
	/** The text body, transfer encoding undone. */
	readonly text: string;
}

export interface SmtpServerOptions {
	/** Reply to RCPT TO with this error (e.g. 550 mailbox unavailable, 421 try later). */
	readonly rejectRecipient?: { readonly code: number; readonly message: string };
	/** Require AUTH with these credentials (plain-text auth is allowed on loopback). */
	readonly auth?: { readonly user: string; readonly password: string };
}

export interface TestSmtpServer {
	readonly host: string;
	readonly port: number;
	readonly received: ReceivedMail[];
	/** Connections that got as far as the greeting. */
	readonly connections: () => number;
	setRejectRecipient(reject: SmtpServerOptions['rejectRecipient'] | null): void;
	/**
	 * Takes the next message (it counts as received: the worst case, delivered) but withholds the final reply until
	 * released, so a test can kill the sender mid-send. `reached` resolves once the message is in.
	 */
	holdNextReply(): { readonly reached: Promise<void>; release(): void };
	close(): Promise<void>;
}

const decodeWords = (value: string): string =>
	value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=\s*/g, (_m, _charset: string, enc: string, data: string) =>
		enc.toUpperCase() === 'B'
			? Buffer.from(data, 'base64').toString('utf8')
			: Buffer.from(
					data
						.replace(/_/g, ' ')
						.replace(/=([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
					'latin1',
				).toString('utf8'),
	);

const decodeQuotedPrintable = (body: string): string =>
	Buffer.from(
		body
			.replace(/=\r?\n/g, '')
			.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
		'latin1',
	).toString('utf8');

/** Splits a single-part message into unfolded headers and a decoded text body. */
export function parseMail(raw: string): { headers: Map<string, string>; text: string } {
	const split = raw.indexOf('\r\n\r\n');
	const head = split < 0 ? raw : raw.slice(0, split);
	const body = split < 0 ? '' : raw.slice(split + 4);
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
	}
	const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
	const text =
		encoding === 'quoted-printable'
			? decodeQuotedPrintable(body)
			: encoding === 'base64'
				? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
				: body;
	return { headers, text: text.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port; no TLS. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
	const received: ReceivedMail[] = [];
	let reject = options.rejectRecipient ?? null;
	let connections = 0;
	let hold: { reached: () => void; gate: Promise<void> } | null = null;
	const releases: (() => void)[] = [];
	const server = new SMTPServer({
		logger: false,
		disabledCommands: options.auth === undefined ? ['AUTH', 'STARTTLS'] : ['STARTTLS'],
		authOptional: options.auth === undefined,
		allowInsecureAuth: true,
		onConnect(_session, callback) {
			connections += 1;
			callback();
		},
		onAuth(auth, _session, callback) {
			if (
				options.auth !== undefined &&
				auth.username === options.auth.user &&
				auth.password === options.auth.password
			) {
				callback(null, { user: auth.username });
				return;
			}
			callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
		},
		onRcptTo(_address, _session, callback) {
			if (reject !== null) {
				callback(Object.assign(new Error(reject.message), { responseCode: reject.code }));
				return;
			}
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const { headers, text } = parseMail(raw);
				const from = session.envelope.mailFrom;
				received.push({
					envelopeFrom: from === false ? null : from.address,
					envelopeTo: session.envelope.rcptTo.map((r) => r.address),
					raw,
					headers,
					text,
				});
				const held = hold;
				hold = null;
				if (held === null) {
					callback();
					return;
				}
				held.reached();
				void held.gate.then(() => callback());
			});
		},
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.server.address() as AddressInfo;
	return {
		host: '127.0.0.1',
		port,
		received,
		connections: () => connections,
		setRejectRecipient(next) {
			reject = next ?? null;
		},
		holdNextReply() {
			let reached: () => void = () => {};
			const reachedPromise = new Promise<void>((resolve) => {
				reached = resolve;
			});
			let release: () => void = () => {};
			const gate = new Promise<void>((resolve) => {
				release = resolve;
			});
			releases.push(release);
			hold = { reached, gate };
			return { reached: reachedPromise, release };
		},
		close: () => {
			for (const release of releases) release();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A loopback port with nothing listening on it (a server that was started, then closed). */
export async function deadPort(): Promise<number> {
	const server = await startSmtpServer();
	await server.close();
	return server.port;
}
