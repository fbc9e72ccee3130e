// A run state as colour, symbol and words (the dashboard's status colours).
import QtQuick
import QtQuick.Controls

Rectangle {
    id: badge
    /// queued, running, succeeded, … ("" shows nothing).
    property string runState: ""
    readonly property var looks: ({
        "queued": ["#7c3aed", "◷", qsTr("Queued")],
        "running": ["#2563eb", "●", qsTr("Running")],
        "succeeded": ["#16a34a", "✓", qsTr("Succeeded")],
        "failed": ["#dc2626", "✕", qsTr("Failed")],
        "timed_out": ["#d97706", "⏱", qsTr("Timed out")],
        "cancelled": ["#6b7280", "⊘", qsTr("Cancelled")],
        "lost": ["#dc2626", "!", qsTr("Lost")],
        "skipped": ["#d97706", "»", qsTr("Skipped")],
        "missed": ["#d97706", "»", qsTr("Missed")]
    })
    readonly property var look: looks[runState] || ["#6b7280", "•", runState]
    implicitWidth: label.implicitWidth + 14
    implicitHeight: label.implicitHeight + 4
    radius: height / 2
    color: Qt.rgba(Qt.color(look[0]).r, Qt.color(look[0]).g, Qt.color(look[0]).b, 0.15)
    visible: runState !== ""

    Label {
        id: label
        anchors.centerIn: parent
        text: badge.look[1] + " " + badge.look[2]
        color: badge.look[0]
        font.pixelSize: 12
        SequentialAnimation on opacity {
            running: badge.runState === "running"
            loops: Animation.Infinite
            NumberAnimation { to: 0.45; duration: 700 }
            NumberAnimation { to: 1; duration: 700 }
        }
    }
}
