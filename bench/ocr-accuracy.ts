/** Text compared for character accuracy: whitespace runs as one space, none around CJK characters. */
export function comparable(text: string): string {
	return text
		.replace(/\s+/g, ' ')
		.replace(/ ?([\p{Script=Han}\u3000-\u303f\uff00-\uffef]) ?/gu, '$1')
		.trim();
}

/** Levenshtein distance over code points, two rows. */
export function editDistance(a: string, b: string): number {
	const x = [...a];
	const y = [...b];
	let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
	for (let i = 1; i <= x.length; i++) {
		const row = [i];
		for (let j = 1; j <= y.length; j++) {
			const cost = x[i - 1] === y[j - 1] ? 0 : 1;
			row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
		}
		previous = row;
	}
	return previous[y.length] ?? 0;
}

/** 1 − edit distance / length of the truth, floored at 0 (the usual character accuracy of OCR evaluations). */
export function characterAccuracy(truth: string, read: string): number {
	const t = comparable(truth);
	if (t.length === 0) return 1;
	return Math.max(0, 1 - editDistance(t, comparable(read)) / [...t].length);
}
