import type { RESTOptions } from 'discord.js';
import { redactString } from '../triage/redact-secrets.js';

type MakeRequest = RESTOptions['makeRequest'];
type RequestInit = Parameters<MakeRequest>[1];

/** Every string inside a JSON value redacted; structure kept whole (no depth or width cap: Discord's own payloads). */
function redactJson(value: unknown): unknown {
	if (typeof value === 'string') return redactString(value);
	if (Array.isArray(value)) return value.map(redactJson);
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v)]));
	}
	return value;
}

function redactJsonText(text: string): string {
	try {
		return JSON.stringify(redactJson(JSON.parse(text)));
	} catch {
		return redactString(text);
	}
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A file part redacted when it is text (a reposted `message.txt`); binary files (images) are sent as they are. */
async function redactFile(file: Blob): Promise<Blob> {
	const bytes = new Uint8Array(await file.arrayBuffer());
	let text: string;
	try {
		text = UTF8.decode(bytes);
	} catch {
		return file;
	}
	const redacted = redactString(text);
	return redacted === text ? file : new Blob([redacted], { type: file.type });
}

async function redactForm(form: FormData): Promise<FormData> {
	const out = new FormData();
	for (const [name, value] of form.entries()) {
		if (typeof value === 'string')
			out.append(name, name === 'payload_json' ? redactJsonText(value) : redactString(value));
		else out.append(name, await redactFile(value), value.name);
	}
	return out;
}

/** The body of a request with every secret redacted: JSON, multipart (payload and text files) or plain text. */
export async function redactRequestBody(
	body: NonNullable<RequestInit['body']>,
): Promise<NonNullable<RequestInit['body']>> {
	if (typeof body === 'string') return redactJsonText(body);
	if (body instanceof FormData) return redactForm(body);
	return body;
}

/**
 * Wraps the REST client's transport so nothing the bot sends to Discord (messages, edits, interaction replies,
 * reposted attachments, thread names) carries a key, whichever code path built it: the outgoing boundary of the one
 * redaction engine. Headers (the bot's own token) are untouched.
 */
export function redactingRequest(makeRequest: MakeRequest): MakeRequest {
	return async (url, init) =>
		makeRequest(url, init.body == null ? init : { ...init, body: await redactRequestBody(init.body) });
}
