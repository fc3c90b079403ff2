// @flash's htmx event as toasts: safe messages as HTML, the rest as text. htmx 4 hands the list as
// event.detail, htmx 2 as event.detail.value. Listened on document: the source element may be gone.
document.addEventListener('messages', (event) => {
  const list = Array.isArray(event.detail) ? event.detail : event.detail.value
  const region = document.getElementById('toasts')
  for (const m of list) {
    const toast = document.createElement('li')
    toast.className = m.tags
    toast.setAttribute('role', m.level >= 30 ? 'alert' : 'status')
    if (m.safe) toast.innerHTML = m.message
    else toast.textContent = m.message
    region.append(toast)
  }
})

// scope: 'redirect': after HX-Location, htmx pushes a URL whose _flash its toasts already spent
// (htmx 2: htmx:pushedIntoHistory, htmx 4: htmx:after:history:push): take it out of the address bar.
for (const pushed of ['htmx:pushedIntoHistory', 'htmx:after:history:push']) {
  document.addEventListener(pushed, () => {
    const { pathname, search, hash } = window.location
    const clean = search.replace(/([?&])_flash=[^&]*(&?)/, (_, a, b) => (b ? a : ''))
    if (clean !== search) window.history.replaceState(window.history.state, '', pathname + clean + hash)
  })
}
