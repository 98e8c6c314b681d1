// Every public endpoint under fast-check, through app.request() on a real libSQL file and the real
// render pool: whatever arrives, never a 500, errors keep the JSON shape, and a refused request
// leaves every table as it was. FUZZ_SEED=<n> runs another sequence (a failure prints its seed);
// FUZZ_SCALE=<n> makes n times as many runs, for a longer search on a developer's machine.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostsManifestEntry } from '../site/lib/posts.ts';
import { createApp } from '../server/app.ts';
import { issueFormToken } from '../api/comments/form-token.ts';
import { reportReasons } from '../site/lib/comments.ts';
import type { Database } from '../api/db/database.ts';
import { errorStatus } from '../api/errors.ts';
import { createSourceHasher } from '../api/privacy/source.ts';
import { createRenderPool, type RenderPool } from '../api/render/pool.ts';
import { createAccount } from '../moderation/auth/accounts.ts';
import { createSetupToken } from '../moderation/auth/setup.ts';
import { commentActions, removalDecisions, reportDecisions } from '../api/comments/decisions.ts';
import { useTempDatabase } from './support/temp-database.ts';

const seed = Number(process.env['FUZZ_SEED'] ?? 20_261_126);
const scale = Number(process.env['FUZZ_SCALE'] ?? 1);
const timeout = 20_000 * scale;
const pagesOrigin = 'http://127.0.0.1:4321';
const formSecret = 'fuzz-form-secret';
const editorPassword = 'a long editor password';
const post = (id: string, comments: PostsManifestEntry['comments']): PostsManifestEntry => ({ id, title: id, url: `/2026/11/${id}/`, published: '2026-11-20T10:00:00.000Z', labels: [], comments });
const posts = [post('open-post', 'open'), post('moderated-post', 'moderated'), post('closed-post', 'closed')];

const temp = useTempDatabase('fuzz');
let dir: string;
let db: Database;
let pool: RenderPool;
let clock = Date.UTC(2026, 10, 26, 10);
let app: ReturnType<typeof createApp>;
let limited: ReturnType<typeof createApp>;

/** What the seed wrote: real ids, keys and tokens, so fuzzed requests also reach the deep paths. */
const seeded = {
  published: 0,
  held: 0,
  deletable: { id: 0, removalKey: '' },
  formDeletable: { id: 0, removalKey: '' },
  reportId: '',
  removalRequestId: '',
  editorId: 0,
  session: '',
  setupToken: '',
};

let nextSource = 1;
/** A fresh documentation address for every request, so reports never de-duplicate. */
const freshSource = () => `198.18.${Math.floor(nextSource / 250) % 250}.${nextSource++ % 250}`;

function makeApp(limits: boolean) {
  return createApp({
    distDir: join(dir, 'dist'),
    pagesOrigin,
    posts,
    comments: { db, renderer: pool, sources: createSourceHasher(() => clock), clock: () => clock, formSecret, limits, trustedProxyHeader: 'X-Forwarded-For' },
  });
}

async function seedJson(path: string, body: unknown): Promise<Record<string, any>> {
  const res = await app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': freshSource() }, body: JSON.stringify(body) });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as Record<string, any>;
}

beforeAll(async () => {
  ({ dir, db } = temp);
  // The database sits outside the served folder, so no fuzzed path can fetch it.
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist', '404.html'), '<!doctype html><html><head><title>Not found</title></head><body><main id="main"><h1>Sorry</h1></main></body></html>');
  pool = createRenderPool({ size: 1 });
  app = makeApp(false);
  limited = makeApp(true);

  // A setup link printed before the first editor was made another way: it must stay dead.
  seeded.setupToken = (await createSetupToken(db, clock))!;
  seeded.editorId = (await createAccount(db, { name: 'Edith Editor', role: 'editor', password: editorPassword }, clock)).id;
  const login = await app.request('/moderation/login', { method: 'POST', headers: { Origin: pagesOrigin, 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'Edith Editor', password: editorPassword }) });
  seeded.session = /befriend_session=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))![1]!;

  seeded.published = (await seedJson('/api/posts/open-post/comments', { body: 'A published comment.' }))['comment'].id;
  await seedJson('/api/posts/open-post/comments', { body: 'A reply.', parentId: seeded.published });
  seeded.held = (await seedJson('/api/posts/moderated-post/comments', { body: 'A held comment.' }))['comment'].id;
  for (const target of [seeded.deletable, seeded.formDeletable]) {
    const created = await seedJson('/api/posts/open-post/comments', { body: 'Words to regret.' });
    target.id = created['comment'].id;
    target.removalKey = created['removalKey'];
  }
  seeded.reportId = (await seedJson(`/api/comments/${seeded.published}/reports`, { reason: 'spam' }))['report'].id;
  seeded.removalRequestId = (await seedJson(`/api/comments/${seeded.published}/removal-requests`, { note: 'It was mine.' }))['removalRequest'].id;
});

afterAll(async () => {
  await pool?.close();
});

// ---------------------------------------------------------------------------------------------
// The database, before and after

interface TableState {
  rows: number;
  digest: string;
}
type Snapshot = Map<string, TableState>;

/**
 * Every table's row count and a digest of its rows. Long values enter the digest by their length
 * and ends, so a snapshot stays cheap as fuzzed comments pile up while any status, key, counter or
 * erased text still changes it.
 */
async function snapshot(): Promise<Snapshot> {
  const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")).rows.map((row) => String(row['name']));
  const queries = await Promise.all(
    tables.map(async (table) => {
      const columns = (await db.execute(`PRAGMA table_info("${table}")`)).rows.map((row) => `"${String(row['name'])}"`);
      const cells = columns.map((c) => `CASE WHEN length(${c}) > 96 THEN length(${c}) || ':' || substr(${c}, 1, 32) || substr(${c}, -32) ELSE quote(${c}) END`);
      return `SELECT ${cells.join(" || char(31) || ")} AS fingerprint FROM "${table}"`;
    }),
  );
  const results = await db.batch(queries, 'read');
  return new Map(
    tables.map((table, i) => {
      const rows = results[i]!.rows.map((row) => String(row['fingerprint'])).sort();
      return [table, { rows: rows.length, digest: createHash('sha1').update(rows.join('\n')).digest('base64') }];
    }),
  );
}

