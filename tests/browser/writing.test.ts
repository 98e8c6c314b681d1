// Writing in a real browser: the preview drawn by the board, the warning before an identifying
// detail goes out (and sending it anyway), changing one's comment in its first minutes, and a
// private address to follow the replies to it.
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../support/browser-suite.ts';

const suite = useBrowserSuite({ env: () => ({ LIMITS: 'off' }), pagePerTest: { allowClientErrors: true, acceptDialogs: true } });

const postUrl = () => `${suite.server.origin}/2021/02/losing-the-plot/`;
const newForm = () => suite.page.locator('form[data-comment-form="new"]');

async function open(): Promise<void> {
  await suite.page.goto(postUrl());
  await newForm().waitFor();
}

describe('writing a comment with JavaScript', () => {
  it('previews what Blogger’s tags and Markdown will do, sending nothing', async () => {
    await open();
    const before = await suite.page.locator('.comment').count();
    await newForm().locator('textarea[name="body"]').fill('A <b>bold</b> and *slanted* idea');
    await newForm().getByRole('button', { name: 'Preview' }).click();
    const preview = newForm().locator('.comment-preview .comment-body');
    await preview.locator('strong').waitFor();
    await expect(preview.innerHTML()).resolves.toBe('<p>A <strong>bold</strong> and <em>slanted</em> idea</p>\n');
    await expect(suite.page.locator('.comment').count()).resolves.toBe(before);
  });

  it('warns before a phone number goes out, and holds it for a moderator when sent anyway', async () => {
    await open();
    await newForm().locator('textarea[name="body"]').fill('Ring the office on 07911 123456 about it');
    await newForm().getByRole('button', { name: 'Publish' }).click();
    // The board's answer is in once the choice to send it anyway is offered.
    await newForm().locator('.identifying-confirm p').waitFor();
    await expect(newForm().locator('[role="alert"]').textContent()).resolves.toContain('could identify you or a colleague');
    await expect(newForm().locator('.identifying-confirm').textContent()).resolves.toContain('07911 123456');
    await expect(newForm().locator('textarea[name="body"]').inputValue()).resolves.toBe('Ring the office on 07911 123456 about it');
    await newForm().getByLabel('Send it anyway: a moderator reads it first').check();
    await newForm().getByRole('button', { name: 'Publish' }).click();
    await suite.page.locator('.comment-held .comment-waiting').waitFor();
    await expect(suite.page.locator('.key-box-status').textContent()).resolves.toContain('held until a moderator has read it');
  });

  it('changes one’s comment in its first minutes, marked edited, and gives a private address to follow it', async () => {
    await open();
    await newForm().locator('textarea[name="body"]').fill('First thoughts on the sheds');
    await newForm().getByRole('button', { name: 'Publish' }).click();
    const mine = suite.page.locator('.comment', { hasText: 'First thoughts on the sheds' });
    await mine.waitFor();
    await mine.getByRole('button', { name: 'Edit' }).click();
    const editBox = mine.locator('form[data-edit-form] textarea');
    await expect(editBox.inputValue()).resolves.toBe('First thoughts on the sheds');
    await editBox.fill('Second thoughts on the sheds');
    await mine.getByRole('button', { name: 'Save the change' }).click();
    const changed = suite.page.locator('.comment', { hasText: 'Second thoughts on the sheds' });
    await changed.locator('.comment-edited').waitFor();
    await expect(suite.page.locator('.comment', { hasText: 'First thoughts' }).count()).resolves.toBe(0);

    const box = suite.page.locator('.key-box');
    await box.getByRole('button', { name: 'Follow replies to this comment' }).click();
    const address = box.locator('.follow-form a');
    await address.waitFor();
    const href = (await address.getAttribute('href'))!;
    expect(href).toMatch(/\/follow\/c\.[A-Za-z0-9_-]+$/);
    // Someone replies; the private page shows it, and says nothing of the writer.
    await changed.getByRole('button', { name: 'Reply' }).click();
    const reply = suite.page.locator(`form[data-comment-form="${await changed.getAttribute('data-comment-id')}"]`);
    await reply.locator('textarea[name="body"]').fill('A reply about the sheds, from elsewhere');
    await reply.getByRole('button', { name: 'Reply' }).click();
    await suite.page.locator('.comment', { hasText: 'A reply about the sheds' }).waitFor();
    const follow = await suite.context.newPage();
    await follow.goto(new URL(href, suite.server.origin).href);
    await expect(follow.locator('main').textContent()).resolves.toContain('A reply about the sheds, from elsewhere');
    await expect(follow.locator('main').textContent()).resolves.not.toContain('Second thoughts on the sheds');
    await follow.close();
  });
});
