/** A typed array of `size` elements holding `array`'s elements first (an index that grows as it is built). Pure. */
export function grown<T extends Int32Array | Uint8Array | Float64Array>(array: T, size: number): T {
	const out = new (array.constructor as new (size: number) => T)(size);
	out.set(array);
	return out;
}
