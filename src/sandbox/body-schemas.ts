import type { APIEmbed, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { z } from 'zod';
import { ApiError, ErrorCodes } from './api-error.js';
import type { FileInput } from './attachments.js';
import type { UploadedFile } from './http-body.js';

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null;

/** Embeds and components are stored as sent; only their container shape is checked. */
const embeds = z.array(z.custom<APIEmbed>(isObject));
const components = z.array(z.custom<APIMessageTopLevelComponent>(isObject));
const attachments = z.array(
	z.object({
		id: z.union([z.string(), z.number()]),
		filename: z.string().optional(),
		description: z.string().optional(),
	}),
);

/** The fields of a message create body the sandbox reads (channel messages, webhooks, callbacks). */
export const MessageBodySchema = z.object({
	content: z.string().optional(),
	nonce: z.union([z.string().max(25), z.number().int()]).optional(),
	enforce_nonce: z.boolean().optional(),
	embeds: embeds.optional(),
	components: components.optional(),
	message_reference: z
		.object({
			message_id: z.string().optional(),
			channel_id: z.string().optional(),
			fail_if_not_exists: z.boolean().optional(),
		})
		.optional(),
	attachments: attachments.optional(),
	flags: z.number().int().optional(),
});
export type MessageBody = z.infer<typeof MessageBodySchema>;

/** Edits may null a field to clear it. */
export const MessageEditSchema = z.object({
	content: z.string().nullable().optional(),
	embeds: embeds.nullable().optional(),
	components: components.nullable().optional(),
	attachments: attachments.nullable().optional(),
	flags: z.number().int().nullable().optional(),
});
export type MessageEdit = z.infer<typeof MessageEditSchema>;

/** Parses a body or answers 400 Invalid Form Body with Discord's nested error shape. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
	const parsed = schema.safeParse(body ?? {});
	if (parsed.success) return parsed.data;
	const errors: Record<string, unknown> = {};
	for (const issue of parsed.error.issues) {
		errors[issue.path.join('.') || '_root'] = { _errors: [{ code: 'BASE_TYPE_INVALID', message: issue.message }] };
	}
	throw new ApiError(400, ErrorCodes.InvalidFormBody, 'Invalid Form Body', errors);
}

/**
 * Pairs uploaded `files[n]` parts with the `attachments` entries whose `id` is `n`, which carry
 * the filename and description the bot chose.
 */
export function filesFromUpload(
	uploads: readonly UploadedFile[],
	meta: MessageBody['attachments'] | MessageEdit['attachments'],
): FileInput[] {
	return uploads.map((upload) => {
		const index = /^files\[(\d+)\]$/.exec(upload.field)?.[1] ?? upload.field;
		const entry = meta?.find((a) => String(a.id) === index);
		const file: { filename: string; bytes: Buffer; contentType: string; description?: string } = {
			filename: entry?.filename ?? upload.filename,
			bytes: upload.bytes,
			contentType: upload.contentType,
		};
		if (entry?.description !== undefined) file.description = entry.description;
		return file;
	});
}
