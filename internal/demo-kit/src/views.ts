/**
 * @module
 * What the pages of every demo show, apart from the messages: the same data for the eta
 * templates (Fastify, Koa) and the JSX pages (Hono).
 */
import type { BaseStorage } from '@flash/core'
import { DEMO_LEVELS } from './levels.js'
import { MAX_TITLE, type Note } from './notes.js'
import { MAX_COUNT, MAX_LENGTH, PLAYGROUND_DEFAULTS, type PlaygroundValues } from './playground.js'
import {
  describeStorage,
  offeredStorages,
  SCOPE_DESCRIPTIONS,
  SCOPE_NAMES,
  type ScopeName,
  STORAGE_DESCRIPTIONS,
  type StorageName,
  whereText,
} from './storage-switch.js'

export interface NotesView {
  readonly title: 'Notes'
  readonly notes: readonly Note[]
  readonly form: { readonly title: string; readonly invalid: boolean }
  readonly maxTitle: number
}

/** The notes page. */
export function notesView(notes: readonly Note[], form = { title: '', invalid: false }): NotesView {
  return { title: 'Notes', notes, form, maxTitle: MAX_TITLE }
}

export interface PlaygroundView {
  readonly title: 'Message playground'
  readonly values: PlaygroundValues
  readonly where: {
    readonly storage: StorageName
    readonly scope: ScopeName
    readonly cookie: string
    readonly session: string
  }
  readonly scopeNames: typeof SCOPE_NAMES
  readonly scopeDescriptions: typeof SCOPE_DESCRIPTIONS
  readonly levels: typeof DEMO_LEVELS
  readonly storageNames: readonly StorageName[]
  /** Whether to offer the "message from a background job" button (Redis storage chosen). */
  readonly backgroundJob: boolean
  readonly storageDescriptions: typeof STORAGE_DESCRIPTIONS
  readonly maxCount: number
  readonly maxLength: number
}

/**
 * The playground page. Reads where this request's messages were stored, so build it in the
 * handler (before the messages are persisted).
 */
export function playgroundView(
  storage: BaseStorage | undefined,
  values: PlaygroundValues = PLAYGROUND_DEFAULTS,
): PlaygroundView {
  const report = describeStorage(storage)
  return {
    title: 'Message playground',
    values,
    where: { storage: report?.storage ?? 'fallback', scope: report?.scope ?? 'none', ...whereText(report) },
    scopeNames: SCOPE_NAMES,
    scopeDescriptions: SCOPE_DESCRIPTIONS,
    levels: DEMO_LEVELS,
    storageNames: offeredStorages(),
    backgroundJob: report?.storage === 'redis',
    storageDescriptions: STORAGE_DESCRIPTIONS,
    maxCount: MAX_COUNT,
    maxLength: MAX_LENGTH,
  }
}

/** The error for a scope switch to an unknown scope. */
export const UNKNOWN_SCOPE = `Choose a scope: ${SCOPE_NAMES.join(', ')}.`

/** The error for a storage switch to an unknown storage. */
export const UNKNOWN_STORAGE = `Choose a storage: ${offeredStorages().join(', ')}.`
