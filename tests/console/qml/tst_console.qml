// The console's main flows, as a person would do them: create a task with a cron trigger and
// see its preview, run it and follow its log to the end, find the run in the history; import a
// project, open a file in the editor, change it and save with Ctrl+S; work the lists with the
// keyboard; scoped variables, conda and requirements files, users, maintenance, and last (it
// stops the engine taking changes) a backup restored. Every page is saved as a screenshot in
// screenshotDir. Test functions run in the alphabetical order of their names.
import QtQuick
import QtQuick.Controls
import QtTest
import org.kumo.console

TestCase {
    id: test
    name: "ConsoleFlow"
    when: windowShown
    width: 1200
    height: 780

    Component { id: mainWindow; Main {} }
    Component { id: cronPresets; CronPresets {} }
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
        compare(find("cronPresetKind").currentText, "Weekdays")
        find("cronPresets").change({ kind: "daily" })
        compare(cron.text, "30 9 * * *")
        tryVerify(() => editor.preview.ok && editor.preview.fires.length === 5
                  && editor.preview.fires[0].local !== editor.preview.fires[1].local, 5000)
        find("cronPresets").change({ kind: "weekdays" })
        compare(cron.text, "30 9 * * 1-5")
        shot("03-task-editor")
        mouseClick(find("saveTask"))
        showPage("taskPage")
        compare(find("taskTitle").text, "greet")
        shot("04-task")
    }

    // The schedule presets read an expression into a preset and write a preset back unchanged;
    // what no preset says is Custom.
    function test_2a_cronPresets_data() {
        return [
            { tag: "every minute", text: "* * * * *", kind: "minutes", every: 1 },
            { tag: "every 15 minutes", text: "*/15 * * * *", kind: "minutes", every: 15 },
            { tag: "every 7 minutes (no step offered)", text: "*/7 * * * *", kind: "minutes", every: 7 },
            { tag: "hourly", text: "5 * * * *", kind: "hourly", minute: 5 },
            { tag: "daily", text: "30 9 * * *", kind: "daily", hour: 9, minute: 30 },
            { tag: "weekdays", text: "0 18 * * 1-5", kind: "weekdays", hour: 18, minute: 0 },
            { tag: "weekly", text: "0 8 * * 0", kind: "weekly", weekday: 0, hour: 8 },
            { tag: "weekly, Sunday as 7", text: "0 8 * * 7", kind: "weekly", weekday: 0, rewritten: "0 8 * * 0" },
            { tag: "monthly", text: "15 6 28 * *", kind: "monthly", monthDay: 28, hour: 6, minute: 15 },
            { tag: "a list is custom", text: "0 9,17 * * *", kind: "custom" },
            { tag: "a month is custom", text: "0 9 1 1 *", kind: "custom" },
            { tag: "day and weekday is custom", text: "0 9 1 * 1", kind: "custom" },
            { tag: "out of range is custom", text: "61 * * * *", kind: "custom" },
            { tag: "six fields is custom", text: "0 0 9 * * *", kind: "custom" },
        ]
    }
    function test_2a_cronPresets(data) {
        const presets = createTemporaryObject(cronPresets, test, { expression: data.text })
        const preset = presets.preset
        compare(preset.kind, data.kind)
        for (const field of ["every", "minute", "hour", "weekday", "monthDay"]) {
            if (data[field] !== undefined)
                compare(preset[field], data[field], field)
        }
        if (data.kind !== "custom")
            compare(presets.expressionOf(preset), data.rewritten || data.text)
        const picked = []
        presets.picked.connect(text => { picked.push(text); presets.expression = text }) // as the editor does
        presets.change({ kind: "daily", hour: 7, minute: 45 })
        compare(picked, ["45 7 * * *"])
        presets.expression = data.text // typed text selects its preset again, Custom included
        compare(presets.preset.kind, data.kind)
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
        // C++ messages too: their contexts are the namespaced class names (Kumo::…).
        compare(Backend.maintenance.fix([]).message, "请选择要修复的内容")
        compare(Backend.tasks.data(Backend.tasks.index(0, 0), TaskListModel.TriggerTextRole),
                "cron 30 9 * * 1-5 (UTC)")
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

    /// The newest audit event of @p action, from the engine's trail through the model.
    function lastAudit(action) {
        mouseClick(find("nav-audit"))
        showPage("auditPage")
        const filter = find("auditAction")
        filter.text = action
        filter.editingFinished()
        tryVerify(() => find("auditList").count > 0 && find("auditList").itemAtIndex(0) !== null, 5000, "audit events of " + action)
        const row = find("auditList").itemAtIndex(0)
        const event = { actor: row.actor, ip: row.ip, action: row.auditAction, outcome: row.outcome, details: JSON.parse(row.details) }
        filter.text = ""
        filter.editingFinished()
        return event
    }

    function test_a_keyboardNavigation() {
        // The page shortcuts, and the focus starting in the page's list.
        keySequence("Ctrl+2")
        showPage("tasksPage")
        const tasks = find("taskList")
        tryVerify(() => tasks.activeFocus, 2000, "the task list has the keyboard")
        tryCompare(tasks, "count", 2)
        compare(tasks.currentIndex, 0)
        // A paused task's row still works: its "enabled" is the task's, not the row's.
        const greet = find("taskRow-greet")
        const pause = findChild(greet, "enabledSwitch")
        mouseClick(pause)
        tryVerify(() => !Backend.task(greet.taskId).enabled, 2000, "greet is paused")
        verify(greet.enabled && pause.enabled)
        mouseClick(pause)
        tryVerify(() => Backend.task(greet.taskId).enabled, 2000, "greet is resumed")
        tasks.forceActiveFocus()
        keyClick(Qt.Key_Down)
        compare(tasks.currentIndex, 1)
        shot("19-tasks-keyboard")
        const second = tasks.currentItem.name
        keyClick(Qt.Key_Up)
        compare(tasks.currentIndex, 0)
        keyClick(Qt.Key_End)
        compare(tasks.currentIndex, 1)
        keyClick(Qt.Key_Return)
        showPage("taskPage")
        compare(find("taskTitle").text, second)
        // The task's runs take the keyboard in turn; Enter opens the current one.
        const runs = find("taskRuns")
        tryVerify(() => runs.activeFocus && runs.count > 0, 5000, "the task's runs have the keyboard")
        const runId = runs.currentItem.runId
        keyClick(Qt.Key_Enter)
        showPage("runPage")
        compare(currentPage().runId, runId)

        keySequence("Ctrl+3")
        showPage("runsPage")
        const all = find("allRuns")
        tryVerify(() => all.activeFocus && all.count >= 2, 5000, "every run, with the keyboard")
        keyClick(Qt.Key_Down)
        compare(all.currentIndex, 1)
        const older = all.currentItem.runId
        keyClick(Qt.Key_Return)
        showPage("runPage")
        compare(currentPage().runId, older)

        // A click makes the row current, so the arrows go on from there.
        keySequence("Ctrl+4")
        showPage("projectsPage")
        verify(find("projectList").activeFocus)
        keySequence("Ctrl+7")
        showPage("auditPage")
        const audit = find("auditList")
        verify(audit.activeFocus)
        mouseClick(audit.itemAtIndex(2))
        compare(audit.currentIndex, 2)
        const details = find("auditDetails")
        tryCompare(details, "opened", true)
        details.close()
        tryCompare(details, "opened", false)
        keyClick(Qt.Key_Down)
        compare(audit.currentIndex, 3)
    }

    function test_b_variableScopes() {
        keySequence("Ctrl+8")
        showPage("settingsPage")
        const page = currentPage()
        verify(find("variableList").activeFocus)
        const greet = Backend.variableScopes().find(s => s.type === "task" && s.name === "greet")
        verify(greet, "the task greet is a scope")
        verify(Backend.variableScopes().find(s => s.type === "project" && s.name === "greeter"), "the project greeter is a scope")

        mouseClick(find("newVariable"))
        const editor = find("variableEditor")
        tryCompare(editor, "opened", true)
        findChild(editor.contentItem, "variableName").text = "GREETING"
        findChild(editor.contentItem, "variableValueField").text = "hello from the task"
        const scope = findChild(editor.contentItem, "variableScopeChoice")
        scope.currentIndex = page.scopes.findIndex(s => s.key === greet.key)
        verify(scope.currentIndex > 0)
        shot("20-variable-editor")
        mouseClick(findChild(editor.footer, "saveVariable"))
        tryCompare(editor, "opened", false)
        const row = find("variable-GREETING")
        compare(findChild(row, "variableScope").text, "Task greet")
        compare(Backend.variables().find(v => v.name === "GREETING").scope.id, greet.id)

        // A task-scoped secret stays masked, in the list and in the audit trail.
        mouseClick(find("newVariable"))
        tryCompare(editor, "opened", true)
        findChild(editor.contentItem, "variableName").text = "GREET_KEY"
        findChild(editor.contentItem, "variableValueField").text = "task-secret-77"
        findChild(editor.contentItem, "variableSecret").checked = true
        scope.currentIndex = page.scopes.findIndex(s => s.key === greet.key)
        mouseClick(findChild(editor.footer, "saveVariable"))
        tryCompare(editor, "opened", false)
        compare(findChild(find("variable-GREET_KEY"), "variableValue").text, "••••••")


        // The filter shows one scope.
        const filter = find("variableScopeFilter")
        const index = filter.model.findIndex(m => m.key === greet.key)
        filter.currentIndex = index
        filter.activated(index)
        tryCompare(find("variableList"), "count", 2)
        shot("21-settings-variables")
        // Opening the editor reads the scopes again (a new model); the filter still shows its scope.
        const shownScope = filter.currentText
        currentPage().openEditor({})
        tryCompare(find("variableEditor"), "opened", true)
        find("variableEditor").close()
        tryCompare(filter, "currentText", shownScope)
        compare(find("variableList").count, 2)
        filter.currentIndex = 0
        filter.activated(0)

        const created = lastAudit("envvar.create")
        compare(created.actor.indexOf("console:"), 0)
        compare(created.ip, "local")
        compare(created.details.name, "GREET_KEY")
        compare(created.details.scope.type, "task")
        verify(JSON.stringify(created.details).indexOf("task-secret-77") < 0)

        // A scope that does not exist is refused with a message, and nothing is saved.
        const refused = Backend.saveVariable(0, { name: "ORPHAN", value: "x", scope: { type: "task", id: 99999 } })
        verify(!refused.ok)
        verify(refused.message.indexOf("99999") >= 0, refused.message)
        verify(!Backend.variables().some(v => v.name === "ORPHAN"))
    }

    function test_c_condaAndRequirements() {
        // No conda here: the choice is there, switched off, with the reason.
        keySequence("Ctrl+5")
        showPage("environmentsPage")
        mouseClick(find("newEnvironment"))
        let dialog = find("createEnvironment")
        tryCompare(dialog, "opened", true)
        verify(!findChild(dialog.contentItem, "backendConda").enabled)
        verify(findChild(dialog.contentItem, "condaHint").text.indexOf("not available") >= 0)
        shot("22-environment-no-conda")
        dialog.close()
        tryCompare(dialog, "opened", false)

        // Settings → Python: a conda-like executable by its path (a bad one first).
        keySequence("Ctrl+8")
        showPage("settingsPage")
        mouseClick(find("tabPython"))
        const conda = find("condaExecutable")
        conda.text = "/nowhere/micromamba"
        mouseClick(find("condaSave"))
        verify(find("condaStatus").text !== "Saved", find("condaStatus").text)
        conda.text = fakeConda
        mouseClick(find("condaSave"))
        compare(find("condaStatus").text, "Saved")
        tryVerify(() => find("condaInUse").text.indexOf(fakeConda) >= 0)
        shot("23-settings-python")

        keySequence("Ctrl+5")
        showPage("environmentsPage")
        mouseClick(find("newEnvironment"))
        dialog = find("createEnvironment")
        tryCompare(dialog, "opened", true)
        const choice = findChild(dialog.contentItem, "backendConda")
        verify(choice.enabled)
        mouseClick(choice)
        findChild(dialog.contentItem, "environmentName").text = "conda-env"
        mouseClick(findChild(dialog.footer, "createEnvironmentSubmit"))
        // The version is required.
        verify(findChild(dialog.contentItem, "environmentError").text.indexOf("version") >= 0)
        findChild(dialog.contentItem, "condaPythonVersion").text = "3.11"
        mouseClick(findChild(dialog.footer, "createEnvironmentSubmit"))
        showPage("environmentPage")
        let page = currentPage()
        tryVerify(() => page.environment.state === "ready", 30000, "the conda environment is made")
        compare(page.environment.backend, "conda")
        tryVerify(() => page.operation && page.operation.finished, 10000)
        verify(find("operationLog").text.indexOf("creating") >= 0, find("operationLog").text)

        // A project's requirements file into the venv of test 7.
        const project = Backend.requirementsChoices().find(p => p.name === "greeter")
        verify(project, "the project greeter has files")
        verify(Backend.writeFile(project.id, "requirements.txt", "kumo-extra==1.0\n", "UTF-8").ok)
        verify(Backend.writeFile(project.id, "leaky.txt", "-r /etc/passwd\n", "UTF-8").ok)
        keySequence("Ctrl+5")
        showPage("environmentsPage")
        mouseClick(find("environmentRow-greeter-env"))
        showPage("environmentPage")
        page = currentPage()
        mouseClick(find("installFromRequirements"))
        const source = find("requirementsSource")
        source.currentIndex = source.model.findIndex(m => m.projectId === project.id)
        waitForRendering(window.contentItem) // the tab's layout, before clicking in it
        compare(find("requirementsPath").text, "requirements.txt")
        // A file that makes pip read one outside the project is refused; nothing starts.
        find("requirementsPath").text = "leaky.txt"
        mouseClick(find("installRequirements"))
        tryVerify(() => find("notice").text.indexOf("outside project") >= 0, 2000, "why leaky.txt is refused")
        compare(page.operationId, 0)
        find("requirementsPath").text = "requirements.txt"
        mouseClick(find("installRequirements"))
        verify(page.operationId > 0)
        tryVerify(() => page.operation.finished, 60000, "the requirements are installed")
        compare(page.operation.state, "succeeded")
        verify(find("operationLog").text.indexOf("Successfully installed kumo-extra-1.0") >= 0, find("operationLog").text)
        tryVerify(() => findChild(page, "package-kumo-extra") !== null, 15000, "kumo-extra is listed")
        shot("24-environment-requirements")

        // A file of this computer: a missing one is refused, a real one installs.
        source.currentIndex = source.count - 1
        waitForRendering(window.contentItem) // "Choose…" comes in
        find("requirementsPath").text = "/no/such/requirements.txt"
        const before = page.operationId
        mouseClick(find("installRequirements"))
        tryVerify(() => find("notice").text.indexOf("/no/such/requirements.txt is not a readable file") >= 0, 2000, find("notice").text)
        compare(page.operationId, before)
        find("requirementsPath").text = localRequirements
        mouseClick(find("installRequirements"))
        verify(page.operationId > before)
        tryVerify(() => page.operation.finished, 60000, "the local requirements are installed")
        compare(page.operation.state, "succeeded")

        const installed = lastAudit("environment.packages")
        compare(installed.outcome, "success")
        compare(installed.details.requirements, localRequirements)
    }

    function test_d_users() {
        keySequence("Ctrl+Shift+U")
        showPage("usersPage")
        const list = find("userList")
        verify(list.activeFocus)
        compare(list.count, 0)
        mouseClick(find("newUser"))
        const creator = find("createUser")
        tryCompare(creator, "opened", true)
        findChild(creator.contentItem, "newUsername").text = "alice"
        findChild(creator.contentItem, "newPassword").text = "short"
        mouseClick(findChild(creator.footer, "createUserSubmit"))
        verify(findChild(creator.contentItem, "createUserError").text !== "")
        compare(list.count, 0)
        findChild(creator.contentItem, "newPassword").text = "correct horse battery"
        findChild(creator.contentItem, "newRole").currentIndex = 2 // admin
        mouseClick(findChild(creator.footer, "createUserSubmit"))
        tryCompare(creator, "opened", false)
        tryCompare(list, "count", 1)
        const created = Backend.users.create("bob", "another long password", "viewer")
        verify(created.ok, created.message)
        tryCompare(list, "count", 2)

        // alice is the only admin: disabling her is refused, and her switch stays on.
        const alice = find("user-alice")
        const aliceSwitch = findChild(alice, "userEnabled")
        mouseClick(aliceSwitch)
        tryCompare(aliceSwitch, "checked", true)
        verify(!Backend.users.users.find(u => u.username === "alice").disabled)

        // bob, by the keyboard: Enter opens him; a new role and password.
        list.forceActiveFocus()
        list.currentIndex = Backend.users.users.findIndex(u => u.username === "bob")
        keyClick(Qt.Key_Return)
        const editor = find("editUserDialog")
        tryCompare(editor, "opened", true)
        findChild(editor.contentItem, "editRole").currentIndex = 1 // operator
        findChild(editor.contentItem, "editPassword").text = "a brand new password"
        mouseClick(findChild(editor.footer, "saveUser"))
        tryCompare(editor, "opened", false)
        const bob = Backend.users.users.find(u => u.username === "bob")
        compare(bob.role, "operator")
        compare(findChild(find("user-bob"), "userRole").text, "operator")
        mouseClick(findChild(find("user-bob"), "userEnabled"))
        tryVerify(() => Backend.users.users.find(u => u.username === "bob").disabled)
        shot("25-users")

        const changed = lastAudit("user.update")
        compare(changed.outcome, "success")
        compare(changed.details.fields, ["disabled"])
        // The password change is in the trail by its field name only.
        Backend.audit.action = "user.update"
        let sawPassword = false
        for (let i = 0; i < find("auditList").count; ++i) {
            const row = find("auditList").itemAtIndex(i)
            if (!row) continue
            verify(row.details.indexOf("a brand new password") < 0)
            sawPassword = sawPassword || row.details.indexOf("password") >= 0
        }
        Backend.audit.action = ""
        verify(sawPassword)
    }

    function test_e_maintenance() {
        keySequence("Ctrl+0")
        showPage("maintenancePage")
        const page = currentPage()
        verify(find("findingList").activeFocus)
        const stray = page.report.findings.find(f => f.kind === "logsWithoutRuns")
        verify(stray.count >= 1, JSON.stringify(stray))
        verify(stray.items.indexOf("logs/tasks/999999.log") >= 0, JSON.stringify(stray.items))
        // Enter shows what was found.
        const list = find("findingList")
        list.currentIndex = page.findings.findIndex(f => f.kind === "logsWithoutRuns")
        keyClick(Qt.Key_Return)
        compare(page.expanded, "logsWithoutRuns")
        shot("26-maintenance")

        verify(!Backend.maintenance.fix([]).ok)
        verify(!Backend.maintenance.fix(["everything"]).ok)
        page.chosen = { "logsWithoutRuns": true }
        mouseClick(find("fixChosen"))
        const confirm = find("confirmFix")
        tryCompare(confirm, "opened", true)
        confirm.accept()
        tryVerify(() => page.fixed !== null, 5000, "the fix is reported")
        verify(page.fixed.total >= 1)
        compare(page.report.findings.find(f => f.kind === "logsWithoutRuns").count, 0)
        verify(find("maintenanceFixed").visible)

        // Log retention: a bad value is refused with a message, a good one saved.
        verify(!Backend.maintenance.setRetention(0, 10).ok)
        find("retentionDays").value = 14
        mouseClick(find("saveRetention"))
        compare(find("retentionStatus").color, "#16a34a")
        compare(Backend.maintenance.retention().logRetentionDays, 14)
        shot("27-maintenance-fixed")

        const cleaned = lastAudit("maintenance.cleanup")
        compare(cleaned.outcome, "success")
        verify(cleaned.details.fixed.logsWithoutRuns >= 1)
    }

    // Last: after a restore the engine takes no more changes until it starts again.
    function test_z_backupAndRestore() {
        keySequence("Ctrl+9")
        showPage("backupsPage")
        const list = find("backupList")
        verify(list.activeFocus)
        compare(list.count, 0, JSON.stringify(Backend.backups.backups))
        verify(find("backupFolder").text.indexOf("backups") > 0)
        mouseClick(find("createBackup"))
        tryVerify(() => Backend.backups.backups.length === 1 && Backend.backups.backups[0].state === "ready", 30000, "the backup is written")
        const first = Backend.backups.backups[0].name

        // Deleting asks first.
        mouseClick(findChild(find("backupRow-" + first), "deleteBackup"))
        const confirmDelete = find("confirmDeleteBackup")
        tryCompare(confirmDelete, "opened", true)
        confirmDelete.accept()
        tryCompare(list, "count", 0)
        verify(!Backend.backups.remove("kumo-nope.zip").ok)

        wait(1100) // backups are named by the second
        find("backupIncludeProjects").checked = false
        mouseClick(find("createBackup"))
        tryVerify(() => Backend.backups.backups.length === 1 && Backend.backups.backups[0].state === "ready", 30000, "the second backup is written")
        const name = Backend.backups.backups[0].name
        verify(!Backend.backups.backups[0].includesProjects)
        // A task made after the backup: the restore says it goes.
        verify(Backend.createTask({ name: "after-backup", command: "true", trigger: { type: "interval", seconds: 3600 } }).ok)
        shot("28-backups")

        list.forceActiveFocus()
        list.currentIndex = 0
        keyClick(Qt.Key_Return)
        const dialog = find("restoreDialog")
        tryCompare(dialog, "opened", true)
        verify(find("restoreTasksGone").text.indexOf("after-backup") >= 0, find("restoreTasksGone").text)
        const confirm = find("confirmRestore")
        verify(!confirm.enabled)
        find("restoreTypedName").text = "kumo-wrong.zip"
        verify(!confirm.enabled)
        find("restoreTypedName").text = name
        verify(confirm.enabled)
        shot("29-restore")
        mouseClick(confirm)
        tryCompare(dialog, "opened", false)
        verify(Backend.backups.restartPending)
        verify(find("restorePending").visible)
        // The state before is kept as a backup of its own.
        tryVerify(() => Backend.backups.backups.some(b => b.kind === "pre-restore"), 5000, "the pre-restore backup is listed")
        verify(!find("createBackup").enabled)
        verify(!Backend.backups.create(true).ok)
        shot("30-restore-pending")

        const restored = lastAudit("backup.restore")
        compare(restored.outcome, "success")
        compare(restored.details.dryRun, false)
        verify(restored.details.preRestoreBackup.indexOf("pre-restore") > 0)
    }
}
