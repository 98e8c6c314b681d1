import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bodyStartLine, postSource, readPostSource, type PostFields } from './post-source.ts';

const fields: PostFields = {
  title: 'A title with "quotes" and a colon: here',
  published: new Date('2026-03-29T00:30:00Z'),
  labels: ['Courts', 'Ünïcode: yes'],
  author: 'A guest',
  summary: 'Two lines\nof summary',
  comments: 'moderated',
  draft: true,
  body: 'Hello.\n\n<PullQuote cite="x">y</PullQuote>',
};

describe('post files', () => {
  it('reads back what it writes', () => {
    const read = readPostSource(postSource(fields));
    expect(read).toEqual({ fields: { ...fields, updated: undefined, bloggerPath: undefined, bloggerId: undefined } });
  });

  it('keeps an imported post’s old Blogger path and number', () => {
    const imported = { ...fields, bloggerPath: '/2014/05/old.html', bloggerId: '6558632220679596410' };
    expect(readPostSource(postSource(imported))).toEqual({ fields: { ...imported, updated: undefined } });
  });

  it('reads back any title, labels and body text (YAML quoting is never broken)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((t) => /[\p{L}\p{N}]/u.test(t) && t.trim() === t), fc.array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ,'"#:-]{0,10}[A-Za-z0-9]$/), { maxLength: 3 }), (title, labels) => {
        const written = { ...fields, title, labels: [...new Set(labels.map((l) => l.replace(/\s+/g, ' ')))].filter((l, i, all) => all.findIndex((m) => m.toLowerCase() === l.toLowerCase()) === i) };
        const read = readPostSource(postSource(written));
        expect('fields' in read && read.fields.title).toBe(title);
      }),
      { numRuns: 200 },
    );
  });

  it('says where the body starts, for problems reported by line', () => {
    expect(bodyStartLine('---\ntitle: x\n---\n\nBody')).toBe(5);
    expect(bodyStartLine('---\ntitle: x\n---\nBody')).toBe(4);
    expect(bodyStartLine('No frontmatter')).toBe(1);
  });

  it('names the field the build would refuse', () => {
    expect(readPostSource('---\ntitle: ""\npublished: not a date\n---\n')).toMatchObject({ problems: [{ field: 'title' }, { field: 'published' }] });
    expect(readPostSource('---\ntitle: [unclosed\n---\n')).toMatchObject({ problems: [{ field: 'frontmatter' }] });
  });
});
