/**
 * @module
 * The request's messages in `res.locals`: the `messages` getter a template reads, and the slot
 * where the request's own getters find the `flash()` that serves it (carrier.ts says why there
 * and not on the request). `res.locals` goes through an accessor on the prototype every Express
 * response shares, installed by the first request `flash()` serves: an app that replaces it after
 * `flash()` (`res.locals = { user }`, as passport's examples do) finds the messages carried into
 * the new object, its templates included.
 */
import { ServerResponse } from 'node:http'
import { type Finishing, FLASH, type FlashCarrier, LOCALS_VALUE } from './carrier.js'
import { defineOwn, sharedPrototypeOf } from './shared-prototype.js'

/** What `flash()` leaves in `res.locals`. */
export interface LocalsSlot extends Finishing {
  /** The request's storage, made on first use. */
  storage(): unknown
  /** Put it on the request itself: `res.locals` cannot keep it for the whole request. */
  pin(): void
}

type Locals = Record<string, unknown> & FlashCarrier<LocalsSlot>
type LocalsResponse = ServerResponse & { locals?: unknown; [LOCALS_VALUE]?: unknown }

/**
 * Leave `slot` in `res.locals` (`given`, as the caller read it), with the `messages` getter
 * (enumerable, so `res.render` copies it into the template's locals) and Django's
 * `DEFAULT_MESSAGE_LEVELS`. `false` when `res.locals`
 * cannot keep it for the whole request: not an Express response, or one whose `locals` is its own
 * property (set before the accessor was installed, or by other code), so a replacement would not
 * carry it. The caller then pins it on the request.
 */
export function attachToLocals(
  res: ServerResponse,
  given: FlashCarrier | null | undefined,
  slot: LocalsSlot,
  levels: unknown,
): boolean {
  if (given === undefined || given === null) return false
  const locals = given as Locals
  locals[FLASH] = slot
  Object.defineProperty(locals, 'messages', LOCALS_MESSAGES)
  locals.DEFAULT_MESSAGE_LEVELS = levels
  return carriesLocals(res)
}

/** One descriptor for every request: the same getter keeps every `res.locals` one hidden class. */
const LOCALS_MESSAGES: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: Locals) {
    return this[FLASH]?.storage()
  },
  set(this: object, value: unknown) {
    defineOwn(this, 'messages', value)
  },
}

/** The response prototypes whose `locals` is the accessor (Express's shared one, per copy of Express). */
const CARRYING = new WeakSet<object>()

/** Whether a replacement of `res.locals` will carry the slot: the accessor, installed now if needed, serves it. */
function carriesLocals(res: ServerResponse): boolean {
  const shared = sharedPrototypeOf(res, ServerResponse.prototype)
  if (shared === undefined) return false
  if (!CARRYING.has(shared)) {
    // Someone else's `locals` there already: theirs stays.
    if (Object.hasOwn(shared, 'locals')) return false
    Object.defineProperty(shared, 'locals', LOCALS_ACCESSOR)
    CARRYING.add(shared)
  }
  return !Object.hasOwn(res, 'locals')
}

const LOCALS_ACCESSOR: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: LocalsResponse) {
    return this[LOCALS_VALUE]
  },
  set(this: LocalsResponse, value: unknown) {
    const before = this[LOCALS_VALUE]
    this[LOCALS_VALUE] = value
    if (before !== value) carry(before, value)
  },
}

/**
 * The app replaced `res.locals` (`before`) with `after`: put the slot, the `messages` getter and
 * the levels in `after`, unless it has them already (`{ ...res.locals, user }` copied them). An
 * `after` that cannot take them (not an object, frozen) has the slot pinned on the request, so
 * what the request added is still stored; its templates then have no `messages`.
 */
function carry(before: unknown, after: unknown): void {
  if (typeof before !== 'object' || before === null) return
  const slot = (before as Locals)[FLASH]
  if (slot === undefined) return
  if (typeof after !== 'object' || after === null) {
    slot.pin()
    return
  }
  const into = after as Locals
  if (Object.hasOwn(into, FLASH)) return
  if (!Object.isExtensible(into)) {
    slot.pin()
    return
  }
  into[FLASH] = slot
  if (!Object.hasOwn(into, 'messages')) Object.defineProperty(into, 'messages', LOCALS_MESSAGES)
  if (!Object.hasOwn(into, 'DEFAULT_MESSAGE_LEVELS'))
    into.DEFAULT_MESSAGE_LEVELS = (before as Locals).DEFAULT_MESSAGE_LEVELS
}
