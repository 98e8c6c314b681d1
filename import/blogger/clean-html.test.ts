// Post bodies from Blogger, cleaned: nothing active, nothing fetched from elsewhere, one HTML block.
import { describe, expect, it } from 'vitest';
import { cleanBloggerHtml, emptyCleanReport } from './clean-html.ts';

const clean = (html: string) => {
  const report = emptyCleanReport();
  return { html: cleanBloggerHtml(html, 'https://old.blogspot.com/2020/01/post.html', report), report };
};

describe('cleanBloggerHtml', () => {
  it('removes scripts, event handlers and javascript: links', () => {
    const { html } = clean('<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:alert(2)">x</a></p>');
    expect(html).toBe('<div class="imported-post"><p>Hi <a>x</a></p></div>');
  });

  it('turns allowlisted video frames into links and drops other frames', () => {
    const { html, report } = clean('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="A talk"></iframe><iframe src="https://ads.example/frame"></iframe>');
    expect(html).toBe('<div class="imported-post"><p class="imported-video"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Video: A talk</a></p></div>');
    expect(report).toMatchObject({ videos: 1, removed: 1 });
  });

  it('drops tracking pixels and makes images links, keeping Blogger’s own link to the full size', () => {
    const { html, report } = clean('<img src="https://t.example/p.gif" width="1" height="1"><a href="https://blogger.googleusercontent.com/big.jpg"><img src="//blogger.googleusercontent.com/small.jpg" alt="The garden"></a><img src="https://elsewhere.example/photo.png">');
    expect(html).toBe('<div class="imported-post"><a href="https://blogger.googleusercontent.com/big.jpg">[Image: The garden]</a> <a href="https://elsewhere.example/photo.png" class="imported-image">[Image: photo.png]</a></div>');
    expect(report).toEqual({ bloggerImages: 1, otherImages: 1, videos: 0, removed: 1 });
  });

  it('turns <video>, <audio> and <picture> into links to where they are, keeping no source, track, poster or srcset', () => {
    const { html, report } = clean(
      '<video src="https://cdn.example/talk.mp4" poster="https://cdn.example/still.jpg" title="The talk"><track src="https://cdn.example/talk.vtt">Old browser</video>' +
        '<video poster="https://cdn.example/p.jpg"><source src="/media/clip.webm" type="video/webm"><source src="https://cdn.example/clip.mp4"></video>' +
        '<audio controls><source src="https://radio.example/show%20one.mp3"></audio>' +
        '<picture><source srcset="https://img.example/a.avif 1x, https://img.example/a@2.avif 2x"><img src="https://img.example/a.jpg" alt="A hall"></picture>' +
        '<picture><source srcset="https://img.example/only.webp"></picture>' +
        '<video poster="https://cdn.example/lonely.jpg"></video><source src="https://stray.example/s.mp4"><track src="https://stray.example/t.vtt">',
    );
    expect(html).toBe(
      '<div class="imported-post">' +
        '<p class="imported-video"><a href="https://cdn.example/talk.mp4">Video: The talk</a></p>' +
        '<p class="imported-video"><a href="https://old.blogspot.com/media/clip.webm">Video: clip.webm</a></p>' +
        '<p class="imported-audio"><a href="https://radio.example/show%20one.mp3">Sound: show one.mp3</a></p>' +
        '<a href="https://img.example/a.jpg" class="imported-image">[Image: A hall]</a> ' +
        '<a href="https://img.example/only.webp" class="imported-image">[Image: only.webp]</a>' +
        '</div>',
    );
    expect(html).not.toMatch(/<(video|audio|picture|source|track)\b|poster=|srcset=/);
    expect(report).toMatchObject({ videos: 3, otherImages: 1, removed: 1 });
  });

  it('puts a space after an image made a link, so the next word does not run into it', () => {
    expect(clean('<p>Pellentesque varius.<img src="https://img.example/a.jpg" alt="A hall">Donec</p>').html).toBe('<div class="imported-post"><p>Pellentesque varius.<a href="https://img.example/a.jpg" class="imported-image">[Image: A hall]</a> Donec</p></div>');
    expect(clean('<a href="https://img.example/big.jpg"><img src="https://img.example/a.jpg" alt="A hall"></a>Donec').html).toBe('<div class="imported-post"><a href="https://img.example/big.jpg">[Image: A hall]</a> Donec</div>');
  });

  it('names a link by the raw file name when its escapes are malformed', () => {
    expect(clean('<img src="https://img.example/100%zz.png">').html).toBe('<div class="imported-post"><a href="https://img.example/100%zz.png" class="imported-image">[Image: 100%zz.png]</a></div>');
  });

  it('turns layout styles into classes and drops the rest, including styles that fetch', () => {
    const { html } = clean('<div class="separator" style="clear: both; text-align: center;">a</div><p style="background: url(https://t.example/x.png)">b</p>');
    expect(html).toBe('<div class="imported-post"><div class="separator align-center clear">a</div><p>b</p></div>');
  });

  it('keeps everything on one line, with newlines in <pre> kept as characters', () => {
    const { html } = clean('<p>one\n\ntwo</p>\n\n<pre>line 1\n\nline 3</pre>');
    expect(html).not.toContain('\n');
    expect(html).toContain('<pre>line 1&#10;&#10;line 3</pre>');
  });

  it('makes relative links absolute to the old blog', () => {
    expect(clean('<a href="/2019/05/other.html">other</a>').html).toBe('<div class="imported-post"><a href="https://old.blogspot.com/2019/05/other.html">other</a></div>');
  });
});
