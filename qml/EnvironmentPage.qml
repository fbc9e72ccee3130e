// One environment: its packages, installing by name or from a requirements file (a project's or
// one of this computer), and the log of the operation that runs.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "environmentPage"
    required property int environmentId
    property int operationId: 0
    signal back()
    property var environment: Backend.environment(environmentId)
    readonly property var packages: Backend.createPackageModel(environmentId, page)
    property var operation: operationId ? Backend.createOperationLog(operationId, page) : null
    padding: 12

    Connections {
        target: Backend.environments
        function onDataChanged() { page.environment = Backend.environment(page.environmentId) }
    }

    readonly property bool fromProject: requirementsSource.currentIndex >= 0 && requirementsSource.model[requirementsSource.currentIndex]
                                        && requirementsSource.model[requirementsSource.currentIndex].projectId > 0

    StackView.onActivated: packageList.forceActiveFocus()

    /// Installs from the requirements file chosen: a project's, or one of this computer.
    function installRequirements() {
        const choice = requirementsSource.model[requirementsSource.currentIndex]
        const from = fromProject ? { projectId: choice.projectId, path: requirementsPath.text } : { file: requirementsPath.text }
        const answer = Backend.installRequirements(environmentId, from, upgrade.checked)
        if (!answer.ok) { notice.show(answer.message); return false }
        operationId = answer.operationId
        return true
    }

    function change(action, specifiers) {
        const answer = Backend.changePackages(environmentId, action, specifiers)
        if (!answer.ok) { notice.show(answer.message); return false }
        operationId = answer.operationId
        return true
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 16
            ToolButton { text: "←"; onClicked: page.back(); ToolTip.visible: hovered; ToolTip.text: qsTr("Environments") }
            Label { objectName: "environmentTitle"; text: page.environment.name || ""; font.pixelSize: 20; font.bold: true }
            Label { objectName: "environmentState"; text: page.environment.state || ""; opacity: 0.8 }
            Label { text: "Python " + (page.environment.pythonVersion || ""); opacity: 0.7; Layout.fillWidth: true }
            Button { text: qsTr("Delete"); onClicked: confirmDelete.open() }
        }
    }

    SplitView {
        anchors.fill: parent
        ColumnLayout {
            SplitView.preferredWidth: 400
            TabBar {
                id: source
                Layout.fillWidth: true
                TabButton { objectName: "installByName"; text: qsTr("By name") }
                TabButton { objectName: "installFromRequirements"; text: qsTr("Requirements file") }
            }
            StackLayout {
                currentIndex: source.currentIndex
                Layout.fillWidth: true
                Layout.fillHeight: false // as tall as the tab shown: the packages get the rest
                Layout.preferredHeight: currentIndex === 0 ? byName.implicitHeight : fromFile.implicitHeight
                RowLayout {
                    id: byName
                    TextField {
                        id: specifiers
                        objectName: "packageSpecifiers"
                        Layout.fillWidth: true
                        placeholderText: qsTr("requests pandas>=2 …")
                        onAccepted: if (page.change("install", text)) text = ""
                    }
                    Button { objectName: "installPackages"; text: qsTr("Install"); onClicked: if (page.change("install", specifiers.text)) specifiers.text = "" }
                }
                GridLayout {
                    id: fromFile
                    columns: 2
                    Label { text: qsTr("From") }
                    ComboBox {
                        id: requirementsSource
                        objectName: "requirementsSource"
                        Layout.fillWidth: true
                        textRole: "label"
                        // The projects with files, then a file of this computer; read again
                        // each time the list opens, so projects made meanwhile are offered.
                        function choices() {
                            return Backend.requirementsChoices().map(p => ({ label: qsTr("Project %1").arg(p.name), projectId: p.id, path: p.requirementsFile }))
                                .concat([{ label: qsTr("A file on this computer…"), projectId: 0, path: "" }])
                        }
                        model: choices()
                        popup.onAboutToShow: {
                            const chosen = model[currentIndex] ? model[currentIndex].projectId : 0
                            const typed = requirementsPath.text
                            model = choices()
                            currentIndex = Math.max(0, model.findIndex(choice => choice.projectId === chosen))
                            requirementsPath.text = typed // the same choice keeps what was typed
                        }
                        onCurrentIndexChanged: requirementsPath.text = model[currentIndex] ? model[currentIndex].path : ""
                        Component.onCompleted: requirementsPath.text = model[currentIndex] ? model[currentIndex].path : ""
                    }
                    Label { text: page.fromProject ? qsTr("File in the project") : qsTr("File") }
                    RowLayout {
                        Layout.fillWidth: true
                        TextField {
                            id: requirementsPath
                            objectName: "requirementsPath"
                            Layout.fillWidth: true
                            font.family: "monospace"
                            placeholderText: page.fromProject ? "requirements.txt" : "/home/me/project/requirements.txt"
                        }
                        Button {
                            text: qsTr("Choose…")
                            visible: !page.fromProject
                            onClicked: requirementsChooser.open()
                        }
                    }
                    CheckBox { id: upgrade; objectName: "requirementsUpgrade"; text: qsTr("Upgrade what is installed"); Layout.columnSpan: 2 }
                    Button {
                        objectName: "installRequirements"
                        text: upgrade.checked ? qsTr("Upgrade from the file") : qsTr("Install from the file")
                        Layout.columnSpan: 2
                        onClicked: page.installRequirements()
                    }
                }
            }
            Label { text: page.packages.loading ? qsTr("Reading the packages…") : qsTr("%n package(s)", "", page.packages.count); opacity: 0.7 }
            RowList {
                id: packageList
                objectName: "packageList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                model: page.packages
                delegate: RowDelegate {
                    id: pkg
                    required property string name
                    required property string version
                    objectName: "package-" + name
                    contentItem: RowLayout {
                        Label { text: pkg.name; Layout.fillWidth: true; elide: Text.ElideRight }
                        Label { text: pkg.version; opacity: 0.7 }
                        ToolButton {
                            text: "✕"
                            visible: pkg.name !== "pip"
                            onClicked: page.change("uninstall", pkg.name)
                            ToolTip.visible: hovered
                            ToolTip.text: qsTr("Uninstall %1").arg(pkg.name)
                        }
                    }
                }
            }
        }
        ColumnLayout {
            SplitView.fillWidth: true
            Label {
                text: page.operation ? qsTr("Operation #%1: %2").arg(page.operationId).arg(page.operation.state) : qsTr("No operation running.")
                objectName: "operationState"
                font.bold: true
            }
            ScrollView {
                id: scroller
                Layout.fillWidth: true
                Layout.fillHeight: true
                TextArea {
                    id: logText
                    objectName: "operationLog"
                    readOnly: true
                    text: page.operation ? page.operation.text : ""
                    font.family: "monospace"
                    font.pixelSize: 12
                    wrapMode: TextEdit.WrapAnywhere
                    color: "#d7dce5"
                    background: Rectangle { color: "#0f1420"; radius: 6 }
                    onTextChanged: cursorPosition = length // follow the end
                }
            }
        }
    }

    Dialog {
        id: confirmDelete
        modal: true
        anchors.centerIn: Overlay.overlay
        title: qsTr("Delete %1?").arg(page.environment.name)
        standardButtons: Dialog.Cancel | Dialog.Ok
        Label { text: qsTr("The environment and its installed packages are deleted.") }
        onAccepted: {
            const answer = Backend.deleteEnvironment(page.environmentId)
            if (answer.ok) page.back()
            else notice.show(answer.message)
        }
    }

    FileDialog {
        id: requirementsChooser
        title: qsTr("Choose a requirements file")
        nameFilters: [qsTr("Requirements (*.txt *.in)"), qsTr("All files (*)")]
        onAccepted: requirementsPath.text = decodeURIComponent(String(selectedFile).replace(/^file:\/\//, ""))
    }

    Notice { id: notice }
}