/**
 * What a request may change: each table named to its exact change in row count (or a range), its
 * rows free to change; every other table exactly as it was.
 */
type Changes = Readonly<Record<string, number | readonly [number, number]>>;

function expectChanges(before: Snapshot, after: Snapshot, allowed: Changes, what: string): void {
  expect([...after.keys()], `${what}: the tables`).toEqual([...before.keys()]);
  for (const [table, was] of before) {
    const now = after.get(table)!;
    const rule = allowed[table];
    if (rule === undefined) {
      expect(now, `${what}: ${table} must not change`).toEqual(was);
      continue;
    }
    const [min, max] = typeof rule === 'number' ? [rule, rule] : rule;
    const delta = now.rows - was.rows;
    expect(delta >= min && delta <= max, `${what}: ${table} rows changed by ${delta}, expected ${min}..${max}`).toBe(true);
  }
}

const changed = (before: Snapshot, after: Snapshot, table: string) => before.get(table)?.digest !== after.get(table)?.digest;

// ---------------------------------------------------------------------------------------------
// Requests and answers

/** A request as plain data, so a counterexample prints readably. */
interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Payload;
}
type Payload = { text: string } | { bytes: Uint8Array } | { multipart: readonly (readonly [string, string | { file: string }])[] };

function bodyInit(body: Payload): BodyInit {
  if ('text' in body) return body.text;
  if ('bytes' in body) return new Uint8Array(body.bytes);
  const form = new FormData();
  for (const [key, value] of body.multipart) {
    if (typeof value === 'string') form.append(key, value);
    else form.append(key, new Blob([value.file], { type: 'text/plain' }), 'note.txt');
  }
  return form;
}

interface Answer {
  status: number;
  type: string;
  text: string;
  location: string | null;
  json?: unknown;
}

async function send(target: ReturnType<typeof createApp>, sent: Sent): Promise<Answer> {
  const res = await target.request(sent.path, { method: sent.method, headers: sent.headers, ...(sent.body ? { body: bodyInit(sent.body) } : {}) });
  const type = res.headers.get('Content-Type') ?? '';
  const text = await res.text();
  const answer: Answer = { status: res.status, type, text, location: res.headers.get('Location') };
  if (type.startsWith('application/json')) answer.json = JSON.parse(text);
  return answer;
}

const isFormType = (type: string | undefined) => type !== undefined && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'));
/** Multipart bodies built from FormData carry their own Content-Type (with the boundary). */
const sentAsForm = (sent: Sent) => isFormType(sent.headers['Content-Type']) || (sent.body !== undefined && 'multipart' in sent.body && sent.headers['Content-Type'] === undefined);

/**
 * The error shape, exactly: `{ error: { code, message, field? } }`, its code one of the closed list,
 * with its status; a comment that could identify someone also says what was found.
 */
function expectErrorJson(answer: Answer, what: string): string {
  expect(answer.type, `${what}: an error answered ${answer.status} as ${answer.type}: ${answer.text.slice(0, 200)}`).toMatch(/^application\/json/);
  const data = answer.json as Record<string, unknown>;
  expect(Object.keys(data), what).toEqual(['error']);
  const error = data['error'] as Record<string, unknown>;
  const identifying = error['code'] === 'identifying_detail';
  const keys = ['code', 'message', 'field', ...(identifying ? ['details', 'ifSentAnyway'] : [])];
  expect(Object.keys(error).filter((key) => !keys.includes(key)), what).toEqual([]);
  if (identifying) {
    expect(error['details'], what).toEqual(expect.arrayContaining([{ kind: expect.stringMatching(/^(email|phone|postcode|social|word)$/), text: expect.any(String) }]));
    expect(['held', 'published'], what).toContain(error['ifSentAnyway']);
  }
  expect(typeof error['message'] === 'string' && error['message'].length > 0, `${what}: a message`).toBe(true);
  if ('field' in error) expect(typeof error['field'], what).toBe('string');
  const code = String(error['code']);
  expect(Object.keys(errorStatus), what).toContain(code);
  expect(answer.status, `${what}: the status of ${code}`).toBe(errorStatus[code as keyof typeof errorStatus]);
  return code;
}

/**
 * How an endpoint answers a form post: the comment API by the Content-Type alone, the moderation
 * app unless JSON is asked for (by Accept or Content-Type), or always in JSON.
 */
type FormAnswers = 'pages' | 'pages-unless-json' | 'json';

function answersWithPage(sent: Sent, forms: FormAnswers): boolean {
  if (forms === 'json' || !sentAsForm(sent)) return false;
  return forms === 'pages' || !/application\/json/.test(`${sent.headers['Accept'] ?? ''} ${sent.headers['Content-Type'] ?? ''}`);
}

/**
 * Never a 500. JSON requests get JSON; a form post may instead get the page again with a 4xx, or
 * a 303 onwards, from an endpoint that answers forms with pages. Returns the error code, if any.
 */
