// One run: state, times and peaks, Stop and Re-run, and its log followed live (stderr in red,
// following while at the bottom; earlier lines on request).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "runPage"
    required property int runId
    signal back()
    signal openRun(int id)
    property var run: Backend.run(runId)
    readonly property var log: Backend.createLogModel(runId, page)
    readonly property bool active: run.state === "queued" || run.state === "running"
    property var samples: Backend.runSamples(runId)
    padding: 12

    // The log model follows this run: read it again when it changes, and no other.
    Connections {
        target: page.log
        function onRunUpdated() { page.run = Backend.run(page.runId); page.samples = Backend.runSamples(page.runId) }
    }
    // Samples are stored every second or so while the run goes: keep the charts moving.
    Timer {
        interval: 3000
        repeat: true
        running: page.active
        onTriggered: page.samples = Backend.runSamples(page.runId)
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 16
            ToolButton { text: "←"; onClicked: page.back(); ToolTip.visible: hovered; ToolTip.text: qsTr("Runs") }
            Label { text: qsTr("Run #%1").arg(page.runId); font.pixelSize: 20; font.bold: true }
            StateBadge { objectName: "runState"; runState: page.run.state || "" }
            Label { text: page.run.exitCode !== undefined && page.run.exitCode !== null ? qsTr("exit %1").arg(page.run.exitCode) : ""; opacity: 0.7 }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "stopRun"
                text: qsTr("Stop")
                visible: page.active
                onClicked: {
                    const answer = Backend.cancelRun(page.runId)
                    if (!answer.ok) notice.show(answer.message)
                }
            }
            Button {
                text: qsTr("Re-run")
                onClicked: {
                    const answer = Backend.runTask(page.run.taskId)
                    if (answer.ok) page.openRun(answer.runId)
                    else notice.show(answer.message)
                }
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label {
            text: [qsTr("started %1").arg(page.run.startedAt || "—"), qsTr("finished %1").arg(page.run.finishedAt || "—"),
                   qsTr("CPU peak %1").arg(page.run.cpuPeakPercent !== undefined && page.run.cpuPeakPercent !== null ? page.run.cpuPeakPercent.toFixed(0) + "%" : "—"),
                   qsTr("memory peak %1").arg(page.run.rssPeakBytes ? (page.run.rssPeakBytes / 1048576).toFixed(1) + " MiB" : "—")].join("   ·   ")
            opacity: 0.75
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        RowLayout {
            Layout.fillWidth: true
            visible: page.samples.length > 1
            spacing: 12
            LineChart {
                objectName: "runCpuChart"
                Layout.fillWidth: true
                implicitHeight: 110
                label: qsTr("CPU %")
                unit: "%"
                points: page.samples.map(s => ({ at: s.at, value: s.cpu }))
            }
            LineChart {
                Layout.fillWidth: true
                implicitHeight: 110
                label: qsTr("Memory")
                unit: "bytes"
                lineColor: "#7c3aed"
                points: page.samples.map(s => ({ at: s.at, value: s.rss }))
            }
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: "#0f1420"
            radius: 6
            ListView {
                id: lines
                objectName: "logView"
                anchors.fill: parent
                anchors.margins: 8
                clip: true
                model: page.log
                reuseItems: true
                // Follow while the view is at its end; scrolling up (flicking, the wheel or the
                // scroll bar) stops following, and scrolling back to the end resumes it.
                property bool follow: true
                onMovementEnded: follow = atYEnd
                onCountChanged: if (follow) Qt.callLater(positionViewAtEnd)
                // The unfinished last line (a progress bar) grows in place.
                Connections {
                    target: page.log
                    function onDataChanged() { if (lines.follow) Qt.callLater(lines.positionViewAtEnd) }
                }
                ScrollBar.vertical: ScrollBar {
                    objectName: "logScrollBar"
                    // Held: the user moves the view, so it must not jump; let go: at the end follows.
                    onPressedChanged: lines.follow = !pressed && lines.atYEnd
                }
                header: Item {
                    width: ListView.view.width
                    height: page.log.hasEarlier ? earlier.implicitHeight + 8 : 0
                    visible: page.log.hasEarlier
                    Button {
                        id: earlier
                        objectName: "loadEarlier"
                        anchors.horizontalCenter: parent.horizontalCenter
                        text: qsTr("Load earlier")
                        flat: true
                        onClicked: { lines.follow = false; page.log.loadEarlier() }
                    }
                }
                delegate: Row {
                    required property string line
                    required property bool stderr
                    required property int lineNumber
                    width: ListView.view.width
                    spacing: 10
                    Text {
                        id: number
                        text: lineNumber > 0 ? lineNumber : "" // 0: not counted (a long log opened at its end)
                        width: 44
                        horizontalAlignment: Text.AlignRight
                        color: "#6b7280"
                        font: content.font
                    }
                    Text {
                        id: content
                        objectName: stderr ? "stderrLine" : "stdoutLine"
                        width: parent.width - number.width - parent.spacing
                        text: line
                        textFormat: Text.PlainText
                        color: stderr ? "#ff8a8a" : "#d7dce5"
                        font.family: "monospace"
                        font.pixelSize: 13
                        wrapMode: Text.WrapAnywhere
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: lines.count === 0
                    text: page.active ? qsTr("Waiting for output…") : qsTr("This run wrote nothing.")
                    color: "#9aa4b2"
                }
            }
            Button {
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: 12
                visible: !lines.follow
                text: qsTr("↓ Follow")
                onClicked: { lines.follow = true; lines.positionViewAtEnd() }
            }
        }
    }

    Notice { id: notice }
}
