import { grown } from './typed-arrays.js';

/**
 * Dense ids (0, 1, 2 …) of byte strings, looked up from their bytes (`forEachTokenBytes` hands tokens over as bytes):
 * an open-addressing hash table whose keys live in one byte pool. Building the text index looks up every token of
 * the KB, most of them seen before; a lookup reads the bytes once and makes no string.
 */
export class ByteStringIds {
	/** Per slot: id + 1, or 0 when empty. A power of two, at most half full. */
	private slots = new Int32Array(1024);
	/** Per id: its hash, and where its bytes start in `pool` (they end where the next id's start). */
	private hashes = new Int32Array(256);
	private starts = new Int32Array(257);
	private pool = new Uint8Array(4096);
	private count = 0;

	get size(): number {
		return this.count;
	}

	/** The id of `bytes[0, length)`, or -1 when it has none. */
	find(bytes: Uint8Array, length: number): number {
		const hash = hashOf(bytes, length);
		const mask = this.slots.length - 1;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const stored = this.slots[slot] as number;
			if (stored === 0) return -1;
			const id = stored - 1;
			if (this.hashes[id] === hash && this.equals(id, bytes, length)) return id;
		}
	}

	/** Gives `bytes[0, length)` the next id (it must have none yet) and returns it. */
	add(bytes: Uint8Array, length: number): number {
		const id = this.count;
		if (id + 1 >= this.hashes.length) {
			this.hashes = grown(this.hashes, this.hashes.length * 2);
			this.starts = grown(this.starts, this.starts.length * 2);
		}
		const start = this.starts[id] as number;
		if (start + length > this.pool.length) this.pool = grown(this.pool, Math.max(2 * this.pool.length, start + length));
		this.pool.set(bytes.subarray(0, length), start);
		this.starts[id + 1] = start + length;
		const hash = hashOf(bytes, length);
		this.hashes[id] = hash;
		this.count = id + 1;
		if (2 * this.count > this.slots.length) this.rehash(2 * this.slots.length);
		else this.place(id, hash);
		return id;
	}

	private equals(id: number, bytes: Uint8Array, length: number): boolean {
		const start = this.starts[id] as number;
		if ((this.starts[id + 1] as number) - start !== length) return false;
		const pool = this.pool;
		for (let k = 0; k < length; k += 1) if (pool[start + k] !== bytes[k]) return false;
		return true;
	}

	private place(id: number, hash: number): void {
		const mask = this.slots.length - 1;
		let slot = hash & mask;
		while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
		this.slots[slot] = id + 1;
	}

	private rehash(size: number): void {
		this.slots = new Int32Array(size);
		for (let id = 0; id < this.count; id += 1) this.place(id, this.hashes[id] as number);
	}
}

/** FNV-1a over the bytes. */
function hashOf(bytes: Uint8Array, length: number): number {
	let hash = 0x811c9dc5 | 0;
	for (let k = 0; k < length; k += 1) hash = Math.imul(hash ^ (bytes[k] as number), 0x01000193);
	return hash;
}
