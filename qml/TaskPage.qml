// One task: what it runs and when, its actions and its run history (live).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "taskPage"
    required property int taskId
    signal openRun(int id)
    signal back()
    property var task: Backend.task(taskId)
    readonly property var runModel: Backend.createRunModel(taskId, page)
    padding: 16

    StackView.onActivated: taskRuns.forceActiveFocus()

    Connections {
        target: Backend.tasks
        function onDataChanged() { page.task = Backend.task(page.taskId) }
        function onModelReset() { page.task = Backend.task(page.taskId) }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 16
            ToolButton { text: "←"; onClicked: page.back(); ToolTip.visible: hovered; ToolTip.text: qsTr("Tasks") }
            Label { objectName: "taskTitle"; text: page.task.name || ""; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            Button {
                objectName: "runNow"
                text: qsTr("Run now")
                highlighted: true
                onClicked: {
                    const answer = Backend.runTask(page.taskId)
                    if (answer.ok) page.openRun(answer.runId)
                    else notice.show(answer.message)
                }
            }
            Button {
                text: page.task.enabled ? qsTr("Pause") : qsTr("Resume")
                onClicked: {
                    const answer = Backend.setTaskEnabled(page.taskId, !page.task.enabled)
                    if (!answer.ok) notice.show(answer.message)
                }
            }
            Button { objectName: "editTask"; text: qsTr("Edit"); onClicked: editor.openTask(page.taskId) }
            Button { text: qsTr("Delete"); onClicked: confirmDelete.open() }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        GridLayout {
            columns: 2
            columnSpacing: 16
            Label { text: qsTr("Command"); opacity: 0.7 }
            Label { text: page.task.command || ""; font.family: "monospace" }
            Label { text: qsTr("Trigger"); opacity: 0.7 }
            Label { text: JSON.stringify(page.task.trigger || {}) }
            Label { text: qsTr("Next run"); opacity: 0.7 }
            Label { text: page.task.nextRunAt ? Qt.formatDateTime(new Date(page.task.nextRunAt), "yyyy-MM-dd HH:mm:ss") : qsTr("not scheduled") }
            Label { text: qsTr("Retries / timeout"); opacity: 0.7 }
            Label { text: (page.task.retries || 0) + " / " + (page.task.timeoutSeconds ? page.task.timeoutSeconds + " s" : qsTr("none")) }
        }
        Label { text: qsTr("Runs"); font.bold: true; font.pixelSize: 15 }
        RunTable {
            id: taskRuns
            objectName: "taskRuns"
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: page.runModel
            onOpenRun: id => page.openRun(id)
        }
    }

    TaskEditor { id: editor }
    Notice { id: notice }

    Dialog {
        id: confirmDelete
        modal: true
        anchors.centerIn: Overlay.overlay
        title: qsTr("Delete %1?").arg(page.task.name)
        standardButtons: Dialog.Cancel | Dialog.Ok
        Label { text: qsTr("The task is deleted; its past runs stay in the history.") }
        onAccepted: {
            const answer = Backend.deleteTask(page.taskId)
            if (answer.ok) page.back()
            else notice.show(answer.message)
        }
    }
}
