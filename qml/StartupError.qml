// Shown when the console cannot start (the data directory is in use, a bad option): the
// reason, in a window, instead of a silent exit.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: window
    required property string message
    width: 560
    height: 220
    visible: true
    title: qsTr("Kumo cannot start")

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 20
        spacing: 12
        Label {
            text: qsTr("Kumo cannot start")
            font.bold: true
            font.pixelSize: 18
        }
        Label {
            objectName: "startupMessage"
            text: window.message
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Item { Layout.fillHeight: true }
        Button {
            text: qsTr("Close")
            Layout.alignment: Qt.AlignRight
            onClicked: Qt.quit()
        }
    }
}
