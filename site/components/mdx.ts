// Components every MDX post may use without importing them.
import Contribution from './Contribution.astro';
import PullQuote from './PullQuote.astro';
import RemovedAtAuthorsRequest from './RemovedAtAuthorsRequest.astro';

export const mdxComponents = { Contribution, PullQuote, RemovedAtAuthorsRequest };
