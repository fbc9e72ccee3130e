// Every task: schedule in words, next fire, enable switch, Run now; New task opens the editor.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "tasksPage"
    signal openTask(int id)
    signal openRun(int id)
    title: qsTr("Tasks")
    padding: 16

    Shortcut { sequence: "Ctrl+N"; onActivated: editor.openNew() }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: page.title; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            Label { text: qsTr("%n task(s)", "", Backend.tasks.count); opacity: 0.7 }
            Button {
                objectName: "newTask"
                text: qsTr("New task")
                highlighted: true
                onClicked: editor.openNew()
            }
        }
    }

    StackView.onActivated: list.forceActiveFocus()

    RowList {
        id: list
        objectName: "taskList"
        anchors.fill: parent
        model: Backend.tasks
        reuseItems: true

        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("No tasks yet. Create one with New task (Ctrl+N).")
            opacity: 0.7
        }

        delegate: RowDelegate {
            id: row
            // Whether the task is enabled is read through the model: an "enabled" property
            // would switch the row itself off for a paused task.
            required property var model
            required property int taskId
            required property string name
            required property string command
            required property string triggerText
            required property var nextRunAt
            required property string lastState
            readonly property bool taskEnabled: model.enabled
            objectName: "taskRow-" + name
            onClicked: page.openTask(taskId)
            contentItem: RowLayout {
                spacing: 12
                ColumnLayout {
                    Layout.preferredWidth: 260
                    spacing: 0
                    Label { text: row.name; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                    Label { text: row.command; opacity: 0.7; font.family: "monospace"; elide: Text.ElideRight; Layout.fillWidth: true }
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 0
                    Label { text: row.triggerText }
                    Label {
                        text: row.nextRunAt ? qsTr("next %1").arg(Qt.formatDateTime(row.nextRunAt, "yyyy-MM-dd HH:mm:ss")) : qsTr("not scheduled")
                        opacity: 0.7
                    }
                }
                StateBadge { runState: row.lastState }
                Switch {
                    objectName: "enabledSwitch"
                    checked: row.taskEnabled
                    ToolTip.visible: hovered
                    ToolTip.text: checked ? qsTr("Enabled: click to pause") : qsTr("Paused: click to resume")
                    onToggled: {
                        const answer = Backend.setTaskEnabled(row.taskId, checked)
                        // Back to following the model (an assignment would end the binding).
                        if (!answer.ok) { checked = Qt.binding(() => row.taskEnabled); notice.show(answer.message) }
                    }
                }
                Button {
                    objectName: "runNow"
                    text: qsTr("Run now")
                    onClicked: {
                        const answer = Backend.runTask(row.taskId)
                        if (answer.ok) page.openRun(answer.runId)
                        else notice.show(answer.message)
                    }
                }
            }
        }
    }

    TaskEditor {
        id: editor
        onSaved: id => page.openTask(id)
    }

    Notice { id: notice }
}
