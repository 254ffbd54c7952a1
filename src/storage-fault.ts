/**
 * SQLite result codes that mean the database file cannot take writes or is damaged: a full disk (or page limit), an
 * I/O error, a read-only file, corruption. better-sqlite3 puts the extended code name on `error.code`.
 * @see https://www.sqlite.org/rescode.html
 */
const FAULT_CODES = /^SQLITE_(?:FULL|IOERR|READONLY|CORRUPT|NOTADB|CANTOPEN)(?:_|$)/;

/**
 * The SQLite code of a storage fault (`SQLITE_FULL`, `SQLITE_READONLY_DBMOVED` …), or null for any other error. Looks
 * through a few `cause` links, since a caller may wrap the store's error in its own.
 */
export function storageFaultCode(error: unknown): string | null {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && FAULT_CODES.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return null;
}

/** What the operator reads: the fault and what to do. */
export function describeFault(code: string): string {
	switch (faultKind(code)) {
		case 'full':
			return `${code}: the disk (or the database's page limit) is full; free space`;
		case 'readonly':
			return `${code}: the database is read-only; give the bot's user write access`;
		case 'corrupt':
			return `${code}: the database is damaged; restore it from a backup`;
		case 'other':
			return `${code}: the database file cannot be read or written; check the disk`;
	}
}

/** What the operator must do about a fault, as a kind (the moderators' notice words it in their language). */
export function faultKind(code: string): 'full' | 'readonly' | 'corrupt' | 'other' {
	if (code.startsWith('SQLITE_FULL')) return 'full';
	if (code.startsWith('SQLITE_READONLY')) return 'readonly';
	if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'corrupt';
	return 'other';
}
