// Copying to the clipboard, also where the Clipboard API is missing (plain http).
/** Copies @p text; falls back to a hidden textarea where the Clipboard API is missing (plain http). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.style.position = 'fixed'
    area.style.opacity = '0'
    // A modal <dialog> makes the rest of the page inert: put the textarea inside it.
    const host = document.activeElement?.closest('dialog') ?? document.body
    host.appendChild(area)
    area.select()
    let ok = false
    try {
      ok = document.execCommand('copy')
    } catch {
      ok = false
    }
    area.remove()
    return ok
  }
}
