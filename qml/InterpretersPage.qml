// The Python interpreters Kumo found on this machine, which environments use them, and a way
// to look again or add one by its path.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "interpretersPage"
    title: qsTr("Python")
    padding: 16
    property var interpreters: Backend.interpreterDetails()

    Connections {
        target: Backend
        function onInterpretersChanged() { list.keepCurrent(() => { page.interpreters = Backend.interpreterDetails() }) }
        function onInterpreterAdded(ok, message) { status.text = ok ? qsTr("Added") : message; status.color = ok ? "#16a34a" : "#dc2626" }
    }

    StackView.onActivated: list.forceActiveFocus()

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: page.title; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            TextField { id: path; objectName: "interpreterPath"; placeholderText: "/usr/bin/python3.11"; Layout.preferredWidth: 260 }
            Button { objectName: "addInterpreter"; text: qsTr("Add"); onClicked: Backend.addInterpreter(path.text) }
            Button { objectName: "refreshInterpreters"; text: qsTr("Detect again"); onClicked: Backend.refreshInterpreters() }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        Label { id: status; objectName: "interpreterStatus"; visible: text !== ""; wrapMode: Text.Wrap; Layout.fillWidth: true }
        RowList {
            id: list
            objectName: "interpreterList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: page.interpreters
            delegate: RowDelegate {
                id: row
                required property var modelData
                objectName: "interpreterRow"
                contentItem: RowLayout {
                    spacing: 12
                    Label { text: "Python " + row.modelData.version; font.bold: true; Layout.preferredWidth: 130 }
                    Label { text: row.modelData.source; Layout.preferredWidth: 90; opacity: 0.8 }
                    Label { text: row.modelData.path; font.family: "monospace"; Layout.fillWidth: true; elide: Text.ElideMiddle }
                    Label {
                        text: row.modelData.usedBy.length ? qsTr("used by %1").arg(row.modelData.usedBy.join(", ")) : ""
                        opacity: 0.7
                    }
                    Label { text: row.modelData.available ? "" : qsTr("missing"); color: "#dc2626" }
                }
            }
        }
    }
}
