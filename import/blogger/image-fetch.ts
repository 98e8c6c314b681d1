// Downloads one picture for the import: a timeout per request, retries with backoff for what may
// pass (server errors, timeouts, dropped connections), and a size cap that refuses an oversized
// picture from its Content-Length or, without one, as soon as the bytes read pass it.
import { maxImageBytes } from '../../desk/images.ts';

/** The fetch the import uses: the global one, or one a test passes in (same code path otherwise). */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

export interface FetchPictureOptions {
  fetch: FetchFunction;
  /** Per request, headers and body together. */
  timeoutMs: number;
  /** Tries after the first, for errors that may pass. */
  retries: number;
  /** Wait before the first retry; doubled for each next one. */
  backoffMs: number;
  maxBytes?: number;
}

export const defaultFetchOptions: Omit<FetchPictureOptions, 'fetch'> = { timeoutMs: 30_000, retries: 3, backoffMs: 1000 };

/** Why a picture could not be downloaded, in words for the editor; `permanent`: retrying will not help. */
export class PictureFetchError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new PictureFetchError(`it is ${mib(declared)}, more than the ${mib(maxBytes)} a picture may be`, true);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel();
      throw new PictureFetchError(`it is more than the ${mib(maxBytes)} a picture may be`, true);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function fetchOnce(url: string, options: FetchPictureOptions): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await options.fetch(url, { signal, redirect: 'follow', headers: { Accept: 'image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8' } });
  } catch (error) {
    if (signal.aborted) throw new PictureFetchError(`no answer within ${options.timeoutMs / 1000} s`, false);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new PictureFetchError(`the connection failed (${cause?.code ?? cause?.message ?? (error as Error).message})`, false);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const passing = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new PictureFetchError(`the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, !passing);
  }
  try {
    return await readCapped(response, options.maxBytes ?? maxImageBytes);
  } catch (error) {
    if (error instanceof PictureFetchError) throw error;
    if (signal.aborted) throw new PictureFetchError(`it did not arrive within ${options.timeoutMs / 1000} s`, false);
    throw new PictureFetchError(`the download broke off (${(error as Error).message})`, false);
  }
}

/** The picture's bytes; throws PictureFetchError once retrying is pointless or spent. */
export async function fetchPicture(url: string, options: FetchPictureOptions): Promise<Uint8Array> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchOnce(url, options);
    } catch (error) {
      if (!(error instanceof PictureFetchError) || error.permanent || attempt >= options.retries) {
        if (error instanceof PictureFetchError && !error.permanent && attempt > 0) error.message += ` (tried ${attempt + 1} times)`;
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, options.backoffMs * 2 ** attempt));
    }
  }
}
