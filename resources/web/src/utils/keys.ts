// Keyboard shortcuts must not fire while the user types into a field.
/** True when @p event comes from a text field, select or editable content (Monaco included). */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null
  if (!target || typeof target.closest !== 'function') return false
  return target.isContentEditable || !!target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])')
}
