import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { bodyProblems as problems } from '../../tests/support/html-validator.ts';
import { repairStructure } from './repair-html.ts';

const document = new JSDOM('').window.document;

function repair(html: string): { html: string; fixed: string[] } {
  const root = document.createElement('div');
  root.innerHTML = html;
  const fixed = repairStructure(root);
  return { html: root.innerHTML, fixed };
}

describe('repairStructure', () => {
  it.each<[string, string, string]>([
    ['a list directly in a list', '<ul><li>a</li><ul><li>b</li></ul><li>c</li></ul>', '<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>'],
    ['a list first in a list', '<ol><ol><li>b</li></ol></ol>', '<ol><li><ol><li>b</li></ol></li></ol>'],
    ['a paragraph in a list', '<ul><p>loose</p><li>a</li></ul>', '<ul><li><p>loose</p></li><li>a</li></ul>'],
    ['items outside a list', '<p>x</p><li>a</li> <li>b</li><p>y</p>', '<p>x</p><ul><li>a</li> <li>b</li></ul><p>y</p>'],
    ['a block in bold', '<div><b>one<div>two</div>three</b></div>', '<div><b>one</b><div><b>two</b></div><b>three</b></div>'],
    ['blocks in a span in a span', '<span class="s"><span><div>a</div></span></span>', '<div><span class="s"><span>a</span></span></div>'],
    ['a list in a span', '<span>x<ul><li>a</li></ul></span>', '<span>x</span><ul><li>a</li></ul>'],
    ['a block in a heading', '<h2>Title<div>more</div></h2>', '<h2>Title</h2><div><h2>more</h2></div>'],
    ['a block in a link in a heading', '<h3><a href="/x">go<div>on</div></a></h3>', '<h3><a href="/x">go</a></h3><div><h3><a href="/x">on</a></h3></div>'],
    ['an old anchor', '<p><a name="top"></a>x <a name="top">y</a></p>', '<p><a id="top"></a>x <a>y</a></p>'],
  ])('%s', async (_, broken, repaired) => {
    expect(await problems(broken)).not.toEqual([]); // the validator sees what is wrong…
    const { html, fixed } = repair(broken);
    expect(html).toBe(repaired);
    expect(fixed.length).toBeGreaterThan(0);
    expect(await problems(html)).toEqual([]); // …and nothing once repaired
  });

  it('leaves valid HTML as it is, and says so', () => {
    const valid = '<div class="separator"><a href="/x"><div>block link</div></a></div><ul><li>a<ul><li>b</li></ul></li></ul><p><b>bold</b> <span>span</span></p>';
    expect(repair(valid)).toEqual({ html: valid, fixed: [] });
  });
});
