import sharp from 'sharp';

/** Which pre-processing steps run before recognition (each measured in BENCHMARKS.md). */
export interface PreprocessSteps {
	/** One grey channel (colour syntax highlighting and banners confuse the binariser less). */
	readonly grey: boolean;
	/** Scale small images up so that small text reaches the x-height Tesseract reads best (about 20–30 px). */
	readonly upscale: boolean;
	/** Make light-on-dark (terminals, dark IDE themes) dark-on-light. */
	readonly invert: boolean;
}

/**
 * The steps the bot uses: the one that measurably helps on the screenshot corpus (BENCHMARKS.md, `ocr`), scaling small
 * screenshots up. Grey-scale alone changed little and, with scaling, cost accuracy on the JPEG banner; inverting dark
 * terminals cost accuracy (Tesseract 5 already reads light-on-dark lines; the dark IDE panel with Chinese text lost
 * ten points). Both stay available for measurement, off.
 */
export const SHIPPED_STEPS: PreprocessSteps = { grey: false, upscale: true, invert: false };

/** Pixels decoded at most: a "decompression bomb" is refused by the decoder, before it allocates. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Images narrower than this are scaled up (screenshot text is then usually under 12 px high). */
const UPSCALE_BELOW_WIDTH = 1600;
const MAX_SCALE = 3;
/** Mean grey level (0–255) under which the image is taken for light text on a dark background. */
const DARK_MEAN = 110;

/** Thrown when the bytes are not an image the decoder reads (malformed, truncated, an unsupported format). */
export class ImageDecodeError extends Error {
	override readonly name = 'ImageDecodeError';
	readonly code = 'IMAGE_UNREADABLE';
}

/**
 * The image as a grey PNG ready for Tesseract: the first frame only (GIF, animated WebP), EXIF rotation applied,
 * flattened on white, and the chosen steps applied.
 */
export async function preprocessImage(bytes: Buffer, steps: PreprocessSteps = SHIPPED_STEPS): Promise<Buffer> {
	try {
		const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const, pages: 1, page: 0 };
		const meta = await sharp(bytes, options).metadata();
		const width = meta.width ?? 0;
		let image = sharp(bytes, options).rotate().flatten({ background: '#ffffff' });
		if (steps.grey) image = image.greyscale().toColourspace('b-w');
		if (steps.upscale && width > 0 && width < UPSCALE_BELOW_WIDTH) {
			const scale = Math.min(MAX_SCALE, Math.max(2, Math.ceil(UPSCALE_BELOW_WIDTH / width)));
			image = image.resize({ width: width * scale, kernel: 'lanczos3' });
		}
		if (steps.invert) {
			const { channels } = await sharp(bytes, options).greyscale().stats();
			if ((channels[0]?.mean ?? 255) < DARK_MEAN) image = image.negate({ alpha: false });
		}
		return await image.png({ compressionLevel: 1 }).toBuffer();
	} catch (error) {
		throw new ImageDecodeError(error instanceof Error ? error.message : 'unreadable image');
	}
}
