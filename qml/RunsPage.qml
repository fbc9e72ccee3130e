// Every run, newest first, updating live.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "runsPage"
    signal openRun(int id)
    title: qsTr("Runs and logs")
    padding: 16
    header: Label { text: page.title; font.pixelSize: 20; font.bold: true; padding: 16 }
    StackView.onActivated: runs.forceActiveFocus()
    RunTable {
        id: runs
        objectName: "allRuns"
        anchors.fill: parent
        model: Backend.runs
        onOpenRun: id => page.openRun(id)
    }
}
