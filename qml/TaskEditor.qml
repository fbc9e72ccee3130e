// Create or edit a task: command, trigger with a live preview of the next fires (computed by
// the engine, DST shifts marked), retries and timeout. Errors appear beside their fields.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Dialog {
    id: editor
    objectName: "taskEditor"
    signal saved(int id)
    property int taskId: 0
    property var errors: ({})
    property var preview: ({ ok: true, fires: [] })
    /// The trigger as loaded, sent back unchanged unless its fields were edited (a date
    /// trigger, or an interval's start, end and jitter, have no fields here).
    property var loadedTrigger: null
    property bool triggerEdited: false
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(760, Overlay.overlay ? Overlay.overlay.width - 40 : 760)
    title: taskId ? qsTr("Edit task") : qsTr("New task")

    function openNew() {
        taskId = 0
        name.text = ""
        command.text = ""
        triggerType.currentIndex = 0
        cronText.text = "0 * * * *"
        zone.text = ""
        seconds.value = 300
        retries.value = 0
        timeout.value = 0
        errors = {}
        failure.text = ""
        loadedTrigger = null
        triggerEdited = true
        refreshPreview()
        open()
        name.forceActiveFocus()
    }
    function openTask(id) {
        const task = Backend.task(id)
        taskId = id
        name.text = task.name
        command.text = task.command
        triggerType.currentIndex = task.trigger.type === "interval" ? 1 : 0
        cronText.text = task.trigger.expression || "0 * * * *"
        zone.text = task.trigger.timezone || ""
        seconds.value = task.trigger.seconds || 300
        retries.value = task.retries
        timeout.value = task.timeoutSeconds
        errors = {}
        failure.text = ""
        loadedTrigger = task.trigger
        triggerEdited = false
        refreshPreview()
        open()
    }
    function trigger() {
        if (!triggerEdited && loadedTrigger)
            return loadedTrigger
        const t = triggerType.currentIndex === 1 ? { type: "interval", seconds: seconds.value } : { type: "cron", expression: cronText.text }
        if (zone.text.trim() !== "") t.timezone = zone.text.trim()
        return t
    }
    function refreshPreview() { preview = Backend.previewTrigger(trigger(), 5) }
    function save() {
        const fields = { name: name.text, command: command.text, trigger: trigger(), retries: retries.value, timeoutSeconds: timeout.value }
        const answer = taskId ? Backend.updateTask(taskId, fields) : Backend.createTask(fields)
        if (!answer.ok) {
            errors = answer.errors
            failure.text = answer.message
            return
        }
        const id = taskId || answer.id
        close()
        saved(id)
    }

    Timer { id: debounce; interval: 300; onTriggered: editor.refreshPreview() }

    footer: DialogButtonBox {
        Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
        Button { objectName: "saveTask"; text: qsTr("Save"); highlighted: true; onClicked: editor.save() }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        GridLayout {
            columns: 2
            Layout.fillWidth: true
            Label { text: qsTr("Name") }
            ColumnLayout {
                Layout.fillWidth: true
                TextField { id: name; objectName: "taskName"; Layout.fillWidth: true }
                Label { objectName: "nameError"; text: editor.errors.name || ""; color: "#dc2626"; visible: text !== "" }
            }
            Label { text: qsTr("Command") }
            ColumnLayout {
                Layout.fillWidth: true
                TextField { id: command; objectName: "taskCommand"; Layout.fillWidth: true; font.family: "monospace"; placeholderText: "python main.py" }
                Label { text: editor.errors.command || ""; color: "#dc2626"; visible: text !== "" }
            }
            Label { text: qsTr("Trigger") }
            ComboBox {
                id: triggerType
                objectName: "triggerType"
                implicitContentWidthPolicy: ComboBox.WidestText
                model: [qsTr("Cron expression"), qsTr("Interval")]
                onActivated: { editor.triggerEdited = true; editor.refreshPreview() }
            }
            Label { text: qsTr("Schedule"); visible: triggerType.currentIndex === 0 }
            CronPresets {
                objectName: "cronPresets"
                visible: triggerType.currentIndex === 0
                expression: cronText.text
                onPicked: text => {
                    cronText.text = text
                    editor.triggerEdited = true
                    editor.refreshPreview()
                }
            }
            Label { text: qsTr("Cron"); visible: triggerType.currentIndex === 0 }
            TextField {
                id: cronText
                objectName: "cronExpression"
                visible: triggerType.currentIndex === 0
                Layout.fillWidth: true
                font.family: "monospace"
                onTextEdited: { editor.triggerEdited = true; debounce.restart() }
            }
            Label { text: qsTr("Every (seconds)"); visible: triggerType.currentIndex === 1 }
            SpinBox {
                id: seconds
                objectName: "intervalSeconds"
                visible: triggerType.currentIndex === 1
                from: 1
                to: 31536000
                editable: true
                onValueModified: { editor.triggerEdited = true; debounce.restart() }
            }
            Label { text: qsTr("Time zone") }
            TextField { id: zone; objectName: "timeZone"; placeholderText: qsTr("the server's zone"); Layout.fillWidth: true; onTextEdited: { editor.triggerEdited = true; debounce.restart() } }
            Label { text: qsTr("Retries") }
            SpinBox { id: retries; from: 0; to: 100; editable: true }
            Label { text: qsTr("Timeout (s, 0 = none)") }
            SpinBox { id: timeout; from: 0; to: 2073600; editable: true } // the engine's 24 days
        }

        Label {
            visible: !editor.triggerEdited && editor.loadedTrigger !== null && editor.loadedTrigger.type === "date"
            text: qsTr("This task runs once at a date; that trigger is kept unless you choose another here.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            opacity: 0.8
        }
        Frame {
            Layout.fillWidth: true
            ColumnLayout {
                anchors.fill: parent
                Label { text: qsTr("Next 5 fires"); font.bold: true }
                Label {
                    objectName: "previewError"
                    visible: !editor.preview.ok
                    text: editor.preview.message || ""
                    color: "#dc2626"
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Repeater {
                    objectName: "previewList"
                    model: editor.preview.ok ? editor.preview.fires : []
                    delegate: Label {
                        required property var modelData
                        objectName: "previewTime"
                        text: modelData.local + (modelData.offsetChanged ? "   " + qsTr("⚠ DST shift") : "")
                        font.family: "monospace"
                    }
                }
            }
        }
        Label { id: failure; color: "#dc2626"; wrapMode: Text.Wrap; Layout.fillWidth: true; visible: text !== "" }
    }
}