function expectAnswer(answer: Answer, sent: Sent, forms: FormAnswers): string | undefined {
  const what = `${sent.method} ${sent.path.slice(0, 120)} (${sent.headers['Content-Type'] ?? 'no type'})`;
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  const page = answersWithPage(sent, forms);
  if (answer.status >= 400) {
    if (page && answer.type.startsWith('text/html')) {
      expect(answer.text, what).toContain('<main');
      return undefined;
    }
    return expectErrorJson(answer, what);
  }
  if (answer.status >= 300) {
    expect(page, `${what}: a redirect in answer to a JSON request`).toBe(true);
    expect(answer.status, what).toBe(303);
    expect(answer.location ?? '', what).toMatch(/^\/(?!\/)/);
    return undefined;
  }
  if (!page) expect(answer.type, what).toMatch(/^application\/json/);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// What fuzzed requests are made of

const unicodeEdges = [
  '\uD800', '\uDFFF', 'a\uD83Db', '\uDE00\uD83D', // lone and reversed surrogates
  '\u0000', 'a\u0000b', '\u0007\u001B[31m',
  '\u200F\u202Eevil\u202C', '\u061C', '\u2066x\u2069', 'שלום עליכם', 'مرحبا', // right to left
  '👩‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🧑🏿‍🤝‍🧑🏻', // ZWJ sequences and modifiers
  'e\u0301', 'Z\u0351\u0352\u0357\u0358\u0346\u0300', 'a' + '\u0301'.repeat(300), // combining marks
  '\u00E9', '\u1E9B\u0323', '\u1E0B\u0323', 'Å', 'A\u030A', '\u212B', // NFC and NFD pairs
  '\uFEFF', '\uFFFE', '\uFFFF', '\u{10FFFF}', '\u2028\u2029', '\u00A0', '\u3000', '\u200B\u200C\u200D',
  '日本語のコメントです。', '한국어', '𝕳𝖊𝖑𝖑𝖔', 'İı', 'ß', 'ﬀ', 'Ａｄｍｉｎ', 'Ⅻ', '٣', '\r\n', '\r', '\t',
];

const markup = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<iframe src="//evil.example">',
  '[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](java\tscript:alert(1))', '[x](&#106;avascript:alert(1))',
  '[x](data:text/html,<script>alert(1)</script>)', '[x]( javascript:alert(1) "t")', '<javascript:alert(1)>', '[a]\n\n[a]: javascript:alert(1)',
  '<a href="javascript:alert(1)">x</a>', '![i](x" onerror="alert(1))', '<details open ontoggle=alert(1)>', '<style>*{color:red}</style>',
  '[x](https://example.org/" onmouseover="alert(1))', '<https://example.org/>', 'www.example.org', 'me@example.org',
  '**', '*', '_', '~~', '`', '```\n', '> ', '- ', '1. ', '# ', '---', '\n', '\n\n', '  \n', '|a|b|\n|-|-|\n', '&amp;', '&#0;', '\\',
];

const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength });

/** Short strings with the awkward characters among them. */
const edgeText = fc
  .array(fc.oneof(fc.constantFrom(...unicodeEdges), text(12), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom(...markup)), { maxLength: 12 })
  .map((parts) => parts.join(''));

/** A string around and well beyond the request size limit, of one repeated piece. */
const hugeText = fc
  .tuple(fc.constantFrom('x', 'é', 'e\u0301', '👩‍👩‍👧‍👦', '\uD800', '\u0000', '> ', '*a', '[x](https://example.org) '), fc.integer({ min: 6_000, max: 100_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: edgeText },
  { weight: 1, arbitrary: hugeText },
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1e309, -0, 2 ** 53, 2 ** 53 + 2, '9007199254740993', 1.5, Number.NaN, '1e309', '-1', '0', ' 7 ', '0x10', '١٢٣'),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** Values that are right for a field, so fuzzing also passes validation and reaches the database. */
function goodValues(): Record<string, unknown[]> {
  return {
    body: ['A fine comment.', '  padded  ', '**bold** and [a link](https://example.org)', 'x'.repeat(8000), 'x'.repeat(8001)],
    name: ['Sam', 'Anonymous', 'Moderator', 'Edith Editor', 'edith-editor', 'n'.repeat(60), 'n'.repeat(61)],
    parentId: [seeded.published, String(seeded.published), seeded.held, seeded.deletable.id, 999_999],
    formToken: [issueFormToken(formSecret, clock - 60_000), 'not.a-token'],
    website: ['', 'http://spam.example'],
    removalKey: [seeded.deletable.removalKey, seeded.formDeletable.removalKey, 'x'.repeat(32), ''],
    commentId: [seeded.formDeletable.id, String(seeded.formDeletable.id), seeded.deletable.id, seeded.published, 999_999],
    reason: [...reportReasons, 'RACISM', ''],
    note: ['It was me.', ' ', 'n'.repeat(2000), 'n'.repeat(2001)],
    username: ['Edith Editor', 'edith editor', 'Nobody'],
    password: [editorPassword, 'wrong but long enough', ''],
    next: ['/moderation/held', '//evil.example', 'https://evil.example', 'javascript:alert(1)'],
  };
}

const unknownKeys = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'Body', 'body ', '', 'admin', 'status', 'id'), fc.string({ maxLength: 8 }));

/** Fields for an endpoint: its own keys, each absent, right or junk, and sometimes keys it does not know. */
function fieldsFor(keys: readonly string[]): fc.Arbitrary<[string, unknown][]> {
  const good = goodValues();
  const known = fc.tuple(...keys.map((key) => fc.option(fc.oneof(fc.constantFrom(...(good[key] ?? [''])), junk), { freq: 3, nil: undefined }).map((value) => [key, value] as const)));
  const extra = fc.array(fc.tuple(unknownKeys, junk), { maxLength: 2 });
  return fc.tuple(known, fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extra })).map(([own, more]) => [
    ...own.filter((entry): entry is readonly [string, unknown] => entry[1] !== undefined).map(([k, v]) => [k, v] as [string, unknown]),
    ...more.map(([k, v]) => [k, v] as [string, unknown]),
  ]);
}

/** An object with exactly these own keys ("__proto__" included, as JSON.parse makes it). */
function objectOf(entries: readonly [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const formValue = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => formValue(v)[0] ?? '') : [typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value) ?? '']);

