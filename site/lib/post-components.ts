// The markup of the components a post may use (PullQuote, Contribution, RemovedAtAuthorsRequest):
// one definition, used by the Astro components the build renders and by the desk's preview, so the
// preview shows a post as the site will. `inner` is the component's content, already HTML.
import { escapeHtml } from './html.ts';
import { formatLongDate } from './dates.ts';

export interface PullQuoteProps {
  cite?: string | undefined;
}

export interface ContributionProps {
  from?: string | undefined;
  received?: string | Date | undefined;
}

export interface RemovedProps {
  removed?: string | Date | undefined;
}

function dateOf(value: string | Date | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const timeElement = (date: Date, timeZone: string, locale: string) => `<time datetime="${date.toISOString()}">${escapeHtml(formatLongDate(date, timeZone, locale))}</time>`;

/** A sentence lifted out of the text, set large. */
export function pullQuoteHtml({ cite }: PullQuoteProps, inner: string): string {
  return `<figure class="pull-quote"><blockquote>${inner}</blockquote>${cite ? `<figcaption>— ${escapeHtml(cite)}</figcaption>` : ''}</figure>`;
}

/** A piece sent in by a reader (usually by email), set apart from the editor's own words. */
export function contributionHtml({ from, received }: ContributionProps, inner: string, timeZone: string, locale: string): string {
  const date = dateOf(received);
  const label = from ? `Contribution from ${from}` : 'Contribution sent in by a reader';
  return `<aside class="contribution" aria-label="${escapeHtml(label)}"><p class="contribution-from">Sent in by ${escapeHtml(from ?? 'a reader')}${date ? `, ${timeElement(date, timeZone, locale)}` : ''}</p><div class="contribution-body">${inner}</div></aside>`;
}

/** Replaces the body of a piece whose author asked for it to be taken down. */
export function removedNoticeHtml({ removed }: RemovedProps, timeZone: string, locale: string): string {
  const date = dateOf(removed);
  return `<div class="removed-notice" role="note"><p><strong>Removed at the author's request.</strong>${date ? ` This piece was taken down on ${timeElement(date, timeZone, locale)}.` : ''}</p></div>`;
}
