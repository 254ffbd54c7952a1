import type { APIAttachment } from 'discord-api-types/v10';
import type { SandboxState } from './state.js';

/** A file to attach, from the driver API or a bot upload. */
export interface FileInput {
	readonly filename: string;
	readonly bytes: Buffer;
	/** @defaultValue guessed from the file name, else `application/octet-stream` */
	readonly contentType?: string;
	readonly description?: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
	txt: 'text/plain; charset=utf-8',
	log: 'text/plain; charset=utf-8',
	md: 'text/markdown; charset=utf-8',
	json: 'application/json; charset=utf-8',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
};

/**
 * Stores a file and returns its attachment object. `url` and `proxy_url` point at the sandbox in
 * the Discord CDN's layout (`/attachments/<channel>/<attachment>/<filename>`), so a bot that
 * downloads attachments fetches them from the sandbox.
 */
export function storeAttachment(
	state: SandboxState,
	baseUrl: string,
	channelId: string,
	file: FileInput,
): APIAttachment {
	const id = state.ids.next();
	const extension = file.filename.split('.').pop()?.toLowerCase() ?? '';
	const contentType = file.contentType ?? CONTENT_TYPES[extension] ?? 'application/octet-stream';
	const key = `${channelId}/${id}/${encodeURIComponent(file.filename)}`;
	state.files.set(key, { bytes: file.bytes, contentType, filename: file.filename });
	const url = `${baseUrl}/attachments/${key}`;
	const attachment: APIAttachment = {
		id,
		filename: file.filename,
		size: file.bytes.length,
		url,
		proxy_url: url,
		content_type: contentType,
	};
	if (file.description !== undefined) attachment.description = file.description;
	return attachment;
}
