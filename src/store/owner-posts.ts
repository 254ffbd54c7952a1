import { z } from 'zod';
import type { StoredOwnerPost } from '../thread/ports.js';
import type { OwnerPost } from '../thread/thread-text.js';
import type { Db } from './open.js';

const RowSchema = z.object({
	message_id: z.string(),
	content: z.string(),
	attachments: z.string(),
	created_at: z.number(),
});
const AttachmentsSchema = z.array(
	z
		.object({ name: z.string(), text: z.string(), source: z.literal('ocr').optional() })
		.transform(({ source, ...a }) => (source === undefined ? a : { ...a, source })),
);

function toStored(row: unknown): StoredOwnerPost {
	const r = RowSchema.parse(row);
	const attachments = AttachmentsSchema.safeParse(JSON.parse(r.attachments));
	return {
		messageId: r.message_id,
		createdAt: r.created_at,
		post: { content: r.content, attachments: attachments.success ? attachments.data : [] },
	};
}

/** The thread owner's messages, stored (already redacted by the core) as they arrive; an edit replaces the text. */
export function ownerPostRepository(db: Db) {
	const upsert = db.prepare(
		`INSERT INTO owner_posts (message_id, thread_id, content, attachments, created_at)
		 VALUES (@messageId, @threadId, @content, @attachments, @createdAt)
		 ON CONFLICT (message_id) DO UPDATE SET content = excluded.content, attachments = excluded.attachments,
		   edited_at = @now
		 WHERE owner_posts.content != excluded.content OR owner_posts.attachments != excluded.attachments`,
	);
	// Snowflakes in time order: numeric, not text, order.
	const list = db.prepare(
		'SELECT message_id, content, attachments, created_at FROM owner_posts WHERE thread_id = ? ORDER BY CAST(message_id AS INTEGER)',
	);
	return {
		save(threadId: string, messageId: string, post: OwnerPost, createdAt: number, now: number): void {
			upsert.run({
				messageId,
				threadId,
				content: post.content,
				attachments: JSON.stringify(post.attachments.map((a) => ({ name: a.name, text: a.text, source: a.source }))),
				createdAt,
				now,
			});
		},
		list(threadId: string): StoredOwnerPost[] {
			return list.all(threadId).map(toStored);
		},
	};
}

export type OwnerPostRepository = ReturnType<typeof ownerPostRepository>;
