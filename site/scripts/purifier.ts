// DOMPurify for the thread script, loaded by a script element of its own placed before the
// thread's (CommentsSection.astro): its setup then runs in a task of its own, and the thread
// script, importing this module, finds it ready.
import DOMPurify from 'dompurify';

export const purifier = DOMPurify;
