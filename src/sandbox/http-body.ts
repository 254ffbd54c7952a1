import type { IncomingMessage } from 'node:http';
import { ApiError, ErrorCodes } from './api-error.js';

/** A file part of a multipart request (`files[n]`). */
export interface UploadedFile {
	readonly field: string;
	readonly filename: string;
	readonly contentType: string;
	readonly bytes: Buffer;
}

export interface ParsedBody {
	/** The JSON body, or the `payload_json` part of a multipart body; `undefined` if none. */
	readonly json: unknown;
	readonly files: readonly UploadedFile[];
}

export async function readRawBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	return Buffer.concat(chunks);
}

/**
 * Parses JSON and multipart bodies the way Discord accepts them: a multipart body carries the JSON
 * in a `payload_json` part and the files in `files[n]` parts.
 *
 * @see https://discord.com/developers/docs/reference#uploading-files
 */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
	if (raw.length === 0) return { json: undefined, files: [] };
	if (contentType?.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
	return { json: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw new ApiError(400, ErrorCodes.General, 'The request body contains invalid JSON.');
	}
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
	// Node's fetch Response parses multipart natively; no extra dependency needed.
	const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
	let json: unknown;
	const files: UploadedFile[] = [];
	for (const [field, value] of form.entries()) {
		if (typeof value === 'string') {
			if (field === 'payload_json') json = parseJson(value);
			continue;
		}
		files.push({
			field,
			filename: value.name,
			contentType: value.type || 'application/octet-stream',
			bytes: Buffer.from(await value.arrayBuffer()),
		});
	}
	return { json, files };
}
