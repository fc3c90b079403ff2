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
