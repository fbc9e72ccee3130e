// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;
struct UserResult;

/// The users page's side of the engine: who may sign in to the API and dashboard this engine
/// serves, with their roles. The console's own user is the machine's, an admin by nature, so
/// the page is the admins' user page of the dashboard. Passwords are hashed by the user store
/// and never audited; the last enabled admin cannot be removed, disabled or demoted.
class UserBackend : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.users")
    /// Every user: {id, username, role, disabled, createdAt, updatedAt, lastLoginAt}.
    Q_PROPERTY(QVariantList users READ users NOTIFY usersChanged)
public:
    explicit UserBackend(Engine &engine, QObject *parent = nullptr);

    [[nodiscard]] QVariantList users() const { return m_users; }

    /// @p role: viewer, operator or admin. {ok, id} or {ok: false, message, errors}.
    Q_INVOKABLE QVariantMap create(const QString &username, const QString &password, const QString &role);
    /// Changes any of {role, disabled, password} as the API's PATCH does (a new password or
    /// disabling ends the user's sessions at once); audited with the field names only.
    Q_INVOKABLE QVariantMap update(qint64 id, const QVariantMap &changes);
    Q_INVOKABLE QVariantMap setDisabled(qint64 id, bool disabled)
    {
        return update(id, { { QStringLiteral("disabled"), disabled } });
    }
    Q_INVOKABLE QVariantMap remove(qint64 id);
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void usersChanged();

private:
    [[nodiscard]] QVariantMap answer(const UserResult &result);

    Engine &m_engine;
    QVariantList m_users;
};

} // namespace Kumo
