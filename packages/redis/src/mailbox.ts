/**
 * @module
 * The key layout, documented in the README so other services and languages can notify:
 *
 * - `<prefix>{user:<user>}`: a list of waiting entries of a logged-in user, oldest first.
 * - `<prefix>{visitor:<id>}`: the same for an anonymous visitor (id from its signed cookie).
 * - `<list key>:claimed`: a sorted set of the entries being displayed right now, scored by the
 *   deadline (ms) of the lease of the request that claimed them.
 * - `<list key>:settle:<random id>`: one settle's reply, kept a minute so that a resent settle
 *   changes nothing (scripts.ts).
 *
 * The braces are a Redis Cluster hash tag: the keys of a mailbox live in one slot, as a script
 * needs. They also keep mailboxes apart whatever the user key holds: a list key always ends with
 * `}`, a claimed key with `:claimed`. Both keys expire `maxAge` after the last write.
 */

export interface Mailbox {
  readonly list: string
  readonly claimed: string
  /** Set for an anonymous visitor: the id its cookie carries. */
  readonly visitorId?: string
}

/** The mailbox of logged-in `user`. */
export function userMailbox(prefix: string, user: string): Mailbox {
  const list = `${prefix}{user:${user}}`
  return { list, claimed: `${list}:claimed` }
}

/** The mailbox of anonymous visitor `id`. */
export function visitorMailbox(prefix: string, id: string): Mailbox {
  const list = `${prefix}{visitor:${id}}`
  return { list, claimed: `${list}:claimed`, visitorId: id }
}
