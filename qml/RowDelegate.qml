// One row of a RowList. The current row is tinted, with a bar on its left that is strong while
// the list has the keyboard. Pressing a row makes it current and gives the list the keyboard,
// so that the arrows go on from where the mouse was.
import QtQuick
import QtQuick.Controls

ItemDelegate {
    id: row
    required property int index
    readonly property bool current: ListView.isCurrentItem
    readonly property bool listHasFocus: ListView.view ? ListView.view.activeFocus : false
    width: ListView.view ? ListView.view.width : implicitWidth
    focusPolicy: Qt.NoFocus
    onPressed: {
        if (!ListView.view)
            return
        ListView.view.currentIndex = index
        ListView.view.forceActiveFocus()
    }

    background: Rectangle {
        implicitHeight: 40
        color: row.down ? row.palette.midlight : row.palette.base
        Rectangle {
            anchors.fill: parent
            visible: row.current
            color: Qt.rgba(row.palette.highlight.r, row.palette.highlight.g, row.palette.highlight.b, row.listHasFocus ? 0.2 : 0.1)
        }
        Rectangle {
            width: 4
            height: parent.height
            visible: row.current
            color: row.palette.highlight
            opacity: row.listHasFocus ? 1 : 0.35
        }
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: 1
            color: row.palette.mid
            opacity: 0.25
        }
    }
}
