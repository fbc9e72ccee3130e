// Runs as rows: state, task, attempt, reason, started, duration, peaks. A click or Enter opens
// the run; ↑/↓ move between runs.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowList {
    id: list
    signal openRun(int id)
    spacing: 0
    reuseItems: true

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

    delegate: RowDelegate {
        id: row
        // The run's state is read through the model: a "state" property would hide Item.state.
        required property var model
        required property int runId
        required property string taskName
        required property string reason
        required property int attempt
        required property var startedAt
        required property var durationMs
        required property var exitCode
        required property var rssPeakBytes
        readonly property string runState: model.state
        objectName: "runRow"
        onClicked: list.openRun(runId)
        contentItem: RowLayout {
            spacing: 12
            StateBadge { runState: row.runState; Layout.preferredWidth: 110 }
            Label { text: row.taskName + "  #" + row.runId; Layout.preferredWidth: 220; elide: Text.ElideRight }
            Label { text: list.reasonText(row.reason) + (row.attempt > 1 ? " · " + qsTr("attempt %1").arg(row.attempt) : ""); Layout.preferredWidth: 160; opacity: 0.7 }
            Label { text: row.startedAt ? Qt.formatDateTime(row.startedAt, "yyyy-MM-dd HH:mm:ss") : "—"; Layout.preferredWidth: 150 }
            Label { text: row.durationMs !== undefined && row.durationMs !== null ? (row.durationMs / 1000).toFixed(1) + " s" : "—"; Layout.preferredWidth: 70 }
            Label { text: row.exitCode !== undefined && row.exitCode !== null ? qsTr("exit %1").arg(row.exitCode) : ""; Layout.fillWidth: true; opacity: 0.7 }
        }
    }
}
