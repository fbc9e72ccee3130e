// One environment: its packages, an install field, and the log of the operation that runs.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kumo.Backend

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
            SplitView.preferredWidth: 360
            RowLayout {
                Layout.fillWidth: true
                TextField {
                    id: specifiers
                    objectName: "packageSpecifiers"
                    Layout.fillWidth: true
                    placeholderText: qsTr("requests pandas>=2 …")
                    onAccepted: if (page.change("install", text)) text = ""
                }
                Button { objectName: "installPackages"; text: qsTr("Install"); onClicked: if (page.change("install", specifiers.text)) specifiers.text = "" }
            }
            Label { text: page.packages.loading ? qsTr("Reading the packages…") : qsTr("%n package(s)", "", page.packages.count); opacity: 0.7 }
            ListView {
                id: packageList
                objectName: "packageList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: page.packages
                ScrollBar.vertical: ScrollBar {}
                delegate: ItemDelegate {
                    id: pkg
                    required property string name
                    required property string version
                    objectName: "package-" + name
                    width: ListView.view.width
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

    Notice { id: notice }
}
