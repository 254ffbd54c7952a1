/**
 * What the health check reads. The app implements it over the live Discord client, the database and its
 * clock; tests implement it with plain values.
 */
export interface HealthSource {
	/** True while the gateway WebSocket is connected and ready. */
	isGatewayConnected(): boolean;
	/** True when the database accepts a write transaction (see `isWritable` in `database-writable.ts`). */
	isDatabaseWritable(): boolean;
	/**
	 * Why the database cannot serve the bot (read-only, full, corrupt, a write that failed); empty when it can. When
	 * given, it decides the database check and its findings are reported.
	 */
	databaseProblems?(): readonly string[];
	/** Epoch milliseconds of the last gateway event handled, or `null` when none has arrived yet. */
	lastEventAt(): number | null;
	/** Current epoch milliseconds. */
	now(): number;
	/** True when screenshots can be read (the OCR engine runs here). Reported only; never fails the check. */
	isOcrAvailable?(): boolean;
}

/** Options for {@link evaluateHealth}. */
export interface HealthOptions {
	/**
	 * Fail the check when the last event is older than this many milliseconds. Unset, the age is only
	 * reported, because a quiet forum is not a fault. A bot with no event yet never fails on age.
	 * @defaultValue undefined
	 */
	readonly maxEventAgeMs?: number | undefined;
}

/** The `/healthz` body. */
export interface HealthReport {
	readonly ok: boolean;
	readonly checks: {
		readonly gateway: boolean;
		readonly database: boolean;
		/** Milliseconds since the last handled event (never negative), or `null` when none yet. */
		readonly lastEventAgeMs: number | null;
		/** The database's problems, when the source reports them and there are any. */
		readonly databaseProblems?: readonly string[];
		/** Whether screenshots are read (OCR); present when the app reports it. A bot without OCR is still healthy. */
		readonly ocr?: boolean;
	};
}

/** Runs one probe; a probe that throws counts as failing, so a broken dependency never breaks the endpoint. */
function probe(check: () => boolean): boolean {
	try {
		return check() === true;
	} catch {
		return false;
	}
}

/**
 * Evaluates health: healthy when the gateway is connected and the database is writable, and, only when
 * `maxEventAgeMs` is set, the last event is no older than that.
 */
export function evaluateHealth(source: HealthSource, options: HealthOptions = {}): HealthReport {
	const gateway = probe(() => source.isGatewayConnected());
	let problems: readonly string[] = [];
	if (source.databaseProblems !== undefined) {
		try {
			problems = source.databaseProblems();
		} catch (error) {
			problems = [error instanceof Error ? error.message : String(error)];
		}
	}
	const database =
		source.databaseProblems === undefined ? probe(() => source.isDatabaseWritable()) : problems.length === 0;
	let lastEventAgeMs: number | null = null;
	try {
		const at = source.lastEventAt();
		if (at !== null && Number.isFinite(at)) lastEventAgeMs = Math.max(0, source.now() - at);
	} catch {
		lastEventAgeMs = null;
	}
	const { maxEventAgeMs } = options;
	const isStale = maxEventAgeMs !== undefined && lastEventAgeMs !== null && lastEventAgeMs > maxEventAgeMs;
	const ocr = source.isOcrAvailable === undefined ? {} : { ocr: probe(() => source.isOcrAvailable?.() === true) };
	const checks = {
		gateway,
		database,
		lastEventAgeMs,
		...(problems.length > 0 ? { databaseProblems: problems } : {}),
		...ocr,
	};
	return { ok: gateway && database && !isStale, checks };
}
