/**
 * @module
 * A session store that failed to save the session before the response was sent. What that costs
 * decides what happens. A request that only displayed or took messages loses none: they are
 * still in the store, and the worst is that they show again, so the page the route made is sent
 * (as express-session alone sends it) and the failure reported. Messages the request added to the
 * session are lost: they are reported with their texts and the page is sent, or, with
 * `strict: true`, they are a `MessagesNotStoredError` for the app's error handler, as messages
 * that do not fit are.
 */
import {
  describeUnstored,
  type Message,
  MessagesNotStoredError,
  parseMessageList,
  unstoredDetails,
} from '@flash/core'
import type { Saving } from './save.js'

/**
 * Report the failed save, or throw the `MessagesNotStoredError` the app's error handler gets
 * (`mayThrow`: `strict: true`, and not already the error page's save).
 *
 * @example
 * saved.then(undefined, (error) => sessionNotSaved(saving, error, config.strict))
 */
export function sessionNotSaved(saving: Saving, error: unknown, mayThrow: boolean): void {
  const { config, report } = saving.context
  const lost = unsaved(saving)
  if (lost.length === 0) {
    report(
      `${config.adapter.name}: the session store could not save the session (${String(error)}), so the ` +
        'messages this request displayed are still stored and may show again on a later page',
    )
    return
  }
  const text = describeUnstored(
    lost,
    `the session store could not save the session: ${String(error)}`,
    config,
  )
  if (mayThrow) throw Object.assign(new MessagesNotStoredError(text, lost), { cause: error })
  report(text, unstoredDetails(lost))
}

/**
 * The messages the request added that were in the unsaved session: all of them with storage
 * `'session'`, those the cookie had no room for with `'fallback'` (the cookie's went out). A value
 * the storage wrote in another form (a custom storage) counts every added message as lost.
 */
function unsaved({ storage, seam, context }: Saving): readonly Message[] {
  const added = storage.queued
  if (added.length === 0) return added
  const inSession: Message[] = []
  for (const value of seam.sessionWrites()) {
    if (value === undefined) continue
    const list = typeof value === 'string' ? parseList(value, context) : null
    if (list === null) return added
    inSession.push(...list)
  }
  return added.filter((message) => inSession.some((held) => held.equals(message)))
}

function parseList(json: string, { config }: Saving['context']): readonly Message[] | null {
  try {
    return parseMessageList(JSON.parse(json), config.levelTags)?.messages ?? null
  } catch {
    return null
  }
}
