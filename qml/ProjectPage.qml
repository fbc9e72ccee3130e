// One project: its files as a tree on the left, the open file in an editor on the right.
// Ctrl+S saves; leaving with unsaved changes asks first.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "projectPage"
    required property int projectId
    signal back()
    readonly property var tree: Backend.createFileTree(projectId, page)
    property string openPath: ""
    property string encoding: "UTF-8"
    property string savedText: ""
    readonly property bool dirty: openPath !== "" && editor.text !== savedText
    padding: 0

    /// Runs @p action now, or after asking what to do with unsaved changes.
    function whenSaved(action) {
        if (!dirty) { action(); return }
        unsaved.pending = action
        unsaved.open()
    }
    function openFile(path) {
        if (dirty && path !== openPath) { whenSaved(() => openFile(path)); return false }
        const answer = Backend.readFile(projectId, path)
        if (!answer.ok) { notice.show(answer.message); return false }
        openPath = path
        encoding = answer.encoding
        savedText = answer.text
        editor.text = answer.text
        return true
    }
    function save() {
        if (!dirty) return true
        const answer = Backend.writeFile(projectId, openPath, editor.text, encoding)
        if (!answer.ok) { notice.show(answer.message); return false }
        savedText = editor.text
        notice.show(qsTr("%1 saved").arg(openPath))
        return true
    }

    Shortcut { sequence: StandardKey.Save; onActivated: page.save() }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 16
            ToolButton { text: "←"; onClicked: page.whenSaved(() => page.back()); ToolTip.visible: hovered; ToolTip.text: qsTr("Projects") }
            Label { objectName: "projectTitle"; text: Backend.project(page.projectId).name || qsTr("Project #%1").arg(page.projectId); font.pixelSize: 20; font.bold: true }
            Label { text: page.openPath ? page.openPath + (page.dirty ? " ●" : "") : ""; opacity: 0.8; Layout.fillWidth: true; elide: Text.ElideMiddle }
            Button { objectName: "saveFile"; text: qsTr("Save"); enabled: page.dirty; highlighted: page.dirty; onClicked: page.save() }
        }
    }

    SplitView {
        anchors.fill: parent
        TreeView {
            id: files
            objectName: "fileTree"
            SplitView.preferredWidth: 280
            clip: true
            model: page.tree
            delegate: TreeViewDelegate {
                id: entry
                required property string path
                required property bool isDirectory
                objectName: "file-" + path
                onClicked: if (!isDirectory) page.openFile(path)
            }
            Label {
                anchors.centerIn: parent
                visible: page.tree.error !== ""
                text: page.tree.error
                wrapMode: Text.Wrap
                width: parent.width - 20
            }
        }
        ScrollView {
            SplitView.fillWidth: true
            TextArea {
                id: editor
                objectName: "editor"
                font.family: "monospace"
                font.pixelSize: 13
                wrapMode: TextEdit.NoWrap
                selectByMouse: true
                enabled: page.openPath !== ""
                placeholderText: qsTr("Choose a file on the left.")
            }
        }
    }

    Dialog {
        id: unsaved
        objectName: "unsavedChanges"
        property var pending: null
        modal: true
        anchors.centerIn: Overlay.overlay
        title: qsTr("Unsaved changes")
        width: 460 // a fixed width: the button box and the text would size each other forever
        Label { text: qsTr("%1 has changes that are not saved.").arg(page.openPath); wrapMode: Text.Wrap; width: parent.width }
        footer: DialogButtonBox {
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button {
                objectName: "discardChanges"
                text: qsTr("Discard")
                DialogButtonBox.buttonRole: DialogButtonBox.DestructiveRole
                onClicked: { page.savedText = editor.text; unsaved.close(); unsaved.pending() }
            }
            Button {
                objectName: "saveChanges"
                text: qsTr("Save")
                highlighted: true
                onClicked: { if (page.save()) { unsaved.close(); unsaved.pending() } }
            }
        }
    }

    Notice { id: notice }
}
