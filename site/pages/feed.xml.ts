import type { APIRoute } from 'astro';
import { blog } from '../config.ts';
import { postsFeed } from '../data/feed.ts';
import { getPublishedPosts } from '../data/posts.ts';

export const GET: APIRoute = async ({ site }) =>
  postsFeed({ title: blog.title, description: blog.tagline, posts: await getPublishedPosts(), site: site!, selfPath: '/feed.xml' });
