/**
 * @module
 * The notes of the demo: an in-memory list, and the validation of the "New note" form.
 */

export interface Note {
  readonly id: number
  readonly title: string
}

/** The longest title accepted. */
export const MAX_TITLE = 200

/** What the "New note" form parses to: the note to create, or the error to show with the form. */
export type NoteForm = { ok: true; title: string } | { ok: false; title: string; error: string }

/**
 * Validate a posted "New note" form. Any body shape is accepted (a repeated field, a file, no
 * body at all): bad input is an error message, never an exception.
 *
 * @example
 * parseNoteForm({ title: ' Groceries ' }) // { ok: true, title: 'Groceries' }
 */
export function parseNoteForm(body: unknown): NoteForm {
  const raw = field(body, 'title')
  if (raw === undefined) return { ok: false, title: '', error: 'A note needs a title.' }
  const title = raw.trim()
  if (title === '') return { ok: false, title: raw, error: 'A note needs a title.' }
  if (title.length > MAX_TITLE) {
    return {
      ok: false,
      title: raw,
      error: `A title is at most ${MAX_TITLE} characters (this one has ${title.length}).`,
    }
  }
  return { ok: true, title }
}

/** The string value of form field `name`: the last one when repeated, `undefined` when absent or not text. */
export function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  let value: unknown = (body as Record<string, unknown>)[name]
  if (Array.isArray(value)) value = value[value.length - 1]
  return typeof value === 'string' ? value : undefined
}

/** Notes in memory, newest first; ids are never reused. */
export class NoteStore {
  readonly #notes = new Map<number, Note>()
  #next = 1

  list(): Note[] {
    return [...this.#notes.values()].reverse()
  }

  create(title: string): Note {
    const note = { id: this.#next++, title }
    this.#notes.set(note.id, note)
    return note
  }

  /** Remove the note `id` (a route parameter, so any string); the removed note, or `undefined`. */
  delete(id: string | number): Note | undefined {
    const key = Number(id)
    const note = this.#notes.get(key)
    if (note) this.#notes.delete(key)
    return note
  }
}

/** The success message of a created note: `“Groceries” was created.` */
export function noteCreated(note: Note): string {
  return `“${note.title}” was created.`
}

/** The success message of a deleted note. */
export function noteDeleted(note: Note): string {
  return `“${note.title}” was deleted.`
}

/** The warning for deleting a note that does not exist (any more). */
export const NOTE_MISSING = 'That note does not exist; it may have been deleted already.'

/**
 * The success message of the "New note" form, from the cleaned form (Django formats
 * `cleaned_data`): for the adapters' success-message helpers.
 *
 * @example
 * app.post('/notes', { config: { successMessage: noteCreatedMessage } }, handler)
 */
export function noteCreatedMessage(body: unknown): string | null {
  const form = parseNoteForm(body)
  return form.ok ? `“${form.title}” was created.` : null
}
