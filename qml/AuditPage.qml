// The audit trail: who did what, from where, and whether it was allowed; filter by action.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kumo.Backend

Page {
    id: page
    objectName: "auditPage"
    title: qsTr("Audit")
    padding: 16

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: page.title; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            TextField {
                objectName: "auditAction"
                placeholderText: qsTr("action, e.g. task.*")
                text: Backend.audit.action
                onEditingFinished: Backend.audit.action = text
                Layout.preferredWidth: 220
            }
        }
    }

    ListView {
        id: list
        objectName: "auditList"
        anchors.fill: parent
        clip: true
        model: Backend.audit
        reuseItems: true
        ScrollBar.vertical: ScrollBar {}
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("Nothing recorded for this filter.")
            opacity: 0.7
        }
        delegate: ItemDelegate {
            id: row
            required property var at
            required property string actor
            required property string ip
            required property string auditAction
            required property string target
            required property string outcome
            required property string details
            objectName: "auditRow"
            width: ListView.view.width
            ToolTip.visible: hovered && details !== "{}"
            ToolTip.text: details
            contentItem: RowLayout {
                spacing: 12
                Label { text: Qt.formatDateTime(row.at, "yyyy-MM-dd HH:mm:ss"); Layout.preferredWidth: 150 }
                Label { text: row.actor; Layout.preferredWidth: 170; elide: Text.ElideRight }
                Label { text: row.auditAction; font.family: "monospace"; Layout.preferredWidth: 170 }
                Label { text: row.target; Layout.preferredWidth: 130; elide: Text.ElideRight; opacity: 0.8 }
                Label { text: row.outcome; color: row.outcome === "success" ? "#16a34a" : "#dc2626"; Layout.preferredWidth: 70 }
                Label { text: row.ip; opacity: 0.7; Layout.fillWidth: true }
            }
        }
    }
}
