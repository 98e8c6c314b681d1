import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

describe('the server environment', () => {
  it('carries the blog time zone to the comment pages, moderation and the build', () => {
    expect(parseEnv({}).timeZone).toBe('Europe/London');
    expect(parseEnv({ BLOG_TIME_ZONE: 'America/Chicago' }).timeZone).toBe('America/Chicago');
  });

  it('refuses a time zone that does not exist before anything starts', () => {
    expect(() => parseEnv({ BLOG_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(/BLOG_TIME_ZONE: not a time zone/);
  });

  it('runs the clock ahead only when asked, and never behind', () => {
    expect(parseEnv({}).clock).toBe(Date.now);
    const ahead = parseEnv({ BEFRIEND_CLOCK_AHEAD: '150' }).clock() - Date.now();
    expect(ahead).toBeGreaterThanOrEqual(149_000);
    expect(ahead).toBeLessThanOrEqual(151_000);
    expect(() => parseEnv({ BEFRIEND_CLOCK_AHEAD: '-5' })).toThrow(/BEFRIEND_CLOCK_AHEAD/);
  });

  it('asks for the browser check only with POW=on, as hard as POW_HASHES says, never trivially easy', () => {
    expect(parseEnv({})).toMatchObject({ proofOfWork: false, powHashes: 25_000 });
    expect(parseEnv({ POW: 'on', POW_HASHES: '100000' })).toMatchObject({ proofOfWork: true, powHashes: 100_000 });
    expect(() => parseEnv({ POW: 'on', POW_HASHES: '10' })).toThrow(/POW_HASHES/);
  });

  it('sends moderators mail only with SMTP_URL, and only with a sender and recipients', () => {
    expect(parseEnv({ MAIL_FROM: 'board@blog.example', MODERATOR_MAIL_TO: 'ada@mods.example' }).moderatorMail).toBeUndefined();
    const mail = { SMTP_URL: 'smtps://board:s3cret@mail.example:465', MAIL_FROM: 'board@blog.example', MODERATOR_MAIL_TO: ' ada@mods.example, bo@mods.example ,' };
    expect(parseEnv(mail).moderatorMail).toEqual({ smtpUrl: 'smtps://board:s3cret@mail.example:465', from: 'board@blog.example', to: ['ada@mods.example', 'bo@mods.example'], queueSize: 20 });
    expect(parseEnv({ ...mail, MODERATOR_MAIL_QUEUE_SIZE: '5' }).moderatorMail?.queueSize).toBe(5);
    expect(() => parseEnv({ ...mail, MODERATOR_MAIL_TO: ' , ' })).toThrow(/SMTP_URL: needs MAIL_FROM .* and MODERATOR_MAIL_TO/);
    expect(() => parseEnv({ ...mail, SMTP_URL: 'mail.example:25' })).toThrow(/SMTP_URL: must be smtp:/);
    expect(() => parseEnv({ ...mail, MODERATOR_MAIL_QUEUE_SIZE: '0' })).toThrow(/MODERATOR_MAIL_QUEUE_SIZE/);
  });
});
