/**
 * @module
 * Where one request's changes go, mailbox by mailbox. A request reads its user's mailbox, its
 * anonymous visitor mailboxes (one per visitor cookie: two requests that each created one in
 * parallel leave two), or both (the first request after logging in still carries the visitor
 * cookies), and may end as someone else than it started (the login or logout handler):
 *
 * - a message displayed leaves the mailbox it came from;
 * - a message read and not displayed goes back where it came from, except an anonymous visitor's,
 *   which follows the browser into the mailbox that receives: the account it logged in to (as
 *   Django keeps an anonymous session's data on login), or its first visitor mailbox, so the
 *   browser's visitor mailboxes merge into one; a user's messages never move to anyone else;
 * - a message added goes to whoever the request ends as: the user logged in by then, else the
 *   visitor (its first mailbox, or a new one).
 *
 * The mailbox that receives comes first, so a process that dies between two calls shows a moved
 * message twice rather than never (the documented "at least once when a process dies").
 */
import type { Mailbox } from './mailbox.js'

/** An entry this request read, as Redis holds it, and the mailbox it came from. */
export interface ReadEntry {
  readonly entry: string
  readonly from: Mailbox
}

/** One settle script call: remove `gone`, put `moved` then `back` in front, append `fresh`. */
export interface MailboxSettle {
  readonly mailbox: Mailbox
  readonly gone: string[]
  /** A visitor's entries moving into this mailbox (an account, or another visitor mailbox): shown first. */
  readonly moved: string[]
  readonly back: string[]
  readonly fresh: string[]
}

export interface SettleInput {
  /** Displayed, or unreadable: removed from their mailbox. */
  readonly gone: readonly ReadEntry[]
  /** Read and not displayed. */
  readonly kept: readonly ReadEntry[]
  /** The entries this request added, oldest first. */
  readonly added: readonly string[]
  /** Whose mailbox the request ends as; needed when {@link needsTarget} says so. */
  readonly target: Mailbox | undefined
}

/** Whether the settle needs to know whose mailbox the request ends as. */
export function needsTarget(kept: readonly ReadEntry[], added: readonly unknown[]): boolean {
  return added.length > 0 || kept.some((read) => read.from.visitorId !== undefined)
}

/** The settle calls to make, the receiving mailbox's first; mailboxes with nothing to do are left out. */
export function planSettle({ gone, kept, added, target }: SettleInput): MailboxSettle[] {
  // At most six mailboxes (four visitors', the user's before and after): a list beats a Map.
  const plans: MailboxSettle[] = []
  const planOf = (mailbox: Mailbox): MailboxSettle => {
    for (const plan of plans) if (plan.mailbox.list === mailbox.list) return plan
    const plan: MailboxSettle = { mailbox, gone: [], moved: [], back: [], fresh: [] }
    plans.push(plan)
    return plan
  }
  // Created first, so it is called first.
  const receiving = target === undefined ? undefined : planOf(target)
  for (const read of gone) planOf(read.from).gone.push(read.entry)
  for (const read of kept) {
    if (
      receiving !== undefined &&
      read.from.visitorId !== undefined &&
      read.from.list !== receiving.mailbox.list
    ) {
      planOf(read.from).gone.push(read.entry)
      receiving.moved.push(read.entry)
    } else {
      planOf(read.from).back.push(read.entry)
    }
  }
  if (added.length > 0) {
    if (receiving === undefined)
      throw new Error('@flash/redis: messages were added but no mailbox receives them')
    receiving.fresh.push(...added)
  }
  return plans.every(hasWork) ? plans : plans.filter(hasWork)
}

function hasWork(plan: MailboxSettle): boolean {
  return plan.gone.length + plan.moved.length + plan.back.length + plan.fresh.length > 0
}
