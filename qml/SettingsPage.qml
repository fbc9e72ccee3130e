// Settings of this machine's Kumo: environment variables for every run, a project's runs or a
// task's runs (secrets stay masked); where Python packages and conda come from; and whether
// the console also serves the API and dashboard.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "settingsPage"
    title: qsTr("Settings")
    padding: 16
    property var variables: Backend.variables()
    property var scopes: Backend.variableScopes()
    property string scopeFilter: "" // a scope key, "" for every scope
    property var editing: null // the variable in the dialog; {} for a new one
    property var deleting: null
    readonly property var shownVariables: variables.filter(v => scopeFilter === "" || v.scopeKey === scopeFilter)
    property var python: Backend.pythonSettings()

    StackView.onActivated: variableList.forceActiveFocus()

    /// "Global", "Project greeter", "Task greet": a scope in words.
    function scopeLabel(scope) {
        if (scope.type === "project") return qsTr("Project %1").arg(scope.name)
        if (scope.type === "task") return qsTr("Task %1").arg(scope.name)
        return qsTr("Global (every run)")
    }
    function reloadVariables() {
        variableList.keepCurrent(() => { variables = Backend.variables() })
    }
    function saveVariable() {
        const scope = scopes[varScope.currentIndex] || { type: "global" }
        const fields = { name: varName.text.trim(), secret: varSecret.checked, description: varDescription.text,
                         scope: scope.type === "global" ? { type: "global" } : { type: scope.type, id: scope.id } }
        // A secret left blank keeps its value.
        if (!(editing.id && editing.secret && varValue.text === "")) fields.value = varValue.text
        const answer = Backend.saveVariable(editing.id || 0, fields)
        if (!answer.ok) { varError.text = answer.message; return false }
        reloadVariables()
        editor.close()
        return true
    }
    function openEditor(variable) {
        scopes = Backend.variableScopes()
        editing = variable
        editor.open()
    }

    header: ColumnLayout {
        spacing: 0
        Label { text: page.title; font.pixelSize: 20; font.bold: true; padding: 16; bottomPadding: 4 }
        TabBar {
            id: tabs
            objectName: "settingsTabs"
            Layout.fillWidth: true
            TabButton { objectName: "tabVariables"; text: qsTr("Variables") }
            TabButton { objectName: "tabPython"; text: qsTr("Python") }
            TabButton { objectName: "tabConsole"; text: qsTr("Console") }
        }
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: tabs.currentIndex

        // ---- Variables ---------------------------------------------------------------------
        ColumnLayout {
            spacing: 8
            RowLayout {
                Label { text: qsTr("Environment variables"); font.bold: true; font.pixelSize: 15; Layout.fillWidth: true }
                ComboBox {
                    id: filter
                    objectName: "variableScopeFilter"
                    Layout.preferredWidth: 240
                    textRole: "label"
                    model: [{ key: "", label: qsTr("Every scope") }].concat(page.scopes.map(s => ({ key: s.key, label: page.scopeLabel(s) })))
                    onActivated: index => page.scopeFilter = model[index].key
                }
                Button {
                    objectName: "newVariable"
                    text: qsTr("New variable")
                    highlighted: true
                    onClicked: page.openEditor({ scopeKey: page.scopeFilter || "global" })
                }
            }
            RowList {
                id: variableList
                objectName: "variableList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                model: page.shownVariables
                Label {
                    anchors.centerIn: parent
                    visible: variableList.count === 0
                    text: page.scopeFilter ? qsTr("No variable in this scope.") : qsTr("No variables yet. Runs get them in their environment; secrets are encrypted and never shown again.")
                    opacity: 0.7
                    wrapMode: Text.Wrap
                    width: parent.width - 40
                    horizontalAlignment: Text.AlignHCenter
                }
                delegate: RowDelegate {
                    id: row
                    required property var modelData
                    objectName: "variable-" + modelData.name
                    onClicked: page.openEditor(modelData)
                    contentItem: RowLayout {
                        spacing: 12
                        Label { text: row.modelData.name; font.family: "monospace"; font.bold: true; Layout.preferredWidth: 200; elide: Text.ElideRight }
                        Label { objectName: "variableValue"; text: row.modelData.value; font.family: "monospace"; Layout.preferredWidth: 200; elide: Text.ElideRight }
                        Label { text: row.modelData.secret ? qsTr("secret") : ""; color: "#d97706"; Layout.preferredWidth: 70 }
                        Label {
                            objectName: "variableScope"
                            text: page.scopeLabel({ type: row.modelData.scope.type, name: row.modelData.scopeName })
                            Layout.preferredWidth: 200
                            elide: Text.ElideRight
                            opacity: 0.8
                        }
                        Label { text: row.modelData.description; opacity: 0.7; elide: Text.ElideRight; Layout.fillWidth: true }
                        ToolButton {
                            objectName: "deleteVariable"
                            text: "✕"
                            ToolTip.visible: hovered
                            ToolTip.text: qsTr("Delete %1").arg(row.modelData.name)
                            onClicked: { page.deleting = row.modelData; confirmDelete.open() }
                        }
                    }
                }
            }
            Label {
                text: qsTr("A run gets the global variables, then its project's, then its task's: a narrower scope wins over a wider one for the same name.")
                opacity: 0.7
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }

        // ---- Python ------------------------------------------------------------------------
        ColumnLayout {
            spacing: 12
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

            Label { text: qsTr("conda, mamba or micromamba"); font.bold: true; font.pixelSize: 15 }
            Label {
                objectName: "condaInUse"
                text: page.python.condaFound ? qsTr("In use: %1").arg(page.python.condaFound)
                                              : qsTr("None found: conda environments cannot be made.")
                opacity: 0.8
            }
            RowLayout {
                TextField {
                    id: condaPath
                    objectName: "condaExecutable"
                    text: page.python.condaExecutable || ""
                    placeholderText: qsTr("empty: look for micromamba, mamba or conda")
                    font.family: "monospace"
                    Layout.fillWidth: true
                }
                Button { text: qsTr("Choose…"); onClicked: condaChooser.open() }
                Button {
                    objectName: "condaSave"
                    text: qsTr("Save")
                    onClicked: {
                        const answer = Backend.setCondaExecutable(condaPath.text)
                        condaStatus.text = answer.ok ? qsTr("Saved") : answer.message
                        condaStatus.color = answer.ok ? "#16a34a" : "#dc2626"
                        page.python = Backend.pythonSettings()
                    }
                }
            }
            Label { id: condaStatus; objectName: "condaStatus"; visible: text !== ""; wrapMode: Text.Wrap; Layout.fillWidth: true }
            Item { Layout.fillHeight: true }
        }

        // ---- Console -----------------------------------------------------------------------
        ColumnLayout {
            spacing: 12
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
            Item { Layout.fillHeight: true }
        }
    }

    FileDialog {
        id: condaChooser
        title: qsTr("Choose conda, mamba or micromamba")
        onAccepted: condaPath.text = decodeURIComponent(String(selectedFile).replace(/^file:\/\//, ""))
    }

    Dialog {
        id: editor
        objectName: "variableEditor"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 560
        title: page.editing && page.editing.id ? qsTr("Edit %1").arg(page.editing.name) : qsTr("New variable")
        onAboutToShow: {
            varName.text = page.editing.name || ""
            varValue.text = page.editing.secret ? "" : (page.editing.value || "")
            varSecret.checked = !!page.editing.secret
            varDescription.text = page.editing.description || ""
            varScope.currentIndex = Math.max(0, page.scopes.findIndex(s => s.key === (page.editing.scopeKey || "global")))
            varError.text = ""
        }
        onOpened: varName.forceActiveFocus()
        footer: DialogButtonBox {
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button { objectName: "saveVariable"; text: qsTr("Save"); highlighted: true; onClicked: page.saveVariable() }
        }
        GridLayout {
            anchors.fill: parent
            columns: 2
            columnSpacing: 12
            Label { text: qsTr("Name") }
            TextField { id: varName; objectName: "variableName"; Layout.fillWidth: true; font.family: "monospace"; placeholderText: "API_TOKEN" }
            Label { text: qsTr("Value") }
            TextField {
                id: varValue
                objectName: "variableValueField"
                Layout.fillWidth: true
                echoMode: varSecret.checked ? TextInput.Password : TextInput.Normal
                placeholderText: page.editing && page.editing.secret ? qsTr("leave blank to keep") : ""
            }
            Label { text: qsTr("Secret") }
            CheckBox {
                id: varSecret
                objectName: "variableSecret"
                text: qsTr("encrypted, masked in logs, never shown again")
            }
            Label { text: qsTr("Scope") }
            ComboBox {
                id: varScope
                objectName: "variableScopeChoice"
                Layout.fillWidth: true
                model: page.scopes.map(s => page.scopeLabel(s))
            }
            Label { text: qsTr("Description") }
            TextField { id: varDescription; Layout.fillWidth: true }
            Label { id: varError; objectName: "variableError"; color: "#dc2626"; wrapMode: Text.Wrap; Layout.columnSpan: 2; Layout.fillWidth: true; visible: text !== "" }
        }
    }

    Dialog {
        id: confirmDelete
        objectName: "confirmDeleteVariable"
        modal: true
        anchors.centerIn: Overlay.overlay
        title: page.deleting ? qsTr("Delete %1?").arg(page.deleting.name) : ""
        standardButtons: Dialog.Cancel | Dialog.Ok
        Label {
            text: page.deleting ? qsTr("Runs of %1 no longer get this variable.").arg(page.scopeLabel({ type: page.deleting.scope.type, name: page.deleting.scopeName })) : ""
        }
        onAccepted: {
            const answer = Backend.deleteVariable(page.deleting.id)
            if (answer.ok) page.reloadVariables()
            else notice.show(answer.message)
        }
    }

    Notice { id: notice }
}
