// Data maintenance: what no longer fits together between the database and the data directory
// (runs of deleted tasks, stray logs, stuck runs, …), fixing the kinds chosen after a
// confirmation that says what goes and the space freed; and how long run logs are kept.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "maintenancePage"
    title: qsTr("Maintenance")
    padding: 16
    property var report: ({ findings: [], total: 0, bytes: 0, checkedAt: new Date() }) // check() fills it
    property var fixed: null // the last fix's answer
    property var chosen: ({}) // kind → true
    property string expanded: "" // the kind whose items are shown
    property var retention: Backend.maintenance.retention()
    readonly property var findings: report.findings.filter(f => f.count > 0).concat(report.findings.filter(f => f.count === 0))
    readonly property var chosenKinds: report.findings.filter(f => f.count > 0 && chosen[f.kind]).map(f => f.kind)
    readonly property var chosenFindings: report.findings.filter(f => chosenKinds.indexOf(f.kind) >= 0)

    StackView.onActivated: list.forceActiveFocus()

    function bytes(n) {
        const units = ["B", "KiB", "MiB", "GiB", "TiB"]
        let i = 0
        while (n >= 1024 && i < units.length - 1) { n /= 1024; ++i }
        return n.toFixed(i === 0 || n >= 10 ? 0 : 1) + " " + units[i]
    }
    /// The kind's title and fix in the console's language (the engine's English otherwise).
    function kindText(finding) {
        const texts = {
            "runsOfDeletedTasks": [qsTr("Runs of deleted tasks"), qsTr("delete the runs with their logs")],
            "logsWithoutRuns": [qsTr("Log files without a run or operation"), qsTr("delete the files")],
            "runsWithoutLogs": [qsTr("Runs whose log file is gone"), qsTr("forget the missing log")],
            "stuckRuns": [qsTr("Runs stuck in a state"), qsTr("a run recorded running that no process runs becomes lost; a queued run the queue does not hold is queued again")],
            "environmentsWithoutFiles": [qsTr("Environments whose directory is gone"), qsTr("mark them failed (reset rebuilds them from their last freeze)")],
            "projectsWithoutFiles": [qsTr("Projects whose files are gone"), qsTr("mark them failed (replacing the code brings them back)")],
            "unreferencedFiles": [qsTr("Files in the data directory nothing refers to"), qsTr("delete them")]
        }
        return texts[finding.kind] || [finding.title, finding.fix]
    }
    /// Checks again; everything found starts chosen.
    function check() {
        list.keepCurrent(() => { report = Backend.maintenance.check() })
        const all = {}
        for (const f of report.findings) if (f.count > 0) all[f.kind] = true
        chosen = all
    }
    function fix() {
        const answer = Backend.maintenance.fix(chosenKinds)
        if (!answer.ok) { notice.show(answer.message); return answer }
        fixed = answer
        list.keepCurrent(() => { report = answer.report })
        chosen = ({})
        return answer
    }
    function toggle(kind) {
        const next = Object.assign({}, chosen)
        next[kind] = !next[kind]
        chosen = next
    }

    Component.onCompleted: check()

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: page.title; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            Label { text: qsTr("checked %1").arg(Qt.formatDateTime(page.report.checkedAt, "HH:mm:ss")); opacity: 0.7 }
            Button { objectName: "checkAgain"; text: qsTr("Check again"); onClicked: { page.fixed = null; page.check() } }
            Button {
                objectName: "fixChosen"
                text: page.chosenKinds.length ? qsTr("Fix chosen (%1)…").arg(page.chosenKinds.length) : qsTr("Fix chosen…")
                highlighted: true
                enabled: page.chosenKinds.length > 0
                onClicked: confirmFix.open()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        Label {
            objectName: "maintenanceSummary"
            text: page.report.total === 0 ? "✓ " + qsTr("Everything is consistent: the database and the data directory agree.")
                                          : qsTr("%n finding(s)", "", page.report.total) + " · " + qsTr("%1 on disk").arg(page.bytes(page.report.bytes))
            color: page.report.total === 0 ? "#16a34a" : palette.windowText
            font.bold: true
        }
        Frame {
            objectName: "maintenanceFixed"
            visible: !!page.fixed
            Layout.fillWidth: true
            background: Rectangle { color: Qt.rgba(0.09, 0.64, 0.29, 0.12); radius: 6 }
            Label {
                anchors.fill: parent
                wrapMode: Text.Wrap
                text: !page.fixed ? "" : qsTr("Fixed %n item(s)", "", page.fixed.total) + (page.fixed.bytes ? " · " + qsTr("%1 freed").arg(page.bytes(page.fixed.bytes)) : "")
                      + page.fixed.findings.filter(f => f.count > 0).map(f => "\n• " + page.kindText(f)[0] + ": " + f.count).join("")
            }
        }

        RowList {
            id: list
            objectName: "findingList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: page.findings
            delegate: RowDelegate {
                id: row
                required property var modelData
                readonly property bool found: modelData.count > 0
                objectName: "finding-" + modelData.kind
                // Enter or a click shows what was found; the box chooses it for fixing.
                onClicked: page.expanded = page.expanded === modelData.kind ? "" : modelData.kind
                contentItem: ColumnLayout {
                    spacing: 2
                    RowLayout {
                        spacing: 10
                        CheckBox {
                            objectName: "chooseFinding"
                            enabled: row.found
                            checked: !!page.chosen[row.modelData.kind]
                            onToggled: page.toggle(row.modelData.kind)
                        }
                        Label { text: row.found ? "⚠" : "✓"; color: row.found ? "#d97706" : "#16a34a" }
                        Label { text: page.kindText(row.modelData)[0]; font.bold: row.found; Layout.fillWidth: true; elide: Text.ElideRight }
                        Label { objectName: "findingCount"; text: row.found ? qsTr("%n item(s)", "", row.modelData.count) : qsTr("nothing found"); opacity: row.found ? 1 : 0.6 }
                        Label { text: row.modelData.bytes ? page.bytes(row.modelData.bytes) : ""; opacity: 0.7; Layout.preferredWidth: 70; horizontalAlignment: Text.AlignRight }
                    }
                    Label {
                        text: qsTr("Fixing: %1").arg(page.kindText(row.modelData)[1])
                        opacity: 0.7
                        font.pixelSize: 12
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                        Layout.leftMargin: 40
                    }
                    Label {
                        visible: page.expanded === row.modelData.kind && row.found
                        text: row.modelData.items.join("\n") + (row.modelData.count > row.modelData.items.length ? "\n" + qsTr("… and %n more", "", row.modelData.count - row.modelData.items.length) : "")
                        font.family: "monospace"
                        font.pixelSize: 12
                        wrapMode: Text.WrapAnywhere
                        Layout.fillWidth: true
                        Layout.leftMargin: 40
                    }
                }
            }
        }

        Label { text: qsTr("Run logs"); font.bold: true; font.pixelSize: 15 }
        RowLayout {
            spacing: 8
            Label { text: qsTr("Keep logs for") }
            SpinBox {
                id: days
                objectName: "retentionDays"
                from: 1
                to: 36500 // the engine's limits (RunSettings), so a stored value is never cut on save
                editable: true
                value: page.retention.logRetentionDays
                enabled: !page.retention.pinned.logRetentionDays
            }
            Label { text: qsTr("days, and at most") }
            SpinBox {
                id: perTask
                objectName: "retentionPerTask"
                from: 1
                to: 1000000
                editable: true
                value: page.retention.logRetentionPerTask
                enabled: !page.retention.pinned.logRetentionPerTask
            }
            Label { text: qsTr("runs per task") }
            Button {
                objectName: "saveRetention"
                text: qsTr("Save and clean up")
                onClicked: {
                    const answer = Backend.maintenance.setRetention(days.value, perTask.value)
                    retentionStatus.text = answer.ok ? qsTr("Saved: older logs are deleted now and every hour.") : answer.message
                    retentionStatus.color = answer.ok ? "#16a34a" : "#dc2626"
                    page.retention = Backend.maintenance.retention()
                }
            }
        }
        Label { id: retentionStatus; objectName: "retentionStatus"; visible: text !== ""; wrapMode: Text.Wrap; Layout.fillWidth: true }
    }

    Dialog {
        id: confirmFix
        objectName: "confirmFix"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(600, page.width)
        title: qsTr("Fix what was found?")
        standardButtons: Dialog.Cancel | Dialog.Ok
        onAccepted: page.fix()
        ColumnLayout {
            anchors.fill: parent
            Repeater {
                model: page.chosenFindings
                delegate: Label {
                    required property var modelData
                    text: "• " + page.kindText(modelData)[0] + " (" + qsTr("%n item(s)", "", modelData.count) + "): " + page.kindText(modelData)[1]
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }
            Label {
                readonly property real freed: page.chosenFindings.reduce((sum, f) => sum + (f.bytes || 0), 0)
                visible: freed > 0
                text: qsTr("Frees %1.").arg(page.bytes(freed))
                font.bold: true
            }
        }
    }

    Notice { id: notice }
}
