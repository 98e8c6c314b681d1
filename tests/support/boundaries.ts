// The project's rooms and the rules between them, checked over source text: which room may import
// which, who writes the comment tables, who reads the environment, how long a file may grow. A
// pure function of (path, text) pairs, so tests/boundaries.test.ts can run it on the real tree and
// on small made-up files that break each rule.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

export interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

/**
 * Where each room's code may reach (folders relative to the project root). server/ composes the
 * rest and may import anything but tests and tools; tools/ and bench/ may import anything.
 */
const roomImports: Record<string, string[]> = {
  'site/': ['site/'],
  'api/': ['api/', 'site/lib/'],
  'moderation/': ['moderation/', 'api/', 'site/lib/'],
  'desk/': ['desk/', 'moderation/', 'api/', 'site/lib/'],
  'build/': ['build/', 'site/'],
  // The importer stores the pictures it fetches through the desk's image store, and nothing else of the desk.
  'import/': ['import/', 'api/', 'site/lib/', 'desk/images.ts'],
  'server/': ['server/', 'api/', 'moderation/', 'desk/', 'build/', 'import/', 'site/'],
};

/** The only code that writes the comment tables: the comment store, one file or one folder. */
const commentStore = ['api/comments/store.ts', 'api/comments/store/'];

/** Entry points read the process's environment and hand it on as plain values. */
const entryPoints = [/^server\/main\.ts$/, /^tools\/[^/]+\.ts$/, /^bench\/[^/]+\.ts$/, /^astro\.config\.mjs$/];

export const maxLines = 300;

/** Files allowed past maxLines, and why. */
export const longFiles: Record<string, string> = {
  'bench/synthetic-blogger.ts': 'a generator of a whole Blogger export (posts, pages, comment threads, its XML) kept in one file so the bench and its test read one description of the data',
  'bench/synthetic-posts.ts': 'a generator of a synthetic blog for the build bench, one description of the data in one file',
};

const sourceFolders = ['site', 'api', 'moderation', 'desk', 'server', 'build', 'import', 'tools', 'bench', 'tests'];
const rootFiles = ['astro.config.mjs', 'vitest.config.ts', 'vitest.browser.config.ts'];
const sourceExtension = /\.(?:ts|mts|mjs|js|astro)$/;

/** Tests, their fixtures and helpers: outside the rules for code that runs in production. */
function isTest(path: string): boolean {
  return path.startsWith('tests/') || /\.test\.ts$/.test(path) || /\.fixture\.ts$/.test(path);
}

/** Every source file of the project under `root`. */
export function projectSources(root: string): SourceFile[] {
  const files: SourceFile[] = rootFiles.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
  for (const folder of sourceFolders) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !sourceExtension.test(entry.name)) continue;
      const full = join(entry.parentPath, entry.name);
      if (full.includes(`${sep}node_modules${sep}`)) continue;
      files.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  }
  return files;
}

/** The script parts of a file: all of it, or an .astro file's frontmatter and <script> elements. */
function scripts({ path, text }: SourceFile): string[] {
  if (!path.endsWith('.astro')) return [text];
  const parts: string[] = [];
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (front) parts.push(front[1]!);
  for (const script of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) parts.push(script[1]!);
  return parts;
}

/** Every module a file imports or re-exports, static or dynamic, as TypeScript reads it. */
export function importsOf(file: SourceFile): string[] {
  return scripts(file).flatMap((code) => ts.preProcessFile(code, true, true).importedFiles.map((f) => f.fileName));
}

/** Where a relative specifier lands, from the project root; undefined for a package or a built-in. */
function resolved(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(from), specifier));
}

const roomOf = (path: string) => Object.keys(roomImports).find((room) => path.startsWith(room));

function importViolations(file: SourceFile): string[] {
  const room = roomOf(file.path);
  if (!room || isTest(file.path)) return [];
  const allowed = roomImports[room]!;
  return importsOf(file).flatMap((specifier) => {
    const target = resolved(file.path, specifier);
    if (target === undefined || allowed.some((folder) => target.startsWith(folder))) return [];
    return [`${file.path} imports ${target} (${room} may import ${allowed.join(', ')})`];
  });
}

const commentTableWrite = /\b(?:UPDATE|INSERT(?: OR \w+)? INTO|REPLACE INTO|DELETE FROM)\s+["`]?(comments|reports|removal_requests|thread_versions)\b/g;

function isMigration(path: string): boolean {
  return /(?:^|\/)migrations\//.test(path);
}

function tableWriteViolations(file: SourceFile): string[] {
  if (isTest(file.path) || isMigration(file.path) || commentStore.some((store) => file.path === store || (store.endsWith('/') && file.path.startsWith(store)))) return [];
  return [...file.text.matchAll(commentTableWrite)].map((match) => {
    const line = file.text.slice(0, match.index).split('\n').length;
    return `${file.path}:${line} writes ${match[1]} ("${match[0]}"): only the comment store (${commentStore.join(' or ')}) may`;
  });
}

/** `process.env` read anywhere in the code (comments and strings do not count). */
function readsEnvironment(code: string): boolean {
  const source = ts.createSourceFile('file.ts', code, ts.ScriptTarget.Latest, false);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'process' && node.name.text === 'env') found = true;
    else if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'process' && ts.isStringLiteral(node.argumentExpression) && node.argumentExpression.text === 'env') found = true;
    else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && ts.isIdentifier(node.initializer) && node.initializer.text === 'process') {
      found = node.name.elements.some((element) => (element.propertyName ?? element.name).getText(source) === 'env');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function environmentViolations(file: SourceFile): string[] {
  if (isTest(file.path) || entryPoints.some((entry) => entry.test(file.path))) return [];
  return scripts(file).some(readsEnvironment) ? [`${file.path} reads process.env: only entry points (server/main.ts, tools/, bench/, astro.config.mjs) may`] : [];
}

function lengthViolations(file: SourceFile): string[] {
  if (isTest(file.path) || file.path in longFiles) return [];
  const lines = file.text.split('\n').length - (file.text.endsWith('\n') ? 1 : 0);
  return lines > maxLines ? [`${file.path} has ${lines} lines (at most ${maxLines})`] : [];
}

export const rules = {
  imports: importViolations,
  'comment tables': tableWriteViolations,
  environment: environmentViolations,
  length: lengthViolations,
} satisfies Record<string, (file: SourceFile) => string[]>;

export type Rule = keyof typeof rules;

/** What breaks `rule` among `files`, one line each. */
export function violations(rule: Rule, files: SourceFile[]): string[] {
  return files.flatMap(rules[rule]);
}
