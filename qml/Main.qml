// The Kumo desktop console: navigation on the left, one page at a time on the right, the
// engine running in this process.
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

ApplicationWindow {
    id: window
    width: 1200
    height: 780
    visible: true
    title: qsTr("Kumo — %1").arg(Backend.dataDir)

    /// Opens a page: one of window.pages, or a run, task, project or environment by id.
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
            stack.replace(null, { "dashboard": dashboardPage, "tasks": tasksPage, "runs": runsPage, "projects": projectsPage, "environments": environmentsPage, "python": interpretersPage, "audit": auditPage, "settings": settingsPage, "backups": backupsPage, "maintenance": maintenancePage, "users": usersPage }[page])
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
        case "backups": return qsTr("Backups")
        case "maintenance": return qsTr("Maintenance")
        case "users": return qsTr("Users")
        }
        return page
    }

    // The pages in the navigation, each with its shortcut: Ctrl+1 … Ctrl+9, Ctrl+0 by position;
    // the users of the served API and dashboard, the least used here, get Ctrl+Shift+U.
    readonly property var pages: [
        { page: "dashboard", keys: "Ctrl+1" }, { page: "tasks", keys: "Ctrl+2" }, { page: "runs", keys: "Ctrl+3" },
        { page: "projects", keys: "Ctrl+4" }, { page: "environments", keys: "Ctrl+5" }, { page: "python", keys: "Ctrl+6" },
        { page: "audit", keys: "Ctrl+7" }, { page: "settings", keys: "Ctrl+8" }, { page: "backups", keys: "Ctrl+9" },
        { page: "maintenance", keys: "Ctrl+0" }, { page: "users", keys: "Ctrl+Shift+U" }
    ]

    Instantiator {
        model: window.pages
        delegate: Shortcut {
            required property var modelData
            sequence: modelData.keys
            onActivated: window.showPage(modelData.page)
        }
    }

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
                    model: window.pages
                    delegate: ItemDelegate {
                        required property var modelData
                        objectName: "nav-" + modelData.page
                        text: window.pageLabel(modelData.page)
                        highlighted: window.current === modelData.page || window.current + "s" === modelData.page
                        Layout.fillWidth: true
                        onClicked: window.showPage(modelData.page)
                        ToolTip.visible: hovered
                        ToolTip.text: modelData.keys
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
    Component { id: backupsPage; BackupsPage {} }
    Component { id: maintenancePage; MaintenancePage {} }
    Component { id: usersPage; UsersPage {} }
    Component { id: runPage; RunPage { onBack: window.showPage("runs"); onOpenRun: id => window.showPage("run", id) } }
}
