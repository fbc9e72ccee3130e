// The Kumo desktop console: navigation on the left, one page at a time on the right, the
// engine running in this process.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kumo.Backend

ApplicationWindow {
    id: window
    width: 1200
    height: 780
    visible: true
    title: qsTr("Kumo — %1").arg(Backend.dataDir)

    /// Opens a page: "dashboard", "tasks", "runs", or a run / task by id.
    function showPage(page, id, extra) {
        if (page === "run")
            stack.replace(null, runPage, { runId: id })
        else if (page === "task")
            stack.replace(null, taskPage, { taskId: id })
        else if (page === "project")
            stack.replace(null, projectPage, { projectId: id })
        else if (page === "environment")
            stack.replace(null, environmentPage, { environmentId: id, operationId: extra || 0 })
        else
            stack.replace(null, { "dashboard": dashboardPage, "tasks": tasksPage, "runs": runsPage, "projects": projectsPage, "environments": environmentsPage, "python": interpretersPage, "audit": auditPage, "settings": settingsPage }[page])
        current = page
    }
    property string current: "dashboard"

    function pageLabel(page) {
        switch (page) {
        case "dashboard": return qsTr("Dashboard")
        case "tasks": return qsTr("Tasks")
        case "runs": return qsTr("Runs && logs")
        case "projects": return qsTr("Projects")
        case "environments": return qsTr("Environments")
        case "python": return qsTr("Python")
        case "audit": return qsTr("Audit")
        case "settings": return qsTr("Settings")
        }
        return page
    }

    Shortcut { sequence: "Ctrl+1"; onActivated: window.showPage("dashboard") }
    Shortcut { sequence: "Ctrl+2"; onActivated: window.showPage("tasks") }
    Shortcut { sequence: "Ctrl+3"; onActivated: window.showPage("runs") }
    Shortcut { sequence: "Ctrl+4"; onActivated: window.showPage("projects") }
    Shortcut { sequence: "Ctrl+5"; onActivated: window.showPage("environments") }
    Shortcut { sequence: "Ctrl+6"; onActivated: window.showPage("python") }
    Shortcut { sequence: "Ctrl+7"; onActivated: window.showPage("audit") }
    Shortcut { sequence: "Ctrl+8"; onActivated: window.showPage("settings") }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Pane {
            Layout.fillHeight: true
            Layout.preferredWidth: 200
            padding: 8
            ColumnLayout {
                anchors.fill: parent
                spacing: 2
                Label {
                    text: "☁ Kumo"
                    font.pixelSize: 18
                    font.bold: true
                    color: "#2563eb"
                    Layout.bottomMargin: 12
                    Layout.leftMargin: 8
                }
                Repeater {
                    // Page ids only: labels are bindings, so a language switch retranslates
                    // them without making the buttons again.
                    model: ["dashboard", "tasks", "runs", "projects", "environments", "python", "audit", "settings"]
                    delegate: ItemDelegate {
                        required property string modelData
                        required property int index
                        objectName: "nav-" + modelData
                        text: window.pageLabel(modelData)
                        highlighted: window.current === modelData || window.current + "s" === modelData
                        Layout.fillWidth: true
                        onClicked: window.showPage(modelData)
                        ToolTip.visible: hovered
                        ToolTip.text: "Ctrl+" + (index + 1)
                    }
                }
                Item { Layout.fillHeight: true }
                ComboBox {
                    objectName: "language"
                    Layout.fillWidth: true
                    textRole: "label"
                    valueRole: "code"
                    model: [{ code: "en", label: "English" }, { code: "zh_CN", label: "简体中文" }]
                    Component.onCompleted: currentIndex = indexOfValue(Backend.language)
                    onActivated: Backend.language = currentValue
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Language")
                }
                Label {
                    text: Backend.serveUrl ? qsTr("Serving %1").arg(Backend.serveUrl) + (Backend.serveHint ? "\n" + Backend.serveHint : "") : qsTr("Not serving HTTP")
                    font.pixelSize: 11
                    opacity: 0.7
                    wrapMode: Text.WrapAnywhere
                    Layout.fillWidth: true
                }
                Label {
                    text: qsTr("Kumo %1").arg(Backend.version)
                    font.pixelSize: 11
                    opacity: 0.7
                }
            }
        }

        StackView {
            id: stack
            objectName: "pages"
            Layout.fillWidth: true
            Layout.fillHeight: true
            initialItem: dashboardPage
        }
    }

    Component { id: dashboardPage; DashboardPage { onOpenRun: id => window.showPage("run", id) } }
    Component { id: tasksPage; TasksPage { onOpenTask: id => window.showPage("task", id); onOpenRun: id => window.showPage("run", id) } }
    Component { id: taskPage; TaskPage { onOpenRun: id => window.showPage("run", id); onBack: window.showPage("tasks") } }
    Component { id: runsPage; RunsPage { onOpenRun: id => window.showPage("run", id) } }
    Component { id: projectsPage; ProjectsPage { onOpenProject: id => window.showPage("project", id) } }
    Component { id: projectPage; ProjectPage { onBack: window.showPage("projects") } }
    Component { id: environmentsPage; EnvironmentsPage { onOpenEnvironment: (id, operationId) => window.showPage("environment", id, operationId) } }
    Component { id: environmentPage; EnvironmentPage { onBack: window.showPage("environments") } }
    Component { id: auditPage; AuditPage {} }
    Component { id: interpretersPage; InterpretersPage {} }
    Component { id: settingsPage; SettingsPage {} }
    Component { id: runPage; RunPage { onBack: window.showPage("runs"); onOpenRun: id => window.showPage("run", id) } }
}
