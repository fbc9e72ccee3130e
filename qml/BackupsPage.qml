// Backups of this machine's Kumo: the archives in the data directory's backups folder, making
// one now, opening the folder, deleting one, and restoring one. A restore shows what it changes
// first and asks for the backup's name; the console then stops, and its next start opens the
// restored data (the state before is kept as a backup of its own).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "backupsPage"
    title: qsTr("Backups")
    padding: 16
    readonly property var backups: Backend.backups.backups
    property string restoring: "" // the backup in the restore dialog
    property var plan: null // its dry run
    property string deleting: ""

    StackView.onActivated: list.forceActiveFocus()

    function bytes(n) {
        if (n === undefined || n === null) return "—"
        const units = ["B", "KiB", "MiB", "GiB", "TiB"]
        let i = 0
        while (n >= 1024 && i < units.length - 1) { n /= 1024; ++i }
        return n.toFixed(i === 0 || n >= 10 ? 0 : 1) + " " + units[i]
    }
    function kindLabel(kind) {
        return ({ "manual": qsTr("by hand"), "automatic": qsTr("automatic"), "pre-restore": qsTr("before a restore") })[kind] || kind || ""
    }
    function stateLabel(state) {
        return ({ "creating": qsTr("being written…"), "ready": qsTr("ready"), "failed": qsTr("failed"), "unreadable": qsTr("unreadable") })[state] || state
    }
    function tableLabel(table) {
        return ({ "tasks": qsTr("Tasks"), "runs": qsTr("Runs"), "projects": qsTr("Projects"), "environments": qsTr("Environments"),
                  "env_vars": qsTr("Variables"), "users": qsTr("Users"), "api_tokens": qsTr("API tokens"),
                  "interpreters": qsTr("Python interpreters"), "settings": qsTr("Settings"), "audit_events": qsTr("Audit events") })[table] || table
    }
    function contents(backup) {
        const counts = backup.counts || {}
        const parts = []
        if (counts.tasks !== undefined) parts.push(qsTr("%n task(s)", "", counts.tasks))
        if (counts.projects !== undefined) parts.push(qsTr("%n project(s)", "", counts.projects))
        if (counts.runs !== undefined) parts.push(qsTr("%n run(s)", "", counts.runs))
        if (backup.state === "ready") parts.push(backup.includesProjects ? qsTr("with the projects' files") : qsTr("without the projects' files"))
        return parts.join(" · ")
    }

    /// Makes a backup now.
    function backUp() {
        const answer = list.keepCurrent(() => Backend.backups.create(includeProjects.checked))
        notice.show(answer.ok ? qsTr("Writing %1…").arg(answer.name) : answer.message)
        return answer
    }
    /// Opens the restore dialog of backup @p name with its dry run.
    function askRestore(name) {
        const answer = Backend.backups.plan(name)
        if (!answer.ok) { notice.show(answer.message); return false }
        restoring = name
        plan = answer.plan
        restoreDialog.open()
        return true
    }

    Connections {
        target: Backend.backups
        function onFinished(name, ok, error) {
            notice.show(ok ? qsTr("%1 is written").arg(name) : qsTr("%1 failed: %2").arg(name).arg(error))
        }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: page.title; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            CheckBox { id: includeProjects; objectName: "backupIncludeProjects"; text: qsTr("With the projects' files"); checked: true }
            Button {
                objectName: "createBackup"
                text: Backend.backups.creating ? qsTr("Backing up…") : qsTr("Back up now")
                highlighted: true
                enabled: !Backend.backups.creating && !Backend.backups.restartPending
                onClicked: page.backUp()
            }
            Button {
                objectName: "openBackupFolder"
                text: qsTr("Open folder")
                onClicked: Qt.openUrlExternally(Backend.backups.directoryUrl)
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        Frame {
            objectName: "restorePending"
            visible: Backend.backups.restartPending
            Layout.fillWidth: true
            background: Rectangle { color: "#fef3c7"; border.color: "#d97706"; radius: 6 }
            Label {
                anchors.fill: parent
                color: "#92400e"
                wrapMode: Text.Wrap
                text: qsTr("A restore waits: the console stops now and applies it when it starts again. Nothing more can change until then.")
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Label { text: qsTr("Folder"); opacity: 0.7 }
            TextField {
                objectName: "backupFolder"
                text: Backend.backups.directory
                readOnly: true
                selectByMouse: true
                font.family: "monospace"
                Layout.fillWidth: true
            }
        }

        RowList {
            id: list
            objectName: "backupList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: page.backups
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No backups yet. Back up now keeps the database, settings and, if you like, the projects' files in one ZIP.")
                opacity: 0.7
                wrapMode: Text.Wrap
                width: parent.width - 40
                horizontalAlignment: Text.AlignHCenter
            }
            delegate: RowDelegate {
                id: row
                required property var modelData
                readonly property bool ready: modelData.state === "ready"
                objectName: "backupRow-" + modelData.name
                ToolTip.visible: hovered
                ToolTip.delay: 600
                ToolTip.text: modelData.path
                onClicked: if (ready) page.askRestore(modelData.name)
                contentItem: RowLayout {
                    spacing: 12
                    ColumnLayout {
                        spacing: 0
                        Layout.preferredWidth: 330
                        Label { text: row.modelData.name; font.family: "monospace"; elide: Text.ElideMiddle; Layout.fillWidth: true }
                        Label { text: page.contents(row.modelData); opacity: 0.7; font.pixelSize: 12; elide: Text.ElideRight; Layout.fillWidth: true }
                    }
                    Label { text: page.kindLabel(row.modelData.kind); Layout.preferredWidth: 120; opacity: 0.8 }
                    Label {
                        text: row.modelData.createdAt ? Qt.formatDateTime(new Date(row.modelData.createdAt), "yyyy-MM-dd HH:mm:ss") : "—"
                        Layout.preferredWidth: 150
                    }
                    Label { text: page.bytes(row.modelData.sizeBytes); Layout.preferredWidth: 80; horizontalAlignment: Text.AlignRight }
                    Label {
                        objectName: "backupState"
                        text: row.modelData.error ? page.stateLabel(row.modelData.state) + ": " + row.modelData.error : page.stateLabel(row.modelData.state)
                        color: row.ready ? "#16a34a" : row.modelData.state === "creating" ? "#2563eb" : "#dc2626"
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Button {
                        objectName: "restoreBackup"
                        text: qsTr("Restore…")
                        visible: row.ready
                        enabled: !Backend.backups.restartPending
                        onClicked: page.askRestore(row.modelData.name)
                    }
                    ToolButton {
                        objectName: "deleteBackup"
                        text: "✕"
                        visible: row.modelData.state !== "creating"
                        enabled: !Backend.backups.restartPending // the backup from before the restore must stay
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Delete %1").arg(row.modelData.name)
                        onClicked: { page.deleting = row.modelData.name; confirmDelete.open() }
                    }
                }
            }
        }
    }

    Dialog {
        id: restoreDialog
        objectName: "restoreDialog"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(640, page.width)
        height: Math.min(implicitHeight, page.height)
        title: qsTr("Restore %1?").arg(page.restoring)
        readonly property int runningRuns: page.plan ? page.plan.runningRuns || 0 : 0
        readonly property bool allowed: typedName.text === page.restoring && (runningRuns === 0 || stopRunning.checked)
        onAboutToShow: { typedName.text = ""; stopRunning.checked = false; restoreError.text = "" }
        onOpened: typedName.forceActiveFocus()

        function restore() {
            if (!allowed) return
            const answer = Backend.backups.restore(page.restoring, stopRunning.checked)
            if (!answer.ok) { restoreError.text = answer.message; return }
            restoreDialog.close()
            notice.show(qsTr("Restoring %1: the console stops; start it again to open the restored data. The state before is kept as %2.").arg(page.restoring).arg(answer.preRestoreBackup))
        }

        footer: DialogButtonBox {
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button {
                objectName: "confirmRestore"
                text: qsTr("Restore and stop the console")
                enabled: restoreDialog.allowed
                palette.button: "#dc2626"
                palette.buttonText: "white"
                onClicked: restoreDialog.restore()
            }
        }

        ScrollView {
            anchors.fill: parent
            contentWidth: availableWidth
            ColumnLayout {
                width: parent.width
                spacing: 10
                Label {
                    text: qsTr("Nothing has changed yet: this is what restoring would do.")
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label {
                    visible: !!page.plan
                    text: !page.plan ? "" : qsTr("Made %1 (%2)").arg(Qt.formatDateTime(new Date(page.plan.createdAt), "yyyy-MM-dd HH:mm:ss")).arg(page.kindLabel(page.plan.kind))
                          + (page.plan.kumoVersion ? " · " + qsTr("Kumo %1").arg(page.plan.kumoVersion) : "")
                    opacity: 0.7
                }
                GridLayout {
                    objectName: "restoreCounts"
                    columns: 3
                    columnSpacing: 24
                    rowSpacing: 2
                    Label { text: qsTr("What"); font.bold: true }
                    Label { text: qsTr("Now"); font.bold: true }
                    Label { text: qsTr("After"); font.bold: true }
                    Repeater {
                        model: page.plan ? Object.keys(page.plan.counts) : []
                        delegate: Label {
                            required property string modelData
                            required property int index
                            Layout.row: index + 1
                            Layout.column: 0
                            text: page.tableLabel(modelData)
                        }
                    }
                    Repeater {
                        model: page.plan ? Object.keys(page.plan.counts) : []
                        delegate: Label {
                            required property string modelData
                            required property int index
                            Layout.row: index + 1
                            Layout.column: 1
                            text: String(page.plan.counts[modelData].current)
                        }
                    }
                    Repeater {
                        model: page.plan ? Object.keys(page.plan.counts) : []
                        delegate: Label {
                            required property string modelData
                            required property int index
                            readonly property var count: page.plan.counts[modelData]
                            Layout.row: index + 1
                            Layout.column: 2
                            text: String(count.backup)
                            color: count.backup > count.current ? "#16a34a" : count.backup < count.current ? "#dc2626" : palette.windowText
                            font.bold: count.backup !== count.current
                        }
                    }
                }
                Label {
                    visible: !!page.plan && page.plan.tasksAdded.length > 0
                    text: page.plan ? qsTr("Tasks back: %1").arg(page.plan.tasksAdded.join(", ")) : ""
                    color: "#16a34a"
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label {
                    objectName: "restoreTasksGone"
                    visible: !!page.plan && page.plan.tasksRemoved.length > 0
                    text: page.plan ? qsTr("Tasks gone: %1").arg(page.plan.tasksRemoved.join(", ")) : ""
                    color: "#dc2626"
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label {
                    text: !page.plan ? "" : page.plan.secretsUnreadable > 0
                          ? qsTr("%n secret(s) were encrypted with another master key and cannot be read after the restore; set them again.", "", page.plan.secretsUnreadable)
                          : qsTr("Its secrets can be read with this machine's master key.")
                    color: page.plan && page.plan.secretsUnreadable > 0 ? "#d97706" : "#16a34a"
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label {
                    text: page.plan && page.plan.includesProjects ? qsTr("The projects' files are restored too.") : qsTr("The projects' files stay as they are now.")
                    opacity: 0.8
                }
                Repeater {
                    model: page.plan ? page.plan.warnings : []
                    delegate: Label {
                        required property string modelData
                        text: "• " + modelData
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                        opacity: 0.8
                    }
                }
                CheckBox {
                    id: stopRunning
                    objectName: "restoreStopRunning"
                    visible: restoreDialog.runningRuns > 0
                    text: qsTr("%n run(s) are running: stop them", "", restoreDialog.runningRuns)
                }
                Label {
                    text: qsTr("The current state is saved as a backup first, so the restore can be undone. The console then stops; start it again to open the restored data.")
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label { text: qsTr("Type %1 to confirm:").arg(page.restoring); font.bold: true; wrapMode: Text.WrapAnywhere; Layout.fillWidth: true }
                TextField {
                    id: typedName
                    objectName: "restoreTypedName"
                    font.family: "monospace"
                    Layout.fillWidth: true
                    onAccepted: restoreDialog.restore()
                }
                Label { id: restoreError; objectName: "restoreError"; color: "#dc2626"; wrapMode: Text.Wrap; visible: text !== ""; Layout.fillWidth: true }
            }
        }
    }

    Dialog {
        id: confirmDelete
        objectName: "confirmDeleteBackup"
        modal: true
        anchors.centerIn: Overlay.overlay
        title: qsTr("Delete %1?").arg(page.deleting)
        standardButtons: Dialog.Cancel | Dialog.Ok
        Label { text: qsTr("The archive is deleted from the backups folder.") }
        onAccepted: {
            const answer = list.keepCurrent(() => Backend.backups.remove(page.deleting))
            if (!answer.ok) notice.show(answer.message)
        }
    }

    Notice { id: notice }
}
