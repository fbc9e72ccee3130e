// Runs as rows: state, task, attempt, reason, started, duration, peaks. A click opens the run.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ListView {
    id: list
    signal openRun(int id)
    clip: true
    spacing: 0
    reuseItems: true
    keyNavigationEnabled: true
    ScrollBar.vertical: ScrollBar {}

    Label {
        anchors.centerIn: parent
        visible: list.count === 0
        text: qsTr("No runs yet.")
        opacity: 0.7
    }

    /// Why a run happened, in words.
    function reasonText(reason) {
        return ({ "schedule": qsTr("scheduled"), "manual": qsTr("by hand"), "retry": qsTr("retry") })[reason] || reason
    }

    delegate: ItemDelegate {
        id: row
        required property int runId
        required property string taskName
        required property string state
        required property string reason
        required property int attempt
        required property var startedAt
        required property var durationMs
        required property var exitCode
        required property var rssPeakBytes
        objectName: "runRow"
        width: ListView.view.width
        onClicked: list.openRun(runId)
        Keys.onReturnPressed: list.openRun(runId)
        contentItem: RowLayout {
            spacing: 12
            StateBadge { state: row.state; Layout.preferredWidth: 110 }
            Label { text: row.taskName + "  #" + row.runId; Layout.preferredWidth: 220; elide: Text.ElideRight }
            Label { text: list.reasonText(row.reason) + (row.attempt > 1 ? " · " + qsTr("attempt %1").arg(row.attempt) : ""); Layout.preferredWidth: 160; opacity: 0.7 }
            Label { text: row.startedAt ? Qt.formatDateTime(row.startedAt, "yyyy-MM-dd HH:mm:ss") : "—"; Layout.preferredWidth: 150 }
            Label { text: row.durationMs !== undefined && row.durationMs !== null ? (row.durationMs / 1000).toFixed(1) + " s" : "—"; Layout.preferredWidth: 70 }
            Label { text: row.exitCode !== undefined && row.exitCode !== null ? qsTr("exit %1").arg(row.exitCode) : ""; Layout.fillWidth: true; opacity: 0.7 }
        }
    }
}
