export type StoreErrorCode = 'DB_FROM_FUTURE' | 'DB_UNWRITABLE' | 'DB_CORRUPT' | 'MIGRATIONS_INVALID';

/** An operator-fixable storage problem; the message names the problem and the fix. */
export class StoreError extends Error {
	override readonly name = 'StoreError';
	constructor(
		readonly code: StoreErrorCode,
		message: string,
		options?: { cause?: unknown },
	) {
		super(message, options);
	}
}
