// Python environments with their state; New environment makes a venv from an interpreter, or a
// conda environment for a Python version when conda, mamba or micromamba is on this machine.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "environmentsPage"
    signal openEnvironment(int id, int operationId)
    title: qsTr("Environments")
    padding: 16

    StackView.onActivated: list.forceActiveFocus()

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: page.title; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            Button { objectName: "newEnvironment"; text: qsTr("New environment"); highlighted: true; onClicked: create.open() }
        }
    }

    RowList {
        id: list
        objectName: "environmentList"
        anchors.fill: parent
        model: Backend.environments
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("No environments yet. Make one from a Python interpreter on this machine.")
            opacity: 0.7
        }
        delegate: RowDelegate {
            id: row
            // The environment's state is read through the model: a "state" property would hide Item.state.
            required property var model
            required property int environmentId
            required property string name
            required property string backend
            required property string pythonVersion
            required property int packages
            required property string error
            readonly property string environmentState: model.state
            objectName: "environmentRow-" + name
            onClicked: page.openEnvironment(environmentId, 0)
            contentItem: RowLayout {
                spacing: 12
                Label { text: row.name; font.bold: true; Layout.preferredWidth: 220; elide: Text.ElideRight }
                Label { objectName: "environmentState"; text: row.environmentState; Layout.preferredWidth: 100 }
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
        width: 580
        title: qsTr("New environment")
        /// The conda-like executable in use; "" when there is none.
        property string condaFound: ""
        onAboutToShow: {
            name.text = ""
            failure.text = ""
            version.text = ""
            interpreter.model = Backend.interpreters()
            condaFound = Backend.pythonSettings().condaFound
            venv.checked = true
        }
        onOpened: name.forceActiveFocus()

        function submit() {
            let answer
            if (conda.checked) {
                answer = Backend.createCondaEnvironment(name.text, version.text)
            } else {
                const choice = interpreter.model[interpreter.currentIndex]
                answer = Backend.createEnvironment(name.text, choice ? choice.id : 0)
            }
            if (!answer.ok) { failure.text = answer.message; return }
            create.close()
            page.openEnvironment(answer.id, answer.operationId)
        }

        footer: DialogButtonBox {
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button {
                objectName: "createEnvironmentSubmit"
                text: qsTr("Create")
                highlighted: true
                onClicked: create.submit()
            }
        }
        GridLayout {
            anchors.fill: parent
            columns: 2
            columnSpacing: 12
            Label { text: qsTr("Name") }
            TextField {
                id: name
                objectName: "environmentName"
                Layout.fillWidth: true
                placeholderText: "reports-py311"
                onAccepted: create.submit()
            }
            Label { text: qsTr("Kind") }
            RowLayout {
                RadioButton { id: venv; objectName: "backendVenv"; text: "venv"; checked: true }
                RadioButton {
                    id: conda
                    objectName: "backendConda"
                    text: "conda"
                    enabled: create.condaFound !== ""
                }
            }
            Item { width: 1; height: 1 }
            Label {
                objectName: "condaHint"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                opacity: 0.7
                font.pixelSize: 12
                text: create.condaFound === ""
                      ? qsTr("conda is not available: no conda, mamba or micromamba was found on this machine. Install one, or give its path in Settings → Python.")
                      : conda.checked ? qsTr("Made with %1, which installs the Python version you name.").arg(create.condaFound)
                                      : qsTr("A venv of a Python interpreter found on this machine.")
            }
            Label { text: qsTr("Python"); visible: venv.checked }
            ComboBox {
                id: interpreter
                objectName: "environmentInterpreter"
                textRole: "label"
                visible: venv.checked
                Layout.fillWidth: true
            }
            Label { text: qsTr("Python version"); visible: conda.checked }
            TextField {
                id: version
                objectName: "condaPythonVersion"
                visible: conda.checked
                placeholderText: "3.12"
                Layout.fillWidth: true
                onAccepted: create.submit()
            }
            Label {
                id: failure
                objectName: "environmentError"
                color: "#dc2626"
                wrapMode: Text.Wrap
                Layout.columnSpan: 2
                Layout.fillWidth: true
                visible: text !== ""
            }
        }
    }
}
