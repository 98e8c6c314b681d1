import { describe, expect, it } from 'vitest';
import { absolutiseLinks } from './feed-html.ts';
import { escapeHtml } from './html.ts';
import { isValidPostId, postIdFromPath } from './post-id.ts';
import { listenUrl, resolveSiteUrl } from './site-url.ts';

describe('postIdFromPath', () => {
  it.each([
    ['2021/losing-the-plot.mdx', 'losing-the-plot'],
    ['2021/losing-the-plot.md', 'losing-the-plot'],
    ['losing-the-plot.MDX', 'losing-the-plot'],
    ['a\\b\\c.mdx', 'c'],
  ])('%s', (path, id) => expect(postIdFromPath(path)).toBe(id));
});

describe('isValidPostId', () => {
  it.each([
    ['losing-the-plot', true],
    ['post_4', true],
    ['2021', true],
    ['Losing', false],
    ['a--b', false],
    ['-a', false],
    ['a b', false],
    ['', false],
  ])('%j is %s', (id, ok) => expect(isValidPostId(id)).toBe(ok));
});

describe('resolveSiteUrl', () => {
  it.each([
    [{}, 'http://127.0.0.1:4321'],
    [{ HOST: '0.0.0.0', PORT: '8080' }, 'http://127.0.0.1:8080'],
    [{ HOST: '::1', PORT: '80' }, 'http://[::1]:80'],
    [{ SITE_URL: 'https://blog.example.org/' }, 'https://blog.example.org'],
    [{ SITE_URL: 'https://blog.example.org/sub/' }, 'https://blog.example.org/sub'],
  ])('%j', (env, url) => expect(resolveSiteUrl(env)).toBe(url));

  it.each(['not a url', 'ftp://example.org'])('refuses %j', (SITE_URL) => {
    expect(() => resolveSiteUrl({ SITE_URL })).toThrow(/SITE_URL/);
  });

  it('shows a wildcard address as loopback', () => expect(listenUrl('0.0.0.0', 1)).toBe('http://127.0.0.1:1'));
});

describe('absolutiseLinks', () => {
  it('makes root-relative links and images absolute, leaving others alone', () => {
    expect(absolutiseLinks('<a href="/about/">a</a><img src="/x.png"><a href="https://e.org/">e</a><a href="//cdn">c</a><a href="#x">h</a>', 'https://blog.example.org')).toBe(
      '<a href="https://blog.example.org/about/">a</a><img src="https://blog.example.org/x.png"><a href="https://e.org/">e</a><a href="//cdn">c</a><a href="#x">h</a>',
    );
  });
});

describe('escapeHtml', () => {
  it.each([
    ['Tom & "Jerry" <b>', 'Tom &amp; &quot;Jerry&quot; &lt;b&gt;'],
    ["O'Brien", 'O&#39;Brien'],
    ['&amp; stays text', '&amp;amp; stays text'],
    ['plain', 'plain'],
  ])('%j', (text, escaped) => expect(escapeHtml(text)).toBe(escaped));
});
