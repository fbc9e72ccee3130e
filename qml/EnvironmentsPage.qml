// Python environments with their state; New environment makes a venv from an interpreter.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kumo.Backend

Page {
    id: page
    objectName: "environmentsPage"
    signal openEnvironment(int id, int operationId)
    title: qsTr("Environments")
    padding: 16

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: page.title; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            Button { objectName: "newEnvironment"; text: qsTr("New environment"); highlighted: true; onClicked: create.open() }
        }
    }

    ListView {
        id: list
        objectName: "environmentList"
        anchors.fill: parent
        clip: true
        model: Backend.environments
        ScrollBar.vertical: ScrollBar {}
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("No environments yet. Make one from a Python interpreter on this machine.")
            opacity: 0.7
        }
        delegate: ItemDelegate {
            id: row
            required property int environmentId
            required property string name
            required property string state
            required property string backend
            required property string pythonVersion
            required property int packages
            required property string error
            objectName: "environmentRow-" + name
            width: ListView.view.width
            onClicked: page.openEnvironment(environmentId, 0)
            contentItem: RowLayout {
                spacing: 12
                Label { text: row.name; font.bold: true; Layout.preferredWidth: 220; elide: Text.ElideRight }
                Label { objectName: "environmentState"; text: row.state; Layout.preferredWidth: 100 }
                Label { text: row.backend + " · Python " + row.pythonVersion; opacity: 0.7; Layout.preferredWidth: 200 }
                Label { text: row.error || qsTr("%n package(s)", "", row.packages); opacity: 0.7; elide: Text.ElideRight; Layout.fillWidth: true }
            }
        }
    }

    Dialog {
        id: create
        objectName: "createEnvironment"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 560
        title: qsTr("New environment")
        onAboutToShow: { name.text = ""; failure.text = ""; interpreter.model = Backend.interpreters() }
        footer: DialogButtonBox {
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button {
                objectName: "createEnvironmentSubmit"
                text: qsTr("Create")
                highlighted: true
                onClicked: {
                    const choice = interpreter.model[interpreter.currentIndex]
                    const answer = Backend.createEnvironment(name.text, choice ? choice.id : 0)
                    if (!answer.ok) { failure.text = answer.message; return }
                    create.close()
                    page.openEnvironment(answer.id, answer.operationId)
                }
            }
        }
        GridLayout {
            anchors.fill: parent
            columns: 2
            Label { text: qsTr("Name") }
            TextField { id: name; objectName: "environmentName"; Layout.fillWidth: true; placeholderText: "reports-py311" }
            Label { text: qsTr("Python") }
            ComboBox { id: interpreter; objectName: "environmentInterpreter"; textRole: "label"; Layout.fillWidth: true }
            Label { id: failure; color: "#dc2626"; wrapMode: Text.Wrap; Layout.columnSpan: 2; Layout.fillWidth: true; visible: text !== "" }
        }
    }
}
