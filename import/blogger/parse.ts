// Reads a Blogger "Back up content" export (Atom) as a stream, one entry at a time, so an export
// of hundreds of megabytes never sits in memory whole.
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { maxHtmlNesting, nestsDeeperThan } from './html-depth.ts';

const atom = 'http://www.w3.org/2005/Atom';
const thr = 'http://purl.org/syndication/thread/1.0';
const gd = 'http://schemas.google.com/g/2005';
const app = 'http://purl.org/atom/app#';
const kindScheme = 'http://schemas.google.com/g/2005#kind';
const labelScheme = 'http://www.blogger.com/atom/ns#';

/**
 * Prefixes Blogger uses: an export whose declarations were lost (hand-edited, or cut from a larger
 * file) still reads. Any other undeclared prefix is refused with its line.
 */
const knownNamespaces: Record<string, string> = {
  app,
  thr,
  gd,
  georss: 'http://www.georss.org/georss',
  openSearch: 'http://a9.com/-/spec/opensearchrss/1.0/',
  media: 'http://search.yahoo.com/mrss/',
  blogger: 'http://schemas.google.com/blogger/2008',
};

/**
 * Deepest nesting of elements read. A Blogger export is 4 deep (its HTML is text, not elements);
 * the parser's namespace lookup walks every open element for each new one, so a file nested
 * tens of thousands deep would take minutes before it is refused as anything else.
 */
const maxNesting = 256;

export type EntryKind = 'post' | 'page' | 'comment' | 'settings' | 'template' | 'other';

export interface Link {
  rel: string;
  href: string;
  title?: string | undefined;
}

export interface Entry {
  kind: EntryKind;
  /** The full Atom id, e.g. tag:blogger.com,1999:blog-1.post-2 */
  id: string;
  published: string;
  updated: string;
  title: string;
  /** The content's text (for type="html", the HTML source). */
  content: string;
  labels: string[];
  links: Link[];
  author: { name: string; uri: string | undefined } | undefined;
  draft: boolean;
  inReplyTo: { ref: string; href: string | undefined } | undefined;
  properties: Record<string, string>;
  /** Line of the entry's start in the export, for messages. */
  line: number;
}

export interface FeedInfo {
  title: string;
  author: { name: string; uri: string | undefined } | undefined;
  url: string | undefined;
}

/** Malformed input: names the line and what is wrong. */
export class ExportError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `Line ${line}: ${message}`);
    this.name = 'ExportError';
    this.line = line;
  }
}

interface Building {
  entry: Entry;
  /** Text collected for the element being read, if it is one we keep. */
  text: string[] | undefined;
  authorDepth: number;
  author: { name: string; uri: string | undefined };
}

const emptyEntry = (line: number): Entry => ({
  kind: 'other',
  id: '',
  published: '',
  updated: '',
  title: '',
  content: '',
  labels: [],
  links: [],
  author: undefined,
  draft: false,
  inReplyTo: undefined,
  properties: {},
  line,
});

function kindOf(term: string): EntryKind {
  const kind = /#(\w+)$/.exec(term)?.[1];
  return kind === 'post' || kind === 'page' || kind === 'comment' || kind === 'settings' || kind === 'template' ? kind : 'other';
}

const attr = (tag: SaxesTagNS, name: string): string | undefined => {
  const found = tag.attributes[name];
  return found === undefined ? undefined : typeof found === 'string' ? found : found.value;
};

/**
 * The export's entries in file order, and the feed's own title and author (known once the first
 * entry starts). Throws ExportError for anything that is not a well-formed Blogger export.
 */
