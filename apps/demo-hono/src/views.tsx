/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * The pages, as `hono/jsx` components. `<Messages>` from `@flash/hono/jsx` renders (and so
 * consumes) the messages in Django's markup.
 */
import type { NotesView, PlaygroundView } from '@flash/demo-kit'
import { Messages } from '@flash/hono/jsx'
import type { Context } from 'hono'
import type { Child } from 'hono/jsx'

export function Layout(props: { c: Context; title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · @flash demo on Hono</title>
        {/* No icon: without a <link rel="icon"> the browser asks for /favicon.ico, a 404 in its console. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/styles.css" />
        <script src="/assets/dismiss.js" defer />
      </head>
      <body>
        <header class="site">
          <a class="brand" href="/">
            @flash notes
          </a>
          <span class="framework">on Hono</span>
          <nav aria-label="Main">
            <a href="/">Notes</a>
            <a href="/playground">Message playground</a>
            <a href="/htmx">htmx</a>
            <a href="/turbo">Turbo</a>
            <a href="/api/messages">/api/messages</a>
          </nav>
        </header>
        <main>
          <Messages c={props.c} />
          {props.children}
        </main>
      </body>
    </html>
  )
}

export function NotesPage({ c, view }: { c: Context; view: NotesView }) {
  return (
    <Layout c={c} title={view.title}>
      <h1>Notes</h1>
      <form class="card" method="post" action="/notes">
        <h2>New note</h2>
        <label for="title">Title</label>
        <input
          type="text"
          id="title"
          name="title"
          value={view.form.title}
          maxlength={view.maxTitle}
          autocomplete="off"
          aria-invalid={view.form.invalid ? 'true' : undefined}
          autofocus={view.form.invalid}
        />
        <p class="hint">Leave it empty to see a validation error (status 422) shown on the same page.</p>
        <button type="submit" id="create">
          Create note
        </button>
      </form>
      <section class="card" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Your notes</h2>
        {view.notes.length ? (
          <ul class="notes">
            {view.notes.map((note) => (
              <li>
                <span>{note.title}</span>
                <form method="post" action={`/notes/${note.id}/delete`}>
                  <button class="link" type="submit" aria-label={`Delete “${note.title}”`}>
                    Delete
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">No notes yet.</p>
        )}
      </section>
    </Layout>
  )
}

export function PlaygroundPage({ c, view }: { c: Context; view: PlaygroundView }) {
  const { values } = view
  return (
    <Layout c={c} title={view.title}>
      <h1>Message playground</h1>
      <section class="card" aria-labelledby="storage-heading">
        <h2 id="storage-heading">Storage</h2>
        <p>
          Messages are stored in <strong id="storage-name">{view.where.storage}</strong>:{' '}
          {view.storageDescriptions[view.where.storage]}.
        </p>
        <form method="post" action="/playground/storage">
          <fieldset>
            <legend class="hint">
              Switch storage (takes effect on the next request; messages already stored stay where they are)
            </legend>
            {view.storageNames.map((name) => (
              <label>
                <input type="radio" name="storage" value={name} checked={name === view.where.storage} />{' '}
                {name}
              </label>
            ))}
          </fieldset>
          <button type="submit" id="switch">
            Switch
          </button>
        </form>
        <dl class="storage">
          <dt>Message cookie this page received</dt>
          <dd id="where-cookie">{view.where.cookie}</dd>
          <dt>Messages in the session</dt>
          <dd id="where-session">{view.where.session}</dd>
        </dl>
        {view.backgroundJob && (
          <form method="post" action="/playground/job">
            <button type="submit" id="background-job">
              Send me a message from a background job
            </button>{' '}
            <span class="hint">
              it calls notify() two seconds from now; the message appears on your next page
            </span>
          </form>
        )}
      </section>
      <section class="card" aria-labelledby="scope-heading">
        <h2 id="scope-heading">Which tab sees the message</h2>
        <p>
          Scope <strong id="scope-name">{view.where.scope}</strong>:{' '}
          {view.scopeDescriptions[view.where.scope]}.
        </p>
        <form method="post" action="/playground/scope">
          <fieldset>
            <legend class="hint">
              Switch scope (open this page in two tabs, submit in one, reload the other)
            </legend>
            {view.scopeNames.map((name) => (
              <label>
                <input type="radio" name="scope" value={name} checked={name === view.where.scope} /> {name}
              </label>
            ))}
          </fieldset>
          <button type="submit" id="switch-scope">
            Switch
          </button>
        </form>
      </section>
      <form class="card" method="post" action="/playground">
        <h2>Add messages</h2>
        <div class="row">
          <div>
            <label for="level">Level</label>
            <select id="level" name="level">
              {view.levels.map((level) => (
                <option value={String(level.value)} selected={String(level.value) === values.level}>
                  {level.name} ({level.value})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="extraTags">Extra tags</label>
            <input
              type="text"
              id="extraTags"
              name="extraTags"
              value={values.extraTags}
              placeholder="e.g. billing"
            />
          </div>
          <div>
            <label for="minLevel">Minimum level (this request)</label>
            <select id="minLevel" name="minLevel">
              <option value="" selected={values.minLevel === ''}>
                App default (INFO)
              </option>
              {view.levels.map((level) => (
                <option value={String(level.value)} selected={String(level.value) === values.minLevel}>
                  {level.name} ({level.value})
                </option>
              ))}
            </select>
          </div>
        </div>
        <label for="text">Text</label>
        <textarea id="text" name="text" rows={2}>
          {values.text}
        </textarea>
        <div class="row">
          <div>
            <label for="count">How many (1 to {view.maxCount})</label>
            <input type="number" id="count" name="count" min="1" max={view.maxCount} value={values.count} />
          </div>
          <div>
            <label for="length">Pad each to (characters, 0 = no padding)</label>
            <input
              type="number"
              id="length"
              name="length"
              min="0"
              max={view.maxLength}
              value={values.length}
            />
          </div>
        </div>
        <label class="check">
          <input type="checkbox" id="link" name="link" checked={values.link} /> Add a link the server writes (
          <code>markSafe</code> on server-built HTML; your text stays escaped)
        </label>
        <p class="hint">
          Untrusted text is escaped. Many long messages overflow the 2048-character cookie: with fallback
          storage the rest goes to the session; with cookie storage the oldest are dropped and logged.
        </p>
        <button type="submit" id="add">
          Add messages
        </button>
      </form>
    </Layout>
  )
}
