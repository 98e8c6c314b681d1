// The comment life cycle, without a database: every (status, action, actor) and its outcome.
import { describe, expect, it } from 'vitest';
import { actionsOf, actors, movesOf, next, refusalOf, statuses, type Actor, type Status } from './life-cycle.ts';

// Columns: the status before. A cell: the status after ("*" when the text is erased for good), or
// "!" and the refusal's code.
const columns = ['new', 'pending', 'published', 'rejected', 'hidden', 'removed_by_author', 'removed_by_moderator'] as const satisfies readonly Status[];
const table: Record<string, readonly string[]> = {
  'author write': ['published', '!already_written', '!already_written', '!already_written', '!already_written', '!already_written', '!already_written'],
  'author write_held': ['pending', '!already_written', '!already_written', '!already_written', '!already_written', '!already_written', '!already_written'],
  'author reply': ['!parent_not_visible', '!parent_not_visible', 'published', '!parent_not_visible', '!parent_not_visible', '!parent_not_visible', '!parent_not_visible'],
  'author remove': ['!comment_not_found', 'rejected*', 'removed_by_author*', '!already_removed', 'removed_by_author*', '!already_removed', '!already_removed'],
  'author edit': ['!comment_not_found', 'pending', 'published', '!not_editable', '!not_editable', '!not_editable', '!not_editable'],
  'author follow': ['!comment_not_found', 'pending', 'published', 'rejected', 'hidden', '!already_removed', 'removed_by_moderator'],
  'reader report': ['!comment_not_found', '!comment_not_found', 'published', '!comment_not_found', 'hidden', '!comment_not_found', '!comment_not_found'],
  'reader request_removal': ['!comment_not_found', 'pending', 'published', '!comment_not_found', 'hidden', '!comment_not_found', '!comment_not_found'],
  'readers hide': ['!comment_not_found', '!not_shown', 'hidden', '!not_shown', '!not_shown', '!not_shown', '!not_shown'],
  'moderator approve': ['!comment_not_found', 'published', '!state_changed', '!state_changed', '!state_changed', '!state_changed', '!state_changed'],
  'moderator reject': ['!comment_not_found', 'rejected', '!state_changed', '!state_changed', '!state_changed', '!state_changed', '!state_changed'],
  'moderator remove': ['!comment_not_found', '!state_changed', 'removed_by_moderator', '!state_changed', 'removed_by_moderator', '!state_changed', '!state_changed'],
  'moderator restore': ['!comment_not_found', '!state_changed', '!state_changed', 'published', '!state_changed', '!state_changed', 'published'],
  'moderator redact': ['!comment_not_found', 'pending', 'published', '!state_changed', 'hidden', '!state_changed', '!state_changed'],
  'moderator uphold_reports': ['!comment_not_found', '!left_as_is', 'removed_by_moderator', '!left_as_is', 'removed_by_moderator', '!left_as_is', '!left_as_is'],
  'moderator dismiss_reports': ['!comment_not_found', '!left_as_is', '!left_as_is', '!left_as_is', 'published', '!left_as_is', '!left_as_is'],
  'moderator grant_removal': ['!comment_not_found', 'rejected*', 'removed_by_author*', 'rejected*', 'removed_by_author*', 'removed_by_author*', 'removed_by_author*'],
  'moderator undo_reject': ['!comment_not_found', '!state_changed', '!state_changed', 'pending', '!state_changed', '!state_changed', '!state_changed'],
  'moderator undo_remove': ['!comment_not_found', '!state_changed', '!state_changed', '!state_changed', '!state_changed', '!state_changed', 'published'],
  'moderator undo_remove_hidden': ['!comment_not_found', '!state_changed', '!state_changed', '!state_changed', '!state_changed', '!state_changed', 'hidden'],
  'retention erase': ['!comment_not_found', '!not_removed', '!not_removed', 'rejected*', '!not_removed', '!not_removed', 'removed_by_moderator*'],
  'importer import': ['published', '!already_imported', '!already_imported', '!already_imported', '!already_imported', '!already_imported', '!already_imported'],
  'importer import_removed_by_author': ['removed_by_author', '!already_imported', '!already_imported', '!already_imported', '!already_imported', '!already_imported', '!already_imported'],
  'importer import_removed_by_blog': ['removed_by_moderator', '!already_imported', '!already_imported', '!already_imported', '!already_imported', '!already_imported', '!already_imported'],
};

