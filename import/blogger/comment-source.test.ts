// Blogger comment HTML to the Markdown the board stores: each case read back through the board's
// real renderer, so what readers see is what they saw on Blogger.
import { describe, expect, it } from 'vitest';
import { renderCommentHtml } from '../../api/render/markdown.ts';
import { bloggerCommentToMarkdown, decodeEntities, removedBy } from './comment-source.ts';

const shown = (html: string) => renderCommentHtml(bloggerCommentToMarkdown(html));

describe('bloggerCommentToMarkdown', () => {
  it.each([
    ['plain text', 'Thanks for this post.', '<p>Thanks for this post.</p>'],
    ['line breaks and paragraphs', 'one<br />two<br /><br />three', '<p>one<br>two</p>\n<p>three</p>'],
    ['bold and italics', 'a <b>bold</b> and <i>slanted</i> word', '<p>a <strong>bold</strong> and <em>slanted</em> word</p>'],
    ['a link', 'see <a href="https://example.org/x?a=1&amp;b=2" rel="nofollow">this page</a>', '<p>see <a href="https://example.org/x?a=1&amp;b=2" rel="nofollow ugc noopener noreferrer">this page</a></p>'],
    ['entities', 'caf&eacute; &amp; &lt;tea&gt; &#8217;s &#x1F600;', '<p>café &amp; &lt;tea&gt; ’s 😀</p>'],
    ['Markdown marks in the text stay text', '*not emphasis* and _this_ and [brackets] and `ticks`', '<p>*not emphasis* and _this_ and [brackets] and `ticks`</p>'],
    ['line starts that look like Markdown', '# not a heading<br />- not a list<br />1. not numbered<br />&gt; not a quote', '<p># not a heading<br>- not a list<br>1. not numbered<br>&gt; not a quote</p>'],
    ['raw HTML-looking text stays text', '&lt;script&gt;alert(1)&lt;/script&gt;', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['an unsafe link keeps its words only', '<a href="javascript:alert(1)">click</a>', '<p>click</p>'],
    ['other tags keep their text', '<span class="x">kept</span> <u>too</u>', '<p>kept too</p>'],
  ])('%s', (_, html, expected) => {
    expect(shown(html).trim()).toBe(expected);
  });

  it('decodes numeric and named entities, leaving unknown ones', () => {
    expect(decodeEntities('&amp;&#39;&#x27;&nbsp;&bogus;&#0;')).toBe("&'' &bogus;&#0;");
  });
});

describe('removedBy', () => {
  it('reads Blogger placeholders and the contentRemoved flag', () => {
    expect(removedBy('This comment has been removed by the author.', {})).toBe('author');
    expect(removedBy('This comment has been removed by a blog administrator.', {})).toBe('administrator');
    expect(removedBy('', { 'blogger.contentRemoved': 'true' })).toBe('administrator');
    expect(removedBy('A normal comment.', {})).toBeUndefined();
  });
});
