// A short message at the bottom of a page (errors from the engine, confirmations).
import QtQuick
import QtQuick.Controls

ToolTip {
    id: notice
    objectName: "notice"
    function show(message) {
        text = message
        open()
    }
    timeout: 5000
    x: parent ? (parent.width - width) / 2 : 0
    y: parent ? parent.height - height - 16 : 0
}
