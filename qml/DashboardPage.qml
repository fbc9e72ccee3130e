// Tiles, live CPU and memory charts from the system monitor, and the latest runs.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "dashboardPage"
    signal openRun(int id)
    title: qsTr("Dashboard")
    padding: 16

    readonly property var stats: Backend.stats
    function points(key, scale) {
        return Backend.history.map(s => ({ at: s.at, value: s[key] * (scale || 1) }))
    }
    function bytes(n) {
        if (n === undefined || n === null) return "—"
        const units = ["B", "KiB", "MiB", "GiB", "TiB"]
        let i = 0
        while (n >= 1024 && i < units.length - 1) { n /= 1024; ++i }
        return n.toFixed(i === 0 || n >= 10 ? 0 : 1) + " " + units[i]
    }

    StackView.onActivated: latestRuns.forceActiveFocus()

    header: Label { text: page.title; font.pixelSize: 20; font.bold: true; padding: 16 }

    ColumnLayout {
        anchors.fill: parent
        spacing: 12

        GridLayout {
            columns: 4
            Layout.fillWidth: true
            Repeater {
                model: [
                    { name: "tileRunning", label: qsTr("Running now"), value: page.stats.running || 0 },
                    { name: "tileQueued", label: qsTr("Queued"), value: page.stats.queued || 0 },
                    { name: "tileTasks", label: qsTr("Tasks"), value: Backend.tasks.count },
                    { name: "tileLimit", label: qsTr("Concurrency limit"), value: page.stats.maxConcurrent || "—" }
                ]
                delegate: Frame {
                    required property var modelData
                    objectName: modelData.name
                    Layout.fillWidth: true
                    ColumnLayout {
                        Label { text: String(modelData.value); font.pixelSize: 24; font.bold: true }
                        Label { text: modelData.label; opacity: 0.7 }
                    }
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            Frame {
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    Label { text: qsTr("CPU %1%").arg((page.stats.cpuPercent || 0).toFixed(0)); font.bold: true }
                    LineChart {
                        objectName: "cpuChart"
                        Layout.fillWidth: true
                        points: page.points("cpu")
                        maximum: 100
                        unit: "%"
                    }
                }
            }
            Frame {
                Layout.fillWidth: true
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        text: qsTr("Memory %1 of %2").arg(page.bytes(page.stats.memoryTotalBytes - page.stats.memoryAvailableBytes)).arg(page.bytes(page.stats.memoryTotalBytes))
                        font.bold: true
                    }
                    LineChart {
                        Layout.fillWidth: true
                        points: page.points("memoryUsed")
                        maximum: page.stats.memoryTotalBytes || 0
                        unit: "bytes"
                        lineColor: "#7c3aed"
                    }
                }
            }
        }

        Label { text: qsTr("Latest runs"); font.bold: true; font.pixelSize: 15 }
        RunTable {
            id: latestRuns
            objectName: "latestRuns"
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: Backend.runs
            onOpenRun: id => page.openRun(id)
        }
    }
}