const contentTypes = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=fuzz', 'text/plain', 'APPLICATION/JSON', 'application/json, text/plain', 'application/xml', 'application/jsonx', ';;', '') },
  { weight: 1, arbitrary: fc.stringMatching(/^[ -~]{0,40}$/) },
  { weight: 2, arbitrary: fc.constant(undefined) },
);

const withType = (type: string | undefined, body: Payload | undefined) => ({ type, body });

/** Brackets opened thousands of times over, closed again or left open. */
const nestings: Record<string, string> = { '[': ']', '{"a":': '}', '{"body":[': ']}', '[{"x":': '}]' };
const deeplyNested = fc
  .tuple(fc.constantFrom(...Object.keys(nestings)), fc.integer({ min: 1, max: 20_000 }), fc.boolean())
  .map(([open, depth, closed]) => open.repeat(depth) + (closed ? '1' + nestings[open]!.repeat(depth) : ''));

/** A body with a Content-Type: the fields encoded properly, or junk of every kind under any type. */
function bodies(keys: readonly string[]): fc.Arbitrary<{ type: string | undefined; body: Payload | undefined }> {
  const fields = fieldsFor(keys);
  const jsonText = fields.map((entries) => JSON.stringify(objectOf(entries)));
  const formPairs = (entries: [string, unknown][]) => entries.flatMap(([k, v]) => formValue(v).map((one) => [k, one] as const));
  return fc.oneof(
    { weight: 6, arbitrary: jsonText.map((t) => withType('application/json', { text: t })) },
    { weight: 3, arbitrary: fields.map((entries) => withType('application/x-www-form-urlencoded', { text: new URLSearchParams(formPairs(entries).map(([k, v]) => [k, v])).toString() })) },
    { weight: 2, arbitrary: fc.tuple(fields, fc.boolean()).map(([entries, file]) => withType(undefined, { multipart: [...formPairs(entries), ...(file ? [['attachment', { file: 'a file' }] as const] : [])] })) },
    { weight: 2, arbitrary: fc.tuple(jsonText, contentTypes).map(([t, type]) => withType(type, type === undefined ? { bytes: new TextEncoder().encode(t) } : { text: t })) },
    { weight: 1, arbitrary: fc.tuple(jsonText, fc.nat()).map(([t, cut]) => withType('application/json', { text: t.slice(0, cut % (t.length + 1)) })) },
    { weight: 1, arbitrary: fc.tuple(fc.json(), contentTypes).map(([t, type]) => withType(type ?? 'application/json', { text: t })) },
    { weight: 1, arbitrary: fc.tuple(fc.anything({ maxDepth: 3 }), contentTypes).map(([v, type]) => withType(type ?? 'application/json', { text: String(JSON.stringify(v)) })) },
    { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 2048 }), contentTypes).map(([bytes, type]) => withType(type, { bytes })) },
    { weight: 1, arbitrary: deeplyNested.map((t) => withType('application/json', { text: t })) },
    { weight: 1, arbitrary: fc.tuple(hugeText, fc.constantFrom(...keys)).map(([huge, key]) => withType('application/json', { text: JSON.stringify({ [key]: huge }) })) },
    { weight: 1, arbitrary: fc.constantFrom('{"__proto__": {"admin": true}, "body": "hi"}', '{"body": "hi", "body": "again"}', '{"body": "\\ud800"}', '{"body": "\\u0000"}', '{"constructor": {"prototype": {}}}', 'null', '"body"', '1e309', '', ' ', '\uFEFF{}', '{"reason":"spam"}\u0000').map((t) => withType('application/json', { text: t })) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', 'body=%E0%A4%A', 'body=a&body=b', 'body', '=&=&', 'body=%00', '&&&', 'removalKey=%FF%FE').map((t) => withType('application/x-www-form-urlencoded', { text: t })) },
    { weight: 1, arbitrary: fc.constantFrom('--fuzz\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi\r\n--fuzz--\r\n', '--fuzz\r\n\r\n', 'garbage', '').map((t) => withType('multipart/form-data; boundary=fuzz', { text: t })) },
    { weight: 1, arbitrary: fc.constant(withType(undefined, undefined)) },
  );
}

function request(method: string, path: string, type: string | undefined, body: Payload | undefined, headers: Record<string, string> = {}): Sent {
  return { method, path, headers: { 'X-Forwarded-For': freshSource(), ...headers, ...(type !== undefined ? { 'Content-Type': type } : {}) }, ...(body ? { body } : {}) };
}

/** Runs a property from the fixed seed; `examples` (counterexamples found before) run first, every time. */
const run = <T>(arbitrary: fc.Arbitrary<T>, numRuns: number, predicate: (value: T) => Promise<void>, examples: T[] = []) =>
  fc.assert(fc.asyncProperty(arbitrary, predicate), {
    seed,
    numRuns: numRuns * scale,
    examples: examples.map((example): [T] => [example]),
    // Ends in time (shrinking included), so that no property runs on into the next one.
    interruptAfterTimeLimit: timeout - 2_000,
    markInterruptAsFailure: true,
  });

// ---------------------------------------------------------------------------------------------
// 1 and 2: arbitrary bodies to every endpoint that takes one; no partial writes

interface BodyEndpoint {
  name: string;
  method: 'POST' | 'DELETE';
  path: () => string;
  keys: readonly string[];
  headers?: Record<string, string>;
  forms: FormAnswers;
  /** What an accepted request changes. */
  success: Changes;
  /** What even a refused request may change. */
  failure?: Changes;
  /** Fewer runs where each one hashes or verifies a password. */
  runs?: number;
}

const commentKeys = ['body', 'name', 'parentId', 'formToken', 'website'];
const comment: Changes = { comments: 1, thread_versions: [0, 1] };
const removal: Changes = { comments: 0, thread_versions: [0, 1] };
const signInCounters: Changes = { rate_limits: [0, 4] };

