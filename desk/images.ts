// Pictures for posts, uploaded at the desk. Checked by their content (sharp reads the bytes; the
// name and the browser's word count for nothing), at most 10 MiB and 40 megapixels, turned upright,
// resized to at most 1600 pixels wide for the page, and written with no metadata at all: a phone
// photo's GPS position, camera and time could identify a writer. Stored under public/images/ with
// a name made from a hash of the stored bytes, so an address always means the same picture and can
// be cached for good.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type OutputInfo } from 'sharp';

export const maxImageBytes = 10 * 1024 * 1024;
export const imageWidth = 1600;
const maxPixels = 40_000_000;

const formats = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' } as const;
type Format = keyof typeof formats;

export const imageTypes: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };

/** A stored picture's file name: 20 hex characters of its hash and its type's extension. */
export const imageName = /^[a-f0-9]{20}\.(jpg|png|webp|gif)$/;

export class RefusedImage extends Error {}

export interface StoredImage {
  name: string;
  path: string;
  bytes: number;
  width: number;
  height: number;
}

/**
 * Checks, cleans and stores a picture, at most `width` pixels wide (a smaller copy for a page that
 * shows it small, or the page's 1600); throws RefusedImage with what to do instead.
 */
export async function storeImage(input: Uint8Array, imagesDir: string, width = imageWidth): Promise<StoredImage> {
  if (input.byteLength > maxImageBytes) throw new RefusedImage(`The picture is ${(input.byteLength / 1048576).toFixed(1)} MiB: at most 10 MiB. Make it smaller first.`);
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: maxPixels }).metadata()).format;
  } catch {
    throw new RefusedImage('That file is not a PNG, JPEG, WebP or GIF picture (whatever its name says).');
  }
  if (!format || !(format in formats)) throw new RefusedImage(`That file is a ${format ?? 'file of an unknown kind'}, not a PNG, JPEG, WebP or GIF picture.`);
  const kind = format as Format;
  const animated = kind === 'gif' || kind === 'webp';
  let pipeline = sharp(input, { limitInputPixels: maxPixels, animated })
    .rotate()
    .resize({ width: Math.min(width, imageWidth), withoutEnlargement: true });
  // No keepMetadata()/withMetadata(): sharp writes none of the input's EXIF, XMP, IPTC or ICC.
  pipeline = kind === 'jpeg' ? pipeline.jpeg({ quality: 82, mozjpeg: true }) : kind === 'png' ? pipeline.png({ compressionLevel: 9 }) : kind === 'webp' ? pipeline.webp({ quality: 82 }) : pipeline.gif();
  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new RefusedImage(`The picture could not be read (${(error as Error).message}): save it again from an image editor and retry.`);
  }
  const name = `${createHash('sha256').update(output.data).digest('hex').slice(0, 20)}.${formats[kind]}`;
  await mkdir(imagesDir, { recursive: true });
  const path = join(imagesDir, name);
  const temporary = join(imagesDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temporary, output.data, { mode: 0o644 });
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { name, path, bytes: output.data.byteLength, width: output.info.width, height: output.info.pageHeight ?? output.info.height };
}
