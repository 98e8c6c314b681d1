// Feed content keeps nothing that makes a feed reader fetch from another origin.
import { describe, expect, it } from 'vitest';
import { withoutOutsideFetches } from './feed-fetches.ts';

const site = 'https://blog.example.org/';
const own = 'https://blog.example.org';

describe('withoutOutsideFetches', () => {
  it.each([
    ['an image from elsewhere', '<p><img src="https://cdn.example/a.jpg" alt="A hall"></p>', '<p><a href="https://cdn.example/a.jpg">[Image: A hall]</a></p>'],
    ['a video with its own src, poster and track', '<video src="https://cdn.example/v.mp4" poster="https://cdn.example/p.jpg" title="Talk"><track src="https://cdn.example/t.vtt"></video>', '<a href="https://cdn.example/v.mp4">[Video: Talk]</a>'],
    ['a video whose sources are elsewhere', '<video controls><source src="https://cdn.example/v.webm"><source src="https://cdn.example/v.mp4"></video>', '<a href="https://cdn.example/v.webm">[Video: https://cdn.example/v.webm]</a>'],
    ['sound from elsewhere', '<audio src="https://radio.example/s.mp3"></audio>', '<a href="https://radio.example/s.mp3">[Sound: https://radio.example/s.mp3]</a>'],
    ['a picture from elsewhere', '<picture><source srcset="https://img.example/a.avif 1x"><img src="https://img.example/a.jpg" alt="Garden"></picture>', '<a href="https://img.example/a.jpg">[Image: Garden]</a>'],
    ['a frame, an embed and an object', '<iframe src="https://player.example/1" title="Clip"></iframe><embed src="https://x.example/e.swf"><object data="https://x.example/o.pdf"></object>', '<a href="https://player.example/1">[Embedded content: Clip]</a><a href="https://x.example/e.swf">[Embedded content: https://x.example/e.swf]</a><a href="https://x.example/o.pdf">[Embedded content: https://x.example/o.pdf]</a>'],
    ['a protocol-relative image', '<img src="//cdn.example/a.png">', '<a href="https://cdn.example/a.png">[Image: https://cdn.example/a.png]</a>'],
    ['styles, scripts, links and pings', '<link rel="stylesheet" href="https://x.example/s.css"><script src="https://x.example/s.js"></script><style>@import "https://x.example/i.css";</style><p style="background: url(https://x.example/b.png)">a</p><table background="https://x.example/t.png"><tbody><tr><td>b</td></tr></tbody></table><a href="https://elsewhere.example/" ping="https://x.example/ping">c</a>', '<p>a</p><table><tbody><tr><td>b</td></tr></tbody></table><a href="https://elsewhere.example/">c</a>'],
    ['an SVG image and use', '<svg><image href="https://x.example/i.png"></image><use href="https://x.example/s.svg#a"></use></svg>', '<svg><a href="https://x.example/i.png">[Image: https://x.example/i.png]</a></svg>'],
    ['a srcset or poster from elsewhere on the site’s own media', `<img src="${own}/a.jpg" srcset="https://cdn.example/a@2.jpg 2x" alt="a"><video src="${own}/v.mp4" poster="https://cdn.example/p.jpg"><source src="https://cdn.example/v.webm"></video>`, `<img src="${own}/a.jpg" alt="a"><video src="${own}/v.mp4"></video>`],
    ['a video with only a poster from elsewhere', '<video poster="https://cdn.example/p.jpg"></video>', ''],
  ])('%s', (_, html, expected) => {
    expect(withoutOutsideFetches(html, site)).toBe(expected);
  });

  it('leaves the site’s own files, data: images and links elsewhere as they are', () => {
    const html = `<p><a href="https://elsewhere.example/">out</a><img src="${own}/images/a.jpg" srcset="${own}/images/a@2.jpg 2x"><img src="data:image/png;base64,AAAA"><video src="${own}/v.mp4" poster="${own}/p.jpg"><track src="${own}/t.vtt"></video><span style="color: red">x</span></p>`;
    expect(withoutOutsideFetches(html, site)).toBe(html);
  });
});