const pairs = Object.entries(table).flatMap(([row, cells]) => {
  const [actor, action] = row.split(' ') as [Actor, string];
  return columns.map((status, i) => ({ status, action, actor, expected: cells[i]! }));
});

describe('the life-cycle table', () => {
  it('lists every actor and action the module knows, over every status', () => {
    expect(Object.keys(table).sort()).toEqual(actors.flatMap((actor) => actionsOf(actor).map((action) => `${actor} ${action}`)).sort());
    expect([...columns].sort()).toEqual([...statuses].sort());
    expect(pairs).toHaveLength(Object.keys(table).length * statuses.length);
  });

  it.each(pairs)('$status, $action by $actor → $expected', ({ status, action, actor, expected }) => {
    const outcome = next(status, action as never, actor);
    const seen = 'refused' in outcome ? `!${outcome.refused.code}` : `${outcome.to}${outcome.erasesText ? '*' : ''}`;
    expect(seen).toBe(expected);
  });
});

describe('what goes with a move', () => {
  it('an author withdrawing a held comment leaves it rejected as withdrawn; a granted request does not say so', () => {
    expect(next('pending', 'remove', 'author')).toEqual({ to: 'rejected', erasesText: true, heldReason: 'Withdrawn by its author.' });
    expect(next('pending', 'grant_removal', 'moderator')).toEqual({ to: 'rejected', erasesText: true });
  });

  it('restoring, and undoing a rejection or removal, need the text still kept', () => {
    for (const status of ['removed_by_moderator', 'rejected'] as const) expect(next(status, 'restore', 'moderator')).toMatchObject({ to: 'published', needsText: true });
    expect(next('rejected', 'undo_reject', 'moderator')).toEqual({ to: 'pending', needsText: true });
    expect(next('removed_by_moderator', 'undo_remove', 'moderator')).toEqual({ to: 'published', needsText: true });
    expect(next('removed_by_moderator', 'undo_remove_hidden', 'moderator')).toEqual({ to: 'hidden', needsText: true });
  });

  it('guards list the stored statuses an action applies to, never "new"', () => {
    expect(movesOf('remove', 'moderator').map(([status]) => status)).toEqual(['published', 'hidden']);
    expect(movesOf('write', 'author')).toEqual([]);
    expect(movesOf('grant_removal', 'moderator').map(([status]) => status).sort()).toEqual(['hidden', 'pending', 'published', 'rejected', 'removed_by_author', 'removed_by_moderator']);
  });
});

describe('the refusals say what the API and the moderators are told', () => {
  it.each([
    ['author', 'remove', 'already_removed', 'This comment has already been removed.'],
    ['author', 'reply', 'parent_not_visible', 'The comment you are replying to is not (or no longer) shown on this post.'],
    ['reader', 'report', 'comment_not_found', 'There is no such comment to report.'],
    ['reader', 'request_removal', 'comment_not_found', 'There is no such comment to remove.'],
    ['moderator', 'approve', 'state_changed', 'This comment is no longer waiting for a decision.'],
    ['moderator', 'reject', 'state_changed', 'This comment is no longer waiting for a decision.'],
    ['moderator', 'remove', 'state_changed', 'Only a comment that is shown (or hidden by reports) can be removed.'],
    ['moderator', 'restore', 'state_changed', 'This comment cannot be restored: it was not removed by a moderator, or its text has been erased.'],
    ['moderator', 'undo_reject', 'state_changed', 'This comment has changed since the decision: it can no longer be undone.'],
  ] as const)('%s %s: %s', (actor, action, code, message) => {
    expect(refusalOf(action as never, actor)).toMatchObject({ code, message });
  });

  it('a missing comment is not found, whatever the action on it', () => {
    expect(next('new', 'remove', 'author')).toEqual({ refused: { code: 'comment_not_found', message: 'There is no such comment.' } });
    expect(next('new', 'approve', 'moderator')).toEqual({ refused: { code: 'comment_not_found', message: 'There is no such comment.' } });
  });
});
