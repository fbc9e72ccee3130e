// Settings of this machine's Kumo: environment variables (secrets stay masked), the PyPI
// mirror, and whether the console also serves the API and dashboard.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kumo.Backend

Page {
    id: page
    objectName: "settingsPage"
    title: qsTr("Settings")
    padding: 16
    property var variables: Backend.variables()
    property var editing: null // the variable in the dialog; {} for a new one

    function saveVariable() {
        const fields = { name: varName.text, secret: varSecret.checked, description: varDescription.text }
        // A secret left blank keeps its value.
        if (!(editing.id && editing.secret && varValue.text === "")) fields.value = varValue.text
        const answer = Backend.saveVariable(editing.id || 0, fields)
        if (!answer.ok) { varError.text = answer.message; return false }
        variables = Backend.variables()
        editor.close()
        return true
    }

    header: Label { text: page.title; font.pixelSize: 20; font.bold: true; padding: 16 }

    ScrollView {
        anchors.fill: parent
        ColumnLayout {
            width: page.availableWidth
            spacing: 16

            RowLayout {
                Label { text: qsTr("Environment variables"); font.bold: true; font.pixelSize: 15; Layout.fillWidth: true }
                Button {
                    objectName: "newVariable"
                    text: qsTr("New variable")
                    onClicked: { page.editing = {}; editor.open() }
                }
            }
            Repeater {
                model: page.variables
                delegate: ItemDelegate {
                    required property var modelData
                    objectName: "variable-" + modelData.name
                    Layout.fillWidth: true
                    onClicked: { page.editing = modelData; editor.open() }
                    contentItem: RowLayout {
                        Label { text: modelData.name; font.family: "monospace"; Layout.preferredWidth: 220 }
                        Label { objectName: "variableValue"; text: modelData.value; font.family: "monospace"; Layout.fillWidth: true; elide: Text.ElideRight }
                        Label { text: modelData.secret ? qsTr("secret") : ""; color: "#d97706" }
                        ToolButton {
                            text: "✕"
                            onClicked: {
                                const answer = Backend.deleteVariable(modelData.id)
                                if (answer.ok) page.variables = Backend.variables()
                            }
                        }
                    }
                }
            }

            Label { text: qsTr("PyPI mirror"); font.bold: true; font.pixelSize: 15 }
            RowLayout {
                TextField {
                    id: indexUrl
                    objectName: "pypiIndexUrl"
                    text: Backend.pypi().indexUrl || ""
                    placeholderText: "https://pypi.org/simple"
                    Layout.fillWidth: true
                }
                Button {
                    objectName: "pypiSave"
                    text: qsTr("Save")
                    onClicked: {
                        const answer = Backend.setPypiIndexUrl(indexUrl.text)
                        pypiStatus.text = answer.ok ? qsTr("Saved") : answer.message
                        pypiStatus.color = answer.ok ? "#16a34a" : "#dc2626"
                    }
                }
            }
            Label { id: pypiStatus; objectName: "pypiStatus"; visible: text !== "" }

            Label { text: qsTr("Serve the API and browser dashboard"); font.bold: true; font.pixelSize: 15 }
            RowLayout {
                TextField {
                    id: serve
                    objectName: "serveSetting"
                    text: Backend.serveSetting
                    placeholderText: "127.0.0.1:8000"
                    Layout.preferredWidth: 240
                }
                Button { text: qsTr("Save"); onClicked: Backend.serveSetting = serve.text }
            }
            Label {
                text: qsTr("Applies at the next start of the console. Empty: the console serves nothing. Now: %1").arg(Backend.serveUrl || qsTr("not serving"))
                opacity: 0.7
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label { text: qsTr("Data directory: %1").arg(Backend.dataDir); opacity: 0.7 }
        }
    }

    Dialog {
        id: editor
        objectName: "variableEditor"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 520
        title: page.editing && page.editing.id ? qsTr("Edit %1").arg(page.editing.name) : qsTr("New variable")
        onAboutToShow: {
            varName.text = page.editing.name || ""
            varValue.text = page.editing.secret ? "" : (page.editing.value || "")
            varSecret.checked = !!page.editing.secret
            varDescription.text = page.editing.description || ""
            varError.text = ""
        }
        footer: DialogButtonBox {
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button { objectName: "saveVariable"; text: qsTr("Save"); highlighted: true; onClicked: page.saveVariable() }
        }
        GridLayout {
            anchors.fill: parent
            columns: 2
            Label { text: qsTr("Name") }
            TextField { id: varName; objectName: "variableName"; Layout.fillWidth: true; font.family: "monospace" }
            Label { text: qsTr("Value") }
            TextField {
                id: varValue
                objectName: "variableValueField"
                Layout.fillWidth: true
                echoMode: varSecret.checked ? TextInput.Password : TextInput.Normal
                placeholderText: page.editing && page.editing.secret ? qsTr("leave blank to keep") : ""
            }
            Label { text: qsTr("Secret") }
            CheckBox { id: varSecret; objectName: "variableSecret" }
            Label { text: qsTr("Description") }
            TextField { id: varDescription; Layout.fillWidth: true }
            Label { id: varError; objectName: "variableError"; color: "#dc2626"; wrapMode: Text.Wrap; Layout.columnSpan: 2; Layout.fillWidth: true; visible: text !== "" }
        }
    }
}