const bodyEndpoints: BodyEndpoint[] = [
  { name: 'a comment on an open post', method: 'POST', path: () => '/api/posts/open-post/comments', keys: commentKeys, forms: 'pages', success: comment },
  { name: 'a comment on a moderated post', method: 'POST', path: () => '/api/posts/moderated-post/comments', keys: commentKeys, forms: 'pages', success: comment },
  { name: 'a comment on a closed post', method: 'POST', path: () => '/api/posts/closed-post/comments', keys: commentKeys, forms: 'pages', success: {} },
  { name: 'a removal by key', method: 'DELETE', path: () => `/api/comments/${seeded.deletable.id}`, keys: ['removalKey'], forms: 'json', success: removal },
  { name: 'a removal from the form', method: 'POST', path: () => '/api/comments/remove', keys: ['commentId', 'removalKey'], forms: 'pages', success: removal },
  { name: 'a report', method: 'POST', path: () => `/api/comments/${seeded.published}/reports`, keys: ['reason', 'note'], forms: 'pages', success: { reports: 1, comments: 0, thread_versions: [0, 1] } },
  { name: 'a removal request', method: 'POST', path: () => `/api/comments/${seeded.published}/removal-requests`, keys: ['note'], forms: 'json', success: { removal_requests: 1 } },
  { name: 'a removal request from the form', method: 'POST', path: () => '/api/comments/removal-requests', keys: ['commentId', 'note'], forms: 'pages', success: { removal_requests: 1 } },
  { name: 'a sign-in', method: 'POST', path: () => '/moderation/login', keys: ['username', 'password', 'next'], headers: { Origin: pagesOrigin }, forms: 'pages-unless-json', success: { ...signInCounters, sessions: 1 }, failure: signInCounters, runs: 50 },
  { name: 'a used-up setup link', method: 'POST', path: () => `/moderation/setup/${seeded.setupToken}`, keys: ['name', 'password'], headers: { Origin: pagesOrigin }, forms: 'pages-unless-json', success: {}, runs: 40 },
];

/** Counterexamples the properties found once, kept so that every run tries them. */
const bodyRegressions: [{ type: string | undefined; body: Payload | undefined }, string | undefined][] = [
  [{ type: 'multipart/form-data', body: { text: 'garbage' } }, undefined],
  [{ type: 'multipart/form-data; boundary=fuzz', body: { text: '--fuzz\r\n\r\n' } }, undefined],
  [{ type: 'APPLICATION/JSON', body: { text: '{}' } }, undefined],
  [{ type: 'application/json', body: { text: '{"body":"!","parentId":999999}' } }, undefined],
  [{ type: 'application/json', body: { text: '{"name":"Somebody","password":"a long enough password"}' } }, undefined],
];

describe('arbitrary bodies: never a 500, always the error shape, never a partial write', () => {
  it.each(bodyEndpoints.map((endpoint) => [endpoint.name, endpoint] as const))('%s', { timeout }, async (_, endpoint) => {
    await run(fc.tuple(bodies(endpoint.keys), fc.constantFrom(undefined, 'application/json', 'text/html')), endpoint.runs ?? 70, async ([{ type, body }, accept]) => {
      clock += 5_000;
      const sent = request(endpoint.method, endpoint.path(), type, body, { ...endpoint.headers, ...(accept ? { Accept: accept } : {}) });
      const before = await snapshot();
      const answer = await send(app, sent);
      expectAnswer(answer, sent, endpoint.forms);
      const after = await snapshot();
      expectChanges(before, after, answer.status < 400 ? endpoint.success : (endpoint.failure ?? {}), `${endpoint.name} answered ${answer.status}`);
    }, bodyRegressions);
  });
});

// ---------------------------------------------------------------------------------------------
// 3: bad ids and path parameters

/** Bytes of a string as percent escapes, lone surrogates as the invalid UTF-8 they would be. */
const percentEncode = (value: string) =>
  [...value]
    .map((char) => {
      const code = char.codePointAt(0)!;
      if (code >= 0xd800 && code <= 0xdfff) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      return encodeURIComponent(char);
    })
    .join('');

const badSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%00', 'a%00b', '%', '%zz', '%E0%A4%A', '%ED%A0%80', '%2F', '%5C', '1e309', '-1', '0', '00', '01', '+1', ' 1', '1.0', '1.5', '0x1f', '9007199254740991', '9007199254740993', '99999999999999999999', 'Infinity', 'NaN', '__proto__', 'constructor', 'toString', '١٢٣', '%D9%A1', 'open-post%00', 'OPEN-POST', 'open-post.atom', 'open-post%2F..%2Fclosed-post', 'a'.repeat(5000), '9'.repeat(400), 'comments.atom', '%F0%9F%91%A9%E2%80%8D%F0%9F%91%A9') },
  { weight: 2, arbitrary: text(40).map(percentEncode) },
  { weight: 2, arbitrary: fc.constantFrom(...unicodeEdges).map(percentEncode) },
  { weight: 1, arbitrary: fc.stringMatching(/^[!-~]{1,30}$/) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

const sameOrigin = { Origin: pagesOrigin };
const json = (data: unknown) => ({ type: 'application/json', body: { text: JSON.stringify(data) } as Payload });
const noBody = { type: undefined, body: undefined };

interface IdRoute {
  method: string;
  path: (segment: string) => string;
  body?: { type: string | undefined; body: Payload | undefined };
  headers?: Record<string, string>;
}

const idRoutes: IdRoute[] = [
  { method: 'GET', path: (s) => `/api/posts/${s}/comments` },
  { method: 'POST', path: (s) => `/api/posts/${s}/comments`, body: json({ body: 'Hello.' }) },
  { method: 'GET', path: (s) => `/api/posts/${s}/comments.atom` },
  { method: 'GET', path: (s) => `/posts/${s}/comments` },
  { method: 'DELETE', path: (s) => `/api/comments/${s}`, body: json({ removalKey: 'x'.repeat(32) }) },
  { method: 'POST', path: (s) => `/api/comments/${s}/reports`, body: json({ reason: 'spam' }) },
  { method: 'POST', path: (s) => `/api/comments/${s}/removal-requests`, body: json({ note: 'It was mine.' }) },
  { method: 'GET', path: (s) => `/api/reports/${s}` },
  { method: 'GET', path: (s) => `/reports/${s}` },
  { method: 'GET', path: (s) => `/api/removal-requests/${s}` },
  { method: 'GET', path: (s) => `/moderation/setup/${s}` },
  { method: 'POST', path: (s) => `/moderation/setup/${s}`, body: json({ name: 'Somebody', password: 'a long enough password' }), headers: sameOrigin },
  { method: 'GET', path: (s) => `/moderation/feed/${s}` },
  ...commentActions.map((action): IdRoute => ({ method: 'POST', path: (s) => `/moderation/comments/${s}/${action}`, body: json({}), headers: sameOrigin })),
  ...reportDecisions.map((decision): IdRoute => ({ method: 'POST', path: (s) => `/moderation/reports/${s}/${decision}`, body: json({}), headers: sameOrigin })),
  ...removalDecisions.map((decision): IdRoute => ({ method: 'POST', path: (s) => `/moderation/removal-requests/${s}/${decision}`, body: json({}), headers: sameOrigin })),
  ...['role', 'password', 'remove'].map((action): IdRoute => ({ method: 'POST', path: (s) => `/moderation/accounts/${s}/${action}`, body: json({}), headers: { ...sameOrigin, Cookie: 'befriend_session=forged.token' } })),
];

/**
 * Outside /api, an address that matches no route gets the site's 404: the page for GET, a plain
 * "Not found" otherwise. Inside /api, every error is JSON.
 */
function expectAnyAnswer(answer: Answer, sent: Sent): void {
  const what = `${sent.method} ${sent.path.slice(0, 120)}`;
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status < 400) return;
  const api = new URL(sent.path, 'http://localhost').pathname.startsWith('/api/');
  if (api || answer.type.startsWith('application/json')) {
    expectErrorJson(answer, what);
  } else if (answer.type.startsWith('text/html')) {
    expect(answer.text, what).toContain('<main');
  } else {
    expect([answer.status, answer.type, answer.text], what).toEqual([404, expect.stringMatching(/^text\/plain/), 'Not found']);
    expect(sent.method, what).not.toBe('GET');
  }
}

