import { existsSync, readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderOverloadedError, RenderRefusedError, RenderUnavailableError } from './errors.ts';
import { renderCommentHtml } from './markdown.ts';
import { createRenderPool, type RenderPool } from './pool.ts';

describe('a pool of two workers', () => {
  let pool: RenderPool;
  beforeAll(() => {
    pool = createRenderPool({ size: 2 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('renders many bodies at once, each to its own HTML', async () => {
    const sources = Array.from({ length: 40 }, (_, i) => `Comment **${i}**\n\n> quoting [${i}](https://example.org/${i})`);
    const rendered = await Promise.all(sources.map((source) => pool.render(source)));
    expect(rendered).toEqual(sources.map((source) => renderCommentHtml(source)));
  });

  it.each([
    ['deep quotes', '>'.repeat(8_000)],
    ['emphasis runs', '_a'.repeat(4_000)],
    ['too many lines', 'a\n'.repeat(4_000)],
  ])('refuses %s with a RenderRefusedError from across the thread', async (_name, source) => {
    const error = await pool.render(source).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(RenderRefusedError);
    expect(error).toMatchObject({ code: 'body_too_complex', name: 'RenderRefusedError' });
    await expect(pool.render('still *here*')).resolves.toBe('<p>still <em>here</em></p>\n');
  });
});

describe('a render that overruns its time', () => {
  it('is refused, and its worker replaced', async () => {
    // A stand-in that keeps the CPU busy for 500 ms: a real body near the limits takes a few ms,
    // and one that finishes before the pool has read its CPU time is (rightly) accepted, which
    // made this test depend on how busy the machine was.
    const pool = createRenderPool({ size: 1, timeoutMs: 20, workerUrl: new URL('../../tests/fixtures/stalling-worker.fixture.ts', import.meta.url) });
    await expect(pool.render('spin')).rejects.toThrow(RenderRefusedError);
    // The replacement starts and takes the next body (which overruns too), then a quick one.
    await expect(pool.render('spin')).rejects.toThrow('This comment took too long to display.');
    await expect(pool.render('next')).resolves.toBe('<p>next</p>');
    await pool.close();
  });

  it('leaves the pool working for the next body', async () => {
    // No real body stalls a worker (the limits refuse them first): a stand-in worker does. It
    // uses no CPU while it stalls, so the pool ends it at ten times timeoutMs on the clock.
    const pool = createRenderPool({ size: 1, timeoutMs: 50, workerUrl: new URL('../../tests/fixtures/stalling-worker.fixture.ts', import.meta.url) });
    const stalled = pool.render('stall');
    const queued = pool.render('queued');
    await expect(stalled).rejects.toThrow(RenderRefusedError);
    await expect(queued).resolves.toBe('<p>queued</p>');
    await expect(pool.render('next')).resolves.toBe('<p>next</p>');
    await pool.close();
  });

  it('refuses only the culprit when bodies waiting together went to the worker as one batch', async () => {
    // Sent before the worker is ready, the three wait together and go as one batch; it overruns,
    // and each goes again alone.
    const pool = createRenderPool({ size: 1, timeoutMs: 50, workerUrl: new URL('../../tests/fixtures/stalling-worker.fixture.ts', import.meta.url) });
    const results = await Promise.allSettled([pool.render('before'), pool.render('stall'), pool.render('after')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).name))).toEqual(['<p>before</p>', 'RenderRefusedError', '<p>after</p>']);
    await expect(pool.render('next')).resolves.toBe('<p>next</p>');
    await pool.close();
  });

  // A worker starved of CPU (a busy machine) is not cut short at timeoutMs on the clock.
  it.runIf(typeof Worker.prototype.cpuUsage === 'function')('is measured in CPU time, not on the clock', async () => {
    const pool = createRenderPool({ size: 1, timeoutMs: 50, workerUrl: new URL('../../tests/fixtures/stalling-worker.fixture.ts', import.meta.url) });
    await expect(pool.render('nap')).resolves.toBe('<p>nap</p>');
    await pool.close();
  });
});

describe('queue and close', () => {
  it('rejects with RenderOverloadedError when the queue is full', async () => {
    // Before the worker is ready every render waits in the queue: one fits, the rest overflow.
    const pool = createRenderPool({ size: 1, maxQueue: 1 });
    const first = pool.render('first');
    await expect(pool.render('second')).rejects.toThrow(RenderOverloadedError);
    await expect(pool.render('third')).rejects.toMatchObject({ code: 'overloaded' });
    await expect(first).resolves.toBe('<p>first</p>\n');
    await pool.close();
  });

  it('rejects what waits and what comes after close()', async () => {
    const pool = createRenderPool({ size: 1 });
    const waiting = pool.render('waiting').catch((reason: unknown) => reason);
    await pool.close();
    expect(await waiting).toBeInstanceOf(RenderUnavailableError);
    await expect(pool.render('late')).rejects.toMatchObject({ code: 'unavailable' });
  });

  // Each worker is a thread of this process; Linux lists them.
  it.runIf(existsSync('/proc/self/task'))('ends its worker threads on close()', async () => {
    const threads = () => readdirSync('/proc/self/task').length;
    const before = threads();
    const pool = createRenderPool({ size: 2 });
    await pool.render('warm');
    expect(threads()).toBe(before + 2);
    await pool.close();
    expect(threads()).toBe(before);
  });
});
