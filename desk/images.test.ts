// Pictures uploaded at the desk, on a real posts board: checked by content, stripped of location
// and camera metadata, stored by hash, served with a long cache; what is not a picture is refused
// and nothing is written.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { useModerationBoard } from '../tests/support/moderation-board.ts';

const board = useModerationBoard('desk-images');
const imagesDir = () => join(board.temp.dir, 'public', 'images');
const stored = async () => (await readdir(imagesDir()).catch(() => [] as string[])).sort();

/** A phone photo as it leaves the phone: its position, camera and time in EXIF. */
const phonePhoto = () =>
  sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3a6' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Phonemaker', Model: 'Pocket 12' }, IFD2: { DateTimeOriginal: '2026:11:20 08:15:00' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '53/1 28/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 14/1 0/1' } })
    .toBuffer();

async function upload(file: Uint8Array | undefined, name: string, type: string, alt: string | undefined, cookie = board.editor): Promise<Response> {
  const form = new FormData();
  if (file) form.append('image', new Blob([new Uint8Array(file)], { type }), name);
  if (alt !== undefined) form.append('alt', alt);
  return board.app.request('/desk/images', { method: 'POST', headers: board.headers(cookie, { Accept: 'application/json' }), body: form });
}

describe('uploading a picture', () => {
  it('takes out location, camera and time, resizes it for the page, and serves it for good at a hashed name', async () => {
    const photo = await phonePhoto();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await upload(photo, 'IMG_2041.jpg', 'image/jpeg', 'The court’s waiting area [empty]');
    expect(res.status).toBe(201);
    const json = (await res.json()) as { name: string; url: string; markdown: string; width: number };
    expect(json.name).toMatch(/^[a-f0-9]{20}\.jpg$/);
    expect(json.markdown).toBe(`![The court’s waiting area \\[empty\\]](/images/${json.name})`);
    expect(json.width).toBe(1600);
    const bytes = await readFile(join(imagesDir(), json.name));
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    for (const word of ['Phonemaker', 'Pocket 12', '2026:11:20', 'GPS']) expect(bytes.includes(word)).toBe(false);
    const served = await board.app.request(json.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Type')).toBe('image/jpeg');
    expect(served.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await board.audit('image.upload')).at(-1)).toMatchObject({ account_name: 'Edith Editor', target_id: json.name });
  });

  it('refuses what is not a picture, whatever its name, and writes nothing', async () => {
    const before = await stored();
    const html = await upload(new TextEncoder().encode('<!doctype html><script>alert(1)</script>'), 'photo.png', 'image/png', 'Not a photo');
    expect(html.status).toBe(422);
    expect(((await html.json()) as { error: { message: string } }).error.message).toContain('not a PNG, JPEG, WebP or GIF');
    const svg = await upload(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), 'logo.svg', 'image/svg+xml', 'A logo');
    expect(svg.status).toBe(422);
    expect(await stored()).toEqual(before);
  });

  it('refuses a 50 MB upload before reading it, a picture without alt text, and a moderator', async () => {
    const before = await stored();
    expect((await upload(new Uint8Array(50 * 1024 * 1024), 'huge.jpg', 'image/jpeg', 'Huge')).status).toBe(413);
    const noAlt = await upload(await phonePhoto(), 'a.jpg', 'image/jpeg', '  ');
    expect(noAlt.status).toBe(422);
    expect(await noAlt.json()).toMatchObject({ error: { field: 'alt' } });
    expect((await upload(await phonePhoto(), 'a.jpg', 'image/jpeg', 'A photo', board.moderator)).status).toBe(403);
    expect(await stored()).toEqual(before);
  });
});