describe('bad ids and path parameters', () => {
  it('never a 500, errors in their shape, and a refused request changes nothing', { timeout }, async () => {
    await run(fc.tuple(fc.constantFrom(...idRoutes), badSegment), 300, async ([route, segment]) => {
      const { type, body } = route.body ?? noBody;
      const sent = request(route.method, route.path(segment), type, body, route.headers);
      const before = await snapshot();
      const answer = await send(app, sent);
      expectAnyAnswer(answer, sent);
      // A segment that happens to name a real comment or post is simply a valid request.
      if (answer.status >= 400) expectChanges(before, await snapshot(), {}, `${sent.method} ${sent.path.slice(0, 80)} answered ${answer.status}`);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 4: GET endpoints with random query strings

const queryKeys = fc.oneof(fc.constantFrom('posts', 'sent', 'key', 'ref', 'reply', 'report', 'next', 'done', 'error', 'signed-out', 'before', 'action', 'account', 'target'), fc.string({ maxLength: 8 }));
const injection = '<b data-fuzz="1">';
const queryValues = fc.oneof(
  edgeText,
  fc.constantFrom('published', 'held', 'removed', 'reported', 'requested', 'open-post', 'open-post,closed-post,nope', ',,,', 'open-post,'.repeat(101), '1', '-1', '1e309', '9007199254740993', '/moderation/held', '//evil.example', injection, `"><script>alert(1)</script>`),
  fc.integer().map(String),
  hugeText.map((s) => s.slice(0, 6000)),
);
const queryStrings = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(queryKeys, queryValues), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')) },
  { weight: 1, arbitrary: fc.stringMatching(/^[!-~]{0,60}$/) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%%', 'posts=%E0%A4%A', 'posts', 'posts=&posts=open-post', 'key=%00', 'sent=published&key=%3Cb%20data-fuzz%3D%221%22%3E', 'reply=1&reply=2') },
);

const getRoutes: ((query: string) => Sent)[] = [
  (q) => request('GET', `/api/posts/open-post/comments?${q}`, undefined, undefined),
  (q) => request('GET', `/api/posts/open-post/comments.atom?${q}`, undefined, undefined),
  (q) => request('GET', `/api/comments/recent.atom?${q}`, undefined, undefined),
  (q) => request('GET', `/api/counts?${q}`, undefined, undefined),
  (q) => request('GET', `/api/reports/${seeded.reportId}?${q}`, undefined, undefined),
  (q) => request('GET', `/reports/${seeded.reportId}?${q}`, undefined, undefined),
  (q) => request('GET', `/reports?${q}`, undefined, undefined),
  (q) => request('GET', `/posts/open-post/comments?${q}`, undefined, undefined),
  (q) => request('GET', `/posts/closed-post/comments?${q}`, undefined, undefined),
  (q) => request('GET', `/moderation/login?${q}`, undefined, undefined),
  (q) => request('GET', `/moderation/setup/${seeded.setupToken}?${q}`, undefined, undefined),
  (q) => request('GET', `/moderation/held?${q}`, undefined, undefined),
  (q) => request('GET', `/moderation/audit?${q}`, undefined, undefined, { Cookie: 'befriend_session=forged.token', Accept: 'application/json' }),
];

describe('GET endpoints with random query strings', () => {
  it('never a 500, never a write, and nothing from the address unescaped in a page', { timeout }, async () => {
    await run(fc.tuple(fc.constantFrom(...getRoutes), queryStrings), 250, async ([route, query]) => {
      const sent = route(query);
      const before = await snapshot();
      const answer = await send(app, sent);
      expectAnyAnswer(answer, sent);
      if (answer.type.startsWith('text/html')) expect(answer.text).not.toContain('<b data-fuzz');
      expectChanges(before, await snapshot(), {}, `GET ${sent.path.slice(0, 80)}`);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 5: comment bodies of random text are stored safe, or refused clearly

/** Problems with sanitised HTML: scripts, event handlers, URLs that run code. */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  if (/<script/i.test(html)) problems.push('a <script> tag');
  const fragment = JSDOM.fragment(html);
  for (const element of fragment.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) problems.push(`${element.localName}[${attribute.name}]`);
      // Browsers ignore whitespace and control characters inside a scheme.
      if (/^(javascript|vbscript|data):/i.test(attribute.value.replace(/[\u0000-\u0020\u007f]/g, ''))) problems.push(`${element.localName}[${attribute.name}=${attribute.value}]`);
    }
  }
  return problems;
}

const commentText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 2000 }),
  text(8000),
  fc.array(fc.oneof(fc.constantFrom(...markup), fc.constantFrom(...unicodeEdges), fc.string({ unit: 'grapheme', maxLength: 30 })), { maxLength: 120 }).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom(...markup, ...unicodeEdges), fc.integer({ min: 1, max: 8000 })).map(([piece, times]) => piece.repeat(times).slice(0, 8100)),
);

describe('comment bodies of random text', () => {
  it('are stored with safe HTML (201 or 202), or refused with a clear 422', { timeout }, async () => {
    await run(commentText, 150, async (body) => {
      const sent = request('POST', '/api/posts/open-post/comments', 'application/json', { text: JSON.stringify({ body }) });
      const before = await snapshot();
      const answer = await send(app, sent);
      const code = expectAnswer(answer, sent, 'json');
      const after = await snapshot();
      if (code === 'payload_too_large') {
        // The contract: a request body over 16 KiB is refused, whatever the characters.
        expect(Buffer.byteLength(JSON.stringify({ body })), `${body.length} characters refused as too large`).toBeGreaterThan(16 * 1024);
        expectChanges(before, after, {}, 'a body refused as too large');
        return;
      }
      if (code !== undefined) {
        expect(answer.status).toBe(422);
        expect(['validation_failed', 'body_too_complex', 'identifying_detail']).toContain(code);
        expect((answer.json as { error: { field?: string } }).error.field).toBe('body');
        expectChanges(before, after, {}, `a refused body (${code})`);
        return;
      }
      expect([201, 202]).toContain(answer.status);
      const html = (answer.json as { comment: { html: string } }).comment.html;
      expect(unsafeParts(html), html.slice(0, 500)).toEqual([]);
      expectChanges(before, after, comment, 'a stored comment');
    });
  });

  // A form sends each such character as up to nine bytes (%E6%97%A5), JSON as up to three: the
  // 16 KiB limit on a request comes before the 8,000 characters for text in those scripts.
  it.each([
    ['日本語のコメントです。', 'application/json'],
    ['日本語のコメントです。', 'application/x-www-form-urlencoded'],
    ['مرحبا بكم ', 'application/x-www-form-urlencoded'],
    ['👩‍👩‍👧‍👦 ', 'application/json'],
  ])('as long as fits in 16 KiB are stored, longer refused with 413 (%s as %s)', async (piece, type) => {
    const encode = (body: string) => (type === 'application/json' ? JSON.stringify({ body }) : new URLSearchParams({ body }).toString());
    let fits = piece;
    while (Buffer.byteLength(encode(fits + piece)) <= 16 * 1024 && (fits + piece).length <= 8000) fits += piece;
    const stored = await send(app, request('POST', '/api/posts/open-post/comments', type, { text: encode(fits) }));
    expect(stored.status, stored.text.slice(0, 200)).toBe(201);
    const tooBig = fits + piece.repeat(Math.ceil(2048 / Buffer.byteLength(piece)));
    if (tooBig.length <= 8000) {
      const refused = await send(app, request('POST', '/api/posts/open-post/comments', type, { text: encode(tooBig) }));
      expect(refused.status).toBe(413);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The moderation app's state-changing routes, without a session

const forgedCookies = fc.oneof(
  fc.constantFrom(
    undefined,
    'befriend_session=forged.token',
    'befriend_session=',
    'befriend_session=..',
    'befriend_session=%00',
    `__Host-befriend_session=${'a'.repeat(32)}.${'b'.repeat(52)}`,
    `befriend_session=${'a'.repeat(32)}.${'b'.repeat(52)}`,
    `befriend_session=${'a'.repeat(32)}.${'b'.repeat(52)}.${'c'.repeat(4)}`,
  ),
  // A real session under the name an https site would use, or altered: none of them signs in.
  fc.constantFrom('secure-name', 'flipped', 'other-secret', 'shadowed').map((variant) => {
    const [id, secret] = seeded.session.split('.') as [string, string];
    if (variant === 'secure-name') return `__Host-befriend_session=${seeded.session}`;
    if (variant === 'flipped') return `befriend_session=${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
    if (variant === 'other-secret') return `befriend_session=${id}.${'q'.repeat(secret.length)}`;
    return `befriend_session=garbage; befriend_session=${seeded.session}`;
  }),
  fc.stringMatching(/^[ -~]{0,80}$/),
);

const origins = fc.constantFrom<Record<string, string>>(
  {},
  { Origin: pagesOrigin },
  { Origin: `${pagesOrigin}/` },
  { Origin: 'https://evil.example' },
  { Origin: 'null' },
  { 'Sec-Fetch-Site': 'same-origin' },
  { 'Sec-Fetch-Site': 'none' },
  { 'Sec-Fetch-Site': 'cross-site' },
  { 'Sec-Fetch-Site': 'same-site', Origin: pagesOrigin },
);

const stateChanging = () => [
  '/moderation/comments/bulk',
  ...commentActions.map((action) => `/moderation/comments/${seeded.held}/${action}`),
  ...reportDecisions.map((decision) => `/moderation/reports/${seeded.reportId}/${decision}`),
  ...removalDecisions.map((decision) => `/moderation/removal-requests/${seeded.removalRequestId}/${decision}`),
  '/moderation/settings',
  '/moderation/feed',
  '/moderation/feed/revoke',
  '/moderation/accounts',
  ...['role', 'password', 'remove'].map((action) => `/moderation/accounts/${seeded.editorId}/${action}`),
  '/moderation/logout',
];

describe('moderation actions without a session', () => {
  it('are refused, 403 from elsewhere and 401 from the site, and change nothing', { timeout }, async () => {
    const anyBody = bodies(['action', 'ids', 'reason', 'back', 'holdMode', 'reportThreshold', 'name', 'role', 'password']);
    await run(fc.tuple(fc.constantFrom(...stateChanging()), forgedCookies, origins, anyBody), 200, async ([path, cookie, origin, { type, body }]) => {
      const sent = request('POST', path, type, body, { ...origin, ...(cookie !== undefined ? { Cookie: cookie } : {}) });
      const before = await snapshot();
      const answer = await send(app, sent);
      expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500);
      const fetchSite = origin['Sec-Fetch-Site'];
      const fromSite = fetchSite ? fetchSite === 'same-origin' || fetchSite === 'none' : origin['Origin'] === pagesOrigin;
      if (path === '/moderation/logout' && fromSite) {
        // Signing out without a session is harmless: it just clears the cookies.
        expect([200, 303]).toContain(answer.status);
      } else {
        const code = expectErrorJson(answer, `POST ${path}`);
        expect(code).toBe(fromSite ? 'unauthorized' : 'cross_site');
      }
      expectChanges(before, await snapshot(), {}, `POST ${path} without a session`);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// With the limits on: only what was accepted counts; a refused comment ticks the budget of refusals at most

describe('with rate limits, form tokens and the timing check on', () => {
  it('refuses in the error shape and changes only the counters each request counts against', { timeout }, async () => {
    const tokens = ['valid', 'fresh', 'expired', 'forged', 'missing', 'garbage'] as const;
    const tokenFor = (kind: (typeof tokens)[number]) => {
      if (kind === 'valid') return issueFormToken(formSecret, clock - 10_000);
      if (kind === 'fresh') return issueFormToken(formSecret, clock);
      if (kind === 'expired') return issueFormToken(formSecret, clock - 2 * 86_400_000);
      if (kind === 'forged') return issueFormToken('another secret', clock - 10_000);
      if (kind === 'garbage') return '\uD800.%00';
      return undefined;
    };
    const requests = fc.record({
      kind: fc.constantFrom('comment', 'comment-form', 'report', 'removal-request'),
      source: fc.constantFrom('192.0.2.1', '192.0.2.2', '2001:db8::1', '2001:db8::2', '2001:db8:0:1::1'),
      token: fc.oneof({ weight: 5, arbitrary: fc.constant('valid' as const) }, fc.constantFrom(...tokens)),
      body: fc.oneof(fc.constantFrom('The same words again.', '>'.repeat(3000) + ' deep', ''), edgeText),
      parentId: fc.constantFrom(undefined, 999_999),
      commentId: fc.constantFrom(1, 999_999),
      reason: fc.constantFrom('spam', 'abuse', 'nonsense'),
      wait: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120_000 })),
    });
    await run(requests, 200, async (r) => {
      clock += r.wait;
      const commentId = r.commentId === 1 ? seeded.published : r.commentId;
      const formToken = tokenFor(r.token);
      const fields = { body: r.body, ...(formToken !== undefined ? { formToken } : {}), ...(r.parentId !== undefined ? { parentId: r.parentId } : {}) };
      const sent =
        r.kind === 'comment'
          ? request('POST', '/api/posts/open-post/comments', 'application/json', { text: JSON.stringify(fields) }, { 'X-Forwarded-For': r.source })
          : r.kind === 'comment-form'
            ? request('POST', '/api/posts/open-post/comments', 'application/x-www-form-urlencoded', { text: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString() }, { 'X-Forwarded-For': r.source })
            : r.kind === 'report'
              ? request('POST', `/api/comments/${commentId}/reports`, 'application/json', { text: JSON.stringify({ reason: r.reason }) }, { 'X-Forwarded-For': r.source })
              : request('POST', `/api/comments/${commentId}/removal-requests`, 'application/json', { text: JSON.stringify({ note: r.body }) }, { 'X-Forwarded-For': r.source });
      const before = await snapshot();
      const answer = await send(limited, sent);
      const code = expectAnswer(answer, sent, r.kind === 'removal-request' ? 'json' : 'pages');
      const after = await snapshot();
      // A comment ticks its minute, day and repeat counters and records its form token's use.
      const counters: Changes = { rate_limits: [0, 4] };
      const accepted = answer.status < 400;
      if (r.kind === 'comment-form') {
        // The page does not say which check refused it, so the counters may or may not have ticked.
        expectChanges(before, after, accepted ? { ...comment, ...counters } : counters, `a form comment answered ${answer.status}`);
        return;
      }
      // Only what was accepted counts; a comment refused after its form token was found good counts
      // against the source's budget of refusals instead.
      const counted = accepted || (r.kind === 'comment' && ['body_too_complex', 'parent_not_visible'].includes(code ?? ''));
      expect(changed(before, after, 'rate_limits'), `${r.kind} answered ${answer.status} ${code ?? ''}: counted`).toBe(counted);
      const effect = r.kind === 'comment' ? comment : r.kind === 'report' ? { reports: [0, 1] as const, comments: 0, thread_versions: [0, 1] as const } : { removal_requests: 1 };
      expectChanges(before, after, accepted ? { ...effect, ...counters } : counters, `${r.kind} answered ${answer.status} ${code ?? ''}`);
    });
  });
});
