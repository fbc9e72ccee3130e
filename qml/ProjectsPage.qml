// Every project with its state; Import adds one from a ZIP on this computer.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "projectsPage"
    signal openProject(int id)
    title: qsTr("Projects")
    padding: 16

    /// Imports the archive at @p path (a path or file:// URL) as project @p name.
    function importArchive(name, path) {
        const answer = Backend.importProject(name, path)
        if (!answer.ok) notice.show(answer.message)
        return answer
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: page.title; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            Button { objectName: "importProject"; text: qsTr("Import ZIP…"); highlighted: true; onClicked: chooser.open() }
        }
    }

    FileDialog {
        id: chooser
        title: qsTr("Choose a project archive")
        nameFilters: [qsTr("Archives (*.zip *.tar.gz *.tgz *.tar.xz *.tar.zst *.7z)")]
        onAccepted: {
            const file = String(selectedFile)
            const base = file.substring(file.lastIndexOf("/") + 1).replace(/\.(zip|tar\.gz|tgz|tar\.xz|tar\.zst|7z)$/i, "")
            page.importArchive(base, file)
        }
    }

    StackView.onActivated: list.forceActiveFocus()

    RowList {
        id: list
        objectName: "projectList"
        anchors.fill: parent
        model: Backend.projects
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("No projects yet. Import a ZIP of your Python project.")
            opacity: 0.7
        }
        delegate: RowDelegate {
            id: row
            // The project's state is read through the model: a "state" property would hide Item.state.
            required property var model
            required property int projectId
            required property string name
            required property string description
            required property var files
            required property var bytes
            required property int revision
            readonly property string projectState: model.state
            objectName: "projectRow-" + name
            enabled: projectState === "ready" || projectState === "replacing"
            onClicked: page.openProject(projectId)
            contentItem: RowLayout {
                spacing: 12
                Label { text: row.name; font.bold: true; Layout.preferredWidth: 220; elide: Text.ElideRight }
                Label { objectName: "projectState"; text: row.projectState; Layout.preferredWidth: 90 }
                Label { text: qsTr("%n file(s)", "", row.files) + " · " + qsTr("revision %1").arg(row.revision); opacity: 0.7; Layout.preferredWidth: 200 }
                Label { text: row.description; opacity: 0.7; elide: Text.ElideRight; Layout.fillWidth: true }
            }
        }
    }

    Notice { id: notice }
}
