import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { LlmRejectReason } from './types.js';

/** A failed call to the endpoint, classified by the SDK error class and HTTP status (never by message text). */
export class LlmError extends Error {
	override readonly name = 'LlmError';
	readonly code: LlmRejectReason;
	readonly status: number | null;

	constructor(code: LlmRejectReason, status: number | null, options?: { cause?: unknown }) {
		super(status === null ? `LLM call failed: ${code}` : `LLM call failed: ${code} (HTTP ${status})`, options);
		this.code = code;
		this.status = status;
	}
}

/** Maps whatever the SDK threw to a reason and, when the endpoint answered, its HTTP status. */
export function classifyError(error: unknown): LlmError {
	if (error instanceof LlmError) return error;
	if (error instanceof APIConnectionTimeoutError) return new LlmError('TIMEOUT', null, { cause: error });
	if (error instanceof APIConnectionError) return new LlmError('CONNECTION_FAILED', null, { cause: error });
	if (error instanceof APIError && typeof error.status === 'number') {
		const status = error.status;
		if (status === 429) return new LlmError('RATE_LIMITED', status, { cause: error });
		if (status === 408) return new LlmError('TIMEOUT', status, { cause: error });
		if (status >= 500) return new LlmError('SERVER_ERROR', status, { cause: error });
		return new LlmError('HTTP_ERROR', status, { cause: error });
	}
	return new LlmError('CALL_FAILED', null, { cause: error });
}
