// The console's main flows, as a person would do them: create a task with a cron trigger and
// see its preview, run it and follow its log to the end, find the run in the history; import a
// project, open a file in the editor, change it and save with Ctrl+S. Every page
// is saved as a screenshot in screenshotDir.
import QtQuick
import QtQuick.Controls
import QtTest
import org.kumo.console
import Kumo.Backend

TestCase {
    id: test
    name: "ConsoleFlow"
    when: windowShown
    width: 1200
    height: 780

    Component { id: mainWindow; Main {} }
    property var window: null

    // One window for the whole flow (a temporary object would go after the first test).
    function initTestCase() {
        window = mainWindow.createObject(null)
        verify(window !== null)
        window.width = 1200
        window.height = 780
        waitForRendering(window.contentItem)
    }

    function cleanupTestCase() {
        window.destroy()
    }

    function find(name) {
        // Popups (the editor) are children of their page, not of the window's items.
        const stack = findChild(window.contentItem, "pages")
        const item = (name === "pages" ? stack : null) || findChild(window.contentItem, name)
            || (stack && stack.currentItem ? findChild(stack.currentItem, name) : null)
            || findChild(window.overlay, name)
        verify(item !== null, "no item named " + name)
        return item
    }
    function shot(name) {
        wait(50) // let bindings settle; grabImage renders the frame itself
        const image = grabImage(window.contentItem)
        image.save(screenshotDir + "/" + name + ".png")
    }
    /// The page on show once the StackView has finished its transition (it takes no input before).
    function currentPage() {
        const stack = find("pages")
        tryCompare(stack, "busy", false)
        return stack.currentItem
    }
    function showPage(name) {
        tryVerify(() => currentPage().objectName === name, 5000, "page " + name)
        tryCompare(find("pages"), "busy", false)
    }

    function test_1_dashboard() {
        compare(currentPage().objectName, "dashboardPage")
        verify(find("cpuChart").width > 100)
        shot("01-dashboard")
    }

    function test_2_createTaskWithPreview() {
        mouseClick(find("nav-tasks"))
        showPage("tasksPage")
        shot("02-tasks-empty")
        mouseClick(find("newTask"))
        const editor = find("taskEditor")
        tryCompare(editor, "opened", true)
        find("taskName").text = "greet"
        find("taskCommand").text = "for i in 1 2 3; do echo hello $i; done; echo oops >&2"
        const cron = find("cronExpression")
        cron.text = "99 * * * *"
        cron.textEdited()
        tryVerify(() => find("previewError").visible)
        verify(find("previewError").text.indexOf("99") >= 0, find("previewError").text)
        cron.text = "30 9 * * 1-5"
        find("timeZone").text = "UTC"
        cron.textEdited()
        tryVerify(() => editor.preview.ok && editor.preview.fires.length === 5, 5000, "five previewed fires")
        compare(findChild(editor.contentItem, "previewError").visible, false)
        for (const fire of editor.preview.fires)
            verify(fire.local.indexOf("T09:30:00") > 0, fire.local)
        shot("03-task-editor")
        mouseClick(find("saveTask"))
        showPage("taskPage")
        compare(find("taskTitle").text, "greet")
        shot("04-task")
    }

    function test_3_runAndFollowTheLog() {
        mouseClick(find("runNow"))
        showPage("runPage")
        const page = currentPage()
        tryVerify(() => page.run.state === "succeeded", 15000, "the run succeeds")
        tryCompare(page.log, "complete", true, 5000)
        compare(page.log.count, 4)
        compare(page.log.text(), "hello 1\nhello 2\nhello 3\noops")
        compare(find("logView").count, 4)
        verify(find("stderrLine").text === "oops")
        shot("05-run")
    }

    function test_4_historyAndTaskList() {
        mouseClick(find("nav-runs"))
        showPage("runsPage")
        tryCompare(find("allRuns"), "count", 1)
        shot("06-runs")
        mouseClick(find("nav-tasks"))
        showPage("tasksPage")
        tryCompare(find("taskList"), "count", 1)
        shot("07-tasks")
        mouseClick(find("nav-dashboard"))
        showPage("dashboardPage")
        shot("08-dashboard-after")
    }

    function test_5_projectImportEditSave() {
        mouseClick(find("nav-projects"))
        showPage("projectsPage")
        shot("09-projects-empty")
        verify(currentPage().importArchive("greeter", sampleProjectZip).ok)
        tryVerify(() => findChild(currentPage(), "projectRow-greeter") !== null, 5000, "the project row")
        const row = find("projectRow-greeter")
        tryCompare(findChild(row, "projectState"), "text", "ready", 10000)
        shot("10-projects")
        mouseClick(row)
        showPage("projectPage")
        const page = currentPage()
        compare(find("projectTitle").text, "greeter")
        tryVerify(() => findChild(page, "file-main.py") !== null, 5000, "main.py in the tree")
        mouseClick(find("file-main.py"))
        tryCompare(page, "openPath", "main.py")
        const editor = find("editor")
        compare(editor.text, "print('hello from v1')\n")
        editor.forceActiveFocus()
        editor.selectAll()
        keyClick(Qt.Key_Delete)
        editor.insert(0, "print('hello from v2')\n")
        verify(page.dirty)
        shot("11-project-editor")
        // Opening another file with unsaved changes asks first; Cancel keeps the edit.
        page.openFile("lib/util.py")
        const unsaved = find("unsavedChanges")
        tryCompare(unsaved, "opened", true)
        unsaved.reject()
        tryCompare(unsaved, "opened", false)
        compare(page.openPath, "main.py")
        verify(page.dirty)
        keySequence(StandardKey.Save)
        tryCompare(page, "dirty", false)
        compare(Backend.readFile(page.projectId, "main.py").text, "print('hello from v2')\n")
    }

    function test_6_switchLanguage() {
        mouseClick(find("nav-dashboard"))
        showPage("dashboardPage")
        const language = find("language")
        language.currentIndex = 1
        language.activated(1)
        compare(Backend.language, "zh_CN")
        tryCompare(find("nav-tasks"), "text", "任务")
        compare(currentPage().title, "仪表盘")
        shot("12-dashboard-zh")
        language.currentIndex = 0
        language.activated(0)
        tryCompare(find("nav-tasks"), "text", "Tasks")
    }

    function test_7_environmentInstallsAPackage() {
        mouseClick(find("nav-environments"))
        showPage("environmentsPage")
        shot("13-environments-empty")
        mouseClick(find("newEnvironment"))
        const dialog = find("createEnvironment")
        tryCompare(dialog, "opened", true)
        findChild(dialog.contentItem, "environmentName").text = "greeter-env"
        const interpreters = findChild(dialog.contentItem, "environmentInterpreter")
        verify(interpreters.count > 0, "no Python found")
        mouseClick(findChild(dialog.footer, "createEnvironmentSubmit"))
        showPage("environmentPage")
        const page = currentPage()
        tryVerify(() => page.environment.state === "ready", 90000, "the venv is made")
        tryVerify(() => page.operation && page.operation.finished, 10000, "the create operation ends")
        find("packageSpecifiers").text = "kumo-greeting==1.0"
        mouseClick(find("installPackages"))
        tryVerify(() => page.operation.finished, 60000, "the install ends")
        compare(page.operation.state, "succeeded")
        verify(find("operationLog").text.indexOf("Successfully installed kumo-greeting-1.0") >= 0, find("operationLog").text)
        tryVerify(() => findChild(page, "package-kumo-greeting") !== null, 15000, "the package is listed")
        shot("14-environment")
    }

    function test_8_auditAndSettings() {
        mouseClick(find("nav-audit"))
        showPage("auditPage")
        tryVerify(() => find("auditList").count > 0, 5000, "audit events")
        const filter = find("auditAction")
        filter.text = "task.*"
        filter.editingFinished()
        tryVerify(() => Backend.audit.action === "task.*")
        for (let i = 0; i < Backend.audit.count; ++i)
            verify(find("auditList").itemAtIndex(i) === null || find("auditList").itemAtIndex(i).auditAction.indexOf("task.") === 0)
        shot("15-audit")
        filter.text = ""
        filter.editingFinished()

        mouseClick(find("nav-settings"))
        showPage("settingsPage")
        mouseClick(find("newVariable"))
        const editor = find("variableEditor")
        tryCompare(editor, "opened", true)
        findChild(editor.contentItem, "variableName").text = "REPORT_TOKEN"
        findChild(editor.contentItem, "variableValueField").text = "very-secret-42"
        findChild(editor.contentItem, "variableSecret").checked = true
        mouseClick(findChild(editor.footer, "saveVariable"))
        tryCompare(editor, "opened", false)
        const row = find("variable-REPORT_TOKEN")
        compare(findChild(row, "variableValue").text, "••••••")
        shot("16-settings")
    }

    function test_9_interpreters() {
        mouseClick(find("nav-python"))
        showPage("interpretersPage")
        tryVerify(() => find("interpreterList").count > 0, 5000, "interpreters listed")
        find("interpreterPath").text = "/bin/ls"
        mouseClick(find("addInterpreter"))
        tryVerify(() => find("interpreterStatus").text !== "", 20000, "an answer for /bin/ls")
        verify(find("interpreterStatus").text !== "Added", find("interpreterStatus").text)
        shot("17-python")
    }

    function test_9z_runTimeline() {
        // A run long enough to be sampled: its page shows the CPU and memory timeline.
        const created = Backend.createTask({ name: "busy", command: "python3 -c 'import time\nend=time.time()+2.5\nwhile time.time()<end: pass'",
                                             trigger: { type: "interval", seconds: 3600 } })
        verify(created.ok, created.message)
        window.showPage("run", Backend.runTask(created.id).runId)
        showPage("runPage")
        const page = currentPage()
        tryVerify(() => page.run.state === "succeeded", 20000, "the busy run ends")
        tryVerify(() => page.samples.length > 1, 5000, "samples recorded")
        verify(find("runCpuChart").visible)
        shot("18-run-timeline")
    }
}
