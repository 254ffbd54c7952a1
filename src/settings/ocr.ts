/** How the bot reads text from image attachments (Tesseract, run as a child process). */
export interface OcrSettings {
	/** The tesseract program: a name on PATH or an absolute path. */
	readonly enginePath: string;
	/** Tesseract language codes joined by `+`, e.g. `eng+chi_sim`. */
	readonly languages: string;
	/** Longest one image may take (pre-processing and recognition), in milliseconds. */
	readonly timeoutMs: number;
	/** Largest image read, in bytes; larger ones are refused before download. */
	readonly maxBytes: number;
	/** Images read at once; more wait their turn. */
	readonly concurrency: number;
	/**
	 * The child's whole environment (never the bot's, which holds its tokens): PATH to find the program, and
	 * TESSDATA_PREFIX when set. `OMP_THREAD_LIMIT=1` is added by the runner.
	 */
	readonly env: Readonly<Record<string, string>>;
}
