/** Discord's epoch (2015-01-01T00:00:00Z), the zero point of every snowflake's timestamp. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Makes real-looking snowflakes: the creation time sits in the high bits, so ids sort by time
 * and `before`/`after` pagination and discord.js's `createdTimestamp` behave as on Discord.
 */
export class SnowflakeGenerator {
	#last = 0n;

	next(): string {
		let id = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
		// Several ids in the same millisecond must still be unique and increasing.
		if (id <= this.#last) id = this.#last + 1n;
		this.#last = id;
		return id.toString();
	}
}

/** Compares two snowflakes numerically (they are too long for `Number`). */
export function compareSnowflakes(a: string, b: string): number {
	const x = BigInt(a);
	const y = BigInt(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

/** The creation time of a snowflake as an ISO timestamp. */
export function snowflakeTimestamp(id: string): string {
	return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH)).toISOString();
}

/** A random token-like string (interaction tokens, session ids). */
export function randomToken(bytes = 24): string {
	const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let out = '';
	for (let i = 0; i < bytes; i++) out += chars[Math.floor(Math.random() * chars.length)];
	return out;
}