export async function* readExport(path: string, onFeed?: (feed: FeedInfo) => void, onBytes?: (bytes: number) => void): AsyncGenerator<Entry> {
  const parser = new SaxesParser({ xmlns: true, position: true, additionalNamespaces: knownNamespaces });
  const ready: Entry[] = [];
  const stack: SaxesTagNS[] = [];
  const feed: FeedInfo = { title: '', author: undefined, url: undefined };
  let feedAnnounced = false;
  let building: Building | undefined;
  let feedText: string[] | undefined;
  let feedAuthor: { name: string; uri: string | undefined } | undefined;
  let sawFeed = false;
  let error: ExportError | undefined;

  parser.on('error', (e) => {
    const message = e.message.replace(/^[^:]*:\d+:\d+: /, '');
    const prefix = /unbound namespace prefix: "?([^"\s]+)"?/i.exec(message)?.[1];
    error ??= new ExportError(
      prefix
        ? `the prefix "${prefix}:" is used without declaring its namespace, and it is not one Blogger uses. The file is damaged or was edited by hand: export it again from Blogger (Settings → Back up content).`
        : `this is not well-formed XML (${message}). Export the blog again from Blogger (Settings → Back up content) and import the new file.`,
      parser.line,
    );
  });

  // Before the parser looks up the new element's namespace: past the limit, it never does.
  parser.on('opentagstart', () => {
    if (stack.length < maxNesting) return;
    error ??= new ExportError(
      `elements are nested more than ${maxNesting} deep, which no Blogger export is. The file is damaged or is not a Blogger export: export the blog again from Blogger (Settings → Back up content).`,
      parser.line,
    );
    throw error; // stops the parser in the middle of this chunk
  });

  parser.on('opentag', (tag) => {
    const parent = stack.at(-1);
    stack.push(tag);
    if (stack.length === 1) {
      if (tag.uri !== atom || tag.local !== 'feed') error ??= new ExportError(`the file starts with <${tag.name}>, not an Atom <feed>: this is not a Blogger export (Settings → Back up content).`, parser.line);
      sawFeed = true;
      return;
    }
    if (stack.length === 2 && tag.uri === atom && tag.local === 'entry') {
      if (!feedAnnounced) {
        feedAnnounced = true;
        onFeed?.(feed);
      }
      building = { entry: emptyEntry(parser.line), text: undefined, authorDepth: 0, author: { name: '', uri: undefined } };
      return;
    }
    if (!building) {
      // Feed-level fields: the blog's title, author and address.
      if (stack.length === 2 && tag.uri === atom && tag.local === 'title') feedText = [];
      if (stack.length === 2 && tag.uri === atom && tag.local === 'link' && attr(tag, 'rel') === 'alternate') feed.url = attr(tag, 'href');
      if (stack.length === 2 && tag.uri === atom && tag.local === 'author') feedAuthor = { name: '', uri: undefined };
      if (stack.length === 3 && feedAuthor && tag.uri === atom && (tag.local === 'name' || tag.local === 'uri')) feedText = [];
      return;
    }
    const entry = building.entry;
    const depth = stack.length; // 3: a child of <entry>
    if (depth === 3) {
      if (tag.uri === atom) {
        switch (tag.local) {
          case 'id':
          case 'published':
          case 'updated':
          case 'title':
          case 'content':
            building.text = [];
            break;
          case 'category': {
            const scheme = attr(tag, 'scheme');
            const term = attr(tag, 'term') ?? '';
            if (scheme === kindScheme) entry.kind = kindOf(term);
            else if (scheme === labelScheme && term.trim()) entry.labels.push(term.trim());
            break;
          }
          case 'link':
            entry.links.push({ rel: attr(tag, 'rel') ?? '', href: attr(tag, 'href') ?? '', title: attr(tag, 'title') });
            break;
          case 'author':
            building.authorDepth = depth;
            building.author = { name: '', uri: undefined };
            break;
        }
      } else if (tag.uri === thr && tag.local === 'in-reply-to') {
        entry.inReplyTo = { ref: attr(tag, 'ref') ?? '', href: attr(tag, 'href') };
      } else if (tag.uri === gd && tag.local === 'extendedProperty') {
        const name = attr(tag, 'name');
        if (name) entry.properties[name] = attr(tag, 'value') ?? '';
      }
    } else if (depth === 4 && building.authorDepth === 3 && parent?.uri === atom && parent.local === 'author' && tag.uri === atom && (tag.local === 'name' || tag.local === 'uri')) {
      building.text = [];
    } else if (depth === 4 && tag.uri === app && tag.local === 'draft') {
      building.text = [];
    }
  });

  const onText = (text: string) => {
    if (building?.text) building.text.push(text);
    else if (feedText) feedText.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', (tag) => {
    stack.pop();
    if (!building) {
      if (feedText && tag.uri === atom) {
        const text = feedText.join('').trim();
        if (stack.length === 1 && tag.local === 'title') feed.title = text;
        if (feedAuthor && stack.length === 2 && tag.local === 'name') feedAuthor.name = text;
        if (feedAuthor && stack.length === 2 && tag.local === 'uri') feedAuthor.uri = text || undefined;
        feedText = undefined;
      }
      if (stack.length === 1 && tag.uri === atom && tag.local === 'author' && feedAuthor) {
        feed.author ??= feedAuthor.name ? feedAuthor : undefined;
        feedAuthor = undefined;
      }
      return;
    }
    const entry = building.entry;
    const depth = stack.length + 1;
    if (building.text) {
      const text = building.text.join('');
      building.text = undefined;
      if (depth === 3 && tag.uri === atom) {
        if (tag.local === 'id') entry.id = text.trim();
        else if (tag.local === 'published') entry.published = text.trim();
        else if (tag.local === 'updated') entry.updated = text.trim();
        else if (tag.local === 'title') entry.title = text.trim();
        else if (tag.local === 'content') entry.content = text;
      } else if (depth === 4 && tag.uri === atom && tag.local === 'name') building.author.name = text.trim();
      else if (depth === 4 && tag.uri === atom && tag.local === 'uri') building.author.uri = text.trim() || undefined;
      else if (depth === 4 && tag.uri === app && tag.local === 'draft') entry.draft = text.trim().toLowerCase() === 'yes';
    }
    if (depth === 3 && tag.uri === atom && tag.local === 'author' && building.authorDepth === 3) {
      entry.author ??= building.author;
      building.authorDepth = 0;
    }
    if (depth === 2) {
      if (!entry.id) error ??= new ExportError('an <entry> has no <id>: the export is damaged. Export the blog again from Blogger.', entry.line);
      if ((entry.kind === 'post' || entry.kind === 'page') && nestsDeeperThan(entry.content, maxHtmlNesting)) {
        error ??= new ExportError(`the ${entry.kind} "${entry.title}" nests its HTML more than ${maxHtmlNesting.toLocaleString('en-GB')} elements deep, which no real ${entry.kind} does. Simplify or delete it in Blogger, then export the blog again.`, entry.line);
      }
      ready.push(entry);
      building = undefined;
    }
  });

  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      parser.write(chunk);
      if (error) throw error;
      bytes += Buffer.byteLength(chunk);
      onBytes?.(bytes);
      while (ready.length > 0) yield ready.shift()!;
    }
    parser.close();
  } catch (thrown) {
    throw error ?? (thrown instanceof ExportError ? thrown : new ExportError(thrown instanceof Error ? thrown.message : String(thrown), parser.line));
  } finally {
    stream.destroy();
  }
  if (error) throw error;
  if (!sawFeed) throw new ExportError('the file is empty: export the blog again from Blogger (Settings → Back up content).');
  if (!feedAnnounced) onFeed?.(feed);
  while (ready.length > 0) yield ready.shift()!;
}

/** The numeric id at the end of a Blogger tag id (post-123, page-123) or comment feed URL. */
export function bloggerNumber(id: string): string | undefined {
  return /(?:post|page)-(\d+)$/.exec(id)?.[1] ?? /\/(\d+)\/?$/.exec(id)?.[1];
}
