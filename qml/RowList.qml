// A list of rows worked with the keyboard as with the mouse: ↑/↓ (and Page Up/Down, Home/End)
// move the current row, which stays in view (RowDelegate marks it); Enter or Return opens it
// (clicks it). Pages give it focus when they open.
import QtQuick
import QtQuick.Controls

ListView {
    id: list
    clip: true
    focus: true
    activeFocusOnTab: true
    keyNavigationEnabled: true
    highlightMoveDuration: 0
    highlightResizeDuration: 0
    ScrollBar.vertical: ScrollBar {}
    // Rows that come into an empty list make the first one current, as a list made with rows does.
    onCountChanged: if (currentIndex < 0 && count > 0) currentIndex = 0

    /// Runs @p change (which may give the list a new model) and keeps the current row.
    function keepCurrent(change) {
        const row = Math.max(0, currentIndex)
        const result = change()
        currentIndex = Math.min(row, count - 1)
        return result
    }
    /// Opens the current row as a click would (not a row that is switched off).
    function open() {
        if (currentItem && currentItem.enabled)
            currentItem.clicked()
    }
    /// How many rows a page holds, for Page Up and Page Down.
    function pageRows() {
        return Math.max(1, Math.floor(height / (currentItem ? currentItem.height : 40)) - 1)
    }

    Keys.onReturnPressed: open()
    Keys.onEnterPressed: open()
    Keys.onPressed: event => {
        if (count === 0)
            return
        if (event.key === Qt.Key_Home)
            currentIndex = 0
        else if (event.key === Qt.Key_End)
            currentIndex = count - 1
        else if (event.key === Qt.Key_PageDown)
            currentIndex = Math.min(count - 1, currentIndex + pageRows())
        else if (event.key === Qt.Key_PageUp)
            currentIndex = Math.max(0, currentIndex - pageRows())
        else
            return
        event.accepted = true
    }
}
