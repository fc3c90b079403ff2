// Gives every message a close button. Without JavaScript the messages simply stay.
for (const item of document.querySelectorAll('ul.messages > li')) {
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'dismiss'
  button.setAttribute('aria-label', 'Dismiss this message')
  button.textContent = '\u00d7'
  button.addEventListener('click', () => {
    const list = item.parentElement
    item.remove()
    if (list && list.children.length === 0) list.remove()
  })
  item.append(button)
}
