// The audit trail: who did what, from where, and whether it was allowed; filter by action.
// Enter or a click shows an event's details.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "auditPage"
    title: qsTr("Audit")
    padding: 16
    property var shown: null // the event in the details dialog

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

    StackView.onActivated: list.forceActiveFocus()

    RowList {
        id: list
        objectName: "auditList"
        anchors.fill: parent
        model: Backend.audit
        reuseItems: true
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("Nothing recorded for this filter.")
            opacity: 0.7
        }
        delegate: RowDelegate {
            id: row
            required property var at
            required property string actor
            required property string ip
            required property string auditAction
            required property string target
            required property string outcome
            required property string details
            objectName: "auditRow"
            ToolTip.visible: hovered && details !== "{}"
            ToolTip.text: details
            onClicked: { page.shown = { at: at, actor: actor, ip: ip, action: auditAction, target: target, outcome: outcome, details: details }; detailsDialog.open() }
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

    Dialog {
        id: detailsDialog
        objectName: "auditDetails"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(640, page.width)
        title: page.shown ? page.shown.action : ""
        standardButtons: Dialog.Close
        GridLayout {
            anchors.fill: parent
            columns: 2
            columnSpacing: 12
            Label { text: qsTr("When"); opacity: 0.7 }
            Label { text: page.shown ? Qt.formatDateTime(page.shown.at, "yyyy-MM-dd HH:mm:ss") : "" }
            Label { text: qsTr("Who"); opacity: 0.7 }
            Label { text: page.shown ? page.shown.actor + " (" + page.shown.ip + ")" : "" }
            Label { text: qsTr("On"); opacity: 0.7 }
            Label { text: page.shown ? page.shown.target : "" }
            Label { text: qsTr("Outcome"); opacity: 0.7 }
            Label { text: page.shown ? page.shown.outcome : ""; color: page.shown && page.shown.outcome === "success" ? "#16a34a" : "#dc2626" }
            Label { text: qsTr("Details"); opacity: 0.7; Layout.alignment: Qt.AlignTop }
            Label {
                objectName: "auditDetailsText"
                text: page.shown ? JSON.stringify(JSON.parse(page.shown.details || "{}"), null, 2) : ""
                font.family: "monospace"
                wrapMode: Text.WrapAnywhere
                Layout.fillWidth: true
            }
        }
    }
}
