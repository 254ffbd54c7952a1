import { triagePost } from '../../../src/triage/index.js';
import { type ErrorBody, type Triage, TriageSchema } from '../../../src/triage/types.js';

/** Triage of a post whose body is `body`, checked against the schema. */
export function triage(body: string, title = '', attachments: { name: string; text: string }[] = []): Triage {
	return TriageSchema.parse(triagePost({ title, body, attachments }));
}

/** The error body of a post, which must have one. */
export function errorOf(body: string): ErrorBody {
	const error = triage(body).error;
	if (error === null) throw new Error('expected an error body');
	return error;
}
