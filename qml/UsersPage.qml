// Users who may sign in to the API and browser dashboard this Kumo serves, with their roles:
// create one, change a role or password, disable or enable, delete. The console's own user is
// this computer's and needs no account: it is the local admin.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import org.kumo.console

Page {
    id: page
    objectName: "usersPage"
    title: qsTr("Users")
    padding: 16
    readonly property var users: Backend.users.users
    readonly property var roles: ["viewer", "operator", "admin"]
    property var editing: null // the user in the edit dialog
    property var deleting: null

    StackView.onActivated: list.forceActiveFocus()

    function roleLabel(role) {
        return ({ "viewer": qsTr("viewer"), "operator": qsTr("operator"), "admin": qsTr("admin") })[role] || role
    }
    function roleHint(role) {
        return ({ "viewer": qsTr("sees tasks, runs and logs"), "operator": qsTr("also runs, pauses and cancels"),
                  "admin": qsTr("also changes everything, users included") })[role] || ""
    }
    function when(text) {
        return text ? Qt.formatDateTime(new Date(text), "yyyy-MM-dd HH:mm") : qsTr("never")
    }
    /// Runs a user change, keeping the current row; shows why when it is refused.
    function apply(change) {
        const answer = list.keepCurrent(change)
        if (!answer.ok) notice.show(answer.message)
        return answer
    }
    function openEditor(user) {
        editing = user
        editor.open()
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: page.title; font.pixelSize: 20; font.bold: true; Layout.fillWidth: true }
            Label { text: qsTr("%n user(s)", "", page.users.length); opacity: 0.7 }
            Button { objectName: "newUser"; text: qsTr("New user"); highlighted: true; onClicked: creator.open() }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label {
            text: (Backend.serveUrl ? qsTr("They sign in at %1.").arg(Backend.serveUrl)
                                    : qsTr("The console serves no API now (Settings → Console), so nobody signs in with these until it does."))
                  + " " + qsTr("You need no account here: the console is this computer's admin.")
            wrapMode: Text.Wrap
            opacity: 0.7
            Layout.fillWidth: true
        }
        RowList {
            id: list
            objectName: "userList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: page.users
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("No users yet.")
                opacity: 0.7
            }
            delegate: RowDelegate {
                id: row
                required property var modelData
                objectName: "user-" + modelData.username
                onClicked: page.openEditor(modelData)
                contentItem: RowLayout {
                    spacing: 12
                    Label {
                        text: row.modelData.username
                        font.bold: true
                        font.strikeout: row.modelData.disabled
                        opacity: row.modelData.disabled ? 0.6 : 1
                        elide: Text.ElideRight
                        Layout.preferredWidth: 170
                    }
                    Label { objectName: "userRole"; text: page.roleLabel(row.modelData.role); Layout.preferredWidth: 90 }
                    Switch {
                        objectName: "userEnabled"
                        checked: !row.modelData.disabled
                        text: checked ? qsTr("can sign in") : qsTr("disabled")
                        Layout.preferredWidth: 140
                        onToggled: {
                            const answer = page.apply(() => Backend.users.setDisabled(row.modelData.id, !checked))
                            // Back to what the user store holds (an assignment would end the binding).
                            if (!answer.ok) checked = Qt.binding(() => !row.modelData.disabled)
                        }
                    }
                    Label { text: qsTr("last sign-in %1").arg(page.when(row.modelData.lastLoginAt)); opacity: 0.7; Layout.preferredWidth: 190 }
                    Label { text: qsTr("since %1").arg(page.when(row.modelData.createdAt)); opacity: 0.7; Layout.fillWidth: true; elide: Text.ElideRight }
                    Button { objectName: "editUser"; text: qsTr("Edit…"); onClicked: page.openEditor(row.modelData) }
                    ToolButton {
                        objectName: "deleteUser"
                        text: "✕"
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Delete %1").arg(row.modelData.username)
                        onClicked: { page.deleting = row.modelData; confirmDelete.open() }
                    }
                }
            }
        }
    }

    Dialog {
        id: creator
        objectName: "createUser"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 520
        title: qsTr("New user")
        onAboutToShow: { newName.text = ""; newPassword.text = ""; newRole.currentIndex = 0; createError.text = "" }
        onOpened: newName.forceActiveFocus()
        function submit() {
            const answer = page.apply(() => Backend.users.create(newName.text, newPassword.text, page.roles[newRole.currentIndex]))
            if (!answer.ok) { createError.text = answer.message; return }
            creator.close()
            notice.show(qsTr("%1 can sign in now").arg(newName.text.trim()))
        }
        footer: DialogButtonBox {
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button { objectName: "createUserSubmit"; text: qsTr("Create"); highlighted: true; onClicked: creator.submit() }
        }
        GridLayout {
            anchors.fill: parent
            columns: 2
            columnSpacing: 12
            Label { text: qsTr("Username") }
            TextField { id: newName; objectName: "newUsername"; Layout.fillWidth: true; placeholderText: "alice" }
            Label { text: qsTr("Password") }
            TextField {
                id: newPassword
                objectName: "newPassword"
                echoMode: TextInput.Password
                Layout.fillWidth: true
                placeholderText: qsTr("at least 8 characters")
                onAccepted: creator.submit()
            }
            Label { text: qsTr("Role") }
            ComboBox {
                id: newRole
                objectName: "newRole"
                Layout.fillWidth: true
                model: page.roles.map(r => page.roleLabel(r) + " — " + page.roleHint(r))
            }
            Label { id: createError; objectName: "createUserError"; color: "#dc2626"; wrapMode: Text.Wrap; visible: text !== ""; Layout.columnSpan: 2; Layout.fillWidth: true }
        }
    }

    Dialog {
        id: editor
        objectName: "editUserDialog"
        modal: true
        anchors.centerIn: Overlay.overlay
        width: 520
        title: page.editing ? qsTr("Edit %1").arg(page.editing.username) : ""
        onAboutToShow: {
            editRole.currentIndex = Math.max(0, page.roles.indexOf(page.editing.role))
            editEnabled.checked = !page.editing.disabled
            editPassword.text = ""
            editError.text = ""
        }
        onOpened: editRole.forceActiveFocus()
        function submit() {
            const changes = {}
            if (page.roles[editRole.currentIndex] !== page.editing.role) changes.role = page.roles[editRole.currentIndex]
            if (editEnabled.checked === page.editing.disabled) changes.disabled = !editEnabled.checked
            if (editPassword.text !== "") changes.password = editPassword.text
            if (Object.keys(changes).length === 0) { editor.close(); return }
            const answer = page.apply(() => Backend.users.update(page.editing.id, changes))
            if (!answer.ok) { editError.text = answer.message; return }
            editor.close()
            notice.show(qsTr("Changes to %1 are saved").arg(page.editing.username))
        }
        footer: DialogButtonBox {
            Button { text: qsTr("Cancel"); DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button { objectName: "saveUser"; text: qsTr("Save"); highlighted: true; onClicked: editor.submit() }
        }
        GridLayout {
            anchors.fill: parent
            columns: 2
            columnSpacing: 12
            Label { text: qsTr("Role") }
            ComboBox {
                id: editRole
                objectName: "editRole"
                Layout.fillWidth: true
                model: page.roles.map(r => page.roleLabel(r) + " — " + page.roleHint(r))
            }
            Label { text: qsTr("Can sign in") }
            Switch { id: editEnabled; objectName: "editEnabled" }
            Label { text: qsTr("New password") }
            TextField {
                id: editPassword
                objectName: "editPassword"
                echoMode: TextInput.Password
                Layout.fillWidth: true
                placeholderText: qsTr("leave blank to keep")
                onAccepted: editor.submit()
            }
            Label {
                text: qsTr("A new password or disabling signs the user out everywhere at once.")
                opacity: 0.7
                wrapMode: Text.Wrap
                Layout.columnSpan: 2
                Layout.fillWidth: true
            }
            Label { id: editError; objectName: "editUserError"; color: "#dc2626"; wrapMode: Text.Wrap; visible: text !== ""; Layout.columnSpan: 2; Layout.fillWidth: true }
        }
    }

    Dialog {
        id: confirmDelete
        objectName: "confirmDeleteUser"
        modal: true
        anchors.centerIn: Overlay.overlay
        title: page.deleting ? qsTr("Delete %1?").arg(page.deleting.username) : ""
        standardButtons: Dialog.Cancel | Dialog.Ok
        Label { text: qsTr("The user can no longer sign in; their sessions and API tokens end.") }
        onAccepted: page.apply(() => Backend.users.remove(page.deleting.id))
    }

    Notice { id: notice }
}
