import type { APIRoute, GetStaticPaths } from 'astro';
import { blog } from '../../../config.ts';
import { postsFeed } from '../../../data/feed.ts';
import { getPublishedPosts, type Post } from '../../../data/posts.ts';
import { countLabels, type LabelCount } from '../../../lib/labels.ts';
import { labelFeedPath } from '../../../lib/urls.ts';

export const getStaticPaths = (async () => {
  const posts = await getPublishedPosts();
  return countLabels(posts).map((label) => ({
    params: { label: label.slug },
    props: { label, posts: posts.filter((post) => post.labels.some((l) => l.slug === label.slug)) },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ label: LabelCount; posts: Post[] }> = ({ props, site }) =>
  postsFeed({
    title: `${blog.title} — ${props.label.name}`,
    description: `Posts with the label ${props.label.name}`,
    posts: props.posts,
    site: site!,
    selfPath: labelFeedPath(props.label.slug),
  });
